//! The desk's build: `carnet build` run from the page, one at a time, its
//! progress shown, its pack offered for download.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser as _;

use crate::build::{Progress, build_with};
use crate::cli::{Cli, Command, InputArgs};

/// Where the desk's build stands.
#[derive(Debug, Clone)]
pub(super) enum Work {
    /// Nothing built since the desk started.
    Idle,
    /// Building: documents made of all.
    Building {
        /// Documents in the pack so far.
        done: u64,
        /// All of them.
        total: u64,
        /// Since when.
        since: Instant,
    },
    /// The pack, built.
    Built {
        /// Where it is.
        pack: PathBuf,
        /// How many booklets it holds.
        booklets: usize,
        /// How many warnings report.txt lists.
        warnings: usize,
        /// How long it took.
        took: Duration,
    },
    /// The build stopped: why, as the command line says it.
    Failed(String),
}

/// The desk's build, shared by every request: one at a time.
#[derive(Debug)]
pub(super) struct Builds {
    work: Mutex<Work>,
}

impl Builds {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Self {
            work: Mutex::new(Work::Idle),
        })
    }

    /// Where it stands.
    pub(super) fn now(&self) -> Work {
        self.work.lock().expect("the desk's build").clone()
    }

    /// Starts a build of the event, unless one is running; false when one
    /// was.
    pub(super) fn start(self: &Arc<Self>, input: &InputArgs) -> bool {
        {
            let mut work = self.work.lock().expect("the desk's build");
            if matches!(*work, Work::Building { .. }) {
                return false;
            }
            *work = Work::Building {
                done: 0,
                total: 0,
                since: Instant::now(),
            };
        }
        let builds = self.clone();
        let input = input.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let outcome = match build_args(&input) {
                Ok(args) => build_with(&args, builds.as_ref()).map_err(|e| e.for_people()),
                Err(e) => Err(e),
            };
            let done = match outcome {
                Ok(built) => match built.pack {
                    Some(pack) => Work::Built {
                        pack,
                        booklets: built.booklets,
                        warnings: built.warnings,
                        took: started.elapsed(),
                    },
                    None => Work::Failed("nothing to build".into()),
                },
                Err(why) => Work::Failed(why),
            };
            *builds.work.lock().expect("the desk's build") = done;
        });
        true
    }
}

impl Progress for Builds {
    fn made(&self, done: u64, total: u64) {
        let mut work = self.work.lock().expect("the desk's build");
        if let Work::Building { since, .. } = *work {
            *work = Work::Building { done, total, since };
        }
    }
}

/// `carnet build` of this event, with every default the command line has.
fn build_args(input: &InputArgs) -> Result<crate::cli::BuildArgs, String> {
    match command(input, "build", Vec::new())? {
        Command::Build(args) => Ok(args),
        _ => Err("not a build".into()),
    }
}

/// The command `name` of carnet on this event, with these further
/// arguments, as the command line would read it (defaults, environment).
pub(super) fn command(
    input: &InputArgs,
    name: &str,
    more: Vec<std::ffi::OsString>,
) -> Result<Command, String> {
    let mut words = vec!["carnet".into(), name.into(), "--project".into()];
    words.push(input.project.clone().into_os_string());
    if let Some(roster) = &input.participants {
        words.push("--participants".into());
        words.push(roster.clone().into_os_string());
    }
    if let Some(sheet) = &input.sheet {
        words.push("--sheet".into());
        words.push(sheet.into());
    }
    words.extend(more);
    Cli::try_parse_from(words)
        .map(|cli| cli.command)
        .map_err(|e| e.to_string())
}
