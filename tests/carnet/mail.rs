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

// ---------------------------------------------------------------- the server

/// What the server answers, by recipient address.
#[derive(Default)]
struct Script {
    /// Replies to RCPT TO, one per try, before the address is accepted.
    rcpt: BTreeMap<String, Vec<u16>>,
    /// Replies at the end of DATA, one per try, before the message is accepted.
    data_end: BTreeMap<String, Vec<u16>>,
    /// Addresses refused for good at RCPT TO (550).
    refuse: BTreeSet<String>,
    /// An address whose first message is received but not answered until
    /// the test calls [`Server::release`].
    hold: Option<String>,
}

/// A message the server accepted.
#[derive(Clone)]
struct Received {
    to: Vec<String>,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct State {
    script: Script,
    received: Vec<Received>,
    held: bool,
    released: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// An SMTP server on 127.0.0.1, on a port the system chose.
struct Server {
    port: u16,
    shared: Shared,
}

impl Server {
    fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared: Shared = Arc::new((
            Mutex::new(State {
                script,
                ..State::default()
            }),
            Condvar::new(),
        ));
        let accepting = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = accepting.clone();
                thread::spawn(move || {
                    let _ = serve(stream, shared);
                });
            }
        });
        Self { port, shared }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn received(&self) -> Vec<Received> {
        lock(&self.shared).received.clone()
    }

    /// Each recipient's messages, parsed.
    fn by_recipient(&self) -> BTreeMap<String, Vec<Parsed>> {
        let mut by = BTreeMap::<String, Vec<Parsed>>::new();
        for message in self.received() {
            assert_eq!(message.to.len(), 1, "one recipient per message");
            by.entry(message.to[0].clone())
                .or_default()
                .push(parse(&message.bytes));
        }
        by
    }

    fn change(&self, change: impl FnOnce(&mut Script)) {
        change(&mut lock(&self.shared).script);
    }

    /// Waits until the held message has been received.
    #[track_caller]
    fn wait_for_held(&self) {
        let (mutex, condvar) = &*self.shared;
        let state = mutex.lock().unwrap_or_else(|e| e.into_inner());
        let (state, timeout) = condvar
            .wait_timeout_while(state, Duration::from_secs(15), |s| !s.held)
            .unwrap_or_else(|e| e.into_inner());
        assert!(state.held && !timeout.timed_out(), "no message was held");
    }

    fn release(&self) {
        lock(&self.shared).released = true;
        self.shared.1.notify_all();
    }
}

/// One SMTP session: lines in, mailin's replies out.
fn serve(stream: TcpStream, shared: Shared) -> io::Result<()> {
    let ip = stream.peer_addr()?.ip();
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let handler = Session {
        shared,
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("smtp.test.example").build(ip, handler);
    session.greeting().write_to(&mut writer)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        // mailin stays in its DATA state after refusing a message's end, so
        // it would swallow the client's QUIT; a real server answers it.
        if line.eq_ignore_ascii_case(b"QUIT\r\n") {
            return writer.write_all(b"221 Bye\r\n");
        }
        let reply = session.process(&line);
        match reply.action {
            Action::Reply => reply.write_to(&mut writer)?,
            Action::Close => return reply.write_to(&mut writer),
            Action::UpgradeTls => return Ok(()),
            Action::NoReply => {}
        }
    }
}

/// The handler of one connection.
struct Session {
    shared: Shared,
    to: Vec<String>,
    data: Vec<u8>,
}

/// Takes the next scripted reply for one of `addresses`, if any.
fn scripted(replies: &mut BTreeMap<String, Vec<u16>>, addresses: &[&str]) -> Option<Response> {
    for address in addresses {
        if let Some(codes) = replies.get_mut(*address)
            && !codes.is_empty()
        {
            let code = codes.remove(0);
            return Some(Response::custom(
                code,
                format!("scripted {code} for {address}"),
            ));
        }
    }
    None
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        let mut state = lock(&self.shared);
        if state.script.refuse.contains(to) {
            return response::NO_MAILBOX;
        }
        scripted(&mut state.script.rcpt, &[to]).unwrap_or(response::OK)
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut state = lock(&self.shared);
        let to: Vec<&str> = self.to.iter().map(String::as_str).collect();
        if let Some(reply) = scripted(&mut state.script.data_end, &to) {
            return reply;
        }
        state.received.push(Received {
            to: self.to.clone(),
            bytes: std::mem::take(&mut self.data),
        });
        let hold = state.script.hold.as_deref();
        if !state.held && hold.is_some_and(|h| to.contains(&h)) {
            // Received, not answered: the sender is killed meanwhile.
            state.held = true;
            self.shared.1.notify_all();
            let _ = self
                .shared
                .1
                .wait_timeout_while(state, Duration::from_secs(15), |s| !s.released);
        }
        response::OK
    }
}

// ---------------------------------------------------------------- the tests

#[test]
fn dry_run_writes_one_message_per_participant_with_an_email() {
    let case = Case::new();
    let run = case.mail(&[]).ok();

    let mut written: Vec<String> = fs::read_dir(case.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["m001.eml", "m002.eml", "m003.eml", "m004.eml", "m005.eml"],
        "one .eml per participant with an email, and no journal"
    );
    for (id, address, name) in RECIPIENTS {
        let bytes = fs::read(case.path(&format!("outbox/{}.eml", id.to_lowercase()))).unwrap();
        assert!(bytes.is_ascii(), "{id}: headers and bodies are encoded");
        let parsed = parse(&bytes);
        assert_eq!(parsed.to, address);
        assert_eq!(parsed.to_name, name, "RFC 2047 names decode back");
        assert_eq!(parsed.from, "seminaire-qualite@coorace.example");
        assert_eq!(
            parsed.subject,
            "Votre carnet du participant — 8e Séminaire Qualité, 14 et 15 mai 2013"
        );
        let first_name = name.split(' ').next().unwrap();
        assert!(
            parsed.text.contains(&format!("Bonjour {first_name},")),
            "{}",
            parsed.text
        );
        let sha8 = &pack().booklets[id].1[..8];
        assert_eq!(
            parsed.message_id,
            format!("carnet.{id}.{sha8}@coorace.example")
        );
        assert_eq!(parsed.attachments.len(), 1, "{id}: the booklet only");
        assert_carries_booklet(&parsed, id);
    }
    let m001 = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert!(
        m001.text.contains("« Atelier 1 – Gouvernance »"),
        "{}",
        m001.text
    );

    let out = run.output();
    assert!(out.contains("5 messages to send"), "{out}");
    assert!(
        out.contains("M006 Jeanne Martin"),
        "listed without an email: {out}"
    );
    assert!(
        out.contains("Attachments:") && out.contains("largest"),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");

    // A second dry run gives the same Message-IDs: the send will use them.
    case.mail(&[]).ok();
    let again = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert_eq!(again.message_id, m001.message_id);
}

#[test]
fn dry_run_warns_about_heavy_messages_and_honours_html_reply_to_and_grid() {
    let case = Case::new();
    let event = case.event_folder(Some(MailSettings {
        from: "Équipe Séminaire <seminaire@coorace.example>".into(),
        reply_to: Some("Accueil <accueil@coorace.example>".into()),
        subject: "Carnet de {{ participant.full_name }}".into(),
        body: "Bonjour {{ participant.first_name }},\nvoici votre carnet.".into(),
        html: Some("<p>Bonjour {{ participant.organisation }}</p>".into()),
        attach_grid: true,
    }));
    let run = case
        .mail_in(&event, &["--only", "M001", "M004"])
        .args(["--max-size", "0.1"])
        .ok();
    let out = run.output();
    assert!(out.contains("2 messages to send"), "{out}");
    assert!(out.contains("over --max-size 0.10 MB"), "{out}");
    assert!(!case.path("outbox/m002.eml").exists(), "--only");

    let parsed = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert_eq!(parsed.subject, "Carnet de Hélène Dupré");
    assert_eq!(parsed.reply_to.as_deref(), Some("accueil@coorace.example"));
    assert_eq!(
        parsed.html.as_deref().map(str::trim),
        Some("<p>Bonjour Ariège Solidaire</p>")
    );
    assert!(
        parsed.text.contains("voici votre carnet."),
        "{}",
        parsed.text
    );
    assert_carries_booklet(&parsed, "M001");
    let grid = parsed
        .attachments
        .iter()
        .find(|(name, _, _)| name == "grille-vierge.pdf")
        .expect("the blank grid is attached");
    assert!(grid.2 == pack().grid, "the grid is the pack's");
}

#[test]
fn template_errors_and_a_missing_mail_section_are_explained() {
    let case = Case::new();
    let mut mail = EventConfig::parse(include_str!("../../content/event.yaml"))
        .unwrap()
        .mail
        .expect("the sample has a mail section");
    mail.body = "Bonjour {{ participant.prenom }},".into();
    let event = case.event_folder(Some(mail));
    let run = case.mail_in(&event, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("`mail.body`, line 1"), "{}", run.stderr);
    assert!(run.stderr.contains("participant.prenom"), "{}", run.stderr);
    assert!(
        run.stderr.contains("participant.first_name"),
        "the hint lists variables"
    );

    let event = case.event_folder(None);
    let run = case.mail_in(&event, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("no `mail:` section"), "{}", run.stderr);
    assert!(!case.path("outbox").exists(), "nothing written");
}

#[test]
fn sending_delivers_every_message_with_its_booklet() {
    let case = Case::new();
    case.mail(&[]).ok();
    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("5 of 5 messages"), "{}", run.output());

    let received = server.by_recipient();
    assert_eq!(received.len(), 5, "every participant with an email");
    for (id, address, _) in RECIPIENTS {
        let messages = &received[address];
        assert_eq!(messages.len(), 1, "{id}: once");
        assert_eq!(messages[0].to, address);
        assert_carries_booklet(&messages[0], id);
        // The dry run showed the very message that was sent.
        let dry =
            parse(&fs::read(case.path(&format!("outbox/{}.eml", id.to_lowercase()))).unwrap());
        assert_eq!(messages[0].message_id, dry.message_id, "{id}");
    }

    let journal = case.journal();
    assert_eq!(journal.len(), 10, "sending then sent, for each");
    for pair in journal.chunks(2) {
        assert_eq!(pair[0]["status"], "sending");
        assert_eq!(pair[1]["status"], "sent");
        for key in ["id", "to", "message_id", "sha256"] {
            assert_eq!(pair[0][key], pair[1][key], "{key}");
        }
        let id = pair[1]["id"].as_str().unwrap();
        assert_eq!(pair[1]["sha256"], pack().booklets[id].1.as_str());
        assert_eq!(pair[1]["to"], address(id));
        assert!(pair[1]["time"].as_str().unwrap().ends_with('Z'));
        assert!(pair[1]["reply"].as_str().unwrap().starts_with("250"));
    }
}

#[test]
fn a_rerun_after_full_success_sends_nothing_and_resend_sends_one_again() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    let run = case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5, "nothing sent twice");
    assert!(
        run.stdout.contains("Already sent, skipped: 5"),
        "{}",
        run.output()
    );
    let run = case.mail(&[]).ok();
    assert!(
        run.stdout.contains("Dry run: nothing to send."),
        "{}",
        run.output()
    );

    case.send(&server, &["--resend", "M002"]).ok();
    let received = server.by_recipient();
    assert_eq!(server.received().len(), 6, "M002 only, again");
    let ids: BTreeSet<&str> = received[address("M002")]
        .iter()
        .map(|m| m.message_id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "a resend is a new message: {ids:?}");
}

#[test]
fn a_sender_killed_mid_run_then_rerun_delivers_each_booklet_once() {
    let case = Case::new();
    let server = Server::start(Script {
        hold: Some(address("M003").into()),
        ..Script::default()
    });
    let mut child = case.send(&server, &[]).spawn();
    server.wait_for_held();
    // M003's message is on the server, its 250 not yet sent: kill now.
    child.kill().unwrap();
    let killed: Run = child.wait_with_output().unwrap().into();
    server.release();
    assert_ne!(killed.code, 0);

    let journal = case.journal();
    let last = journal.last().expect("records");
    assert_eq!(last["status"], "sending", "M003 in flight: {journal:?}");
    assert_eq!(last["id"], "M003");
    let in_flight = last["message_id"].as_str().unwrap().to_owned();
    // And a crash in the middle of writing the next record.
    let path = case.path("outbox/journal.jsonl");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("{\"status\":\"sent\",\"id\":\"M0");
    fs::write(&path, text).unwrap();

    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("3 of 3 messages"), "{}", run.output());
    run.says(&["cut short"]);

    let received = server.by_recipient();
    for (id, address, _) in RECIPIENTS {
        let messages = &received[address];
        let ids: BTreeSet<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
        assert_eq!(ids.len(), 1, "{id}: one Message-ID, got {ids:?}");
        let expected = if id == "M003" { 2 } else { 1 };
        assert_eq!(
            messages.len(),
            expected,
            "{id}: only the in-flight one twice"
        );
        for message in messages {
            assert_carries_booklet(message, id);
        }
    }
    assert_eq!(
        format!("<{}>", received[address("M003")][1].message_id),
        in_flight,
        "sent again with the same Message-ID"
    );
    let sent: BTreeSet<String> = case
        .journal()
        .iter()
        .filter(|r| r["status"] == "sent")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent.len(), 5, "the journal knows all five were sent");
}

#[test]
fn temporary_failures_are_tried_again() {
    let case = Case::new();
    let mut script = Script::default();
    script.rcpt.insert(address("M001").into(), vec![451]);
    script
        .data_end
        .insert(address("M002").into(), vec![451, 452]);
    // 421 closes the connection: a dropped connection.
    script.rcpt.insert(address("M004").into(), vec![421]);
    let server = Server::start(script);
    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("5 of 5 messages"), "{}", run.output());
    assert!(run.stderr.contains("451"), "{}", run.stderr);
    assert!(run.stderr.contains("trying again"), "{}", run.stderr);

    let received = server.by_recipient();
    for (id, address, _) in RECIPIENTS {
        assert_eq!(received[address].len(), 1, "{id}: delivered once");
        assert_carries_booklet(&received[address][0], id);
    }
}

#[test]
fn a_refused_recipient_is_reported_and_the_others_delivered() {
    let case = Case::new();
    let mut script = Script::default();
    script.refuse.insert(address("M002").into());
    let server = Server::start(script);
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stdout.contains("Refused by the server (1)"),
        "{}",
        run.output()
    );
    assert!(run.stdout.contains("M002"), "{}", run.output());
    assert!(run.stdout.contains("550"), "{}", run.output());
    assert!(run.stderr.contains("not delivered"), "{}", run.stderr);

    let received = server.by_recipient();
    assert_eq!(received.len(), 4, "the four others");
    assert!(!received.contains_key(address("M002")));
    assert!(
        case.journal()
            .iter()
            .any(|r| r["status"] == "refused" && r["id"] == "M002")
    );

    // A rerun does not knock again on the same door, and still says so.
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stdout.contains("M002"), "{}", run.output());
    assert_eq!(server.received().len(), 4);

    // Once the address is fixed on the server's side, --resend sends it.
    server.change(|script| script.refuse.clear());
    case.send(&server, &["--resend", "M002"]).ok();
    assert_eq!(server.by_recipient()[address("M002")].len(), 1);
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_changed_booklet_is_pointed_out_not_sent_again() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();

    // M001 moves to another workshop: a new booklet, a new pack.
    let roster = ROSTER.replace(
        "Atelier 1 – Gouvernance,Régie Nord Francilien",
        "Atelier 4 – Territoires,Régie Nord Francilien",
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    let rebuilt = build_pack(&roster);
    assert_ne!(rebuilt.booklets["M001"].1, pack().booklets["M001"].1);
    assert_eq!(rebuilt.booklets["M002"].1, pack().booklets["M002"].1);
    fs::write(case.path("pack.zip"), &rebuilt.zip).unwrap();

    let run = case.send(&server, &[]).ok();
    assert!(
        run.stdout
            .contains("M001 Hélène Dupré: booklet changed since it was sent on"),
        "{}",
        run.output()
    );
    assert!(run.stdout.contains("--resend M001"), "{}", run.output());
    assert_eq!(server.received().len(), 5, "not sent automatically");

    case.send(&server, &["--resend", "M001"]).ok();
    let messages = &server.by_recipient()[address("M001")];
    assert_eq!(messages.len(), 2);
    assert!(messages[1].attachments[0].2 == rebuilt.booklets["M001"].2);
}

#[test]
fn a_participant_missing_from_the_pack_is_reported() {
    let case = Case::new();
    let roster = format!(
        "{ROSTER}M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,,\n"
    );
    fs::write(case.path("roster.csv"), roster).unwrap();

    let run = case.mail(&[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stdout
            .contains("M007 Élise Roux: no booklet in the pack"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("M007 Élise Roux"), "{}", run.stderr);
    assert!(run.stderr.contains("carnet build"), "{}", run.stderr);
    assert!(
        !case.path("outbox/m007.eml").exists(),
        "no message for a stale booklet"
    );

    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    assert!(server.received().is_empty());
}

#[test]
fn unsafe_servers_and_unknown_ids_are_usage_errors() {
    let case = Case::new();
    let run = case
        .mail(&["--send", "--smtp", "smtp://mail.example.org:25"])
        .run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(
        run.stderr.contains("only allowed toward this machine"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("smtps://mail.example.org:465"),
        "{}",
        run.stderr
    );

    let run = case
        .mail(&["--send", "--smtp", "smtps://jeanne:s3cret@smtp.example.org"])
        .run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(
        run.stderr.contains("CARNET_SMTP_PASSWORD"),
        "{}",
        run.stderr
    );
    assert!(
        !run.output().contains("s3cret"),
        "the password is never echoed"
    );

    let run = case.mail(&["--only", "M999"]).run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(run.stderr.contains("M999"), "{}", run.stderr);
    assert!(!case.path("outbox").exists());
}

// ---------------------------------------------------------------- an event's life

/// The roster without its ID column: ids are made from the people.
fn without_ids(roster: &str) -> String {
    roster
        .lines()
        .map(|line| line.split_once(',').map_or(line, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The manifest of a pack of this case: id → (first name, data digest).
fn manifest(case: &Case, pack: &str) -> BTreeMap<String, csv::StringRecord> {
    let entries = case.unzip(pack);
    let mut reader = csv::Reader::from_reader(entries["manifest.csv"].as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "last_name",
            "first_name",
            "email",
            "file",
            "pages",
            "sha256",
            "data_sha256"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r)
        })
        .collect()
}

#[test]
fn a_typo_fixed_in_a_roster_without_ids_sends_nobody_a_second_message() {
    let case = Case::new();
    fs::write(case.path("roster.csv"), without_ids(ROSTER)).unwrap();
    case.build(&["--out", "pack.zip"]);
    let before = manifest(&case, "pack.zip");
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    // "Loire Intermédiaire" was misspelt: corrected, the id (made from the
    // name and organisation) changes.
    let corrected = without_ids(ROSTER).replace("Loire Intermédiaire", "Loire Intermédiaires");
    fs::write(case.path("roster.csv"), &corrected).unwrap();
    fs::copy(case.path("pack.zip"), case.path("sent.zip")).unwrap();
    let run = case.build(&["--since", "sent.zip", "--out", "fix.zip"]);
    assert!(
        run.stderr.contains("0 new, 1 changed, 0 removed"),
        "the correction is a change, not someone new and someone gone: {}",
        run.output()
    );
    case.build(&["--out", "pack.zip"]);
    let after = manifest(&case, "pack.zip");
    let old_id = before.iter().find(|(_, r)| &r[2] == "Benoît").unwrap().0;
    let new_id = after.iter().find(|(_, r)| &r[2] == "Benoît").unwrap().0;
    assert_ne!(old_id, new_id, "the id follows the organisation");

    let run = case.send(&server, &[]).ok();
    assert_eq!(
        server.received().len(),
        5,
        "nobody twice:\n{}",
        run.output()
    );
    assert!(
        run.stdout.contains(&format!(
            "{new_id} Benoît Chevalier: booklet changed since it was sent on"
        )) && run.stdout.contains(&format!("under the id {old_id}"))
            && run.stdout.contains(&format!("--resend {new_id}")),
        "{}",
        run.output()
    );

    case.send(&server, &["--resend", new_id]).ok();
    let messages = &server.by_recipient()[address("M002")];
    assert_eq!(messages.len(), 2, "the new booklet, when asked");
    assert_eq!(server.received().len(), 6);
}

#[test]
fn a_roster_changed_without_rebuilding_is_refused_by_name() {
    let case = Case::new();
    // M003 moves to another workshop; the pack is not rebuilt.
    let roster = ROSTER.replace("Atelier 3 – Nouveaux métiers", "Atelier 1 – Gouvernance");
    fs::write(case.path("roster.csv"), &roster).unwrap();

    let run = case.mail(&[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr.contains("M003 Aminata N'Diaye"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rebuild"), "{}", run.stderr);
    assert!(!case.path("outbox/m003.eml").exists());

    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("M003"), "{}", run.stderr);
    assert!(server.received().is_empty(), "nothing sent");

    // The others may go, M003 left out by name.
    case.send(&server, &["--only", "M001", "M002"]).ok();
    assert_eq!(server.received().len(), 2);
}

#[test]
fn the_journal_stays_with_the_event_whatever_the_pack() {
    let case = Case::new();
    let server = Server::start(Script::default());
    let send = |pack: &str, outbox: Option<&str>| {
        let mut args = vec![
            "mail",
            "--project",
            "sample",
            "--participants",
            "roster.csv",
            "--pack",
            pack,
        ];
        if let Some(outbox) = outbox {
            args.extend(["--outbox", outbox]);
        }
        let smtp = server.url();
        args.extend(["--send", "--smtp", &smtp, "--per-minute", "6000"]);
        Carnet::new(case.dir.path(), &args).run()
    };
    fs::create_dir_all(case.path("sample")).unwrap();
    let run = send("pack.zip", None);
    assert_eq!(run.code, 0, "{}", run.output());
    assert_eq!(server.received().len(), 5);
    assert!(case.path("sample/dist/outbox/journal.jsonl").exists());

    // The pack copied elsewhere: the event's journal still answers.
    fs::create_dir_all(case.path("elsewhere")).unwrap();
    fs::copy(case.path("pack.zip"), case.path("elsewhere/copy.zip")).unwrap();
    let run = send("elsewhere/copy.zip", None);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(
        run.stdout.contains("Already sent, skipped: 5"),
        "{}",
        run.output()
    );
    assert_eq!(server.received().len(), 5);

    // Another journal for the same event: refused before anything is sent.
    let run = send("elsewhere/copy.zip", Some("elsewhere/outbox"));
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr
            .contains("this event's messages are recorded in the journal")
            && run.stderr.contains("--outbox"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received().len(), 5);

    // The journal deleted: a new one would send everyone again.
    fs::remove_dir_all(case.path("sample/dist/outbox")).unwrap();
    let run = send("pack.zip", None);
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("was deleted"), "{}", run.stderr);
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_pack_the_journal_has_never_seen_is_pointed_out() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    let other = "\
ID,Nom,Prénom,Structure,Ville,Profil,Email,Atelier,Visite
Q1,Autre,Anne,Ailleurs,Lyon,Invitée,anne.autre@example.org,,
";
    fs::write(case.path("other.csv"), other).unwrap();
    Carnet::new(
        case.dir.path(),
        &[
            "build",
            "--project",
            "sample",
            "--participants",
            "other.csv",
            "--out",
            "other.zip",
        ],
    )
    .ok();
    fs::write(case.path("roster.csv"), other).unwrap();
    fs::copy(case.path("other.zip"), case.path("pack.zip")).unwrap();
    let run = case.mail(&[]).ok();
    assert!(
        run.stdout.contains("none for the booklet of pack.zip")
            && run.stdout.contains("check that this is the event meant"),
        "{}",
        run.output()
    );
    // Another event's pack, in this event's folder: its booklets were made
    // from other content, and are refused as stale.
    let elsewhere = case.path("elsewhere");
    fs::create_dir_all(elsewhere.join("content")).unwrap();
    let yaml = fs::read_to_string(repo().join("content/event.yaml")).unwrap();
    let yaml = yaml.replacen("name:", "name: Autre séminaire —", 1);
    fs::write(elsewhere.join("content/event.yaml"), yaml).unwrap();
    Carnet::new(
        case.dir.path(),
        &[
            "build",
            "--project",
            "elsewhere",
            "--participants",
            "other.csv",
            "--out",
            "pack.zip",
        ],
    )
    .ok();
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr.contains("Q1 Anne Autre") && run.stderr.contains("rebuild"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_new_address_is_a_new_recipient_and_said_so() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    let roster = ROSTER.replace(address("M004"), "v.perrin@nouveau.example.org");
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--out", "pack.zip"]);

    let run = case.send(&server, &[]).ok();
    assert!(
        run.stderr.contains("M004") || run.stdout.contains("M004"),
        "{}",
        run.output()
    );
    let received = server.received();
    assert_eq!(received.len(), 6, "{}", run.output());
    assert_eq!(received[5].to, ["v.perrin@nouveau.example.org"]);
    let run = case.mail(&[]).ok();
    assert!(run.stdout.contains("nothing to send"), "{}", run.output());

    let dry = {
        let roster = roster.replace("v.perrin@nouveau.example.org", "vp@troisieme.example.org");
        fs::write(case.path("roster.csv"), roster).unwrap();
        case.build(&["--out", "pack.zip"]);
        case.mail(&[]).ok()
    };
    assert!(
        dry.stdout
            .contains("to a new address: the booklet went to v.perrin@nouveau.example.org"),
        "{}",
        dry.output()
    );
}

#[test]
fn late_registrants_get_a_supplement_and_only_their_messages() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    let roster = format!(
        "{ROSTER}\
M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,Atelier 2 – Coopérations,
M008,Petit,Louis,Envie Anjou,Angers,Invité,louis.petit@anjou.example.org,,Régie Nord Francilien
"
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    let run = case.build(&["--since", "pack.zip", "--out", "late.zip", "--skip", "3"]);
    assert!(
        run.stderr
            .contains("2 new, 0 changed, 0 removed since pack.zip"),
        "{}",
        run.output()
    );
    let entries = case.unzip("late.zip");
    let booklets: Vec<&str> = entries
        .keys()
        .filter(|name| name.starts_with("booklets/"))
        .map(String::as_str)
        .collect();
    assert_eq!(booklets.len(), 2, "{booklets:?}");
    assert!(
        booklets
            .iter()
            .all(|b| b.starts_with("booklets/m007-") || b.starts_with("booklets/m008-"))
    );
    let late = manifest(&case, "late.zip");
    assert_eq!(late.keys().collect::<Vec<_>>(), ["M007", "M008"]);
    for name in [
        "badges.pdf",
        "emargement.pdf",
        "print/booklets-a4.pdf",
        "grids/grille-vierge.pdf",
    ] {
        assert!(entries.contains_key(name), "{name}");
    }
    assert!(entries.contains_key("grids/visite-regie-nord-francilien.pdf"));
    let report = String::from_utf8(entries["report.txt"].clone()).unwrap();
    assert!(
        report.contains("Supplement since pack.zip: 2 new, 0 changed, 0 removed, 6 unchanged"),
        "{report}"
    );
    assert!(report.contains("new      M007 Élise Roux"), "{report}");

    let text = |name: &str| {
        let bytes = &entries[name];
        pdf_extract::extract_text_from_mem(bytes).unwrap()
    };
    let badges = text("badges.pdf");
    assert!(
        badges.contains("Roux") && badges.contains("Petit"),
        "{badges}"
    );
    assert!(
        !badges.contains("Dupré"),
        "only the late registrants' badges"
    );
    let attendance = text("emargement.pdf");
    assert!(
        attendance.contains("Dupré") && attendance.contains("Roux"),
        "everyone signs"
    );

    // The mail reaches just them.
    fs::copy(case.path("pack.zip"), case.path("full.zip")).unwrap();
    fs::copy(case.path("late.zip"), case.path("pack.zip")).unwrap();
    let run = case.send(&server, &[]).ok();
    let received = server.received();
    assert_eq!(received.len(), 7, "{}", run.output());
    let to: BTreeSet<&str> = received[5..].iter().map(|r| r.to[0].as_str()).collect();
    assert_eq!(
        to,
        BTreeSet::from([
            "elise.roux@anjou.example.org",
            "louis.petit@anjou.example.org"
        ])
    );
    assert!(
        run.stdout
            .contains("Not in this pack, unchanged since sent: 5"),
        "{}",
        run.output()
    );

    // Nothing new since the supplement's own roster: nothing to build.
    let run = case.build(&["--since", "full.zip", "--out", "again.zip"]);
    assert!(run.stderr.contains("2 new"), "{}", run.output());
    let run = case.build(&["--out", "full.zip"]);
    assert!(run.stderr.contains("8 booklets"), "{}", run.output());
    let run = case.build(&["--since", "full.zip", "--out", "none.zip"]);
    assert!(run.stderr.contains("nothing to build"), "{}", run.output());
    assert!(!case.path("none.zip").exists());
}

#[test]
fn a_dry_run_replaces_what_a_stopped_one_left_half_written() {
    let case = Case::new();
    fs::create_dir_all(case.path("outbox")).unwrap();
    fs::write(case.path("outbox/.carnet-x1.eml.part"), "From: half").unwrap();
    case.mail(&[]).ok();
    let names: Vec<String> = fs::read_dir(case.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".eml")).count(), 5);
}

#[test]
fn a_supplement_leaves_out_a_changed_booklet_with_a_word_not_a_refusal() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    // M003 changes workshop; the full pack is rebuilt, not resent.
    let roster = ROSTER.replace("Atelier 3 – Nouveaux métiers", "Atelier 1 – Gouvernance");
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--out", "printed.zip"]);
    // Then a late registrant, and a supplement since the printed pack.
    let roster = format!(
        "{roster}M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,,\n"
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--since", "printed.zip", "--out", "pack.zip"]);

    let run = case.send(&server, &[]).ok();
    let received = server.received();
    assert_eq!(received.len(), 6, "{}", run.output());
    assert_eq!(received[5].to, ["elise.roux@anjou.example.org"]);
    assert!(
        run.stdout
            .contains("M003 Aminata N'Diaye: booklet changed since it was sent on")
            && run.stdout.contains("this pack has none for them"),
        "{}",
        run.output()
    );
}
