//! Typst as a library: one shared [`Engine`] for every compile.
//!
//! The engine holds what is the same for every document — the standard
//! library with constant `sys.inputs`, the fonts, the parsed templates and the
//! project's files — and is shared by all threads. Each compile sees it
//! through a `DocWorld` that adds the document's own data as a virtual JSON
//! file at [`DATA_PATH`]. The library never changes between documents, so
//! Typst's memoisation reuses the layout of everything that does not depend
//! on the participant.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Label, Selector, Smart};
use typst::introspection::Introspector;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::{Library, LibraryExt, World};
use typst_kit::diagnostics::{DiagnosticFormat, DiagnosticWorld, termcolor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::Error;
use crate::load::project::Project;

/// Where templates find their document's data; constant for every compile.
pub const DATA_PATH: &str = "/.carnet/data.json";

/// `sys.inputs` besides the data path, as key and value.
type Inputs = Vec<(String, String)>;

/// What every compile shares: library, fonts, files, parsed sources.
pub struct Engine {
    /// The standard library for each set of `sys.inputs` asked for; the one
    /// with the data path only is made first.
    libraries: Mutex<HashMap<Inputs, Arc<LazyHash<Library>>>>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    files: HashMap<FileId, Bytes>,
    names: HashMap<FileId, String>,
    sources: Mutex<HashMap<FileId, Source>>,
    data_id: FileId,
    timestamp: Datetime,
}

/// A compiled document.
pub struct Compiled {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// The PDF standard the file meets, if any.
    pub standard: Option<&'static str>,
    /// Typst's warnings, rendered as text.
    pub warnings: Vec<String>,
    /// The document's metadata values by label, in document order (see
    /// [`Engine::compile`]).
    pub metadata: HashMap<String, Vec<serde_json::Value>>,
}

/// A template and the data of one document.
pub struct Job<'a> {
    /// The template, e.g. `templates/booklet.typ`.
    pub template: &'a str,
    /// The document's data (JSON), served at [`DATA_PATH`].
    pub data: Bytes,
    /// More virtual files for this document only (e.g. QR code images).
    pub extra: Vec<(FileId, Bytes)>,
    /// Identifies the document in the PDF (stable across builds).
    pub ident: String,
    /// PDF standards to try, best first; plain PDF when none can be met.
    pub standards: &'a [PdfStandard],
    /// More `sys.inputs` than the data path, e.g. `booklet=front`.
    /// Each distinct set is a library of its own: keep them few and the
    /// same from one document to the next, or Typst's memoisation is lost.
    pub inputs: Vec<(String, String)>,
}

impl Engine {
    /// Loads fonts and files of a project once.
    pub fn new(project: &Project, pdf_date: Datetime) -> Result<Self, Error> {
        let mut fonts = Vec::new();
        for (path, file) in project.fonts() {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(file.bytes.clone())));
            if fonts.len() == before {
                return Err(Error::Input {
                    file: project.display(path),
                    message: "this file is not a font Typst can read".into(),
                    hint: "put only TrueType or OpenType fonts (.ttf, .otf) in fonts/".into(),
                });
            }
        }
        let book = FontBook::from_fonts(&fonts);

        let mut files = HashMap::new();
        let mut names = HashMap::new();
        for (path, file) in &project.files {
            let id = file_id(&format!("/{path}"));
            files.insert(id, Bytes::new(file.bytes.clone()));
            names.insert(id, project.display(path));
        }

        Ok(Self {
            libraries: Mutex::new(HashMap::new()),
            book: LazyHash::new(book),
            fonts,
            files,
            names,
            sources: Mutex::new(HashMap::new()),
            data_id: file_id(DATA_PATH),
            timestamp: pdf_date,
        })
    }

    /// The library with these `sys.inputs` besides the data path.
    fn library(&self, more: &[(String, String)]) -> Arc<LazyHash<Library>> {
        let mut libraries = self.libraries.lock().expect("libraries");
        libraries
            .entry(more.to_vec())
            .or_insert_with(|| {
                let mut inputs = Dict::new();
                inputs.insert("data".into(), DATA_PATH.into_value());
                for (key, value) in more {
                    inputs.insert(key.as_str().into(), value.as_str().into_value());
                }
                Arc::new(LazyHash::new(
                    Library::builder().with_inputs(inputs).build(),
                ))
            })
            .clone()
    }

    /// The fonts, for glyph coverage checks.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }

    /// Lays a document out: its pages, and Typst's warnings as text.
    pub fn layout(&self, job: &Job) -> Result<(PagedDocument, Vec<String>), Error> {
        let world = DocWorld {
            engine: self,
            library: self.library(&job.inputs),
            main: file_id(&format!("/{}", job.template)),
            job,
        };
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings = warnings
            .iter()
            .map(|w| world.render(std::slice::from_ref(w)))
            .collect();
        let document = output.map_err(|errors| Error::Template(world.render(&errors)))?;
        Ok((document, warnings))
    }

    /// Compiles a template with a document's data into a PDF.
    ///
    /// Values that the template exposes as `#metadata(v) <carnet-NAME>` are
    /// returned in [`Compiled::metadata`] under `NAME`, for the `names` asked
    /// (a label may stand on several elements).
    pub fn compile(&self, job: &Job, names: &[&str]) -> Result<Compiled, Error> {
        let world = DocWorld {
            engine: self,
            library: self.library(&job.inputs),
            main: file_id(&format!("/{}", job.template)),
            job,
        };
        let (document, warnings) = self.layout(job)?;

        let mut metadata = HashMap::new();
        for name in names {
            let Some(label) = Label::new(PicoStr::intern(&format!("carnet-{name}"))) else {
                continue;
            };
            let values: Vec<serde_json::Value> = document
                .introspector()
                .query(&Selector::Label(label))
                .iter()
                .filter_map(|content| content.get_by_name("value").ok())
                .filter_map(|value| serde_json::to_value(&value).ok())
                .collect();
            metadata.insert((*name).to_owned(), values);
        }

        // The first standard the document can meet; plain PDF otherwise.
        let mut failures = Vec::new();
        for standard in job.standards.iter().map(Some).chain([None]) {
            let standards = match standard {
                Some(standard) => PdfStandards::new(&[*standard]).expect("a single standard"),
                None => PdfStandards::default(),
            };
            let options = PdfOptions {
                ident: Smart::Custom(job.ident.clone()),
                creator: Smart::Custom(Some(format!("carnet {}", env!("CARGO_PKG_VERSION")))),
                timestamp: Some(Timestamp::new_utc(self.timestamp)),
                page_ranges: None,
                standards,
                tagged: true,
                pretty: false,
            };
            match typst_pdf::pdf(&document, &options) {
                Ok(pdf) => {
                    let mut warnings = warnings;
                    if let (Some(wanted), None) = (job.standards.first(), standard) {
                        failures.dedup();
                        let more = failures.len().saturating_sub(3);
                        failures.truncate(3);
                        warnings.push(format!(
                            "warning: this document cannot be {}, so it is plain PDF: {}{}",
                            standard_name(wanted),
                            failures.join("; "),
                            if more > 0 {
                                format!(" (and {more} more)")
                            } else {
                                String::new()
                            }
                        ));
                    }
                    return Ok(Compiled {
                        pdf,
                        pages: document.pages().len(),
                        warnings,
                        metadata,
                        standard: standard.map(standard_name),
                    });
                }
                Err(errors) if standard.is_some() => {
                    failures.extend(errors.iter().map(|e| e.message.to_string()));
                }
                Err(errors) => return Err(Error::Template(world.render(&errors))),
            }
        }
        unreachable!("plain PDF is tried last")
    }
}

/// A PDF standard as people name it.
pub fn standard_name(standard: &PdfStandard) -> &'static str {
    match standard {
        PdfStandard::A_2a => "PDF/A-2a",
        PdfStandard::A_2b => "PDF/A-2b",
        PdfStandard::A_2u => "PDF/A-2u",
        PdfStandard::A_3b => "PDF/A-3b",
        PdfStandard::Ua_1 => "PDF/UA-1",
        _ => "a PDF standard",
    }
}

/// The id of a project path such as `/templates/booklet.typ`.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("project paths are valid virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One document's view of the shared engine.
struct DocWorld<'a> {
    engine: &'a Engine,
    library: Arc<LazyHash<Library>>,
    main: FileId,
    job: &'a Job<'a>,
}

impl DocWorld<'_> {
    /// Typst's diagnostics as the CLI prints them: `file:line:col`, the
    /// source line and a caret.
    fn render(&self, diagnostics: &[SourceDiagnostic]) -> String {
        let mut out = termcolor::NoColor::new(Vec::new());
        let _ = typst_kit::diagnostics::emit(&mut out, self, diagnostics, DiagnosticFormat::Human);
        String::from_utf8_lossy(&out.into_inner())
            .trim_end()
            .to_owned()
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = self.engine.sources.lock().expect("source cache").get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.trim_start_matches('\u{feff}').to_owned());
        if self.engine.files.contains_key(&id) {
            self.engine
                .sources
                .lock()
                .expect("source cache")
                .insert(id, source.clone());
        }
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            return Ok(self.job.data.clone());
        }
        if let Some((_, bytes)) = self.job.extra.iter().find(|(extra, _)| *extra == id) {
            return Ok(bytes.clone());
        }
        self.engine
            .files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.engine.timestamp.year()?,
            self.engine.timestamp.month()?,
            self.engine.timestamp.day()?,
        )
    }
}

impl DiagnosticWorld for DocWorld<'_> {
    fn name(&self, id: FileId) -> String {
        match self.engine.names.get(&id) {
            Some(name) => name.clone(),
            None if id == self.engine.data_id => "the document's data".to_owned(),
            None => id.vpath().get_without_slash().to_owned(),
        }
    }
}
