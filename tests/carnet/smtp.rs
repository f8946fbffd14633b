//! `carnet mail --send` over TLS, as organisations' servers ask for it: the
//! binary against an SMTP server on 127.0.0.1 that speaks STARTTLS or TLS
//! from the first byte, wants a login, and shows a certificate made by the
//! test — signed by a CA of the test's own, which carnet is given with
//! `--ca-file`, `CARNET_SMTP_CA_FILE` or `SSL_CERT_FILE`, or not at all; for
//! another name; out of date.
//!
//! The server is mailin's SMTP state machine behind a `TcpListener` and
//! rustls. It counts its connections and logins, keeps every message it
//! accepts with the connection it came through, and follows a script:
//! refuse at MAIL FROM, RCPT TO or the end of the data, or hang up after a
//! message's data without answering.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread;
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder, response};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use crate::support::{Carnet, Pack, Run, build_pack};

/// Five participants with an email.
const ROSTER: &str = "\
ID,Nom,Prénom,Structure,Ville,Profil,Email,Atelier,Visite
M001,Dupré,Hélène,Ariège Solidaire,Foix,Directrice,helene.dupre@ariege.example.org,Atelier 1 – Gouvernance,
M002,Chevalier,Benoît,Loire Intermédiaire,Orléans,Invité,benoit.chevalier@loire.example.org,Atelier 2 – Coopérations,
M003,N'Diaye,Aminata,Le Grenier Solidaire,Lorient,Salarié en parcours,aminata.ndiaye@grenier.example.org,Atelier 3 – Nouveaux métiers,
M004,Perrin,Valérie,Coup de Main,Rennes,Administratrice,valerie.perrin@coupdemain.example.org,,
M005,Lefèvre,Zoé,Envie Touraine,Tours,Salariée permanente,zoe.lefevre@envie.example.org,Atelier 1 – Gouvernance,
";

/// The participants: id and address.
const RECIPIENTS: [(&str, &str); 5] = [
    ("M001", "helene.dupre@ariege.example.org"),
    ("M002", "benoit.chevalier@loire.example.org"),
    ("M003", "aminata.ndiaye@grenier.example.org"),
    ("M004", "valerie.perrin@coupdemain.example.org"),
    ("M005", "zoe.lefevre@envie.example.org"),
];

/// The login the server accepts.
const USER: &str = "seminaire@coorace.example";
const PASSWORD: &str = "pw-Zq8#tls";

fn address(id: &str) -> &'static str {
    RECIPIENTS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, a)| *a)
        .expect("a participant")
}

// ---------------------------------------------------------------- the pack

/// The pack of [`ROSTER`], built once for all tests.
fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| build_pack(ROSTER))
}

// ---------------------------------------------------------------- certificates

/// A certificate authority of the test's own, as an organisation runs one.
struct Authority {
    params: CertificateParams,
    key: KeyPair,
    pem: String,
}

impl Authority {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().unwrap();
        let pem = params.self_signed(&key).unwrap().pem();
        Self { params, key, pem }
    }

    /// A server certificate for `names`, valid from `from` to `to` (years).
    fn issue(&self, names: &[&str], years: Option<(i32, i32)>) -> Certified {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = CertificateParams::new(names.clone()).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, &names[0]);
        if let Some((from, to)) = years {
            params.not_before = rcgen::date_time_ymd(from, 1, 1);
            params.not_after = rcgen::date_time_ymd(to, 1, 1);
        }
        let key = KeyPair::generate().unwrap();
        let issuer = Issuer::from_params(&self.params, &self.key);
        let certificate = params.signed_by(&key, &issuer).unwrap();
        Certified {
            chain: vec![certificate.der().clone()],
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }
}

/// What the server shows: its certificate and the key that goes with it.
struct Certified {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl Certified {
    fn config(self) -> Arc<ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(self.chain, self.key)
            .unwrap();
        Arc::new(config)
    }
}

// ---------------------------------------------------------------- the server

/// How the server protects the connection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `smtp://…?tls=required`: plain, then STARTTLS.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Tls,
}

/// What the server answers besides "OK".
#[derive(Default)]
struct Script {
    /// The reply to every MAIL FROM.
    mail: Option<(u16, &'static str)>,
    /// The reply to the end of every message's data.
    data_end: Option<(u16, &'static str)>,
    /// Replies to RCPT TO, by address.
    rcpt: BTreeMap<&'static str, (u16, &'static str)>,
    /// An address whose first message is received, and the connection
    /// closed without a reply.
    hang_up_after: Option<&'static str>,
}

/// A message the server accepted.
#[derive(Clone)]
struct Received {
    to: Vec<String>,
    bytes: Vec<u8>,
    /// The connection it came through, counting from 1.
    connection: usize,
}

#[derive(Default)]
struct State {
    script: Script,
    received: Vec<Received>,
    /// Connections accepted.
    connections: usize,
    /// Logins accepted, and the connection of each.
    logins: Vec<usize>,
    hung_up: bool,
}

type Shared = Arc<Mutex<State>>;

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// An SMTP server on 127.0.0.1, on a port the system chose.
struct Server {
    port: u16,
    mode: Mode,
    shared: Shared,
}

impl Server {
    fn start(mode: Mode, certified: Certified, script: Script) -> Self {
        let config = certified.config();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared: Shared = Arc::new(Mutex::new(State {
            script,
            ..State::default()
        }));
        let accepting = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let number = {
                    let mut state = lock(&accepting);
                    state.connections += 1;
                    state.connections
                };
                let (shared, config) = (accepting.clone(), config.clone());
                thread::spawn(move || {
                    let _ = serve(stream, mode, config, shared, number);
                });
            }
        });
        Self { port, mode, shared }
    }

    /// The URL for `--smtp`: the certificates are for `localhost`.
    fn url(&self) -> String {
        match self.mode {
            Mode::StartTls => format!("smtp://localhost:{}?tls=required", self.port),
            Mode::Tls => format!("smtps://localhost:{}", self.port),
        }
    }

    fn received(&self) -> Vec<Received> {
        lock(&self.shared).received.clone()
    }

    fn connections(&self) -> usize {
        lock(&self.shared).connections
    }

    fn logins(&self) -> Vec<usize> {
        lock(&self.shared).logins.clone()
    }

    /// Each participant's messages: their Message-IDs.
    fn message_ids(&self) -> BTreeMap<String, Vec<String>> {
        let mut by = BTreeMap::<String, Vec<String>>::new();
        for message in self.received() {
            assert_eq!(message.to.len(), 1, "one recipient per message");
            let (id, _) = RECIPIENTS
                .iter()
                .find(|(_, a)| *a == message.to[0])
                .expect("a participant's address");
            let parsed = MessageParser::default().parse(&message.bytes).unwrap();
            by.entry(id.to_string())
                .or_default()
                .push(parsed.message_id().expect("a Message-ID").to_owned());
        }
        by
    }

    fn change(&self, change: impl FnOnce(&mut Script)) {
        change(&mut lock(&self.shared).script);
    }
}

/// The connection, plain or encrypted.
enum Wire {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Wire {
    fn encrypt(tcp: TcpStream, config: &Arc<ServerConfig>) -> io::Result<Self> {
        let connection = ServerConnection::new(config.clone()).map_err(io::Error::other)?;
        Ok(Wire::Tls(Box::new(StreamOwned::new(connection, tcp))))
    }
}

impl Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.read(buf),
            Wire::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Wire::Plain(s) => s.write(buf),
            Wire::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Wire::Plain(s) => s.flush(),
            Wire::Tls(s) => s.flush(),
        }
    }
}

/// One SMTP session: lines in, mailin's replies out.
fn serve(
    tcp: TcpStream,
    mode: Mode,
    config: Arc<ServerConfig>,
    shared: Shared,
    number: usize,
) -> io::Result<()> {
    let ip = tcp.peer_addr()?.ip();
    let mut builder = SessionBuilder::new("smtp.test.example");
    builder.enable_auth(AuthMechanism::Plain);
    if mode == Mode::StartTls {
        builder.enable_start_tls();
    }
    let hang_up = Rc::new(Cell::new(false));
    let inbox = || Inbox {
        shared: shared.clone(),
        connection: number,
        hang_up: hang_up.clone(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = builder.build(ip, inbox());
    let mut reader = match mode {
        Mode::Tls => {
            session.tls_active();
            BufReader::new(Wire::encrypt(tcp, &config)?)
        }
        Mode::StartTls => BufReader::new(Wire::Plain(tcp)),
    };
    session.greeting().write_to(reader.get_mut())?;
    // The lines that brought the session where it is, to start a new one
    // there: mailin's RSET forgets the login, and after a refused end of
    // data it stays in its DATA state, where a real server ends the
    // transaction.
    let mut hello: Option<Vec<u8>> = None;
    let mut login: Option<Vec<u8>> = None;
    let mut in_data = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let command = line.to_ascii_uppercase();
        if !in_data && command == b"QUIT\r\n" {
            return reader.get_mut().write_all(b"221 Bye\r\n");
        }
        if !in_data && command == b"RSET\r\n" {
            session = resumed(&builder, inbox(), &[&hello, &login]);
            reader.get_mut().write_all(b"250 OK\r\n")?;
            continue;
        }
        let reply = session.process(&line);
        if hang_up.get() {
            // The message is in, the answer never goes out.
            return Ok(());
        }
        if command.starts_with(b"EHLO") && reply.code == 250 {
            hello = Some(line.clone());
        }
        if command.starts_with(b"AUTH") && reply.code == 235 {
            login = Some(line.clone());
            lock(&shared).logins.push(number);
        }
        if in_data && line == b".\r\n" {
            in_data = false;
            if reply.is_error {
                reply.write_to(reader.get_mut())?;
                session = resumed(&builder, inbox(), &[&hello, &login]);
                continue;
            }
        } else if reply.code == 354 {
            in_data = true;
        }
        match reply.action {
            Action::Reply => reply.write_to(reader.get_mut())?,
            Action::Close => return reply.write_to(reader.get_mut()),
            Action::UpgradeTls => {
                reply.write_to(reader.get_mut())?;
                let Wire::Plain(tcp) = reader.into_inner() else {
                    return Ok(());
                };
                reader = BufReader::new(Wire::encrypt(tcp, &config)?);
                session.tls_active();
            }
            Action::NoReply => {}
        }
    }
}

/// A new mailin session where the client's had come: greeted, encrypted,
/// logged in (`lines`: its EHLO and AUTH).
fn resumed(
    builder: &SessionBuilder,
    inbox: Inbox,
    lines: &[&Option<Vec<u8>>],
) -> mailin::Session<Inbox> {
    let ip = std::net::Ipv4Addr::LOCALHOST.into();
    let mut session = builder.build(ip, inbox);
    session.tls_active();
    for line in lines.iter().copied().flatten() {
        session.process(line);
    }
    session
}

/// The handler of one connection.
struct Inbox {
    shared: Shared,
    connection: usize,
    /// Set when the script says to hang up instead of answering.
    hang_up: Rc<Cell<bool>>,
    to: Vec<String>,
    data: Vec<u8>,
}

fn scripted(reply: Option<(u16, &str)>) -> Option<Response> {
    reply.map(|(code, text)| Response::custom(code, text.to_owned()))
}

impl Handler for Inbox {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        scripted(lock(&self.shared).script.mail).unwrap_or(response::OK)
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let state = lock(&self.shared);
        scripted(state.script.rcpt.get(to).copied()).unwrap_or(response::OK)
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
        if let Some(reply) = scripted(state.script.data_end) {
            return reply;
        }
        state.received.push(Received {
            to: self.to.clone(),
            bytes: std::mem::take(&mut self.data),
            connection: self.connection,
        });
        let hang_up = state.script.hang_up_after;
        if !state.hung_up && hang_up.is_some_and(|a| self.to.iter().any(|t| t == a)) {
            state.hung_up = true;
            self.hang_up.set(true);
        }
        response::OK
    }

    fn auth_plain(&mut self, _authorization: &str, user: &str, password: &str) -> Response {
        match user == USER && password == PASSWORD {
            true => response::AUTH_OK,
            false => response::INVALID_CREDENTIALS,
        }
    }
}

// ---------------------------------------------------------------- running carnet

/// A folder with the roster, the pack, the CA's file, an empty store of
/// certificates standing for the system's, and an outbox.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(authority: &Authority) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
        fs::write(dir.path().join("pack.zip"), &pack().zip).unwrap();
        fs::write(dir.path().join("ca.pem"), &authority.pem).unwrap();
        fs::write(dir.path().join("no-certificates.pem"), "").unwrap();
        fs::create_dir_all(dir.path().join("no-certificates")).unwrap();
        fs::create_dir_all(dir.path().join("sample")).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `carnet mail --send` through `server`, logged in, as fast as allowed,
    /// trusting no system store unless `env` names one.
    fn send(&self, server: &Server, args: &[&str], env: &[(&str, PathBuf)]) -> Run {
        let mut command = Carnet::new(
            self.dir.path(),
            &[
                "mail",
                "--project",
                "sample",
                "--participants",
                "roster.csv",
            ],
        )
        .args(["--pack", "pack.zip", "--outbox", "outbox", "--send"])
        .args(["--smtp", &server.url(), "--per-minute", "6000"])
        .args(args)
        .env("CARNET_SMTP_USER", USER)
        .env("CARNET_SMTP_PASSWORD", PASSWORD)
        .env("SSL_CERT_FILE", self.path("no-certificates.pem"))
        .env("SSL_CERT_DIR", self.path("no-certificates"));
        for (name, value) in env {
            command = command.env(name, value);
        }
        command.run()
    }

    /// `send` with the CA given by `--ca-file`.
    fn send_trusting(&self, server: &Server) -> Run {
        let ca = self.path("ca.pem");
        self.send(server, &["--ca-file", ca.to_str().unwrap()], &[])
    }

    /// The journal's records: (status, id, message_id).
    fn journal(&self) -> Vec<(String, String, String)> {
        let text = fs::read_to_string(self.path("outbox/journal.jsonl")).unwrap_or_default();
        text.lines()
            .map(|line| {
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                let field = |name: &str| record[name].as_str().unwrap_or_default().to_owned();
                (field("status"), field("id"), field("message_id"))
            })
            .collect()
    }

    /// Each participant's last status in the journal.
    fn standing(&self) -> BTreeMap<String, String> {
        self.journal()
            .into_iter()
            .map(|(status, id, _)| (id, status))
            .collect()
    }
}

/// Checks that each participant got exactly one message, with their
/// booklet byte for byte.
#[track_caller]
fn assert_each_got_their_booklet_once(server: &Server) {
    let received = server.received();
    for (id, address) in RECIPIENTS {
        let theirs: Vec<&Received> = received.iter().filter(|m| m.to == [address]).collect();
        assert_eq!(theirs.len(), 1, "{id}: one message");
        let parsed = MessageParser::default().parse(&theirs[0].bytes).unwrap();
        let booklet = &pack().booklets[id].2;
        assert!(
            parsed
                .attachments()
                .any(|part| part.contents() == booklet.as_slice()
                    && part.attachment_name().is_some_and(|n| n.ends_with(".pdf"))),
            "{id}: the booklet, byte for byte"
        );
    }
}

#[track_caller]
fn assert_ok(run: &Run) {
    assert_eq!(run.code, 0, "carnet failed:\n{}", run.output());
}

// ---------------------------------------------------------------- the tests

#[test]
fn starttls_with_the_ca_file_sends_everything_through_one_connection_logged_in_once() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["localhost"], None),
        Script::default(),
    );
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_ok(&run);
    assert_each_got_their_booklet_once(&server);
    assert_eq!(server.connections(), 1, "one connection:\n{}", run.output());
    assert_eq!(server.logins(), [1], "one login, on that connection");
    assert!(server.received().iter().all(|m| m.connection == 1));
    assert!(case.standing().values().all(|s| s == "sent"));

    let again = case.send_trusting(&server);
    assert_ok(&again);
    assert_eq!(server.received().len(), 5, "nothing sent twice");
}

#[test]
fn tls_with_the_ca_file_from_the_environment() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(Mode::Tls, ca.issue(&["localhost"], None), Script::default());
    let case = Case::new(&ca);
    let run = case.send(
        &server,
        &[],
        &[("CARNET_SMTP_CA_FILE", case.path("ca.pem"))],
    );
    assert_ok(&run);
    assert_each_got_their_booklet_once(&server);
    assert_eq!((server.connections(), server.logins()), (1, vec![1]));
}

#[test]
fn the_system_store_named_by_ssl_cert_file_is_trusted() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["localhost"], None),
        Script::default(),
    );
    let case = Case::new(&ca);
    let run = case.send(&server, &[], &[("SSL_CERT_FILE", case.path("ca.pem"))]);
    assert_ok(&run);
    assert_each_got_their_booklet_once(&server);
}

#[test]
fn a_system_store_named_but_missing_is_refused() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(Mode::Tls, ca.issue(&["localhost"], None), Script::default());
    let case = Case::new(&ca);
    let missing = case.path("missing.pem");
    let run = case.send(&server, &[], &[("SSL_CERT_FILE", missing)]);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["SSL_CERT_FILE="]);
    assert_eq!(server.connections(), 0);
}

#[test]
fn an_unknown_authority_stops_the_run_at_once() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(Mode::Tls, ca.issue(&["localhost"], None), Script::default());
    let case = Case::new(&ca);
    let run = case.send(&server, &[], &[]);
    eprintln!("stopped on an unknown authority in {:?}", run.took);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&[
        "unknown authority",
        "give your organisation's CA with --ca-file FILE or CARNET_SMTP_CA_FILE",
    ]);
    assert!(!run.output().contains("trying again"), "{}", run.output());
    assert!(run.took < Duration::from_secs(10), "took {:?}", run.took);
    assert_eq!(server.connections(), 1, "no second try");
    assert!(server.received().is_empty() && server.logins().is_empty());
    assert!(
        !case
            .standing()
            .values()
            .any(|s| s == "sent" || s == "refused")
    );
}

#[test]
fn a_certificate_for_another_name_is_named_in_the_hint() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["mail.coorace.example"], None),
        Script::default(),
    );
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&[
        "the server's certificate is for mail.coorace.example, not for localhost",
        "smtps://mail.coorace.example:465",
    ]);
    assert_eq!(server.connections(), 1);
    assert!(server.received().is_empty());
}

#[test]
fn an_expired_certificate_says_when_it_expired() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::Tls,
        ca.issue(&["localhost"], Some((2020, 2021))),
        Script::default(),
    );
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["the server's certificate expired on 2021-01-01", "renew"]);
    assert_eq!(server.connections(), 1);
}

/// A quota refusal stops the run; the participants it did not reach are
/// not marked refused, and a rerun sends each of them once.
#[track_caller]
fn a_quota_stops_the_run(script: Script) {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(Mode::StartTls, ca.issue(&["localhost"], None), script);
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["550 5.4.5 Daily sending quota exceeded", "quota is reached"]);
    assert!(server.received().is_empty());
    assert_eq!(server.connections(), 1, "no retry of a refusal");
    let standing = case.standing();
    assert!(standing.values().all(|s| s != "refused"), "{standing:?}");
    assert!(standing.values().all(|s| s != "sent"), "{standing:?}");

    server.change(|script| *script = Script::default());
    let rerun = case.send_trusting(&server);
    assert_ok(&rerun);
    assert_each_got_their_booklet_once(&server);
    assert!(case.standing().values().all(|s| s == "sent"));
}

#[test]
fn a_quota_at_mail_from_stops_the_run_and_a_rerun_sends_the_rest() {
    a_quota_stops_the_run(Script {
        mail: Some((550, "5.4.5 Daily sending quota exceeded")),
        ..Script::default()
    });
}

#[test]
fn a_quota_after_the_data_stops_the_run_and_a_rerun_sends_the_rest() {
    a_quota_stops_the_run(Script {
        data_end: Some((550, "5.4.5 Daily sending quota exceeded")),
        ..Script::default()
    });
}

#[test]
fn an_unknown_recipient_is_refused_and_the_others_go_through_the_same_connection() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["localhost"], None),
        Script {
            rcpt: BTreeMap::from([(address("M002"), (550, "5.1.1 no such user"))]),
            ..Script::default()
        },
    );
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["550 5.1.1 no such user"]);
    let standing = case.standing();
    assert_eq!(standing["M002"], "refused", "{standing:?}");
    for id in ["M001", "M003", "M004", "M005"] {
        assert_eq!(standing[id], "sent", "{id}");
    }
    let ids = server.message_ids();
    assert!(!ids.contains_key("M002"));
    assert_eq!(ids.len(), 4);
    assert_eq!(server.connections(), 1, "RSET, not a new connection");
}

#[test]
fn a_message_unanswered_after_its_data_is_sent_again_with_the_same_message_id() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["localhost"], None),
        Script {
            hang_up_after: Some(address("M002")),
            ..Script::default()
        },
    );
    let case = Case::new(&ca);
    let run = case.send_trusting(&server);
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&[
        "M002: no answer after the message was sent",
        "1 message was sent but never answered",
    ]);
    let standing = case.standing();
    assert_eq!(standing["M002"], "sending", "{standing:?}");
    for id in ["M001", "M003", "M004", "M005"] {
        assert_eq!(standing[id], "sent", "{id}: the run went on");
    }
    assert_eq!(server.connections(), 2, "a new connection after the drop");
    assert_eq!(server.logins(), [1, 2]);

    let rerun = case.send_trusting(&server);
    assert_ok(&rerun);
    let ids = server.message_ids();
    for id in ["M001", "M003", "M004", "M005"] {
        assert_eq!(ids[id].len(), 1, "{id}: not sent twice");
    }
    let journaled = case
        .journal()
        .into_iter()
        .find(|(_, id, _)| id == "M002")
        .map(|(_, _, message_id)| message_id)
        .unwrap();
    assert_eq!(ids["M002"].len(), 2, "M002: sent again");
    assert!(
        ids["M002"].iter().all(|m| journaled.contains(m.as_str())),
        "M002: the same Message-ID, {journaled}: {:?}",
        ids["M002"]
    );
    assert_eq!(case.standing()["M002"], "sent");
}

#[test]
fn a_wrong_password_stops_the_run_without_showing_it() {
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(Mode::Tls, ca.issue(&["localhost"], None), Script::default());
    let case = Case::new(&ca);
    let run = case.send(
        &server,
        &["--ca-file", case.path("ca.pem").to_str().unwrap()],
        &[("CARNET_SMTP_PASSWORD", PathBuf::from("wrong-Kx9"))],
    );
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["stopped while logging in"]);
    assert!(!run.output().contains("wrong-Kx9") && !run.output().contains(PASSWORD));
    assert_eq!(server.connections(), 1);
    assert!(server.received().is_empty());
}

#[test]
fn the_desk_sends_with_a_login_typed_in_the_page_held_in_memory_only() {
    use crate::serve::{serve_with, token_of};
    let ca = Authority::new("Coorace IT CA");
    let server = Server::start(
        Mode::StartTls,
        ca.issue(&["localhost"], None),
        Script::default(),
    );
    let case = Case::new(&ca);
    let pack_path = case.path("sample/dist/seminaire-qualite-2013.zip");
    fs::create_dir_all(pack_path.parent().unwrap()).unwrap();
    fs::write(&pack_path, &pack().zip).unwrap();
    let desk = serve_with(
        Carnet::new(
            case.dir.path(),
            &["serve", "--port", "0", "--project", "sample"],
        )
        .args(["--participants", "roster.csv"])
        .env("CARNET_SMTP_CA_FILE", case.path("ca.pem"))
        .env("SSL_CERT_FILE", case.path("no-certificates.pem"))
        .env("SSL_CERT_DIR", case.path("no-certificates")),
    );
    let page = desk.get("/mail", "en").text();
    let token = token_of(&page);
    desk.post("/mail/review", &format!("token={token}"));
    let page = desk.wait_for("/mail", "name=\"password\"").text();
    let reviewed = page
        .split("name=\"reviewed\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let form = |user: &str, password: &str| {
        format!(
            "token={token}&reviewed={reviewed}&smtp={}&user={}&password={}&per_minute=6000",
            encode(&server.url()),
            encode(user),
            encode(password)
        )
    };
    assert_eq!(
        desk.post("/mail/send", &form(USER, "")).status,
        422,
        "a user without a password is refused"
    );
    assert_eq!(desk.post("/mail/send", &form(USER, PASSWORD)).status, 303);
    let page = desk.wait_for("/mail", "Envoi terminé").text();
    assert!(page.contains("5 of 5 messages"), "{page}");
    assert_each_got_their_booklet_once(&server);
    assert_eq!(server.logins(), [1], "logged in with the typed login");
    assert!(
        page.contains("Oublier l’identifiant"),
        "the login is held: {page}"
    );

    let english = desk.get("/mail", "en").text();
    assert!(
        !page.contains(PASSWORD) && !english.contains(PASSWORD),
        "never shown back"
    );
    assert!(
        !english.contains("value=\"seminaire@"),
        "nor the user in a field"
    );
    assert_eq!(
        desk.post("/mail/forget", &format!("token={token}")).status,
        303
    );
    let page = desk.get("/mail", "en").text();
    assert!(!page.contains("Forget the login"), "forgotten: {page}");

    let said = desk.stop();
    assert!(!said.contains(PASSWORD), "not in the desk's output: {said}");
    let mut pending = vec![case.dir.path().to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(fs::read_dir(&path).unwrap().flatten().map(|e| e.path()));
        } else {
            let bytes = fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(PASSWORD.len())
                    .any(|w| w == PASSWORD.as_bytes()),
                "{} holds the password",
                path.display()
            );
        }
    }
}
