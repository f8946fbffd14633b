//! Renders the planned documents on all cores, in pack order.
//!
//! Documents are compiled in parallel in small batches; each batch is handed
//! on in plan order as soon as it is done, so PDFs stream into the pack and
//! memory stays flat however long the roster is. Typst's cache is evicted
//! after each batch so that it does not grow with the roster.

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::engine::{self, Compiled, Engine, Job};
use crate::error::Error;
use crate::plan::{Document, Plan};

/// Metadata labels the templates may set (`<carnet-NAME>`).
const METADATA: [&str; 2] = ["padding", "unfit"];

/// A rendered document.
pub struct Rendered<'p> {
    /// The planned document.
    pub document: &'p Document,
    /// Its PDF and what Typst said about it.
    pub output: Compiled,
}

/// Renders every document of the plan, handing each to `sink` in plan order.
pub fn render_all<'p>(
    engine: &Engine,
    plan: &'p Plan,
    jobs: usize,
    mut sink: impl FnMut(Rendered<'p>) -> Result<(), Error>,
) -> Result<(), Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|err| Error::Usage(format!("cannot start {jobs} threads: {err}")))?;
    let batch = jobs * 4;
    for documents in plan.documents.chunks(batch) {
        let results: Vec<Result<Rendered<'p>, Error>> = pool.install(|| {
            documents
                .par_iter()
                .map(|document| render_one(engine, document))
                .collect()
        });
        for result in results {
            sink(result?)?;
        }
        comemo::evict(10);
    }
    Ok(())
}

/// Renders one document.
pub fn render_one<'p>(engine: &Engine, document: &'p Document) -> Result<Rendered<'p>, Error> {
    let data = serde_json::to_vec(&document.data).expect("plan data is JSON");
    let job = Job {
        template: document.template,
        data: Bytes::new(data),
        extra: document
            .extra
            .iter()
            .map(|(path, bytes)| (engine::file_id(path), Bytes::new(bytes.clone())))
            .collect(),
        ident: document.file.clone(),
        standards: typst_pdf::PdfStandards::default(),
    };
    let output = engine.compile(&job, &METADATA).map_err(|err| match err {
        Error::Template(text) => {
            Error::Template(format!("{text}\n  (while making {})", document.file))
        }
        other => other,
    })?;
    Ok(Rendered { document, output })
}
