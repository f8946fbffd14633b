//! A participant as the templates receive it.
//!
//! The roster reader makes these; the planner hands each one to the booklet
//! template as a JSON file. The JSON shape is the templates' contract (see
//! `content/sample-participant.json`), so field names are stable.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

/// One person of the roster, read and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    /// Stable identifier: the roster's ID column, or derived from the person.
    pub id: String,
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// First name (may be empty when the last name is given).
    pub first_name: String,
    /// Last name (may be empty when the first name is given).
    pub last_name: String,
    /// Organisation (structure, entreprise).
    pub organisation: String,
    /// City or territory.
    pub city: String,
    /// The profile, resolved against `event.yaml`; shared by the
    /// participants of that profile.
    pub profile: Option<Arc<ProfileRef>>,
    /// Email address, syntax checked.
    pub email: Option<String>,
    /// Workshop group (atelier).
    pub group: String,
    /// The enterprise visited during the preparation.
    pub visit: String,
    /// Every other column of the roster, by its header.
    pub extra: BTreeMap<String, String>,
}

/// A profile as a participant carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileRef {
    /// The profile's key in `event.yaml`.
    pub key: String,
    /// Its label.
    pub label: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
}

impl Participant {
    /// "First Last", or whichever of the two is given.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (true, _) => self.last_name.clone(),
            (false, true) => self.first_name.clone(),
        }
    }

    /// The booklet's file name: `booklets/<id>-<nom-prenom>.pdf`, within
    /// the length every system accepts (see [`crate::names`]).
    pub fn booklet_file(&self) -> String {
        let name = format!("{} {}", self.last_name, self.first_name);
        let name = if slug::slugify(&name).is_empty() {
            "participant"
        } else {
            &name
        };
        format!(
            "booklets/{}",
            crate::names::joined(&crate::names::file_key(&self.id), name, "pdf")
        )
    }
}
