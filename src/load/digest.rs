//! What a booklet was made from, in one digest.
//!
//! A booklet is made from its participant's fields and from the event's
//! content: `event.yaml` (but its `mail:` section, which only the messages
//! read), the templates, the texts and images of `content/`, the fonts.
//! The pack's manifest keeps, for each booklet, the digest of all of it
//! (`data_sha256`). `carnet mail` computes it again from the roster and
//! the event folder as they are now: a booklet whose digest differs was
//! made from other data and is not sent; `carnet build --since` tells by it
//! which booklets changed.
//!
//! The roster's file is left out of the event's part: a row changed
//! concerns that participant only, and their own fields are in their part.
//! The participant's row number is left out too: sorting the spreadsheet
//! changes no booklet.

use sha2::{Digest, Sha256};

use crate::load::project::Project;
use crate::participant::Participant;

/// The event's part of every booklet's digest.
#[derive(Debug, Clone)]
pub struct EventDigest {
    event: [u8; 32],
}

impl EventDigest {
    /// The digest of what reaches every booklet from the project, leaving
    /// out the roster files named by `roster` (paths in the project).
    pub fn of(project: &Project, roster: &[&str]) -> Self {
        let mut hasher = Sha256::new();
        let mut event = project.event.clone();
        event.mail = None;
        let settings = serde_json::to_vec(&event).expect("the event's settings are JSON");
        frame(&mut hasher, b"content/event.yaml", &settings);
        for (path, file) in &project.files {
            if path == "content/event.yaml" || roster.contains(&path.as_str()) {
                continue;
            }
            frame(&mut hasher, path.as_bytes(), &file.bytes);
        }
        Self {
            event: hasher.finalize().into(),
        }
    }

    /// The digest of what this participant's booklet is made from, hex.
    pub fn booklet(&self, participant: &Participant) -> String {
        let mut fields = serde_json::to_value(participant).expect("a participant is JSON");
        if let Some(map) = fields.as_object_mut() {
            map.remove("row");
        }
        let fields = serde_json::to_vec(&fields).expect("a participant is JSON");
        let mut hasher = Sha256::new();
        hasher.update(self.event);
        frame(&mut hasher, b"participant", &fields);
        crate::pack::hex(&hasher.finalize())
    }
}

/// Feeds a named part with both lengths, so that no two different lists of
/// parts give the same stream.
fn frame(hasher: &mut Sha256, name: &[u8], bytes: &[u8]) {
    hasher.update((name.len() as u64).to_le_bytes());
    hasher.update(name);
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        let dir = tempfile::tempdir().unwrap();
        Project::load(dir.path()).unwrap()
    }

    fn participant() -> Participant {
        Participant {
            id: "P001".into(),
            row: 2,
            first_name: "Hélène".into(),
            last_name: "Dupré".into(),
            organisation: "Jardins du Bocge".into(),
            city: "Foix".into(),
            profile: None,
            email: Some("helene@example.org".into()),
            group: "Atelier 1".into(),
            visit: String::new(),
            extra: Default::default(),
        }
    }

    #[test]
    fn the_digest_follows_the_participant_and_the_content_not_the_row_or_the_mail() {
        let project = project();
        let digest = EventDigest::of(&project, &[]);
        let someone = participant();
        let first = digest.booklet(&someone);
        assert_eq!(first.len(), 64);

        let moved = Participant {
            row: 40,
            ..someone.clone()
        };
        assert_eq!(digest.booklet(&moved), first, "the row does not count");
        let corrected = Participant {
            organisation: "Jardins du Bocage".into(),
            ..someone.clone()
        };
        assert_ne!(digest.booklet(&corrected), first);
        let regrouped = Participant {
            group: "Atelier 3".into(),
            ..someone.clone()
        };
        assert_ne!(digest.booklet(&regrouped), first);

        let mut edited = project.clone();
        let text = edited.files.get_mut("templates/booklet.typ").unwrap();
        text.bytes.extend_from_slice(b"\n// a paragraph more\n");
        assert_ne!(EventDigest::of(&edited, &[]).booklet(&someone), first);

        let mut mail_only = project.clone();
        if let Some(mail) = mail_only.event.mail.as_mut() {
            mail.subject = format!("{} (rappel)", mail.subject);
        }
        assert_eq!(EventDigest::of(&mail_only, &[]).booklet(&someone), first);

        let roster = "content/participants.xlsx";
        let mut new_roster = project.clone();
        new_roster.files.get_mut(roster).unwrap().bytes.push(0);
        assert_eq!(
            EventDigest::of(&new_roster, &[roster]).booklet(&someone),
            EventDigest::of(&project, &[roster]).booklet(&someone)
        );
    }
}
