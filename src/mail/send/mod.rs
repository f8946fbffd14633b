//! Handing messages to an SMTP server, safely.
//!
//! The booklets carry people's names and the organiser's password crosses
//! the network, so carnet speaks TLS (`smtps://`) or STARTTLS
//! (`smtp://…?tls=required`) to any server but this machine, and takes the
//! credentials from the environment only (a command line shows in the
//! process list and the shell history).
//!
//! **Whom to trust.** An organisation's server may show a certificate from a
//! public authority or from the organisation's own. carnet trusts the roots
//! bundled with it (Mozilla's, through webpki-roots), the system's store
//! (where OpenSSL looks, or `SSL_CERT_FILE` and `SSL_CERT_DIR` when set) and a
//! private CA given with `--ca-file` (`CARNET_SMTP_CA_FILE`). A refused
//! certificate does not go away by waiting, so the run stops at the first
//! connection and says what was wrong: an unknown authority, a date, a name.
//!
//! **One connection.** The messages of a run go through one connection,
//! logged in once: a server counts logins and sessions, and a TLS handshake
//! per message costs more than the message. RSET clears a transaction that a
//! refusal left half-way; a new connection replaces one the server closed
//! and, every [`MESSAGES_PER_CONNECTION`] messages, one that has carried its
//! share; QUIT ends it. carnet speaks through lettre's [`SmtpConnection`],
//! one command at a time, so that it knows which step a reply answers (MAIL
//! FROM, RCPT TO or DATA) — lettre's transport only says that the whole
//! exchange failed.
//!
//! **Failures** call for different answers:
//! - a temporary one (a 4xx reply, a dropped or refused connection, a
//!   timeout) is tried again after a growing delay;
//! - a refusal (5xx) that concerns this recipient refuses this message, and
//!   the others go on. At RCPT TO: an enhanced status code (RFC 3463) of
//!   addressing (5.1.x), of the mailbox (5.2.x), of routing (5.4.4) or of a
//!   disabled or changed account (5.7.13, 5.7.17, 5.7.18), or, without one,
//!   a 550, 551, 552 or 553. After DATA, the same codes, and for this
//!   message's size 5.3.4 or a 552 without an enhanced code;
//! - a refusal that concerns every message stops the run: the login, the
//!   sender (any 5xx at MAIL FROM), a quota (5.4.5), the server's system
//!   (5.3.x), the protocol (5.5.x), the content (5.6.x), a policy or security
//!   check (any other 5.7.x: relaying, SPF, DKIM, spam). The participants
//!   not yet sent stay so in the journal, and a rerun sends them once the
//!   matter is settled. A 5xx after DATA without an enhanced code (but 552)
//!   stops the run too: every message is the same but for its recipient, and
//!   nothing in the reply says that it was about them; a wrong stop costs a
//!   rerun, a wrong refusal leaves people marked refused;
//! - a message whose bytes went out but whose answer never came (the
//!   connection dropped or timed out after the data) may have arrived: it is
//!   not tried again in this run, and the journal keeps it as being sent, so
//!   that the next run sends it with the same Message-ID, by which a copy
//!   can be recognised;
//! - TLS failures and troubles on carnet's side stop the run at once: trying
//!   again would meet them again.

use std::cell::Cell;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::path::Path;
use std::thread;
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::error::Error;

mod failure;
mod outcome;
mod trust;

pub(super) use outcome::{Delivery, Step, Stop};
pub(super) use trust::Untrusted;

use failure::{Answer, Cause, Failure};
use trust::{read_ca_file, system_roots, tls_parameters};

/// The environment variable with the SMTP user name.
pub(super) const USER_VAR: &str = "CARNET_SMTP_USER";
/// The environment variable with the SMTP password.
pub(super) const PASSWORD_VAR: &str = "CARNET_SMTP_PASSWORD";
/// The environment variable with the first retry's delay, in milliseconds.
pub(super) const RETRY_VAR: &str = "CARNET_SMTP_RETRY_MS";
/// The environment variable naming the private CA, as `--ca-file` does.
pub(super) const CA_FILE_VAR: &str = "CARNET_SMTP_CA_FILE";
/// The variables that replace the system's store of certificates.
const SYSTEM_STORE_VARS: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

/// How many times a message is tried before carnet gives up on it.
pub(super) const TRIES: u32 = 5;
/// How many messages one connection carries before carnet opens another:
/// servers limit the messages of a session, and a fresh session every so
/// often keeps a long run from depending on one.
pub(super) const MESSAGES_PER_CONNECTION: u32 = 100;
/// The first retry's delay; each next one doubles (1, 2, 4, 8 s).
const RETRY_BASE: Duration = Duration::from_secs(1);
/// How long to wait for the server at each step.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How long to wait for the goodbye when closing a connection.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);
/// A CA file is a few certificates; a whole bundle of them weighs about
/// 200 KB. Anything far beyond is not one.
const MAX_CA_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How the connection is protected.
#[derive(Clone)]
enum Security {
    /// TLS from the first byte (`smtps://`, port 465).
    Tls(TlsParameters),
    /// STARTTLS, required (`smtp://…?tls=required`, port 587).
    StartTls(TlsParameters),
    /// STARTTLS if the server offers it (`?tls=opportunistic`).
    Opportunistic(TlsParameters),
    /// None (`smtp://`), toward this machine only.
    Plain,
}

/// The SMTP server to send through, checked (`--smtp`, `--ca-file` and the
/// environment), and the connection to it while a run sends.
pub(super) struct Smtp {
    /// The URL as it may be shown (it never holds a password).
    shown: String,
    host: String,
    port: u16,
    security: Security,
    hello: ClientId,
    credentials: Option<Credentials>,
    retry_base: Duration,
    /// The open connection, kept from one message to the next.
    connection: Option<Connection>,
}

impl fmt::Debug for Smtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Smtp")
            .field("url", &self.shown)
            .field("credentials", &self.credentials.is_some())
            .field("connected", &self.connection.is_some())
            .finish_non_exhaustive()
    }
}

pub(super) use super::Env;

impl Smtp {
    /// Checks `--smtp URL`, the private CA of `--ca-file` and the
    /// credentials in the environment (`env` reads a variable). A mistake in
    /// the arguments is a usage error with what to do; a CA file that
    /// cannot serve is an input error naming it.
    pub(super) fn new(url: &str, env: Env<'_>, ca_file: Option<&Path>) -> Result<Self, Error> {
        let parts = UrlParts::parse(url)?;
        let usage = |message: String| Error::Usage(format!("--smtp {}: {message}", parts.shown));
        let private_ca = ca_file.map(read_ca_file).transpose()?.unwrap_or_default();
        let tls = |host: &str| {
            let mut roots = system_roots(env)?;
            roots.extend(private_ca.iter().cloned());
            tls_parameters(host, &roots)
                .map_err(|e| usage(format!("cannot prepare TLS for {host}: {e}")))
        };
        let security = match (parts.scheme.as_str(), parts.tls.as_deref()) {
            ("smtps", None) => Security::Tls(tls(&parts.host)?),
            ("smtp", Some("required")) => Security::StartTls(tls(&parts.host)?),
            ("smtp", Some("opportunistic")) => Security::Opportunistic(tls(&parts.host)?),
            ("smtp", None) => Security::Plain,
            ("smtps", Some(_)) => {
                return Err(usage(
                    "smtps:// is always TLS; remove the ?tls= parameter".into(),
                ));
            }
            (_, Some(other)) => {
                return Err(usage(format!(
                    "unknown tls={other}; use tls=required (STARTTLS)"
                )));
            }
            (scheme, None) => {
                return Err(usage(format!(
                    "unknown scheme {scheme}://; use smtps://host:465 (TLS) or \
                     smtp://host:587?tls=required (STARTTLS)"
                )));
            }
        };
        let encrypted = matches!(security, Security::Tls(_) | Security::StartTls(_));
        if !encrypted && !is_loopback(&parts.host) {
            return Err(usage(format!(
                "plain SMTP would send the booklets, and the password, unencrypted over the \
                 network; it is only allowed toward this machine (localhost, 127.0.0.1, ::1).\n  \
                 hint: use smtps://{host}:465 (TLS) or smtp://{host}:587?tls=required (STARTTLS)",
                host = parts.url_host()
            )));
        }
        let port = parts.port.unwrap_or(match &security {
            Security::Tls(_) => 465,
            Security::Plain => 25,
            Security::StartTls(_) | Security::Opportunistic(_) => 587,
        });
        let credentials = match (env(USER_VAR), env(PASSWORD_VAR)) {
            (Some(user), Some(password)) => Some(Credentials::new(user, password)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::Usage(format!(
                    "{USER_VAR} is set but {PASSWORD_VAR} is not; set both, or neither \
                     for a server that needs no login"
                )));
            }
            (None, Some(_)) => {
                return Err(Error::Usage(format!(
                    "{PASSWORD_VAR} is set but {USER_VAR} is not; set both, or neither \
                     for a server that needs no login"
                )));
            }
        };
        let retry_base = match env(RETRY_VAR) {
            None => RETRY_BASE,
            Some(ms) => ms.trim().parse().map(Duration::from_millis).map_err(|_| {
                Error::Usage(format!(
                    "{RETRY_VAR}={ms:?}: write the first retry's delay in milliseconds, e.g. 1000"
                ))
            })?,
        };
        let hello = match &parts.hello {
            Some(name) => ClientId::Domain(name.clone()),
            None => ClientId::default(),
        };
        Ok(Self {
            shown: parts.shown.clone(),
            host: parts.host,
            port,
            security,
            hello,
            credentials,
            retry_base,
            connection: None,
        })
    }

    /// The server as it may be shown in messages.
    pub(super) fn shown(&self) -> &str {
        &self.shown
    }

    /// Hands one message to the server, through the open connection or a
    /// new one, trying again after temporary failures. `retrying` is told
    /// about each retry (for the log): the try about to be made, the reply
    /// that failed, the delay.
    pub(super) fn deliver(
        &mut self,
        envelope: &Envelope,
        email: &[u8],
        retrying: &mut dyn FnMut(u32, &str, Duration),
    ) -> Delivery {
        let mut delay = self.retry_base;
        let mut attempt = 1;
        loop {
            let failure = match self.attempt(envelope, email) {
                Ok(reply) => return Delivery::Accepted(reply),
                Err(failure) => failure,
            };
            let certificate = failure.untrusted(&self.host);
            let reply = match &certificate {
                Some(untrusted) => untrusted.to_string(),
                None => failure.reply(),
            };
            let about_this_message = matches!(failure.step, Step::Rcpt | Step::Data);
            let refused = match failure.answer() {
                Answer::Refuse => return Delivery::Refused(reply),
                Answer::Unanswered => return Delivery::Unanswered(reply),
                Answer::Retry if attempt < TRIES => {
                    attempt += 1;
                    retrying(attempt, &reply, delay);
                    thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                    continue;
                }
                Answer::Retry if about_this_message => return Delivery::Failed(reply),
                Answer::Retry | Answer::Broken => false,
                Answer::Stop => true,
            };
            return Delivery::Stop(Stop {
                reply,
                step: failure.step,
                refused,
                certificate,
            });
        }
    }

    /// Says goodbye to the server (QUIT) and closes the connection, if one
    /// is open. Dropping the `Smtp` does it too.
    pub(super) fn finish(&mut self) {
        if let Some(connection) = self.connection.take() {
            connection.close();
        }
    }

    /// One try: a connection ready for a transaction, then MAIL FROM,
    /// RCPT TO, DATA. The connection is kept unless the failure broke it.
    fn attempt(&mut self, envelope: &Envelope, email: &[u8]) -> Result<String, Failure> {
        let connection = self.connection()?;
        let result = transaction(&mut connection.conn, envelope, email);
        match &result {
            Ok(_) => connection.carried += 1,
            Err(failure) if failure.keeps_connection() => connection.unfinished = !failure.sent,
            Err(_) => self.finish(),
        }
        result
    }

    /// The open connection if it is still good for a message, else a new one.
    fn connection(&mut self) -> Result<&mut Connection, Failure> {
        if let Some(mut open) = self.connection.take() {
            if open.ready() {
                return Ok(self.connection.insert(open));
            }
            open.close();
        }
        let open = self.connect()?;
        Ok(self.connection.insert(open))
    }

    /// Connects, protects and logs in.
    fn connect(&self) -> Result<Connection, Failure> {
        let at = |step: Step| move |error: SmtpError| Failure::new(step, error);
        let wrapper = match &self.security {
            Security::Tls(params) => Some(params),
            _ => None,
        };
        let mut conn = SmtpConnection::connect(
            (self.host.as_str(), self.port),
            Some(TIMEOUT),
            &self.hello,
            wrapper,
            None,
        )
        .map_err(at(Step::Connect))?;
        match &self.security {
            Security::StartTls(params) => conn
                .starttls(params, &self.hello)
                .map_err(at(Step::Connect))?,
            Security::Opportunistic(params) if conn.can_starttls() => conn
                .starttls(params, &self.hello)
                .map_err(at(Step::Connect))?,
            _ => {}
        }
        let mut connection = Connection {
            conn,
            carried: 0,
            unfinished: false,
        };
        if let Some(credentials) = &self.credentials
            && let Err(error) = connection.conn.auth(DEFAULT_MECHANISMS, credentials)
        {
            connection.close();
            return Err(Failure::new(Step::Login, error));
        }
        Ok(connection)
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A connection to the server, greeted, protected and logged in.
struct Connection {
    conn: SmtpConnection,
    /// The messages the server accepted through it.
    carried: u32,
    /// A refusal left a transaction half-way: RSET before the next.
    unfinished: bool,
}

impl Connection {
    /// Whether the next message may go through this connection: it has not
    /// carried its share, and the server still answers (RSET after a
    /// transaction left half-way, NOOP otherwise) — a server closes idle
    /// connections, and says so only to the next command.
    fn ready(&mut self) -> bool {
        if self.conn.has_broken() || self.carried >= MESSAGES_PER_CONNECTION {
            return false;
        }
        let answers = match self.unfinished {
            true => self.conn.command(Rset).is_ok(),
            false => self.conn.test_connected(),
        };
        self.unfinished = false;
        answers
    }

    /// Says goodbye (QUIT) and closes, without waiting long for the answer.
    fn close(mut self) {
        let _ = self.conn.set_timeout(Some(QUIT_TIMEOUT));
        self.conn.abort();
    }
}

/// The message's bytes for lettre to write, telling when lettre asked for
/// more: then all of them were written.
struct Written<'a> {
    bytes: Option<&'a [u8]>,
    all: &'a Cell<bool>,
}

impl<'a> Iterator for Written<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let next = self.bytes.take();
        if next.is_none() {
            self.all.set(true);
        }
        next
    }
}

/// MAIL FROM, RCPT TO, DATA and the message, as lettre's own `send` does,
/// but telling which step failed and whether the message had gone out.
fn transaction(
    conn: &mut SmtpConnection,
    envelope: &Envelope,
    email: &[u8],
) -> Result<String, Failure> {
    let at = |step: Step| move |error: SmtpError| Failure::new(step, error);
    let mut options = Vec::new();
    let wide = |a: &Address| !AsRef::<str>::as_ref(a).is_ascii();
    let from_wide = envelope.from().is_some_and(wide);
    if from_wide || envelope.to().iter().any(wide) {
        if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
            // The sender's address concerns every message; a recipient's, theirs.
            let step = if from_wide { Step::Mail } else { Step::Rcpt };
            return Err(Failure {
                step,
                error: Cause::NoUtf8,
                sent: false,
            });
        }
        options.push(MailParameter::SmtpUtfEight);
    }
    if !email.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    conn.command(Mail::new(envelope.from().cloned(), options))
        .map_err(at(Step::Mail))?;
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), Vec::new()))
            .map_err(at(Step::Rcpt))?;
    }
    conn.command(Data).map_err(at(Step::Data))?;
    let written = Cell::new(false);
    let message = Written {
        bytes: Some(email),
        all: &written,
    };
    let reply = conn.message_iter(message).map_err(|error| Failure {
        step: Step::Data,
        error: Cause::Smtp(error),
        sent: written.get(),
    })?;
    Ok(format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    ))
}

/// Whether a host is this machine: `localhost`, 127.0.0.0/8 or ::1. Names
/// are not resolved: a DNS answer is no promise.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip == Ipv6Addr::LOCALHOST || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

/// The parts of an SMTP URL: `scheme://host[:port][/ehlo-name][?tls=…]`.
#[derive(Debug)]
struct UrlParts {
    scheme: String,
    /// Without brackets for IPv6.
    host: String,
    port: Option<u16>,
    tls: Option<String>,
    hello: Option<String>,
    shown: String,
}

impl UrlParts {
    fn parse(url: &str) -> Result<Self, Error> {
        let url = url.trim();
        // What stands before an @ may be a password, whatever characters it
        // holds (`user:12/34@host` reads as a host `user` and a path): an @
        // anywhere is refused, and nothing before the last one is shown.
        if let Some(at) = url.rfind('@') {
            let scheme = url
                .split_once("://")
                .map(|(scheme, _)| scheme)
                .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
                .unwrap_or("smtps");
            let host = url[at + 1..]
                .split(['/', '?', '#'])
                .next()
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "--smtp {scheme}://…@{host}: the URL must not hold a user name or password \
                 (a command line shows in the process list and the shell history).\n  \
                 hint: set {USER_VAR} and {PASSWORD_VAR} in the environment instead"
            )));
        }
        let form = "write the server as smtps://host:465 (TLS) or smtp://host:587?tls=required \
                    (STARTTLS)";
        let parsed =
            url::Url::parse(url).map_err(|e| Error::Usage(format!("--smtp {url}: {e}; {form}")))?;
        let usage = |message: String| Error::Usage(format!("--smtp {url}: {message}"));
        let scheme = parsed.scheme().to_owned();
        let host = match parsed.host() {
            Some(url::Host::Domain(name)) => name.to_owned(),
            Some(url::Host::Ipv4(address)) => address.to_string(),
            Some(url::Host::Ipv6(address)) => address.to_string(),
            None => String::new(),
        };
        if host.is_empty() {
            return Err(usage(format!("the server's host name is missing; {form}")));
        }
        if parsed.fragment().is_some() {
            return Err(usage(format!("a URL of a server has no #…; {form}")));
        }
        let mut tls = None;
        for (key, value) in parsed.query_pairs() {
            match key.as_ref() {
                "tls" => tls = Some(value.to_ascii_lowercase()),
                _ => {
                    return Err(usage(format!(
                        "unknown parameter {:?}; the only one is tls=required",
                        format!("{key}={value}")
                    )));
                }
            }
        }
        let hello = Some(parsed.path().trim_matches('/'))
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        Ok(Self {
            scheme,
            host,
            port: parsed.port(),
            tls,
            hello,
            shown: url.to_owned(),
        })
    }

    /// The host as written in a URL (IPv6 in brackets).
    fn url_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[track_caller]
    fn refused(url: &str) -> String {
        match Smtp::new(url, &no_env, None) {
            Err(Error::Usage(message)) => message,
            other => panic!("{url}: expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn plain_smtp_only_toward_this_machine() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://127.1.2.3:25",
            "smtp://localhost:2525",
            "smtp://LOCALHOST.",
            "smtp://[::1]:2525",
        ] {
            let smtp = Smtp::new(url, &no_env, None).unwrap();
            assert!(matches!(smtp.security, Security::Plain), "{url}");
        }
        let message = refused("smtp://mail.example.org:25");
        assert!(
            message.contains("smtps://mail.example.org:465"),
            "{message}"
        );
        refused("smtp://10.0.0.1:25");
        refused("smtp://mail.example.org:587?tls=opportunistic");
        refused("smtp://localhost.example.org");
    }

    #[test]
    fn tls_forms_and_default_ports() {
        let smtp = Smtp::new("smtps://smtp.example.org", &no_env, None).unwrap();
        assert!(matches!(smtp.security, Security::Tls(_)));
        assert_eq!(smtp.port, 465);
        let smtp = Smtp::new("smtp://smtp.example.org?tls=required", &no_env, None).unwrap();
        assert!(matches!(smtp.security, Security::StartTls(_)));
        assert_eq!(smtp.port, 587);
        let smtp = Smtp::new("smtp://[::1]", &no_env, None).unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("::1", 25));
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let message = refused("smtps://jeanne:s3cret@smtp.example.org:465");
        assert!(
            !message.contains("s3cret") && !message.contains("jeanne"),
            "{message}"
        );
        assert!(message.contains(USER_VAR), "{message}");
    }

    #[test]
    fn credentials_are_refused_whatever_characters_they_hold() {
        for url in [
            "smtps://jeanne:1234/secret@smtp.example.org",
            "smtps://jeanne:pa?ss@smtp.example.org:465",
            "smtps://jeanne:pa#ss@smtp.example.org",
            "smtp://jea%40nne:p@ss@127.0.0.1:2525",
            "smtps://:only-a-password@smtp.example.org",
            "jeanne:secret@smtp.example.org",
        ] {
            let message = refused(url);
            for secret in [
                "secret",
                "1234",
                "pa?ss",
                "pa#ss",
                "p@ss",
                "only-a-password",
                "jea",
            ] {
                assert!(!message.contains(secret), "{url}: {message}");
            }
            assert!(
                message.contains("must not hold a user name or password"),
                "{message}"
            );
        }
        let message = refused("smtps://jeanne:1234/secret@smtp.example.org");
        assert!(message.contains("…@smtp.example.org"), "{message}");
    }

    #[test]
    fn other_mistakes_in_the_url_are_explained() {
        assert!(refused("smtps://").contains("host"));
        assert!(
            refused("smtps://smtp.example.org:99999").contains("smtps://smtp.example.org:99999")
        );
        assert!(refused("smtp.example.org").contains("smtps://host:465"));
        assert!(refused("smtps://smtp.example.org?tls=required&x=1").contains("unknown parameter"));
        let smtp = Smtp::new(
            "smtps://smtp.example.org:465/carnet.example.org",
            &no_env,
            None,
        )
        .unwrap();
        assert_eq!(smtp.port, 465);
    }

    #[test]
    fn credentials_come_in_pairs() {
        let only_user = |name: &str| (name == USER_VAR).then(|| "jeanne".to_owned());
        let error = Smtp::new("smtps://smtp.example.org", &only_user, None).unwrap_err();
        assert!(error.to_string().contains(PASSWORD_VAR));
    }

    #[track_caller]
    fn ca_refused(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        fs::write(&path, bytes).unwrap();
        match Smtp::new("smtps://smtp.example.org", &no_env, Some(&path)) {
            Err(Error::Input {
                file,
                message,
                hint,
            }) => {
                assert_eq!(file, path.display().to_string());
                assert!(hint.contains("PEM"), "{hint}");
                message
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn a_ca_file_that_cannot_serve_is_refused_by_name() {
        let missing = Path::new("/nonexistent/ca.pem");
        let error = Smtp::new("smtps://smtp.example.org", &no_env, Some(missing)).unwrap_err();
        assert!(
            matches!(&error, Error::Input { message, .. } if message.contains("cannot read")),
            "{error}"
        );
        assert!(ca_refused(b"").contains("no certificate"));
        assert!(ca_refused(b"just some text\n").contains("no certificate"));
        assert!(ca_refused(&[0x30, 0x82, 0x01, 0x0a, 0x02]).contains("no certificate"));
        let key_only = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(ca_refused(key_only.as_bytes()).contains("no certificate"));
        let cut = "-----BEGIN CERTIFICATE-----\nMIIB\n";
        assert!(ca_refused(cut.as_bytes()).contains("not PEM"));
        let garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(ca_refused(garbage.as_bytes()).contains("certificate 1"));
    }

    #[test]
    fn a_ca_file_of_certificates_is_trusted() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = params.self_signed(&key).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        fs::write(&path, format!("{}{}", ca.pem(), ca.pem())).unwrap();
        assert_eq!(read_ca_file(&path).unwrap().len(), 2);
        let smtp = Smtp::new("smtp://smtp.example.org?tls=required", &no_env, Some(&path));
        assert!(matches!(smtp.unwrap().security, Security::StartTls(_)));
    }
}
