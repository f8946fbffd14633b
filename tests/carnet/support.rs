//! What the tests share: the one runner of the binary, the sample event,
//! and readers of packs and PDFs.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use unicode_normalization::UnicodeNormalization;

/// The repository root (the sample event).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `carnet` command to run: the one way the tests start the binary.
///
/// Every run starts from the same environment: nothing of the caller's
/// that bears on carnet (`SOURCE_DATE_EPOCH`, `CARNET_PROJECT`, the
/// `CARNET_SMTP_*` settings), and fast retries of a mail server's
/// temporary refusals.
#[must_use]
pub(crate) struct Carnet {
    command: Command,
}

/// `carnet build --participants ROSTER --out PACK` on the sample event.
pub(crate) fn build_roster(roster: &Path, pack: &Path) -> Carnet {
    Carnet::new(
        &repo(),
        &[
            "build",
            "--participants",
            roster.to_str().unwrap(),
            "--out",
            pack.to_str().unwrap(),
        ],
    )
}

/// What a run gave.
pub(crate) struct Run {
    /// Exit code (-1 when killed by a signal).
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
    /// How long it took.
    pub(crate) took: Duration,
}

impl Run {
    /// Standard output, then standard error.
    pub(crate) fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Asserts that the output holds each of `words`, and shows it when not.
    #[track_caller]
    pub(crate) fn says(&self, words: &[&str]) {
        let output = self.output();
        for word in words {
            assert!(output.contains(word), "expected {word:?} in:\n{output}");
        }
    }
}

impl From<Output> for Run {
    /// The run of a spawned child, once it has ended.
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            took: Duration::ZERO,
        }
    }
}

impl Carnet {
    /// `carnet ARGS…`, run in `dir`.
    pub(crate) fn new(dir: &Path, args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_carnet"));
        command.current_dir(dir).args(args);
        for name in [
            "SOURCE_DATE_EPOCH",
            "CARNET_PROJECT",
            "CARNET_SMTP_URL",
            "CARNET_SMTP_USER",
            "CARNET_SMTP_PASSWORD",
            "CARNET_SMTP_CA_FILE",
            // carnet speaks English unless the locale is French
            "LC_ALL",
            "LC_MESSAGES",
            "LANG",
        ] {
            command.env_remove(name);
        }
        command.env("CARNET_SMTP_RETRY_MS", "10");
        Self { command }
    }

    /// More arguments.
    pub(crate) fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.command.args(args);
        self
    }

    /// Sets an environment variable.
    pub(crate) fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs it.
    pub(crate) fn run(mut self) -> Run {
        let start = Instant::now();
        let output = self.command.output().expect("carnet runs");
        Run {
            took: start.elapsed(),
            ..Run::from(output)
        }
    }

    /// Runs it and insists on success.
    #[track_caller]
    pub(crate) fn ok(self) -> Run {
        let run = self.run();
        assert_eq!(run.code, 0, "carnet failed:\n{}", run.output());
        run
    }

    /// Starts it with its output piped, for a test that waits or signals.
    pub(crate) fn spawn(mut self) -> Child {
        self.command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("carnet starts")
    }
}

/// A pack built from a roster, kept in memory.
pub(crate) struct Pack {
    /// The zip.
    pub(crate) zip: Vec<u8>,
    /// id → (file name in the pack, sha256, bytes)
    pub(crate) booklets: BTreeMap<String, (String, String, Vec<u8>)>,
    /// The blank grid.
    pub(crate) grid: Vec<u8>,
}

/// Builds the pack of a CSV roster on the sample event with the real binary.
pub(crate) fn build_pack(roster: &str) -> Pack {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let pack = dir.path().join("pack.zip");
    Carnet::new(
        dir.path(),
        &[
            "build",
            "--project",
            repo().to_str().unwrap(),
            "--participants",
            "roster.csv",
            "--out",
            pack.to_str().unwrap(),
        ],
    )
    .ok();
    let zip = fs::read(&pack).unwrap();
    let mut archive = zip::ZipArchive::new(io::Cursor::new(zip.clone())).unwrap();
    let mut entry = |name: &str| {
        let mut bytes = Vec::new();
        archive
            .by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    };
    let manifest = entry("manifest.csv");
    let grid = entry("grids/grille-vierge.pdf");
    let mut booklets = BTreeMap::new();
    for row in csv::Reader::from_reader(manifest.as_slice()).records() {
        let row = row.unwrap();
        let file = row[4].to_owned();
        booklets.insert(
            row[0].to_owned(),
            (file.clone(), row[6].to_owned(), entry(&file)),
        );
    }
    Pack {
        zip,
        booklets,
        grid,
    }
}

/// The sample event's pack, built once for all the tests that read it.
pub(crate) fn sample_pack() -> &'static BTreeMap<String, Vec<u8>> {
    static PACK: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pack.zip");
        Carnet::new(&repo(), &["build", "--out", out.to_str().unwrap()]).ok();
        unzip(&out)
    })
}

/// The sample event's settings.
pub(crate) fn sample_event() -> carnet::load::event::EventConfig {
    carnet::load::event::EventConfig::parse(include_str!("../../content/event.yaml")).unwrap()
}

/// The sample roster's participants.
pub(crate) fn sample_people() -> Vec<carnet::participant::Participant> {
    carnet::roster::read(
        include_bytes!("../../content/participants.xlsx"),
        "participants.xlsx",
        &carnet::roster::RosterOptions::default(),
        &sample_event().profiles,
    )
    .unwrap()
    .participants
}

/// Every entry of a zip, by name.
pub(crate) fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = fs::File::open(path).expect("the pack exists");
    let mut zip = zip::ZipArchive::new(file).expect("the pack is a zip");
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        entries.insert(entry.name().unwrap().into_owned(), bytes);
    }
    entries
}

/// The text of a PDF.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted")
}

/// Page count and each page's size in millimetres.
pub(crate) fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let mediabox = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| match &mediabox[i] {
                lopdf::Object::Integer(v) => *v as f64,
                lopdf::Object::Real(v) => *v as f64,
                other => panic!("unexpected MediaBox value {other:?}"),
            };
            let pt_to_mm = 25.4 / 72.0;
            ((n(2) - n(0)) * pt_to_mm, (n(3) - n(1)) * pt_to_mm)
        })
        .collect()
}

/// Every font of a PDF, and whether its program is embedded.
pub(crate) fn pdf_fonts(pdf: &[u8]) -> Vec<(String, bool)> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let mut fonts = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name = dict
            .get(b"FontName")
            .and_then(|n| n.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
            .iter()
            .any(|key| dict.has(key));
        fonts.push((name, embedded));
    }
    fonts
}

/// The text without running headers (`running`: the lines they print) and
/// page numbers, which stand between the halves of a sentence that spans a
/// page break.
pub(crate) fn body_text(text: &str, running: &[&str]) -> String {
    let running: Vec<String> = running.iter().map(|r| letters(r)).collect();
    let is_header = |line: &str| {
        let mut rest = letters(line);
        for part in &running {
            rest = rest.replacen(part.as_str(), "", 1);
        }
        !letters(line).is_empty() && rest.is_empty()
    };
    let is_number = |line: &str| {
        let line = line.trim();
        !line.is_empty() && line.chars().all(|c| c.is_ascii_digit())
    };
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let mut body = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // A page number is followed by the next page's header, or ends the text.
        let next_is_header = lines.get(i + 1).is_none_or(|next| is_header(next));
        if is_header(line) || (is_number(line) && next_is_header) {
            continue;
        }
        body.push(*line);
    }
    body.join("\n")
}

/// A line of the seed as the booklet prints it: ordinals in one form
/// ("8^{ème}" → "8e", the Imprimerie nationale's) and web addresses
/// with their percent-escapes decoded ("l%E2%80%99emploi" → "l’emploi").
pub(crate) fn as_printed(line: &str) -> String {
    let line = line
        .replace("^{ème}", "e")
        .replace("^{eme}", "e")
        .replace("^{è}", "e");
    let bytes = line.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or(line)
}

/// Text reduced to what survives any layout: NFKC, lower case, letters and
/// digits only (no spaces, hyphens, quotes or punctuation).
pub(crate) fn letters(text: &str) -> String {
    let text = text.replace("^{", "").replace(['}', '*'], "");
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The seed's sentences (split at sentence ends and line breaks), in
/// order, and apart from them its footnote lines (the footnote and its link),
/// which sit at the foot of their page rather than where the seed's page
/// break put them.
pub(crate) fn seed_sentences() -> (Vec<String>, Vec<String>) {
    let seed =
        fs::read_to_string(repo().join("tests/fixtures/seed/carnet-du-participant-2013.txt"))
            .expect("the seed is in the fixtures");
    let (footnote, body): (Vec<String>, Vec<String>) = seed
        .lines()
        .map(|line| as_printed(line.trim()))
        .partition(|line| line.starts_with('¹') || line.starts_with("<http"));
    let sentences = body
        .iter()
        .flat_map(|line| line.split(['.', '?', '!', ':', ';']))
        .map(str::trim)
        .filter(|s| letters(s).chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    (sentences, footnote)
}

/// The seed's sentences missing from `text`, or found out of order.
pub(crate) fn missing_sentences(text: &str) -> Vec<String> {
    let haystack = letters(text);
    let (sentences, footnote) = seed_sentences();
    let mut position = 0;
    let mut missing = Vec::new();
    for sentence in sentences {
        let needle = letters(&sentence);
        match haystack[position..].find(&needle) {
            Some(found) => position += found + needle.len(),
            None => missing.push(sentence),
        }
    }
    missing.extend(
        footnote
            .into_iter()
            .filter(|line| !haystack.contains(&letters(line))),
    );
    missing
}
