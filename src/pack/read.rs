//! Reading a pack back: its manifest and its booklets.
//!
//! `carnet mail` sends the booklets of a pack, and `carnet build --since`
//! compares a new roster with an earlier pack: both read the manifest, and
//! every booklet they take is checked against its sha256 there. A pack is
//! input like any other: each entry is read within
//! [`crate::limits::MAX_ENTRY_BYTES`].

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::pack::{MANIFEST_HEADER, paths, sha256_hex};

/// One row of the pack's `manifest.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booklet {
    /// The participant's id.
    pub id: String,
    /// Last name, as the booklet was made.
    pub last_name: String,
    /// First name, as the booklet was made.
    pub first_name: String,
    /// The booklet's path in the pack (`booklets/<id>-<name>.pdf`).
    pub file: String,
    /// The booklet's sha256, hex.
    pub sha256: String,
    /// The address the booklet was made with.
    pub email: String,
    /// The digest of the data the booklet was made from (see
    /// [`crate::load::digest`]); `None` in a pack made before carnet wrote it.
    pub data_sha256: Option<String>,
}

impl Booklet {
    /// The file name the recipient sees: without the folder.
    pub fn file_name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// A pack opened for reading.
pub struct PackReader {
    path: PathBuf,
    archive: zip::ZipArchive<File>,
}

impl PackReader {
    /// Opens the pack; a missing one is an input error with a hint.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let file = File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Input {
                file: path.display().to_string(),
                message: "the pack does not exist".into(),
                hint: "build it first with `carnet build`, or name it with --pack FILE.zip".into(),
            },
            _ => Error::io(path, e),
        })?;
        let archive = zip::ZipArchive::new(file).map_err(|e| Error::Input {
            file: path.display().to_string(),
            message: format!("not a readable zip: {e}"),
            hint: "rebuild the pack with `carnet build`".into(),
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            archive,
        })
    }

    /// An entry's size in bytes, if the pack has it.
    pub fn size(&mut self, name: &str) -> Option<u64> {
        self.archive.by_name(name).ok().map(|entry| entry.size())
    }

    /// An entry's bytes.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, Error> {
        let mut entry = self.archive.by_name(name).map_err(|e| Error::Input {
            file: self.path.display().to_string(),
            message: format!("{name}: {e}"),
            hint: "rebuild the pack with `carnet build`".into(),
        })?;
        let limit = crate::limits::MAX_ENTRY_BYTES;
        let too_large = || Error::Input {
            file: self.path.display().to_string(),
            message: format!(
                "{name} is larger than {}, more than carnet ever writes",
                crate::limits::size(limit)
            ),
            hint: "rebuild the pack with `carnet build`".into(),
        };
        if entry.size() > limit {
            return Err(too_large());
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&self.path.join(name), e))?;
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(bytes)
    }

    /// A booklet's bytes, checked against the manifest's sha256.
    pub fn booklet(&mut self, booklet: &Booklet) -> Result<Vec<u8>, Error> {
        let bytes = self.read(&booklet.file)?;
        if sha256_hex(&bytes) != booklet.sha256 {
            return Err(Error::Input {
                file: self.path.display().to_string(),
                message: format!(
                    "{} does not match its sha256 in manifest.csv: the pack is damaged",
                    booklet.file
                ),
                hint: "rebuild the pack with `carnet build`".into(),
            });
        }
        Ok(bytes)
    }

    /// The booklets listed in `manifest.csv`, by id.
    pub fn manifest(&mut self) -> Result<BTreeMap<String, Booklet>, Error> {
        let bytes = self.read(paths::MANIFEST)?;
        let invalid = |message: String| Error::Input {
            file: format!("{} (manifest.csv)", self.path.display()),
            message,
            hint: "rebuild the pack with `carnet build`".into(),
        };
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader
            .headers()
            .map_err(|e| invalid(e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                invalid(format!(
                    "no `{name}` column; carnet writes {}",
                    MANIFEST_HEADER.join(",")
                ))
            })
        };
        let [id, last, first, file, sha] = [
            column("id")?,
            column("last_name")?,
            column("first_name")?,
            column("file")?,
            column("sha256")?,
        ];
        let optional = |name: &str| headers.iter().position(|h| h == name);
        let (email, data) = (optional("email"), optional("data_sha256"));
        let mut booklets = BTreeMap::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| invalid(e.to_string()))?;
            let field =
                |i: usize| crate::pack::from_csv_cell(record.get(i).unwrap_or("")).to_owned();
            let booklet = Booklet {
                id: field(id),
                last_name: field(last),
                first_name: field(first),
                file: field(file),
                sha256: field(sha),
                email: email.map(field).unwrap_or_default(),
                data_sha256: data.map(field).filter(|d| d.len() == 64),
            };
            if booklet.id.is_empty() || booklet.file.is_empty() || booklet.sha256.len() != 64 {
                return Err(invalid(format!("row {} is incomplete", index + 2)));
            }
            booklets.insert(booklet.id.clone(), booklet);
        }
        Ok(booklets)
    }
}
