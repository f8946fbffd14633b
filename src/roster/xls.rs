//! What an Excel 97–2003 workbook holds beside its values, in one pass over
//! its records.
//!
//! calamine reads an xls file's values, and uses its number formats only to
//! tell dates from numbers; it does not say which rows are hidden, nor how
//! a number is formatted (a phone number formatted `0000000000`). This pass
//! reads both from the workbook stream's records, and checks on the way
//! that the cells the records place lie within the bounds
//! ([`super::bounds`]): calamine lays out every sheet, from first cell to
//! last, as it opens the file.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::bounds::{Extent, cell_name, check_areas};
use super::format::Unreadable;
use super::grid::{HiddenSpan, Hiding};
use super::numfmt;
use crate::text;

/// The workbook's number formats and each sheet's hidden rows and cell formats.
#[derive(Debug, Default)]
pub(crate) struct XlsBook {
    /// The format code of each cell style (XF), by its index; `None` for General.
    formats: Vec<Option<String>>,
    /// The sheets, in the order of the workbook's sheet list.
    pub sheets: Vec<XlsSheet>,
}

/// What one sheet's records say beside the values.
#[derive(Debug, Default)]
pub(crate) struct XlsSheet {
    /// Its hidden (or filtered) rows.
    pub hidden: Vec<HiddenSpan>,
    /// The style (XF) of each number cell whose format is not General.
    styles: HashMap<(u32, u32), u16>,
}

impl XlsBook {
    /// The format code of a number cell of the `sheet`-th sheet, unless General.
    pub(super) fn format(&self, sheet: usize, row: u32, col: u32) -> Option<&str> {
        let style = *self.sheets.get(sheet)?.styles.get(&(row, col))?;
        self.formats.get(usize::from(style))?.as_deref()
    }
}

/// Record types read here.
mod record {
    pub(super) const BOF: u16 = 0x0809;
    pub(super) const EOF: u16 = 0x000A;
    pub(super) const BOUNDSHEET: u16 = 0x0085;
    pub(super) const DIMENSIONS: u16 = 0x0200;
    pub(super) const FORMAT: u16 = 0x041E;
    pub(super) const XF: u16 = 0x00E0;
    pub(super) const ROW: u16 = 0x0208;
    pub(super) const AUTOFILTERINFO: u16 = 0x009D;
    pub(super) const NUMBER: u16 = 0x0203;
    pub(super) const RK: u16 = 0x027E;
    pub(super) const MULRK: u16 = 0x00BD;
    pub(super) const FORMULA: u16 = 0x0006;
    pub(super) const LABEL: u16 = 0x0204;
    pub(super) const RSTRING: u16 = 0x00D6;
    pub(super) const BOOLERR: u16 = 0x0205;
    pub(super) const LABELSST: u16 = 0x00FD;
}

/// Reads the workbook stream's records, refusing cells beyond the bounds.
pub(crate) fn scan(bytes: &[u8]) -> Result<XlsBook, Unreadable> {
    let hint = || text!("roster-xls-damaged-hint");
    let damaged = |e: std::io::Error| {
        Unreadable::new(text!("roster-xls-damaged", reason = e.to_string()), hint())
    };
    let mut compound = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| compound.is_stream(name))
        .ok_or_else(|| Unreadable::new(text!("roster-xls-no-workbook"), hint()))?;
    let mut stream = Vec::new();
    compound
        .open_stream(name)
        .and_then(|s| {
            s.take(crate::limits::MAX_FILE_BYTES)
                .read_to_end(&mut stream)
        })
        .map_err(damaged)?;

    let mut formats: Vec<Option<String>> = Vec::new();
    // Format codes by their ID, and each style's format ID.
    let mut codes: HashMap<u16, String> = HashMap::new();
    let mut style_formats: Vec<u16> = Vec::new();
    // Where each sheet's records begin, in sheet-list order.
    let mut starts: Vec<usize> = Vec::new();
    let mut sheets: Vec<Option<XlsSheet>> = Vec::new();
    let mut biff8 = true;
    let mut extents = Vec::new();
    let mut extent = Extent::default();
    // The sheet being read, by its place in the list.
    let mut sheet: Option<(usize, XlsSheet)> = None;
    let (mut in_workbook, mut filtered) = (false, false);
    let mut depth = 0usize;
    let mut at = 0usize;
    while let Some(head) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        let start = at;
        at += 4 + len;
        let word = |i: usize| data.get(i..i + 2).map(|w| u16::from_le_bytes([w[0], w[1]]));
        let place = |i: usize| Some((usize::from(word(i)?), usize::from(word(i + 2)?)));
        match kind {
            record::BOF => {
                if depth == 0 {
                    finish(&mut sheets, sheet.take(), filtered);
                    filtered = false;
                    match starts.iter().position(|&s| s == start) {
                        Some(index) => sheet = Some((index, XlsSheet::default())),
                        // The workbook's own records come first.
                        None if starts.is_empty() => {
                            in_workbook = true;
                            biff8 = word(0) == Some(0x0600);
                        }
                        None => {}
                    }
                }
                depth += 1;
            }
            record::EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    extents.push(std::mem::take(&mut extent));
                    check_areas(&extents)?;
                    if std::mem::take(&mut in_workbook) {
                        formats = style_formats
                            .iter()
                            .map(|id| format_code(*id, &codes))
                            .collect();
                        sheets.resize_with(starts.len(), || None);
                    }
                }
            }
            record::BOUNDSHEET => {
                if let Some(position) = data.get(0..4) {
                    let position =
                        u32::from_le_bytes([position[0], position[1], position[2], position[3]]);
                    starts.push(position as usize);
                }
            }
            record::FORMAT => {
                if let (Some(id), Some(code)) = (word(0), format_text(data, biff8)) {
                    codes.insert(id, code);
                }
            }
            record::XF => style_formats.push(word(2).unwrap_or(0)),
            record::ROW => {
                // The row's flags: fDyZero (bit 5) is a row of no height, a hidden one.
                if let (Some(row), Some(flags), Some((_, sheet))) =
                    (word(0), data.get(12), sheet.as_mut())
                    && flags & 0x20 != 0
                {
                    sheet.hidden.push(HiddenSpan {
                        first: usize::from(row),
                        count: 1,
                        why: Hiding::Hidden,
                    });
                }
            }
            record::AUTOFILTERINFO => filtered |= sheet.is_some(),
            record::DIMENSIONS => {
                if let Some((rows, cols)) = dimensions(data)? {
                    extent.add(rows, cols, None)?;
                }
            }
            record::NUMBER | record::RK | record::FORMULA => {
                if let Some((row, col)) = place(0) {
                    extent.add((row, row), (col, col), None)?;
                    if let (Some(style), Some((_, sheet))) = (word(4), sheet.as_mut()) {
                        keep_style(sheet, &formats, (row, col), style);
                    }
                }
            }
            record::LABEL | record::RSTRING | record::BOOLERR | record::LABELSST => {
                if let Some((row, col)) = place(0) {
                    extent.add((row, row), (col, col), None)?;
                }
            }
            // MulRk: row, first column, (style, value) each, last column.
            record::MULRK => {
                if let (Some(row), Some(first), Some(last)) =
                    (word(0), word(2), len.checked_sub(2).and_then(word))
                {
                    let (row, first, last) =
                        (usize::from(row), usize::from(first), usize::from(last));
                    extent.add((row, row), (first.min(last), first.max(last)), None)?;
                    if let Some((_, sheet)) = sheet.as_mut() {
                        for (i, col) in (first..=last).enumerate() {
                            if let Some(style) = word(4 + 6 * i) {
                                keep_style(sheet, &formats, (row, col), style);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    extents.push(extent);
    check_areas(&extents)?;
    finish(&mut sheets, sheet, filtered);
    Ok(XlsBook {
        formats,
        sheets: sheets.into_iter().map(Option::unwrap_or_default).collect(),
    })
}

/// First and last rows, or columns, 0-based and inclusive.
type Span = (usize, usize);

/// The rows and columns a sheet's DIMENSIONS record has calamine make room
/// for, read as calamine reads them (BIFF5's 16-bit rows by the record's
/// length, the last row and column one past the used range); `None` for
/// an empty sheet or a record calamine refuses itself. A range that ends
/// before it begins is refused: calamine's count of its rows would wrap
/// round to billions.
fn dimensions(data: &[u8]) -> Result<Option<(Span, Span)>, Unreadable> {
    let word = |i: usize| usize::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let long = |i: usize| {
        let bytes = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        u32::from_le_bytes(bytes) as usize
    };
    let (first_row, end_row, first_col, end_col) = match data.len() {
        10 => (word(0), word(2), word(4), word(6)),
        14 | 16 => (long(0), long(4), word(8), word(10)),
        _ => return Ok(None),
    };
    if end_row == 0 || end_col == 0 {
        return Ok(None);
    }
    // calamine's reading of a first column past IV, or after the last.
    let first_col = if first_col > 0xFF || end_col < first_col {
        0
    } else {
        first_col
    };
    if end_row <= first_row || end_col <= first_col {
        let range = format!(
            "{}:{}",
            cell_name(first_row, first_col),
            cell_name(end_row - 1, end_col - 1)
        );
        return Err(Unreadable::new(
            text!("roster-xls-backward-range", range = range),
            text!("roster-xls-damaged-hint"),
        ));
    }
    Ok(Some(((first_row, end_row - 1), (first_col, end_col - 1))))
}

/// Keeps a number cell's style when its format is not General.
fn keep_style(sheet: &mut XlsSheet, formats: &[Option<String>], at: (usize, usize), style: u16) {
    if formats.get(usize::from(style)).is_some_and(Option::is_some) {
        // Within the bounds checked before, so these fit in u32.
        sheet.styles.insert((at.0 as u32, at.1 as u32), style);
    }
}

/// Files a sheet read to its end at its place in the list.
fn finish(sheets: &mut [Option<XlsSheet>], sheet: Option<(usize, XlsSheet)>, filtered: bool) {
    if let Some((index, mut sheet)) = sheet {
        if filtered {
            for span in &mut sheet.hidden {
                span.why = Hiding::Filtered;
            }
        }
        if let Some(slot) = sheets.get_mut(index) {
            *slot = Some(sheet);
        }
    }
}

/// A style's format code: the workbook's own, or Excel's built-in one; `None` for General.
fn format_code(id: u16, codes: &HashMap<u16, String>) -> Option<String> {
    let code = codes
        .get(&id)
        .cloned()
        .or_else(|| numfmt::builtin(id.into()).map(str::to_owned))?;
    (!code.eq_ignore_ascii_case("general")).then_some(code)
}

/// The text of a Format record: after its ID, a string (BIFF8: 16-bit
/// length, a flags byte, Latin-1 or UTF-16 characters; BIFF5: 8-bit
/// length, Windows-1252 bytes).
fn format_text(data: &[u8], biff8: bool) -> Option<String> {
    if !biff8 {
        let len = usize::from(*data.get(2)?);
        let bytes = data.get(3..3 + len)?;
        return Some(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned());
    }
    let len = usize::from(u16::from_le_bytes([*data.get(2)?, *data.get(3)?]));
    let wide = data.get(4)? & 1 == 1;
    let chars = data.get(5..)?;
    if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.iter().take(len).map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_are_read_from_a_file_libreoffice_wrote() {
        let bytes = include_bytes!("../../tests/fixtures/roster/messy.xls");
        let book = scan(bytes).unwrap();
        assert_eq!(book.sheets.len(), 1);
        // "Inscrit le" (K2) is formatted as a date; the phone (J3) is General.
        let date = book.format(0, 1, 10).unwrap().to_ascii_lowercase();
        assert!(date.contains("dd") && date.contains("yyyy"), "{date}");
        assert_eq!(book.format(0, 2, 9), None);
        assert!(book.sheets[0].hidden.is_empty());
    }

    #[test]
    fn format_records_are_read_in_both_string_forms() {
        let narrow = [0xA4, 0x00, 0x05, 0x00, 0x00, b'0', b'0', b'0', b'0', b'0'];
        assert_eq!(format_text(&narrow, true).as_deref(), Some("00000"));
        let mut wide = vec![0xA4, 0x00, 0x02, 0x00, 0x01];
        wide.extend("é0".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(format_text(&wide, true).as_deref(), Some("é0"));
        let biff5 = [0xA4, 0x00, 0x02, 0xE9, b'0'];
        assert_eq!(format_text(&biff5, false).as_deref(), Some("é0"));
        assert_eq!(format_text(&[0xA4], true), None);
    }

    #[test]
    fn a_used_range_is_read_as_calamine_reads_it() {
        let biff8 = |rows: (u32, u32), cols: (u16, u16)| {
            let mut data = Vec::new();
            data.extend(rows.0.to_le_bytes());
            data.extend(rows.1.to_le_bytes());
            data.extend(cols.0.to_le_bytes());
            data.extend(cols.1.to_le_bytes());
            data.extend([0, 0]);
            data
        };
        let range = |data: &[u8]| dimensions(data).ok();
        assert_eq!(range(&biff8((0, 4), (0, 4))), Some(Some(((0, 3), (0, 3)))));
        assert_eq!(range(&biff8((2, 0), (0, 0))), Some(None));
        // A first column past IV, or after the last, is read as A.
        assert_eq!(
            range(&biff8((0, 2), (300, 4))),
            Some(Some(((0, 1), (0, 3))))
        );
        assert_eq!(range(&biff8((0, 2), (9, 4))), Some(Some(((0, 1), (0, 3)))));
        // BIFF5's rows are 16-bit.
        let biff5 = [1, 0, 3, 0, 0, 0, 2, 0, 0, 0];
        assert_eq!(range(&biff5), Some(Some(((1, 2), (0, 1)))));
        // Ranges that end before they begin.
        assert_eq!(range(&biff8((5, 1), (0, 4))), None);
        assert_eq!(range(&biff8((0, 4), (3, 3))), None);
        assert_eq!(range(&[0; 7]), Some(None));
    }
}
