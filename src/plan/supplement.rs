//! `carnet build --since OLD.zip`: what changed since an earlier pack.
//!
//! Two people register late, someone's organisation was misspelt: the
//! organiser prints and sends only what is new. The earlier pack's manifest
//! says whom it had booklets for and what each was made from (its
//! `data_sha256`, see [`crate::load::digest`]); each participant of the roster
//! now is then
//! - **new**: not in the earlier pack, under their id or an earlier one;
//! - **changed**: their booklet would differ (their row, or the event's
//!   content, changed), or their id changed with a correction of their
//!   name or organisation (recognised as [`crate::plan::identity`] says);
//! - **unchanged**: left out of the supplement.
//!
//! People of the earlier pack no longer in the roster are **removed**.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::load::digest::EventDigest;
use crate::pack::{Booklet, PackReader};
use crate::participant::Participant;
use crate::plan::identity::{self, Known};

/// The participants of a supplement pack, and the others as the report
/// tells them.
#[derive(Debug)]
pub struct Supplement {
    /// The earlier pack.
    pub since: PathBuf,
    /// The participants the supplement is for, in roster order.
    pub participants: Vec<Participant>,
    /// Ids of the new participants.
    pub new: Vec<String>,
    /// Ids of the changed ones, with what changed.
    pub changed: Vec<(String, String)>,
    /// People of the earlier pack no longer in the roster.
    pub removed: Vec<Booklet>,
    /// How many are left out, unchanged.
    pub unchanged: usize,
}

impl Supplement {
    /// Compares the roster with the earlier pack at `since`.
    pub fn new(
        since: &Path,
        participants: &[Participant],
        digest: &EventDigest,
    ) -> Result<Self, Error> {
        let old = PackReader::open(since)?.manifest()?;
        let known: Vec<Known<'_>> = old
            .values()
            .map(|b| Known {
                id: &b.id,
                first_name: &b.first_name,
                last_name: &b.last_name,
                address: &b.email,
            })
            .collect();
        let successors = identity::successors(&known, participants);
        let mut supplement = Self {
            since: since.to_path_buf(),
            participants: Vec::new(),
            new: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            unchanged: 0,
        };
        for participant in participants {
            let id = participant.id.as_str();
            let earlier = match old.get(id) {
                Some(booklet) => Some(booklet),
                None => successors.get(id).and_then(|old_id| old.get(*old_id)),
            };
            let Some(earlier) = earlier else {
                supplement.new.push(participant.id.clone());
                supplement.participants.push(participant.clone());
                continue;
            };
            match what_changed(earlier, participant, digest) {
                None => supplement.unchanged += 1,
                Some(why) => {
                    supplement.changed.push((participant.id.clone(), why));
                    supplement.participants.push(participant.clone());
                }
            }
        }
        let in_roster: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
        let succeeded: BTreeSet<&str> = successors.values().copied().collect();
        supplement.removed = old
            .values()
            .filter(|b| !in_roster.contains(b.id.as_str()) && !succeeded.contains(b.id.as_str()))
            .cloned()
            .collect();
        Ok(supplement)
    }

    /// Whether there is nothing to make: no one new or changed.
    pub fn is_empty(&self) -> bool {
        self.participants.is_empty()
    }

    /// The report's section on the supplement.
    pub fn report(&self, participants: &[Participant]) -> String {
        let by_id: BTreeMap<&str, &Participant> =
            participants.iter().map(|p| (p.id.as_str(), p)).collect();
        let name = |id: &str| by_id.get(id).map(|p| p.full_name()).unwrap_or_default();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "\nSupplement since {}: {} new, {} changed, {} removed, {} unchanged (left out)",
            self.since.display(),
            self.new.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged
        );
        for id in &self.new {
            let _ = writeln!(out, "  new      {id} {}", name(id));
        }
        for (id, why) in &self.changed {
            let _ = writeln!(out, "  changed  {id} {}: {why}", name(id));
        }
        for booklet in &self.removed {
            let _ = writeln!(
                out,
                "  removed  {} {} {} (in the earlier pack, not in the roster)",
                booklet.id, booklet.first_name, booklet.last_name
            );
        }
        out
    }

    /// The one-line summary for the terminal.
    pub fn summary(&self) -> String {
        format!(
            "{} new, {} changed, {} removed since {}",
            self.new.len(),
            self.changed.len(),
            self.removed.len(),
            self.since.display()
        )
    }
}

/// Why a participant's booklet differs from the earlier one, if it does.
fn what_changed(
    earlier: &Booklet,
    participant: &Participant,
    digest: &EventDigest,
) -> Option<String> {
    let mut what = Vec::new();
    if earlier.id != participant.id {
        what.push(format!("the id was {} before a correction", earlier.id));
    }
    if earlier.first_name != participant.first_name || earlier.last_name != participant.last_name {
        what.push(format!(
            "the name was {} {}",
            earlier.first_name, earlier.last_name
        ));
    }
    let address = participant.email.as_deref().unwrap_or("").trim();
    if !earlier.email.eq_ignore_ascii_case(address) {
        what.push(match earlier.email.is_empty() {
            true => "an address was added".to_owned(),
            false => format!("the address was {}", earlier.email),
        });
    }
    match &earlier.data_sha256 {
        None => what.push(
            "the earlier pack does not record what its booklets were made from (made by an \
             earlier carnet): every booklet counts as changed"
                .to_owned(),
        ),
        Some(data) if *data != digest.booklet(participant) && what.is_empty() => what.push(
            "their row or the event's content changed (organisation, workshop, profile, text…)"
                .to_owned(),
        ),
        Some(_) => {}
    }
    (!what.is_empty()).then(|| what.join("; "))
}
