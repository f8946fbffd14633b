//! The outbox: the messages of a dry run, one `.eml` file each.
//!
//! A dry run is how an organiser checks 150 messages before they leave:
//! each `.eml` opens in any mail program exactly as the participant will
//! see it, attachments included. The outbox also keeps the journal of the
//! real sends, so both live in one folder beside the pack.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The outbox folder.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
}

impl Outbox {
    /// The outbox at `dir` (created when something is written).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The journal's path.
    pub fn journal(&self) -> PathBuf {
        self.dir.join(super::journal::FILE_NAME)
    }

    /// The `.eml` file of participant `id`.
    pub fn message_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{}.eml", crate::names::file_key(id)))
    }

    /// Removes the `.eml` files an earlier dry run wrote for these ids, so
    /// that the outbox shows this run's messages only.
    pub fn clear<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
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

    /// Writes participant `id`'s message; returns its path.
    pub fn write(&self, id: &str, message: &[u8]) -> Result<PathBuf, Error> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let path = self.message_path(id);
        fs::write(&path, message).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }
}
