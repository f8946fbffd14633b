//! Who gets which booklet: the roster matched with the pack's manifest.
//!
//! The roster says who the participants are and where to write to them;
//! the pack holds the booklets that were built from some roster, maybe an
//! older one. Sending a stale booklet is worse than sending none, so every
//! disagreement between the two is reported (the fix is `carnet build`,
//! which gives the same bytes for unchanged participants, so the journal
//! still knows what was sent).

use std::collections::{BTreeMap, BTreeSet};

use crate::load::digest::EventDigest;
use crate::locale::Language;
use crate::pack::Booklet;
use crate::participant::Participant;
use crate::say;

/// A participant the roster and the pack agree on.
#[derive(Debug, Clone)]
pub(super) struct Matched<'a> {
    /// The participant, from the roster.
    pub participant: &'a Participant,
    /// The address to write to, from the roster.
    pub address: String,
    /// Their booklet in the pack.
    pub booklet: Booklet,
    /// The digest of the data their booklet was made from, the same now.
    pub data: String,
}

/// The roster and the pack, side by side.
#[derive(Debug, Default)]
pub(super) struct Matching<'a> {
    /// Participants with an email and a booklet made from their data as
    /// the roster and the event hold it now.
    pub matched: Vec<Matched<'a>>,
    /// Participants without an email.
    pub without_email: Vec<&'a Participant>,
    /// Participants with an email and no booklet in the pack (a supplement
    /// pack leaves out those whose booklet did not change), with the
    /// digest of their data.
    pub absent: Vec<(&'a Participant, String)>,
    /// Participants (with an email) whose booklet was made from other data,
    /// or for someone else: `(participant, what is wrong)`.
    pub stale: Vec<(&'a Participant, String)>,
    /// Booklets of the pack for no participant of the roster.
    pub orphans: Vec<Booklet>,
}

/// Matches the selected participants with the pack's booklets by id, and
/// each booklet's data with what the roster and the event hold now.
/// `selected` tells which participants this run is about; what is wrong is
/// said in `language`.
pub(super) fn match_roster<'a>(
    participants: &'a [Participant],
    booklets: &BTreeMap<String, Booklet>,
    digest: &EventDigest,
    selected: &dyn Fn(&str) -> bool,
    language: Language,
) -> Matching<'a> {
    let mut matching = Matching::default();
    for participant in participants.iter().filter(|p| selected(&p.id)) {
        let Some(address) = participant
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            matching.without_email.push(participant);
            continue;
        };
        let data = digest.booklet(participant);
        let Some(booklet) = booklets.get(&participant.id) else {
            matching.absent.push((participant, data));
            continue;
        };
        let problem = if booklet.last_name != participant.last_name
            || booklet.first_name != participant.first_name
        {
            let made_for = format!("{} {}", booklet.first_name, booklet.last_name);
            Some(say!(
                language,
                "mail-stale-made-for",
                file = &booklet.file,
                name = format!("{:?}", made_for.trim())
            ))
        } else {
            match &booklet.data_sha256 {
                None => Some(say!(language, "mail-stale-old-pack")),
                Some(made) if *made != data => Some(changed_since(booklet, participant, language)),
                Some(_) => None,
            }
        };
        if let Some(problem) = problem {
            matching.stale.push((participant, problem));
            continue;
        }
        matching.matched.push(Matched {
            participant,
            address: address.to_owned(),
            booklet: booklet.clone(),
            data,
        });
    }
    let in_roster: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    matching.orphans = booklets
        .values()
        .filter(|b| !in_roster.contains(b.id.as_str()))
        .cloned()
        .collect();
    matching
}

/// What differs between a booklet's data and the roster now, as far as
/// the manifest tells.
fn changed_since(booklet: &Booklet, participant: &Participant, language: Language) -> String {
    let now = participant.email.as_deref().unwrap_or("").trim();
    if !booklet.email.is_empty() && !booklet.email.eq_ignore_ascii_case(now) {
        return say!(
            language,
            "mail-stale-address",
            file = &booklet.file,
            was = &booklet.email,
            now = now
        );
    }
    say!(
        language,
        "mail-stale-data",
        file = &booklet.file,
        row = participant.row
    )
}
