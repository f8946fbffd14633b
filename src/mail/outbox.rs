//! The outbox: the messages of a dry run, one `.eml` file each.
//!
//! A dry run is how an organiser checks 150 messages before they leave:
//! each `.eml` opens in any mail program exactly as the participant will
//! see it, attachments included. The outbox also keeps the journal of the
//! real sends: by default `dist/outbox/` in the event folder, whichever
//! pack is sent. Each participant's file is named by their id's file key
//! (see [`crate::names`]), unique in a valid roster.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::interrupt::Temporary;

/// The outbox folder.
#[derive(Debug, Clone)]
pub(super) struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    /// The outbox at `dir` (created when something is written).
    pub(super) fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The folder.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The journal's path.
    pub(super) fn journal(&self) -> PathBuf {
        self.dir.join(super::journal::FILE_NAME)
    }

    /// The `.eml` file of participant `id`.
    pub(super) fn message_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{}.eml", crate::names::file_key(id)))
    }

    /// Removes the `.eml` files an earlier dry run wrote for these ids, so
    /// that the outbox shows this run's messages only, and what a stopped
    /// run left half-written.
    pub(super) fn clear<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
        crate::interrupt::sweep(&self.dir);
        for id in ids {
            let path = self.message_path(id);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        Ok(())
    }

    /// Writes participant `id`'s message; returns its path. The message is
    /// written to a temporary file renamed when complete: a full disk or a
    /// stopped run leaves no half-written `.eml`.
    pub(super) fn write(&self, id: &str, message: &[u8]) -> Result<PathBuf, Error> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let path = self.message_path(id);
        let mut part = Temporary::create(&self.dir, ".eml.part")?;
        part.write_all(message)
            .and_then(|()| part.as_file().sync_data())
            .and_then(|()| part.persist(&path))
            .map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}
