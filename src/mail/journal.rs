//! The journal: what was handed to the SMTP server, and what it answered.
//!
//! Sending 150 messages takes minutes at a polite rate, and the network, the
//! server or the organiser's laptop may stop at any point. The journal is
//! what makes a rerun safe: `<outbox>/journal.jsonl`, one JSON object a line,
//! only ever appended to and flushed to disk (fsync) at each step. A
//! `sending` record is written before a message is handed to the server,
//! a `sent`, `refused` or `failed` record once the server has answered.
//! A rerun skips what was sent and sends again, with the same Message-ID,
//! what was left `sending` without an answer (the process died between
//! the two), so that receiving systems can recognise the copy.
//!
//! A crash in the middle of a write leaves a torn last line; it is ignored
//! when reading and cut off before the next record is appended.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::Error;
use crate::locale::Language;
use crate::plan::identity::Known;
use crate::say;

/// The journal's file name in the outbox.
pub(super) const FILE_NAME: &str = "journal.jsonl";

/// What a record says happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Status {
    /// About to be handed to the server; no answer yet.
    Sending,
    /// The server accepted it.
    Sent,
    /// The server refused it for good (e.g. 550 for the recipient).
    Refused,
    /// Temporary failures until carnet gave up; a rerun tries again.
    Failed,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Record {
    /// What happened.
    pub status: Status,
    /// The participant's id, as in the manifest.
    pub id: String,
    /// The recipient's address.
    pub to: String,
    /// The message's Message-ID header, with its angle brackets.
    pub message_id: String,
    /// The sha256 of the attached booklet, as in the manifest.
    pub sha256: String,
    /// When, in RFC 3339 (UTC).
    pub time: String,
    /// The server's answer, for `sent`, `refused` and `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// The participant's first name, to recognise them under a new id
    /// (see [`crate::plan::identity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The participant's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The digest of the data the booklet was made from (the manifest's
    /// `data_sha256`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// Who a message is for and what it carries, as the journal records it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Letter<'a> {
    /// The participant's id.
    pub id: &'a str,
    /// Their first name.
    pub first_name: &'a str,
    /// Their last name.
    pub last_name: &'a str,
    /// The recipient's address.
    pub to: &'a str,
    /// The booklet's sha256.
    pub sha256: &'a str,
    /// The digest of the booklet's data, when the manifest has it.
    pub data: Option<&'a str>,
}

impl Record {
    /// A record stamped with the current time.
    pub(super) fn now(
        status: Status,
        letter: &Letter<'_>,
        message_id: &str,
        reply: Option<String>,
    ) -> Self {
        let now = OffsetDateTime::now_utc();
        let now = now.replace_nanosecond(0).unwrap_or(now);
        Self {
            status,
            id: letter.id.to_owned(),
            to: letter.to.to_owned(),
            message_id: message_id.to_owned(),
            sha256: letter.sha256.to_owned(),
            time: now.format(&Rfc3339).unwrap_or_default(),
            reply,
            first_name: Some(letter.first_name.to_owned()),
            last_name: Some(letter.last_name.to_owned()),
            data: letter.data.map(str::to_owned),
        }
    }
}

/// Where a participant's current booklet stands according to the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Standing<'a> {
    /// Nothing was ever sent to this participant.
    New,
    /// Handed to the server but no answer recorded: the run stopped in
    /// between. Send again with the same Message-ID.
    Pending(&'a Record),
    /// Temporary failures last time: try again with the same Message-ID.
    Failed(&'a Record),
    /// This booklet was accepted by the server (the latest acceptance).
    Sent(&'a Record),
    /// Refused for good, to this same address.
    Refused(&'a Record),
    /// A booklet went (or may have gone) to another address, the one the
    /// roster had then; nothing to this one yet.
    NewAddress(&'a Record),
    /// An earlier booklet of this participant was sent (or may have been);
    /// the current one was not.
    Changed(&'a Record),
}

/// The journal of an outbox, read, and open for appending when sending.
#[derive(Debug)]
pub(super) struct Journal {
    path: PathBuf,
    /// Open for appending, locked against a second sender (send runs only).
    file: Option<File>,
    records: Vec<Record>,
    torn: bool,
    /// The language of what it says.
    language: Language,
}

impl Journal {
    /// Reads the journal without changing it (for the dry run). A journal
    /// that does not exist yet is empty. Its problems are said in
    /// `language`.
    pub(super) fn read(path: &Path, language: Language) -> Result<Self, Error> {
        let text = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let (records, torn) = parse(path, &text, language)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: None,
            records,
            torn: torn.is_some(),
            language,
        })
    }

    /// Opens the journal for a send run: creates it if needed, takes an
    /// exclusive lock on it (one sender per outbox at a time), reads it, and
    /// cuts off a torn last line left by a crash.
    pub(super) fn open(path: &Path, language: Language) -> Result<Self, Error> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Usage(say!(
                    language,
                    "mail-journal-busy",
                    path = path.display().to_string()
                )));
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
        }
        if !existed {
            sync_folder(path);
        }
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .map_err(|e| Error::io(path, e))?;
        let (records, torn) = parse(path, &text, language)?;
        if let Some(complete) = torn {
            file.set_len(complete as u64)
                .and_then(|()| file.sync_data())
                .map_err(|e| Error::io(path, e))?;
        } else if text.last().is_some_and(|&b| b != b'\n') {
            // A whole record cut just before its newline: end its line, so
            // that the next record does not run on after it.
            file.write_all(b"\n")
                .and_then(|()| file.sync_data())
                .map_err(|e| Error::io(path, e))?;
        }
        Ok(Self {
            path: path.to_path_buf(),
            file: Some(file),
            records,
            torn: torn.is_some(),
            language,
        })
    }

    /// The journal's path.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the last line was torn by a crash (and ignored).
    pub(super) fn was_torn(&self) -> bool {
        self.torn
    }

    /// Appends a record and waits until it is on disk. A journal opened
    /// with [`Journal::read`] is read-only and refuses with an error.
    pub(super) fn append(&mut self, record: Record) -> Result<(), Error> {
        let Some(file) = self.file.as_mut() else {
            return Err(Error::Usage(say!(
                self.language,
                "mail-journal-read-only",
                path = self.path.display().to_string()
            )));
        };
        let mut line = serde_json::to_vec(&record).map_err(|e| Error::Io {
            path: self.path.display().to_string(),
            source: std::io::Error::other(e),
        })?;
        line.push(b'\n');
        file.write_all(&line)
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.records.push(record);
        Ok(())
    }

    /// Where participant `id`'s booklet with this sha256 stands, for a
    /// message to address `to`.
    pub(super) fn standing(&self, id: &str, sha256: &str, to: &str) -> Standing<'_> {
        // Newest first.
        let all = || self.records.iter().rev().filter(|r| r.id == id);
        let mine = || all().filter(|r| r.to.eq_ignore_ascii_case(to));
        let this_booklet = || mine().filter(|r| r.sha256 == sha256);
        let last_sent = this_booklet().find(|r| r.status == Status::Sent);
        match (this_booklet().next(), last_sent) {
            (Some(last), _) if last.status == Status::Sending => return Standing::Pending(last),
            (Some(_), Some(sent)) => return Standing::Sent(sent),
            (Some(last), None) if last.status == Status::Failed => return Standing::Failed(last),
            (Some(last), None) if last.status == Status::Refused => {
                return Standing::Refused(last);
            }
            _ => {}
        }
        // Sent, or handed over without an answer: it may have arrived.
        if let Some(record) = mine()
            .filter(|r| r.sha256 != sha256)
            .find(|r| self.may_have_arrived(r))
        {
            return Standing::Changed(record);
        }
        match all().find(|r| self.may_have_arrived(r)) {
            Some(record) => Standing::NewAddress(record),
            None => Standing::New,
        }
    }

    /// Whether the message of this record may have reached its recipient:
    /// accepted, or handed over with no answer recorded after.
    fn may_have_arrived(&self, record: &Record) -> bool {
        match record.status {
            Status::Sent => true,
            Status::Sending => {
                let later = self
                    .records
                    .iter()
                    .rev()
                    .find(|r| r.message_id == record.message_id && r.to == record.to);
                later.is_some_and(|r| r.status == Status::Sending)
            }
            Status::Refused | Status::Failed => false,
        }
    }

    /// The latest message to participant `id` that may have arrived.
    pub(super) fn last_arrived(&self, id: &str) -> Option<&Record> {
        self.records
            .iter()
            .rev()
            .find(|r| r.id == id && self.may_have_arrived(r))
    }

    /// Whether any message of this journal may have reached someone.
    pub(super) fn has_sent(&self) -> bool {
        self.records.iter().any(|r| self.may_have_arrived(r))
    }

    /// Whether the journal has any record of one of these ids or booklets.
    pub(super) fn knows_any<'b>(
        &self,
        mut booklets: impl Iterator<Item = (&'b str, &'b str)>,
    ) -> bool {
        booklets.any(|(id, sha)| self.records.iter().any(|r| r.id == id || r.sha256 == sha))
    }

    /// The people the journal has sent to (or may have), as
    /// [`crate::plan::identity`] compares them: the latest record of each id
    /// that holds their names.
    pub(super) fn known(&self) -> Vec<Known<'_>> {
        self.records
            .iter()
            .filter(|r| self.may_have_arrived(r))
            .filter_map(|r| {
                Some(Known {
                    id: &r.id,
                    first_name: r.first_name.as_deref()?,
                    last_name: r.last_name.as_deref()?,
                    address: &r.to,
                })
            })
            .collect()
    }

    /// The latest message accepted for participant `id` at address `to`
    /// whose booklet was made from this same data: what a supplement pack,
    /// which leaves them out, was right to leave out.
    pub(super) fn sent_with_data(&self, id: &str, to: &str, data: &str) -> Option<&Record> {
        self.records.iter().rev().find(|r| {
            r.id == id
                && r.status == Status::Sent
                && r.to.eq_ignore_ascii_case(to)
                && r.data.as_deref() == Some(data)
        })
    }

    /// How many different messages carrying this booklet the server
    /// accepted: the number of the next `--resend`.
    pub(super) fn times_sent(&self, id: &str, sha256: &str) -> usize {
        let mut ids: Vec<&str> = self
            .records
            .iter()
            .filter(|r| r.id == id && r.sha256 == sha256 && r.status == Status::Sent)
            .map(|r| r.message_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// The event's list of the journals it sends with: `dist/journals.txt` in
/// the event folder, one absolute path a line. An event has one journal;
/// the list is how a send run with another one (`--outbox` elsewhere, the
/// outbox deleted, a copy of the event folder) is told before it sends
/// everyone a second message.
#[derive(Debug)]
pub(super) struct Registry {
    path: PathBuf,
    journals: Vec<PathBuf>,
}

/// The registry's file name in the event folder's `dist/`.
pub(super) const REGISTRY: &str = "journals.txt";

impl Registry {
    /// Reads the event's list (empty when there is none yet).
    pub(super) fn read(event: &Path) -> Result<Self, Error> {
        let path = event.join("dist").join(REGISTRY);
        let text = match crate::load::project::read_bounded(&path, 0) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) if !path.exists() => String::new(),
            Err(e) => return Err(e),
        };
        let journals = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(PathBuf::from)
            .collect();
        Ok(Self { path, journals })
    }

    /// The journals of the list other than this one.
    fn others(&self, journal: &Journal) -> Vec<&Path> {
        let this = absolute(journal.path());
        self.journals
            .iter()
            .map(PathBuf::as_path)
            .filter(|other| absolute(other) != this)
            .collect()
    }

    /// Refuses a send run with a journal other than the event's: the other
    /// one records messages (they would be sent again), or it is gone.
    pub(super) fn check(&self, journal: &Journal) -> Result<(), Error> {
        let language = journal.language;
        let registry = self.path.display().to_string();
        let this = absolute(journal.path());
        let registered = self.journals.iter().any(|j| absolute(j) == this);
        if registered && journal.records.is_empty() {
            return Err(Error::Input {
                file: journal.path().display().to_string(),
                message: say!(language, "mail-journal-emptied"),
                hint: say!(language, "mail-journal-emptied-hint", registry = &registry),
            });
        }
        for other in self.others(journal) {
            let records = Journal::read(other, language).map(|j| j.records.len());
            let shown = other.display().to_string();
            let message = match (other.exists(), records) {
                (true, Ok(0)) => continue,
                (true, _) => say!(
                    language,
                    "mail-journal-elsewhere",
                    other = &shown,
                    journal = journal.path().display().to_string()
                ),
                (false, _) => say!(language, "mail-journal-gone", other = &shown),
            };
            let folder = other.parent().unwrap_or(other);
            return Err(Error::Input {
                file: registry.clone(),
                message,
                hint: say!(
                    language,
                    "mail-journal-elsewhere-hint",
                    folder = folder.display().to_string(),
                    registry = &registry
                ),
            });
        }
        Ok(())
    }

    /// What a dry run should know: it reads another journal than the one
    /// the event sent with.
    pub(super) fn notes(&self, journal: &Journal) -> String {
        let mut notes = String::new();
        for other in self.others(journal) {
            notes.push_str(&say!(
                journal.language,
                "mail-journal-other",
                other = other.display().to_string(),
                journal = journal.path().display().to_string()
            ));
            notes.push('\n');
        }
        notes
    }

    /// Adds this journal to the list, before its first message is sent.
    pub(super) fn add(&self, journal: &Journal) -> Result<(), Error> {
        let this = absolute(journal.path());
        if self.journals.iter().any(|j| absolute(j) == this) {
            return Ok(());
        }
        if let Some(parent) = self.path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io(&self.path, e))?;
        let mut line = this.display().to_string();
        line.push('\n');
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(&self.path, e))
    }
}

/// A journal's path made absolute, its folder's links resolved, so that
/// two ways of naming one file compare equal.
fn absolute(path: &Path) -> PathBuf {
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match fs::canonicalize(folder) {
        Ok(folder) => folder.join(name),
        Err(_) => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Parses the journal's lines. Returns the records and, when the last line
/// is torn (no newline and not a record), the length of the complete part.
fn parse(
    path: &Path,
    text: &[u8],
    language: Language,
) -> Result<(Vec<Record>, Option<usize>), Error> {
    let mut records = Vec::new();
    let mut start = 0;
    let mut number = 0;
    while start < text.len() {
        number += 1;
        let (line, next, complete) = match text[start..].iter().position(|&b| b == b'\n') {
            Some(end) => (&text[start..start + end], start + end + 1, true),
            None => (&text[start..], text.len(), false),
        };
        let trimmed = line.trim_ascii();
        if !trimmed.is_empty() {
            match serde_json::from_slice::<Record>(trimmed) {
                Ok(record) => records.push(record),
                Err(_) if !complete => return Ok((records, Some(start))),
                Err(e) => {
                    return Err(Error::Input {
                        file: path.display().to_string(),
                        message: say!(
                            language,
                            "mail-journal-bad-line",
                            line = number,
                            error = e.to_string()
                        ),
                        hint: say!(language, "mail-journal-bad-line-hint"),
                    });
                }
            }
        }
        start = next;
    }
    Ok((records, None))
}

/// Makes a new file's name durable: fsync its folder (Unix only; elsewhere
/// the file system does not offer it).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(folder) = File::open(parent) {
            let _ = folder.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: Status, id: &str, sha: &str, message_id: &str) -> Record {
        Record {
            status,
            id: id.into(),
            to: format!("{id}@example.org"),
            message_id: message_id.into(),
            sha256: sha.into(),
            time: "2013-04-20T10:00:00Z".into(),
            reply: None,
            first_name: None,
            last_name: None,
            data: None,
        }
    }

    fn journal(records: Vec<Record>) -> Journal {
        Journal {
            path: PathBuf::from("journal.jsonl"),
            file: None,
            records,
            torn: false,
            language: Language::English,
        }
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_cut_before_appending() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let good = serde_json::to_string(&record(Status::Sent, "a", "1", "<a>")).unwrap();
        fs::write(&path, format!("{good}\n{{\"status\":\"sen")).unwrap();

        let read = Journal::read(&path, Language::English).unwrap();
        assert_eq!(read.records.len(), 1);
        assert!(read.was_torn());

        let mut open = Journal::open(&path, Language::English).unwrap();
        open.append(record(Status::Sending, "b", "2", "<b>"))
            .unwrap();
        drop(open);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(
            Journal::read(&path, Language::English)
                .unwrap()
                .records
                .len(),
            2
        );
    }

    #[test]
    fn a_damaged_line_in_the_middle_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "not json\n").unwrap();
        let error = Journal::read(&path, Language::English)
            .unwrap_err()
            .to_string();
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn a_second_sender_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let _first = Journal::open(&path, Language::English).unwrap();
        assert!(matches!(
            Journal::open(&path, Language::English),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn standing_follows_the_last_record_of_the_booklet() {
        let sending = record(Status::Sending, "a", "1", "<a1>");
        let sent = record(Status::Sent, "a", "1", "<a1>");
        assert_eq!(
            journal(vec![sending.clone()]).standing("a", "1", "a@example.org"),
            Standing::Pending(&sending)
        );
        let both = journal(vec![sending.clone(), sent.clone()]);
        assert_eq!(
            both.standing("a", "1", "a@example.org"),
            Standing::Sent(&sent)
        );
        assert_eq!(
            both.standing("a", "2", "a@example.org"),
            Standing::Changed(&sent)
        );
        assert_eq!(both.standing("b", "1", "b@example.org"), Standing::New);
        assert_eq!(both.times_sent("a", "1"), 1);

        let refused = record(Status::Refused, "a", "1", "<a1>");
        let journal = journal(vec![sending, refused.clone()]);
        assert_eq!(
            journal.standing("a", "1", "a@example.org"),
            Standing::Refused(&refused)
        );
        assert_eq!(journal.standing("a", "1", "new@example.org"), Standing::New);
    }

    #[test]
    fn a_new_address_is_a_new_recipient() {
        let sent = record(Status::Sent, "a", "1", "<a1>");
        let journal = journal(vec![sent.clone()]);
        assert_eq!(
            journal.standing("a", "1", "A@Example.org"),
            Standing::Sent(&sent),
            "letter case is no new address"
        );
        assert_eq!(
            journal.standing("a", "1", "a.new@example.org"),
            Standing::NewAddress(&sent)
        );
    }

    #[test]
    fn a_record_cut_just_before_its_newline_is_kept_and_its_line_ended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let good = serde_json::to_string(&record(Status::Sent, "a", "1", "<a>")).unwrap();
        fs::write(&path, &good).unwrap();
        let mut open = Journal::open(&path, Language::English).unwrap();
        assert!(!open.was_torn());
        open.append(record(Status::Sending, "b", "2", "<b>"))
            .unwrap();
        drop(open);
        let read = Journal::read(&path, Language::English).unwrap();
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.records[0].id, "a");
        assert_eq!(read.records[1].id, "b");
    }
}
