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
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

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
    out: Counting<W>,
    /// The cross-reference rows of the objects before `offsets`, in a
    /// temporary file, so that memory does not grow with the roster.
    rows: BufWriter<File>,
    /// Where each object from number `rows_end` on starts (0: not written).
    offsets: Vec<u64>,
    rows_end: u32,
    /// Where the objects numbered below [`FIRST_ID`] start.
    first_offsets: [u64; FIRST_ID as usize],
    next_id: u32,
    sheets: Vec<u32>,
    layout: Layout,
    /// The forms of the bodies already written, by key.
    bodies: HashMap<usize, Vec<Form>>,
}

/// A page as a form XObject of the print file: its number and size.
type Form = (u32, (f64, f64));

/// The body shared by booklets made in parts.
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
        let mut out = Counting {
            inner: out,
            written: 0,
        };
        out.write_all(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")?;
        Ok(Self {
            out,
            rows: BufWriter::new(tempfile::tempfile()?),
            offsets: Vec::new(),
            rows_end: FIRST_ID,
            first_offsets: [0; FIRST_ID as usize],
            next_id: FIRST_ID,
            sheets: Vec::new(),
            layout,
            bodies: HashMap::new(),
        })
    }

    /// Adds a booklet's sheets; returns how many blank pages padded it to a
    /// multiple of 4.
    pub fn add_booklet(&mut self, pdf: &[u8]) -> Result<usize, ImposeError> {
        let doc = read(pdf)?;
        let forms = self.page_forms(&doc)?;
        let pages: Vec<Placed> = forms
            .into_iter()
            .map(|(form, size)| Placed {
                forms: vec![form],
                size,
            })
            .collect();
        self.impose(&pages)
    }

    /// Moves the cross-reference rows of the objects numbered so far, all
    /// of them written, to the temporary file.
    fn flush_rows(&mut self) -> io::Result<()> {
        self.offsets
            .resize((self.next_id - self.rows_end) as usize, 0);
        for &offset in &self.offsets {
            match offset {
                0 => self.rows.write_all(b"0000000000 65535 f \n")?,
                offset => writeln!(self.rows, "{offset:010} 00000 n ")?,
            }
        }
        self.offsets.clear();
        self.rows_end = self.next_id;
        Ok(())
    }

    /// Adds a booklet made of a front and a shared body (see
    /// [`crate::join`]): the body's pages are written once in the print
    /// file, however many booklets share it, and each booklet adds only its
    /// front and its name. `name_slots` tells, for each page of the body,
    /// whether it takes the name and on an odd page (`Some(true)`) or an
    /// even one.
    pub fn add_parts(&mut self, body: &BodyPdf, front: &Document) -> Result<usize, ImposeError> {
        if !self.bodies.contains_key(&body.key) {
            let doc = read(&body.pdf)?;
            let forms = self.page_forms(&doc)?;
            self.bodies.insert(body.key, forms);
        }
        let mut forms = self.page_forms(front)?;
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
    fn page_forms(&mut self, doc: &Document) -> Result<Vec<Form>, ImposeError> {
        let mut renumber = Renumber::default();
        let mut forms = Vec::new();
        for page in doc.get_pages().into_values() {
            forms.push(self.page_form(doc, page, &mut renumber)?);
        }
        self.write_reachable(doc, &mut renumber)?;
        Ok(forms)
    }

    /// Places a booklet's pages; returns the blank pages added.
    fn impose(&mut self, pages: &[Placed]) -> Result<usize, ImposeError> {
        match self.layout {
            Layout::Saddle { fold_marks } => self.saddle_sheets(pages, fold_marks)?,
            Layout::Bleed { bleed } => self.bleed_pages(pages, bleed)?,
        }
        self.flush_rows()?;
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
        )))?;
        let mut sheet = dictionary! {
            "Type" => "Page",
            "Parent" => Object::Reference((PAGES_ID, 0)),
            "MediaBox" => rectangle(0.0, 0.0, size.0, size.1),
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => Object::Reference((contents, 0)),
        };
        sheet.extend(&boxes);
        let id = self.write_new(Object::Dictionary(sheet))?;
        self.sheets.push(id);
        Ok(())
    }

    /// Completes the file: page tree, catalog, cross-reference table.
    pub fn finish(mut self) -> io::Result<W> {
        // The page tree is written as it goes: as objects, the sheets of
        // a long roster would weigh more than everything else at the end.
        self.start_object(PAGES_ID)?;
        let count = self.sheets.len();
        write!(self.out, "<</Type/Pages/Count {count}/Kids[")?;
        for (index, id) in self.sheets.iter().enumerate() {
            let end = if index % 16 == 15 { "\n" } else { " " };
            write!(self.out, "{id} 0 R{end}")?;
        }
        self.out.write_all(b"]>>\nendobj\n")?;
        let catalog =
            dictionary! { "Type" => "Catalog", "Pages" => Object::Reference((PAGES_ID, 0)) };
        self.write_object(CATALOG_ID, &Object::Dictionary(catalog))?;

        self.flush_rows()?;

        // The table: the page tree and catalog, then the rows of the rest.
        let xref = self.out.written;
        let size = self.next_id;
        write!(self.out, "xref\n0 {FIRST_ID}\n0000000000 65535 f \n")?;
        for offset in &self.first_offsets[1..] {
            writeln!(self.out, "{offset:010} 00000 n ")?;
        }
        if size > FIRST_ID {
            writeln!(self.out, "{FIRST_ID} {}", size - FIRST_ID)?;
            let mut rows = self
                .rows
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            rows.seek(SeekFrom::Start(0))?;
            io::copy(&mut rows, &mut self.out)?;
        }
        write!(
            self.out,
            "trailer\n<< /Size {size} /Root {CATALOG_ID} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        )?;
        self.out.flush()?;
        Ok(self.out.inner)
    }

    /// Turns a booklet page into a form XObject; returns its new id and size.
    fn page_form(
        &mut self,
        doc: &Document,
        page: ObjectId,
        renumber: &mut Renumber,
    ) -> Result<(u32, (f64, f64)), ImposeError> {
        let media_box = inherited(doc, page, b"MediaBox")
            .and_then(|b| b.as_array().ok().cloned())
            .ok_or("a booklet page has no MediaBox")?;
        let number = |o: &Object| {
            o.as_float()
                .map(f64::from)
                .or_else(|_| o.as_i64().map(|v| v as f64))
        };
        let corners: Vec<f64> = media_box.iter().filter_map(|o| number(o).ok()).collect();
        let [x0, y0, x1, y1] = corners[..] else {
            return Err("a booklet page has a bad MediaBox".into());
        };
        let resources = inherited(doc, page, b"Resources")
            .cloned()
            .unwrap_or(Object::Dictionary(Dictionary::new()));
        let resources = match resources {
            Object::Reference(id) => doc.get_object(id).cloned()?,
            other => other,
        };
        // A page drawn by one content stream is reused as it is, still
        // compressed; several streams are joined into one.
        let single = doc
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Contents").ok())
            .and_then(|c| c.as_reference().ok())
            .and_then(|id| doc.get_object(id).ok())
            .and_then(|o| o.as_stream().ok());
        let mut stream = match single {
            Some(content) => {
                let mut dict = Dictionary::new();
                for key in [b"Filter".as_slice(), b"DecodeParms"] {
                    if let Ok(value) = content.dict.get(key) {
                        dict.set(key, value.clone());
                    }
                }
                Stream::new(dict, content.content.clone()).with_compression(false)
            }
            None => {
                let mut joined = Stream::new(Dictionary::new(), doc.get_page_content(page));
                let _ = joined.compress();
                joined
            }
        };
        stream.dict.set("Type", "XObject");
        stream.dict.set("Subtype", "Form");
        stream.dict.set("BBox", media_box);
        stream
            .dict
            .set("Resources", renumber.object(&resources, self));
        // A form's content is drawn relative to its BBox origin.
        if x0 != 0.0 || y0 != 0.0 {
            stream.dict.set(
                "Matrix",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    Object::Real(-x0 as f32),
                    Object::Real(-y0 as f32),
                ],
            );
        }
        let id = self.write_new(Object::Stream(stream))?;
        Ok((id, (x1 - x0, y1 - y0)))
    }

    /// Writes every object the forms refer to, under its new number.
    fn write_reachable(&mut self, doc: &Document, renumber: &mut Renumber) -> io::Result<()> {
        while let Some((old, new)) = renumber.pending.pop() {
            let object = doc.get_object(old).cloned().unwrap_or(Object::Null);
            let object = renumber.object(&object, self);
            self.write_object(new, &object)?;
        }
        Ok(())
    }

    fn reserve(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn write_new(&mut self, object: Object) -> io::Result<u32> {
        let id = self.reserve();
        self.write_object(id, &object)?;
        Ok(id)
    }

    fn write_object(&mut self, id: u32, object: &Object) -> io::Result<()> {
        self.start_object(id)?;
        lopdf::Writer::write_object(&mut self.out, object)?;
        self.out.write_all(b"\nendobj\n")
    }

    /// Starts writing object `id` where the file stands: its row, its
    /// header.
    fn start_object(&mut self, id: u32) -> io::Result<()> {
        let at = self.out.written;
        match id.checked_sub(self.rows_end) {
            _ if id < FIRST_ID => self.first_offsets[id as usize] = at,
            Some(index) => {
                let index = index as usize;
                if self.offsets.len() <= index {
                    self.offsets.resize(index + 1, 0);
                }
                self.offsets[index] = at;
            }
            None => unreachable!("object {id} is written after its row"),
        }
        writeln!(self.out, "{id} 0 obj")
    }
}

/// Maps a booklet's object numbers to the print file's, as objects are reached.
#[derive(Default)]
struct Renumber {
    map: HashMap<ObjectId, u32>,
    pending: Vec<(ObjectId, u32)>,
}

impl Renumber {
    /// A copy of `object` whose references point at the new numbers.
    /// Structure-tree links are dropped: the print file is not tagged.
    fn object<W: Write>(&mut self, object: &Object, imposer: &mut Imposer<W>) -> Object {
        match object {
            Object::Reference(id) => {
                let new = match self.map.get(id) {
                    Some(&new) => new,
                    None => {
                        let new = imposer.reserve();
                        self.map.insert(*id, new);
                        self.pending.push((*id, new));
                        new
                    }
                };
                Object::Reference((new, 0))
            }
            Object::Array(items) => {
                Object::Array(items.iter().map(|o| self.object(o, imposer)).collect())
            }
            Object::Dictionary(dict) => Object::Dictionary(self.dictionary(dict, imposer)),
            Object::Stream(stream) => {
                let mut copy = stream.clone();
                copy.dict = self.dictionary(&stream.dict, imposer);
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    fn dictionary<W: Write>(&mut self, dict: &Dictionary, imposer: &mut Imposer<W>) -> Dictionary {
        let mut copy = Dictionary::new();
        for (key, value) in dict.iter() {
            if matches!(
                key.as_slice(),
                b"Parent" | b"StructParent" | b"StructParents" | b"P"
            ) {
                continue;
            }
            copy.set(key.clone(), self.object(value, imposer));
        }
        copy
    }
}

/// A PDF rectangle.
fn rectangle(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Object> {
    [x0, y0, x1, y1]
        .iter()
        .map(|&v| Object::Real(v as f32))
        .collect()
}

/// A page attribute, looked up through the page tree as PDF inherits it.
fn inherited<'d>(doc: &'d Document, page: ObjectId, key: &[u8]) -> Option<&'d Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A writer that counts the bytes written, for the cross-reference table.
struct Counting<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
