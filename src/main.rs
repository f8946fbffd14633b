//! The `carnet` command: parses arguments, runs, prints any error once.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = carnet::cli::Cli::parse();
    match carnet::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.for_people());
            ExitCode::from(error.exit_code())
        }
    }
}
