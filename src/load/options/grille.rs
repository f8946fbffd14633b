//! `content/grille.yaml`: the questionnaire grid.

use serde::{Deserialize, Serialize};

use super::lines;

/// `content/grille.yaml`: the questionnaire grid, as the booklet's part V
/// and the grids print it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Grille {
    /// The grid's title.
    #[serde(default)]
    pub title: Option<String>,
    /// Its numbered sections.
    pub sections: Vec<GrilleSection>,
}

/// A section of the grid.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrilleSection {
    /// Its number, as printed ("1", "2"…).
    #[serde(default)]
    pub number: Option<Label>,
    /// Its title.
    pub title: String,
    /// "Aujourd'hui", "Et demain"…
    pub parts: Vec<GrillePart>,
}

/// A number or a word, as printed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Label {
    /// `1`.
    Number(u32),
    /// `"1"`, `"A"`.
    Text(String),
}

/// A part of a section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrillePart {
    /// When it is about: "Aujourd'hui", "Et demain".
    pub when: String,
    /// Its questions.
    pub questions: Vec<GrilleQuestion>,
}

/// A question of the grid.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GrilleQuestion {
    /// The question, as printed.
    pub text: String,
    /// Sub-questions, each with its own lines.
    #[serde(default)]
    pub items: Vec<String>,
    /// One checkbox per trend of part I.
    #[serde(default)]
    pub trends: bool,
    /// Ruled answer lines.
    #[serde(default, deserialize_with = "lines")]
    pub lines: Option<u32>,
}

impl Grille {
    /// Reads `grille.yaml`; the error names the line and column.
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_saphyr::from_str(text).map_err(|err| err.to_string())
    }
}
