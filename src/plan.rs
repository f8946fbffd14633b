//! Which documents to make, from the event and its participants.
//!
//! The plan is a list of [`Document`]s: a template, the data it receives and
//! the place of the PDF in the pack. Rendering and packing only follow it.

use serde_json::json;

use crate::participant::Participant;

/// What a document is, for the report and the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One participant's booklet; the index is the participant's.
    Booklet(usize),
}

/// One PDF to make.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Its path in the pack.
    pub file: String,
    /// The template that makes it.
    pub template: &'static str,
    /// The data the template receives (as JSON).
    pub data: serde_json::Value,
}

/// The documents of a pack, in pack order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every document, in the order they are written to the pack.
    pub documents: Vec<Document>,
}

/// The booklet template.
pub const BOOKLET: &str = "templates/booklet.typ";

impl Plan {
    /// Plans the pack for these participants.
    pub fn new(participants: &[Participant]) -> Self {
        let documents = participants
            .iter()
            .enumerate()
            .map(|(index, participant)| Document {
                kind: Kind::Booklet(index),
                file: participant.booklet_file(),
                template: BOOKLET,
                data: json!(participant),
            })
            .collect();
        Self { documents }
    }
}
