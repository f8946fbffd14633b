//! The event's settings, read from `content/event.yaml`.
//!
//! Templates read the same file with Typst's `yaml()`; carnet reads it to
//! know the profiles a roster may name, where the roster is and how to read
//! it, the fixed PDF date and the mail templates. Unknown keys are refused so
//! that a typo in a setting is reported instead of silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::load::options::{
    self, AttendanceOptions, BadgeLayout, BadgeOptions, BookletOptions, GridOptions, Misplaced,
};

/// The line of the `n`-th `key:` below the top-level `section:` (1-based).
fn nth_line(text: &str, section: &str, key: &str, n: usize) -> Option<usize> {
    options::lines_of(text, section, key)
        .get(n.checked_sub(1)?)
        .copied()
}

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
    pub booklet: BookletOptions,
    /// Options of the badges.
    #[serde(default)]
    pub badges: BadgeOptions,
    /// The badge sheet's layout, decided from [`EventConfig::badges`] when
    /// the file is read.
    #[serde(skip)]
    pub badge_layout: BadgeLayout,
    /// Options of the grids.
    #[serde(default)]
    pub grids: GridOptions,
    /// Options of the attendance sheets.
    #[serde(default)]
    pub attendance: AttendanceOptions,
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
    #[serde(deserialize_with = "options::iso_date")]
    pub start: String,
    /// Last day, ISO date.
    #[serde(deserialize_with = "options::iso_date")]
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
    #[serde(deserialize_with = "options::iso_date")]
    pub date: String,
    /// "matin" or "après-midi".
    #[serde(default)]
    pub half_day: String,
    /// The hours, as written for people; checked when they read as two
    /// times.
    #[serde(default, deserialize_with = "options::hours")]
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
    #[serde(deserialize_with = "options::colour")]
    pub colour: String,
}

/// How far apart two profile colours must be in greyscale (0 black, 1
/// white) to be told apart on a black-and-white print.
pub const GREY_APART: f64 = 0.15;

impl Profile {
    /// The colour's grey on a black-and-white print, 0 (black) to 1
    /// (white): the luma of ITU-R BT.601, which printers and Ghostscript
    /// use to turn RGB into grey.
    pub fn grey(&self) -> Option<f64> {
        let hex = self.colour.trim().strip_prefix('#')?;
        let channel = |at: usize| {
            u8::from_str_radix(hex.get(at..at + 2)?, 16)
                .ok()
                .map(|v| f64::from(v) / 255.0)
        };
        Some(0.299 * channel(0)? + 0.587 * channel(2)? + 0.114 * channel(4)?)
    }
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
    /// Rows the spreadsheet hides or filters out: `skip` (the default) or `read`.
    #[serde(default)]
    pub hidden_rows: crate::roster::HiddenRows,
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
        let mut config: Self = serde_saphyr::from_str(text).map_err(|err| err.to_string())?;
        let mut problems = config.problems(text);
        match config.badges.layout() {
            Ok(layout) => config.badge_layout = layout,
            Err(error) => problems.push(Misplaced {
                line: options::line_of(text, "badges", error.key)
                    .or_else(|| options::line_of(text, "badges", "preset")),
                message: format!("`badges.{}`: {}", error.key, error.message),
            }),
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            Err(lines.join("\n"))
        }
    }

    /// What is wrong across settings, each value being right on its own:
    /// days and sessions out of order, a goal for no profile.
    fn problems(&self, text: &str) -> Vec<Misplaced> {
        let mut problems = Vec::new();
        let (start, end) = (
            options::parse_date(&self.event.start),
            options::parse_date(&self.event.end),
        );
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            problems.push(Misplaced {
                line: options::line_of(text, "event", "end"),
                message: format!(
                    "`event.end` {end} is before `event.start` {start}: the last day comes after \
                     the first"
                ),
            });
        }
        let mut previous: Option<(&Session, (time::Date, u8, u32))> = None;
        let mut dates = 0;
        for session in &self.sessions {
            dates += 1;
            let Some(day) = options::parse_date(&session.date) else {
                continue;
            };
            if let (Some(start), Some(end)) = (start, end)
                && !(start..=end).contains(&day)
            {
                problems.push(Misplaced {
                    line: nth_line(text, "sessions", "date", dates),
                    message: format!(
                        "session {:?} is on {day}, not a day of the event ({start} to {end})",
                        session.title
                    ),
                });
            }
            let half = match session.half_day.trim().to_lowercase().as_str() {
                "matin" | "morning" => 0,
                _ => 1,
            };
            let begins = options::time_range(&session.time).map_or(0, |(b, _)| b);
            let at = (day, half, begins);
            if let Some((before, then)) = previous
                && at < then
            {
                problems.push(Misplaced {
                    line: nth_line(text, "sessions", "date", dates),
                    message: format!(
                        "session {:?} ({} {}) comes before {:?} ({} {}) in time but after it \
                         in the list: list the sessions in their order",
                        session.title,
                        session.date,
                        session.half_day,
                        before.title,
                        before.date,
                        before.half_day
                    ),
                });
            }
            previous = Some((session, at));
        }
        if let Some(goal) = &self.goals {
            if self.profile(&goal.profile).is_none() {
                let keys: Vec<&str> = self.profiles.iter().map(|p| p.key.as_str()).collect();
                problems.push(Misplaced {
                    line: options::line_of(text, "goals", "profile"),
                    message: format!(
                        "`goals.profile` {:?} is no profile's key; the keys are {}",
                        goal.profile,
                        keys.join(", ")
                    ),
                });
            }
            if !(0.0..=1.0).contains(&goal.share) {
                problems.push(Misplaced {
                    line: options::line_of(text, "goals", "share"),
                    message: format!(
                        "`goals.share` {} is a share between 0 and 1, e.g. 0.2 for 20 %",
                        goal.share
                    ),
                });
            }
        }
        let mut keys = std::collections::BTreeSet::new();
        for profile in &self.profiles {
            if !keys.insert(profile.key.as_str()) {
                problems.push(Misplaced {
                    line: options::line_of(text, "profiles", "key"),
                    message: format!(
                        "two profiles have the key {:?}; give each its own",
                        profile.key
                    ),
                });
            }
        }
        problems
    }

    /// Pairs of profiles whose colours print as nearly the same grey (less
    /// than [`GREY_APART`] apart): on a black-and-white printer or a
    /// photocopy their badges look alike.
    pub fn greyscale_clashes(&self) -> Vec<(&Profile, &Profile)> {
        let mut clashes = Vec::new();
        for (i, a) in self.profiles.iter().enumerate() {
            for b in &self.profiles[i + 1..] {
                if let (Some(ga), Some(gb)) = (a.grey(), b.grey())
                    && (ga - gb).abs() < GREY_APART
                {
                    clashes.push((a, b));
                }
            }
        }
        clashes
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

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(key: &str, colour: &str) -> Profile {
        Profile {
            key: key.into(),
            label: key.into(),
            aliases: Vec::new(),
            colour: colour.into(),
        }
    }

    #[test]
    fn a_badge_grid_larger_than_a4_is_refused_at_its_line() {
        let sample = include_str!("../../content/event.yaml");
        let text = sample.replace(
            "  preset: \"a4-90x55\"",
            "  preset: \"a4-90x55\"\n  columns: 3",
        );
        assert_ne!(text, sample, "the sample names its preset");
        let line = text
            .lines()
            .position(|l| l == "  columns: 3")
            .map(|i| i + 1)
            .unwrap();
        let error = EventConfig::parse(&text).unwrap_err();
        assert!(
            error.starts_with(&format!(
                "line {line}: `badges.columns`: 3 columns of 90 mm"
            )),
            "{error}"
        );
        let parsed = EventConfig::parse(sample).unwrap();
        assert_eq!(parsed.badge_layout.per_sheet(), 10);
    }

    #[test]
    fn greys_are_the_luma_of_the_colour() {
        assert_eq!(profile("a", "#000000").grey(), Some(0.0));
        assert!((profile("a", "#ffffff").grey().unwrap() - 1.0).abs() < 1e-9);
        let orange = profile("a", "#d9822b").grey().unwrap();
        assert!((orange - 0.573).abs() < 0.001, "{orange}");
    }

    #[test]
    fn the_sample_profiles_stay_apart_in_greyscale_and_close_ones_are_found() {
        let text = include_str!("../../content/event.yaml");
        let event = EventConfig::parse(text).unwrap();
        assert!(event.greyscale_clashes().is_empty());
        let mut greys: Vec<f64> = event.profiles.iter().filter_map(Profile::grey).collect();
        greys.sort_by(f64::total_cmp);
        assert!(
            greys.windows(2).all(|w| w[1] - w[0] >= GREY_APART),
            "{greys:?}"
        );

        // the colours of an earlier sample: blue, purple and red all near 40 % grey
        let mut event = event;
        event.profiles = vec![
            profile("administrateur", "#1d5b8f"),
            profile("directeur", "#7a2e8e"),
            profile("intervenant", "#b3261e"),
            profile("invite", "#f7f1cf"),
        ];
        let clashes: Vec<(&str, &str)> = event
            .greyscale_clashes()
            .iter()
            .map(|(a, b)| (a.key.as_str(), b.key.as_str()))
            .collect();
        assert_eq!(
            clashes,
            [
                ("administrateur", "directeur"),
                ("administrateur", "intervenant"),
                ("directeur", "intervenant")
            ]
        );
    }
}
