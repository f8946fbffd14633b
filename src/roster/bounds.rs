//! Reading a spreadsheet within bounds, whatever it claims.
//!
//! A spreadsheet's reader lays a sheet out as a rectangle from its first
//! used cell to its last, so one stray value at XFD1048576 asks for 17
//! billion cells; a zipped workbook's entry may inflate a thousandfold;
//! a CSV line may hold fifty million delimiters. Everything here looks at
//! the file's real content before anything is laid out, and turns a breach
//! of [`crate::limits`] into a sentence that says where and what to do.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::limits::{
    MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES,
    size_in_units,
};
use crate::text;

use super::format::Unreadable;
use super::grid::{Grid, Merge, Typed};
use super::text::{column_letters, shorten};

/// A cell's name as the spreadsheet shows it: `XFD1048576`.
pub(crate) fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// The error for a cell beyond the rows or columns carnet reads, with
/// its value, or the sheet it is on when the message names it.
fn stray_cell(row: usize, col: usize, value: Option<&str>, sheet: Option<&str>) -> Unreadable {
    let at = cell_name(row, col);
    let value = value.map(|v| format!("{:?}", shorten(v.trim(), 30)));
    let message = match (value, sheet) {
        // a cell's value is named as its sheet is read, when the problem
        // points at the sheet already
        (Some(value), _) => text!(
            "roster-stray-cell-value",
            cell = &at,
            value = value,
            rows = MAX_ROWS,
            columns = MAX_COLUMNS
        ),
        (None, Some(sheet)) => text!(
            "roster-stray-cell-on-sheet",
            sheet = sheet,
            cell = &at,
            rows = MAX_ROWS,
            columns = MAX_COLUMNS
        ),
        (None, None) => text!(
            "roster-stray-cell",
            cell = &at,
            rows = MAX_ROWS,
            columns = MAX_COLUMNS
        ),
    };
    Unreadable::new(message, text!("roster-stray-cell-hint", cell = at))
}

pub(crate) fn too_many_cells(last: Option<String>) -> Unreadable {
    let message = match last {
        Some(at) => text!("roster-too-many-cells-at", cells = MAX_CELLS, cell = at),
        None => text!("roster-too-many-cells", cells = MAX_CELLS),
    };
    Unreadable::new(message, text!("roster-too-many-cells-hint"))
}

/// Whether a cell's position is one carnet reads: `value` is the
/// cell's, `sheet` the one to name.
fn check_position(
    row: usize,
    col: usize,
    value: Option<&str>,
    sheet: Option<&str>,
) -> Result<(), Unreadable> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        return Err(stray_cell(row, col, value, sheet));
    }
    Ok(())
}

/// A sheet's cells, gathered one at a time within the bounds: the grid's
/// rows are as long as their last value, and never more than
/// [`MAX_CELLS`] cells are laid out in all.
#[derive(Default)]
pub(crate) struct Cells {
    rows: Vec<Vec<String>>,
    laid_out: usize,
    typed: HashMap<(u32, u32), Typed>,
    /// Set when the format does not say how numbers are formatted.
    pub formats_unknown: bool,
}

impl Cells {
    /// Sets the cell at (row, column), 0-based, with what the spreadsheet
    /// holds it as when it is not text.
    pub(super) fn set_typed(
        &mut self,
        row: usize,
        col: usize,
        text: String,
        typed: Option<Typed>,
    ) -> Result<(), Unreadable> {
        let stored = !text.is_empty();
        self.set(row, col, text)?;
        if let (true, Some(typed)) = (stored, typed) {
            // Within the bounds checked by `set`, so these fit in u32.
            self.typed.insert((row as u32, col as u32), typed);
        }
        Ok(())
    }

    /// Sets the cell at (row, column), 0-based; empty text is not stored.
    pub(super) fn set(&mut self, row: usize, col: usize, text: String) -> Result<(), Unreadable> {
        if text.is_empty() {
            return Ok(());
        }
        check_position(row, col, Some(&text), None)?;
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(Unreadable::new(
                text!(
                    "roster-cell-too-long",
                    cell = cell_name(row, col),
                    chars = chars,
                    most = MAX_CELL_CHARS
                ),
                text!("roster-cell-too-long-hint"),
            ));
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            self.laid_out += col + 1 - cells.len();
            if self.laid_out > MAX_CELLS {
                return Err(too_many_cells(Some(cell_name(row, col))));
            }
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        Ok(())
    }

    /// The grid, with the merges that fall inside it. Merges are clipped to
    /// the rows that exist; the rows they span in all are bounded, since
    /// each is filled in row by row.
    pub(super) fn grid(self, merges: Vec<Merge>) -> Result<Grid, Unreadable> {
        let rows = self.rows.len();
        let mut spanned = 0usize;
        let mut kept = Vec::new();
        for mut merge in merges {
            if merge.first_row >= rows
                || merge.first_col >= MAX_COLUMNS
                || merge.last_row < merge.first_row
                || merge.last_col < merge.first_col
            {
                continue;
            }
            merge.last_row = merge.last_row.min(rows - 1);
            merge.last_col = merge.last_col.min(MAX_COLUMNS - 1);
            spanned += merge.last_row - merge.first_row + 1;
            if spanned > MAX_CELLS {
                return Err(Unreadable::new(
                    text!("roster-too-many-merges"),
                    text!("roster-too-many-merges-hint"),
                ));
            }
            kept.push(merge);
        }
        Ok(Grid {
            rows: self.rows,
            merges: kept,
            typed: self.typed,
            hidden: Vec::new(),
            number_formats: !self.formats_unknown,
        })
    }
}

/// The names of the entries carnet's spreadsheet reader inflates: XML and
/// binary parts, not pictures or embedded objects.
fn is_read_entry(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xml", ".rels", ".bin"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower == "mimetype"
}

/// Inflates every entry of a zipped workbook that its reader will read,
/// counting: none may exceed [`MAX_ENTRY_BYTES`], nor all of them
/// [`MAX_UNZIPPED_BYTES`], whatever sizes the archive declares.
pub(crate) fn check_zip(bytes: &[u8]) -> Result<(), Unreadable> {
    let damaged = |e: zip::result::ZipError| {
        Unreadable::new(
            text!("roster-zip-damaged", reason = e.to_string()),
            text!("roster-save-again-or-download"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(damaged)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if !entry.is_file() || !is_read_entry(&name) {
            continue;
        }
        let inflated = std::io::copy(
            &mut (&mut entry).take(MAX_ENTRY_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            Unreadable::new(
                text!(
                    "roster-zip-part-damaged",
                    part = &name,
                    reason = e.to_string()
                ),
                text!("roster-save-again-or-download"),
            )
        })?;
        total += inflated;
        if inflated > MAX_ENTRY_BYTES || total > MAX_UNZIPPED_BYTES {
            let (compressed, unit) = size_in_units(bytes.len() as u64);
            let message = if inflated > MAX_ENTRY_BYTES {
                let (limit, limit_unit) = size_in_units(MAX_ENTRY_BYTES);
                text!(
                    "roster-zip-part-too-large",
                    size = compressed,
                    unit = unit,
                    part = &name,
                    limit = limit,
                    limit_unit = limit_unit
                )
            } else {
                let (limit, limit_unit) = size_in_units(MAX_UNZIPPED_BYTES);
                text!(
                    "roster-zip-too-large",
                    size = compressed,
                    unit = unit,
                    limit = limit,
                    limit_unit = limit_unit
                )
            };
            return Err(Unreadable::new(message, text!("roster-zip-too-large-hint")));
        }
    }
    Ok(())
}

/// The extent of one sheet's used cells, 0-based and inclusive.
#[derive(Default)]
pub(crate) struct Extent {
    rows: Option<(usize, usize)>,
    cols: Option<(usize, usize)>,
}

impl Extent {
    /// Takes in a used block of cells; refuses one beyond the bounds,
    /// naming `sheet` if given.
    pub(super) fn add(
        &mut self,
        rows: (usize, usize),
        cols: (usize, usize),
        sheet: Option<&str>,
    ) -> Result<(), Unreadable> {
        check_position(rows.1, cols.1, None, sheet)?;
        let widen = |old: Option<(usize, usize)>, new: (usize, usize)| match old {
            Some((first, last)) => Some((first.min(new.0), last.max(new.1))),
            None => Some(new),
        };
        self.rows = widen(self.rows, rows);
        self.cols = widen(self.cols, cols);
        Ok(())
    }

    /// The cells of the rectangle a reader lays out for it.
    fn area(&self) -> usize {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Adds the sheets' rectangles, refusing more than [`MAX_CELLS`] in all
/// (a workbook's reader may lay out every sheet at once).
pub(crate) fn check_areas(extents: &[Extent]) -> Result<(), Unreadable> {
    let mut total = 0usize;
    for extent in extents {
        total = total.saturating_add(extent.area());
        if total > MAX_CELLS {
            let last = extent
                .rows
                .zip(extent.cols)
                .map(|(r, c)| cell_name(r.1, c.1));
            return Err(too_many_cells(last));
        }
    }
    Ok(())
}

/// Takes in an ODS cell and its repeats; one repeated past the bounds is
/// named as such (a stray cell would be another story), on `sheet`.
pub(crate) fn add_repeated(
    extent: &mut Extent,
    (row, rows): (usize, usize),
    (col, cols): (usize, usize),
    sheet: Option<&str>,
) -> Result<(), Unreadable> {
    let (last_row, last_col) = (span(row, rows).1, span(col, cols).1);
    if (rows > 1 || cols > 1) && (last_row >= MAX_ROWS || last_col >= MAX_COLUMNS) {
        let at = cell_name(row, col);
        let (what, times) = if last_row >= MAX_ROWS {
            ("row", rows)
        } else {
            ("cell", cols)
        };
        let last = cell_name(last_row, last_col);
        let message = match sheet {
            Some(sheet) => text!(
                "roster-repeated-on-sheet",
                sheet = sheet,
                cell = &at,
                what = what,
                times = times,
                last = last,
                rows = MAX_ROWS,
                columns = MAX_COLUMNS
            ),
            None => text!(
                "roster-repeated",
                cell = &at,
                what = what,
                times = times,
                last = last,
                rows = MAX_ROWS,
                columns = MAX_COLUMNS
            ),
        };
        return Err(Unreadable::new(
            message,
            text!("roster-repeated-hint", cell = at),
        ));
    }
    extent.add(span(row, rows), span(col, cols), sheet)
}

/// `first..first + count`, inclusive, as a pair.
pub(crate) fn span(first: usize, count: usize) -> (usize, usize) {
    (first, first.saturating_add(count.max(1) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_cell_is_named_before_anything_is_laid_out() {
        let mut cells = Cells::default();
        cells.set(0, 0, "Nom".into()).unwrap();
        let error = cells.set(1_048_575, 16_383, "x".into()).unwrap_err();
        assert!(
            error.message.english().contains("runs to XFD1048576"),
            "{}",
            error.message
        );
        assert!(
            error.hint.english().contains("delete the cell XFD1048576"),
            "{}",
            error.hint
        );
    }

    #[test]
    fn cells_are_bounded_in_length_and_number() {
        let mut cells = Cells::default();
        let long = "é".repeat(MAX_CELL_CHARS + 1);
        let error = cells.set(4, 2, long).unwrap_err();
        assert!(
            error
                .message
                .english()
                .contains("the cell C5 holds 32768 characters"),
            "{}",
            error.message
        );
        let mut cells = Cells::default();
        let rows = MAX_CELLS / (MAX_COLUMNS - 1) + 1;
        let mut failed = None;
        for row in 0..rows {
            if let Err(e) = cells.set(row, MAX_COLUMNS - 1, "x".into()) {
                failed = Some(e);
                break;
            }
        }
        assert!(failed.is_some_and(|e| e.message.english().contains("more than 5000000 cells")));
    }
}
