//! The checks of a column as a whole: a number that lost its leading
//! zero, addresses or profiles under a header carnet does not know.

use super::row::check_email;
use super::row_ranges;
use crate::report::Problem;
use crate::roster::Place;
use crate::roster::grid::{Grid, Typed};
use crate::roster::header::{Field, Header, Identifier};
use crate::roster::profile::ProfileMatcher;
use crate::roster::text::{clean, column_letters};
use crate::text;

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
                text!("roster-leading-zero-hint", format = &zeros)
            } else {
                text!("roster-leading-zero-no-formats-hint", format = &zeros)
            };
            for (row, value, digits) in short.iter().take(NAMED_CELLS) {
                let message = match kind.digits() {
                    Some(_) => text!(
                        "roster-leading-zero",
                        digits = *digits,
                        kind = kind.key(),
                        expected = expected
                    ),
                    None => text!(
                        "roster-leading-zero-other",
                        digits = *digits,
                        expected = expected
                    ),
                };
                problems.push(
                    self.place
                        .warning(message)
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
                let message = match kind.digits() {
                    Some(_) => text!(
                        "roster-leading-zero-more",
                        count = rest.len(),
                        rows = row_ranges(&rest),
                        kind = kind.key(),
                        expected = expected
                    ),
                    None => text!(
                        "roster-leading-zero-more-other",
                        count = rest.len(),
                        rows = row_ranges(&rest),
                        expected = expected
                    ),
                };
                problems.push(
                    self.place
                        .warning(message)
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
                emails |= field == Field::Email;
                let yaml = serde_json::to_string(name).unwrap_or_default();
                let column = column_letters(column);
                let (message, hint) = match field {
                    Field::Email => (
                        text!(
                            "roster-column-of-emails",
                            column = column,
                            alike = alike,
                            all = all
                        ),
                        text!("roster-column-of-emails-hint", header = yaml),
                    ),
                    _ => (
                        text!(
                            "roster-column-of-profiles",
                            column = column,
                            alike = alike,
                            all = all
                        ),
                        text!("roster-column-of-profiles-hint", header = yaml),
                    ),
                };
                problems.push(
                    self.place
                        .warning(message)
                        .row(header_row)
                        .column(name)
                        .hint(hint),
                );
            }
        }
        if self.header.column(Field::Email).is_none() && !emails {
            problems.push(
                self.place
                    .warning(text!(
                        "roster-no-email-column",
                        headers = self.header.list()
                    ))
                    .row(header_row)
                    .hint(text!(
                        "roster-no-email-column-hint",
                        known = Field::Email.headers()[..6].join(", ")
                    )),
            );
        }
    }
}
