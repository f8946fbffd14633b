//! The rows checked against each other (the same person twice, an ID or
//! an address used twice), and every participant given a stable ID.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Candidate;
use crate::names::file_key;
use crate::participant::Participant;
use crate::report::Problem;
use crate::roster::Place;
use crate::roster::header::{Field, Header};
use crate::roster::text::fold;
use crate::text;

/// An ID as written, made safe in file names: ASCII letters, digits, `-`, `_`, `.`.
pub(super) fn safe_id(id: &str) -> String {
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
pub(super) fn person_key(p: &Participant) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}",
        fold(&p.last_name),
        fold(&p.first_name),
        fold(&p.organisation)
    )
}

/// "Sophie Martin, Les Jardins du Bocage", to name the other row in a message.
pub(super) fn who(p: &Participant) -> String {
    if p.organisation.is_empty() {
        p.full_name()
    } else {
        format!("{}, {}", p.full_name(), p.organisation)
    }
}

/// Finds the same person twice, the same ID twice and shared addresses.
///
/// The same name and organisation, or the same address and name, is the same
/// person: the later row is an error. The same address for different names
/// is only a warning: colleagues often share their structure's address.
pub(super) fn check_across_rows(
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
            let message = text!(
                "roster-same-person",
                row = other.row,
                who = who(&other.participant)
            );
            problems.push(
                place
                    .error(message)
                    .row(row)
                    .hint(text!("roster-same-person-hint")),
            );
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
                        .error(text!("roster-same-person-email", row = other.row))
                        .row(row)
                        .column(column)
                        .value(participant.email.clone().unwrap_or_default())
                        .hint(text!("roster-same-person-email-hint")),
                );
                failed = true;
            } else if !same_name {
                let message = text!(
                    "roster-same-email",
                    row = other.row,
                    name = other.participant.full_name()
                );
                problems.push(
                    place
                        .warning(message)
                        .row(row)
                        .column(column)
                        .value(participant.email.clone().unwrap_or_default())
                        .hint(text!("roster-same-email-hint")),
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
                    .error(text!(
                        "roster-id-clash",
                        id = &other.participant.id,
                        row = other.row,
                        name = other.participant.full_name(),
                        files = &files
                    ))
                    .row(row)
                    .column(header.field_name(Field::Id).unwrap_or_default())
                    .value(participant.id.clone())
                    .hint(text!("roster-id-clash-hint")),
            );
            failed = true;
        } else if !participant.id.is_empty()
            && let Some(&first) = ids.get(&files)
        {
            let other = &candidates[first];
            problems.push(
                place
                    .error(text!(
                        "roster-id-used",
                        row = other.row,
                        name = other.participant.full_name()
                    ))
                    .row(row)
                    .column(header.field_name(Field::Id).unwrap_or_default())
                    .value(participant.id.clone())
                    .hint(text!("roster-id-used-hint")),
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
pub(super) fn assign_ids(candidates: &mut [Candidate]) {
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
    fn ids_are_made_safe_in_file_names() {
        assert_eq!(safe_id("P001"), "P001");
        assert_eq!(safe_id("12"), "12");
        assert_eq!(safe_id("Dossier 2013/045"), "Dossier-2013-045");
        assert_eq!(safe_id("Équipe n°3"), "Equipe-n-3");
        assert_eq!(safe_id("../etc"), "etc");
        assert_eq!(safe_id("#"), "");
    }
}
