//! `carnet init DIR`: a new event folder from the built-in sample event.

use std::fs;
use std::path::Path;

use crate::error::Error;
use crate::load::project;

/// Writes the sample event into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<usize, Error> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty; choose a new folder so that nothing is overwritten",
                dir.display()
            )));
        }
    }
    Ok(project::write_defaults(dir)?.len())
}
