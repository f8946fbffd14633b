//! Reads the participant spreadsheet (the roster) into checked participants.
//!
//! Organisers keep their participants in whatever spreadsheet they have —
//! Excel or LibreOffice, xlsx or a French-Excel CSV, with a title above the
//! header, capitals and stray spaces in the headers, a merged cell, a total
//! at the bottom. This module reads all of that, and when something is wrong
//! says precisely where (file, sheet, row as the spreadsheet shows it, column
//! header) and what to do, for every problem at once.
//!
//! The steps, one file each:
//! 1. [`format`]: tell the format from the bytes; `book`: read a sheet
//!    into a `grid` of text, each cell as the spreadsheet shows it
//!    (`cell`, with `numfmt` rendering number and date formats; CSV
//!    in `delimited`); what calamine does not report — number formats,
//!    the text cells show, merged cells, hidden and filtered rows — is
//!    read from the file itself by `xlsx`, `xls` and `ods`, with one
//!    XML scanner (`xml`), within the bounds of `bounds`;
//! 2. `header`: choose the sheet, find the header row, map columns to fields;
//! 3. `validate`: clean and check each row, each column as a whole,
//!    then the rows against each other, and give every participant a
//!    stable ID (`profile` resolves the profile column against
//!    `event.yaml`).

mod book;
mod bounds;
mod cell;
mod delimited;
mod format;
mod grid;
mod header;
mod numfmt;
mod ods;
mod profile;
pub(crate) mod text;
mod validate;
mod xls;
mod xlsx;
mod xml;

pub(crate) use text::fold;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::load::event::{Profile, RosterSettings};
use crate::participant::Participant;
use crate::report::Problem;
use crate::text;

use book::Book;
use format::Unreadable;
use grid::Grid;

use header::{Header, Override};

/// How to read a roster: from `event.yaml`'s `roster:` and the command line.
#[derive(Debug, Clone, Default)]
pub struct RosterOptions {
    /// The sheet to read; default: the first sheet with a recognisable header.
    pub sheet: Option<String>,
    /// The header's row number as the spreadsheet shows it; default: found.
    pub header_row: Option<u32>,
    /// Header overrides: field name → header in the sheet.
    pub columns: BTreeMap<String, String>,
}

impl From<&RosterSettings> for RosterOptions {
    /// The options `event.yaml` sets; the command line may then override the sheet.
    fn from(settings: &RosterSettings) -> Self {
        RosterOptions {
            sheet: settings.sheet.clone(),
            header_row: settings.header_row,
            columns: settings.columns.clone(),
        }
    }
}

/// What to do with the rows a spreadsheet hides (hidden by hand, or left
/// out by a filter): `roster.hidden_rows` in `event.yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HiddenRows {
    /// Leave them out, with a warning that lists them (the default: a
    /// hidden row is most often a cancelled registration).
    #[default]
    Skip,
    /// Read them as the other rows, with a warning that lists them.
    Read,
}

/// A roster, read and checked.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The file as the user named it.
    pub file: String,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
    /// The valid participants, in roster order.
    pub participants: Vec<Participant>,
    /// Problems found in rows (an invalid row is not in `participants`) and warnings.
    pub problems: Vec<Problem>,
    /// The header of each field's column, as the sheet writes it, by the
    /// field's name in `Participant` (`organisation` → `Structure`).
    pub columns: BTreeMap<&'static str, String>,
}

impl Roster {
    /// The file and sheet read, as messages name them: `participants.xlsx, sheet Inscrits`.
    pub fn source(&self) -> String {
        self.source_in(crate::locale::Language::English)
    }

    /// Where the participants were read from, said in `language`.
    pub fn source_in(&self, language: crate::locale::Language) -> String {
        match &self.sheet {
            Some(sheet) => {
                let at = crate::say!(language, "at-sheet", sheet = sheet);
                format!("{}, {at}", self.file)
            }
            None => self.file.clone(),
        }
    }

    /// The participants without an email address, in roster order: those
    /// nobody can send their booklet to.
    pub fn without_email(&self) -> Vec<&Participant> {
        self.participants
            .iter()
            .filter(|p| p.email.is_none())
            .collect()
    }
}

/// Reads a roster from its bytes, leaving out the rows the spreadsheet
/// hides: [`read_with`] with [`HiddenRows::Skip`].
pub fn read(
    bytes: &[u8],
    name: &str,
    options: &RosterOptions,
    profiles: &[Profile],
) -> Result<Roster, Vec<Problem>> {
    read_with(bytes, name, options, HiddenRows::Skip, profiles)
}

/// Reads a roster from its bytes. `name` is the file as the user named it
/// (used in messages and to guess the format with the content).
/// A roster that cannot be read at all gives `Err` with its problems.
///
/// Formats are told from the content: xlsx, xlsm, xlsb, xls, ods, and CSV
/// (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 with BOM,
/// or Windows-1252). For CSV, rows are numbered as a spreadsheet shows the
/// file: one row per record, so a quoted line break does not shift them.
/// Hidden and filtered rows (xlsx, xlsm, xls, ods) are left out or read as
/// `hidden_rows` says, with a warning that lists them either way.
pub fn read_with(
    bytes: &[u8],
    name: &str,
    options: &RosterOptions,
    hidden_rows: HiddenRows,
    profiles: &[Profile],
) -> Result<Roster, Vec<Problem>> {
    let unreadable = |u: Unreadable| vec![Problem::error(name, u.message).hint(u.hint)];
    let format = format::detect(bytes).map_err(unreadable)?;
    let mut book = Book::open(bytes, format).map_err(unreadable)?;
    let overrides = header::overrides(&options.columns, name)?;

    let mut problems = Vec::new();
    let (sheet, grid, header) = match book {
        Book::Csv(ref grid) => {
            if let Some(sheet) = &options.sheet {
                problems.push(
                    Problem::warning(name, text!("roster-csv-no-sheets", sheet = sheet))
                        .hint(text!("roster-csv-no-sheets-hint")),
                );
            }
            let place = Place {
                file: name,
                sheet: None,
            };
            let header = header_of(grid, &overrides, options.header_row, &place)?;
            (None, grid.clone(), header)
        }
        Book::Workbook { .. } => {
            let (sheet, grid, header) = choose_sheet(&mut book, name, options, &overrides)?;
            (Some(sheet), grid, header)
        }
    };

    let place = Place {
        file: name,
        sheet: sheet.as_deref(),
    };
    problems.extend(header.warnings.iter().cloned());
    let rows = validate::rows(&grid, &header, &place, profiles, hidden_rows);
    problems.extend(rows.problems);
    let columns = header
        .fields
        .iter()
        .map(|(field, &column)| (field.key(), header.name(column).to_owned()))
        .collect();
    Ok(Roster {
        file: name.to_owned(),
        sheet,
        participants: rows.participants,
        problems,
        columns,
    })
}

/// Where problems point: the file and, for workbooks, the sheet.
pub(crate) struct Place<'a> {
    /// The file, as the user named it.
    pub file: &'a str,
    /// The sheet, for workbooks.
    pub sheet: Option<&'a str>,
}

impl Place<'_> {
    /// An error about this file and sheet.
    pub(crate) fn error(&self, message: impl Into<crate::locale::Text>) -> Problem {
        self.locate(Problem::error(self.file, message))
    }

    /// A warning about this file and sheet.
    pub(crate) fn warning(&self, message: impl Into<crate::locale::Text>) -> Problem {
        self.locate(Problem::warning(self.file, message))
    }

    fn locate(&self, problem: Problem) -> Problem {
        match self.sheet {
            Some(sheet) => problem.sheet(sheet),
            None => problem,
        }
    }
}

/// Finds the header of a grid that must have one, and participants below it.
fn header_of(
    grid: &Grid,
    overrides: &[Override],
    header_row: Option<u32>,
    place: &Place,
) -> Result<Header, Vec<Problem>> {
    if grid.is_blank() {
        // the problem names the sheet already
        let message = match place.sheet {
            Some(_) => text!("roster-sheet-empty"),
            None => text!("roster-file-empty"),
        };
        return Err(vec![
            place.error(message).hint(text!("roster-sheet-empty-hint")),
        ]);
    }
    let header = header::find(grid, overrides, header_row, place)
        .map_err(|problem| vec![*problem])?
        .ok_or_else(|| vec![no_header(grid, place)])?;
    if grid
        .rows
        .iter()
        .skip(header.row + 1)
        .all(|row| grid::row_is_blank(row))
    {
        let row = header.row as u32 + 1;
        let message = match place.sheet {
            Some(_) => text!("roster-sheet-no-participant", row = row),
            None => text!("roster-file-no-participant", row = row),
        };
        return Err(vec![
            place
                .error(message)
                .row(row)
                .hint(text!("roster-no-participant-hint")),
        ]);
    }
    Ok(header)
}

/// The error for a table without a recognisable header: what its first rows hold, what is expected.
fn no_header(grid: &Grid, place: &Place) -> Problem {
    let shown: Vec<(usize, String)> = grid
        .rows
        .iter()
        .enumerate()
        .take(header::HEADER_SEARCH_ROWS)
        .filter(|(_, row)| !grid::row_is_blank(row))
        .take(3)
        .map(|(index, row)| (index + 1, grid::describe_row(row)))
        .collect();
    let searched = header::HEADER_SEARCH_ROWS;
    let message = match shown.as_slice() {
        [] => text!("roster-no-header", searched = searched),
        [(row, cells)] => text!(
            "roster-no-header-1",
            searched = searched,
            row = *row,
            cells = cells
        ),
        [(row, cells), (row2, cells2)] => text!(
            "roster-no-header-2",
            searched = searched,
            row = *row,
            cells = cells,
            row2 = *row2,
            cells2 = cells2
        ),
        [(row, cells), (row2, cells2), (row3, cells3), ..] => text!(
            "roster-no-header-3",
            searched = searched,
            row = *row,
            cells = cells,
            row2 = *row2,
            cells2 = cells2,
            row3 = *row3,
            cells3 = cells3
        ),
    };
    place.error(message).hint(text!(
        "roster-no-header-hint",
        headers = header::expected_headers()
    ))
}

/// Chooses the sheet: the one named in the options, else the first visible
/// sheet with a header and participants below it.
fn choose_sheet(
    book: &mut Book,
    file: &str,
    options: &RosterOptions,
    overrides: &[Override],
) -> Result<(String, Grid, Header), Vec<Problem>> {
    let sheets = book.sheets();
    let read_grid = |book: &mut Book, sheet: &str| {
        book.grid(sheet)
            .map_err(|u| vec![Problem::error(file, u.message).sheet(sheet).hint(u.hint)])
    };

    if let Some(wanted) = &options.sheet {
        let found = sheets.iter().find(|s| s.name == *wanted).or_else(|| {
            sheets
                .iter()
                .find(|s| text::fold(&s.name) == text::fold(wanted))
        });
        let Some(sheet) = found else {
            let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
            return Err(vec![
                Problem::error(
                    file,
                    text!(
                        "roster-sheet-not-found",
                        sheet = wanted,
                        sheets = names.join(", ")
                    ),
                )
                .hint(text!("roster-sheet-not-found-hint")),
            ]);
        };
        let grid = read_grid(book, &sheet.name)?;
        let place = Place {
            file,
            sheet: Some(&sheet.name),
        };
        let header = header_of(&grid, overrides, options.header_row, &place)?;
        return Ok((sheet.name.clone(), grid, header));
    }

    // Hidden sheets (the lists behind drop-downs, old copies) are not what the organiser sees.
    let mut candidates: Vec<&str> = sheets
        .iter()
        .filter(|s| s.visible)
        .map(|s| s.name.as_str())
        .collect();
    if candidates.is_empty() {
        candidates = sheets.iter().map(|s| s.name.as_str()).collect();
    }
    let mut first_problem = None;
    let mut filled = Vec::new();
    for &name in &candidates {
        let grid = read_grid(book, name)?;
        if grid.is_blank() {
            continue;
        }
        filled.push(name);
        let place = Place {
            file,
            sheet: Some(name),
        };
        match header_of(&grid, overrides, options.header_row, &place) {
            Ok(header) => return Ok((name.to_owned(), grid, header)),
            Err(problems) => {
                first_problem.get_or_insert(problems);
            }
        }
    }
    match (filled.len(), first_problem) {
        (0, _) if candidates.len() == 1 => Err(vec![
            Problem::error(file, text!("roster-sheet-empty"))
                .sheet(candidates[0])
                .hint(text!("roster-sheet-empty-hint")),
        ]),
        (0, _) | (_, None) => Err(vec![
            Problem::error(
                file,
                text!("roster-every-sheet-empty", sheets = candidates.join(", ")),
            )
            .hint(text!("roster-every-sheet-empty-hint")),
        ]),
        (1, Some(problems)) => Err(problems),
        (_, Some(_)) => {
            let (sheets, headers) = (filled.join(", "), header::expected_headers());
            let (message, hint) = match options.header_row {
                Some(row) => (
                    text!("roster-no-sheet-header-at", row = row, sheets = sheets),
                    text!("roster-no-sheet-header-at-hint", headers = headers),
                ),
                None => (
                    text!(
                        "roster-no-sheet-header",
                        searched = header::HEADER_SEARCH_ROWS,
                        sheets = sheets
                    ),
                    text!("roster-no-sheet-header-hint", headers = headers),
                ),
            };
            Err(vec![Problem::error(file, message).hint(hint)])
        }
    }
}
