//! Recognising a roster file by its content and reading its sheets as text.
//!
//! Organisers send what their software saved, under whatever name: an `.xls`
//! that is really an xlsx, a CSV from French Excel in Windows-1252, an image
//! renamed `.xlsx`, a download cut short. The format is therefore told from
//! the bytes, not from the extension, and a file that cannot be read gets one
//! sentence saying what it is. Everything after this module sees a [`Grid`]
//! of text cells, whatever the format.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Dimensions, Ods, Range, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::bounds::{self, Cells};
use super::numfmt::{self, When};
use super::ods::{self, OdsSheet};
use super::text::shorten;
use super::xls::{self, XlsBook};
use super::xlsx;
use crate::limits::{MAX_COLUMNS, MAX_ROWS};

/// The formats carnet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook (xlsb).
    Xlsb,
    /// Excel 97–2003 workbook (xls).
    Xls,
    /// OpenDocument spreadsheet (ods).
    Ods,
    /// Delimited text (csv, tsv, txt).
    Csv,
}

impl Format {
    /// How messages name the format.
    fn describe(self) -> &'static str {
        match self {
            Format::Xlsx => "an Excel workbook (xlsx)",
            Format::Xlsb => "an Excel binary workbook (xlsb)",
            Format::Xls => "an Excel 97-2003 workbook (xls)",
            Format::Ods => "an OpenDocument spreadsheet (ods)",
            Format::Csv => "a CSV file",
        }
    }
}

/// Why a file or a sheet cannot be read: a sentence, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable {
    /// What is wrong, e.g. "the file is a PNG image, not a spreadsheet".
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Unreadable {
    /// A whole sentence and its hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

const SAVE_AGAIN: &str =
    "open it in a spreadsheet program and save it as .xlsx, .ods or .csv, then try again";

/// A sentence about the file as a whole: `message` completes "the file …".
fn unreadable(message: impl std::fmt::Display, hint: &'static str) -> Unreadable {
    Unreadable::new(format!("the file {message}"), hint)
}

/// Tells the format from the content.
pub(crate) fn detect(bytes: &[u8]) -> Result<Format, Unreadable> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(unreadable(
            "is empty",
            "save the participants into it again",
        ));
    }
    if bytes.starts_with(ZIP) || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes);
    }
    if bytes.starts_with(OLE) {
        return detect_ole(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(Format::Csv); // UTF-16 text, as Excel saves "Unicode text"
    }
    if let Some(kind) = known_other_kind(bytes) {
        return Err(unreadable(
            format!("is {kind}, not a spreadsheet"),
            SAVE_AGAIN,
        ));
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return Err(unreadable(
            "is not a spreadsheet nor a text file carnet can read",
            SAVE_AGAIN,
        ));
    }
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.starts_with("<table")
    {
        return Err(unreadable(
            "is a web page (HTML) saved under a spreadsheet name, not a real spreadsheet",
            SAVE_AGAIN,
        ));
    }
    if text.starts_with("<?xml") {
        let kind = if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            "an \"XML Spreadsheet 2003\" file, which carnet does not read"
        } else {
            "an XML file, not a spreadsheet"
        };
        return Err(unreadable(format!("is {kind}"), SAVE_AGAIN));
    }
    Ok(Format::Csv)
}

/// Common files that people send by mistake, by their magic numbers.
fn known_other_kind(bytes: &[u8]) -> Option<&'static str> {
    let kinds: [(&[u8], &str); 7] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
    ];
    kinds
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// xlsx, xlsm, xlsb and ods are all zip archives; their entries tell them apart.
fn detect_zip(bytes: &[u8]) -> Result<Format, Unreadable> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(unreadable(
            "is damaged or incomplete: it starts like a spreadsheet (a zip archive) but cannot be opened",
            "copy or download the file again; if it still fails, open it in a spreadsheet program and save it again",
        ));
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|entry| entry == name);
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("content.xml") || has("mimetype") {
        let mut mimetype = String::new();
        if let Ok(entry) = archive.by_name("mimetype") {
            let _ = std::io::Read::read_to_string(&mut entry.take(256), &mut mimetype);
        }
        if mimetype.is_empty() || mimetype.contains("spreadsheet") {
            return Ok(Format::Ods);
        }
        let kind = if mimetype.contains("text") {
            "a text document (odt)"
        } else {
            "an OpenDocument file"
        };
        return Err(unreadable(
            format!("is {kind}, not a spreadsheet"),
            SAVE_AGAIN,
        ));
    }
    let has_dir = |dir: &str| names.iter().any(|entry| entry.starts_with(dir));
    let kind = if has_dir("word/") {
        "a Word document"
    } else if has_dir("ppt/") {
        "a PowerPoint presentation"
    } else {
        "a zip archive"
    };
    Err(unreadable(
        format!("is {kind}, not a spreadsheet"),
        SAVE_AGAIN,
    ))
}

/// An OLE compound file is an xls, but also an encrypted xlsx or a Word 97 document.
fn detect_ole(bytes: &[u8]) -> Result<Format, Unreadable> {
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    if contains(&utf16("EncryptedPackage")) {
        return Err(unreadable(
            "is protected by a password",
            "open it, remove the password (File › Info › Protect workbook) and save a copy for carnet",
        ));
    }
    if contains(&utf16("WordDocument")) {
        return Err(unreadable(
            "is a Word document, not a spreadsheet",
            SAVE_AGAIN,
        ));
    }
    Ok(Format::Xls)
}

/// A rectangle of merged cells, 0-based and inclusive, as the spreadsheet stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    /// First row (0-based).
    pub first_row: usize,
    /// Last row (0-based, inclusive).
    pub last_row: usize,
    /// First column (0-based).
    pub first_col: usize,
    /// Last column (0-based, inclusive).
    pub last_col: usize,
}

impl From<Dimensions> for Merge {
    fn from(d: Dimensions) -> Self {
        Merge {
            first_row: d.start.0 as usize,
            last_row: d.end.0 as usize,
            first_col: d.start.1 as usize,
            last_col: d.end.1 as usize,
        }
    }
}

/// A sheet as text: `rows[i][j]` is the cell the spreadsheet shows at row
/// `i + 1`, column `j` (A = 0), as it displays it; rows may be ragged.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Grid {
    /// The cells, row by row.
    pub rows: Vec<Vec<String>>,
    /// Merged cells, where the format tells them (xlsx, xlsm, xls, ods).
    pub merges: Vec<Merge>,
    /// The cells the spreadsheet holds as numbers or dates, by (row,
    /// column): their text in `rows` is what they show.
    pub typed: HashMap<(u32, u32), Typed>,
    /// Rows the spreadsheet does not show, where the format tells them
    /// (xlsx, xlsm, xls, ods), in order.
    pub hidden: Vec<HiddenSpan>,
    /// Whether carnet reads the file's number formats: all but xlsb (a
    /// CSV file's cells are text).
    pub number_formats: bool,
}

/// What a spreadsheet holds a cell as, when it is not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Typed {
    /// A number (its text is as its format shows it, where carnet can
    /// render the format).
    Number,
    /// A date or a time, and its ISO form: `2013-05-14`, `2013-05-14 09:30`, `09:30`.
    Date(Box<str>),
}

/// Why the spreadsheet does not show a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Hiding {
    /// The organiser hid it.
    Hidden,
    /// A filter leaves it out.
    Filtered,
}

/// Rows the spreadsheet does not show: `first..first + count`, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HiddenSpan {
    /// The first row (0-based).
    pub first: usize,
    /// How many rows.
    pub count: usize,
    /// Why they are not shown.
    pub why: Hiding,
}

impl Grid {
    /// The cell at (row, column), 0-based; empty outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// What the spreadsheet holds the cell at (row, column) as, if not text.
    pub fn typed(&self, row: usize, col: usize) -> Option<&Typed> {
        let at = (u32::try_from(row).ok()?, u32::try_from(col).ok()?);
        self.typed.get(&at)
    }

    /// Why the spreadsheet does not show a row (0-based), if it does not.
    pub fn hiding(&self, row: usize) -> Option<Hiding> {
        // The spans are in order (see `read_sheet`).
        let after = self.hidden.partition_point(|span| span.first <= row);
        let span = self.hidden.get(after.checked_sub(1)?)?;
        (row < span.first.saturating_add(span.count)).then_some(span.why)
    }

    /// Whether no cell holds anything but white space.
    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|row| row_is_blank(row))
    }
}

/// Whether no cell of the row holds anything but white space.
pub(crate) fn row_is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| super::text::clean(cell).is_empty())
}

/// A sheet's name and whether people see it.
#[derive(Debug, Clone)]
pub(crate) struct SheetInfo {
    /// The name on its tab.
    pub name: String,
    /// False for hidden sheets (lists behind drop-downs, old copies).
    pub visible: bool,
}

/// What carnet reads of a workbook itself, beside calamine: see
/// [`xlsx`](super::xlsx), [`xls`](super::xls) and [`ods`](super::ods).
pub(crate) enum Beside<'a> {
    /// An xlsx or xlsm file's bytes, to read a sheet's hidden rows from.
    Xlsx(&'a [u8]),
    /// An xls file's number formats and hidden rows.
    Xls(XlsBook),
    /// An ODS file's merged cells, hidden rows and shown texts.
    Ods(Vec<OdsSheet>),
    /// Nothing, for xlsb.
    Nothing,
}

/// An opened roster: a workbook's sheets, read on demand, or the one table of a CSV file.
pub(crate) enum Book<'a> {
    /// A workbook (xlsx, xlsm, xlsb, xls, ods).
    Workbook {
        /// The calamine reader.
        sheets: Box<Sheets<Cursor<&'a [u8]>>>,
        /// What carnet reads itself.
        beside: Beside<'a>,
    },
    /// A CSV file, read at once.
    Csv(Grid),
}

impl<'a> Book<'a> {
    /// Opens the bytes in the detected format, once they are known to
    /// lie within the bounds (see [`bounds`]).
    pub fn open(bytes: &'a [u8], format: Format) -> Result<Self, Unreadable> {
        let cursor = Cursor::new(bytes);
        let beside = match format {
            Format::Csv => return Ok(Book::Csv(read_csv(bytes)?)),
            Format::Xlsx => {
                bounds::check_zip(bytes)?;
                Beside::Xlsx(bytes)
            }
            Format::Xlsb => {
                bounds::check_zip(bytes)?;
                Beside::Nothing
            }
            Format::Xls => Beside::Xls(xls::scan(bytes)?),
            Format::Ods => {
                bounds::check_zip(bytes)?;
                Beside::Ods(ods::scan(&ods_content_xml(bytes))?)
            }
        };
        let opened = crate::error::contain(|| match format {
            Format::Csv => unreachable!("read above"),
            Format::Xlsx => calamine::open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e| e.to_string()),
            Format::Xlsb => calamine::open_workbook_from_rs::<Xlsb<_>, _>(cursor)
                .map(Sheets::Xlsb)
                .map_err(|e| e.to_string()),
            Format::Xls => calamine::open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map(Sheets::Xls)
                .map_err(|e| e.to_string()),
            Format::Ods => calamine::open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map(Sheets::Ods)
                .map_err(|e| e.to_string()),
        })
        .unwrap_or_else(|| Err("its reader stopped on a damaged part".to_owned()));
        const HINT: &str = "open it in a spreadsheet program and save it again; \
                            if it was downloaded, download it again";
        let sheets = opened.map_err(|reason| {
            let message = format!(
                "looks like {} but cannot be read ({reason})",
                format.describe()
            );
            unreadable(message, HINT)
        })?;
        Ok(Book::Workbook {
            sheets: Box::new(sheets),
            beside,
        })
    }

    /// The sheets, in workbook order; none for a CSV file.
    pub fn sheets(&self) -> Vec<SheetInfo> {
        match self {
            Book::Workbook { sheets, .. } => sheets
                .sheets_metadata()
                .iter()
                .map(|sheet| SheetInfo {
                    name: sheet.name.clone(),
                    visible: sheet.visible == SheetVisible::Visible,
                })
                .collect(),
            Book::Csv(_) => Vec::new(),
        }
    }

    /// Reads one sheet (ignored for a CSV file).
    pub fn grid(&mut self, sheet: &str) -> Result<Grid, Unreadable> {
        let (sheets, beside) = match self {
            Book::Csv(grid) => return Ok(grid.clone()),
            Book::Workbook { sheets, beside } => (sheets, &*beside),
        };
        let read = crate::error::contain(|| read_sheet(sheets.as_mut(), beside, sheet));
        read.unwrap_or_else(|| {
            Err(unreadable(
                format_args!("has a sheet `{sheet}` that is damaged: its reader stopped on it"),
                "open the file in a spreadsheet program and save it again",
            ))
        })
    }
}

/// Reads one sheet of a workbook into a grid.
fn read_sheet(
    sheets: &mut Sheets<Cursor<&[u8]>>,
    beside: &Beside,
    sheet: &str,
) -> Result<Grid, Unreadable> {
    let cannot = |e: &dyn std::fmt::Display| {
        unreadable(
            format_args!("has a sheet `{sheet}` that cannot be read ({e})"),
            "open the file in a spreadsheet program and save it again",
        )
    };
    let mut cells = Cells::default();
    let index = sheets
        .sheet_names()
        .iter()
        .position(|name| name == sheet)
        .unwrap_or(usize::MAX);
    // xlsx and xlsb are read cell by cell: only the cells there are
    // take room. xls and ods are laid out as their reader opened them,
    // within the bounds checked then.
    let (merges, hidden) = match (sheets, beside) {
        (Sheets::Xlsx(xlsx), beside) => {
            let mut reader = xlsx.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
            let codes: Vec<Option<String>> = reader.styles().iter().map(style_code).collect();
            while let Some((cell, style)) =
                reader.next_cell_with_style_id().map_err(|e| cannot(&e))?
            {
                let (row, col) = cell.get_position();
                let code = codes.get(style).and_then(Option::as_deref);
                let shows = Shows::Format(code.unwrap_or("General"));
                let (text, typed) = read_cell(&Data::from(cell.get_value().clone()), shows);
                cells.set_typed(row as usize, col as usize, text, typed)?;
            }
            drop(reader);
            let merges = xlsx
                .merge_cells_by_sheet_name(sheet)
                .unwrap_or_default()
                .into_iter()
                .map(Merge::from)
                .collect();
            let hidden = match beside {
                Beside::Xlsx(bytes) => xlsx::hidden_rows(bytes, sheet),
                _ => Vec::new(),
            };
            (merges, hidden)
        }
        (Sheets::Xlsb(xlsb), _) => {
            let mut reader = xlsb.worksheet_cells_reader(sheet).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                let (row, col) = cell.get_position();
                let data = Data::from(cell.get_value().clone());
                let (text, typed) = read_cell(&data, Shows::Unknown);
                cells.set_typed(row as usize, col as usize, text, typed)?;
            }
            // Neither calamine nor carnet reads merged cells, hidden rows
            // or number formats of xlsb files.
            cells.formats_unknown = true;
            (Vec::new(), Vec::new())
        }
        (Sheets::Xls(xls), beside) => {
            let range = xls.worksheet_range(sheet).map_err(|e| cannot(&e))?;
            let book = match beside {
                Beside::Xls(book) => Some(book),
                _ => None,
            };
            lay_out(&range, &mut cells, |row, col| {
                match book.and_then(|b| b.format(index, row, col)) {
                    Some(code) => Shows::Format(code),
                    None => Shows::Format("General"),
                }
            })?;
            let merges = xls
                .merge_cells_by_sheet_name(sheet)
                .unwrap_or_default()
                .into_iter()
                .map(Merge::from)
                .collect();
            let hidden = book
                .and_then(|b| b.sheets.get(index))
                .map(|s| s.hidden.clone())
                .unwrap_or_default();
            (merges, hidden)
        }
        (Sheets::Ods(ods), beside) => {
            let range = ods.worksheet_range(sheet).map_err(|e| cannot(&e))?;
            let scanned = match beside {
                Beside::Ods(scanned) => scanned.iter().find(|s| s.name == sheet),
                _ => None,
            };
            lay_out(&range, &mut cells, |row, col| {
                match scanned.and_then(|s| s.shown.get(&(row, col))) {
                    Some(text) => Shows::Text(text),
                    None => Shows::Unknown,
                }
            })?;
            match scanned {
                Some(s) => (s.merges.clone(), s.hidden.clone()),
                None => (Vec::new(), Vec::new()),
            }
        }
    };
    let mut grid = cells.grid(merges)?;
    grid.hidden = hidden;
    grid.hidden.sort_by_key(|span| span.first);
    Ok(grid)
}

/// A cell style's number format code. Excel's short date (14) and date
/// and time (22) are shown in the system's form, which calamine writes
/// in the American one: carnet writes the French one.
fn style_code(style: &calamine::Style) -> Option<String> {
    let format = style.number_format.as_ref()?;
    let code = match (format.format_id, format.format_code.as_str()) {
        (Some(id @ (14 | 22)), "mm-dd-yy" | "m/d/yy h:mm") => numfmt::builtin(id)?,
        (_, code) => code,
    };
    Some(code.to_owned())
}

/// An ODS file's `content.xml` (its size was checked); empty when missing.
fn ods_content_xml(bytes: &[u8]) -> String {
    let mut xml = String::new();
    if let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes))
        && let Ok(entry) = archive.by_name("content.xml")
    {
        let _ = entry
            .take(crate::limits::MAX_ENTRY_BYTES)
            .read_to_string(&mut xml);
    }
    xml
}

/// Lays a calamine range out at its place in the sheet, each cell as it shows.
fn lay_out<'s>(
    range: &Range<Data>,
    cells: &mut Cells,
    shows: impl Fn(u32, u32) -> Shows<'s>,
) -> Result<(), Unreadable> {
    let (top, left) = range.start().unwrap_or_default();
    for (row, col, data) in range.used_cells() {
        let (row, col) = (row + top as usize, col + left as usize);
        let at = (
            u32::try_from(row).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        );
        let (text, typed) = read_cell(data, shows(at.0, at.1));
        cells.set_typed(row, col, text, typed)?;
    }
    Ok(())
}

/// What carnet knows of how a cell shows its value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shows<'s> {
    /// Its number format's code (`General` when it has none).
    Format(&'s str),
    /// The text it shows, as the file records it (ODS).
    Text(&'s str),
    /// Nothing (xlsb).
    Unknown,
}

/// A cell's text as the spreadsheet shows it, and what it holds it as
/// when it is a number or a date.
///
/// A number whose format only places digits is shown as the format shows
/// it (`0472112233`); other numbers as plain numbers (`75011`, not
/// `75011.0`). A date is shown as its format shows it (`14/05/2013`), or
/// in the French short form when the format is unknown, and keeps its ISO
/// form. Everything else reads as [`cell_text`] says.
pub(crate) fn read_cell(data: &Data, shows: Shows) -> (String, Option<Typed>) {
    let number = |x: f64| {
        let shown = match shows {
            Shows::Format(code) => numfmt::digits(code, x),
            Shows::Text(text) => shown_digits(text, x),
            Shows::Unknown => None,
        };
        (shown.unwrap_or_else(|| number_text(x)), Some(Typed::Number))
    };
    match data {
        Data::Float(x) => number(*x),
        Data::Int(n) => number(*n as f64),
        Data::DateTime(date) if !date.is_duration() => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let when = When {
                date: (date.as_f64() >= 1.0).then_some((i32::from(year), month, day)),
                time: (hour, minute, second),
            };
            let shown = match shows {
                Shows::Format(code) => numfmt::date(code, when),
                Shows::Text(text) => Some(text.to_owned()),
                Shows::Unknown => None,
            };
            let iso = cell_text(data);
            let shown = shown.unwrap_or_else(|| numfmt::french(when));
            (shown, Some(Typed::Date(iso.into())))
        }
        Data::DateTimeIso(written) => {
            let iso = iso_datetime_text(written);
            let shown = match shows {
                Shows::Text(text) => Some(text.to_owned()),
                _ => iso_when(written).map(numfmt::french),
            };
            let shown = shown.unwrap_or_else(|| iso.clone());
            (shown, Some(Typed::Date(iso.into())))
        }
        // ODS holds times of day as durations: one under a day is a time.
        Data::DurationIso(written) => {
            let iso = iso_duration_text(written);
            let hours = iso.split(':').next().and_then(|h| h.parse::<u32>().ok());
            let clock = hours.is_some_and(|h| h < 24);
            match (shows, clock) {
                (Shows::Text(text), true) => (text.to_owned(), Some(Typed::Date(iso.into()))),
                _ => (iso, None),
            }
        }
        _ => (cell_text(data), None),
    }
}

/// The text an ODS number cell shows, when it is the number's digits,
/// with leading zeros or separators (`0472112233`, `04 72 11 22 33`):
/// other texts (decimals, currencies, exponents) are not kept.
fn shown_digits(text: &str, x: f64) -> Option<String> {
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15) {
        return None;
    }
    let separators = [' ', '\u{a0}', '\u{202f}', '-', '.', '/', '(', ')', '+'];
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || separators.contains(&c))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.parse::<u64>().ok()? == x as u64).then(|| text.to_owned())
}

/// An ODS date or date-time (`2013-05-14T09:30:00`) as a moment.
fn iso_when(iso: &str) -> Option<When> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let mut clock = time.split(':').map(|p| {
        p.get(..2.min(p.len()))
            .and_then(|p| p.parse::<u8>().ok())
            .unwrap_or(0)
    });
    Some(When {
        date: Some((
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )),
        time: (
            clock.next().unwrap_or(0),
            clock.next().unwrap_or(0),
            clock.next().unwrap_or(0),
        ),
    })
}

/// A cell as text, the way the spreadsheet shows it where that matters:
/// identifiers stay digits (`75011`, not `75011.0`), dates are ISO dates
/// (`2013-05-14`, not a serial number), formulas give their cached value,
/// formula errors their code (`#N/A`).
pub(crate) fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(true) => "VRAI".to_owned(),
        Data::Bool(false) => "FAUX".to_owned(),
        Data::DateTime(date) if date.is_duration() => duration_text(date.as_f64() * 24.0),
        Data::DateTime(date) => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let time = if second == 0 {
                format!("{hour:02}:{minute:02}")
            } else {
                format!("{hour:02}:{minute:02}:{second:02}")
            };
            if date.as_f64() < 1.0 {
                time
            } else if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {time}")
            }
        }
        Data::DateTimeIso(iso) => iso_datetime_text(iso),
        Data::DurationIso(iso) => iso_duration_text(iso),
        Data::Error(error) => error.to_string(),
    }
}

/// `75011.0` → `75011`; other numbers with at most 15 significant digits, as
/// spreadsheets show them (`0.1 + 0.2` → `0.3`).
pub(crate) fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    format!("{rounded}")
}

/// Hours as `H:MM` (more than 24 hours stay hours, as in a duration cell).
fn duration_text(hours: f64) -> String {
    let minutes = (hours * 60.0).round() as i64;
    format!("{}:{:02}", minutes / 60, (minutes % 60).abs())
}

/// ODS dates: `2013-05-14T00:00:00` → `2013-05-14`; `2013-05-14T09:30:00` → `2013-05-14 09:30`.
fn iso_datetime_text(iso: &str) -> String {
    let Some((date, time)) = iso.split_once('T') else {
        return iso.to_owned();
    };
    let time = time.trim_end_matches(".000").trim_end_matches('Z');
    let time = time.strip_suffix(":00").unwrap_or(time);
    if time == "00:00" || time.is_empty() {
        date.to_owned()
    } else {
        format!("{date} {time}")
    }
}

/// ODS times and durations: `PT09H30M00S` → `09:30`.
fn iso_duration_text(iso: &str) -> String {
    let Some(rest) = iso.strip_prefix("PT") else {
        return iso.to_owned();
    };
    let mut numbers = [0f64; 3];
    let mut current = String::new();
    for c in rest.chars() {
        let slot = match c {
            'H' => 0,
            'M' => 1,
            'S' => 2,
            _ => {
                current.push(c);
                continue;
            }
        };
        numbers[slot] = current.parse().unwrap_or(0.0);
        current.clear();
    }
    let [hours, minutes, seconds] = numbers;
    let seconds = seconds.round() as i64;
    if seconds == 0 {
        format!("{:02}:{:02}", hours as i64, minutes as i64)
    } else {
        format!("{:02}:{:02}:{seconds:02}", hours as i64, minutes as i64)
    }
}

/// Decodes CSV bytes: UTF-16 or UTF-8 by their byte-order mark, UTF-8, or else
/// Windows-1252 (what French Excel writes for "CSV (séparateur: point-virgule)").
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiters a CSV file may use.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];

/// The most fields any record has with each of [`DELIMITERS`], counted
/// outside quotes, and the number of records: what reading it would take,
/// known before it is read.
fn csv_shape(text: &str) -> ([usize; 3], usize) {
    let (mut most, mut fields) = ([1usize; 3], [1usize; 3]);
    let (mut records, mut quoted) = (0usize, false);
    for &byte in text.as_bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                records += 1;
                fields = [1; 3];
            }
            _ if quoted => {}
            _ => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == byte) {
                    fields[i] += 1;
                    most[i] = most[i].max(fields[i]);
                }
            }
        }
    }
    if !text.is_empty() && !text.ends_with('\n') {
        records += 1;
    }
    (most, records)
}

/// Guesses the delimiter: the one of `;`, `,` and tab that cuts the most
/// lines into the same number of fields (more than one), among those that
/// give no line more fields than carnet reads.
pub(crate) fn guess_delimiter(text: &str) -> u8 {
    let (most, _) = csv_shape(text);
    let mut best = (0usize, 0usize, b',');
    // A delimiter that gives a line more fields than carnet reads is not
    // tried (that would take the memory it protects); should no other cut
    // the lines, it is the one, and reading refuses the file.
    if let Some(wide) = DELIMITERS.iter().zip(most).find(|(_, m)| *m > MAX_COLUMNS) {
        best.2 = *wide.0;
    }
    for (delimiter, most) in DELIMITERS.into_iter().zip(most) {
        if most > MAX_COLUMNS {
            continue;
        }
        let mut reader = csv_reader(text, delimiter);
        let mut counts = std::collections::BTreeMap::<usize, usize>::new();
        for record in reader.records().take(100).flatten() {
            if record.len() > 1 {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        let most = counts
            .iter()
            .max_by_key(|(fields, lines)| (**lines, **fields));
        if let Some((&fields, &lines)) = most
            && (lines, fields) > (best.0, best.1)
        {
            best = (lines, fields, delimiter);
        }
    }
    best.2
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Reads CSV bytes into a grid whose rows are numbered as a spreadsheet
/// shows the file: one row per record (a quoted field may hold line breaks),
/// blank lines counted. A file with more rows or columns than carnet reads
/// is refused before it is read.
pub(crate) fn read_csv(bytes: &[u8]) -> Result<Grid, Unreadable> {
    let text = decode(bytes);
    let (delimiter, body) = match excel_sep_line(&text) {
        Some((delimiter, body)) => (delimiter, body),
        None => (guess_delimiter(&text), text.as_str()),
    };
    let (most, records) = csv_shape(body);
    let columns = DELIMITERS
        .iter()
        .position(|&d| d == delimiter)
        .map_or(1, |i| most[i]);
    if records > MAX_ROWS || columns > MAX_COLUMNS {
        return Err(Unreadable::new(
            format!(
                "the file has {records} lines and up to {columns} fields on a line; carnet \
                 reads at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
            ),
            "keep only the participants' rows and columns in the file, then try again",
        ));
    }
    let mut reader = csv_reader(body, delimiter);
    let mut cells = Cells::default();
    let mut rows = 0usize;
    // The csv reader skips blank lines and its line count is not the row a
    // spreadsheet shows: count line breaks before each record instead,
    // less those inside earlier records' quoted fields.
    let bytes = body.as_bytes();
    let (mut counted, mut breaks, mut quoted_breaks) = (0usize, 0usize, 0usize);
    let mut record = csv::StringRecord::new();
    // A flexible reader of decoded text fails only on I/O, which a slice has not.
    while let Ok(true) = reader.read_record(&mut record) {
        let mut start = record
            .position()
            .map_or(counted, |p| p.byte() as usize)
            .max(counted);
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        breaks += bytes[counted..start.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        // (Old Mac files break lines with a lone CR: their rows simply follow each other.)
        let row = breaks.saturating_sub(quoted_breaks).max(rows);
        for (col, field) in record.iter().enumerate() {
            quoted_breaks += field.matches('\n').count();
            cells.set(row, col, field.to_owned())?;
        }
        rows = row + 1;
    }
    cells.grid(Vec::new())
}

/// Excel's `sep=;` first line names the delimiter and is not shown as a row:
/// gives the delimiter and the text after that line.
fn excel_sep_line(text: &str) -> Option<(u8, &str)> {
    let rest = text.strip_prefix("sep=")?;
    let delimiter = *rest
        .as_bytes()
        .first()
        .filter(|b| b.is_ascii_punctuation() || **b == b'\t')?;
    let rest = rest[1..].strip_prefix('\r').unwrap_or(&rest[1..]);
    Some((delimiter, rest.strip_prefix('\n')?))
}

/// A short picture of a row for messages: `Martin | Sophie | …`.
pub(crate) fn describe_row(row: &[String]) -> String {
    let cells: Vec<String> = row
        .iter()
        .map(|cell| super::text::clean(cell))
        .filter(|cell| !cell.is_empty())
        .collect();
    let mut shown: Vec<String> = cells.iter().take(5).map(|cell| shorten(cell, 24)).collect();
    if cells.len() > 5 {
        shown.push("…".to_owned());
    }
    shown.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(
            detect(b"Nom;Pr\xe9nom\r\nMartin;Sophie\r\n"),
            Ok(Format::Csv)
        );
        assert_eq!(detect(b"\xFF\xFEN\0o\0m\0"), Ok(Format::Csv));
        assert_eq!(
            detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Ok(Format::Xls)
        );
        let png = detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(png.message, "the file is a PNG image, not a spreadsheet");
        assert_eq!(detect(b"").unwrap_err().message, "the file is empty");
        assert!(detect(b"<html><table><tr><td>Nom</td></tr></table></html>").is_err());
        assert!(detect(b"\0\x01\x02binary").is_err());
        let cut = detect(b"PK\x03\x04\x14\0\0\0\x08\0").unwrap_err();
        assert!(
            cut.message.starts_with("the file is damaged or incomplete"),
            "{}",
            cut.message
        );
    }

    /// A zip archive holding these entries.
    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_formats_are_told_by_their_entries() {
        assert_eq!(
            detect(&zip_of(&[("xl/workbook.xml", "")])),
            Ok(Format::Xlsx)
        );
        assert_eq!(
            detect(&zip_of(&[("xl/workbook.bin", "")])),
            Ok(Format::Xlsb)
        );
        let ods = "application/vnd.oasis.opendocument.spreadsheet";
        assert_eq!(
            detect(&zip_of(&[("mimetype", ods), ("content.xml", "")])),
            Ok(Format::Ods)
        );
        let odt = "application/vnd.oasis.opendocument.text";
        let text = detect(&zip_of(&[("mimetype", odt), ("content.xml", "")])).unwrap_err();
        assert_eq!(
            text.message,
            "the file is a text document (odt), not a spreadsheet"
        );
        let word = detect(&zip_of(&[("word/document.xml", "")])).unwrap_err();
        assert_eq!(
            word.message,
            "the file is a Word document, not a spreadsheet"
        );
        let other = detect(&zip_of(&[("photo.jpg", "")])).unwrap_err();
        assert_eq!(
            other.message,
            "the file is a zip archive, not a spreadsheet"
        );
    }

    #[test]
    fn numbers_print_like_identifiers() {
        assert_eq!(number_text(75011.0), "75011");
        assert_eq!(number_text(612345678.0), "612345678");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn dates_print_as_iso_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |x| {
            cell_text(&Data::DateTime(ExcelDateTime::new(
                x,
                ExcelDateTimeType::DateTime,
                false,
            )))
        };
        assert_eq!(date(41408.0), "2013-05-14");
        assert_eq!(date(41408.375), "2013-05-14 09:00");
        assert_eq!(date(0.5), "12:00");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14T00:00:00".into())),
            "2013-05-14"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14".into())),
            "2013-05-14"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14T09:30:00".into())),
            "2013-05-14 09:30"
        );
        assert_eq!(cell_text(&Data::DurationIso("PT09H30M00S".into())), "09:30");
    }

    #[test]
    fn csv_encodings_are_recognised() {
        assert_eq!(decode(b"Pr\xc3\xa9nom"), "Prénom");
        assert_eq!(decode(b"\xef\xbb\xbfPr\xc3\xa9nom"), "Prénom");
        assert_eq!(decode(b"Pr\xe9nom \x80"), "Prénom €");
        assert_eq!(decode(b"\xff\xfeP\0r\0\xe9\0"), "Pré");
    }

    #[test]
    fn csv_delimiters_are_guessed() {
        assert_eq!(
            guess_delimiter("Nom;Prénom;Ville\nMartin;Sophie;Cholet\n"),
            b';'
        );
        assert_eq!(
            guess_delimiter("Nom,Prénom\n\"Martin, dite Sophie\",Sophie\n"),
            b','
        );
        assert_eq!(
            guess_delimiter("Nom\tPrénom\tVille\nMartin\tSophie, Marie\tCholet\n"),
            b'\t'
        );
        // Commas inside unquoted fields of a semicolon file do not fool it.
        assert_eq!(
            guess_delimiter(
                "Nom;Structure;Ville\nMartin;Coup de main, Rennes;Rennes\nPetit;Envie;Nantes\n"
            ),
            b';'
        );
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let grid =
            read_csv(b"Nom;Remarque\r\nMartin;\"deux\r\nlignes\"\r\n\r\nPetit;x\r\n").unwrap();
        assert_eq!(grid.rows.len(), 4);
        assert_eq!(grid.rows[1], ["Martin", "deux\r\nlignes"]);
        assert!(grid.rows[2].is_empty());
        assert_eq!(grid.rows[3], ["Petit", "x"]);
        let grid = read_csv(b"Nom;Ville\rMartin;Cholet\rPetit;Nantes\r").unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[2], ["Petit", "Nantes"]);
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let grid = read_csv(b"sep=,\nNom,Pr\xc3\xa9nom\nMartin;Sophie,Anne\n").unwrap();
        assert_eq!(grid.rows[0], ["Nom", "Prénom"]);
        assert_eq!(grid.rows[1], ["Martin;Sophie", "Anne"]);
    }
}
