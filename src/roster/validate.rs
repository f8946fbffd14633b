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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use email_address::{EmailAddress, Options};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::format::{Grid, Hiding, Merge, Typed, row_is_blank};
use super::header::{Field, Header, Identifier, describe};
use super::profile::ProfileMatcher;
use super::text::{clean, clean_lines, column_letters, fold};
use super::{HiddenRows, Place};
use crate::load::event::Profile;
use crate::names::file_key;
use crate::participant::{Extra, Participant};
use crate::report::Problem;

/// What the rows below the header gave.
pub(crate) struct Rows {
    /// The valid participants, in sheet order.
    pub participants: Vec<Participant>,
    /// Errors (their rows are not in `participants`) and warnings, by row.
    pub problems: Vec<Problem>,
}

/// The error codes a spreadsheet shows in a cell whose formula fails.
const FORMULA_ERRORS: &[&str] = &[
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
const FOOTER_WORDS: &[&str] = &[
    "total",
    "soustotal",
    "nombredinscrits",
    "nombredeparticipants",
    "nombretotal",
    "effectif",
];

/// A row read from the sheet, before the checks across rows.
struct Candidate {
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
        let listed: Vec<String> = rows.iter().take(5).map(u32::to_string).collect();
        let more = if rows.len() > 5 { ", …" } else { "" };
        problems.push(
            place
                .warning(format!(
                    "this column has no header, so its values are left out (rows {}{more})",
                    listed.join(", ")
                ))
                .row(header.row as u32 + 1)
                .column(column_letters(column))
                .hint("write a header above it to keep its values (templates get them under that name)"),
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
                .warning(format!(
                    "cells {range} are merged: their value is also used for row{} {}",
                    if filled.len() > 1 { "s" } else { "" },
                    rows.join(", ")
                ))
                .row(merge.first_row as u32 + 1)
                .column(header.name(column))
                .value(value)
                .hint("unmerge the cells and write the value on each row (sorting breaks merged cells)"),
        );
    }
}

/// The warning about the rows the spreadsheet does not show, by their numbers.
fn hidden_warning(place: &Place, why: Hiding, rows: &[u32], policy: HiddenRows) -> Problem {
    let listed = row_ranges(rows);
    // (rows, are, they, them, participants)
    let words = if rows.len() == 1 {
        (format!("row {listed}"), "is", "it", "it", "a participant")
    } else {
        (
            format!("rows {listed}"),
            "are",
            "they",
            "them",
            "participants",
        )
    };
    let (rows, are, they, them, participants) = words;
    let (how, why_so, show) = match why {
        Hiding::Hidden => (
            "hidden in the spreadsheet",
            " (a cancelled registration?)",
            format!("show {them} in the spreadsheet"),
        ),
        Hiding::Filtered => (
            "filtered out by the sheet's filter",
            "",
            "clear the filter".to_owned(),
        ),
    };
    match policy {
        HiddenRows::Skip => place
            .warning(format!("{rows} {are} {how}{why_so}: {they} {are} left out"))
            .hint(format!(
                "if {they} {are} {participants}, {show} or set `roster.hidden_rows: read` in \
                 content/event.yaml to read {them}"
            )),
        HiddenRows::Read => place
            .warning(format!(
                "{rows} {are} {how}: {they} {are} read, as `roster.hidden_rows: read` says"
            ))
            .hint(format!(
                "delete {them} if {they} {are} not {participants}, or set \
                 `roster.hidden_rows: skip` in content/event.yaml to leave {them} out"
            )),
    }
}

/// Row numbers in order as ranges: `12, 40–42, 80`.
fn row_ranges(rows: &[u32]) -> String {
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

/// The checks of a column as a whole, over the rows read.
struct Columns<'a> {
    grid: &'a Grid,
    header: &'a Header,
    place: &'a Place<'a>,
    /// The rows read (0-based).
    read: &'a [usize],
}

/// How many cells of a column are named one by one before the rest are
/// counted in one warning.
const NAMED_CELLS: usize = 3;

impl Columns<'_> {
    /// The cleaned values of a column in the rows read, with their rows (0-based).
    fn values(&self, column: usize) -> impl Iterator<Item = (usize, String)> + '_ {
        self.read
            .iter()
            .map(move |&row| (row, self.grid.cell(row, column)))
            .filter(|(_, raw)| !raw.is_empty())
            .map(|(row, raw)| (row, clean(raw)))
            .filter(|(_, value)| !value.is_empty())
    }

    /// A number cell in a column of identifiers (phone numbers, postcodes,
    /// SIRET, IDs) with fewer digits than they have lost its leading
    /// zeros, most likely: each is named (the first few one by one).
    fn check_identifiers(&self, problems: &mut Vec<Problem>) {
        for column in 0..self.header.names.len() {
            let name = self.header.name(column);
            let is_id = self.header.column(Field::Id) == Some(column);
            let Some(kind) = Identifier::of(name, is_id) else {
                continue;
            };
            // Without a fixed length, the column's own values written with
            // leading zeros say how long they are.
            let expected = kind.digits().or_else(|| {
                self.values(column)
                    .filter(|(row, value)| {
                        self.grid.typed(*row, column).is_none()
                            && value.starts_with('0')
                            && value.chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|(_, value)| value.len())
                    .max()
            });
            let Some(expected) = expected else { continue };
            let short: Vec<(usize, String, usize)> = self
                .values(column)
                .filter(|(row, _)| self.grid.typed(*row, column) == Some(&Typed::Number))
                .filter_map(|(row, value)| {
                    let digits = value.chars().filter(char::is_ascii_digit).count();
                    let whole = value.chars().all(|c| c.is_ascii_digit() || c == ' ');
                    (whole && digits > 0 && digits < expected).then_some((row, value, digits))
                })
                .collect();
            if short.is_empty() {
                continue;
            }
            let zeros = "0".repeat(expected);
            let hint = if self.grid.number_formats {
                format!(
                    "format the column as text and type the number again with its leading 0, or \
                     give the column the number format {zeros}"
                )
            } else {
                format!(
                    "carnet cannot read the number formats of this kind of file: if the \
                     spreadsheet shows the 0, save the file as .xlsx; otherwise format the column \
                     as text and type the number again with its leading 0 (or give the column the \
                     number format {zeros})"
                )
            };
            let usual = match kind.digits() {
                Some(_) => format!("{} has {expected}", kind.describe()),
                None => format!("other values of the column have {expected}, with leading zeros"),
            };
            for (row, value, digits) in short.iter().take(NAMED_CELLS) {
                problems.push(
                    self.place
                        .warning(format!(
                            "this number may have lost a leading zero: it has {digits} digits, \
                             and {usual}"
                        ))
                        .row(*row as u32 + 1)
                        .column(name)
                        .value(value.clone())
                        .hint(hint.clone()),
                );
            }
            if short.len() > NAMED_CELLS {
                let rest: Vec<u32> = short[NAMED_CELLS..]
                    .iter()
                    .map(|(row, _, _)| *row as u32 + 1)
                    .collect();
                problems.push(
                    self.place
                        .warning(format!(
                            "{} more numbers of this column may have lost a leading zero (rows {}), \
                             as {usual}",
                            rest.len(),
                            row_ranges(&rest)
                        ))
                        .row(rest[0])
                        .column(name)
                        .hint(hint),
                );
            }
        }
    }

    /// A column that holds email addresses or profiles under a header
    /// carnet does not know is named, with the setting that reads it; a
    /// sheet without any email column is said to be one.
    fn check_unknown_headers(&self, matcher: &ProfileMatcher, problems: &mut Vec<Problem>) {
        // Whether most values of a column look like a field's: how many, of how many.
        let looks = |column: usize, field: Field| {
            let (mut all, mut alike) = (0usize, 0usize);
            for (_, value) in self.values(column) {
                all += 1;
                alike += usize::from(match field {
                    Field::Email => check_email(&value).is_ok(),
                    _ => matcher.find(&value).is_some(),
                });
            }
            (alike > 0 && alike * 2 > all).then_some((alike, all))
        };
        let header_row = self.header.row as u32 + 1;
        let mut emails = false;
        for &column in &self.header.extras {
            let name = self.header.name(column);
            for field in [Field::Email, Field::Profile] {
                if self.header.column(field).is_some() {
                    continue;
                }
                let Some((alike, all)) = looks(column, field) else {
                    continue;
                };
                let (what, so) = match field {
                    Field::Email => (
                        "email addresses",
                        "so nobody can be sent their booklet at them",
                    ),
                    _ => ("the event's profiles", "so nobody gets a profile from it"),
                };
                emails |= field == Field::Email;
                let yaml = serde_json::to_string(name).unwrap_or_default();
                problems.push(
                    self.place
                        .warning(format!(
                            "column {} holds {what} ({alike} of its {all} values), but carnet does \
                             not know its header, {so}",
                            column_letters(column)
                        ))
                        .row(header_row)
                        .column(name)
                        .hint(format!(
                            "if it is the participants' {}, name it in content/event.yaml, under \
                             `roster:`:\n      columns:\n        {}: {yaml}",
                            describe(field),
                            field.key()
                        )),
                );
            }
        }
        if self.header.column(Field::Email).is_none() && !emails {
            problems.push(
                self.place
                    .warning(format!(
                        "no email column, so nobody can be sent their booklet (the sheet has: {})",
                        self.header.list()
                    ))
                    .row(header_row)
                    .hint(format!(
                        "add a column Email with each participant's address (carnet knows {}…), \
                         or name yours in content/event.yaml, under `roster:`:\n      \
                         columns:\n        email: \"Your header\"",
                        Field::Email.headers()[..6].join(", ")
                    )),
            );
        }
    }
}

/// Reads one row, reporting its own problems.
struct RowReader<'a> {
    grid: &'a Grid,
    cells: &'a [String],
    header: &'a Header,
    place: &'a Place<'a>,
    row: u32,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    /// A cell's raw text.
    fn raw(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }

    /// A problem at this row and column.
    fn at(&self, problem: Problem, column: usize) -> Problem {
        problem.row(self.row).column(self.header.name(column))
    }

    /// A cell's value, cleaned; a formula error reads as empty, with a warning.
    fn value(&mut self, column: usize) -> String {
        let value = clean(self.raw(column));
        if FORMULA_ERRORS.contains(&value.as_str()) {
            let problem = self.at(
                self.place
                    .warning("the cell shows a formula error, so it is read as empty"),
                column,
            );
            self.problems.push(
                problem
                    .value(value)
                    .hint("correct the formula in the spreadsheet, or type the value instead"),
            );
            return String::new();
        }
        value
    }

    /// A field's value, cleaned; empty when the sheet has no such column.
    fn field(&mut self, field: Field) -> String {
        self.header
            .column(field)
            .map(|column| self.value(column))
            .unwrap_or_default()
    }

    /// Rows such as "Total inscrits : 150" or "TOTAL | 150" count people rather than name one.
    fn is_footer(&mut self) -> bool {
        let filled: Vec<(usize, String)> = (0..self.cells.len())
            .map(|column| (column, clean(self.raw(column))))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let Some((column, first)) = filled.first() else {
            return false;
        };
        let folded = fold(first);
        let counts = FOOTER_WORDS.iter().any(|word| folded.starts_with(word));
        let has_email = self
            .header
            .column(Field::Email)
            .is_some_and(|c| !clean(self.raw(c)).is_empty());
        let id_only = filled.len() == 1 && self.header.column(Field::Id) == Some(*column);
        if counts && filled.len() <= 3 && !has_email {
            let problem = self.at(
                self.place
                    .warning("this row looks like a total, not a participant: it is left out"),
                *column,
            );
            self.problems.push(problem.value(first.clone()).hint(
                "nothing to do if it is a total; if it is a person, write their first name too",
            ));
            return true;
        }
        if id_only {
            let problem = self.at(
                self.place
                    .warning("this row has an ID but nothing else: it is left out"),
                *column,
            );
            self.problems.push(
                problem
                    .value(first.clone())
                    .hint("fill in the participant, or clear the ID"),
            );
            return true;
        }
        false
    }

    /// Reads the row into a participant, checking what can be checked on its own.
    fn read(&mut self, matcher: &ProfileMatcher) -> Candidate {
        let header = self.header;
        let mut failed = false;
        let last_name = self.field(Field::LastName);
        let first_name = self.field(Field::FirstName);
        let organisation = self.field(Field::Organisation);
        let city = self.field(Field::City);
        let group = self.field(Field::Group);
        let visit = self.field(Field::Visit);

        if last_name.is_empty() && first_name.is_empty() {
            let column = header
                .column(Field::LastName)
                .or(header.column(Field::FirstName))
                .unwrap_or_default();
            let message = if header.column(Field::LastName).is_some()
                && header.column(Field::FirstName).is_some()
            {
                "no name: the last name and the first name are both empty"
            } else {
                "no name: the cell is empty"
            };
            let problem = self.at(self.place.error(message), column);
            self.problems.push(problem.hint(
                "write the participant's name, or delete the row if it is not a participant",
            ));
            failed = true;
        }

        let mut email = None;
        if let Some(column) = header.column(Field::Email) {
            let written = self.value(column);
            if !written.is_empty() {
                match check_email(&written) {
                    Ok(address) => email = Some(address),
                    Err((message, hint)) => {
                        let problem = self.at(self.place.error(message), column);
                        self.problems.push(problem.value(written).hint(hint));
                        failed = true;
                    }
                }
            }
        }

        let mut profile = None;
        if let Some(column) = header.column(Field::Profile) {
            let written = self.value(column);
            if !written.is_empty() {
                match matcher.find(&written) {
                    Some(found) => profile = Some(Arc::clone(found)),
                    None => {
                        let hint = format!(
                            "write one of: {} (feminine and inclusive forms are understood), \
                             or add it to a profile's aliases in event.yaml",
                            matcher.labels()
                        );
                        let problem =
                            self.at(self.place.error("not one of the event's profiles"), column);
                        self.problems.push(problem.value(written).hint(hint));
                        failed = true;
                    }
                }
            }
        }

        let id = match header.column(Field::Id) {
            Some(column) => {
                let written = self.value(column);
                let safe = safe_id(&written);
                if !written.is_empty() && safe != written {
                    let message = if safe.is_empty() {
                        "this ID cannot name a file, so carnet makes one".to_owned()
                    } else {
                        format!("this ID is changed to `{safe}` so that it can name a file")
                    };
                    let problem = self.at(self.place.warning(message), column);
                    self.problems.push(
                        problem
                            .value(written)
                            .hint("use only letters, digits, - and _ in IDs"),
                    );
                } else if written.is_empty() {
                    let problem = self.at(
                        self.place
                            .warning("no ID, so carnet makes one from the name"),
                        column,
                    );
                    self.problems.push(problem.hint(
                        "fill in the ID, or remove the ID column to let carnet make every ID",
                    ));
                }
                safe
            }
            None => String::new(),
        };

        let mut extra = BTreeMap::new();
        for &column in &header.extras {
            let mut key = header.name(column).to_owned();
            if extra.contains_key(&key) {
                key = format!("{key} ({})", column_letters(column));
            }
            let value = clean_lines(self.raw(column));
            let value = if FORMULA_ERRORS.contains(&value.as_str()) {
                self.value(column)
            } else {
                value
            };
            let iso = match self.grid.typed(self.row as usize - 1, column) {
                Some(Typed::Date(iso)) if !value.is_empty() => Some(iso.to_string()),
                _ => None,
            };
            extra.insert(key, Extra { shown: value, iso });
        }

        let participant = Participant {
            id,
            row: self.row,
            first_name,
            last_name,
            organisation,
            city,
            profile,
            email,
            group,
            visit,
            extra,
        };
        Candidate {
            row: self.row,
            participant,
            failed,
        }
    }
}

/// What to do with an address that is not one.
const FIX_HINT: &str =
    "correct the address, or leave the cell empty (this participant will get no mail)";

/// Checks an address's syntax; gives the address to keep, or what is wrong and what to do.
/// `mailto:` and a display name around `<…>` are dropped, as pasted from a mail program.
fn check_email(written: &str) -> Result<String, (&'static str, &'static str)> {
    let mut address = written.trim();
    if let Some(rest) = address
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .map(|_| &address[7..])
    {
        address = rest;
    }
    if let (Some(open), true) = (address.rfind('<'), address.ends_with('>')) {
        address = &address[open + 1..address.len() - 1];
    }
    let address = address.trim();
    const FIX: &str = FIX_HINT;
    if address.matches('@').count() > 1 && address.contains([';', ',', ' ', '/']) {
        return Err((
            "several addresses in one cell",
            "keep one address per participant; put the other in another column",
        ));
    }
    if !address.contains('@') {
        return Err(("not an email address: it has no @", FIX));
    }
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        allow_long_local_parts: false,
    };
    match EmailAddress::parse_with_options(address, options) {
        Ok(_) => Ok(address.to_owned()),
        Err(_) => Err(("not an email address", FIX)),
    }
}

/// An ID as written, made safe in file names: ASCII letters, digits, `-`, `_`, `.`.
fn safe_id(id: &str) -> String {
    let mut safe = String::with_capacity(id.len());
    for c in id.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-' {
            safe.push(c);
        } else if !safe.ends_with('-') {
            safe.push('-');
        }
    }
    safe.trim_matches(['-', '.']).to_owned()
}

/// Who a row is, for finding the same person twice: folded names and organisation.
fn person_key(p: &Participant) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}",
        fold(&p.last_name),
        fold(&p.first_name),
        fold(&p.organisation)
    )
}

/// "Sophie Martin, Les Jardins du Bocage", to name the other row in a message.
fn who(p: &Participant) -> String {
    if p.organisation.is_empty() {
        p.full_name()
    } else {
        format!("{}, {}", p.full_name(), p.organisation)
    }
}

const SAME_PERSON_HINT: &str = "delete one of the two rows; if they are two people, tell them apart (e.g. by their organisation)";
const SHARED_EMAIL_HINT: &str =
    "if they share this address, each gets their own mail at it; if it is one person, delete a row";

/// Finds the same person twice, the same ID twice and shared addresses.
///
/// The same name and organisation, or the same address and name, is the same
/// person: the later row is an error. The same address for different names
/// is only a warning: colleagues often share their structure's address.
fn check_across_rows(
    candidates: &mut [Candidate],
    header: &Header,
    place: &Place,
    problems: &mut Vec<Problem>,
) {
    let mut people: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut emails: HashMap<String, usize> = HashMap::new();
    for index in 0..candidates.len() {
        let (row, participant) = (candidates[index].row, &candidates[index].participant);
        let mut failed = false;
        let named = !participant.last_name.is_empty() || !participant.first_name.is_empty();

        let key = person_key(participant);
        if named && let Some(&first) = people.get(&key) {
            let other = &candidates[first];
            let message = format!(
                "the same person as row {} ({})",
                other.row,
                who(&other.participant)
            );
            problems.push(place.error(message).row(row).hint(SAME_PERSON_HINT));
            failed = true;
        }

        let email = participant.email.as_deref().map(str::to_lowercase);
        if let Some(email) = &email
            && let Some(&first) = emails.get(email)
        {
            let other = &candidates[first];
            let column = header.field_name(Field::Email).unwrap_or_default();
            let same_name = fold(&other.participant.full_name()) == fold(&participant.full_name());
            if same_name && !failed {
                problems.push(
                    place
                        .error(format!(
                            "the same person as row {} (same name and email)",
                            other.row
                        ))
                        .row(row)
                        .column(column)
                        .value(participant.email.clone().unwrap_or_default())
                        .hint("delete one of the two rows"),
                );
                failed = true;
            } else if !same_name {
                let message = format!(
                    "the same email as row {} ({})",
                    other.row,
                    other.participant.full_name()
                );
                problems.push(
                    place
                        .warning(message)
                        .row(row)
                        .column(column)
                        .value(participant.email.clone().unwrap_or_default())
                        .hint(SHARED_EMAIL_HINT),
                );
            }
        }

        let files = file_key(&participant.id);
        if !participant.id.is_empty()
            && let Some(&first) = ids.get(&files)
            && candidates[first].participant.id != participant.id
        {
            let other = &candidates[first];
            problems.push(
                place
                    .error(format!(
                        "this ID and the ID `{}` of row {} ({}) differ only by case or \
                         punctuation, so both would name the files `{files}`",
                        other.participant.id,
                        other.row,
                        other.participant.full_name()
                    ))
                    .row(row)
                    .column(header.field_name(Field::Id).unwrap_or_default())
                    .value(participant.id.clone())
                    .hint("give the two participants IDs that differ by a letter or a digit"),
            );
            failed = true;
        } else if !participant.id.is_empty()
            && let Some(&first) = ids.get(&files)
        {
            let other = &candidates[first];
            problems.push(
                place
                    .error(format!(
                        "this ID is already used by row {} ({})",
                        other.row,
                        other.participant.full_name()
                    ))
                    .row(row)
                    .column(header.field_name(Field::Id).unwrap_or_default())
                    .value(participant.id.clone())
                    .hint("give each participant their own ID"),
            );
            failed = true;
        }

        if named {
            people.entry(key).or_insert(index);
        }
        if let Some(email) = email {
            emails.entry(email).or_insert(index);
        }
        if !participant.id.is_empty() {
            ids.entry(files).or_insert(index);
        }
        candidates[index].failed |= failed;
    }
}

/// Gives an ID to every participant without one, derived from the person
/// rather than the row, so that sorting the sheet or adding people keeps it.
///
/// The ID is `p-` and the start of a SHA-256 of the folded last name, first
/// name and organisation: spelling them with other accents or case keeps it;
/// the email is not used because colleagues may share one.
fn assign_ids(candidates: &mut [Candidate]) {
    // Compared as they name files: a made ID never takes another's files.
    let mut taken: HashSet<String> = candidates
        .iter()
        .filter(|c| !c.participant.id.is_empty())
        .map(|c| file_key(&c.participant.id))
        .collect();
    for candidate in candidates
        .iter_mut()
        .filter(|c| c.participant.id.is_empty())
    {
        let digest = Sha256::digest(person_key(&candidate.participant).as_bytes());
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        let mut id = format!("p-{}", &hex[..8]);
        if taken.contains(&id) {
            id = format!("p-{}", &hex[..16]);
        }
        if taken.contains(&id) {
            id = format!("p-{}-{}", &hex[..16], candidate.row);
        }
        taken.insert(file_key(&id));
        candidate.participant.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax_is_checked() {
        assert_eq!(
            check_email("sophie.martin@example.org"),
            Ok("sophie.martin@example.org".into())
        );
        assert_eq!(
            check_email("mailto:sophie@example.org"),
            Ok("sophie@example.org".into())
        );
        assert_eq!(
            check_email("Sophie Martin <sophie@example.org>"),
            Ok("sophie@example.org".into())
        );
        assert_eq!(
            check_email("paul.durand.example.org").unwrap_err().0,
            "not an email address: it has no @"
        );
        assert_eq!(
            check_email("paul@localhost").unwrap_err().0,
            "not an email address"
        );
        assert_eq!(
            check_email("paul@@example.org").unwrap_err().0,
            "not an email address"
        );
        assert_eq!(
            check_email("a@example.org; b@example.org").unwrap_err().0,
            "several addresses in one cell"
        );
    }

    #[test]
    fn accented_addresses_are_read_without_a_panic() {
        assert_eq!(
            check_email("josé-émile@exemple.fr"),
            Ok("josé-émile@exemple.fr".into())
        );
        assert_eq!(
            check_email("mailtoé"),
            Err(("not an email address: it has no @", FIX_HINT))
        );
    }

    #[test]
    fn ids_are_made_safe_in_file_names() {
        assert_eq!(safe_id("P001"), "P001");
        assert_eq!(safe_id("12"), "12");
        assert_eq!(safe_id("Dossier 2013/045"), "Dossier-2013-045");
        assert_eq!(safe_id("Équipe n°3"), "Equipe-n-3");
        assert_eq!(safe_id("../etc"), "etc");
        assert_eq!(safe_id("#"), "");
    }
}
