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
use std::fs;
use std::io::{self, Read as _};
use std::net::{IpAddr, Ipv6Addr};
use std::path::Path;
use std::thread;
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{
    Certificate, CertificateStore, SmtpConnection, TlsParameters,
};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::{CertificateError, RootCertStore};

use crate::error::Error;

/// The environment variable with the SMTP user name.
pub const USER_VAR: &str = "CARNET_SMTP_USER";
/// The environment variable with the SMTP password.
pub const PASSWORD_VAR: &str = "CARNET_SMTP_PASSWORD";
/// The environment variable with the first retry's delay, in milliseconds.
pub const RETRY_VAR: &str = "CARNET_SMTP_RETRY_MS";
/// The environment variable naming the private CA, as `--ca-file` does.
pub const CA_FILE_VAR: &str = "CARNET_SMTP_CA_FILE";
/// The variables that replace the system's store of certificates.
const SYSTEM_STORE_VARS: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

/// How many times a message is tried before carnet gives up on it.
pub const TRIES: u32 = 5;
/// How many messages one connection carries before carnet opens another:
/// servers limit the messages of a session, and a fresh session every so
/// often keeps a long run from depending on one.
pub const MESSAGES_PER_CONNECTION: u32 = 100;
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
pub struct Smtp {
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

/// Reads an environment variable; `None` when unset or empty.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Smtp {
    /// Checks `--smtp URL`, the private CA of `--ca-file` and the
    /// credentials in the environment (`env` reads a variable). A mistake in
    /// the arguments is a usage error with what to do; a CA file that
    /// cannot serve is an input error naming it.
    pub fn new(url: &str, env: Env<'_>, ca_file: Option<&Path>) -> Result<Self, Error> {
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
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Hands one message to the server, through the open connection or a
    /// new one, trying again after temporary failures. `retrying` is told
    /// about each retry (for the log): the try about to be made, the reply
    /// that failed, the delay.
    pub fn deliver(
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
    pub fn finish(&mut self) {
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

/// The step of the exchange a failure happened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Connecting, greeting, TLS.
    Connect,
    /// Logging in.
    Login,
    /// MAIL FROM: the sender.
    Mail,
    /// RCPT TO: the recipient.
    Rcpt,
    /// DATA and the message itself.
    Data,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Connect => "while connecting",
            Step::Login => "while logging in",
            Step::Mail => "at MAIL FROM",
            Step::Rcpt => "at RCPT TO",
            Step::Data => "at DATA",
        })
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted; the server's reply.
    Accepted(String),
    /// Refused for good (recipient or message); the server's reply.
    Refused(String),
    /// Temporary failures until carnet gave up; a rerun tries again.
    Failed(String),
    /// Sent, but no answer came (the connection dropped or timed out after
    /// the data): the message may have arrived. What happened instead.
    Unanswered(String),
    /// A failure that every other message would meet too: stop.
    Stop(Stop),
}

/// Why the run stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The server's reply or the error.
    pub reply: String,
    /// Where it happened.
    pub step: Step,
    /// Whether the server refused (a 5xx reply), rather than something
    /// failing on the way.
    pub refused: bool,
    /// Why the server's certificate was not trusted, when that is the cause.
    pub certificate: Option<Untrusted>,
}

impl Stop {
    /// What to do about it.
    pub fn hint(&self) -> String {
        if let Some(certificate) = &self.certificate {
            return certificate.hint();
        }
        let rerun = "rerun later to send the rest: the journal keeps what was sent";
        let enhanced = self
            .reply
            .split_once(' ')
            .and_then(|(_, text)| enhanced_code(text));
        match (self.step, self.refused, enhanced) {
            (_, true, Some((4, 5))) => "the server's sending quota is reached: rerun once it \
                                        allows again (often the next day); the participants \
                                        not sent stay so in the journal, and nothing is sent \
                                        twice"
                .into(),
            (Step::Login, true, _) => {
                format!("check {USER_VAR} and {PASSWORD_VAR}: the server refused them")
            }
            (Step::Login, false, _) => "the server offers no login method carnet knows \
                                        (PLAIN, LOGIN) on this connection; many offer one only \
                                        over TLS: use smtps://host:465 or \
                                        smtp://host:587?tls=required"
                .into(),
            (_, true, Some((7, _))) => "the server refuses by policy (a sender's domain \
                                        without SPF, DKIM and DMARC for this server, relaying, \
                                        a spam filter): read its reply, and rerun once it is \
                                        settled; the participants not sent stay so in the \
                                        journal"
                .into(),
            (Step::Mail, true, _) => "the server refuses the sender of `mail.from`; send from \
                                      an address of your organisation's own domain that this \
                                      server may send for"
                .into(),
            (Step::Connect, _, _) => format!(
                "check the host and the port (465 for smtps://, 587 for ?tls=required) and \
                 that the server is up; {rerun}"
            ),
            (Step::Rcpt | Step::Data, true, _) => "the server refuses what every message \
                                                   would meet: read its reply, and rerun once \
                                                   it is settled; the participants not sent \
                                                   stay so in the journal"
                .into(),
            _ => rerun.into(),
        }
    }
}

/// Why the server's certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Untrusted {
    /// Signed by an authority none of the trusted roots vouches for.
    UnknownAuthority,
    /// Past its end of validity.
    Expired {
        /// The certificate's last day, when rustls says it.
        on: Option<String>,
        /// This machine's time.
        now: Option<String>,
    },
    /// Before its start of validity.
    NotYetValid {
        /// The certificate's first day, when rustls says it.
        from: Option<String>,
        /// This machine's time.
        now: Option<String>,
    },
    /// Issued for other names than the host carnet connects to.
    OtherNames {
        /// The host of `--smtp`.
        host: String,
        /// The names in the certificate.
        names: Vec<String>,
    },
    /// Another reason, in rustls's words.
    Other(String),
}

impl fmt::Display for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Untrusted::UnknownAuthority => {
                f.write_str("the server's certificate is signed by an unknown authority")
            }
            Untrusted::Expired { on, .. } => match on {
                Some(on) => write!(f, "the server's certificate expired on {on}"),
                None => f.write_str("the server's certificate has expired"),
            },
            Untrusted::NotYetValid { from, .. } => match from {
                Some(from) => write!(f, "the server's certificate is not valid before {from}"),
                None => f.write_str("the server's certificate is not valid yet"),
            },
            Untrusted::OtherNames { host, names } if names.is_empty() => {
                write!(f, "the server's certificate is not for {host}")
            }
            Untrusted::OtherNames { host, names } => write!(
                f,
                "the server's certificate is for {}, not for {host}",
                names.join(", ")
            ),
            Untrusted::Other(reason) => write!(f, "the server's certificate is refused: {reason}"),
        }
    }
}

impl Untrusted {
    /// What to do about it.
    pub fn hint(&self) -> String {
        let clock = |now: &Option<String>| match now {
            Some(now) => format!("this machine's clock, which says {now}"),
            None => "this machine's clock".into(),
        };
        match self {
            Untrusted::UnknownAuthority => format!(
                "the server's certificate is signed by an authority this machine does not \
                 trust: give your organisation's CA with --ca-file FILE or {CA_FILE_VAR}"
            ),
            Untrusted::Expired { now, .. } => format!(
                "whoever runs the server must renew its certificate (unless {} is wrong)",
                clock(now)
            ),
            Untrusted::NotYetValid { now, .. } => format!(
                "check {}; if it is right, whoever runs the server put in a certificate \
                 before its time",
                clock(now)
            ),
            Untrusted::OtherNames { host, names } if names.is_empty() => format!(
                "use in --smtp the host name the server's certificate was issued to, instead \
                 of {host}"
            ),
            Untrusted::OtherNames { host, names } => {
                let example = match names.iter().find(|name| !name.starts_with('*')) {
                    Some(name) => {
                        format!(" (e.g. smtps://{name}:465 or smtp://{name}:587?tls=required)")
                    }
                    None => String::new(),
                };
                format!(
                    "the certificate was issued to {}: use the name it was issued to in --smtp \
                     instead of {host}{example}",
                    names.join(", ")
                )
            }
            Untrusted::Other(_) => format!(
                "ask whoever runs the server about its certificate; a private CA is given \
                 with --ca-file FILE or {CA_FILE_VAR}"
            ),
        }
    }

    /// The reason of a certificate rustls refused.
    fn of(error: &CertificateError, host: &str) -> Self {
        match error {
            CertificateError::UnknownIssuer => Untrusted::UnknownAuthority,
            CertificateError::Expired => Untrusted::Expired {
                on: None,
                now: None,
            },
            CertificateError::ExpiredContext { time, not_after } => Untrusted::Expired {
                on: Some(date(*not_after)),
                now: Some(date(*time)),
            },
            CertificateError::NotValidYet => Untrusted::NotYetValid {
                from: None,
                now: None,
            },
            CertificateError::NotValidYetContext { time, not_before } => Untrusted::NotYetValid {
                from: Some(date(*not_before)),
                now: Some(date(*time)),
            },
            CertificateError::NotValidForName => Untrusted::OtherNames {
                host: host.to_owned(),
                names: Vec::new(),
            },
            CertificateError::NotValidForNameContext { presented, .. } => Untrusted::OtherNames {
                host: host.to_owned(),
                names: presented.iter().filter_map(|p| presented_name(p)).collect(),
            },
            other => Untrusted::Other(format!("{other:?}")),
        }
    }
}

/// A name of a certificate as rustls shows it (`DnsName("mail.example.org")`,
/// `IpAddress(192.0.2.1)`), as it would be written in `--smtp`.
fn presented_name(shown: &str) -> Option<String> {
    let name = match shown.strip_prefix("DnsName(\"") {
        Some(dns) => dns.strip_suffix("\")")?,
        None => shown.strip_prefix("IpAddress(")?.strip_suffix(')')?,
    };
    Some(name.to_owned())
}

/// A time as a person reads it, in UTC.
fn date(time: UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    i64::try_from(time.as_secs())
        .ok()
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("{} s after 1970", time.as_secs()))
}

/// A failed step and why.
struct Failure {
    step: Step,
    error: Cause,
    /// Whether all of the message's bytes had been written.
    sent: bool,
}

/// Why a step failed.
enum Cause {
    /// lettre's error: a reply, or trouble on the way.
    Smtp(SmtpError),
    /// An address with letters beyond ASCII, toward a server that does not
    /// offer SMTPUTF8 (RFC 6531): that recipient cannot be written to there.
    NoUtf8,
}

/// How a failure is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Try again after a delay: a 4xx reply, a dropped or refused
    /// connection, a timeout.
    Retry,
    /// This recipient or this message is refused for good; the others go on.
    Refuse,
    /// The server refuses what every message shares: stop.
    Stop,
    /// TLS or client-side trouble that trying again will not fix: stop.
    Broken,
    /// The message went out and no answer came.
    Unanswered,
}

impl Failure {
    fn new(step: Step, error: SmtpError) -> Self {
        Self {
            step,
            error: Cause::Smtp(error),
            sent: false,
        }
    }

    fn answer(&self) -> Answer {
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 if self.step == Step::Rcpt => return Answer::Refuse,
            Cause::NoUtf8 => return Answer::Stop,
        };
        if let Some(code) = error.status() {
            return answer_reply(self.step, u16::from(code), &reply_text(error));
        }
        // The last bytes of the message, the end-of-data mark, are written
        // after lettre asks for more; a pipe broken while writing them means
        // the server never had the whole message.
        let broken_pipe = io_error(error).is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
        if self.sent && !broken_pipe {
            Answer::Unanswered
        } else if error.is_client() || error.is_tls() || rustls_error(error).is_some() {
            Answer::Broken
        } else {
            Answer::Retry
        }
    }

    /// Whether the connection can carry the next message: the server
    /// answered, and not that it is closing (421).
    fn keeps_connection(&self) -> bool {
        match &self.error {
            Cause::NoUtf8 => true,
            Cause::Smtp(error) => error.status().is_some_and(|code| u16::from(code) != 421),
        }
    }

    /// Why the server's certificate was refused, when it was.
    fn untrusted(&self, host: &str) -> Option<Untrusted> {
        let Cause::Smtp(error) = &self.error else {
            return None;
        };
        match rustls_error(error)? {
            rustls::Error::InvalidCertificate(certificate) => {
                Some(Untrusted::of(certificate, host))
            }
            _ => None,
        }
    }

    /// The server's reply ("550 Mailbox unavailable") or the error.
    fn reply(&self) -> String {
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 => {
                return "the server does not offer SMTPUTF8, which an address with accented \
                        letters needs: write to this participant at another address"
                    .into();
            }
        };
        if let Some(code) = error.status() {
            return match reply_text(error) {
                text if text.is_empty() => code.to_string(),
                text => format!("{code} {text}"),
            };
        }
        if let Some(tls) = rustls_error(error) {
            return format!("TLS failed: {tls}");
        }
        match io_error(error).map(io::Error::kind) {
            Some(io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                format!("no answer within {} s", TIMEOUT.as_secs())
            }
            Some(
                io::ErrorKind::UnexpectedEof
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe,
            ) => "the server closed the connection".into(),
            // lettre's words for a connection closed before the reply.
            _ if error.is_response() && error.to_string().ends_with("incomplete response") => {
                "the server closed the connection".into()
            }
            _ => error.to_string(),
        }
    }
}

/// The text of a reply, without its code, as lettre keeps it.
fn reply_text(error: &SmtpError) -> String {
    use std::error::Error as _;
    error.source().map(ToString::to_string).unwrap_or_default()
}

/// How to answer a reply `code` with `text` at `step`. Temporary replies
/// are tried again. A permanent one refuses this message when it concerns
/// its recipient or itself alone, and stops the run when it concerns what
/// every message shares (see the module's doc for the table).
fn answer_reply(step: Step, code: u16, text: &str) -> Answer {
    if !(500..600).contains(&code) {
        return Answer::Retry;
    }
    let concerns_this_message = match (step, enhanced_code(text)) {
        (Step::Connect | Step::Login | Step::Mail, _) => false,
        (Step::Rcpt | Step::Data, Some((subject, detail))) => matches!(
            (subject, detail),
            (1 | 2, _) | (3, 4) | (4, 4) | (7, 13 | 17 | 18)
        ),
        (Step::Rcpt, None) => matches!(code, 550..=553),
        (Step::Data, None) => code == 552,
    };
    match concerns_this_message {
        true => Answer::Refuse,
        false => Answer::Stop,
    }
}

/// The subject and detail of a permanent enhanced status code (RFC 3463)
/// opening a reply's text: `5.1.1 no such user` gives (1, 1). A code of
/// the "other or undefined" subject (5.0.x) says nothing, and counts as
/// none.
fn enhanced_code(text: &str) -> Option<(u16, u16)> {
    let word = text.split_whitespace().next()?;
    let mut parts = word.split('.');
    let (class, subject, detail) = (parts.next()?, parts.next()?, parts.next()?);
    let number =
        |part: &str| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    if class != "5" || parts.next().is_some() || !number(subject) || !number(detail) {
        return None;
    }
    let subject: u16 = subject.parse().ok()?;
    (subject != 0).then_some((subject, detail.parse().ok()?))
}

/// The errors lettre's error was made of, outermost first. An I/O error
/// that wraps another says so through `get_ref`, not `source`.
fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |error| {
        match error
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        }
    })
}

/// The TLS error behind a failure: rustls reports a refused certificate
/// inside the I/O error of the first read or write on the connection.
fn rustls_error(error: &SmtpError) -> Option<&rustls::Error> {
    causes(error).find_map(|e| e.downcast_ref::<rustls::Error>())
}

/// The I/O error behind a failure.
fn io_error(error: &SmtpError) -> Option<&io::Error> {
    causes(error).find_map(|e| e.downcast_ref::<io::Error>())
}

/// The TLS settings for `host`: the bundled roots and `roots`.
fn tls_parameters(
    host: &str,
    roots: &[CertificateDer<'static>],
) -> Result<TlsParameters, SmtpError> {
    let mut builder =
        TlsParameters::builder(host.to_owned()).certificate_store(CertificateStore::WebpkiRoots);
    for root in roots {
        builder = builder.add_root_certificate(Certificate::from_der(root.to_vec())?);
    }
    builder.build_rustls()
}

/// Whether a certificate can stand as a root of trust (rustls would refuse
/// the whole set for one that cannot).
fn usable_root(certificate: &CertificateDer<'static>) -> Result<(), rustls::Error> {
    RootCertStore::empty().add(certificate.clone())
}

/// The system's store of certificates, as OpenSSL finds it, or as
/// `SSL_CERT_FILE` and `SSL_CERT_DIR` say. A store the user named that
/// cannot be read is refused; the system's own, read as far as it can be.
fn system_roots(env: Env<'_>) -> Result<Vec<CertificateDer<'static>>, Error> {
    let found = rustls_native_certs::load_native_certs();
    let named: Vec<String> = SYSTEM_STORE_VARS
        .iter()
        .filter_map(|var| env(var).map(|value| format!("{var}={value}")))
        .collect();
    if let Some(error) = found.errors.first()
        && !named.is_empty()
    {
        return Err(Error::Input {
            file: named.join(" "),
            message: format!("the certificates cannot be read: {error}"),
            hint: "point SSL_CERT_FILE at a PEM file of certificates and SSL_CERT_DIR at a \
                   folder of them, or unset both to use the system's store"
                .into(),
        });
    }
    Ok(found
        .certs
        .into_iter()
        .filter(|certificate| usable_root(certificate).is_ok())
        .collect())
}

/// The certificates of a private CA: a PEM file, one or more of them.
fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let refuse = |message: String| Error::Input {
        file: path.display().to_string(),
        message,
        hint: format!(
            "give --ca-file (or {CA_FILE_VAR}) your organisation's CA certificate as a PEM \
             file, text starting with -----BEGIN CERTIFICATE-----; a .cer or .der file \
             converts with `openssl x509 -inform der -in ca.cer -out ca.pem`"
        ),
    };
    let file = fs::File::open(path).map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    let metadata = file
        .metadata()
        .map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    if !metadata.is_file() {
        return Err(refuse("the CA file is not a file".into()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CA_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read the CA file: {e}")))?;
    if bytes.len() as u64 > MAX_CA_FILE_BYTES {
        return Err(refuse(format!(
            "the CA file is over {} MB: it is not a file of certificates",
            MAX_CA_FILE_BYTES / 1024 / 1024
        )));
    }
    let certificates = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refuse(format!("the CA file is not PEM: {e}")))?;
    if certificates.is_empty() {
        return Err(refuse(
            "the CA file holds no certificate (no -----BEGIN CERTIFICATE----- section)".into(),
        ));
    }
    for (n, certificate) in certificates.iter().enumerate() {
        usable_root(certificate).map_err(|e| {
            refuse(format!(
                "certificate {} of the CA file cannot stand as an authority: {e}",
                n + 1
            ))
        })?;
    }
    Ok(certificates)
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

    #[test]
    fn refusals_are_put_where_they_belong() {
        use Answer::{Refuse, Retry, Stop};
        #[rustfmt::skip]
        let table = [
            // The recipient: addressing, mailbox, routing, account.
            (Step::Rcpt, 550, "5.1.1 no such user", Refuse),
            (Step::Rcpt, 553, "5.1.3 bad address syntax", Refuse),
            (Step::Rcpt, 550, "5.2.1 mailbox disabled", Refuse),
            (Step::Rcpt, 552, "5.2.2 mailbox full", Refuse),
            (Step::Rcpt, 550, "5.4.4 unable to route", Refuse),
            (Step::Rcpt, 550, "5.7.13 user account disabled", Refuse),
            (Step::Rcpt, 550, "5.7.17 mailbox owner has changed", Refuse),
            (Step::Rcpt, 550, "no such user", Refuse),
            (Step::Rcpt, 551, "user not local", Refuse),
            (Step::Rcpt, 553, "mailbox name not allowed", Refuse),
            (Step::Rcpt, 550, "5.0.0 user unknown", Refuse),
            // The sender, the quota, the policy, the system: every message.
            (Step::Rcpt, 550, "5.7.1 relaying denied", Stop),
            (Step::Rcpt, 550, "5.7.23 SPF validation failed", Stop),
            (Step::Rcpt, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Rcpt, 554, "5.3.2 system not accepting messages", Stop),
            (Step::Rcpt, 554, "relay access denied", Stop),
            (Step::Rcpt, 555, "5.5.4 invalid parameters", Stop),
            (Step::Mail, 550, "5.1.8 bad sender's domain", Stop),
            (Step::Mail, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Mail, 553, "sender not allowed", Stop),
            (Step::Login, 535, "5.7.8 authentication credentials invalid", Stop),
            (Step::Connect, 554, "no SMTP service here", Stop),
            // After the data.
            (Step::Data, 550, "5.4.5 daily sending quota exceeded", Stop),
            (Step::Data, 550, "5.7.1 message refused as spam", Stop),
            (Step::Data, 554, "5.6.1 media not supported", Stop),
            (Step::Data, 552, "5.3.4 message too big for system", Refuse),
            (Step::Data, 552, "5.2.3 message length exceeds limit", Refuse),
            (Step::Data, 550, "5.2.2 mailbox full", Refuse),
            (Step::Data, 552, "message too large", Refuse),
            (Step::Data, 554, "transaction failed", Stop),
            (Step::Data, 550, "rejected", Stop),
            // Temporary: always tried again.
            (Step::Rcpt, 450, "4.2.1 mailbox busy", Retry),
            (Step::Mail, 421, "4.7.0 try again later", Retry),
            (Step::Data, 451, "4.4.5 quota, later", Retry),
        ];
        for (step, code, text, answer) in table {
            assert_eq!(
                answer_reply(step, code, text),
                answer,
                "{code} {text} {step}"
            );
        }
    }

    #[test]
    fn enhanced_codes_are_read_as_rfc_3463_writes_them() {
        assert_eq!(enhanced_code("5.1.1 no such user"), Some((1, 1)));
        assert_eq!(enhanced_code("5.7.123 x"), Some((7, 123)));
        assert_eq!(enhanced_code("5.4.5"), Some((4, 5)));
        for text in [
            "",
            "no such user",
            "4.2.2 mailbox full",
            "5.1 short",
            "5.1.1.1 long",
            "5.1234.1 wide",
            "5.a.1 letters",
            "5.0.0 undefined",
            "<x@example.org> 5.1.1",
        ] {
            assert_eq!(enhanced_code(text), None, "{text:?}");
        }
    }

    /// A wrapper that says what caused it through `source`, as lettre's
    /// error does.
    #[derive(Debug)]
    struct Wrapped(io::Error);

    impl fmt::Display for Wrapped {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("network error")
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_refused_certificate_is_found_inside_the_io_error() {
        let certificate = CertificateError::ExpiredContext {
            time: UnixTime::since_unix_epoch(Duration::from_secs(1_767_225_600)),
            not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_704_067_200)),
        };
        let error = Wrapped(io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(certificate),
        ));
        let found = causes(&error).find_map(|e| e.downcast_ref::<rustls::Error>());
        let Some(rustls::Error::InvalidCertificate(certificate)) = found else {
            panic!("no certificate error found in {error:?}");
        };
        let untrusted = Untrusted::of(certificate, "smtp.example.org");
        assert_eq!(
            untrusted.to_string(),
            "the server's certificate expired on 2024-01-01 00:00 UTC"
        );
        assert!(
            untrusted.hint().contains("2026-01-01 00:00 UTC"),
            "{}",
            untrusted.hint()
        );
        let plain = Wrapped(io::Error::other("reset"));
        assert!(causes(&plain).all(|e| e.downcast_ref::<rustls::Error>().is_none()));
    }

    #[test]
    fn each_certificate_failure_has_its_own_hint() {
        let unknown = Untrusted::of(&CertificateError::UnknownIssuer, "smtp.example.org");
        assert!(
            unknown
                .hint()
                .contains("--ca-file FILE or CARNET_SMTP_CA_FILE")
        );
        assert!(
            unknown
                .hint()
                .contains("authority this machine does not trust")
        );
        let names = CertificateError::NotValidForNameContext {
            expected: rustls::pki_types::ServerName::try_from("mail.example.org").unwrap(),
            presented: vec![
                "DnsName(\"smtp.example.org\")".into(),
                "IpAddress(192.0.2.1)".into(),
            ],
        };
        let names = Untrusted::of(&names, "mail.example.org");
        assert_eq!(
            names.to_string(),
            "the server's certificate is for smtp.example.org, 192.0.2.1, not for \
             mail.example.org"
        );
        assert!(
            names.hint().contains("smtps://smtp.example.org:465"),
            "{}",
            names.hint()
        );
        let stop = Stop {
            reply: unknown.to_string(),
            step: Step::Connect,
            refused: false,
            certificate: Some(unknown),
        };
        assert!(stop.hint().contains("--ca-file"), "{}", stop.hint());
    }

    #[test]
    fn a_quota_is_not_blamed_on_the_sender() {
        let stop = |step, reply: &str| {
            Stop {
                reply: reply.into(),
                step,
                refused: true,
                certificate: None,
            }
            .hint()
        };
        let quota = stop(Step::Mail, "550 5.4.5 Daily sending quota exceeded");
        assert!(quota.contains("quota"), "{quota}");
        assert!(!quota.contains("mail.from"), "{quota}");
        assert!(stop(Step::Mail, "553 sender not allowed").contains("mail.from"));
        assert!(stop(Step::Data, "550 5.7.1 spam").contains("policy"));
        assert!(stop(Step::Login, "535 5.7.8 bad credentials").contains(PASSWORD_VAR));
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
