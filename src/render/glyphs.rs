//! Characters no font can print.
//!
//! A name in Arabic, Chinese or with an emoji prints as empty boxes when no
//! font of the event has its characters. This check finds them before
//! anything is printed, and names the participant, the row and the
//! character; adding a font that has them to the event's `fonts/` folder
//! fixes it.

use std::collections::BTreeSet;

use typst::text::Font;

use crate::participant::Participant;
use crate::report::Problem;
use crate::roster::Roster;
use crate::text;

/// A warning for each participant field holding a character that none of
/// `fonts` has.
pub fn check(roster: &Roster, fonts: &[Font]) -> Vec<Problem> {
    let printable = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    };
    let mut problems = Vec::new();
    for participant in &roster.participants {
        for (field, value) in fields(participant) {
            let missing: BTreeSet<char> = value.chars().filter(|&c| !printable(c)).collect();
            if missing.is_empty() {
                continue;
            }
            let listed: Vec<String> = missing
                .iter()
                .map(|c| format!("{c} (U+{:04X})", *c as u32))
                .collect();
            let (name, chars, count) = (participant.full_name(), listed.join(", "), missing.len());
            let message = match field {
                Field::Named(field) => text!(
                    "roster-no-glyph",
                    field = field,
                    name = name,
                    chars = chars,
                    count = count
                ),
                Field::Extra(header) => text!(
                    "roster-no-glyph-extra",
                    header = header,
                    name = name,
                    chars = chars,
                    count = count
                ),
            };
            let mut problem = Problem::warning(&roster.file, message)
                .row(participant.row)
                .value(value)
                .hint(text!("roster-no-glyph-hint"));
            if let Some(sheet) = &roster.sheet {
                problem = problem.sheet(sheet);
            }
            problems.push(problem);
        }
    }
    problems
}

/// A field of a participant, as messages name it.
enum Field<'a> {
    /// One of the roster's fields, by its key in `roster-no-glyph`
    /// (`first_name`…).
    Named(&'static str),
    /// An extra column, by its header.
    Extra(&'a str),
}

/// The fields of a participant that documents print, with their names.
fn fields(p: &Participant) -> Vec<(Field<'_>, &str)> {
    let mut fields = vec![
        (Field::Named("first_name"), p.first_name.as_str()),
        (Field::Named("last_name"), p.last_name.as_str()),
        (Field::Named("organisation"), p.organisation.as_str()),
        (Field::Named("city"), p.city.as_str()),
        (Field::Named("group"), p.group.as_str()),
        (Field::Named("visit"), p.visit.as_str()),
    ];
    fields.extend(
        p.extra
            .iter()
            .map(|(header, value)| (Field::Extra(header.as_str()), value.as_str())),
    );
    fields
}
