//! `carnet mail` run for real: the binary against an SMTP server listening
//! on 127.0.0.1, started by each test.
//!
//! The server is mailin's SMTP state machine behind a `TcpListener`. Its
//! handler records every message it accepts and follows a script: answer a
//! temporary failure a given number of times, refuse an address for good,
//! or hold a message (received, not yet answered) until the test has killed
//! the sender, as a crash or a power cut would.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread;
use std::time::Duration;

use carnet::load::event::{EventConfig, MailSettings};

use crate::support::{Carnet, Pack, Run, build_pack, repo};
use mail_parser::{MessageParser, MimeHeaders};
use mailin::{Action, Handler, Response, SessionBuilder, response};

/// Six participants; M006 has no email. Accents test the encoded headers.
const ROSTER: &str = "\
ID,Nom,Prénom,Structure,Ville,Profil,Email,Atelier,Visite
M001,Dupré,Hélène,Ariège Solidaire,Foix,Directrice,helene.dupre@ariege.example.org,Atelier 1 – Gouvernance,Régie Nord Francilien
M002,Chevalier,Benoît,Loire Intermédiaire,Orléans,Invité,benoit.chevalier@loire.example.org,Atelier 2 – Coopérations,
M003,N'Diaye,Aminata,Le Grenier Solidaire,Lorient,Salarié en parcours,aminata.ndiaye@grenier.example.org,Atelier 3 – Nouveaux métiers,
M004,Perrin,Valérie,Coup de Main,Rennes,Administratrice,valerie.perrin@coupdemain.example.org,,
M005,Lefèvre,Zoé,Envie Touraine,Tours,Salariée permanente,zoe.lefevre@envie.example.org,Atelier 1 – Gouvernance,
M006,Martin,Jeanne,Sans Courriel,Paris,Invitée,,Atelier 2 – Coopérations,
";

/// The participants with an email: id, address, name as the To header shows it.
const RECIPIENTS: [(&str, &str, &str); 5] = [
    ("M001", "helene.dupre@ariege.example.org", "Hélène Dupré"),
    (
        "M002",
        "benoit.chevalier@loire.example.org",
        "Benoît Chevalier",
    ),
    (
        "M003",
        "aminata.ndiaye@grenier.example.org",
        "Aminata N'Diaye",
    ),
    (
        "M004",
        "valerie.perrin@coupdemain.example.org",
        "Valérie Perrin",
    ),
    ("M005", "zoe.lefevre@envie.example.org", "Zoé Lefèvre"),
];

fn address(id: &str) -> &'static str {
    RECIPIENTS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, a, _)| *a)
        .expect("a participant with an email")
}

// ---------------------------------------------------------------- the pack

/// The pack of [`ROSTER`], built once for all tests.
fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| build_pack(ROSTER))
}

// ---------------------------------------------------------------- running carnet

/// A folder with the roster and the pack, and an outbox beside them.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
        fs::write(dir.path().join("pack.zip"), &pack().zip).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `carnet mail` on the sample event (an event folder of this case's
    /// own, with the built-in files: its journal is this case's) and this
    /// case's roster, pack and outbox.
    fn mail(&self, args: &[&str]) -> Carnet {
        let project = self.path("sample");
        fs::create_dir_all(&project).unwrap();
        self.mail_in(&project, args)
    }

    /// `carnet mail` on the event folder `project`.
    fn mail_in(&self, project: &Path, args: &[&str]) -> Carnet {
        Carnet::new(
            self.dir.path(),
            &[
                "mail",
                "--project",
                project.to_str().unwrap(),
                "--participants",
                "roster.csv",
                "--pack",
                "pack.zip",
                "--outbox",
                "outbox",
            ],
        )
        .args(args)
    }

    /// `carnet build` of this case's event and roster into `pack.zip`.
    fn build(&self, args: &[&str]) -> Run {
        fs::create_dir_all(self.path("sample")).unwrap();
        let run = Carnet::new(
            self.dir.path(),
            &[
                "build",
                "--project",
                "sample",
                "--participants",
                "roster.csv",
            ],
        )
        .args(args)
        .run();
        assert_eq!(run.code, 0, "carnet build failed:\n{}", run.output());
        run
    }

    /// The entries of a zip of this case.
    fn unzip(&self, name: &str) -> BTreeMap<String, Vec<u8>> {
        let mut archive = zip::ZipArchive::new(fs::File::open(self.path(name)).unwrap()).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).unwrap();
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).unwrap();
                (entry.name().unwrap().to_string(), bytes)
            })
            .collect()
    }

    /// `carnet mail --send` through `server`, as fast as allowed.
    fn send(&self, server: &Server, args: &[&str]) -> Carnet {
        self.mail(&["--send", "--smtp", &server.url(), "--per-minute", "6000"])
            .args(args)
    }

    /// The journal's records.
    fn journal(&self) -> Vec<serde_json::Value> {
        let text = fs::read_to_string(self.path("outbox/journal.jsonl")).unwrap_or_default();
        text.lines()
            .map(|line| serde_json::from_str(line).expect("a journal record"))
            .collect()
    }

    /// An event folder whose `event.yaml` is the sample's with this `mail:`
    /// section (written as JSON, which YAML reads).
    fn event_folder(&self, mail: Option<MailSettings>) -> PathBuf {
        let sample = fs::read_to_string(repo().join("content/event.yaml")).unwrap();
        let mut config = EventConfig::parse(&sample).unwrap();
        config.mail = mail;
        let folder = self.path("event");
        fs::create_dir_all(folder.join("content")).unwrap();
        let text = serde_json::to_string_pretty(&config).unwrap();
        fs::write(folder.join("content/event.yaml"), text).unwrap();
        folder
    }
}

// ---------------------------------------------------------------- messages

/// A message as a mail program reads it.
struct Parsed {
    message_id: String,
    to: String,
    to_name: String,
    from: String,
    reply_to: Option<String>,
    subject: String,
    text: String,
    html: Option<String>,
    /// (file name, content type, bytes)
    attachments: Vec<(String, String, Vec<u8>)>,
}

#[track_caller]
fn parse(bytes: &[u8]) -> Parsed {
    let message = MessageParser::default()
        .parse(bytes)
        .expect("a parseable message");
    let first = |list: Option<&mail_parser::Address<'_>>| {
        let addr = list.and_then(|l| l.first());
        (
            addr.and_then(|a| a.address()).map(str::to_owned),
            addr.and_then(|a| a.name()).map(str::to_owned),
        )
    };
    let (to, to_name) = first(message.to());
    Parsed {
        message_id: message.message_id().expect("a Message-ID").to_owned(),
        to: to.expect("a To header"),
        to_name: to_name.unwrap_or_default(),
        from: first(message.from()).0.unwrap_or_default(),
        reply_to: first(message.reply_to()).0,
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).map(|h| h.into_owned()),
        attachments: message
            .attachments()
            .map(|part| {
                let content_type = part
                    .content_type()
                    .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")))
                    .unwrap_or_default();
                (
                    part.attachment_name().unwrap_or_default().to_owned(),
                    content_type,
                    part.contents().to_vec(),
                )
            })
            .collect(),
    }
}

/// Checks that a message carries participant `id`'s booklet, byte for byte.
#[track_caller]
fn assert_carries_booklet(parsed: &Parsed, id: &str) {
    let (file, _, bytes) = &pack().booklets[id];
    let name = file.rsplit('/').next().unwrap();
    let attachment = parsed
        .attachments
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("{id}: no attachment named {name}"));
    assert_eq!(attachment.1, "application/pdf", "{id}");
    assert!(
        attachment.2 == *bytes,
        "{id}: the attachment differs from the booklet"
    );
}

mod desk;
mod life;
mod send;
mod server;

use server::*;
