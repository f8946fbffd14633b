//! The command line: what each command takes, checked once into a config.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turns an event's content and its participant spreadsheet into a
/// print-ready pack of personalised documents.
#[derive(Debug, Parser)]
#[command(name = "carnet", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the pack: booklets, manifest and report, in one zip.
    Build(BuildArgs),
    /// Check the event and the roster, compile one booklet, write nothing.
    Check(CheckArgs),
    /// Write a new event folder from the built-in sample event.
    Init(InitArgs),
}

/// Where the event is and which roster to read.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The event folder (content/, templates/, fonts/); files it lacks come
    /// from the built-in sample event.
    #[arg(long, value_name = "DIR", default_value = ".", env = "CARNET_PROJECT")]
    pub project: PathBuf,
    /// The roster (xlsx, xlsm, xls, xlsb, ods or csv); default: the one named
    /// in content/event.yaml.
    #[arg(long, value_name = "FILE")]
    pub participants: Option<PathBuf>,
    /// The sheet to read; default: the first sheet with a recognisable header.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// `carnet build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    /// The pack to write; default: dist/<event>.zip in the event folder.
    #[arg(long, value_name = "FILE.zip")]
    pub out: Option<PathBuf>,
    /// How many documents to compile at once; default: one per core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Build the valid rows and list the invalid ones in report.txt instead
    /// of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
}

/// `carnet check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
}

/// `carnet init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist or be empty).
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
