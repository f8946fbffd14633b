//! The checks of a column as a whole: a number that lost its leading
//! zero, addresses or profiles under a header carnet does not know.

use super::row::check_email;
use super::row_ranges;
use crate::report::Problem;
use crate::roster::Place;
use crate::roster::grid::{Grid, Typed};
use crate::roster::header::{Field, Header, Identifier, describe};
use crate::roster::profile::ProfileMatcher;
use crate::roster::text::{clean, column_letters};

/// The checks of a column as a whole, over the rows read.
pub(super) struct Columns<'a> {
    pub(super) grid: &'a Grid,
    pub(super) header: &'a Header,
    pub(super) place: &'a Place<'a>,
    /// The rows read (0-based).
    pub(super) read: &'a [usize],
}

/// How many cells of a column are named one by one before the rest are
/// counted in one warning.
pub(super) const NAMED_CELLS: usize = 3;

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
    pub(super) fn check_identifiers(&self, problems: &mut Vec<Problem>) {
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
    pub(super) fn check_unknown_headers(
        &self,
        matcher: &ProfileMatcher,
        problems: &mut Vec<Problem>,
    ) {
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
