//! A sheet as text: the [`Grid`] every step after reading sees, whatever
//! the format, with its merged cells, hidden rows and columns, and the
//! typed values beneath the text.

use std::collections::HashMap;

use calamine::Dimensions;

use super::text::shorten;

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
    pub(super) fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }

    /// What the spreadsheet holds the cell at (row, column) as, if not text.
    pub(super) fn typed(&self, row: usize, col: usize) -> Option<&Typed> {
        let at = (u32::try_from(row).ok()?, u32::try_from(col).ok()?);
        self.typed.get(&at)
    }

    /// Why the spreadsheet does not show a row (0-based), if it does not.
    pub(super) fn hiding(&self, row: usize) -> Option<Hiding> {
        // The spans are in order (see `read_sheet`).
        let after = self.hidden.partition_point(|span| span.first <= row);
        let span = self.hidden.get(after.checked_sub(1)?)?;
        (row < span.first.saturating_add(span.count)).then_some(span.why)
    }

    /// Whether no cell holds anything but white space.
    pub(super) fn is_blank(&self) -> bool {
        self.rows.iter().all(|row| row_is_blank(row))
    }
}

/// Whether no cell of the row holds anything but white space.
pub(crate) fn row_is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| super::text::clean(cell).is_empty())
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
