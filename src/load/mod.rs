//! The first stage: the event folder, its settings and its roster.

pub mod digest;
pub mod event;
pub mod options;
pub mod project;
pub mod prose;

use std::fs;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use typst::foundations::Datetime;

use crate::cli::InputArgs;
use crate::error::Error;
use crate::load::project::{Origin, Project};
use crate::roster::{self, Roster, RosterOptions};

/// An event folder and its roster, read and checked.
pub struct Loaded {
    /// The event folder with the defaults filled in.
    pub project: Project,
    /// The roster.
    pub roster: Roster,
    /// Said first by every command when the roster is carnet's sample of
    /// fictional people.
    pub notice: Option<String>,
}

/// Reads the event folder and its roster.
///
/// A roster that cannot be read at all is an error; problems in its rows are
/// in [`Roster::problems`] for the caller to weigh.
pub fn load(input: &InputArgs) -> Result<Loaded, Error> {
    let project = Project::load(&input.project)?;
    let settings = &project.event.roster;
    let (bytes, name) = match &input.participants {
        Some(path) => {
            let declared = fs::metadata(path).map_err(|e| Error::io(path, e))?;
            if !declared.is_file() {
                return Err(Error::Input {
                    file: path.display().to_string(),
                    message: "is not an ordinary file".into(),
                    hint: "name the participants' spreadsheet itself with --participants".into(),
                });
            }
            (
                crate::load::project::read_bounded(path, declared.len())?,
                path.display().to_string(),
            )
        }
        None => {
            let path = roster_path(&project);
            let found = project.file(&path).filter(|found| {
                // The built-in roster stands in only where there is no
                // event yet: a folder without content/ shows the sample.
                matches!(found.origin, Origin::Folder(_)) || !project.has_content()
            });
            let Some(found) = found else {
                let named = match settings.file {
                    Some(_) => "named by `roster.file` in content/event.yaml",
                    None => "(`roster.file` in content/event.yaml names another)",
                };
                return Err(Error::Input {
                    file: project.root.join(&path).display().to_string(),
                    message: format!("no roster here: carnet looked for {path} {named}"),
                    hint: "put the participants' spreadsheet there, set `roster.file` in \
                           content/event.yaml to its name in content/, or pass --participants \
                           FILE"
                        .into(),
                });
            };
            (found.bytes.clone(), project.display(&path))
        }
    };
    let options = RosterOptions {
        sheet: input.sheet.clone().or_else(|| settings.sheet.clone()),
        header_row: settings.header_row,
        columns: settings.columns.clone(),
    };
    let notice = crate::load::project::is_sample_roster(&bytes).then(|| {
        format!(
            "note: the roster {name} is carnet's sample of 150 fictional people; to make your \
             event's documents, put your participants' spreadsheet in content/ (or pass \
             --participants FILE)"
        )
    });
    let mut roster = roster::read_with(
        &bytes,
        &name,
        &options,
        settings.hidden_rows,
        &project.event.profiles,
    )
    .map_err(Error::Problems)?;
    let unencodable = crate::plan::badges::unencodable(&roster, &project.event);
    roster.problems.extend(unencodable);
    Ok(Loaded {
        project,
        roster,
        notice,
    })
}

/// The roster's path in the project: `content/` and `roster.file`.
pub fn roster_path(project: &Project) -> String {
    let file = project.event.roster.file.as_deref();
    format!("content/{}", file.unwrap_or("participants.xlsx"))
}

/// The date written into every PDF and zip entry: `SOURCE_DATE_EPOCH` when
/// set, else `event.pdf_date`, else the event's first day at 09:00 UTC.
pub fn pdf_date(project: &Project) -> Result<OffsetDateTime, Error> {
    let invalid = |what: &str, value: &str, hint: &str| Error::Input {
        file: what.to_owned(),
        message: format!("{value:?} is not a date"),
        hint: hint.to_owned(),
    };
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            invalid(
                "SOURCE_DATE_EPOCH",
                &epoch,
                "set it to a number of seconds since 1970",
            )
        })?;
        return OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| {
            invalid(
                "SOURCE_DATE_EPOCH",
                &epoch,
                "set it to a number of seconds since 1970",
            )
        });
    }
    let event = &project.event.event;
    let file = project.display("content/event.yaml");
    let text = match &event.pdf_date {
        Some(date) => date.clone(),
        None => format!("{}T09:00:00Z", event.start),
    };
    OffsetDateTime::parse(&text, &Rfc3339).map_err(|_| {
        invalid(
            &file,
            &text,
            "write `event.pdf_date` like 2013-04-15T09:00:00Z and `event.start` like 2013-05-14",
        )
    })
}

/// The same date for Typst.
pub fn typst_date(date: OffsetDateTime) -> Datetime {
    let date = date.to_offset(time::UtcOffset::UTC);
    Datetime::from_ymd_hms(
        date.year(),
        date.month() as u8,
        date.day(),
        date.hour(),
        date.minute(),
        date.second(),
    )
    .expect("a valid date")
}
