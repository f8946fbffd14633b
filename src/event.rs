//! The event's settings, read from `content/event.yaml`.
//!
//! Templates read the same file with Typst's `yaml()`; carnet reads it to
//! know the profiles a roster may name, where the roster is and how to read
//! it, the fixed PDF date and the mail templates. Unknown keys are refused so
//! that a typo in a setting is reported instead of silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole of `event.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventConfig {
    /// Identity, dates and place.
    pub event: EventInfo,
    /// The half-day sessions (the phases on the booklet's cover).
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// The programme printed on each participant's personal page.
    #[serde(default)]
    pub programme: Vec<ProgrammeDay>,
    /// The participant profiles a roster may name.
    pub profiles: Vec<Profile>,
    /// What the organisers aim for.
    #[serde(default)]
    pub goals: Option<Goals>,
    /// Where the roster is and how to read it.
    #[serde(default)]
    pub roster: RosterSettings,
    /// Options of the booklet.
    #[serde(default)]
    pub booklet: serde_json::Value,
    /// Options of the badges.
    #[serde(default)]
    pub badges: serde_json::Value,
    /// Options of the grids.
    #[serde(default)]
    pub grids: serde_json::Value,
    /// Options of the attendance sheets.
    #[serde(default)]
    pub attendance: serde_json::Value,
    /// Options of the print file.
    #[serde(default)]
    pub print: PrintSettings,
    /// Sender, subject and body of the mail that carries each booklet.
    #[serde(default)]
    pub mail: Option<MailSettings>,
}

/// Options of the imposed print file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSettings {
    /// Draw short marks where the A4 sheets are folded.
    #[serde(default)]
    pub fold_marks: bool,
}

/// Identity, dates and place of the event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventInfo {
    /// The event's name, e.g. "8e Séminaire Qualité".
    pub name: String,
    /// Who organises it.
    #[serde(default)]
    pub organiser: String,
    /// The theme, printed on the cover.
    #[serde(default)]
    pub theme: String,
    /// The dates as written for people, e.g. "14 et 15 mai 2013".
    pub dates: String,
    /// First day, ISO date.
    pub start: String,
    /// Last day, ISO date.
    pub end: String,
    /// Town or building.
    #[serde(default)]
    pub venue: String,
    /// Region or département.
    #[serde(default)]
    pub region: String,
    /// Names the pack (`<slug>.zip`); derived from the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
    /// The date written into every PDF (RFC 3339); the first day at 09:00 UTC when absent.
    #[serde(default)]
    pub pdf_date: Option<String>,
}

/// One half-day session.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The phase's title, e.g. "Planter le décor".
    pub title: String,
    /// The day, ISO date.
    pub date: String,
    /// "matin" or "après-midi".
    #[serde(default)]
    pub half_day: String,
    /// The hours, as written for people.
    #[serde(default)]
    pub time: String,
}

/// One day of the programme.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeDay {
    /// The day as written for people, e.g. "Mardi 14 mai".
    pub day: String,
    /// What happens that day, in order.
    pub items: Vec<ProgrammeItem>,
}

/// One slot of the programme.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeItem {
    /// Start time as written for people.
    pub time: String,
    /// What it is.
    pub title: String,
    /// More about it.
    #[serde(default)]
    pub detail: Option<String>,
}

/// A participant profile (administrateur, salarié en parcours…).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A short stable key, e.g. `salarie-parcours`.
    pub key: String,
    /// The label printed on badges and booklets.
    pub label: String,
    /// Other names the roster may use for this profile.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The badge colour, `#rrggbb`.
    pub colour: String,
}

/// What the organisers aim for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// The profile whose share is watched.
    pub profile: String,
    /// The share aimed for, between 0 and 1.
    pub share: f64,
}

/// Where the roster is and how to read it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RosterSettings {
    /// The roster file, relative to `content/`.
    #[serde(default)]
    pub file: Option<String>,
    /// The sheet to read; default: the first sheet with a recognisable header.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The header's row number as the spreadsheet shows it; default: found.
    #[serde(default)]
    pub header_row: Option<u32>,
    /// Header overrides: field name → header in the sheet.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// Sender, subject and body of the mail that carries each booklet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// The From header, e.g. `Name <address@example.org>`.
    pub from: String,
    /// The Reply-To header.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The subject template (minijinja).
    pub subject: String,
    /// The plain-text body template (minijinja).
    pub body: String,
    /// An optional HTML body template (minijinja).
    #[serde(default)]
    pub html: Option<String>,
    /// Attach the blank grid too.
    #[serde(default)]
    pub attach_grid: bool,
}

impl EventConfig {
    /// Parses `event.yaml`; the error names the line and column.
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_saphyr::from_str(text).map_err(|err| err.to_string())
    }

    /// The profile with this key.
    pub fn profile(&self, key: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.key == key)
    }

    /// The pack's base name.
    pub fn slug(&self) -> String {
        match &self.event.slug {
            Some(slug) if !slug.trim().is_empty() => slug::slugify(slug),
            _ => slug::slugify(&self.event.name),
        }
    }
}
