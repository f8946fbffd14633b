//! The documents' options in `event.yaml`, typed, then decided.
//!
//! Each section is read here with its keys and the values each may take: a
//! misspelt key or a value out of range is an error at `file:line:col` that
//! says what is allowed, before Typst sees anything. What the templates
//! receive is not the file's text but the options decided from it — every
//! default applied, a badge preset turned into its lengths, `auto` turned
//! into yes or no — as the `options` of each document's data: the templates
//! draw, they do not check again.
//!
//! [`badges`] holds the badge sheet's layout, [`grille`] the questionnaire
//! of `content/grille.yaml`.

pub mod badges;
pub mod grille;

pub use badges::{BadgeLayout, BadgeOptions, BadgeSort, DecidedBadges, Preset, Qr};
pub use grille::{Grille, GrillePart, GrilleQuestion, GrilleSection, Label};

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

/// A length in millimetres: `12`, `12.5`, `"12,5"` or `"12 mm"`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Mm(pub f64);

impl<'de> Deserialize<'de> for Mm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        let value = match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Some(n),
            Raw::Text(text) => {
                let number = text.trim().trim_end_matches("mm").trim().replace(',', ".");
                number.parse::<f64>().ok()
            }
        };
        match value {
            Some(n) if n.is_finite() => Ok(Mm(n)),
            _ => Err(de::Error::custom(
                "expected a length in millimetres, e.g. 12 or 12.5",
            )),
        }
    }
}

/// A number within bounds, checked as it is read.
fn within<'de, D: Deserializer<'de>>(
    deserializer: D,
    min: f64,
    max: f64,
    what: &str,
) -> Result<Option<f64>, D::Error> {
    let value = Option::<Mm>::deserialize(deserializer)?;
    match value {
        Some(Mm(n)) if !(min..=max).contains(&n) => Err(de::Error::custom(format!(
            "{n} is out of range: {what} is between {min} and {max}"
        ))),
        other => Ok(other.map(|m| m.0)),
    }
}

fn offset<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    within(d, -30.0, 30.0, "an offset (mm)")
}

fn scale<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    within(d, 0.5, 1.5, "the scale")
}

fn size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    within(d, 20.0, 297.0, "a badge's side (mm)")
}

fn gap<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    within(d, 0.0, 100.0, "a gutter or margin (mm)")
}

/// A whole number within bounds.
fn count<'de, D: Deserializer<'de>>(
    deserializer: D,
    min: u32,
    max: u32,
    what: &str,
) -> Result<Option<u32>, D::Error> {
    let value = Option::<u32>::deserialize(deserializer)?;
    match value {
        Some(n) if !(min..=max).contains(&n) => Err(de::Error::custom(format!(
            "{n} is out of range: {what} is a whole number from {min} to {max}"
        ))),
        other => Ok(other),
    }
}

fn grid_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d, 1, 20, "the number of columns or rows")
}

fn rows_per_page<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d, 1, 20, "`rows_per_page`")
}

fn lines<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d, 0, 30, "a number of answer lines")
}

fn blank_rows<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d, 0, 100, "`blank_rows`")
}

/// The order of the attendance sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceSort {
    /// By last name.
    #[default]
    LastName,
    /// By group, then last name.
    Group,
}

/// `booklet:` in `event.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BookletOptions {
    /// Shown in the running header next to the participant's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_title: Option<String>,
}

/// `grids:` in `event.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GridOptions {
    /// Answer lines under a question (default 3).
    #[serde(
        default,
        deserialize_with = "lines",
        skip_serializing_if = "Option::is_none"
    )]
    pub lines: Option<u32>,
    /// Answer lines under a sub-question (default 3).
    #[serde(
        default,
        deserialize_with = "lines",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_lines: Option<u32>,
}

/// `attendance.group_column`: a column for the workshop, or not, or when
/// someone has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum GroupColumn {
    /// Always, or never.
    Fixed(bool),
    /// `auto`: when a participant has a group.
    Auto(AutoWord),
}

/// The word `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoWord {
    /// `auto`.
    Auto,
}

impl<'de> Deserialize<'de> for GroupColumn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Bool(b) => Ok(GroupColumn::Fixed(b)),
            Raw::Text(t) if t.trim() == "auto" => Ok(GroupColumn::Auto(AutoWord::Auto)),
            Raw::Text(t) => Err(de::Error::custom(format!(
                "{t:?} is not a choice: write true, false or auto"
            ))),
        }
    }
}

/// `attendance:` in `event.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceOptions {
    /// Rows a page, 1 to 20 (default 18).
    #[serde(
        default,
        deserialize_with = "rows_per_page",
        skip_serializing_if = "Option::is_none"
    )]
    pub rows_per_page: Option<u32>,
    /// Empty rows at the end for walk-ins (default 3).
    #[serde(
        default,
        deserialize_with = "blank_rows",
        skip_serializing_if = "Option::is_none"
    )]
    pub blank_rows: Option<u32>,
    /// The workshop column: true, false or auto (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_column: Option<GroupColumn>,
    /// The order: last_name (default) or group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<AttendanceSort>,
}

/// Attendance rows a page unless `attendance.rows_per_page` says.
pub const ROWS_PER_PAGE: u32 = 18;
/// Empty rows for walk-ins unless `attendance.blank_rows` says.
pub const BLANK_ROWS: u32 = 3;
/// Answer lines of a grid's question unless `grids.lines` says.
pub const ANSWER_LINES: u32 = 3;

/// The attendance sheets' options as the template receives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidedAttendance {
    /// Body rows a page, 1 to 20.
    pub rows_per_page: u32,
    /// Empty rows after the participants.
    pub blank_rows: u32,
    /// Whether the "Atelier" column is shown.
    pub show_group: bool,
}

impl AttendanceOptions {
    /// The options decided: the defaults applied, and `group_column: auto`
    /// shown when someone of the whole list has a group, so that every
    /// slice of a long list has the column or none has.
    pub fn decide(&self, someone_has_a_group: bool) -> DecidedAttendance {
        DecidedAttendance {
            rows_per_page: self.rows_per_page.unwrap_or(ROWS_PER_PAGE),
            blank_rows: self.blank_rows.unwrap_or(BLANK_ROWS),
            show_group: match self.group_column {
                Some(GroupColumn::Fixed(shown)) => shown,
                Some(GroupColumn::Auto(_)) | None => someone_has_a_group,
            },
        }
    }
}

/// The grids' options as the template receives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidedGrids {
    /// Answer lines of a question that does not set its own.
    pub lines: u32,
    /// Answer lines of each sub-question.
    pub item_lines: u32,
}

impl GridOptions {
    /// The options decided, the defaults applied.
    pub fn decide(&self) -> DecidedGrids {
        DecidedGrids {
            lines: self.lines.unwrap_or(ANSWER_LINES),
            item_lines: self.item_lines.unwrap_or(ANSWER_LINES),
        }
    }
}

/// The booklet's options as the template receives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidedBooklet {
    /// The running header's title: `booklet.running_title`, else the
    /// event's name.
    pub running_title: String,
}

impl BookletOptions {
    /// The options decided: the running title, or the event's `name`.
    pub fn decide(&self, event_name: &str) -> DecidedBooklet {
        DecidedBooklet {
            running_title: self
                .running_title
                .clone()
                .unwrap_or_else(|| event_name.to_owned()),
        }
    }
}

/// An ISO date, `YYYY-MM-DD`, checked as it is read.
pub fn iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    match parse_date(&text) {
        Some(_) => Ok(text.trim().to_owned()),
        None => Err(de::Error::custom(format!(
            "{text:?} is not a date: write it as YYYY-MM-DD, e.g. 2013-05-14"
        ))),
    }
}

/// The date of `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format).ok()
}

/// A colour, `#rrggbb`, checked as it is read.
pub fn colour<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    let hex = text.trim().strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(text.trim().to_owned())
    } else {
        Err(de::Error::custom(format!(
            "{text:?} is not a colour: write it as #rrggbb, e.g. #e67e22 for an orange"
        )))
    }
}

/// A session's hours as written for people ("9 h 30 – 12 h 30", "14h-18h",
/// "09:00 – 12:30"), checked when they read as two times: the end must come
/// after the start. Other text ("toute la journée") is kept as it is.
pub fn hours<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if let Some((start, end)) = time_range(&text)
        && end <= start
    {
        return Err(de::Error::custom(format!(
            "{text:?}: the session ends before it starts"
        )));
    }
    Ok(text)
}

/// The two times of "9 h 30 – 12 h 30", in minutes after midnight.
pub fn time_range(text: &str) -> Option<(u32, u32)> {
    let (start, end) = text
        .split_once(['–', '—'])
        .or_else(|| text.split_once(" - "))
        .or_else(|| text.split_once('-'))
        .or_else(|| text.split_once(" à "))?;
    Some((clock(start)?, clock(end)?))
}

/// "9 h 30", "9h", "09:30" in minutes after midnight.
fn clock(text: &str) -> Option<u32> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.to_lowercase();
    let (hours, minutes) = match text.split_once(['h', ':']) {
        Some((h, m)) => (h, m),
        None => (text.as_str(), ""),
    };
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = if minutes.is_empty() {
        0
    } else {
        minutes.parse().ok()?
    };
    (hours < 24 && minutes < 60).then(|| hours * 60 + minutes)
}

/// Where a problem found after reading is, for a message: the line of the
/// first `key:` below the top-level `section:` of the YAML text.
pub fn line_of(text: &str, section: &str, key: &str) -> Option<usize> {
    lines_of(text, section, key).first().copied()
}

/// The lines of every `key:` below the top-level `section:`, in order.
pub fn lines_of(text: &str, section: &str, key: &str) -> Vec<usize> {
    let mut inside = false;
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        if top {
            inside = line.trim_end().starts_with(&format!("{section}:"));
            continue;
        }
        let item = line.trim_start().trim_start_matches("- ").trim_start();
        if inside && item.starts_with(&format!("{key}:")) {
            found.push(index + 1);
        }
    }
    found
}

/// A problem found after reading, with where it is.
#[derive(Debug)]
pub struct Misplaced {
    /// The 1-based line, when found.
    pub line: Option<usize>,
    /// What is wrong and what to write.
    pub message: String,
}

impl fmt::Display for Misplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_written_by_people() {
        assert_eq!(time_range("9 h 30 – 12 h 30"), Some((570, 750)));
        assert_eq!(time_range("14h-18h"), Some((840, 1080)));
        assert_eq!(time_range("09:00 — 12:30"), Some((540, 750)));
        assert_eq!(time_range("toute la journée"), None);
        assert_eq!(time_range("4294967295 h – 12 h"), None, "no overflow");
    }

    #[test]
    fn line_of_finds_the_key_of_its_section() {
        let text =
            "event:\n  name: x\n  end: 2013-05-13\nsessions:\n  - title: a\n    date: 2013\n";
        assert_eq!(line_of(text, "event", "end"), Some(3));
        assert_eq!(line_of(text, "sessions", "date"), Some(6));
        assert_eq!(line_of(text, "event", "date"), None);
    }
}
