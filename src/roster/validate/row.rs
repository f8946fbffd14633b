//! One row read and checked on its own: a name, a valid email, a known
//! profile, each problem at its cell.

use std::collections::BTreeMap;
use std::sync::Arc;

use email_address::{EmailAddress, Options};

use super::across::safe_id;
use super::{Candidate, FOOTER_WORDS, FORMULA_ERRORS};
use crate::locale::Text;
use crate::participant::{Extra, Participant};
use crate::report::Problem;
use crate::roster::Place;
use crate::roster::grid::{Grid, Typed};
use crate::roster::header::{Field, Header};
use crate::roster::profile::ProfileMatcher;
use crate::roster::text::{clean, clean_lines, column_letters, fold};
use crate::text;

/// Reads one row, reporting its own problems.
pub(super) struct RowReader<'a> {
    pub(super) grid: &'a Grid,
    pub(super) cells: &'a [String],
    pub(super) header: &'a Header,
    pub(super) place: &'a Place<'a>,
    pub(super) row: u32,
    pub(super) problems: &'a mut Vec<Problem>,
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
            let problem = self.at(self.place.warning(text!("roster-formula-error")), column);
            self.problems.push(
                problem
                    .value(value)
                    .hint(text!("roster-formula-error-hint")),
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
    pub(super) fn is_footer(&mut self) -> bool {
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
            let problem = self.at(self.place.warning(text!("roster-total-row")), *column);
            self.problems.push(
                problem
                    .value(first.clone())
                    .hint(text!("roster-total-row-hint")),
            );
            return true;
        }
        if id_only {
            let problem = self.at(self.place.warning(text!("roster-id-only")), *column);
            self.problems.push(
                problem
                    .value(first.clone())
                    .hint(text!("roster-id-only-hint")),
            );
            return true;
        }
        false
    }

    /// Reads the row into a participant, checking what can be checked on its own.
    pub(super) fn read(&mut self, matcher: &ProfileMatcher) -> Candidate {
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
                text!("roster-no-name-both")
            } else {
                text!("roster-no-name")
            };
            let problem = self.at(self.place.error(message), column);
            self.problems
                .push(problem.hint(text!("roster-no-name-hint")));
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
                        let hint =
                            text!("roster-unknown-profile-hint", profiles = matcher.labels());
                        let problem =
                            self.at(self.place.error(text!("roster-unknown-profile")), column);
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
                        text!("roster-id-unusable")
                    } else {
                        text!("roster-id-changed", id = &safe)
                    };
                    let problem = self.at(self.place.warning(message), column);
                    self.problems
                        .push(problem.value(written).hint(text!("roster-id-changed-hint")));
                } else if written.is_empty() {
                    let problem = self.at(self.place.warning(text!("roster-no-id")), column);
                    self.problems.push(problem.hint(text!("roster-no-id-hint")));
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
fn fix_hint() -> Text {
    text!("roster-email-fix-hint")
}

/// Checks an address's syntax; gives the address to keep, or what is wrong and what to do.
/// `mailto:` and a display name around `<…>` are dropped, as pasted from a mail program.
pub(super) fn check_email(written: &str) -> Result<String, (Text, Text)> {
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
    if address.matches('@').count() > 1 && address.contains([';', ',', ' ', '/']) {
        return Err((
            text!("roster-email-several"),
            text!("roster-email-several-hint"),
        ));
    }
    if !address.contains('@') {
        return Err((text!("roster-email-no-at"), fix_hint()));
    }
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        allow_long_local_parts: false,
    };
    match EmailAddress::parse_with_options(address, options) {
        Ok(_) => Ok(address.to_owned()),
        Err(_) => Err((text!("roster-email-invalid"), fix_hint())),
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
            check_email("paul.durand.example.org")
                .unwrap_err()
                .0
                .english(),
            "not an email address: it has no @"
        );
        assert_eq!(
            check_email("paul@localhost").unwrap_err().0.english(),
            "not an email address"
        );
        assert_eq!(
            check_email("paul@@example.org").unwrap_err().0.english(),
            "not an email address"
        );
        assert_eq!(
            check_email("a@example.org; b@example.org")
                .unwrap_err()
                .0
                .english(),
            "several addresses in one cell"
        );
    }

    #[test]
    fn accented_addresses_are_read_without_a_panic() {
        assert_eq!(
            check_email("josé-émile@exemple.fr"),
            Ok("josé-émile@exemple.fr".into())
        );
        let (message, hint) = check_email("mailtoé").unwrap_err();
        assert_eq!(message.english(), "not an email address: it has no @");
        assert_eq!(hint, fix_hint());
    }
}
