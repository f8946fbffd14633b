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
            let mut problem = Problem::warning(
                &roster.file,
                format!(
                    "{} of {}: no font has {}; {} would print as empty boxes",
                    field,
                    participant.full_name(),
                    listed.join(", "),
                    if missing.len() == 1 { "it" } else { "they" }
                ),
            )
            .row(participant.row)
            .value(value)
            .hint("add a font that has these characters (a .ttf or .otf file, e.g. from the Noto family) to the event's fonts/ folder");
            if let Some(sheet) = &roster.sheet {
                problem = problem.sheet(sheet);
            }
            problems.push(problem);
        }
    }
    problems
}

/// The fields of a participant that documents print, with their names.
fn fields(p: &Participant) -> Vec<(String, &str)> {
    let mut fields = vec![
        ("the first name".to_owned(), p.first_name.as_str()),
        ("the last name".to_owned(), p.last_name.as_str()),
        ("the organisation".to_owned(), p.organisation.as_str()),
        ("the city".to_owned(), p.city.as_str()),
        ("the group".to_owned(), p.group.as_str()),
        ("the visit".to_owned(), p.visit.as_str()),
    ];
    fields.extend(
        p.extra
            .iter()
            .map(|(header, value)| (format!("“{header}”"), value.as_str())),
    );
    fields
}
