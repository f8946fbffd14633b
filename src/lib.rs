//! carnet turns an event's content and its participant spreadsheet into a
//! print-ready pack of personalised documents.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: the event folder ([`project`]: content, templates and fonts
//!    over the built-in defaults; [`event`]: `event.yaml`) and the roster
//!    ([`roster`]: any spreadsheet, read into checked [`participant`]s, with
//!    every problem as a [`report::Problem`]).
//! 2. [`plan`]: the documents to make, each a template and its data.
//! 3. [`render`]: Typst compiles them on all cores through one shared
//!    [`engine::Engine`]; each document's data reaches its template as a
//!    virtual JSON file, never as generated markup.
//! 4. [`pack`]: the PDFs stream into one zip with a manifest and a report.
//!
//! 5. [`mail`]: each participant's booklet sent by email, journaled.
//!
//! The commands ([`build`], [`check`], [`mail`], [`init`]) put the stages together;
//! [`run`] dispatches the parsed command line to them.

pub mod assemble;
pub mod badges;
pub mod build;
pub mod check;
pub mod cli;
pub mod digest;
pub mod engine;
pub mod error;
pub mod event;
pub mod glyphs;
pub mod identity;
pub mod impose;
pub mod init;
pub mod interrupt;
pub mod limits;
pub mod load;
pub mod mail;
pub mod names;
pub mod options;
pub mod pack;
pub mod participant;
pub mod plan;
pub mod project;
pub mod prose;
pub mod render;
pub mod report;
pub mod roster;
pub mod supplement;

use cli::{Cli, Command};
pub use error::Error;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => build::build(&args).map(|_| ()),
        Command::Check(args) => {
            let checked = check::check(&args)?;
            print!("{}", checked.text);
            match checked.errors {
                0 => Ok(()),
                n => Err(Error::Reported(n)),
            }
        }
        Command::Mail(args) => mail::mail(&args),
        Command::Init(args) => {
            let written = init::init(&args.dir)?;
            eprintln!(
                "wrote {written} files into {}; edit content/event.yaml and content/participants.xlsx, then run `carnet build --project {}`",
                args.dir.display(),
                args.dir.display()
            );
            Ok(())
        }
    }
}
