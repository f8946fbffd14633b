//! The pack's `manifest.csv`: one row per booklet, whom it is for, where it
//! is, and the digests `carnet mail` and `carnet build --since` check.
//!
//! The rows wait in a temporary file as the booklets arrive: the manifest
//! grows with the roster, memory does not.

use std::fs::File;
use std::io::{Seek, SeekFrom};

use crate::error::Error;
use crate::pack::{PackWriter, paths};
use crate::participant::Participant;

/// The manifest's header, one row per booklet.
pub const MANIFEST_HEADER: [&str; 8] = [
    "id",
    "last_name",
    "first_name",
    "email",
    "file",
    "pages",
    "sha256",
    "data_sha256",
];

/// A cell as written into a CSV file of the pack, neutralised against
/// formula injection as OWASP recommends: a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would run as a formula in Excel or
/// LibreOffice, so it gets a leading `'` (shown as text). A cell that starts
/// with `'` gets one too, so that [`from_csv_cell`] gives back what was meant.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// A cell of a CSV file of the pack as it was meant (see [`csv_cell`]).
pub fn from_csv_cell(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// The manifest being written.
pub struct Manifest {
    rows: csv::Writer<File>,
}

/// The manifest's temporary file could not be written or read back.
fn spool_error(error: impl Into<std::io::Error>) -> Error {
    Error::io(&std::env::temp_dir(), error.into())
}

impl Manifest {
    /// A manifest with its header.
    pub fn new() -> Result<Self, Error> {
        let mut rows = csv::Writer::from_writer(tempfile::tempfile().map_err(spool_error)?);
        rows.write_record(MANIFEST_HEADER).map_err(spool_error)?;
        Ok(Self { rows })
    }

    /// A booklet's row: its participant, its file and pages, the PDF's
    /// sha256 and the digest of what it was made from.
    pub fn booklet(
        &mut self,
        participant: &Participant,
        file: &str,
        pages: usize,
        sha256: &str,
        data_sha256: &str,
    ) -> Result<(), Error> {
        let pages = pages.to_string();
        let cells = [
            participant.id.as_str(),
            participant.last_name.as_str(),
            participant.first_name.as_str(),
            participant.email.as_deref().unwrap_or(""),
            file,
            &pages,
            sha256,
            data_sha256,
        ];
        self.rows
            .write_record(cells.map(|cell| csv_cell(cell).into_owned()))
            .map_err(spool_error)
    }

    /// Copies the manifest into the pack.
    pub fn finish_into(self, pack: &mut PackWriter) -> Result<(), Error> {
        let mut file = self
            .rows
            .into_inner()
            .map_err(|e| spool_error(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(spool_error)?;
        pack.add_reader(paths::MANIFEST, &mut file)?;
        Ok(())
    }
}
