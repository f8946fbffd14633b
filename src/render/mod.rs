//! Renders the planned documents on all cores, in pack order.
//!
//! Documents are compiled on worker threads that share one engine; each is
//! handed on in plan order as soon as it and those before it are done, so
//! PDFs stream into the pack while the next ones compile, and memory stays
//! flat however long the roster is. Typst's cache is evicted as documents
//! are written so that it does not grow with the roster.

pub mod engine;
pub mod glyphs;
mod slices;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, mpsc};
use std::thread;

use typst::foundations::Bytes;
use typst_pdf::PdfStandard;

use crate::error::Error;
use crate::plan::{Document, Kind, Plan, Slice};
use carnet_pdf::Unsupported;
use carnet_pdf::concat::Spooled;
use carnet_pdf::impose::BodyPdf;
use carnet_pdf::join::Body;
use engine::{Compiled, Engine, Job};
use slices::{Joining, Sliced};

/// Metadata labels the templates may set (`<carnet-NAME>`).
const METADATA: [&str; 5] = [
    "padding",
    "unfit",
    "layout",
    slices::VISITOR_LIST,
    slices::SESSION,
];

/// Typst's cache is evicted once every this many documents written, and
/// keeps what was used since the eviction before the last (`evict(1)`):
/// what no document used in the last 2 to 4 goes.
///
/// An eviction walks the whole cache and holds its locks, so the threads
/// that compile wait for it: evicted after every document (keeping 3
/// documents' worth), 1,000 people spent 1.05 s in it and 10,000 people
/// 9.0 s. Every second document, 1,000 people build in 11.0 s instead of
/// 11.8 s (the mean of four alternated runs) and peak at 104 MB instead of
/// 107 MB, and 10,000 people in 107.6 s instead of 113.2 s, at 131 MB
/// instead of 133 MB (`/usr/bin/time -f "%e %M" carnet build`). Every
/// fourth document is faster still but peaks 7 MB higher; evicting all
/// that the last was not using every eighth document makes Typst lay
/// things out again and is slower.
const EVICT_EVERY: usize = 2;

/// Metadata labels of a booklet made of a front and a body (see
/// [`carnet_pdf::join`]).
const BOOKLET_METADATA: [&str; 4] = ["padding", "unfit", "booklet", "name-slot"];

/// Every document is archival (PDF/A-2a: tagged, Unicode text) where Typst
/// allows, PDF/A-2b where only that is possible, plain PDF otherwise.
const ARCHIVAL: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::A_2b];

/// A rendered document.
pub struct Rendered<'p> {
    /// The planned document (a booklet's is made when it is rendered).
    pub document: Cow<'p, Document<'p>>,
    /// Its PDF.
    pub pdf: Pdf,
    /// Its number of pages.
    pub pages: usize,
    /// The PDF standard it meets, if any.
    pub standard: Option<&'static str>,
    /// Typst's warnings, rendered as text.
    pub warnings: Vec<String>,
    /// The document's metadata values by label (see [`Engine::compile`]).
    pub metadata: HashMap<String, Vec<serde_json::Value>>,
    /// For a booklet joined from a front and a body, both, which the print
    /// files take (see [`crate::pack::PrintFiles::add`]).
    pub joined: Option<Joined>,
}

impl<'p> Rendered<'p> {
    fn new(document: Cow<'p, Document<'p>>, output: Compiled, joined: Option<Joined>) -> Self {
        Self {
            document,
            pdf: Pdf::Bytes(output.pdf),
            pages: output.pages,
            standard: output.standard,
            warnings: output.warnings,
            metadata: output.metadata,
            joined,
        }
    }
}

/// A rendered PDF: in memory, or, for a long document joined from slices,
/// in a temporary file, so that memory does not grow with its length.
#[derive(Debug)]
pub enum Pdf {
    /// The PDF's bytes.
    Bytes(Vec<u8>),
    /// The PDF in a temporary file.
    Spooled(Spooled),
}

impl Pdf {
    /// The PDF's bytes, read from its file if it has one.
    pub fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Self::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Self::Spooled(spooled) => Ok(Cow::Owned(spooled.read()?)),
        }
    }

    /// The PDF's bytes, read from its file if it has one.
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Bytes(bytes) => Ok(bytes),
            Self::Spooled(spooled) => spooled.read(),
        }
    }
}

/// A booklet joined from a front and a body.
pub struct Joined {
    /// The body it shares with other booklets.
    pub body: Arc<BodyPdf>,
    /// Its front, the name pages last, as read to make the booklet.
    pub front: lopdf::Document,
}

/// Renders every document of the plan on `jobs` threads, handing each to
/// `sink` in plan order on the calling thread as soon as it and those before
/// it are done. Long documents are made in the slices the plan cut them
/// into (see [`Slice`]): the threads make them like documents and the
/// calling thread joins them as they come.
/// Workers run at most a few items ahead of the sink, so memory stays flat
/// whatever the length of the plan.
pub fn render_all<'p>(
    engine: &Engine,
    plan: &'p Plan,
    jobs: usize,
    mut sink: impl FnMut(Rendered<'p>) -> Result<(), Error>,
) -> Result<(), Error> {
    let renderer = Renderer::new(engine);
    // Each slice's data is made when the slice is, so that it is not all
    // held at once.
    let sliced: Vec<Sliced> = plan.documents.iter().filter_map(Sliced::new).collect();
    let mut sliced = sliced.iter().peekable();
    let mut items: Vec<Item<'_, 'p>> = Vec::with_capacity(plan.len() + 1);
    // The booklets' body first: every booklet waits for it.
    if !plan.booklets.is_empty() {
        items.push(Item::Prepare);
    }
    for document in &plan.documents {
        match sliced.next_if(|sliced| std::ptr::eq(sliced.document, document)) {
            Some(sliced) => {
                let count = sliced.slices().len();
                items.extend(sliced.slices().iter().enumerate().map(|(index, slice)| {
                    Item::Slice {
                        sliced,
                        slice,
                        last: index + 1 == count,
                    }
                }));
            }
            None => items.push(Item::Whole(document)),
        }
    }
    items.extend((0..plan.booklets.len()).map(Item::Booklet));
    let items = &items;
    let window = jobs * 4;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    let (sender, receiver) = mpsc::channel::<(usize, Result<Made<'p>, Error>)>();

    // The workers are the threads of a pool of their own, which Typst's
    // parallel layout and export then run on too: each thread works on
    // its document and helps the other when idle, instead of handing the
    // pages to more threads and waiting for them.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|index| format!("carnet-render-{index}"))
        .build()
        .map_err(|error| {
            Error::Usage(format!(
                "cannot start {jobs} threads ({error}); ask for fewer with --jobs"
            ))
        })?;

    thread::scope(|scope| {
        let (next, stop, written, renderer) = (&next, &stop, &written, &renderer);
        let pool = &pool;
        // One loop on each thread of the pool.
        scope.spawn(move || {
            pool.broadcast(|_| {
                let sender = sender.clone();
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= items.len() || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    // Stay within `window` items of the sink; a booklet
                    // waits for the body to be prepared (the first item),
                    // so that every booklet is made on the same body.
                    let (lock, ready) = written;
                    let mut done = lock.lock().expect("render window");
                    let booklet = matches!(items[index], Item::Booklet(_));
                    while (index >= *done + window || booklet && *done == 0)
                        && !stop.load(Ordering::SeqCst)
                    {
                        done = ready.wait(done).expect("render window");
                    }
                    drop(done);
                    let result = match &items[index] {
                        Item::Prepare => renderer.prepare(&plan.booklet(0)).map(|()| Made::Nothing),
                        Item::Whole(document) => renderer
                            .render(document)
                            .map(|rendered| Made::Whole(Box::new(rendered))),
                        Item::Booklet(index) => renderer
                            .render_booklet(plan.booklet(*index))
                            .map(|rendered| Made::Whole(Box::new(rendered))),
                        Item::Slice { sliced, slice, .. } => {
                            let document = sliced.document;
                            let made = renderer.engine.compile(&sliced.job(slice), &METADATA);
                            // What Typst remembers of a slice is of little
                            // use to the next one and weighs a lot.
                            comemo::evict(1);
                            made.map(Made::Slice)
                                .map_err(|err| in_document(err, document))
                        }
                    };
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
            // The last sender goes: the sink's loop ends.
            drop(sender);
        });

        let mut pending = BTreeMap::new();
        let mut expected = 0;
        let mut outcome = Ok(());
        let mut joining: Option<Joining> = None;
        for (index, result) in receiver {
            if outcome.is_err() {
                continue;
            }
            pending.insert(index, result);
            while let Some(result) = pending.remove(&expected) {
                outcome = result.and_then(|made| match (made, &items[expected]) {
                    (Made::Nothing, _) => Ok(()),
                    (Made::Whole(rendered), _) => sink(*rendered),
                    (
                        Made::Slice(output),
                        Item::Slice {
                            sliced,
                            slice,
                            last,
                        },
                    ) => {
                        let join = match &mut joining {
                            Some(join) => join,
                            None => joining.insert(Joining::new(sliced.document)?),
                        };
                        join.add(output, slice)?;
                        if !*last {
                            return Ok(());
                        }
                        let joined = joining.take().expect("slices being joined");
                        sink(joined.finish(renderer, sliced.document)?)
                    }
                    (Made::Slice(_), _) => unreachable!("a slice is made for a slice"),
                });
                expected += 1;
                let (lock, ready) = &written;
                *lock.lock().expect("render window") = expected;
                ready.notify_all();
                // Typst's cache keeps what the next documents use again
                // (the carnet, the fonts): what was not used by the last
                // few goes.
                if expected.is_multiple_of(EVICT_EVERY) {
                    comemo::evict(1);
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

/// What the threads make: a document, or a slice of a long one.
enum Item<'c, 'p> {
    /// The booklets' body, made first from the first booklet's front.
    Prepare,
    Whole(&'p Document<'p>),
    /// The booklet of the plan's participant at this index.
    Booklet(usize),
    /// A slice of a long document; the last one ends it.
    Slice {
        sliced: &'c Sliced<'p>,
        slice: &'p Slice,
        last: bool,
    },
}

/// What an [`Item`] gives.
enum Made<'p> {
    /// Nothing for the sink (see [`Item::Prepare`]).
    Nothing,
    Whole(Box<Rendered<'p>>),
    Slice(Compiled),
}

/// A temporary file (of a long document, the manifest…) could not be
/// written or read back.
pub(crate) fn spool_error(error: std::io::Error) -> Error {
    Error::io(&std::env::temp_dir(), error)
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
pub fn job<'d>(document: &'d Document<'_>) -> Job<'d> {
    job_with(
        document,
        document.data.json().into_owned(),
        document.data.files(),
    )
}

/// The compile job of a planned document with this data and these files
/// beside it (QR codes), by their path.
fn job_with<'d>(
    document: &'d Document<'_>,
    data: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
) -> Job<'d> {
    Job {
        template: document.template,
        data: Bytes::new(data),
        extra: files
            .into_iter()
            .map(|(path, bytes)| (engine::file_id(&path), Bytes::new(bytes)))
            .collect(),
        ident: document.file.clone(),
        standards: &ARCHIVAL,
        inputs: Vec::new(),
    }
}

/// Renders documents, booklets as a front and a body where the template
/// allows.
///
/// A booklet's body is the same for every participant: it is laid out and
/// exported once (once for each length of the front, which is usually the
/// same for all), and each booklet is the participant's front put before
/// it (see [`carnet_pdf::join`]). A template that does not make a front
/// and a body, or whose front and body cannot be joined, has its booklets
/// made whole, as any other document.
pub struct Renderer<'e> {
    engine: &'e Engine,
    /// Whether the booklet template makes a front and a body; known after
    /// the first front.
    joins: OnceLock<bool>,
    /// The body for each length of the front.
    bodies: Mutex<HashMap<usize, Arc<BodyCell>>>,
    /// The front made to prepare the body, by its booklet's file, until
    /// that booklet takes it.
    prepared: Mutex<Option<(String, Compiled)>>,
    /// A front of no participant's, whose glyphs (those of the texts every
    /// front shows) the bodies' faces take in (see [`Body::new`]): made of
    /// no one's data, so that a booklet's bytes do not change with
    /// another participant's.
    seed: OnceLock<Vec<u8>>,
}

/// A body, once made.
type BodyCell = OnceLock<Result<CompiledBody, Unsupported>>;

/// A booklet body and what Typst said of it.
struct CompiledBody {
    body: Body,
    print: Arc<BodyPdf>,
    standard: Option<&'static str>,
    warnings: Vec<String>,
    padding: Vec<serde_json::Value>,
}

impl<'e> Renderer<'e> {
    /// A renderer on this engine.
    pub fn new(engine: &'e Engine) -> Self {
        Self {
            engine,
            joins: OnceLock::new(),
            bodies: Mutex::new(HashMap::new()),
            prepared: Mutex::new(None),
            seed: OnceLock::new(),
        }
    }

    /// Renders a booklet of the plan (see [`Plan::booklet`]).
    pub fn render_booklet<'p>(&self, document: Document<'p>) -> Result<Rendered<'p>, Error> {
        let (output, joined) = self.booklet(&document)?;
        Ok(Rendered::new(Cow::Owned(document), output, joined))
    }

    /// Renders one document.
    pub fn render<'p>(&self, document: &'p Document) -> Result<Rendered<'p>, Error> {
        if let Some(sliced) = Sliced::new(document) {
            return self.in_slices(&sliced);
        }
        let (output, joined) = match &document.kind {
            Kind::Booklet(_) => self.booklet(document)?,
            _ => (self.whole(document)?, None),
        };
        Ok(Rendered::new(Cow::Borrowed(document), output, joined))
    }

    /// A document compiled whole.
    fn whole(&self, document: &Document) -> Result<Compiled, Error> {
        let mut output = self
            .engine
            .compile(&job(document), &METADATA)
            .map_err(|err| in_document(err, document))?;
        output.pdf = compact(output.pdf);
        Ok(output)
    }

    /// A document compiled whole where it was to be made of pieces, with a
    /// note for the report: it `costs` more, and `why`.
    fn whole_because(
        &self,
        document: &Document,
        costs: &str,
        why: String,
    ) -> Result<Compiled, Error> {
        let mut output = self.whole(document)?;
        output.warnings.push(whole_note(costs, &why));
        Ok(output)
    }

    /// A long document made slice by slice and joined.
    fn in_slices<'p>(&self, sliced: &Sliced<'p>) -> Result<Rendered<'p>, Error> {
        let mut joining = Joining::new(sliced.document)?;
        for slice in sliced.slices() {
            let output = self
                .engine
                .compile(&sliced.job(slice), &METADATA)
                .map_err(|err| in_document(err, sliced.document))?;
            comemo::evict(1);
            joining.add(output, slice)?;
        }
        joining.finish(self, sliced.document)
    }

    /// A booklet: its front put before the body, or made whole.
    fn booklet(&self, document: &Document) -> Result<(Compiled, Option<Joined>), Error> {
        if self.joins.get() == Some(&false) {
            let output = self.whole_because(document, "is slower", NOT_JOINED.into())?;
            return Ok((output, None));
        }
        let prepared = self
            .prepared
            .lock()
            .expect("prepared front")
            .take_if(|(file, _)| *file == document.file);
        let (front, is_front) = match prepared {
            Some((_, front)) => (front, true),
            None => self.front(document)?,
        };
        if !is_front {
            // A template without a front and a body made the whole booklet.
            let mut front = front;
            front.pdf = compact(front.pdf);
            front.warnings.push(whole_note("is slower", NOT_JOINED));
            return Ok((front, None));
        }

        let front_pages = front.pages.saturating_sub(2);
        let cell = self.body(front_pages)?;
        let whole = |why: String| Ok((self.whole_because(document, "is slower", why)?, None));
        let body = match cell.get().expect("the body is made") {
            Ok(body) if body.standard == front.standard => body,
            Ok(_) => return whole("its front and body meet different PDF standards".into()),
            Err(why) => return whole(why.to_string()),
        };
        let (pdf, front_doc) = match body.body.assemble(&front.pdf) {
            Ok(assembled) => assembled,
            Err(why) => return whole(why.to_string()),
        };
        let mut warnings = front.warnings;
        warnings.extend(body.warnings.iter().cloned());
        let mut metadata = front.metadata;
        metadata.insert("padding".into(), body.padding.clone());
        let output = Compiled {
            pdf,
            pages: front_pages + body.body.pages(),
            standard: front.standard,
            warnings,
            metadata,
        };
        let joined = Joined {
            body: body.print.clone(),
            front: front_doc,
        };
        Ok((output, Some(joined)))
    }

    /// A booklet's front, and whether the template made one (and not the
    /// whole booklet).
    fn front(&self, document: &Document) -> Result<(Compiled, bool), Error> {
        let mut front_job = job(document);
        front_job.inputs = vec![("booklet".into(), "front".into())];
        let front = self
            .engine
            .compile(&front_job, &BOOKLET_METADATA)
            .map_err(|err| in_document(err, document))?;
        let is_front = front.metadata.get("booklet").and_then(|v| v.first())
            == Some(&serde_json::Value::from("front"));
        self.joins.get_or_init(|| is_front);
        Ok((front, is_front))
    }

    /// Makes the body behind this booklet's front before the booklet is
    /// rendered, so that no thread waits for it then; the booklet takes
    /// the front made here.
    fn prepare(&self, document: &Document) -> Result<(), Error> {
        if self.joins.get() == Some(&false) {
            return Ok(());
        }
        let (front, true) = self.front(document)? else {
            return Ok(());
        };
        let seed = Job {
            template: crate::plan::BOOKLET,
            data: Bytes::new(b"{}".to_vec()),
            extra: Vec::new(),
            ident: "booklet seed".into(),
            standards: &ARCHIVAL,
            inputs: vec![("booklet".into(), "front".into())],
        };
        // Should it not be made, the bodies do without it; the booklets'
        // own fronts say what is wrong.
        if let Ok(seed) = self.engine.compile(&seed, &BOOKLET_METADATA) {
            let _ = self.seed.set(seed.pdf);
        }
        self.body(front.pages.saturating_sub(2))?;
        *self.prepared.lock().expect("prepared front") = Some((document.file.clone(), front));
        Ok(())
    }

    /// The body behind a front of `front_pages` pages, made on first use.
    fn body(&self, front_pages: usize) -> Result<Arc<BodyCell>, Error> {
        let cell = self
            .bodies
            .lock()
            .expect("booklet bodies")
            .entry(front_pages)
            .or_default()
            .clone();
        let mut error = None;
        cell.get_or_init(|| {
            let job = Job {
                template: crate::plan::BOOKLET,
                data: Bytes::new(b"{}".to_vec()),
                extra: Vec::new(),
                ident: format!("booklet body {front_pages}"),
                standards: &ARCHIVAL,
                inputs: vec![
                    ("front".into(), front_pages.to_string()),
                    ("booklet".into(), "body".into()),
                ],
            };
            let compiled = match self.engine.compile(&job, &BOOKLET_METADATA) {
                Ok(compiled) => compiled,
                Err(err) => {
                    error = Some(err);
                    return Err(Unsupported("the body cannot be made".into()));
                }
            };
            let slots: Vec<usize> = compiled.metadata["name-slot"]
                .iter()
                .filter_map(|v| v.as_u64())
                .map(|v| v as usize)
                .collect();
            let seed = self.seed.get().map(Vec::as_slice);
            let body = Body::new(&compiled.pdf, front_pages, &slots, seed)?;
            let name_slots = (0..body.pages())
                .map(|index| {
                    let number = front_pages + index + 1;
                    slots.contains(&number).then_some(number % 2 == 1)
                })
                .collect();
            let print = Arc::new(BodyPdf {
                key: front_pages,
                pdf: compiled.pdf,
                name_slots,
            });
            Ok(CompiledBody {
                body,
                print,
                standard: compiled.standard,
                warnings: compiled.warnings,
                padding: compiled.metadata["padding"].clone(),
            })
        });
        match error {
            Some(Error::Template(text)) => Err(Error::Template(format!(
                "{text}\n  (while making the booklets' common pages)"
            ))),
            Some(other) => Err(other),
            None => Ok(cell),
        }
    }
}

/// The report's note on a document made whole: listed once with the
/// documents it concerns.
fn whole_note(costs: &str, why: &str) -> String {
    format!("note: laid out whole, which {costs}: {why}")
}

/// Why booklets are made whole when their template ignores `booklet`.
const NOT_JOINED: &str = "the booklet template does not make a front and a body \
     (sys.inputs.booklet, see templates/booklet.typ)";

/// Names the document an error of its template arose in.
fn in_document(err: Error, document: &Document) -> Error {
    match err {
        Error::Template(text) => {
            Error::Template(format!("{text}\n  (while making {})", document.file))
        }
        other => other,
    }
}
