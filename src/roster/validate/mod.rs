//! Turning the rows below the header into checked participants.
//!
//! Each row is cleaned and checked on its own (a name, a valid email, a
//! known profile), then the rows are checked against each other (the same
//! person twice, an ID used twice) and every participant gets a stable ID.
//! Columns are checked as a whole too: a number in a column of phone
//! numbers or postcodes that has lost its leading zero, email addresses or
//! profiles under a header carnet does not know, no email column at all.
//! Rows the spreadsheet hides are left out (or read, as `roster.hidden_rows`
//! says), and listed. Every problem is collected, pointing at its row and
//! column, so that the organiser can fix the whole sheet in one go; a row
//! with an error is left out of the participants, a warning keeps it.

use std::collections::BTreeMap;

use super::grid::{Grid, Hiding, Merge, row_is_blank};
use super::header::Header;
use super::profile::ProfileMatcher;
use super::text::{clean, column_letters};
use super::{HiddenRows, Place};
use crate::load::event::Profile;
use crate::participant::Participant;
use crate::report::Problem;
use crate::text;

mod across;
mod columns;
mod row;

use across::{assign_ids, check_across_rows};
use columns::Columns;
use row::RowReader;

/// What the rows below the header gave.
pub(crate) struct Rows {
    /// The valid participants, in sheet order.
    pub participants: Vec<Participant>,
    /// Errors (their rows are not in `participants`) and warnings, by row.
    pub problems: Vec<Problem>,
}

/// The error codes a spreadsheet shows in a cell whose formula fails.
pub(super) const FORMULA_ERRORS: &[&str] = &[
    "#N/A",
    "#REF!",
    "#DIV/0!",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#DATA!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
];

/// First words of rows that count people rather than name one: "Total inscrits : 150".
pub(super) const FOOTER_WORDS: &[&str] = &[
    "total",
    "soustotal",
    "nombredinscrits",
    "nombredeparticipants",
    "nombretotal",
    "effectif",
];

/// A row read from the sheet, before the checks across rows.
pub(super) struct Candidate {
    /// The row number as the spreadsheet shows it.
    row: u32,
    /// The participant as read; its `id` is the ID column's, or empty.
    participant: Participant,
    /// Whether a check of this row alone failed.
    failed: bool,
}

/// Reads and checks every row below the header; the rows the spreadsheet
/// hides are left out unless `hidden_rows` says to read them.
pub(crate) fn rows(
    grid: &Grid,
    header: &Header,
    place: &Place,
    profiles: &[Profile],
    hidden_rows: HiddenRows,
) -> Rows {
    let mut problems = Vec::new();
    let mut grid = grid.clone();
    fill_merges(&mut grid, header, place, &mut problems);
    let matcher = ProfileMatcher::new(profiles);
    let mut headless: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut hidden: BTreeMap<Hiding, Vec<u32>> = BTreeMap::new();
    let mut candidates = Vec::new();
    // The rows read (0-based), for the checks by column.
    let mut read = Vec::new();

    for (index, cells) in grid.rows.iter().enumerate().skip(header.row + 1) {
        if row_is_blank(cells) {
            continue;
        }
        let row = index as u32 + 1;
        if let Some(why) = grid.hiding(index) {
            hidden.entry(why).or_default().push(row);
            if hidden_rows == HiddenRows::Skip {
                continue;
            }
        }
        let mut reader = RowReader {
            grid: &grid,
            cells,
            header,
            place,
            row,
            problems: &mut problems,
        };
        if reader.is_footer() {
            continue;
        }
        for column in (0..cells.len()).filter(|&c| header.name(c).is_empty()) {
            if !clean(&cells[column]).is_empty() {
                headless.entry(column).or_default().push(row);
            }
        }
        candidates.push(reader.read(&matcher));
        read.push(index);
    }

    for (column, rows) in headless {
        let mut listed: Vec<String> = rows.iter().take(5).map(u32::to_string).collect();
        if rows.len() > 5 {
            listed.push("…".to_owned());
        }
        problems.push(
            place
                .warning(text!(
                    "roster-headless-column",
                    count = rows.len(),
                    rows = listed.join(", ")
                ))
                .row(header.row as u32 + 1)
                .column(column_letters(column))
                .hint(text!("roster-headless-column-hint")),
        );
    }
    for (why, rows) in hidden {
        problems.push(hidden_warning(place, why, &rows, hidden_rows));
    }
    let columns = Columns {
        grid: &grid,
        header,
        place,
        read: &read,
    };
    columns.check_identifiers(&mut problems);
    columns.check_unknown_headers(&matcher, &mut problems);

    check_across_rows(&mut candidates, header, place, &mut problems);
    assign_ids(&mut candidates);
    problems.sort_by_key(|problem| problem.row.unwrap_or(0));
    let mut participants: Vec<Participant> = candidates
        .into_iter()
        .filter(|c| !c.failed)
        .map(|c| c.participant)
        .collect();
    // Kept for the whole build: no room to spare (the list reuses the
    // larger one of candidates).
    participants.shrink_to_fit();
    Rows {
        participants,
        problems,
    }
}

/// Gives the cells hidden under a vertical merge the merge's value, and says so.
///
/// A merged cell holds its value in its first row only; the rows below read
/// as empty although the organiser sees the value on them. Filling them in
/// is what the organiser means; the warning says where, because sorting or
/// filtering such a sheet goes wrong.
fn fill_merges(grid: &mut Grid, header: &Header, place: &Place, problems: &mut Vec<Problem>) {
    let merges: Vec<Merge> = grid.merges.clone();
    for merge in merges {
        let column = merge.first_col;
        if merge.first_row <= header.row
            || merge.last_row == merge.first_row
            || header.name(column).is_empty()
        {
            continue;
        }
        let value = clean(grid.cell(merge.first_row, column));
        if value.is_empty() {
            continue;
        }
        let typed = grid.typed(merge.first_row, column).cloned();
        let mut filled = Vec::new();
        for row in merge.first_row + 1..=merge.last_row {
            let Some(cells) = grid.rows.get_mut(row) else {
                break;
            };
            if row_is_blank(cells)
                || !clean(cells.get(column).map_or("", String::as_str)).is_empty()
            {
                continue;
            }
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = value.clone();
            if let (Some(typed), Ok(at)) = (&typed, u32::try_from(row)) {
                grid.typed.insert((at, column as u32), typed.clone());
            }
            filled.push(row + 1);
        }
        if filled.is_empty() {
            continue;
        }
        let range = format!(
            "{}{}:{}{}",
            column_letters(merge.first_col),
            merge.first_row + 1,
            column_letters(merge.last_col),
            merge.last_row + 1
        );
        let rows: Vec<String> = filled.iter().map(usize::to_string).collect();
        problems.push(
            place
                .warning(text!(
                    "roster-merged",
                    cells = range,
                    count = filled.len(),
                    rows = rows.join(", ")
                ))
                .row(merge.first_row as u32 + 1)
                .column(header.name(column))
                .value(value)
                .hint(text!("roster-merged-hint")),
        );
    }
}

/// The warning about the rows the spreadsheet does not show, by their numbers.
fn hidden_warning(place: &Place, why: Hiding, rows: &[u32], policy: HiddenRows) -> Problem {
    let (count, listed) = (rows.len(), row_ranges(rows));
    let (message, hint) = match (policy, why) {
        (HiddenRows::Skip, Hiding::Hidden) => (
            text!("roster-hidden-skipped", count = count, rows = &listed),
            text!("roster-hidden-skipped-hint", count = count),
        ),
        (HiddenRows::Skip, Hiding::Filtered) => (
            text!("roster-filtered-skipped", count = count, rows = &listed),
            text!("roster-filtered-skipped-hint", count = count),
        ),
        (HiddenRows::Read, Hiding::Hidden) => (
            text!("roster-hidden-read", count = count, rows = &listed),
            text!("roster-hidden-read-hint", count = count),
        ),
        (HiddenRows::Read, Hiding::Filtered) => (
            text!("roster-filtered-read", count = count, rows = &listed),
            text!("roster-hidden-read-hint", count = count),
        ),
    };
    place.warning(message).hint(hint)
}

/// Row numbers in order as ranges: `12, 40–42, 80`.
pub(super) fn row_ranges(rows: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => ranges.push((row, row)),
        }
    }
    let shown: Vec<String> = ranges
        .iter()
        .map(|&(first, last)| match last - first {
            0 => first.to_string(),
            1 => format!("{first}, {last}"),
            _ => format!("{first}–{last}"),
        })
        .collect();
    shown.join(", ")
}
