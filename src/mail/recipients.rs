//! Who gets which booklet: the roster matched with the pack's manifest.
//!
//! The roster says who the participants are and where to write to them;
//! the pack holds the booklets that were built from some roster, maybe an
//! older one. Sending a stale booklet is worse than sending none, so every
//! disagreement between the two is reported (the fix is `carnet build`,
//! which gives the same bytes for unchanged participants, so the journal
//! still knows what was sent).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::pack::{MANIFEST_HEADER, sha256_hex};
use crate::participant::Participant;

/// The blank grid's name in the pack.
pub const GRID: &str = "grids/grille-vierge.pdf";

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
}

impl Booklet {
    /// The file name the recipient sees: without the folder.
    pub fn file_name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// A pack opened for reading.
pub struct Pack {
    path: PathBuf,
    archive: zip::ZipArchive<File>,
}

impl Pack {
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
        let bytes = self.read("manifest.csv")?;
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
            };
            if booklet.id.is_empty() || booklet.file.is_empty() || booklet.sha256.len() != 64 {
                return Err(invalid(format!("row {} is incomplete", index + 2)));
            }
            booklets.insert(booklet.id.clone(), booklet);
        }
        Ok(booklets)
    }
}

/// A participant the roster and the pack agree on.
#[derive(Debug, Clone)]
pub struct Matched<'a> {
    /// The participant, from the roster.
    pub participant: &'a Participant,
    /// The address to write to, from the roster.
    pub address: String,
    /// Their booklet in the pack.
    pub booklet: Booklet,
}

/// The roster and the pack, side by side.
#[derive(Debug, Default)]
pub struct Matching<'a> {
    /// Participants with an email and a booklet that is theirs.
    pub matched: Vec<Matched<'a>>,
    /// Participants without an email.
    pub without_email: Vec<&'a Participant>,
    /// Participants (with an email) whose booklet is missing or made for
    /// someone else: `(participant, what is wrong)`.
    pub stale: Vec<(&'a Participant, String)>,
    /// Booklets of the pack for no participant of the roster.
    pub orphans: Vec<Booklet>,
}

/// Matches the selected participants with the pack's booklets by id.
/// `selected` tells which participants this run is about.
pub fn match_roster<'a>(
    participants: &'a [Participant],
    booklets: &BTreeMap<String, Booklet>,
    selected: &dyn Fn(&str) -> bool,
) -> Matching<'a> {
    let mut matching = Matching::default();
    for participant in participants.iter().filter(|p| selected(&p.id)) {
        let Some(address) = participant
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            matching.without_email.push(participant);
            continue;
        };
        let Some(booklet) = booklets.get(&participant.id) else {
            matching
                .stale
                .push((participant, "no booklet in the pack".to_owned()));
            continue;
        };
        if booklet.last_name != participant.last_name
            || booklet.first_name != participant.first_name
        {
            let made_for = format!("{} {}", booklet.first_name, booklet.last_name);
            matching.stale.push((
                participant,
                format!(
                    "the pack's {} was made for {:?}",
                    booklet.file,
                    made_for.trim()
                ),
            ));
            continue;
        }
        matching.matched.push(Matched {
            participant,
            address: address.to_owned(),
            booklet: booklet.clone(),
        });
    }
    let in_roster: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    matching.orphans = booklets
        .values()
        .filter(|b| !in_roster.contains(b.id.as_str()))
        .cloned()
        .collect();
    matching
}
