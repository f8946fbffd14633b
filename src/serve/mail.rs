//! The desk's mail: the dry run's messages to review, then the send, with
//! its progress, through `carnet mail`'s own journal and rules.
//!
//! The SMTP login comes from the environment, as for `carnet mail`, or is
//! typed in the page: then it is held in this process's memory for the
//! session, never written, logged nor shown back, and forgotten on demand
//! or when the desk stops.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::cli::{Command, InputArgs, MailArgs};
use crate::locale::Language;
use crate::mail::{self, PASSWORD_VAR, Reviewed, Told, USER_VAR};

/// The progress lines a send keeps to show, the last ones.
const KEPT_LINES: usize = 200;

/// Where the desk's mail stands.
#[derive(Debug, Clone)]
pub(super) enum Work {
    /// No dry run yet.
    Idle,
    /// The dry run writes the messages.
    Reviewing,
    /// The dry run's messages, of the event folder's generation then.
    Reviewed(Review),
    /// Sending: messages settled of all, and what was said.
    Sending {
        /// Settled so far.
        done: usize,
        /// All of them.
        total: usize,
        /// The progress lines, the last [`KEPT_LINES`].
        lines: Vec<String>,
        /// Since when.
        since: Instant,
    },
    /// The send ended: what it said, and why it stopped if it did.
    Sent {
        /// The progress lines.
        lines: Vec<String>,
        /// The summary.
        summary: String,
        /// The error, as the command line says it.
        error: Option<String>,
    },
}

/// A dry run's outcome.
#[derive(Debug, Clone)]
pub(super) struct Review {
    /// The event folder's generation it was made from.
    pub(super) generation: u64,
    /// The messages written to the outbox.
    pub(super) messages: Vec<Reviewed>,
    /// The dry run's summary and notes.
    pub(super) summary: String,
    /// Why it stopped, or what stops a send (stale booklets…).
    pub(super) error: Option<String>,
}

/// An SMTP login typed in the page.
#[derive(Clone)]
struct Login {
    user: String,
    password: String,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Login(…)")
    }
}

/// What a send is asked to do.
pub(super) struct SendRequest {
    /// The server, as `--smtp` takes it.
    pub(super) smtp: String,
    /// At most this many a minute.
    pub(super) per_minute: u32,
}

/// Why a send was not started.
pub(super) enum Refused {
    /// A dry run or a send is running.
    Busy,
    /// The messages were not reviewed, or files changed since.
    NotReviewed,
}

/// The desk's mail, shared by every request: one dry run or send at a time.
#[derive(Debug)]
pub(super) struct Mails {
    work: Mutex<Work>,
    login: Mutex<Option<Login>>,
}

impl Mails {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self {
            work: Mutex::new(Work::Idle),
            login: Mutex::new(None),
        })
    }

    /// Where it stands.
    pub(super) fn now(&self) -> Work {
        self.work.lock().expect("the desk's mail").clone()
    }

    /// Whether a login typed in the page is held.
    pub(super) fn has_login(&self) -> bool {
        self.login.lock().expect("the desk's login").is_some()
    }

    /// Holds a login for this session.
    pub(super) fn keep_login(&self, user: String, password: String) {
        *self.login.lock().expect("the desk's login") = Some(Login { user, password });
    }

    /// Forgets the login typed in the page.
    pub(super) fn forget_login(&self) {
        *self.login.lock().expect("the desk's login") = None;
    }

    /// Takes the work from what it was to `next`, unless a dry run or a
    /// send is running.
    fn begin(
        &self,
        next: Work,
        allowed: impl FnOnce(&Work) -> Result<(), Refused>,
    ) -> Result<(), Refused> {
        let mut work = self.work.lock().expect("the desk's mail");
        if matches!(*work, Work::Reviewing | Work::Sending { .. }) {
            return Err(Refused::Busy);
        }
        allowed(&work)?;
        *work = next;
        Ok(())
    }

    /// Starts a dry run of the event's mail, as `carnet mail` makes it.
    pub(super) fn review(
        self: &Arc<Self>,
        input: &InputArgs,
        generation: u64,
        language: Language,
    ) -> Result<(), Refused> {
        self.begin(Work::Reviewing, |_| Ok(()))?;
        let mails = self.clone();
        let input = input.clone();
        std::thread::spawn(move || {
            let mut told = Collected::default();
            let outcome = mail_args(&input, None).and_then(|args| {
                mail::mail_with(&args, &env, &mut told, language).map_err(|e| e.for_people())
            });
            *mails.work.lock().expect("the desk's mail") = Work::Reviewed(Review {
                generation,
                messages: told.messages,
                summary: told.summary,
                error: outcome.err(),
            });
        });
        Ok(())
    }

    /// Sends the messages reviewed at `generation`, the event folder being
    /// at `current`.
    pub(super) fn send(
        self: &Arc<Self>,
        input: &InputArgs,
        request: SendRequest,
        reviewed: u64,
        current: u64,
        language: Language,
    ) -> Result<(), Refused> {
        let sending = Work::Sending {
            done: 0,
            total: 0,
            lines: Vec::new(),
            since: Instant::now(),
        };
        self.begin(sending, |work| match work {
            Work::Reviewed(review)
                if review.generation == reviewed
                    && reviewed == current
                    && review.error.is_none()
                    && !review.messages.is_empty() =>
            {
                Ok(())
            }
            _ => Err(Refused::NotReviewed),
        })?;
        let mails = self.clone();
        let input = input.clone();
        let login = self.login.lock().expect("the desk's login").clone();
        std::thread::spawn(move || {
            let read = |name: &str| match (&login, name) {
                (Some(login), USER_VAR) => Some(login.user.clone()),
                (Some(login), PASSWORD_VAR) => Some(login.password.clone()),
                _ => env(name),
            };
            let mut told = Sending {
                mails: mails.clone(),
                summary: String::new(),
            };
            let outcome = mail_args(&input, Some(&request)).and_then(|args| {
                mail::mail_with(&args, &read, &mut told, language).map_err(|e| e.for_people())
            });
            let lines = match mails.now() {
                Work::Sending { lines, .. } => lines,
                _ => Vec::new(),
            };
            *mails.work.lock().expect("the desk's mail") = Work::Sent {
                lines,
                summary: told.summary,
                error: outcome.err(),
            };
        });
        Ok(())
    }
}

/// The process's environment, as `carnet mail` reads it.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Whether the environment holds an SMTP login.
pub(super) fn login_in_environment() -> bool {
    env(USER_VAR).is_some()
}

/// The SMTP server named in the environment, to show in the page, unless
/// it holds a login.
pub(super) fn server_in_environment() -> String {
    env("CARNET_SMTP_URL")
        .filter(|url| !url.contains('@'))
        .unwrap_or_default()
}

/// A dry run's messages and notes, as they are told: the page shows the
/// messages themselves, not the command line's list of them.
#[derive(Default)]
struct Collected {
    messages: Vec<Reviewed>,
    summary: String,
}

impl Told for Collected {
    fn progress(&mut self, line: &str) {
        self.summary.push_str(line);
        self.summary.push('\n');
    }

    fn summary(&mut self, _text: &str) {}

    fn reviewed(&mut self, message: Reviewed) {
        self.messages.push(message);
    }

    fn notes(&mut self, notes: &str) {
        self.summary.push_str(notes);
    }
}

/// A send's progress, told to the page as it happens.
struct Sending {
    mails: Arc<Mails>,
    summary: String,
}

impl Told for Sending {
    fn progress(&mut self, line: &str) {
        let mut work = self.mails.work.lock().expect("the desk's mail");
        if let Work::Sending { lines, .. } = &mut *work {
            if lines.len() == KEPT_LINES {
                lines.remove(0);
            }
            lines.push(line.to_owned());
        }
    }

    fn summary(&mut self, text: &str) {
        self.summary.push_str(text);
    }

    fn settled(&mut self, settled: usize, of: usize) {
        let mut work = self.mails.work.lock().expect("the desk's mail");
        if let Work::Sending { done, total, .. } = &mut *work {
            *done = settled;
            *total = of;
        }
    }
}

/// `carnet mail` of this event with every default of the command line (and
/// the environment it reads): a dry run, or a send as requested.
fn mail_args(input: &InputArgs, send: Option<&SendRequest>) -> Result<MailArgs, String> {
    let mut words: Vec<std::ffi::OsString> = Vec::new();
    if let Some(request) = send {
        words.extend([
            "--send".into(),
            "--smtp".into(),
            request.smtp.clone().into(),
            "--per-minute".into(),
            request.per_minute.to_string().into(),
        ]);
    }
    match super::build::command(input, "mail", words)? {
        Command::Mail(args) => Ok(args),
        _ => Err("not a mail run".into()),
    }
}
