//! The pack: one zip with every document, a manifest and a report.
//!
//! The zip is written to a temporary file beside its destination and renamed
//! only when complete, so a failed build leaves nothing half-written (and
//! a stopped one nothing at all: see [`crate::interrupt`]). Entry
//! times are fixed and entries come in plan order, so the same inputs give a
//! byte-identical pack.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::Error;
use crate::interrupt::{self, Temporary};

mod manifest;
pub mod paths;
mod print;
mod read;

pub use manifest::{MANIFEST_HEADER, Manifest, csv_cell, from_csv_cell};
pub use print::PrintFiles;
pub use read::{Booklet, PackReader};

/// A pack being written.
pub struct PackWriter {
    zip: ZipWriter<BufWriter<Temporary>>,
    options: SimpleFileOptions,
    destination: PathBuf,
}

impl PackWriter {
    /// Starts a pack that will be `destination` once finished.
    /// `date` is the fixed time of every entry (year, month, day).
    pub fn create(destination: &Path, date: (u16, u8, u8)) -> Result<Self, Error> {
        let folder = match destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        for left in interrupt::sweep(&folder) {
            eprintln!(
                "note: removed {}, left by a build that was stopped",
                left.strip_prefix(".").unwrap_or(&left).display()
            );
        }
        let temp = Temporary::create(&folder, ".zip.part")?;
        let time = zip::DateTime::from_date_and_time(date.0.max(1980), date.1, date.2, 0, 0, 0)
            .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time)
            .unix_permissions(0o644);
        Ok(Self {
            zip: ZipWriter::new(BufWriter::new(temp)),
            options,
            destination: destination.to_path_buf(),
        })
    }

    /// Adds a file to the pack and returns its sha256 (hex).
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<String, Error> {
        self.zip
            .start_file(name, self.options_for(name))
            .map_err(|e| self.fail(e))?;
        self.zip.write_all(bytes).map_err(|e| self.fail(e))?;
        Ok(sha256_hex(bytes))
    }

    /// Adds a rendered PDF, from memory or from its temporary file;
    /// returns its sha256.
    pub fn add_pdf(&mut self, name: &str, pdf: &crate::render::Pdf) -> Result<String, Error> {
        match pdf {
            crate::render::Pdf::Bytes(bytes) => self.add(name, bytes),
            crate::render::Pdf::Spooled(spooled) => {
                let mut reader = spooled
                    .reader()
                    .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
                self.add_reader(name, &mut reader)
            }
        }
    }

    /// Adds a file to the pack from a reader (a large file made on disk)
    /// and returns its sha256 (hex).
    pub fn add_reader(
        &mut self,
        name: &str,
        reader: &mut impl std::io::Read,
    ) -> Result<String, Error> {
        self.zip
            .start_file(name, self.options_for(name))
            .map_err(|e| self.fail(e))?;
        let mut hashing = Hashing {
            inner: &mut self.zip,
            sha: Sha256::new(),
        };
        let copied = std::io::copy(reader, &mut hashing).map(|_| hashing.sha.finalize());
        let digest = copied.map_err(|e| self.fail(e))?;
        Ok(hex(&digest))
    }

    /// The folder the pack is written in (for temporary files beside it).
    pub fn folder(&self) -> PathBuf {
        match self.destination.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Completes the zip and moves it into place.
    pub fn finish(self) -> Result<PathBuf, Error> {
        let destination = self.destination.clone();
        let fail = |message: String| Error::Pack {
            path: destination.display().to_string(),
            message,
        };
        let writer = self.zip.finish().map_err(|e| fail(e.to_string()))?;
        let temp = writer.into_inner().map_err(|e| fail(e.to_string()))?;
        temp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
        // A temporary file is private; the pack is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = fs::Permissions::from_mode(0o644);
            fs::set_permissions(temp.path(), permissions).map_err(|e| fail(e.to_string()))?;
        }
        temp.persist(&destination)
            .map_err(|e| fail(e.to_string()))?;
        Ok(destination)
    }

    /// PDFs are stored as they are (their content is compressed already;
    /// deflating them again costs time for little); other files deflated.
    fn options_for(&self, name: &str) -> SimpleFileOptions {
        if name.ends_with(".pdf") {
            self.options.compression_method(CompressionMethod::Stored)
        } else {
            self.options
        }
    }

    fn fail(&self, error: impl ToString) -> Error {
        Error::Pack {
            path: self.destination.display().to_string(),
            message: error.to_string(),
        }
    }
}

/// The sha256 of some bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hexadecimal.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    sha: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.sha.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_run_as_formulas_and_read_back_as_written() {
        for text in [
            "=HYPERLINK(\"http://x\")",
            "+33 1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'quoted",
        ] {
            let cell = csv_cell(text);
            assert!(cell.starts_with('\''), "{cell}");
            assert_eq!(from_csv_cell(&cell), text);
        }
        assert_eq!(csv_cell("Dupont"), "Dupont");
        assert_eq!(from_csv_cell("Dupont"), "Dupont");
    }
}
