//! `carnet build`: load → validate → plan → render → pack.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::BuildArgs;
use crate::engine::Engine;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::pack::{MANIFEST_HEADER, PackWriter};
use crate::plan::{Kind, Plan};
use crate::render;
use crate::report::Problem;

/// What a build made.
#[derive(Debug)]
pub struct Built {
    /// The pack.
    pub pack: PathBuf,
    /// How many booklets.
    pub booklets: usize,
    /// Rows left out with `--skip-invalid`.
    pub skipped: usize,
    /// Warnings (also in report.txt).
    pub warnings: usize,
}

/// The checked settings of a build.
struct BuildConfig {
    out: PathBuf,
    jobs: usize,
    skip_invalid: bool,
}

impl BuildConfig {
    fn new(args: &BuildArgs, loaded: &Loaded) -> Result<Self, Error> {
        let jobs = match args.jobs {
            Some(0) => return Err(Error::Usage("--jobs must be at least 1".into())),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let out = match &args.out {
            Some(out) if out.extension().is_none_or(|ext| ext != "zip") => {
                return Err(Error::Usage(format!(
                    "--out {}: the pack is a zip file; name it …/something.zip",
                    out.display()
                )));
            }
            Some(out) => out.clone(),
            None => loaded
                .project
                .root
                .join("dist")
                .join(format!("{}.zip", loaded.project.event.slug())),
        };
        Ok(Self {
            out,
            jobs,
            skip_invalid: args.skip_invalid,
        })
    }
}

/// Builds the pack.
pub fn build(args: &BuildArgs) -> Result<Built, Error> {
    let started = Instant::now();
    let loaded = load::load(&args.input)?;
    let config = BuildConfig::new(args, &loaded)?;
    let Loaded { project, roster } = &loaded;

    let (errors, warnings): (Vec<&Problem>, Vec<&Problem>) =
        roster.problems.iter().partition(|p| p.is_error());
    if !errors.is_empty() && !config.skip_invalid {
        return Err(Error::Problems(roster.problems.clone()));
    }
    if roster.participants.is_empty() {
        return Err(Error::Input {
            file: roster.file.clone(),
            message: "no participant to build a booklet for".into(),
            hint: "fill in at least one row below the header".into(),
        });
    }

    let date = load::pdf_date(project)?;
    let engine = Engine::new(project, load::typst_date(date))?;
    let plan = Plan::new(&roster.participants);

    let mut pack = PackWriter::create(
        &config.out,
        (date.year() as u16, date.month() as u8, date.day()),
    )?;
    let mut manifest = csv::Writer::from_writer(Vec::new());
    manifest
        .write_record(MANIFEST_HEADER)
        .expect("writing to memory");
    let mut notes = String::new();
    // The same template warning usually concerns every document: listed once.
    let mut template_warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();

    let progress = progress_bar(plan.documents.len() as u64);
    render::render_all(&engine, &plan, config.jobs, |rendered| {
        let document = rendered.document;
        let output = rendered.output;
        let sha = pack.add(&document.file, &output.pdf)?;
        let Kind::Booklet(index) = document.kind;
        let participant = &roster.participants[index];
        manifest
            .write_record([
                participant.id.as_str(),
                participant.last_name.as_str(),
                participant.first_name.as_str(),
                participant.email.as_deref().unwrap_or(""),
                document.file.as_str(),
                &output.pages.to_string(),
                &sha,
            ])
            .expect("writing to memory");
        let padding = output
            .metadata
            .get("padding")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let _ = write!(notes, "{}: {} pages", document.file, output.pages);
        match padding {
            0 => notes.push('\n'),
            1 => notes.push_str(" (1 Notes page added to reach a multiple of 4)\n"),
            n => {
                let _ = writeln!(notes, " ({n} Notes pages added to reach a multiple of 4)");
            }
        }
        for warning in output.warnings {
            template_warnings
                .entry(warning)
                .or_default()
                .push(document.file.clone());
        }
        progress.inc(1);
        Ok(())
    })?;
    progress.finish_and_clear();

    let manifest = manifest.into_inner().expect("writing to memory");
    pack.add("manifest.csv", &manifest)?;
    let report = report_text(&loaded, &errors, &warnings, &template_warnings, &notes);
    pack.add("report.txt", report.as_bytes())?;
    let path = pack.finish()?;

    let built = Built {
        pack: path,
        booklets: plan.documents.len(),
        skipped: errors
            .iter()
            .filter_map(|p| p.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        warnings: warnings.len() + template_warnings.len(),
    };
    eprintln!(
        "built {} with {} booklets in {:.1} s{}{}",
        built.pack.display(),
        built.booklets,
        started.elapsed().as_secs_f64(),
        match built.skipped {
            0 => String::new(),
            n => format!("; {n} invalid rows skipped (see report.txt)"),
        },
        match built.warnings {
            0 => String::new(),
            n => format!("; {n} warnings (see report.txt)"),
        },
    );
    Ok(built)
}

/// The report: what was read and checked, what was skipped, warnings,
/// and each booklet's pages. No times: the same inputs give the same report.
fn report_text(
    loaded: &Loaded,
    errors: &[&Problem],
    warnings: &[&Problem],
    template_warnings: &BTreeMap<String, Vec<String>>,
    booklets: &str,
) -> String {
    let Loaded { project, roster } = loaded;
    let mut out = String::new();
    let event = &project.event.event;
    let _ = writeln!(
        out,
        "carnet report — {}, {}, {}",
        event.name, event.dates, event.venue
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Roster: {}{}",
        roster.file,
        roster
            .sheet
            .as_ref()
            .map(|s| format!(", sheet {s}"))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "Participants: {}", roster.participants.len());
    if !errors.is_empty() {
        let _ = writeln!(out, "\nSkipped rows (--skip-invalid):");
        for problem in errors {
            let _ = writeln!(out, "{problem}");
        }
    }
    let _ = writeln!(
        out,
        "\nWarnings: {}",
        warnings.len() + template_warnings.len()
    );
    for problem in warnings {
        let _ = writeln!(out, "{problem}");
    }
    for (warning, files) in template_warnings {
        let _ = match files.as_slice() {
            [one] => writeln!(out, "{warning}\n  in {one}"),
            [first, ..] => writeln!(out, "{warning}\n  in {first} and {} more", files.len() - 1),
            [] => Ok(()),
        };
    }
    let _ = writeln!(out, "\nBooklets (A5, pages a multiple of 4):");
    out.push_str(booklets);
    out
}

/// A progress bar on a terminal; nothing in a pipe.
fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("booklets");
    bar
}
