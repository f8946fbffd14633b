//! Who is who across corrections of the roster.
//!
//! Without an ID column, a participant's id is made from their name and
//! organisation, so correcting a typo gives them a new id. The earlier
//! pack's manifest and the mail journal still know them by the old one.
//! A person is recognised under a new id when all of these hold:
//!
//! - the old id is no longer in the roster (else the old id is someone
//!   still there, and the new one someone else);
//! - the address is the same (letter case aside);
//! - the first name or the last name is the same (case, accents and
//!   punctuation aside): one of the two may have been corrected, not both;
//! - no one else of the roster fits the old id as well: two people sharing
//!   an address and a last name (a family, a shared inbox) are told apart
//!   by their first name, or not matched at all.

use std::collections::{BTreeMap, BTreeSet};

use crate::participant::Participant;
use crate::roster::fold;

/// Someone as an earlier pack or the journal knew them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known<'a> {
    /// Their id then.
    pub id: &'a str,
    /// Their first name then.
    pub first_name: &'a str,
    /// Their last name then.
    pub last_name: &'a str,
    /// Their address then.
    pub address: &'a str,
}

/// Matches people known under ids that are no longer in the roster with
/// the participants whose id is unknown: new id → old id.
pub fn successors<'a>(
    known: &[Known<'a>],
    participants: &[Participant],
) -> BTreeMap<String, &'a str> {
    let in_roster: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    let known_ids: BTreeSet<&str> = known.iter().map(|k| k.id).collect();
    let newcomers: Vec<&Participant> = participants
        .iter()
        .filter(|p| !known_ids.contains(p.id.as_str()))
        .collect();
    // Each old id once (the latest of its names wins: the last given).
    let mut gone: BTreeMap<&str, &Known<'a>> = BTreeMap::new();
    for person in known.iter().filter(|k| !in_roster.contains(k.id)) {
        gone.insert(person.id, person);
    }
    let mut claims: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
    for (old, person) in &gone {
        let mut fits: Vec<(&Participant, u8)> = newcomers
            .iter()
            .filter_map(|p| likeness(person, p).map(|score| (*p, score)))
            .collect();
        fits.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
        match fits.as_slice() {
            [(one, _)] => claims.entry(&one.id).or_default().push(old),
            [(best, high), (_, next), ..] if high > next => {
                claims.entry(&best.id).or_default().push(old)
            }
            _ => {}
        }
    }
    // A newcomer claimed by two old ids is matched with neither.
    claims
        .into_iter()
        .filter_map(|(new, olds)| match olds.as_slice() {
            [old] => Some((new.to_owned(), *old)),
            _ => None,
        })
        .collect()
}

/// How alike an earlier record and a participant are: `None` when they are
/// not the same person by the rules above, else 2 when both names agree
/// (the organisation was corrected), 1 when one does.
fn likeness(known: &Known<'_>, participant: &Participant) -> Option<u8> {
    let address = participant.email.as_deref()?.trim();
    if address.is_empty() || !address.eq_ignore_ascii_case(known.address.trim()) {
        return None;
    }
    let same = |a: &str, b: &str| !fold(a).is_empty() && fold(a) == fold(b);
    let first = same(known.first_name, &participant.first_name);
    let last = same(known.last_name, &participant.last_name);
    match (first, last) {
        (true, true) => Some(2),
        (true, false) | (false, true) => Some(1),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(id: &str, first: &str, last: &str, email: &str) -> Participant {
        Participant {
            id: id.into(),
            row: 2,
            first_name: first.into(),
            last_name: last.into(),
            organisation: String::new(),
            city: String::new(),
            profile: None,
            email: Some(email.into()),
            group: String::new(),
            visit: String::new(),
            extra: Default::default(),
        }
    }

    fn someone<'a>(id: &'a str, first: &'a str, last: &'a str, address: &'a str) -> Known<'a> {
        Known {
            id,
            first_name: first,
            last_name: last,
            address,
        }
    }

    #[test]
    fn a_corrected_name_or_organisation_keeps_the_person() {
        let roster = [
            participant("new1", "Hélène", "Dupré", "helene@example.org"),
            participant("new2", "Benoit", "Chevalier", "benoit@example.org"),
            participant("P3", "Zoé", "Lefèvre", "zoe@example.org"),
        ];
        let known = [
            someone("old1", "Helene", "DUPRE", "Helene@Example.org"),
            someone("old2", "Benoît", "Chevallier", "benoit@example.org"),
            someone("P3", "Zoé", "Lefèvre", "zoe@example.org"),
        ];
        let found = successors(&known, &roster);
        assert_eq!(found.get("new1"), Some(&"old1"));
        assert_eq!(found.get("new2"), Some(&"old2"));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn another_address_or_both_names_changed_is_someone_else() {
        let roster = [
            participant("new1", "Hélène", "Dupré", "h.dupre@example.org"),
            participant("new2", "Anne", "Martin", "benoit@example.org"),
        ];
        let known = [
            someone("old1", "Hélène", "Dupré", "helene@example.org"),
            someone("old2", "Benoît", "Chevalier", "benoit@example.org"),
        ];
        assert!(successors(&known, &roster).is_empty());
    }

    #[test]
    fn an_old_id_still_in_the_roster_is_not_taken() {
        let roster = [
            participant("P1", "Jean", "Martin", "famille@example.org"),
            participant("P2", "Marie", "Martin", "famille@example.org"),
        ];
        let known = [someone("P1", "Jean", "Martin", "famille@example.org")];
        assert!(successors(&known, &roster).is_empty());
    }

    #[test]
    fn a_shared_address_is_told_apart_by_the_names_or_not_at_all() {
        let roster = [
            participant("new1", "Jean", "Martin", "famille@example.org"),
            participant("new2", "Marie", "Martin", "famille@example.org"),
        ];
        let known = [someone("old", "Jean", "Martin", "famille@example.org")];
        let found = successors(&known, &roster);
        assert_eq!(found.get("new1"), Some(&"old"));
        assert_eq!(found.len(), 1);

        let others = [someone("old", "Paul", "Martin", "famille@example.org")];
        assert!(successors(&others, &roster).is_empty(), "a tie: nobody");
    }
}
