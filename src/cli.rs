//! The command line: what each command takes, checked once into a config.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Build the pack: booklets, print files, badges, grids, attendance
    /// sheets, manifest and report, in one zip.
    Build(BuildArgs),
    /// A full dry build: one document of each kind, the mail rendered for
    /// everyone, every problem listed; nothing written.
    Check(CheckArgs),
    /// Send each participant their booklet by email (a dry run without --send).
    Mail(MailArgs),
    /// Write a new event folder from the built-in sample event.
    Init(InitArgs),
    /// One page of one document as a PNG image, laid out as the build lays
    /// it out: the first participant's booklet by default.
    Preview(PreviewArgs),
    /// The organiser's desk: the event, the roster and every document in
    /// the browser, on this machine only, updated as files change.
    Serve(ServeArgs),
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
    /// The pack to write; default: dist/EVENT.zip in the event folder.
    #[arg(long, value_name = "FILE.zip")]
    pub out: Option<PathBuf>,
    /// How many documents to compile at once; default: one per core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Build the valid rows and list the invalid ones in report.txt instead
    /// of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Also write print/booklets-bleed.pdf for a print shop: every booklet
    /// page with this bleed around it (e.g. 3mm), crop marks, and the trim
    /// and bleed boxes set.
    #[arg(long, value_name = "MM", value_parser = millimetres)]
    pub bleed: Option<f64>,
    /// A supplement pack: only the participants who are new or whose booklet
    /// changed since this earlier pack (booklets, badges, print file), with
    /// attendance sheets for everyone and a report of who is new, changed
    /// and removed. Default --out: dist/EVENT-supplement.zip.
    #[arg(long, value_name = "OLD.zip")]
    pub since: Option<PathBuf>,
    /// Badge positions to leave empty on the first sheet, to finish a partly
    /// used sheet of labels.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: usize,
    /// Printer calibration: move the badges right (negative: left), in mm;
    /// overrides `badges.offset_x_mm`. Print print/badges-calibration.pdf to
    /// measure it.
    #[arg(long, value_name = "MM", allow_hyphen_values = true)]
    pub offset_x: Option<f64>,
    /// Printer calibration: move the badges down (negative: up), in mm;
    /// overrides `badges.offset_y_mm`.
    #[arg(long, value_name = "MM", allow_hyphen_values = true)]
    pub offset_y: Option<f64>,
    /// Printer calibration: scale the badge sheets (e.g. 0.99); overrides
    /// `badges.scale`.
    #[arg(long, value_name = "FACTOR")]
    pub scale: Option<f64>,
}

/// A length in millimetres: `3`, `3mm` or `3 mm`.
fn millimetres(text: &str) -> Result<f64, String> {
    let number = text.trim().trim_end_matches("mm").trim();
    number
        .parse::<f64>()
        .map_err(|_| format!("{text:?} is not a length in millimetres, e.g. 3mm"))
}

/// `carnet check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
}

/// `carnet mail`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    /// The pack whose booklets are sent; default: dist/EVENT.zip in the
    /// event folder.
    #[arg(long, value_name = "FILE.zip")]
    pub pack: Option<PathBuf>,
    /// Where the dry run writes the messages (.eml), and where the journal
    /// of sent messages is kept; default: dist/outbox in the event folder.
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    /// Really send, through the SMTP server given by --smtp.
    #[arg(long, requires = "smtp")]
    pub send: bool,
    /// The SMTP server: smtp://host:port (plain, loopback only),
    /// smtp://host:587?tls=required (STARTTLS) or smtps://host:465 (TLS).
    /// Credentials come from CARNET_SMTP_USER and CARNET_SMTP_PASSWORD.
    #[arg(long, value_name = "URL", env = "CARNET_SMTP_URL")]
    pub smtp: Option<String>,
    /// A certificate authority to trust for the SMTP server, in PEM (e.g. an
    /// organisation's own CA), besides the system's store and the bundled
    /// roots.
    #[arg(long, value_name = "FILE", env = "CARNET_SMTP_CA_FILE")]
    pub ca_file: Option<PathBuf>,
    /// Only these participants (ids as in the manifest).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub only: Vec<String>,
    /// Send these participants' messages again even if the journal says
    /// they were sent.
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub resend: Vec<String>,
    /// At most this many messages a minute.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub per_minute: u32,
    /// Warn about messages whose attachments exceed this size, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 4.0)]
    pub max_size: f64,
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

/// The documents `carnet preview` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum DocumentKind {
    /// A participant's booklet.
    Booklet,
    /// The badge sheets, or one participant's badge on a sheet of its own.
    Badges,
    /// The blank questionnaire grid, or the grid of a participant's visit.
    Grid,
    /// The attendance sheets.
    Attendance,
}

/// `carnet preview`.
#[derive(Debug, Clone, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    /// The participant, by id (as in manifest.csv); default: the roster's
    /// first.
    #[arg(long, value_name = "ID")]
    pub participant: Option<String>,
    /// The document to show.
    #[arg(long, value_enum, value_name = "KIND", default_value = "booklet")]
    pub document: DocumentKind,
    /// The page to show, from 1.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub page: usize,
    /// The resolution, in dots per inch (10 to 300).
    #[arg(long, value_name = "N", default_value_t = 96)]
    pub dpi: u32,
    /// The PNG file to write, or - for standard output.
    #[arg(long, value_name = "FILE.png")]
    pub out: PathBuf,
}

/// `carnet serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    /// The port on 127.0.0.1; 0 for any free one.
    #[arg(long, value_name = "N", default_value_t = 8017)]
    pub port: u16,
    /// The address to answer on: only this machine's (127.0.0.1, ::1 or
    /// localhost) is accepted.
    #[arg(long, value_name = "ADDRESS")]
    pub host: Option<String>,
    /// Open the desk in the browser.
    #[arg(long)]
    pub open: bool,
}
