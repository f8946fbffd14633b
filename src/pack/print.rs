//! The print files: every booklet imposed for printing, made on disk
//! beside the pack while the booklets arrive, then copied into it.
//!
//! `print/booklets-a4.pdf` puts the booklets 2-up on A4 in saddle-stitch
//! order for an office printer; with `--bleed`, `print/booklets-bleed.pdf`
//! puts each page on a larger sheet with bleed and crop marks for a print
//! shop. The booklets' own pages are reused as they are.

use std::io::{BufWriter, Seek, SeekFrom};
use std::path::PathBuf;

use crate::error::Error;
use crate::interrupt::Temporary;
use crate::pack::{PackWriter, paths};
use crate::render::{Rendered, spool_error};
use crate::report::Report;
use carnet_pdf::impose::{BodyPdf, ImposeError, Imposer, Layout};

/// The print files of a pack.
pub struct PrintFiles {
    files: Vec<PrintFile>,
}

impl PrintFiles {
    /// The print files: the saddle-stitched one, with fold marks if asked,
    /// and the one with `bleed_mm` of bleed if asked.
    pub fn new(pack: &PackWriter, fold_marks: bool, bleed_mm: Option<f64>) -> Result<Self, Error> {
        let mut files = vec![PrintFile::new(
            pack,
            paths::PRINT_SADDLE,
            Layout::Saddle { fold_marks },
        )?];
        if let Some(bleed) = bleed_mm {
            let layout = Layout::Bleed {
                bleed: bleed * 72.0 / 25.4,
            };
            files.push(PrintFile::new(pack, paths::PRINT_BLEED, layout)?);
        }
        Ok(Self { files })
    }

    /// Adds a booklet to each print file; the blank pages added to fill its
    /// last sheet go to the report. A joined booklet's front, as read to
    /// make the booklet, goes to the last print file as it is, and a copy of
    /// it to any other (`--bleed`): the usual single print file copies
    /// nothing.
    pub fn add(&mut self, booklet: &mut Rendered, report: &mut Report) -> Result<(), Error> {
        let mut joined = booklet.joined.take();
        let file = &booklet.document.file;
        let count = self.files.len();
        for (index, print_file) in self.files.iter_mut().enumerate() {
            let blank = match &mut joined {
                Some(joined) => {
                    let front = if index + 1 == count {
                        std::mem::take(&mut joined.front)
                    } else {
                        joined.front.clone()
                    };
                    print_file.add_joined(file, &joined.body, front)?
                }
                None => {
                    let pdf = booklet.pdf.bytes().map_err(spool_error)?;
                    print_file.add(file, &pdf)?
                }
            };
            report.blank_pages(print_file.name, file, blank);
        }
        Ok(())
    }

    /// Copies the print files into the pack.
    pub fn finish_into(self, pack: &mut PackWriter) -> Result<(), Error> {
        for print_file in self.files {
            print_file.finish_into(pack)?;
        }
        Ok(())
    }
}

/// One print file being made.
struct PrintFile {
    name: &'static str,
    path: PathBuf,
    imposer: Imposer<BufWriter<Temporary>>,
}

impl PrintFile {
    fn new(pack: &PackWriter, name: &'static str, layout: Layout) -> Result<Self, Error> {
        let folder = pack.folder();
        let file = Temporary::create(&folder, ".pdf.part")?;
        let path = file.path().to_path_buf();
        let imposer =
            Imposer::new(BufWriter::new(file), layout).map_err(|e| Error::io(&path, e))?;
        Ok(Self {
            name,
            path,
            imposer,
        })
    }

    /// The error of a booklet the print file could not take.
    fn refused(&self, booklet: &str, e: ImposeError) -> Error {
        match e {
            ImposeError::Io(e) => Error::io(&self.path, e),
            ImposeError::Refused(message) => Error::Pack {
                path: self.name.into(),
                message: format!("{booklet}: {message}"),
            },
        }
    }

    /// Adds a booklet; returns the blank pages added to fill its last sheet.
    fn add(&mut self, booklet: &str, pdf: &[u8]) -> Result<usize, Error> {
        self.imposer
            .add_booklet(pdf)
            .map_err(|e| self.refused(booklet, e))
    }

    /// Adds a booklet joined from a front and a body; returns the blank pages added.
    fn add_joined(
        &mut self,
        booklet: &str,
        body: &BodyPdf,
        front: lopdf::Document,
    ) -> Result<usize, Error> {
        self.imposer
            .add_joined(body, front)
            .map_err(|e| self.refused(booklet, e))
    }

    fn finish_into(self, pack: &mut PackWriter) -> Result<(), Error> {
        let path = &self.path;
        let writer = self.imposer.finish().map_err(|e| Error::io(path, e))?;
        let mut file = writer
            .into_inner()
            .map_err(|e| Error::io(path, e.into_error()))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(path, e))?;
        pack.add_reader(self.name, &mut file)?;
        Ok(())
    }
}
