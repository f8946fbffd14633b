//! Handing messages to an SMTP server, safely.
//!
//! The booklets carry people's names and the organiser's password crosses
//! the network, so carnet speaks TLS (`smtps://`) or STARTTLS
//! (`smtp://…?tls=required`) to any server but this machine, and takes the
//! credentials from the environment only (a command line shows in the
//! process list and the shell history). Servers fail in two ways that call
//! for opposite answers: a temporary failure (a 4xx reply, a dropped or
//! refused connection, a timeout) is tried again after a growing delay; a
//! permanent one is not. A recipient refused for good does not stop the
//! others; a refused sender or login stops the run, since every other
//! message would be refused the same way.
//!
//! Each message goes through its own connection with lettre's
//! [`SmtpConnection`], one command at a time, so that carnet knows which
//! step a reply answers (MAIL FROM, RCPT TO or DATA) — lettre's transport
//! only says that the whole exchange failed.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::thread;
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::error::Error;

/// The environment variable with the SMTP user name.
pub const USER_VAR: &str = "CARNET_SMTP_USER";
/// The environment variable with the SMTP password.
pub const PASSWORD_VAR: &str = "CARNET_SMTP_PASSWORD";
/// The environment variable with the first retry's delay, in milliseconds.
pub const RETRY_VAR: &str = "CARNET_SMTP_RETRY_MS";

/// How many times a message is tried before carnet gives up on it.
pub const TRIES: u32 = 5;
/// The first retry's delay; each next one doubles (1, 2, 4, 8 s).
const RETRY_BASE: Duration = Duration::from_secs(1);
/// How long to wait for the server at each step.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How long to wait for the goodbye once the message is through or failed.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

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

/// The SMTP server to send through, checked: `--smtp` and the environment.
#[derive(Clone)]
pub struct Smtp {
    /// The URL as it may be shown (it never holds a password).
    shown: String,
    host: String,
    port: u16,
    security: Security,
    hello: ClientId,
    credentials: Option<Credentials>,
    retry_base: Duration,
}

impl fmt::Debug for Smtp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Smtp")
            .field("url", &self.shown)
            .field("credentials", &self.credentials.is_some())
            .finish_non_exhaustive()
    }
}

/// Reads an environment variable; `None` when unset or empty.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Smtp {
    /// Checks `--smtp URL` and the credentials in the environment (`env`
    /// reads a variable). Every refusal is a usage error with what to do.
    pub fn new(url: &str, env: Env<'_>) -> Result<Self, Error> {
        let parts = UrlParts::parse(url)?;
        let usage = |message: String| Error::Usage(format!("--smtp {}: {message}", parts.shown));
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned())
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
        })
    }

    /// The server as it may be shown in messages.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Hands one message to the server, trying again after temporary
    /// failures. `retrying` is told about each retry (for the log): the
    /// try about to be made, the reply that failed, the delay.
    pub fn deliver(
        &self,
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
            let reply = failure.reply();
            let about_this_message = matches!(failure.step, Step::Rcpt | Step::Data);
            match failure.kind() {
                Kind::Permanent if about_this_message => return Delivery::Refused(reply),
                Kind::Transient if attempt < TRIES => {
                    attempt += 1;
                    retrying(attempt, &reply, delay);
                    thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                }
                Kind::Transient if about_this_message => return Delivery::Failed(reply),
                kind @ (Kind::Permanent | Kind::Broken | Kind::Transient) => {
                    return Delivery::Stop(Stop {
                        reply,
                        step: failure.step,
                        refused: matches!(kind, Kind::Permanent),
                    });
                }
            }
        }
    }

    /// One try: connect, protect, log in, MAIL FROM, RCPT TO, DATA.
    fn attempt(&self, envelope: &Envelope, email: &[u8]) -> Result<String, Failure> {
        let at = |step: Step| {
            move |error: SmtpError| Failure {
                step,
                error: Cause::Smtp(error),
            }
        };
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
        if let Some(credentials) = &self.credentials
            && let Err(error) = conn.auth(DEFAULT_MECHANISMS, credentials)
        {
            hang_up(conn);
            return Err(Failure {
                step: Step::Login,
                error: Cause::Smtp(error),
            });
        }
        let result = transaction(&mut conn, envelope, email);
        hang_up(conn);
        result
    }
}

/// Says goodbye (QUIT) and closes, without waiting long for the answer:
/// the message is through, or has failed, either way.
fn hang_up(mut conn: SmtpConnection) {
    let _ = conn.set_timeout(Some(QUIT_TIMEOUT));
    conn.abort();
}

/// MAIL FROM, RCPT TO, DATA and the message, as lettre's own `send` does,
/// but telling which step failed.
fn transaction(
    conn: &mut SmtpConnection,
    envelope: &Envelope,
    email: &[u8],
) -> Result<String, Failure> {
    let at = |step: Step| {
        move |error: SmtpError| Failure {
            step,
            error: Cause::Smtp(error),
        }
    };
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
    let reply = conn.message(email).map_err(at(Step::Data))?;
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
}

impl Stop {
    /// What to do about it.
    pub fn hint(&self) -> String {
        let rerun = "rerun later to send the rest: the journal keeps what was sent";
        match (self.step, self.refused) {
            (Step::Login, true) => {
                format!("check {USER_VAR} and {PASSWORD_VAR}: the server refused them")
            }
            (Step::Login, false) => "the server offers no login method carnet knows (PLAIN, \
                                     LOGIN) on this connection; many offer one only over TLS: \
                                     use smtps://host:465 or smtp://host:587?tls=required"
                .into(),
            (Step::Mail, true) => "the server refuses the sender of `mail.from`; send from an \
                                   address of your organisation's own domain that this server \
                                   may send for"
                .into(),
            (Step::Connect, _) => format!(
                "check the host and the port (465 for smtps://, 587 for ?tls=required), that \
                 the server is up, and for TLS that its certificate names this host; {rerun}"
            ),
            _ => rerun.into(),
        }
    }
}

/// A failed step and why.
struct Failure {
    step: Step,
    error: Cause,
}

/// Why a step failed.
enum Cause {
    /// lettre's error: a reply, or trouble on the way.
    Smtp(SmtpError),
    /// An address with letters beyond ASCII, toward a server that does not
    /// offer SMTPUTF8 (RFC 6531): that recipient cannot be written to there.
    NoUtf8,
}

/// How a failure should be answered.
enum Kind {
    /// A 4xx reply, a dropped connection, a timeout: try again.
    Transient,
    /// A 5xx reply.
    Permanent,
    /// TLS or client-side trouble that trying again will not fix.
    Broken,
}

impl Failure {
    fn kind(&self) -> Kind {
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 => return Kind::Permanent,
        };
        if error.is_client() || error.is_tls() {
            Kind::Broken
        } else if error.is_permanent() {
            Kind::Permanent
        } else {
            // 4xx replies, and connections refused, dropped or timed out.
            Kind::Transient
        }
    }

    /// The server's reply ("550 Mailbox unavailable") or the error.
    fn reply(&self) -> String {
        use std::error::Error as _;
        let error = match &self.error {
            Cause::Smtp(error) => error,
            Cause::NoUtf8 => {
                return "the server does not offer SMTPUTF8, which an address with accented \
                        letters needs: write to this participant at another address"
                    .into();
            }
        };
        match (error.status(), error.source()) {
            (Some(code), Some(text)) => format!("{code} {text}"),
            (Some(code), None) => code.to_string(),
            (None, _) => error.to_string(),
        }
    }
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
        match Smtp::new(url, &no_env) {
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
            let smtp = Smtp::new(url, &no_env).unwrap();
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
        let smtp = Smtp::new("smtps://smtp.example.org", &no_env).unwrap();
        assert!(matches!(smtp.security, Security::Tls(_)));
        assert_eq!(smtp.port, 465);
        let smtp = Smtp::new("smtp://smtp.example.org?tls=required", &no_env).unwrap();
        assert!(matches!(smtp.security, Security::StartTls(_)));
        assert_eq!(smtp.port, 587);
        let smtp = Smtp::new("smtp://[::1]", &no_env).unwrap();
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
        let smtp = Smtp::new("smtps://smtp.example.org:465/carnet.example.org", &no_env).unwrap();
        assert_eq!(smtp.port, 465);
    }

    #[test]
    fn credentials_come_in_pairs() {
        let only_user = |name: &str| (name == USER_VAR).then(|| "jeanne".to_owned());
        let error = Smtp::new("smtps://smtp.example.org", &only_user).unwrap_err();
        assert!(error.to_string().contains(PASSWORD_VAR));
    }
}
