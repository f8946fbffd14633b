//! Temporary files that a stopped build must not leave behind.
//!
//! The pack and the print files are written beside the pack's destination,
//! under names that start with `.carnet-`, and the pack is renamed into
//! place only when complete: the previous pack is never touched. When the
//! organiser presses Ctrl-C (SIGINT), or the system stops carnet (SIGTERM,
//! SIGHUP), the files are removed before carnet exits with 128 + the signal
//! (130 for Ctrl-C, 143 for SIGTERM). A SIGKILL cannot be caught: each
//! temporary file is locked while in use, and the next run in that folder
//! removes those that no process holds any more, and says so.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::Error;

/// The start of every temporary file carnet writes beside a pack.
pub const PREFIX: &str = ".carnet-";

/// The temporary files in use, removed on a signal. Held while a file is
/// created or renamed into place, so that a signal never falls between a
/// file appearing and carnet knowing of it.
static IN_USE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of files in use, locked (a panic elsewhere does not lose it).
fn in_use() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_USE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files on SIGINT, SIGTERM and SIGHUP, then exits
/// with 128 + the signal. Called once, by the `carnet` program.
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Held until the exit: no file is created or renamed meanwhile.
            let paths = in_use();
            for path in paths.iter() {
                let _ = std::fs::remove_file(path);
            }
            let removed = paths.len();
            let what = if removed > 0 {
                "its temporary files were removed; "
            } else {
                ""
            };
            eprintln!("\ncarnet stopped: {what}nothing was written.");
            std::process::exit(128 + signal);
        }
    });
}

/// A temporary file in `folder` named `.carnet-<random><suffix>`, locked
/// while it lives and removed on a signal.
pub struct Temporary {
    file: tempfile::NamedTempFile,
    _in_use: InUse,
}

/// A path in [`IN_USE`] while this lives.
struct InUse(PathBuf);

impl Drop for InUse {
    fn drop(&mut self) {
        in_use().retain(|p| *p != self.0);
    }
}

impl Temporary {
    /// Creates it.
    pub fn create(folder: &Path, suffix: &str) -> Result<Self, Error> {
        let mut paths = in_use();
        let file = tempfile::Builder::new()
            .prefix(PREFIX)
            .suffix(suffix)
            .tempfile_in(folder)
            .map_err(|e| Error::io(folder, e))?;
        file.as_file()
            .lock()
            .map_err(|e| Error::io(file.path(), e))?;
        let path = file.path().to_path_buf();
        paths.push(path.clone());
        drop(paths);
        Ok(Self {
            file,
            _in_use: InUse(path),
        })
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// The open file.
    pub fn as_file(&self) -> &File {
        self.file.as_file()
    }

    /// Renames it to `destination`, replacing what was there at once.
    pub fn persist(self, destination: &Path) -> Result<(), std::io::Error> {
        let Self { file, _in_use } = self;
        let mut paths = in_use();
        file.persist(destination).map_err(|e| e.error)?;
        paths.retain(|p| *p != _in_use.0);
        Ok(())
    }
}

impl std::io::Write for Temporary {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl std::io::Read for Temporary {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

impl std::io::Seek for Temporary {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// Removes from `folder` the temporary files that a stopped run left (no
/// process holds their lock); gives their names, for the user to be told.
pub fn sweep(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(PREFIX)
            && [".zip.part", ".pdf.part", ".eml.part"]
                .iter()
                .any(|suffix| name.ends_with(suffix));
        let ordinary = entry.file_type().is_ok_and(|t| t.is_file());
        if !ours || !ordinary {
            continue;
        }
        let path = entry.path();
        let Ok(file) = File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_use_is_kept_and_a_left_one_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let in_use = Temporary::create(dir.path(), ".zip.part").unwrap();
        // What a SIGKILLed run leaves: a file of ours that nobody holds.
        let left = dir.path().join(".carnet-abc123.zip.part");
        std::fs::write(&left, b"half a zip").unwrap();
        let other = dir.path().join(".carnet-notes.txt");
        std::fs::write(&other, b"not ours").unwrap();
        assert_eq!(sweep(dir.path()), std::slice::from_ref(&left));
        assert!(in_use.path().exists() && !left.exists() && other.exists());
        let destination = dir.path().join("pack.zip");
        in_use.persist(&destination).unwrap();
        assert!(destination.exists());
        assert!(
            IN_USE
                .lock()
                .unwrap()
                .iter()
                .all(|p| !p.starts_with(dir.path()))
        );
    }
}
