//! `carnet build`: load → validate → plan → render → pack.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufWriter, Read as _, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::BuildArgs;
use crate::digest::EventDigest;
use crate::engine::Engine;
use crate::error::Error;
use crate::glyphs;
use crate::impose::{Imposer, Layout};
use crate::interrupt::Temporary;
use crate::load::{self, Loaded};
use crate::pack::{MANIFEST_HEADER, PackWriter};
use crate::participant::Participant;
use crate::plan::{Kind, Plan, PlanOptions};
use crate::render::{self, Pdf, spool_error};
use crate::report::Problem;
use crate::supplement::Supplement;

/// What a build made.
#[derive(Debug)]
pub struct Built {
    /// The pack; `None` when a supplement had nothing to hold.
    pub pack: Option<PathBuf>,
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
    plan: PlanOptions,
    bleed_mm: Option<f64>,
}

impl BuildConfig {
    fn new(args: &BuildArgs, loaded: &Loaded) -> Result<Self, Error> {
        let jobs = match args.jobs {
            Some(0) => return Err(Error::Usage("--jobs must be at least 1".into())),
            Some(n) if n > MAX_JOBS => {
                return Err(Error::Usage(format!(
                    "--jobs {n}: at most {MAX_JOBS} (one per core is the default and the fastest)"
                )));
            }
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
            None => {
                let suffix = if args.since.is_some() {
                    "-supplement"
                } else {
                    ""
                };
                let slug = loaded.project.event.slug();
                loaded
                    .project
                    .root
                    .join("dist")
                    .join(format!("{slug}{suffix}.zip"))
            }
        };
        if let Some(since) = &args.since
            && same_file(since, &out)
        {
            return Err(Error::Usage(format!(
                "--since {}: the supplement would replace the pack it is compared with; \
                 name another --out FILE.zip",
                since.display()
            )));
        }
        for (flag, value) in [("--offset-x", args.offset_x), ("--offset-y", args.offset_y)] {
            if value.is_some_and(|mm| !(-30.0..=30.0).contains(&mm)) {
                return Err(Error::Usage(format!(
                    "{flag} is in millimetres, between -30 and 30; measure it on print/badges-calibration.pdf"
                )));
            }
        }
        if args.scale.is_some_and(|f| !(0.5..=1.5).contains(&f)) {
            return Err(Error::Usage(
                "--scale is a factor between 0.5 and 1.5, e.g. 0.99".into(),
            ));
        }
        if args.skip > MAX_SKIP {
            return Err(Error::Usage(format!(
                "--skip {}: the badge positions already used on the first sheet, fewer than \
                 one sheet holds (at most {MAX_SKIP})",
                args.skip
            )));
        }
        let plan = PlanOptions {
            badge_skip: args.skip,
            badge_offset: (args.offset_x, args.offset_y),
            badge_scale: args.scale,
        };
        if args.bleed.is_some_and(|mm| !(0.0..=10.0).contains(&mm)) {
            return Err(Error::Usage(
                "--bleed is at most 10 mm; print shops ask for 3 mm".into(),
            ));
        }
        Ok(Self {
            out,
            jobs,
            skip_invalid: args.skip_invalid,
            plan,
            bleed_mm: args.bleed,
        })
    }
}

/// Whether two paths name one file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The most documents compiled at once that `--jobs` may ask for.
const MAX_JOBS: usize = 256;

/// The most badge positions `--skip` may leave empty: more than any sheet holds.
const MAX_SKIP: usize = 200;

/// Builds the pack.
pub fn build(args: &BuildArgs) -> Result<Built, Error> {
    let started = Instant::now();
    let loaded = load::load(&args.input)?;
    if let Some(notice) = &loaded.notice {
        eprintln!("{notice}");
    }
    let config = BuildConfig::new(args, &loaded)?;
    let Loaded {
        project, roster, ..
    } = &loaded;

    let (errors, mut warnings): (Vec<&Problem>, Vec<&Problem>) =
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
    let missing_glyphs = glyphs::check(roster, engine.fonts());
    warnings.extend(&missing_glyphs);
    let digest = EventDigest::of(project, &[&load::roster_path(project)]);
    let supplement = match &args.since {
        Some(since) => Some(Supplement::new(since, &roster.participants, &digest)?),
        None => None,
    };
    let some = match &supplement {
        Some(supplement) if supplement.is_empty() => {
            eprintln!(
                "nothing to build: {}; no supplement written",
                supplement.summary()
            );
            return Ok(Built {
                pack: None,
                booklets: 0,
                skipped: 0,
                warnings: 0,
            });
        }
        Some(supplement) => &supplement.participants[..],
        None => &roster.participants[..],
    };
    let plan = Plan::for_some(&roster.participants, some, &project.event, &config.plan);

    let mut pack = PackWriter::create(
        &config.out,
        (date.year() as u16, date.month() as u8, date.day()),
    )?;
    // The manifest waits in a temporary file: it grows with the roster.
    let manifest_error = |e: csv::Error| Error::io(&std::env::temp_dir(), e.into());
    let mut manifest = csv::Writer::from_writer(tempfile::tempfile().map_err(spool_error)?);
    manifest
        .write_record(MANIFEST_HEADER)
        .map_err(manifest_error)?;
    // Each booklet's line of the report waits in a temporary file too.
    let mut notes = BufWriter::new(tempfile::tempfile().map_err(spool_error)?);
    let mut others = String::new();
    let mut print_notes = String::new();
    let mut fit_warnings = Vec::new();
    // The same template warning usually concerns every document: listed once.
    let mut template_warnings: BTreeMap<String, Vec<String>> = BTreeMap::new();

    let fold_marks = project.event.print.fold_marks;
    let mut print_files = vec![PrintFile::new(
        &pack,
        "print/booklets-a4.pdf",
        Layout::Saddle { fold_marks },
    )?];
    if let Some(bleed) = config.bleed_mm {
        let layout = Layout::Bleed {
            bleed: bleed * 72.0 / 25.4,
        };
        print_files.push(PrintFile::new(&pack, "print/booklets-bleed.pdf", layout)?);
    }

    let progress = progress_bar(plan.len() as u64);
    render::render_all(&engine, &plan, config.jobs, |rendered| {
        let document = rendered.document;
        let sha = match &rendered.pdf {
            Pdf::Bytes(pdf) => pack.add(&document.file, pdf)?,
            Pdf::Spooled(spooled) => {
                let mut reader = spooled.reader().map_err(spool_error)?;
                pack.add_reader(&document.file, &mut reader)?
            }
        };
        // "booklets/p001-dupont-yasmina.pdf: 16 pages, PDF/A-2a"
        let standard = rendered.standard.unwrap_or("plain PDF");
        let line = format!("{}: {}, {standard}", document.file, pages(rendered.pages));
        match document.kind {
            Kind::Booklet(index) => {
                let participant = &plan.booklets[index];
                let data = digest.booklet(participant);
                let cells = [
                    participant.id.as_str(),
                    participant.last_name.as_str(),
                    participant.first_name.as_str(),
                    participant.email.as_deref().unwrap_or(""),
                    document.file.as_str(),
                    &rendered.pages.to_string(),
                    &sha,
                    &data,
                ];
                manifest
                    .write_record(cells.map(|cell| crate::pack::csv_cell(cell).into_owned()))
                    .map_err(manifest_error)?;
                for print_file in &mut print_files {
                    let blank = match &rendered.parts {
                        Some(parts) => print_file.add_parts(&document.file, parts)?,
                        None => {
                            let pdf = rendered.pdf.bytes().map_err(spool_error)?;
                            print_file.add(&document.file, &pdf)?
                        }
                    };
                    if blank > 0 {
                        let _ = writeln!(
                            print_notes,
                            "{}: {blank} blank pages added to {} to fill its last sheet",
                            print_file.name, document.file
                        );
                    }
                }
                let padding = rendered
                    .metadata
                    .get("padding")
                    .and_then(|v| v.first()?.as_u64());
                match padding.unwrap_or(0) {
                    0 => writeln!(notes, "{line}"),
                    1 => writeln!(
                        notes,
                        "{line} (1 Notes page added to reach a multiple of 4)"
                    ),
                    n => writeln!(
                        notes,
                        "{line} ({n} Notes pages added to reach a multiple of 4)"
                    ),
                }
                .map_err(spool_error)?;
            }
            Kind::Grid(_) | Kind::Calibration => {
                let _ = writeln!(others, "{line}");
            }
            Kind::Attendance | Kind::Badges => {
                let _ = writeln!(others, "{line}");
                for unfit in rendered.metadata.get("unfit").into_iter().flatten() {
                    fit_warnings.push((
                        unfit_warning(unfit, &roster.participants),
                        document.file.clone(),
                    ));
                }
            }
        }
        for warning in rendered.warnings {
            template_warnings
                .entry(warning)
                .or_default()
                .push(document.file.clone());
        }
        progress.inc(1);
        Ok(())
    })?;
    progress.finish_and_clear();

    for print_file in print_files {
        print_file.finish_into(&mut pack)?;
    }

    let mut manifest = manifest
        .into_inner()
        .map_err(|e| spool_error(e.into_error()))?;
    manifest.seek(SeekFrom::Start(0)).map_err(spool_error)?;
    pack.add_reader("manifest.csv", &mut manifest)?;
    // (a name too long for the attendance sheets is on each session's)
    for (warning, file) in fit_warnings {
        let files = template_warnings.entry(warning).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    // The report: what was read and the warnings, each booklet's line (from
    // their file), then the other documents.
    let mut head = report_text(&loaded, &errors, &warnings, &template_warnings);
    if let Some(supplement) = &supplement {
        // Before the heading of the booklets' lines.
        let heading = head.rfind("\nBooklets").unwrap_or(head.len());
        head.insert_str(heading, &supplement.report(&roster.participants));
    }
    let mut notes = notes
        .into_inner()
        .map_err(|e| spool_error(e.into_error()))?;
    notes.seek(SeekFrom::Start(0)).map_err(spool_error)?;
    let tail = format!("\nOther documents:\n{others}{print_notes}");
    let mut report = head.as_bytes().chain(notes).chain(tail.as_bytes());
    pack.add_reader("report.txt", &mut report)?;
    let path = pack.finish()?;

    let built = Built {
        pack: Some(path.clone()),
        booklets: plan.booklets.len(),
        skipped: errors
            .iter()
            .filter_map(|p| p.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        warnings: warnings.len() + template_warnings.len(),
    };
    eprintln!(
        "built {} with {} in {:.1} s{}{}{}",
        path.strip_prefix(".").unwrap_or(&path).display(),
        count(built.booklets, "booklet"),
        started.elapsed().as_secs_f64(),
        match &supplement {
            Some(supplement) => format!(" ({})", supplement.summary()),
            None => String::new(),
        },
        match built.skipped {
            0 => String::new(),
            n => format!("; {} skipped (see report.txt)", count(n, "invalid row")),
        },
        match built.warnings {
            0 => String::new(),
            n => format!("; {} (see report.txt)", count(n, "warning")),
        },
    );
    Ok(built)
}

/// The report's beginning: what was read and checked, what was skipped and
/// the warnings, up to the heading of the booklets' lines. No times: the
/// same inputs give the same report.
fn report_text(
    loaded: &Loaded,
    errors: &[&Problem],
    warnings: &[&Problem],
    template_warnings: &BTreeMap<String, Vec<String>>,
) -> String {
    let Loaded {
        project, roster, ..
    } = loaded;
    let mut out = String::new();
    let event = &project.event.event;
    let _ = writeln!(
        out,
        "carnet report — {}, {}, {}",
        event.name, event.dates, event.venue
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Roster: {}", roster.source());
    if let Some(notice) = &loaded.notice {
        let _ = writeln!(out, "{notice}");
    }
    let _ = writeln!(out, "Participants: {}", roster.participants.len());
    if !errors.is_empty() {
        let _ = writeln!(out, "\nSkipped rows (--skip-invalid):");
        for problem in errors {
            let _ = writeln!(out, "{problem}");
        }
    }
    let without = crate::check::without_email(&roster.participants);
    if !without.is_empty() {
        let _ = write!(out, "\n{without}");
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
    out
}

/// A badge text that does not fit even at its smallest size, for the report.
pub(crate) fn unfit_warning(unfit: &serde_json::Value, participants: &[Participant]) -> String {
    let id = unfit["id"].as_str().unwrap_or("?");
    let field = unfit["field"].as_str().unwrap_or("text");
    let size = unfit["size"].as_f64().unwrap_or(0.0);
    let who = participants.iter().find(|p| p.id == id);
    let row = who.map(|p| format!(", row {}", p.row)).unwrap_or_default();
    let name = who.map(Participant::full_name).unwrap_or_default();
    if unfit["document"].as_str() == Some("attendance") {
        return format!(
            "warning: attendance sheets, {name} ({id}{row}): the {} does not fit its cell even at {size} pt; it is printed whole but smaller than the others on its page. Shorten it in the roster if you prefer.",
            field.replace('_', " ")
        );
    }
    format!(
        "warning: badge of {name} ({id}{row}): the {} does not fit on one line even at {size} pt; it is printed on several lines. Shorten it in the roster if you prefer.",
        field.replace('_', " ")
    )
}

/// A print file made on disk beside the pack while the booklets arrive,
/// then copied into it.
struct PrintFile {
    name: &'static str,
    path: PathBuf,
    imposer: Imposer<BufWriter<Temporary>>,
}

impl PrintFile {
    fn new(pack: &PackWriter, name: &'static str, layout: Layout) -> Result<Self, Error> {
        let folder = pack.folder();
        let file = Temporary::create(&folder, ".pdf.part")?;
        let path = file.path().to_path_buf();
        let imposer =
            Imposer::new(BufWriter::new(file), layout).map_err(|e| Error::io(&path, e))?;
        Ok(Self {
            name,
            path,
            imposer,
        })
    }

    /// Adds a booklet; returns the blank pages added to fill its last sheet.
    fn add(&mut self, booklet: &str, pdf: &[u8]) -> Result<usize, Error> {
        self.imposer
            .add_booklet(pdf)
            .map_err(|message| Error::Pack {
                path: self.name.into(),
                message: format!("{booklet}: {message}"),
            })
    }

    /// Adds a booklet made in parts; returns the blank pages added.
    fn add_parts(&mut self, booklet: &str, parts: &render::Parts) -> Result<usize, Error> {
        self.imposer
            .add_parts(&parts.body, &parts.front)
            .map_err(|message| Error::Pack {
                path: self.name.into(),
                message: format!("{booklet}: {message}"),
            })
    }

    fn finish_into(self, pack: &mut PackWriter) -> Result<(), Error> {
        let path = &self.path;
        let writer = self.imposer.finish().map_err(|e| Error::io(path, e))?;
        let mut file = writer
            .into_inner()
            .map_err(|e| Error::io(path, e.into_error()))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(path, e))?;
        pack.add_reader(self.name, &mut file)?;
        Ok(())
    }
}

/// "1 page", "16 pages".
fn pages(n: usize) -> String {
    count(n, "page")
}

/// "1 warning", "2 warnings".
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A progress bar on a terminal; nothing in a pipe.
fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message("documents");
    bar
}
