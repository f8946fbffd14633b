//! Imposition: every booklet 2-up on A4 landscape, for saddle stitching.
//!
//! Organisers print booklets on an office printer, duplex with short-edge
//! flip, then fold the stack of sheets and staple it. For a booklet of `n`
//! pages (a multiple of 4) sheet `s` carries pages `n-2s | 2s+1` on its
//! front and `2s+2 | n-2s-1` on its back (8 pages: 8|1, 2|7, 6|3, 4|5).
//!
//! The booklets' own PDFs are reused as they are: each page becomes a form
//! XObject placed on the A4 sheet, nothing is laid out again. The print file
//! is written as the booklets arrive, one booklet in memory at a time, so it
//! can hold thousands of booklets without the memory growing.

use std::collections::HashMap;
use std::io::{self, Write};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use crate::Unsupported;
use crate::fonts::Fonts;
use crate::form::{Names, page_form};
use crate::graph::Renumber;
use crate::writer::{PER_STREAM, Spool};

/// Why a booklet cannot be imposed.
#[derive(Debug)]
pub enum ImposeError {
    /// The booklet's PDF is not one the imposer can place: unreadable, or
    /// shaped in a way it does not know.
    Refused(String),
    /// The print file could not be written.
    Io(io::Error),
}

impl std::fmt::Display for ImposeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(message) => f.write_str(message),
            Self::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ImposeError {}

impl From<io::Error> for ImposeError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<lopdf::Error> for ImposeError {
    fn from(e: lopdf::Error) -> Self {
        Self::Refused(e.to_string())
    }
}

impl From<Unsupported> for ImposeError {
    fn from(why: Unsupported) -> Self {
        Self::Refused(why.0)
    }
}

impl From<&str> for ImposeError {
    fn from(message: &str) -> Self {
        Self::Refused(message.into())
    }
}

/// A4 landscape, in points.
const SHEET: (f64, f64) = (841.89, 595.28);

/// The object numbers reserved for the page tree and the catalog.
const PAGES_ID: u32 = 1;
const CATALOG_ID: u32 = 2;
/// The number of the first object written as booklets are added.
const FIRST_ID: u32 = 3;

/// Where a booklet page goes on a sheet side, 1-based page numbers
/// (`None`: a blank position).
pub type Side = (Option<usize>, Option<usize>);

/// The sides of the sheets for a booklet of `pages` pages, padded to a
/// multiple of 4 with blank positions: front, back, front, back…
pub fn saddle_stitch(pages: usize) -> Vec<Side> {
    let n = pages.div_ceil(4) * 4;
    let page = |p: usize| (p <= pages).then_some(p);
    let mut sides = Vec::with_capacity(n / 2);
    for s in 0..n / 4 {
        sides.push((page(n - 2 * s), page(2 * s + 1)));
        sides.push((page(2 * s + 2), page(n - 2 * s - 1)));
    }
    sides
}

/// How booklet pages are placed on the print file's pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    /// 2-up on A4 landscape in saddle-stitch order, for office printing;
    /// optionally with marks where the sheets are folded.
    Saddle {
        /// Draw fold marks.
        fold_marks: bool,
    },
    /// One page per page, for a print shop: each page centred on a larger
    /// sheet with `bleed` (points) around the trim, crop marks outside the
    /// bleed, and the trim and bleed boxes set.
    Bleed {
        /// The bleed, in points.
        bleed: f64,
    },
}

/// Room around the bleed for the crop marks, in points (10 mm).
const SLUG: f64 = 28.35;

/// A PDF of imposed sheets, written as booklets are added.
pub struct Imposer<W: Write> {
    /// The file, written as booklets are added.
    spool: Spool<W>,
    /// Objects other than streams, waiting for their object stream.
    loose: Vec<(u32, Object)>,
    /// The number of the next object.
    next_id: u32,
    /// The print file's pages, by number, in order.
    sheets: Vec<u32>,
    /// How booklet pages are placed.
    layout: Layout,
    /// The forms of the bodies already written, by key.
    bodies: HashMap<usize, Vec<Form>>,
    /// One program per face for every booklet's fonts.
    fonts: Fonts,
}

/// A page as a form XObject of the print file: its number and size.
type Form = (u32, (f64, f64));

/// The body shared by booklets made of a front and a body.
pub struct BodyPdf {
    /// Tells bodies apart within one build.
    pub key: usize,
    /// The body's PDF.
    pub pdf: Vec<u8>,
    /// For each page of the body: whether it takes the name of the running
    /// header, on an odd page (`Some(true)`) or an even one.
    pub name_slots: Vec<Option<bool>>,
}

/// A booklet page on a sheet: forms drawn one over the other, and its size.
struct Placed {
    forms: Vec<u32>,
    size: (f64, f64),
}

impl Placed {
    /// The operators that draw the page, its forms named after `page`.
    fn draw(&self, page: usize, xobjects: &mut Dictionary) -> String {
        let mut ops = String::new();
        for (layer, form) in self.forms.iter().enumerate() {
            let name = match layer {
                0 => format!("P{page}"),
                n => format!("P{page}L{n}"),
            };
            ops.push_str(&format!("/{name} Do "));
            xobjects.set(name, Object::Reference((*form, 0)));
        }
        ops.trim_end().to_owned()
    }
}

/// Reads a booklet PDF.
fn read(pdf: &[u8]) -> Result<Document, ImposeError> {
    Document::load_mem(pdf)
        .map_err(|e| ImposeError::Refused(format!("cannot read the booklet: {e}")))
}

impl<W: Write> Imposer<W> {
    /// Starts the print file.
    pub fn new(out: W, layout: Layout) -> io::Result<Self> {
        Ok(Self {
            spool: Spool::new(out, tempfile::tempfile()?),
            loose: Vec::new(),
            next_id: FIRST_ID,
            sheets: Vec::new(),
            layout,
            bodies: HashMap::new(),
            fonts: Fonts::default(),
        })
    }

    /// Adds a booklet's sheets; returns how many blank pages padded it to a
    /// multiple of 4.
    pub fn add_booklet(&mut self, pdf: &[u8]) -> Result<usize, ImposeError> {
        let mut doc = read(pdf)?;
        let forms = self.page_forms(&mut doc)?;
        let pages: Vec<Placed> = forms
            .into_iter()
            .map(|(form, size)| Placed {
                forms: vec![form],
                size,
            })
            .collect();
        self.impose(&pages)
    }

    /// Adds a booklet made of a front and a shared body (see
    /// [`crate::join`]): the body's pages are written once in the print
    /// file, however many booklets share it, and each booklet adds only its
    /// front and its name. `name_slots` tells, for each page of the body,
    /// whether it takes the name and on an odd page (`Some(true)`) or an
    /// even one. The front, as [`crate::join::Body::assemble`] gives it, is
    /// taken: imposing it changes it.
    pub fn add_joined(
        &mut self,
        body: &BodyPdf,
        mut front: Document,
    ) -> Result<usize, ImposeError> {
        if !self.bodies.contains_key(&body.key) {
            let mut doc = read(&body.pdf)?;
            // The pages as the booklets have them (see `Body::new`).
            let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
            crate::content::shorten(&mut doc, &pages);
            let forms = self.page_forms(&mut doc)?;
            self.bodies.insert(body.key, forms);
        }
        let mut forms = self.page_forms(&mut front)?;
        if forms.len() < 2 {
            return Err("the booklet's front has no name pages".into());
        }
        let names = forms.split_off(forms.len() - 2);
        let mut pages: Vec<Placed> = forms
            .into_iter()
            .map(|(form, size)| Placed {
                forms: vec![form],
                size,
            })
            .collect();
        for (&(form, size), slot) in self.bodies[&body.key].iter().zip(&body.name_slots) {
            let mut forms = vec![form];
            match slot {
                Some(true) => forms.push(names[0].0),
                Some(false) => forms.push(names[1].0),
                None => {}
            }
            pages.push(Placed { forms, size });
        }
        self.impose(&pages)
    }

    /// Every page of a PDF as a form XObject written to the print file,
    /// with what it uses.
    fn page_forms(&mut self, doc: &mut Document) -> Result<Vec<Form>, ImposeError> {
        let mut renumber = Renumber::default();
        // The fonts draw on their faces' programs, written at the end.
        let next_id = &mut self.next_id;
        self.fonts.adopt(
            doc,
            &mut |_| {
                *next_id += 1;
                *next_id - 1
            },
            &mut |doc, id| {
                doc.max_id += 1;
                renumber.seed((doc.max_id, 0), id);
                (doc.max_id, 0)
            },
        );
        let doc = &*doc;
        let mut forms = Vec::new();
        for page in doc.get_pages().into_values() {
            let (mut form, size) = page_form(doc, page, Names::Kept)?;
            form.dict = renumber.dictionary(&form.dict, &mut self.next_id);
            forms.push((self.write_new(Object::Stream(form)), size));
        }
        // Every object the forms refer to, under its new number.
        while let Some((old, new)) = renumber.pending.pop() {
            let object = doc.get_object(old).cloned().unwrap_or(Object::Null);
            let object = renumber.object(&object, &mut self.next_id);
            self.write_object(new, object);
        }
        Ok(forms)
    }

    /// Places a booklet's pages; returns the blank pages added.
    fn impose(&mut self, pages: &[Placed]) -> Result<usize, ImposeError> {
        match self.layout {
            Layout::Saddle { fold_marks } => self.saddle_sheets(pages, fold_marks)?,
            Layout::Bleed { bleed } => self.bleed_pages(pages, bleed)?,
        }
        self.pack();
        self.spool.flush(self.next_id)?;
        Ok(pages.len().div_ceil(4) * 4 - pages.len())
    }

    /// The booklet's sheets, 2-up, front and back in turn.
    fn saddle_sheets(&mut self, pages: &[Placed], fold_marks: bool) -> Result<(), ImposeError> {
        for (left, right) in saddle_stitch(pages.len()) {
            let slots = [(left, 0.0), (right, SHEET.0 / 2.0)];
            let mut content = String::new();
            let mut xobjects = Dictionary::new();
            for (page, x0) in slots {
                let Some(page) = page else { continue };
                let placed = &pages[page - 1];
                let (w, h) = placed.size;
                let half = SHEET.0 / 2.0;
                let scale = (half / w).min(SHEET.1 / h).min(1.0);
                let x = x0 + (half - w * scale) / 2.0;
                let y = (SHEET.1 - h * scale) / 2.0;
                content.push_str(&format!(
                    "q {scale:.5} 0 0 {scale:.5} {x:.3} {y:.3} cm {} Q\n",
                    placed.draw(page, &mut xobjects)
                ));
            }
            if fold_marks {
                let x = SHEET.0 / 2.0;
                content.push_str(&format!(
                    "q 0.3 w 0 G {x:.3} 0 m {x:.3} 8.5 l S {x:.3} {top:.3} m {x:.3} {mark:.3} l S Q\n",
                    top = SHEET.1,
                    mark = SHEET.1 - 8.5,
                ));
            }
            self.write_sheet(SHEET, content, xobjects, Dictionary::new())?;
        }
        Ok(())
    }

    /// The booklet's pages one by one, with bleed, crop marks and boxes.
    fn bleed_pages(&mut self, pages: &[Placed], bleed: f64) -> Result<(), ImposeError> {
        let margin = bleed + SLUG;
        for (page, placed) in pages.iter().enumerate() {
            let (w, h) = placed.size;
            let size = (w + 2.0 * margin, h + 2.0 * margin);
            let mut xobjects = Dictionary::new();
            let mut content = format!(
                "q 1 0 0 1 {margin:.3} {margin:.3} cm {} Q\n",
                placed.draw(page + 1, &mut xobjects)
            );
            // Crop marks: from just outside the bleed to the edge of the slug,
            // in line with each edge of the trim.
            let (x0, y0, x1, y1) = (margin, margin, margin + w, margin + h);
            let (near, far) = (bleed + 2.0, margin - 2.0);
            content.push_str("q 0.25 w 0 G\n");
            for (x, dx) in [(x0, -1.0), (x1, 1.0)] {
                for (y, dy) in [(y0, -1.0), (y1, 1.0)] {
                    content.push_str(&format!(
                        "{:.3} {y:.3} m {:.3} {y:.3} l S {x:.3} {:.3} m {x:.3} {:.3} l S\n",
                        x + dx * near,
                        x + dx * far,
                        y + dy * near,
                        y + dy * far,
                    ));
                }
            }
            content.push_str("Q\n");
            let boxes = dictionary! {
                "TrimBox" => rectangle(x0, y0, x1, y1),
                "BleedBox" => rectangle(x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed),
            };
            self.write_sheet(size, content, xobjects, boxes)?;
        }
        Ok(())
    }

    /// Writes one page of the print file.
    fn write_sheet(
        &mut self,
        size: (f64, f64),
        content: String,
        xobjects: Dictionary,
        boxes: Dictionary,
    ) -> Result<(), ImposeError> {
        let contents = self.write_new(Object::Stream(Stream::new(
            Dictionary::new(),
            content.into_bytes(),
        )));
        let mut sheet = dictionary! {
            "Type" => "Page",
            "Parent" => Object::Reference((PAGES_ID, 0)),
            "MediaBox" => rectangle(0.0, 0.0, size.0, size.1),
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => Object::Reference((contents, 0)),
        };
        sheet.extend(&boxes);
        let id = self.write_new(Object::Dictionary(sheet));
        self.sheets.push(id);
        Ok(())
    }

    /// Completes the file: page tree, catalog, cross-reference stream.
    pub fn finish(mut self) -> io::Result<W> {
        for (id, program) in self.fonts.programs() {
            self.spool.writer.direct(id, &program);
        }
        // The page tree is written as it goes: as objects, the sheets of
        // a long roster would weigh more than everything else at the end.
        let count = self.sheets.len();
        let out = self.spool.writer.begin(PAGES_ID);
        write!(out, "<</Type/Pages/Count {count}/Kids[")?;
        for (index, id) in self.sheets.iter().enumerate() {
            let end = if index % 16 == 15 { "\n" } else { " " };
            write!(self.spool.writer.out, "{id} 0 R{end}")?;
            if index % 4096 == 4095 {
                self.spool.flush(self.next_id)?;
            }
        }
        self.spool.writer.out.extend_from_slice(b"]>>");
        self.spool.writer.end();
        let catalog =
            dictionary! { "Type" => "Catalog", "Pages" => Object::Reference((PAGES_ID, 0)) };
        self.write_object(CATALOG_ID, Object::Dictionary(catalog));
        self.pack();
        let trailer = dictionary! { "Root" => Object::Reference((CATALOG_ID, 0)) };
        let (out, _) = self.spool.finish(self.next_id, trailer)?;
        Ok(out)
    }

    /// Packs the objects waiting for an object stream in one.
    fn pack(&mut self) {
        if self.loose.is_empty() {
            return;
        }
        let id = self.reserve();
        self.spool.writer.packed(id, &self.loose);
        self.loose.clear();
    }

    fn reserve(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn write_new(&mut self, object: Object) -> u32 {
        let id = self.reserve();
        self.write_object(id, object);
        id
    }

    /// Writes a stream as it is; other objects wait to be packed.
    fn write_object(&mut self, id: u32, object: Object) {
        match object {
            Object::Stream(_) => self.spool.writer.direct(id, &object),
            other => {
                self.loose.push((id, other));
                if self.loose.len() >= PER_STREAM {
                    self.pack();
                }
            }
        }
    }
}

/// A PDF rectangle.
fn rectangle(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Object> {
    [x0, y0, x1, y1]
        .iter()
        .map(|&v| Object::Real(v as f32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::saddle_stitch;

    #[test]
    fn eight_pages_fold_into_two_sheets() {
        let sides = saddle_stitch(8);
        let expected = [(8, 1), (2, 7), (6, 3), (4, 5)];
        let got: Vec<(usize, usize)> = sides
            .iter()
            .map(|(l, r)| (l.unwrap(), r.unwrap()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn sixteen_pages_fold_into_four_sheets() {
        let got: Vec<(usize, usize)> = saddle_stitch(16)
            .iter()
            .map(|(l, r)| (l.unwrap(), r.unwrap()))
            .collect();
        let expected = [
            (16, 1),
            (2, 15),
            (14, 3),
            (4, 13),
            (12, 5),
            (6, 11),
            (10, 7),
            (8, 9),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn a_short_booklet_is_padded_with_blank_positions() {
        let sides = saddle_stitch(6);
        assert_eq!(sides[0], (None, Some(1)));
        assert_eq!(sides[1], (Some(2), None));
        assert_eq!(sides[2], (Some(6), Some(3)));
        assert_eq!(sides[3], (Some(4), Some(5)));
    }
}
