//! The checked arguments of `carnet mail`: the pack, the roster, the
//! outbox and the server, read from the command line, `event.yaml` and the
//! environment before anything is sent.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::MB;
use super::outbox::Outbox;
use super::send::Smtp;
use crate::cli::MailArgs;
use crate::error::Error;
use crate::load::Loaded;

/// The checked arguments of `carnet mail`.
pub(super) struct MailConfig {
    /// `--pack`; default: `dist/<event>.zip` in the event folder.
    pub(super) pack: Option<PathBuf>,
    /// `--outbox`; default: `dist/outbox/` in the event folder.
    pub(super) outbox: Option<PathBuf>,
    /// `None` for a dry run.
    pub(super) smtp: Option<Smtp>,
    pub(super) only: BTreeSet<String>,
    pub(super) resend: BTreeSet<String>,
    /// At most this many messages a minute.
    pub(super) per_minute: u32,
    /// The time between two messages.
    pub(super) interval: Duration,
    /// Attachments above this many bytes get a warning.
    pub(super) max_size: u64,
}

impl MailConfig {
    /// Checks what needs no event folder: the server, the rate, the size.
    pub(super) fn new(args: &MailArgs, env: super::Env<'_>) -> Result<Self, Error> {
        let smtp = match (&args.send, &args.smtp) {
            (true, Some(url)) => Some(Smtp::new(url, env, args.ca_file.as_deref())?),
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
    pub(super) fn pack(&self, loaded: &Loaded) -> PathBuf {
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
    pub(super) fn outbox(&self, loaded: &Loaded) -> Outbox {
        match &self.outbox {
            Some(dir) => Outbox::new(dir.clone()),
            None => Outbox::new(loaded.project.root.join("dist").join("outbox")),
        }
    }

    /// Whether participant `id` is one this run is about: `--only` and
    /// `--resend` name them; without either, everyone.
    pub(super) fn selects(&self, id: &str) -> bool {
        (self.only.is_empty() && self.resend.is_empty())
            || self.only.contains(id)
            || self.resend.contains(id)
    }
}
