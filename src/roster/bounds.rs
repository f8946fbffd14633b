//! Reading a spreadsheet within bounds, whatever it claims.
//!
//! A spreadsheet's reader lays a sheet out as a rectangle from its first
//! used cell to its last, so one stray value at XFD1048576 asks for 17
//! billion cells; a zipped workbook's entry may inflate a thousandfold;
//! a CSV line may hold fifty million delimiters. Everything here looks at
//! the file's real content before anything is laid out, and turns a breach
//! of [`crate::limits`] into a sentence that says where and what to do.

use std::io::{Cursor, Read};

use crate::limits::{
    MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ENTRY_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES, size,
};

use super::format::{Grid, Merge, Unreadable};
use super::text::{column_letters, shorten};

/// A cell's name as the spreadsheet shows it: `XFD1048576`.
pub(crate) fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// The error for a cell beyond the rows or columns carnet reads.
fn stray_cell(row: usize, col: usize, value: Option<&str>) -> Unreadable {
    let at = cell_name(row, col);
    let value = value
        .map(|v| format!(" ({:?})", shorten(v.trim(), 30)))
        .unwrap_or_default();
    Unreadable::new(
        format!(
            "the sheet's used range runs to {at} because of a stray cell there{value}; \
             carnet reads at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
        ),
        format!(
            "delete the cell {at} (and anything else far below or right of the participants), \
             then save the file again"
        ),
    )
}

fn too_many_cells(last: Option<String>) -> Unreadable {
    let last = last
        .map(|at| format!(" (one runs to {at})"))
        .unwrap_or_default();
    Unreadable::new(
        format!(
            "the sheets hold more than {MAX_CELLS} cells from their first used cell to their \
             last{last}, more than any roster"
        ),
        "delete the rows and columns that are not the participants' (a stray value far \
         below or to the right, or other sheets), then save the file again",
    )
}

/// Whether a cell's position is one carnet reads.
fn check_position(row: usize, col: usize, value: Option<&str>) -> Result<(), Unreadable> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        return Err(stray_cell(row, col, value));
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
}

impl Cells {
    /// Sets the cell at (row, column), 0-based; empty text is not stored.
    pub fn set(&mut self, row: usize, col: usize, text: String) -> Result<(), Unreadable> {
        if text.is_empty() {
            return Ok(());
        }
        check_position(row, col, Some(&text))?;
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(Unreadable::new(
                format!(
                    "the cell {} holds {chars} characters, more than the {MAX_CELL_CHARS} a \
                     spreadsheet cell may hold",
                    cell_name(row, col)
                ),
                "shorten that cell's text (or delete it), then save the file again",
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
    pub fn grid(self, merges: Vec<Merge>) -> Result<Grid, Unreadable> {
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
                    "the sheet merges more cells than any roster",
                    "unmerge the cells (select all, then Unmerge), then save the file again",
                ));
            }
            kept.push(merge);
        }
        Ok(Grid {
            rows: self.rows,
            merges: kept,
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
            format!("the file is damaged: one of its parts cannot be read ({e})"),
            "open it in a spreadsheet program and save it again; if it was downloaded, \
             download it again",
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
                format!("the file is damaged: its part {name} cannot be read ({e})"),
                "open it in a spreadsheet program and save it again; if it was downloaded, \
                 download it again",
            )
        })?;
        total += inflated;
        if inflated > MAX_ENTRY_BYTES || total > MAX_UNZIPPED_BYTES {
            let (what, limit) = if inflated > MAX_ENTRY_BYTES {
                (format!("its part {name} alone"), MAX_ENTRY_BYTES)
            } else {
                ("its parts".to_owned(), MAX_UNZIPPED_BYTES)
            };
            return Err(Unreadable::new(
                format!(
                    "the file is {} compressed, but {what} inflate to more than {}: no roster \
                     is that large",
                    size(bytes.len() as u64),
                    size(limit)
                ),
                "open it in a spreadsheet program, delete what is not the participants, and \
                 save it again; if it came from elsewhere, ask for the spreadsheet itself",
            ));
        }
    }
    Ok(())
}

/// The extent of one sheet's used cells, 0-based and inclusive.
#[derive(Default)]
struct Extent {
    rows: Option<(usize, usize)>,
    cols: Option<(usize, usize)>,
}

impl Extent {
    /// Takes in a used block of cells; refuses one beyond the bounds.
    fn add(&mut self, rows: (usize, usize), cols: (usize, usize)) -> Result<(), Unreadable> {
        check_position(rows.1, cols.1, None)?;
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
fn check_areas(extents: &[Extent]) -> Result<(), Unreadable> {
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

/// Checks every sheet of an OpenDocument spreadsheet's `content.xml`: the
/// cells holding a value, with their repeats, must lie within the bounds.
/// Its reader expands `number-rows-repeated` and `number-columns-repeated`
/// into cells, for every sheet, as it opens the file.
pub(crate) fn check_ods(xml: &str) -> Result<(), Unreadable> {
    let mut extents = Vec::new();
    let mut extent = Extent::default();
    let mut depth = 0usize; // tables, counting nested ones
    let (mut row, mut col, mut row_repeat) = (0usize, 0usize, 1usize);
    // A cell whose content is being read: its column, its repeat, whether it holds a value.
    let mut open_cell: Option<(usize, usize, bool)> = None;
    let mut sheet = None;
    let on_sheet = |sheet: &Option<String>, mut error: Unreadable| {
        if let Some(name) = sheet {
            error.message = format!("on the sheet `{name}`, {}", error.message);
        }
        error
    };
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        if let Some(cell) = open_cell.as_mut()
            && !rest[..open].trim().is_empty()
        {
            cell.2 = true;
        }
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        match name {
            "table:table" if closing => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    extents.push(std::mem::take(&mut extent));
                    check_areas(&extents)?;
                }
            }
            "table:table" if !self_closing => {
                if depth == 0 {
                    row = 0;
                    sheet = tag_attribute(tag, "table:name");
                }
                depth += 1;
            }
            _ if depth != 1 => {}
            "table:table-row" if closing => row = row.saturating_add(row_repeat),
            "table:table-row" => {
                row_repeat = repeat(tag, "table:number-rows-repeated");
                col = 0;
                if self_closing {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if closing => {
                if let Some((first, repeats, true)) = open_cell.take() {
                    add_repeated(&mut extent, (row, row_repeat), (first, repeats))
                        .map_err(|e| on_sheet(&sheet, e))?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeats = repeat(tag, "table:number-columns-repeated");
                let valued = tag.contains("office:value-type") || tag.contains("table:formula");
                if self_closing {
                    if valued {
                        add_repeated(&mut extent, (row, row_repeat), (col, repeats))
                            .map_err(|e| on_sheet(&sheet, e))?;
                    }
                } else {
                    open_cell = Some((col, repeats, valued));
                }
                col = col.saturating_add(repeats);
            }
            _ => {}
        }
    }
    extents.push(extent);
    check_areas(&extents)
}

/// Takes in an ODS cell and its repeats; one repeated past the bounds is
/// named as such (a stray cell would be another story).
fn add_repeated(
    extent: &mut Extent,
    (row, rows): (usize, usize),
    (col, cols): (usize, usize),
) -> Result<(), Unreadable> {
    let (last_row, last_col) = (span(row, rows).1, span(col, cols).1);
    if (rows > 1 || cols > 1) && (last_row >= MAX_ROWS || last_col >= MAX_COLUMNS) {
        let at = cell_name(row, col);
        let (what, times) = if last_row >= MAX_ROWS {
            ("its row", rows)
        } else {
            ("the cell", cols)
        };
        return Err(Unreadable::new(
            format!(
                "the cell {at} holds a value and {what} is repeated {times} times, which runs \
                 the sheet's used range to {}; carnet reads at most {MAX_ROWS} rows and \
                 {MAX_COLUMNS} columns",
                cell_name(last_row, last_col)
            ),
            format!(
                "select the rows (or columns) after the participants from {at} on, delete \
                 them, then save the file again"
            ),
        ));
    }
    extent.add(span(row, rows), span(col, cols))
}

/// `first..first + count`, inclusive, as a pair.
fn span(first: usize, count: usize) -> (usize, usize) {
    (first, first.saturating_add(count.max(1) - 1))
}

/// A quoted attribute's text (its entities left as written).
fn tag_attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(name)?;
    let value = tag[at + name.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// A repeat count attribute: 1 when absent or unreadable.
fn repeat(tag: &str, name: &str) -> usize {
    let Some(at) = tag.find(name) else { return 1 };
    let value = tag[at + name.len()..]
        .trim_start()
        .strip_prefix('=')
        .map(str::trim_start)
        .and_then(|v| v.strip_prefix(['"', '\'']))
        .unwrap_or("");
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&n| n >= 1).unwrap_or(1)
}

/// Checks every sheet of an Excel 97–2003 workbook: the cells its records
/// place must lie within the bounds. Its reader lays out every sheet, from
/// first cell to last, as it opens the file.
pub(crate) fn check_xls(bytes: &[u8]) -> Result<(), Unreadable> {
    let damaged = |what: String| {
        Unreadable::new(
            format!("the file is damaged ({what})"),
            "open it in a spreadsheet program and save it again (as .xlsx preferably)",
        )
    };
    let mut compound =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| compound.is_stream(name))
        .ok_or_else(|| damaged("it has no workbook inside".to_owned()))?;
    let mut stream = Vec::new();
    compound
        .open_stream(name)
        .and_then(|s| {
            s.take(crate::limits::MAX_FILE_BYTES)
                .read_to_end(&mut stream)
        })
        .map_err(|e| damaged(e.to_string()))?;

    let mut extents = Vec::new();
    let mut extent = Extent::default();
    let mut depth = 0usize;
    let mut at = 0usize;
    while let Some(head) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        at += 4 + len;
        let word = |i: usize| {
            data.get(i..i + 2)
                .map(|w| usize::from(u16::from_le_bytes([w[0], w[1]])))
        };
        match kind {
            0x0809 => depth += 1, // BOF: a sheet (or a chart inside one) begins
            0x000A => {
                // EOF
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    extents.push(std::mem::take(&mut extent));
                    check_areas(&extents)?;
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (word(0), word(2)) {
                    extent.add((row, row), (col, col))?;
                }
            }
            // MulRk: row, first column, …, last column.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) =
                    (word(0), word(2), len.checked_sub(2).and_then(word))
                {
                    extent.add((row, row), (first.min(last), first.max(last)))?;
                }
            }
            _ => {}
        }
    }
    extents.push(extent);
    check_areas(&extents)
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
            error.message.contains("runs to XFD1048576"),
            "{}",
            error.message
        );
        assert!(
            error.hint.contains("delete the cell XFD1048576"),
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
            error.message.contains("the cell C5 holds 32768 characters"),
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
        assert!(failed.is_some_and(|e| e.message.contains("more than 5000000 cells")));
    }

    #[test]
    fn ods_repeats_count_only_where_there_is_a_value() {
        let sheet = |rows: &str| {
            format!(
                "<office:spreadsheet><table:table table:name=\"A\">{rows}</table:table></office:spreadsheet>"
            )
        };
        // LibreOffice's trailing empty rows and columns are fine.
        let fine = sheet(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Nom</text:p></table:table-cell>\
             <table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>",
        );
        check_ods(&fine).unwrap();
        // A value repeated over a million rows is not.
        let bomb = sheet(
            "<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
        );
        let error = check_ods(&bomb).unwrap_err();
        assert!(
            error.message.starts_with(
                "on the sheet `A`, the cell A1 holds a value and its row is repeated 1048576 times, which runs \
                 the sheet's used range to CV1048576"
            ),
            "{}",
            error.message
        );
        // Text without a value type counts.
        let text = sheet(
            "<table:table-row table:number-rows-repeated=\"300000\"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>",
        );
        assert!(check_ods(&text).is_err());
    }
}
