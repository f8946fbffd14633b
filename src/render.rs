//! Renders the planned documents on all cores, in pack order.
//!
//! Documents are compiled on worker threads that share one engine; each is
//! handed on in plan order as soon as it and those before it are done, so
//! PDFs stream into the pack while the next ones compile, and memory stays
//! flat however long the roster is. Typst's cache is evicted as documents
//! are written so that it does not grow with the roster.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::thread;

use typst::foundations::Bytes;
use typst_pdf::PdfStandard;

use crate::engine::{self, Compiled, Engine, Job};
use crate::error::Error;
use crate::plan::{Document, Plan};

/// Metadata labels the templates may set (`<carnet-NAME>`).
const METADATA: [&str; 2] = ["padding", "unfit"];

/// Every document is archival (PDF/A-2a: tagged, Unicode text) where Typst
/// allows, PDF/A-2b where only that is possible, plain PDF otherwise.
const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::A_2b];

/// A rendered document.
pub struct Rendered<'p> {
    /// The planned document.
    pub document: &'p Document,
    /// Its PDF and what Typst said about it.
    pub output: Compiled,
}

/// Renders every document of the plan on `jobs` threads, handing each to
/// `sink` in plan order on the calling thread as soon as it and those before
/// it are done. Workers run at most a few documents ahead of the sink, so
/// memory stays flat whatever the length of the plan.
pub fn render_all<'p>(
    engine: &Engine,
    plan: &'p Plan,
    jobs: usize,
    mut sink: impl FnMut(Rendered<'p>) -> Result<(), Error>,
) -> Result<(), Error> {
    let documents = &plan.documents;
    let window = jobs * 4;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    let (sender, receiver) = mpsc::channel::<(usize, Result<Rendered<'p>, Error>)>();

    thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let sender = sender.clone();
            let (next, stop, written) = (&next, &stop, &written);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= documents.len() || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    // Stay within `window` documents of the sink.
                    let (lock, ready) = written;
                    let mut done = lock.lock().expect("render window");
                    while index >= *done + window && !stop.load(Ordering::SeqCst) {
                        done = ready.wait(done).expect("render window");
                    }
                    drop(done);
                    let result = render_one(engine, &documents[index]);
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        let mut pending = BTreeMap::new();
        let mut expected = 0;
        let mut outcome = Ok(());
        for (index, result) in receiver {
            if outcome.is_err() {
                continue;
            }
            pending.insert(index, result);
            while let Some(result) = pending.remove(&expected) {
                outcome = result.and_then(&mut sink);
                expected += 1;
                let (lock, ready) = &written;
                *lock.lock().expect("render window") = expected;
                ready.notify_all();
                if expected % window == 0 {
                    comemo::evict(10);
                }
                if outcome.is_err() {
                    stop.store(true, Ordering::SeqCst);
                    ready.notify_all();
                    break;
                }
            }
        }
        comemo::evict(10);
        outcome
    })
}

/// The same PDF with its objects packed into compressed object streams.
///
/// Typst writes each object (and a tagged PDF has hundreds of structure
/// elements) as plain text; packing them makes a booklet about a third
/// smaller. PDF/A-2 allows object streams. Should the PDF not be readable
/// here, it is kept as it is.
fn compact(pdf: Vec<u8>) -> Vec<u8> {
    let Ok(mut document) = lopdf::Document::load_mem(&pdf) else {
        return pdf;
    };
    let mut packed = Vec::with_capacity(pdf.len());
    match document.save_modern(&mut packed) {
        Ok(()) if packed.len() < pdf.len() => packed,
        _ => pdf,
    }
}

/// The compile job of a planned document.
pub fn job(document: &Document) -> Job<'_> {
    let data = serde_json::to_vec(&document.data).expect("plan data is JSON");
    Job {
        template: document.template,
        data: Bytes::new(data),
        extra: document
            .extra
            .iter()
            .map(|(path, bytes)| (engine::file_id(path), Bytes::new(bytes.clone())))
            .collect(),
        ident: document.file.clone(),
        standards: &ARCHIVAL,
    }
}

/// Renders one document.
pub fn render_one<'p>(engine: &Engine, document: &'p Document) -> Result<Rendered<'p>, Error> {
    let mut output = engine
        .compile(&job(document), &METADATA)
        .map_err(|err| match err {
            Error::Template(text) => {
                Error::Template(format!("{text}\n  (while making {})", document.file))
            }
            other => other,
        })?;
    output.pdf = compact(output.pdf);
    Ok(Rendered { document, output })
}
