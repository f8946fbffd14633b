//! carnet turns an event's content and its participant spreadsheet into a
//! print-ready pack of personalised documents, and mails each participant
//! their booklet.
//!
//! The pipeline, one module per stage, typed values between them:
//!
//! 1. [`load`]: the event folder ([`load::project`]: content, templates and
//!    fonts over the built-in defaults; [`load::event`]: `event.yaml`, with
//!    every document's options typed, then decided for the templates, in
//!    [`load::options`]; [`load::prose`]:
//!    what Typst would silently change in the organisers' prose;
//!    [`load::digest`]: what a booklet is made from) and the roster
//!    ([`roster`]: any spreadsheet, read into checked [`participant`]s,
//!    every problem a [`report::Problem`] that points at its cell).
//! 2. [`plan`]: the documents to make, each a template, its data and its
//!    place in the pack; long documents cut into slices
//!    ([`plan::slices`]); the badges' sheets ([`plan::badges`]); for `--since`, only what changed
//!    ([`plan::supplement`], recognising people across corrections with
//!    [`plan::identity`]).
//! 3. [`render`]: Typst compiles them on all cores through one shared
//!    [`render::engine::Engine`]; each document's data reaches its template
//!    as a virtual JSON file, never as generated markup; a booklet is made
//!    of its participant's *front* and a *body* laid out once;
//!    [`render::glyphs`] finds the characters no font can print.
//! 4. [`pack`]: the PDFs stream into one zip ([`pack::paths`] names every
//!    entry) with the manifest, the print files and the report
//!    ([`report::Report`]); the pack's reader sits beside its writer.
//! 5. [`mail`]: each participant's booklet sent by email, journaled, never
//!    twice.
//!
//! The PDF layer is its own crate, `carnet-pdf` (`crates/carnet-pdf`), and
//! knows nothing of events: [`carnet_pdf::join`] joins a booklet's front and
//! body, [`carnet_pdf::concat`] a long document's slices,
//! [`carnet_pdf::impose`] lays booklets out for printing.
//!
//! The commands put the stages together, each as a list of steps:
//! [`build`], [`check`] (a dry build), [`mail`], [`init`], [`preview`] (one
//! page as an image), [`serve`] (the desk in the browser). [`run`]
//! dispatches the parsed command line ([`cli`]) to them; [`error`] holds
//! what they return, [`interrupt`] what a stopped build must clean up,
//! [`limits`] the bounds on every input and [`names`] the file names made
//! from roster values.

pub mod build;
pub mod check;
pub mod cli;
pub mod error;
pub mod init;
pub mod interrupt;
pub mod limits;
pub mod load;
pub mod locale;
pub mod mail;
pub mod names;
pub mod pack;
pub mod participant;
pub mod plan;
pub mod preview;
pub mod render;
pub mod report;
pub mod roster;
pub mod serve;

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
        Command::Preview(args) => {
            let made = preview::preview(&args)?;
            for note in &made.notes {
                eprintln!("note: {note}");
            }
            let (w, h) = made.size;
            match &args.out.to_str() {
                Some("-") => eprintln!("{} ({w} × {h} px)", made.shows),
                _ => eprintln!(
                    "wrote {} ({w} × {h} px): {}",
                    args.out.display(),
                    made.shows
                ),
            }
            Ok(())
        }
        Command::Serve(args) => serve::serve(&args),
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
