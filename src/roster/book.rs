//! A workbook's sheets, read into [`Grid`]s: which sheet holds the roster,
//! what lies beside it, and each cell laid out as the spreadsheet shows it.

use std::io::{Cursor, Read};

use calamine::{Data, Ods, Range, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx};

use super::bounds::{self, Cells};
use super::cell::{Shows, read_cell};
use super::delimited::read_csv;
use super::format::{Format, Unreadable};
use super::grid::{Grid, Merge};
use super::numfmt;
use super::ods::{self, OdsSheet};
use super::xls::{self, XlsBook};
use super::xlsx;
use crate::text;

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
    pub(super) fn open(bytes: &'a [u8], format: Format) -> Result<Self, Unreadable> {
        let cursor = Cursor::new(bytes);
        let beside = match format {
            Format::Csv => return Ok(Book::Csv(read_csv(bytes)?)),
            Format::Xlsx => {
                bounds::check_zip(bytes)?;
                xlsx::check_shared_strings(bytes)?;
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
        });
        let hint = || text!("roster-save-again-or-download");
        let sheets = match opened {
            Some(Ok(sheets)) => sheets,
            Some(Err(reason)) => {
                return Err(Unreadable::new(
                    text!(
                        "roster-workbook-unreadable",
                        format = format.key(),
                        reason = reason
                    ),
                    hint(),
                ));
            }
            None => {
                return Err(Unreadable::new(
                    text!("roster-workbook-stopped", format = format.key()),
                    hint(),
                ));
            }
        };
        Ok(Book::Workbook {
            sheets: Box::new(sheets),
            beside,
        })
    }

    /// The sheets, in workbook order; none for a CSV file.
    pub(super) fn sheets(&self) -> Vec<SheetInfo> {
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
    pub(super) fn grid(&mut self, sheet: &str) -> Result<Grid, Unreadable> {
        let (sheets, beside) = match self {
            Book::Csv(grid) => return Ok(grid.clone()),
            Book::Workbook { sheets, beside } => (sheets, &*beside),
        };
        let read = crate::error::contain(|| read_sheet(sheets.as_mut(), beside, sheet));
        read.unwrap_or_else(|| {
            Err(Unreadable::new(
                text!("roster-sheet-stopped", sheet = sheet),
                text!("roster-sheet-damaged-hint"),
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
        Unreadable::new(
            text!(
                "roster-sheet-unreadable",
                sheet = sheet,
                reason = e.to_string()
            ),
            text!("roster-sheet-damaged-hint"),
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
