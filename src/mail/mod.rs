//! `carnet mail`: each participant's booklet, by email.
//!
//! Mailing 150 people is the one step of the pipeline that cannot be undone,
//! so it is safe by default. Without `--send` it is a dry run: each message
//! is written to the outbox as an `.eml` file to open and check, and a
//! summary says who gets what, who has no address and which messages are
//! heavy. With `--send` each message goes to an SMTP server, encrypted,
//! at a polite rate, and a journal records it as it is accepted, so that a
//! rerun after any interruption sends what is missing and nothing twice.
//!
//! The steps, one file each:
//! 1. `config`: the arguments checked before the event folder is read;
//! 2. `recipients`: the roster matched with the pack's manifest;
//! 3. `journal`: what earlier runs sent; `decide`: hence what to send now;
//! 4. `message`: subject and body from `event.yaml`'s templates, the
//!    booklet attached, a Message-ID that stays the same across reruns;
//! 5. `dry_run` into the `outbox`, or `sending` through the SMTP server
//!    (`send`: the connection, its failures and whom it trusts);
//! 6. `summary`: what the run prints.

mod config;
mod decide;
mod dry_run;
mod journal;
mod message;
mod outbox;
mod recipients;
mod send;
mod sending;
mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use lettre::message::Mailbox;

use crate::cli::MailArgs;
use crate::error::Error;
use crate::load::digest::EventDigest;
use crate::load::event::EventInfo;
use crate::load::{self, Loaded};
use crate::locale::Language;
use crate::participant::Participant;
use crate::plan::identity;
use crate::report::Severity;
use crate::say;

use crate::pack::{PackReader, paths};
use config::MailConfig;
use journal::{Journal, Record, Registry};
use message::{Attachment, Rendered, Sender, Templates};
use outbox::Outbox;
use recipients::Matched;
use summary::{describe_journal, describe_matching, describe_sizes, describe_unchanged, safe_id};

/// 1 MB, as `--max-size` counts: a million bytes.
const MB: f64 = 1_000_000.0;
/// After this many refusals in a row, the server refuses everything (a
/// sender it will not relay for, a policy): stop instead of burning the list.
const REFUSALS_IN_A_ROW: usize = 5;

/// A message this run sends (or writes, in a dry run).
struct Outgoing<'a> {
    matched: Matched<'a>,
    to: Mailbox,
    message_id: String,
    /// Why it goes, when it is not the first time.
    again: Option<String>,
    rendered: Rendered,
    /// The attachments' size in bytes.
    size: u64,
}

/// A participant this run leaves out because of the journal.
struct Skipped<'a> {
    matched: Matched<'a>,
    record: Record,
}

/// A participant this run leaves out because a supplement pack left them
/// out: the booklet they were sent was made from the same data.
struct Unchanged<'a> {
    participant: &'a Participant,
    record: Record,
    /// Whether the booklet sent was made from the same data; if not, the
    /// new one waits for `--resend` with a pack that holds it.
    same: bool,
}

/// What this run is about, decided before anything is sent.
#[derive(Default)]
struct Decided<'a> {
    outgoing: Vec<Outgoing<'a>>,
    sent: Vec<Skipped<'a>>,
    refused: Vec<Skipped<'a>>,
    changed: Vec<Skipped<'a>>,
}

/// Everything a run needs to build messages.
struct Run<'r> {
    config: MailConfig,
    templates: Templates,
    sender: Sender,
    event: &'r EventInfo,
    /// The roster's name, for messages about addresses.
    roster_file: &'r str,
    pack: PackReader,
    outbox: Outbox,
    /// The blank grid, when `mail.attach_grid`.
    grid: Option<Attachment>,
    /// The language of what the run says.
    language: Language,
}

/// Reads a setting of the environment (the SMTP login, the trust store);
/// `None` when unset or empty.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The variable `carnet mail --send` reads the SMTP user from.
pub const USER_VAR: &str = send::USER_VAR;
/// The variable `carnet mail --send` reads the SMTP password from.
pub const PASSWORD_VAR: &str = send::PASSWORD_VAR;

/// Where a run tells what it does: the terminal for `carnet mail`, the
/// page for the desk.
pub trait Told {
    /// A line of progress, as it happens (the terminal's stderr).
    fn progress(&mut self, line: &str);
    /// What the run did, at its end (stdout).
    fn summary(&mut self, text: &str);
    /// A message a dry run wrote to the outbox, for review.
    fn reviewed(&mut self, _message: Reviewed) {}
    /// What a dry run found worth saying besides the messages (who has no
    /// address, what the journal says, heavy attachments), before its
    /// summary, which repeats it.
    fn notes(&mut self, _notes: &str) {}
    /// `done` of the `total` messages of a send are settled.
    fn settled(&mut self, _done: usize, _total: usize) {}
}

/// The terminal: progress on stderr, the summary on stdout.
pub struct Terminal;

impl Told for Terminal {
    fn progress(&mut self, line: &str) {
        eprintln!("{line}");
    }

    fn summary(&mut self, text: &str) {
        print!("{text}");
    }
}

/// A message of a dry run as its recipient will read it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reviewed {
    /// The participant's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// The recipient, as the To header shows it.
    pub to: String,
    /// Why it goes, when it is not the first time.
    pub again: Option<String>,
    /// The sender.
    pub from: String,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// Whether an HTML alternative goes with it.
    pub html: bool,
    /// Each attachment's file name and size in bytes.
    pub attachments: Vec<(String, u64)>,
    /// The `.eml` file written in the outbox.
    pub file: std::path::PathBuf,
}

/// Writes the messages to the outbox, or sends them with `--send`.
pub fn mail(args: &MailArgs) -> Result<(), Error> {
    mail_with(
        args,
        &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
        &mut Terminal,
        Language::terminal(),
    )
}

/// `carnet mail` with the environment read through `env` and what it does
/// told to `told` in `language`: the same journal, rules and messages.
pub fn mail_with(
    args: &MailArgs,
    env: Env<'_>,
    told: &mut dyn Told,
    language: Language,
) -> Result<(), Error> {
    let config = MailConfig::new(args, env)?;
    let loaded = load::load(&args.input)?;
    if let Some(notice) = &loaded.notice {
        told.progress(notice);
    }
    let pack_path = config.pack(&loaded);
    let outbox = config.outbox(&loaded);
    let Loaded {
        project, roster, ..
    } = &loaded;
    let event_file = project.display("content/event.yaml");
    let Some(settings) = project.event.mail.as_ref() else {
        return Err(Error::Input {
            file: event_file,
            message: say!(language, "mail-no-mail-section"),
            hint: say!(language, "mail-no-mail-section-hint"),
        });
    };
    let templates = Templates::new(settings, &event_file)?;
    let sender = Sender::new(settings, &event_file)?;
    check_ids(&config, &roster.participants, language)?;

    let mut pack = PackReader::open(&pack_path)?;
    let booklets = pack.manifest()?;
    let digest = EventDigest::of(project, &[&load::roster_path(project)]);
    let mut matching = recipients::match_roster(
        &roster.participants,
        &booklets,
        &digest,
        &|id| config.selects(id),
        language,
    );
    let grid = match settings.attach_grid {
        true => Some(Attachment {
            name: "grille-vierge.pdf".into(),
            bytes: pack.read(paths::BLANK_GRID)?,
        }),
        false => None,
    };
    let registry = Registry::read(&project.root)?;
    let journal = match config.smtp {
        Some(_) => {
            let journal = Journal::open(&outbox.journal(), language)?;
            registry.check(&journal)?;
            journal
        }
        None => Journal::read(&outbox.journal(), language)?,
    };
    let journal_notes = registry.notes(&journal);
    let successors = identity::successors(&journal.known(), &roster.participants);
    let unchanged = take_unchanged(&journal, &successors, &mut matching, language);
    let mut run = Run {
        config,
        templates,
        sender,
        event: &project.event.event,
        roster_file: &roster.file,
        pack,
        outbox,
        grid,
        language,
    };
    let decided = run.decide(&journal, &successors, matching.matched.clone())?;

    let mut notes = String::new();
    let roster_errors = roster
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    if roster_errors > 0 {
        let _ = writeln!(
            notes,
            "{}",
            say!(
                language,
                "mail-roster-errors",
                count = roster_errors,
                file = &roster.file
            )
        );
    }
    if journal.was_torn() {
        let _ = writeln!(
            notes,
            "{}",
            say!(
                language,
                "mail-torn-journal",
                journal = journal.path().display().to_string()
            )
        );
    }
    notes.push_str(&journal_notes);
    notes.push_str(&unseen_pack(&journal, &booklets, &pack_path, language).unwrap_or_default());
    describe_matching(&mut notes, &matching, language);
    describe_unchanged(&mut notes, &unchanged, language);
    describe_journal(&mut notes, &decided, language);
    describe_sizes(&mut notes, &decided.outgoing, run.config.max_size, language);

    let stale = stale_error(&matching, &pack_path, language);
    let Some(mut smtp) = run.config.smtp.take() else {
        run.dry_run(&decided, notes, told)?;
        return stale.map_or(Ok(()), Err);
    };
    told.summary(&notes);
    if let Some(error) = stale {
        return Err(error);
    }
    if !decided.outgoing.is_empty() {
        registry.add(&journal)?;
    }
    run.send(&mut smtp, journal, &decided, told)
}

/// Points out a pack none of whose booklets the journal knows, when the
/// journal has sent messages: a supplement of late registrants, or the
/// pack of another event whose roster took this one's place. Either way
/// nobody gets a second message (the journal and the data digests see to
/// that); the organiser should know which it is before sending.
fn unseen_pack(
    journal: &Journal,
    booklets: &BTreeMap<String, crate::pack::Booklet>,
    pack: &Path,
    language: Language,
) -> Option<String> {
    let pairs = booklets
        .values()
        .map(|b| (b.id.as_str(), b.sha256.as_str()));
    if !journal.has_sent() || booklets.is_empty() || journal.knows_any(pairs) {
        return None;
    }
    let note = say!(
        language,
        "mail-unseen-pack",
        journal = journal.path().display().to_string(),
        count = booklets.len(),
        pack = pack.display().to_string()
    );
    Some(note + "\n")
}

/// Refuses to go on when a selected participant's booklet is missing or was
/// made from other data than the roster and the event hold now.
fn stale_error(
    matching: &recipients::Matching<'_>,
    pack: &Path,
    language: Language,
) -> Option<Error> {
    let n = matching.stale.len();
    if n == 0 {
        return None;
    }
    let names: Vec<String> = matching
        .stale
        .iter()
        .take(5)
        .map(|(p, _)| format!("{} {}", p.id, p.full_name()))
        .collect();
    let more = match n {
        0..=5 => String::new(),
        _ => format!(" {}", say!(language, "mail-stale-more", count = n - 5)),
    };
    Some(Error::Input {
        file: pack.display().to_string(),
        message: say!(
            language,
            "mail-stale",
            count = n,
            names = names.join(", "),
            more = more
        ),
        hint: say!(language, "mail-stale-hint"),
    })
}

/// Moves out of the participants without a booklet in the pack those to
/// whom the journal says the same booklet data went already (a supplement
/// pack leaves them out); the others are stale.
fn take_unchanged<'a>(
    journal: &Journal,
    successors: &BTreeMap<String, &str>,
    matching: &mut recipients::Matching<'a>,
    language: Language,
) -> Vec<Unchanged<'a>> {
    let mut unchanged = Vec::new();
    for (participant, data) in std::mem::take(&mut matching.absent) {
        let address = participant.email.as_deref().unwrap_or("").trim();
        let history = successors
            .get(&participant.id)
            .copied()
            .unwrap_or(&participant.id);
        let (record, same) = match journal.sent_with_data(&participant.id, address, &data) {
            Some(record) => (Some(record), true),
            None => (journal.last_arrived(history), false),
        };
        match record {
            Some(record) => unchanged.push(Unchanged {
                participant,
                record: record.clone(),
                same,
            }),
            None => matching
                .stale
                .push((participant, say!(language, "mail-stale-absent"))),
        }
    }
    unchanged
}

/// What `carnet mail` would refuse in the event's mail settings and the
/// roster's addresses, without a pack: the sender, the subject and bodies
/// rendered for every participant, each address. Each problem once (a
/// misspelt variable fails for everyone alike), as one paragraph.
pub fn check(project: &crate::load::project::Project, participants: &[Participant]) -> Vec<String> {
    let event_file = project.display("content/event.yaml");
    let Some(settings) = project.event.mail.as_ref() else {
        return Vec::new();
    };
    let mut problems: Vec<String> = Vec::new();
    let add = |problems: &mut Vec<String>, problem: String| {
        // The same mistake for each participant: said once, for the first.
        fn key(text: &str) -> &str {
            strip_participant(text.lines().next().unwrap_or_default())
        }
        if !problems.iter().any(|p| key(p) == key(&problem)) {
            problems.push(problem);
        }
    };
    if let Err(error) = Sender::new(settings, &event_file) {
        add(&mut problems, error.for_people());
    }
    let templates = match Templates::new(settings, &event_file) {
        Ok(templates) => Some(templates),
        Err(error) => {
            add(&mut problems, error.for_people());
            None
        }
    };
    for participant in participants {
        if let Some(templates) = &templates
            && let Err(error) = templates.render(participant, &project.event.event)
        {
            add(&mut problems, error.for_people());
        }
        if let Some(address) = participant.email.as_deref().map(str::trim)
            && !address.is_empty()
            && let Err(problem) = message::recipient(participant, address)
        {
            add(
                &mut problems,
                format!(
                    "error: participant {} (row {}): {problem}\n  hint: correct the address in \
                     the roster",
                    participant.id, participant.row
                ),
            );
        }
    }
    problems
}

/// A template error's line without the participant it names, to tell the
/// same mistake apart from another.
fn strip_participant(line: &str) -> &str {
    match line.find(", for participant ") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// `--only` and `--resend` must name participants of the roster.
fn check_ids(
    config: &MailConfig,
    participants: &[Participant],
    language: Language,
) -> Result<(), Error> {
    let known: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    for (flag, ids) in [("--only", &config.only), ("--resend", &config.resend)] {
        let unknown: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !known.contains(id))
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Usage(say!(
                language,
                "mail-unknown-ids",
                flag = flag,
                ids = unknown.join(" ")
            )));
        }
    }
    Ok(())
}
