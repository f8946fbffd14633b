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
//! 1. `recipients`: the roster matched with the pack's manifest;
//! 2. `journal`: what earlier runs sent, hence what to send now;
//! 3. `message`: subject and body from `event.yaml`'s templates, the
//!    booklet attached, a Message-ID that stays the same across reruns;
//! 4. `outbox` for a dry run, or `send` through the SMTP server.

mod journal;
mod message;
mod outbox;
mod recipients;
mod send;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use lettre::message::Mailbox;

use crate::cli::MailArgs;
use crate::error::Error;
use crate::load::digest::EventDigest;
use crate::load::event::EventInfo;
use crate::load::{self, Loaded};
use crate::participant::Participant;
use crate::plan::identity;
use crate::report::Severity;

use crate::pack::{PackReader, paths};
use journal::{Journal, Letter, Record, Registry, Standing, Status};
use message::{Attachment, Rendered, Sender, Templates};
use outbox::Outbox;
use recipients::Matched;
use send::{Delivery, Smtp};

/// 1 MB, as `--max-size` counts: a million bytes.
const MB: f64 = 1_000_000.0;
/// After this many refusals in a row, the server refuses everything (a
/// sender it will not relay for, a policy): stop instead of burning the list.
const REFUSALS_IN_A_ROW: usize = 5;

/// The checked arguments of `carnet mail`.
struct MailConfig {
    /// `--pack`; default: `dist/<event>.zip` in the event folder.
    pack: Option<PathBuf>,
    /// `--outbox`; default: `dist/outbox/` in the event folder.
    outbox: Option<PathBuf>,
    /// `None` for a dry run.
    smtp: Option<Smtp>,
    only: BTreeSet<String>,
    resend: BTreeSet<String>,
    /// At most this many messages a minute.
    per_minute: u32,
    /// The time between two messages.
    interval: Duration,
    /// Attachments above this many bytes get a warning.
    max_size: u64,
}

impl MailConfig {
    /// Checks what needs no event folder: the server, the rate, the size.
    fn new(args: &MailArgs) -> Result<Self, Error> {
        let smtp = match (&args.send, &args.smtp) {
            (true, Some(url)) => Some(Smtp::new(
                url,
                &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
                args.ca_file.as_deref(),
            )?),
            (true, None) => {
                return Err(Error::Usage(
                    "--send needs --smtp URL (or CARNET_SMTP_URL), e.g. \
                     --smtp smtps://smtp.example.org:465"
                        .into(),
                ));
            }
            (false, _) => None,
        };
        if args.per_minute == 0 {
            return Err(Error::Usage(
                "--per-minute must be at least 1 (messages a minute)".into(),
            ));
        }
        if !(args.max_size.is_finite() && args.max_size > 0.0) {
            return Err(Error::Usage(format!(
                "--max-size {}: give a size in megabytes above 0, e.g. 4",
                args.max_size
            )));
        }
        Ok(Self {
            pack: args.pack.clone(),
            outbox: args.outbox.clone(),
            smtp,
            only: args.only.iter().cloned().collect(),
            resend: args.resend.iter().cloned().collect(),
            per_minute: args.per_minute,
            interval: Duration::from_secs_f64(60.0 / f64::from(args.per_minute)),
            max_size: (args.max_size * MB) as u64,
        })
    }

    /// The pack: `--pack`, or `dist/<event>.zip` in the event folder.
    fn pack(&self, loaded: &Loaded) -> PathBuf {
        let project = &loaded.project;
        match &self.pack {
            Some(pack) => pack.clone(),
            None => project
                .root
                .join("dist")
                .join(format!("{}.zip", project.event.slug())),
        }
    }

    /// The outbox: `--outbox`, or `dist/outbox/` in the event folder,
    /// whichever pack is sent: the journal belongs to the event.
    fn outbox(&self, loaded: &Loaded) -> Outbox {
        match &self.outbox {
            Some(dir) => Outbox::new(dir.clone()),
            None => Outbox::new(loaded.project.root.join("dist").join("outbox")),
        }
    }

    /// Whether participant `id` is one this run is about: `--only` and
    /// `--resend` name them; without either, everyone.
    fn selects(&self, id: &str) -> bool {
        (self.only.is_empty() && self.resend.is_empty())
            || self.only.contains(id)
            || self.resend.contains(id)
    }
}

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
}

/// Writes the messages to the outbox, or sends them with `--send`.
pub fn mail(args: &MailArgs) -> Result<(), Error> {
    let config = MailConfig::new(args)?;
    let loaded = load::load(&args.input)?;
    if let Some(notice) = &loaded.notice {
        eprintln!("{notice}");
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
            message: "there is no `mail:` section: carnet does not know who sends the \
                      booklets, nor the subject and text of the message"
                .into(),
            hint: "add a `mail:` section with `from`, `subject` and `body` (minijinja templates); \
                   `carnet init DIR` writes an example"
                .into(),
        });
    };
    let templates = Templates::new(settings, &event_file)?;
    let sender = Sender::new(settings, &event_file)?;
    check_ids(&config, &roster.participants)?;

    let mut pack = PackReader::open(&pack_path)?;
    let booklets = pack.manifest()?;
    let digest = EventDigest::of(project, &[&load::roster_path(project)]);
    let mut matching = recipients::match_roster(&roster.participants, &booklets, &digest, &|id| {
        config.selects(id)
    });
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
            let journal = Journal::open(&outbox.journal())?;
            registry.check(&journal)?;
            journal
        }
        None => Journal::read(&outbox.journal())?,
    };
    let journal_notes = registry.notes(&journal);
    let successors = identity::successors(&journal.known(), &roster.participants);
    let unchanged = take_unchanged(&journal, &successors, &mut matching);
    let mut run = Run {
        config,
        templates,
        sender,
        event: &project.event.event,
        roster_file: &roster.file,
        pack,
        outbox,
        grid,
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
            "warning: {roster_errors} problems in the roster {}; the rows concerned are left \
             out (`carnet check` lists them)",
            roster.file
        );
    }
    if journal.was_torn() {
        let _ = writeln!(
            notes,
            "note: the last line of {} was cut short by an interrupted run; it is ignored",
            journal.path().display()
        );
    }
    notes.push_str(&journal_notes);
    notes.push_str(&unseen_pack(&journal, &booklets, &pack_path).unwrap_or_default());
    describe_matching(&mut notes, &matching);
    describe_unchanged(&mut notes, &unchanged);
    describe_journal(&mut notes, &decided);
    describe_sizes(&mut notes, &decided.outgoing, run.config.max_size);

    let stale = stale_error(&matching, &pack_path);
    let Some(mut smtp) = run.config.smtp.take() else {
        run.dry_run(&decided, notes)?;
        return stale.map_or(Ok(()), Err);
    };
    print!("{notes}");
    if let Some(error) = stale {
        return Err(error);
    }
    if !decided.outgoing.is_empty() {
        registry.add(&journal)?;
    }
    run.send(&mut smtp, journal, &decided)
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
) -> Option<String> {
    let pairs = booklets
        .values()
        .map(|b| (b.id.as_str(), b.sha256.as_str()));
    if !journal.has_sent() || booklets.is_empty() || journal.knows_any(pairs) {
        return None;
    }
    Some(format!(
        "note: the journal {} records messages of this event, none for the {} of {}: all of \
         them are new to the journal (late registrants?); check that this is the event meant\n",
        journal.path().display(),
        match booklets.len() {
            1 => "booklet".to_owned(),
            n => format!("{n} booklets"),
        },
        pack.display()
    ))
}

/// Refuses to go on when a selected participant's booklet is missing or was
/// made from other data than the roster and the event hold now.
fn stale_error(matching: &recipients::Matching<'_>, pack: &Path) -> Option<Error> {
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
        _ => format!(" and {} more", n - 5),
    };
    Some(Error::Input {
        file: pack.display().to_string(),
        message: format!(
            "{n} {} stale ({}{more}, listed above): their data changed since the pack was \
             built, or their booklet is not in it; nothing was sent",
            plural(n, "booklet is", "booklets are"),
            names.join(", ")
        ),
        hint: "rebuild the pack with `carnet build` (unchanged booklets keep their bytes, so \
               nothing is sent twice), or leave these participants out with --only"
            .into(),
    })
}

/// Moves out of the participants without a booklet in the pack those to
/// whom the journal says the same booklet data went already (a supplement
/// pack leaves them out); the others are stale.
fn take_unchanged<'a>(
    journal: &Journal,
    successors: &BTreeMap<String, &str>,
    matching: &mut recipients::Matching<'a>,
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
                .push((participant, "no booklet in the pack".to_owned())),
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
fn check_ids(config: &MailConfig, participants: &[Participant]) -> Result<(), Error> {
    let known: BTreeSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();
    for (flag, ids) in [("--only", &config.only), ("--resend", &config.resend)] {
        let unknown: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !known.contains(id))
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Usage(format!(
                "{flag} {}: no participant with this id in the roster; the ids are in the \
                 first column of the pack's manifest.csv",
                unknown.join(" ")
            )));
        }
    }
    Ok(())
}

impl Run<'_> {
    /// Decides, from the journal, what to send to each matched participant,
    /// and renders every message that goes, so that a template error shows
    /// before anything is sent.
    fn decide<'p>(
        &mut self,
        journal: &Journal,
        successors: &BTreeMap<String, &str>,
        matched: Vec<Matched<'p>>,
    ) -> Result<Decided<'p>, Error> {
        let domain = self.sender.domain();
        let grid_size = self.grid.as_ref().map_or(0, |g| g.bytes.len() as u64);
        let mut decided = Decided::default();
        for matched in matched {
            let id = matched.participant.id.as_str();
            let sha = matched.booklet.sha256.as_str();
            let resend = self.config.resend.contains(id);
            let fresh = |times: usize| message::message_id(id, sha, &domain, times);
            // A participant whose id changed with a correction: their history.
            let history = successors.get(id).copied().unwrap_or(id);
            let (message_id, again) = match journal.standing(history, sha, &matched.address) {
                Standing::New => (fresh(0), None),
                Standing::Pending(record) => (
                    record.message_id.clone(),
                    Some(format!(
                        "again: the run of {} stopped before the server answered; same \
                         Message-ID, so that a copy can be recognised",
                        record.time
                    )),
                ),
                Standing::Failed(record) => (
                    record.message_id.clone(),
                    Some(format!("again after temporary failures on {}", record.time)),
                ),
                Standing::Sent(_) if resend => (
                    fresh(journal.times_sent(id, sha)),
                    Some("again, as --resend asks; new Message-ID".into()),
                ),
                Standing::Refused(_) | Standing::Changed(_) if resend => (
                    fresh(journal.times_sent(id, sha)),
                    Some("again, as --resend asks".into()),
                ),
                Standing::NewAddress(record) => (
                    fresh(journal.times_sent(id, sha)),
                    Some(format!(
                        "to a new address: the booklet went to {} on {}",
                        record.to, record.time
                    )),
                ),
                Standing::Sent(record) => {
                    let record = record.clone();
                    decided.sent.push(Skipped { matched, record });
                    continue;
                }
                Standing::Refused(record) => {
                    let record = record.clone();
                    decided.refused.push(Skipped { matched, record });
                    continue;
                }
                Standing::Changed(record) => {
                    let record = record.clone();
                    decided.changed.push(Skipped { matched, record });
                    continue;
                }
            };
            let to = message::recipient(matched.participant, &matched.address).map_err(|e| {
                Error::Input {
                    file: self.roster_file.to_owned(),
                    message: format!("participant {id}: {e}"),
                    hint: "correct the address in the roster".into(),
                }
            })?;
            let rendered = self.templates.render(matched.participant, self.event)?;
            let size = self.pack.size(&matched.booklet.file).unwrap_or(0) + grid_size;
            decided.outgoing.push(Outgoing {
                matched,
                to,
                message_id,
                again,
                rendered,
                size,
            });
        }
        Ok(decided)
    }

    /// The message for one participant, booklet read from the pack.
    fn build(&mut self, item: &Outgoing<'_>) -> Result<lettre::Message, Error> {
        let booklet = &item.matched.booklet;
        let mut attachments = vec![Attachment {
            name: booklet.file_name().to_owned(),
            bytes: self.pack.booklet(booklet)?,
        }];
        attachments.extend(self.grid.clone());
        message::build(
            &self.sender,
            item.to.clone(),
            &item.message_id,
            &item.rendered,
            attachments,
        )
        .map_err(|e| Error::Input {
            file: self.roster_file.to_owned(),
            message: format!(
                "participant {}: the message cannot be built: {e}",
                booklet.id
            ),
            hint: "check the participant's address, and `mail.from` in event.yaml".into(),
        })
    }
    /// Writes each message to the outbox and prints the summary.
    fn dry_run(&mut self, decided: &Decided<'_>, notes: String) -> Result<(), Error> {
        let outbox = self.outbox.clone();
        let ids = decided
            .outgoing
            .iter()
            .map(|o| &o.matched)
            .chain(decided.sent.iter().map(|s| &s.matched))
            .chain(decided.refused.iter().map(|s| &s.matched))
            .chain(decided.changed.iter().map(|s| &s.matched))
            .map(|m| m.participant.id.as_str());
        outbox.clear(ids)?;
        for item in &decided.outgoing {
            let message = self.build(item)?;
            outbox.write(&item.matched.participant.id, &message.formatted())?;
        }
        let mut out = String::new();
        let n = decided.outgoing.len();
        if n == 0 {
            let _ = writeln!(out, "Dry run: nothing to send.");
        } else {
            let _ = writeln!(
                out,
                "Dry run: {n} {} to send, written to {} (nothing was sent):",
                plural(n, "message", "messages"),
                outbox.dir().display()
            );
            for item in &decided.outgoing {
                let again = item.again.as_ref().map(|a| format!(" ({a})"));
                let _ = writeln!(
                    out,
                    "  {} → {}{}",
                    item.matched.participant.id,
                    item.to,
                    again.unwrap_or_default()
                );
            }
            let _ = writeln!(out, "From: {}", self.sender.from);
            if let Some(reply_to) = &self.sender.reply_to {
                let _ = writeln!(out, "Reply-To: {reply_to}");
            }
            let _ = writeln!(out, "Subject: {}", decided.outgoing[0].rendered.subject);
        }
        out.push_str(&notes);
        if n > 0 {
            let _ = writeln!(
                out,
                "To send them: carnet mail --send --smtp smtps://smtp.example.org:465, with the \
                 login in {} and {}",
                send::USER_VAR,
                send::PASSWORD_VAR
            );
        }
        print!("{out}");
        Ok(())
    }

    /// Sends each message, journaled and throttled, and prints the summary.
    fn send(
        &mut self,
        smtp: &mut Smtp,
        mut journal: Journal,
        decided: &Decided<'_>,
    ) -> Result<(), Error> {
        let total = decided.outgoing.len();
        if total > 0 {
            eprintln!(
                "sending {total} {} through {}, at most {} a minute; journal: {}",
                plural(total, "message", "messages"),
                smtp.shown(),
                self.config.per_minute,
                journal.path().display()
            );
        }
        let mut sent = 0;
        let mut refused: Vec<(&Outgoing<'_>, String)> = Vec::new();
        let mut failed: Vec<(&Outgoing<'_>, String)> = Vec::new();
        let mut unanswered = 0;
        let mut stopped = None;
        let mut refusals_in_a_row = 0;
        let mut last_start: Option<Instant> = None;
        for (index, item) in decided.outgoing.iter().enumerate() {
            if refusals_in_a_row >= REFUSALS_IN_A_ROW {
                break;
            }
            if let Some(start) = last_start {
                thread::sleep(self.config.interval.saturating_sub(start.elapsed()));
            }
            last_start = Some(Instant::now());
            let id = item.matched.participant.id.as_str();
            let sha = item.matched.booklet.sha256.as_str();
            let address = item.matched.address.as_str();
            let message = self.build(item)?;
            let bytes = message.formatted();
            let participant = item.matched.participant;
            let letter = Letter {
                id,
                first_name: &participant.first_name,
                last_name: &participant.last_name,
                to: address,
                sha256: sha,
                data: Some(&item.matched.data),
            };
            let record = |status, reply| Record::now(status, &letter, &item.message_id, reply);
            journal.append(record(Status::Sending, None))?;
            let progress = format!("[{}/{total}] {id}", index + 1);
            let delivery =
                smtp.deliver(message.envelope(), &bytes, &mut |attempt, reply, delay| {
                    eprintln!(
                        "{progress}: {reply}; trying again in {} (try {attempt})",
                        seconds(delay)
                    );
                });
            match delivery {
                Delivery::Accepted(reply) => {
                    journal.append(record(Status::Sent, Some(reply)))?;
                    eprintln!("{progress}: sent to {}", item.to);
                    sent += 1;
                    refusals_in_a_row = 0;
                }
                Delivery::Refused(reply) => {
                    journal.append(record(Status::Refused, Some(reply.clone())))?;
                    eprintln!("{progress}: refused by the server: {reply}");
                    refused.push((item, reply));
                    refusals_in_a_row += 1;
                }
                Delivery::Failed(reply) => {
                    journal.append(record(Status::Failed, Some(reply.clone())))?;
                    eprintln!("{progress}: not sent, the server kept failing: {reply}");
                    failed.push((item, reply));
                }
                Delivery::Unanswered(what) => {
                    // No record: the `sending` one stays, and the next run
                    // sends it again with the same Message-ID.
                    eprintln!(
                        "{progress}: no answer after the message was sent ({what}); it may \
                         have arrived: a rerun sends it again with the same Message-ID"
                    );
                    unanswered += 1;
                }
                Delivery::Stop(stop) => {
                    journal.append(record(Status::Failed, Some(stop.reply.clone())))?;
                    eprintln!(
                        "{progress}: not sent, stopped {}: {}",
                        stop.step, stop.reply
                    );
                    stopped = Some(stop);
                    break;
                }
            }
        }

        let mut out = String::new();
        if total == 0 {
            let _ = writeln!(
                out,
                "Nothing to send (journal: {}).",
                journal.path().display()
            );
        } else {
            let _ = writeln!(
                out,
                "\nSent through {}: {sent} of {total} {} (journal: {}).",
                smtp.shown(),
                plural(total, "message", "messages"),
                journal.path().display()
            );
        }
        if !refused.is_empty() {
            let _ = writeln!(out, "Refused by the server ({}):", refused.len());
            for (item, reply) in &refused {
                let _ = writeln!(
                    out,
                    "  {} {}: {reply}",
                    item.matched.participant.id, item.to
                );
            }
        }
        if !failed.is_empty() {
            let _ = writeln!(
                out,
                "Not sent after repeated temporary failures ({}); a rerun tries them again:",
                failed.len()
            );
            for (item, reply) in &failed {
                let _ = writeln!(
                    out,
                    "  {} {}: {reply}",
                    item.matched.participant.id, item.to
                );
            }
        }
        let left = total - sent - refused.len() - failed.len() - unanswered;
        if left > 0 {
            let _ = writeln!(
                out,
                "Not sent yet: {left}; rerun to send them: the journal skips what was sent."
            );
        }
        print!("{out}");

        if let Some(stop) = stopped {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!("stopped {}: {}", stop.step, stop.reply),
                hint: stop.hint(),
            });
        }
        if left > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!(
                    "stopped after {REFUSALS_IN_A_ROW} refusals in a row: the server seems to \
                     refuse every message"
                ),
                hint: "read the replies above; a server that refuses mail from the sender's \
                       domain needs SPF, DKIM and DMARC set up for it (see the README)"
                    .into(),
            });
        }
        if unanswered > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!(
                    "{unanswered} {} sent but never answered: the connection dropped or timed \
                     out before the server's reply (listed above)",
                    plural(unanswered, "message was", "messages were")
                ),
                hint: "they may have arrived: a rerun sends them again with the same \
                       Message-ID, by which a copy can be recognised"
                    .into(),
            });
        }
        let undelivered = refused.len() + failed.len() + decided.refused.len();
        if undelivered > 0 {
            return Err(Error::Input {
                file: journal.path().display().to_string(),
                message: format!(
                    "{undelivered} {} not delivered (listed above)",
                    plural(undelivered, "message was", "messages were")
                ),
                hint: "correct refused addresses in the roster, rebuild the pack and rerun (or \
                       use --resend ID); rerun later for temporary failures"
                    .into(),
            });
        }
        Ok(())
    }
}

/// Participants without an email, booklets missing or not theirs.
fn describe_matching(out: &mut String, matching: &recipients::Matching<'_>) {
    if !matching.without_email.is_empty() {
        let _ = writeln!(
            out,
            "{} {} without an email (no message):",
            matching.without_email.len(),
            plural(matching.without_email.len(), "participant", "participants")
        );
        for participant in &matching.without_email {
            let _ = writeln!(out, "  {} {}", participant.id, participant.full_name());
        }
    }
    if !matching.stale.is_empty() {
        let _ = writeln!(
            out,
            "warning: the pack may be stale, rebuild it with `carnet build`; no message for:"
        );
        for (participant, problem) in &matching.stale {
            let _ = writeln!(
                out,
                "  {} {}: {problem}",
                participant.id,
                participant.full_name()
            );
        }
    }
    if !matching.orphans.is_empty() {
        let _ = writeln!(
            out,
            "warning: the pack has booklets for ids that are not in the roster (the pack may \
             be stale: rebuild it with `carnet build`):"
        );
        for booklet in &matching.orphans {
            let _ = writeln!(out, "  {} ({})", booklet.id, booklet.file);
        }
    }
}

/// The participants a supplement pack left out, whose booklet was sent.
fn describe_unchanged(out: &mut String, unchanged: &[Unchanged<'_>]) {
    let (same, changed): (Vec<&Unchanged<'_>>, Vec<&Unchanged<'_>>) =
        unchanged.iter().partition(|u| u.same);
    if !same.is_empty() {
        let _ = writeln!(
            out,
            "Not in this pack, unchanged since sent: {} (the journal says so)",
            same.len()
        );
        if same.len() <= 10 {
            for item in same {
                let _ = writeln!(
                    out,
                    "  {} {}: sent on {}",
                    item.participant.id,
                    item.participant.full_name(),
                    item.record.time
                );
            }
        }
    }
    for item in changed {
        let id = &item.participant.id;
        let _ = writeln!(
            out,
            "warning: {id} {}: booklet changed since it was sent on {}, and this pack has none \
             for them: to send the new one, use --resend {id} with a pack that holds it",
            item.participant.full_name(),
            item.record.time
        );
    }
}

/// What the journal says about the participants this run leaves out.
fn describe_journal(out: &mut String, decided: &Decided<'_>) {
    if !decided.sent.is_empty() {
        let _ = writeln!(
            out,
            "Already sent, skipped: {} (the journal says so; --resend ID sends again)",
            decided.sent.len()
        );
        for skipped in &decided.sent {
            if skipped.record.id != skipped.matched.participant.id {
                let _ = writeln!(
                    out,
                    "  {} {}: sent on {} under the id {}, before a correction of the roster",
                    skipped.matched.participant.id,
                    skipped.matched.participant.full_name(),
                    skipped.record.time,
                    skipped.record.id
                );
            }
        }
    }
    for skipped in &decided.changed {
        let id = &skipped.matched.participant.id;
        let was = match skipped.record.id == *id {
            true => String::new(),
            false => format!(" under the id {}", skipped.record.id),
        };
        let _ = writeln!(
            out,
            "warning: {id} {}: booklet changed since it was sent on {}{was}: use --resend {id} \
             to send the new one",
            skipped.matched.participant.full_name(),
            skipped.record.time,
        );
    }
    for skipped in &decided.refused {
        let _ = writeln!(
            out,
            "warning: {} {} <{}>: refused by the server on {} ({}); correct the address in \
             the roster, or use --resend {} to try again",
            skipped.matched.participant.id,
            skipped.matched.participant.full_name(),
            skipped.record.to,
            skipped.record.time,
            skipped.record.reply.as_deref().unwrap_or("no reply"),
            skipped.matched.participant.id
        );
    }
}

/// Total and largest attachments, and a warning for each heavy message.
fn describe_sizes(out: &mut String, outgoing: &[Outgoing<'_>], max_size: u64) {
    let Some(largest) = outgoing.iter().max_by_key(|o| o.size) else {
        return;
    };
    let total: u64 = outgoing.iter().map(|o| o.size).sum();
    let _ = writeln!(
        out,
        "Attachments: {} in all; the largest {} ({} {})",
        megabytes(total),
        megabytes(largest.size),
        largest.matched.participant.id,
        largest.matched.participant.full_name()
    );
    for item in outgoing.iter().filter(|o| o.size > max_size) {
        let _ = writeln!(
            out,
            "warning: {} {}: the attachments weigh {}, over --max-size {}; base64 adds a \
             third in the message, and some servers refuse large messages",
            item.matched.participant.id,
            item.matched.participant.full_name(),
            megabytes(item.size),
            megabytes(max_size)
        );
    }
}

/// A participant id as it may appear in a Message-ID: as it is when made
/// of letters, digits, `-`, `_` and `.` (and not too long for a header),
/// else slugified.
fn safe_id(id: &str) -> String {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain
        && !id.is_empty()
        && id.len() <= crate::names::MAX_KEY_BYTES
        && !id.starts_with('.')
        && !id.ends_with('.')
        && !id.contains("..")
    {
        return id.to_owned();
    }
    match crate::names::slug(id, crate::names::MAX_KEY_BYTES) {
        slug if slug.is_empty() => "participant".to_owned(),
        slug => slug,
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / MB)
}

fn seconds(duration: Duration) -> String {
    match duration.as_millis() {
        ms @ 0..1000 => format!("{ms} ms"),
        _ => format!("{:.0} s", duration.as_secs_f64()),
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
