//! A participant as the templates receive it.
//!
//! The roster reader makes these; the planner hands each one to the booklet
//! template as a JSON file. The JSON shape is the templates' contract (see
//! `content/sample-participant.json`), so field names are stable:
//!
//! ```json
//! { "id": "P007", "row": 8, "first_name": "Élodie", "last_name": "Nguyễn-Lefèvre",
//!   "organisation": "…", "city": "…", "email": "…", "group": "…", "visit": "…",
//!   "profile": { "key": "salarie-parcours", "label": "Salariée en parcours",
//!                "event_label": "Salarié en parcours", "colour": "#f8b84a" },
//!   "extra": { "Code postal": "79100", "Arrivée": "14/05/2013" },
//!   "extra_iso": { "Arrivée": "2013-05-14" } }
//! ```
//!
//! - `profile.label` is what documents print: the form the roster writes
//!   when it is the profile's label or one of its aliases in `event.yaml`
//!   (spelled as `event.yaml` spells it: "Directrice", "Intervenante"),
//!   else the profile's label. `profile.event_label` is always the
//!   profile's own label, and `profile.key` what to count or compare by.
//! - `extra` holds every other column as the cell shows it: a number
//!   formatted with leading zeros keeps them (`0472112233`), a date is
//!   written as its cell's format shows it (`14/05/2013`, `mardi 14 mai
//!   2013`; the French short form when the format cannot be read).
//! - `extra_iso` holds, for the extra columns whose cell is a date or a
//!   time, its ISO form (`2013-05-14`, `2013-05-14 09:30`, `09:30`), to sort
//!   or compare by. A date typed as text (in a CSV file) is text: it has no
//!   ISO form.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::SerializeStruct;

/// One person of the roster, read and checked.
#[derive(Debug, Clone, PartialEq)]
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
    pub extra: BTreeMap<String, Extra>,
}

/// The value of an extra column: as the cell shows it and, for a date or
/// a time, its ISO form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// The text as the cell shows it: `0472112233`, `14/05/2013`.
    pub shown: String,
    /// For a date or a time, its ISO form: `2013-05-14`.
    pub iso: Option<String>,
}

impl Extra {
    /// The text as the cell shows it.
    pub fn as_str(&self) -> &str {
        &self.shown
    }
}

impl From<String> for Extra {
    /// A text value (no date).
    fn from(shown: String) -> Self {
        Extra { shown, iso: None }
    }
}

impl From<&str> for Extra {
    /// A text value (no date).
    fn from(shown: &str) -> Self {
        Extra::from(shown.to_owned())
    }
}

impl fmt::Display for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl PartialEq<str> for Extra {
    fn eq(&self, other: &str) -> bool {
        self.shown == other
    }
}

impl PartialEq<&str> for Extra {
    fn eq(&self, other: &&str) -> bool {
        self.shown == *other
    }
}

impl Serialize for Extra {
    /// As the cell shows it: `extra` maps headers to text.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.shown)
    }
}

impl Serialize for Participant {
    /// The shape of `content/sample-participant.json`: the fields, then
    /// `extra` as shown and `extra_iso` for its dates (see the module's doc).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let iso: BTreeMap<&str, &str> = self
            .extra
            .iter()
            .filter_map(|(header, value)| Some((header.as_str(), value.iso.as_deref()?)))
            .collect();
        let mut out = serializer.serialize_struct("Participant", 13)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("row", &self.row)?;
        out.serialize_field("first_name", &self.first_name)?;
        out.serialize_field("last_name", &self.last_name)?;
        out.serialize_field("organisation", &self.organisation)?;
        out.serialize_field("city", &self.city)?;
        out.serialize_field("profile", &self.profile)?;
        out.serialize_field("email", &self.email)?;
        out.serialize_field("group", &self.group)?;
        out.serialize_field("visit", &self.visit)?;
        out.serialize_field("extra", &self.extra)?;
        out.serialize_field("extra_iso", &iso)?;
        out.end()
    }
}

/// A profile as a participant carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileRef {
    /// The profile's key in `event.yaml`: what to count and compare by.
    pub key: String,
    /// What documents print: the roster's form when `event.yaml` declares
    /// it (the label or an alias, spelled as declared), else the label.
    pub label: String,
    /// The profile's own label in `event.yaml`, whatever the roster wrote.
    pub event_label: String,
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
        crate::pack::paths::booklet(&crate::names::joined(
            &crate::names::file_key(&self.id),
            name,
            "pdf",
        ))
    }
}
