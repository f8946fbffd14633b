//! Problems found in the user's input, and the report that lists them.
//!
//! Every stage reports what it finds as [`Problem`]s that point at the input
//! (file, sheet, row, column) and say what to do. Stages keep going after a
//! problem so that the user sees all of them at once. The pack's
//! `report.txt` is written here ([`Report`]): what was read and checked,
//! the warnings, then a line for each document made.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write as _};

use crate::error::Error;
use crate::locale::{Language, Text};
use crate::participant::Participant;
use crate::roster::text::shorten;
use crate::say;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the pack is still built.
    Warning,
    /// The input must be fixed (or the row skipped with `--skip-invalid`).
    Error,
}

/// One problem, pointing at the input it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it.
    pub file: String,
    /// The sheet, for spreadsheets.
    pub sheet: Option<String>,
    /// The row number as the spreadsheet shows it (1-based), or the line.
    pub row: Option<u32>,
    /// The column's header.
    pub column: Option<String>,
    /// The offending value.
    pub value: Option<String>,
    /// What is wrong.
    pub message: Text,
    /// What to do about it.
    pub hint: Option<Text>,
}

impl Problem {
    /// An error about a file as a whole.
    pub fn error(file: impl Into<String>, message: impl Into<Text>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            sheet: None,
            row: None,
            column: None,
            value: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a file as a whole.
    pub fn warning(file: impl Into<String>, message: impl Into<Text>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Points at a sheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Points at a row.
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// Points at a column.
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Quotes the offending value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Says what to do.
    pub fn hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Problem {
    /// The problem said in `language`: `error: participants.xlsx, sheet
    /// Inscrits, row 37, column Email: "x@": not an email address`, and its
    /// hint on a line of its own.
    pub fn said(&self, language: Language) -> String {
        let mut out = match self.severity {
            Severity::Error => say!(language, "level-error"),
            Severity::Warning => say!(language, "level-warning"),
        };
        let colon = say!(language, "colon");
        let _ = write!(out, "{colon}{}", self.file);
        if let Some(sheet) = &self.sheet {
            let _ = write!(out, ", {}", say!(language, "at-sheet", sheet = sheet));
        }
        if let Some(row) = self.row {
            let _ = write!(out, ", {}", say!(language, "at-row", row = row));
        }
        if let Some(column) = &self.column {
            let _ = write!(out, ", {}", say!(language, "at-column", column = column));
        }
        out.push_str(&colon);
        if let Some(value) = &self.value {
            let _ = write!(out, "{value:?}{colon}");
        }
        out.push_str(&self.message.said(language));
        if let Some(hint) = &self.hint {
            let _ = write!(
                out,
                "\n  {}{colon}{}",
                say!(language, "level-hint"),
                hint.said(language)
            );
        }
        out
    }
}

impl fmt::Display for Problem {
    /// In the terminal's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(Language::terminal()))
    }
}

/// The pack's `report.txt`, written as the documents arrive: each booklet's
/// line waits in a temporary file (there is one per participant), the rest
/// in memory.
pub struct Report {
    booklets: BufWriter<File>,
    others: String,
    print_notes: String,
    /// Each warning of the templates, with the documents it concerns: the
    /// same warning usually concerns every document and is listed once.
    template_warnings: BTreeMap<String, Vec<String>>,
}

/// What the report says before the documents' lines.
pub struct Head<'a> {
    /// The event's name, dates and venue.
    pub event: &'a crate::load::event::EventInfo,
    /// Where the roster was read from.
    pub roster: String,
    /// A notice the build showed first (the sample roster standing in…).
    pub notice: Option<&'a str>,
    /// The participants read.
    pub participants: &'a [Participant],
    /// The rows left out with `--skip-invalid`.
    pub skipped: &'a [&'a Problem],
    /// The roster's and the fonts' warnings.
    pub warnings: &'a [&'a Problem],
    /// What an earlier pack had and this supplement holds, if any.
    pub supplement: Option<String>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Result<Self, Error> {
        Ok(Self {
            booklets: BufWriter::new(tempfile::tempfile().map_err(spool_error)?),
            others: String::new(),
            print_notes: String::new(),
            template_warnings: BTreeMap::new(),
        })
    }

    /// A booklet's line: "booklets/p001-dupont-yasmina.pdf: 16 pages,
    /// PDF/A-2a", and the Notes pages added to reach a multiple of 4.
    pub fn booklet(&mut self, line: &str, padding: u64) -> Result<(), Error> {
        match padding {
            0 => writeln!(self.booklets, "{line}"),
            1 => writeln!(
                self.booklets,
                "{line} (1 Notes page added to reach a multiple of 4)"
            ),
            n => writeln!(
                self.booklets,
                "{line} ({n} Notes pages added to reach a multiple of 4)"
            ),
        }
        .map_err(spool_error)
    }

    /// Another document's line.
    pub fn document(&mut self, line: &str) {
        let _ = writeln!(self.others, "{line}");
    }

    /// Blank pages a print file added after a booklet to fill its last sheet.
    pub fn blank_pages(&mut self, print_file: &str, booklet: &str, blank: usize) {
        if blank > 0 {
            let _ = writeln!(
                self.print_notes,
                "{print_file}: {blank} blank pages added to {booklet} to fill its last sheet"
            );
        }
    }

    /// A warning of a template about a document.
    pub fn template_warning(&mut self, warning: String, file: &str) {
        self.template_warnings
            .entry(warning)
            .or_default()
            .push(file.to_owned());
    }

    /// A text that does not fit in a document, said once a document (a
    /// name too long for the attendance sheets is on each session's).
    pub fn fit_warning(&mut self, warning: String, file: &str) {
        let files = self.template_warnings.entry(warning).or_default();
        if !files.iter().any(|f| f == file) {
            files.push(file.to_owned());
        }
    }

    /// How many different warnings the templates gave.
    pub fn template_warnings(&self) -> usize {
        self.template_warnings.len()
    }

    /// The whole report: `head`, each booklet's line, then the other
    /// documents. No times: the same inputs give the same report.
    pub fn finish(self, head: &Head) -> Result<impl Read, Error> {
        let text = self.head(head);
        let mut booklets = self
            .booklets
            .into_inner()
            .map_err(|e| spool_error(e.into_error()))?;
        booklets.seek(SeekFrom::Start(0)).map_err(spool_error)?;
        let tail = format!("\nOther documents:\n{}{}", self.others, self.print_notes);
        Ok(std::io::Cursor::new(text)
            .chain(booklets)
            .chain(std::io::Cursor::new(tail)))
    }

    /// What was read and checked, what was skipped and the warnings, up to
    /// the heading of the booklets' lines.
    fn head(&self, head: &Head) -> String {
        let mut out = String::new();
        let event = head.event;
        let _ = writeln!(
            out,
            "carnet report — {}, {}, {}",
            event.name, event.dates, event.venue
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "Roster: {}", head.roster);
        if let Some(notice) = head.notice {
            let _ = writeln!(out, "{notice}");
        }
        let _ = writeln!(out, "Participants: {}", head.participants.len());
        if !head.skipped.is_empty() {
            let _ = writeln!(out, "\nSkipped rows (--skip-invalid):");
            for problem in head.skipped {
                let _ = writeln!(out, "{problem}");
            }
        }
        // the pack is the same whoever builds it: its report is in English
        let without = without_email(head.participants, Language::English);
        if !without.is_empty() {
            let _ = write!(out, "\n{without}");
        }
        let _ = writeln!(
            out,
            "\nWarnings: {}",
            head.warnings.len() + self.template_warnings.len()
        );
        for problem in head.warnings {
            let _ = writeln!(out, "{problem}");
        }
        for (warning, files) in &self.template_warnings {
            let _ = match files.as_slice() {
                [one] => writeln!(out, "{warning}\n  in {one}"),
                [first, ..] => {
                    writeln!(out, "{warning}\n  in {first} and {} more", files.len() - 1)
                }
                [] => Ok(()),
            };
        }
        if let Some(supplement) = &head.supplement {
            out.push_str(supplement);
        }
        let _ = writeln!(out, "\nBooklets (A5, pages a multiple of 4):");
        out
    }
}

/// A temporary file of the report could not be written or read back.
fn spool_error(error: std::io::Error) -> Error {
    Error::io(&std::env::temp_dir(), error)
}

/// The participants without an email, who get no booklet by mail: for
/// `check` and `report.txt`.
pub fn without_email(people: &[Participant], language: Language) -> String {
    let without: Vec<_> = people
        .iter()
        .filter(|p| p.email.as_deref().is_none_or(|e| e.trim().is_empty()))
        .collect();
    let mut out = String::new();
    if without.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        say!(language, "without-email", count = without.len())
    );
    for person in without {
        let line = say!(
            language,
            "without-email-person",
            id = &person.id,
            name = person.full_name(),
            row = person.row
        );
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The most characters of a name or ID a warning quotes.
const NAMED: usize = 120;

/// A badge or attendance text that does not fit even at its smallest size
/// (a template's `<carnet-unfit>` metadata), for the report and `check`.
pub fn unfit_warning(unfit: &serde_json::Value, participants: &[Participant]) -> String {
    let id = unfit["id"].as_str().unwrap_or("?");
    let field = unfit["field"].as_str().unwrap_or("text");
    let size = unfit["size"].as_f64().unwrap_or(0.0);
    let who = participants.iter().find(|p| p.id == id);
    let row = who.map(|p| format!(", row {}", p.row)).unwrap_or_default();
    // a cell may hold 32,767 characters: the line names the person, the
    // row says where
    let name = who
        .map(|p| shorten(&p.full_name(), NAMED))
        .unwrap_or_default();
    let id = shorten(id, NAMED);
    if unfit["document"].as_str() == Some("attendance") {
        return format!(
            "warning: attendance sheets, {name} ({id}{row}): the {} does not fit its cell even at {size} pt; it is printed whole but smaller than the others on its page. Shorten it in the roster if you prefer.",
            field.replace('_', " ")
        );
    }
    format!(
        "warning: badge of {name} ({id}{row}): the {} does not fit on one line even at {size} pt; it is printed on several lines. Shorten it in the roster if you prefer.",
        field.replace('_', " ")
    )
}

#[cfg(test)]
mod tests {
    use super::unfit_warning;
    use crate::participant::Participant;

    #[test]
    fn a_text_that_does_not_fit_is_named_by_a_short_name_and_id() {
        let long = "X".repeat(32_767);
        let person = Participant {
            id: long.clone(),
            row: 3,
            first_name: "Luc".into(),
            last_name: long.clone(),
            organisation: "A1".repeat(16_000),
            city: String::new(),
            profile: None,
            email: None,
            group: String::new(),
            visit: String::new(),
            extra: Default::default(),
        };
        let unfit = serde_json::json!({
            "id": long, "field": "organisation", "size": 6.0, "document": "attendance",
        });
        let line = unfit_warning(&unfit, &[person]);
        assert!(line.len() < 700, "{} bytes", line.len());
        assert!(line.contains("row 3"), "{line}");
        assert!(line.contains("XXX…"), "{line}");
    }
}
