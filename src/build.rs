//! `carnet build`: load → check → plan → render → pack.
//!
//! [`build`] reads as its steps: the event folder and the roster are
//! loaded and checked, the plan lists the documents, Typst renders them on
//! every core, and each one goes into the pack as it arrives, with its
//! manifest row, its print-file pages and its report line.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::BuildArgs;
use crate::error::Error;
use crate::load::digest::EventDigest;
use crate::load::{self, Loaded};
use crate::pack::{Manifest, PackWriter, PrintFiles, paths};
use crate::participant::Participant;
use crate::plan::supplement::Supplement;
use crate::plan::{Kind, Plan, PlanOptions};
use crate::render::engine::Engine;
use crate::render::{self, Rendered, glyphs};
use crate::report::{Head, Problem, Report, unfit_warning};

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
        let layout = &loaded.project.event.badge_layout;
        if args.skip >= layout.per_sheet() {
            return Err(Error::Usage(format!(
                "--skip {}: the badge positions already used on the first sheet, fewer than \
                 its {} ({}: {} × {}); at most {}",
                args.skip,
                layout.per_sheet(),
                layout.preset,
                layout.columns,
                layout.rows,
                layout.per_sheet() - 1
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

/// Builds the pack: load, check, plan, render, pack.
pub fn build(args: &BuildArgs) -> Result<Built, Error> {
    build_with(args, &TerminalBar::default())
}

/// Where a build says how far it has got: a bar on a terminal, the desk's
/// build page.
pub trait Progress: Sync {
    /// `done` documents of `total` are in the pack.
    fn made(&self, done: u64, total: u64);
    /// The pack is being finished (print files, manifest, report).
    fn finishing(&self) {}
}

/// A progress bar on a terminal; nothing in a pipe.
#[derive(Default)]
pub struct TerminalBar {
    bar: std::sync::OnceLock<ProgressBar>,
}

impl Progress for TerminalBar {
    fn made(&self, done: u64, total: u64) {
        self.bar
            .get_or_init(|| progress_bar(total))
            .set_position(done);
    }

    fn finishing(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// [`build`], saying how far it has got to `progress`.
pub fn build_with(args: &BuildArgs, progress: &dyn Progress) -> Result<Built, Error> {
    let started = Instant::now();
    let loaded = load::load(&args.input)?;
    if let Some(notice) = &loaded.notice {
        eprintln!("{notice}");
    }
    let config = BuildConfig::new(args, &loaded)?;
    let Loaded {
        project, roster, ..
    } = &loaded;
    let (skipped, mut warnings) = checked_roster(&loaded, &config)?;

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
            return Ok(Built::nothing());
        }
        Some(supplement) => &supplement.participants[..],
        None => &roster.participants[..],
    };
    let plan = Plan::for_some(&roster.participants, some, &project.event, &config.plan);

    let mut pack = PackWriter::create(
        &config.out,
        (date.year() as u16, date.month() as u8, date.day()),
    )?;
    let mut manifest = Manifest::new()?;
    let mut report = Report::new()?;
    let mut print_files = PrintFiles::new(&pack, project.event.print.fold_marks, config.bleed_mm)?;
    let total = plan.len() as u64;
    let mut done = 0;
    progress.made(done, total);
    render::render_all(&engine, &plan, config.jobs, |mut rendered| {
        let sha = pack.add_pdf(&rendered.document.file, &rendered.pdf)?;
        if let Kind::Booklet(index) = rendered.document.kind {
            let participant = &plan.booklets[index];
            let file = &rendered.document.file;
            let data = digest.booklet(participant);
            manifest.booklet(participant, file, rendered.pages, &sha, &data)?;
            print_files.add(&mut rendered, &mut report)?;
        }
        report_document(&mut report, &rendered, &roster.participants)?;
        done += 1;
        progress.made(done, total);
        Ok(())
    })?;
    progress.finishing();

    print_files.finish_into(&mut pack)?;
    manifest.finish_into(&mut pack)?;
    let built = Built {
        pack: None,
        booklets: plan.booklets.len(),
        skipped: skipped
            .iter()
            .filter_map(|p| p.row)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        warnings: warnings.len() + report.template_warnings(),
    };
    let head = Head {
        event: &project.event.event,
        roster: roster.source(),
        notice: loaded.notice.as_deref(),
        participants: &roster.participants,
        skipped: &skipped,
        warnings: &warnings,
        supplement: supplement.as_ref().map(|s| s.report(&roster.participants)),
    };
    pack.add_reader(paths::REPORT, &mut report.finish(&head)?)?;
    let built = Built {
        pack: Some(pack.finish()?),
        ..built
    };
    eprintln!("{}", built.summary(started, supplement.as_ref()));
    Ok(built)
}

/// The roster's problems: refused when it has errors (unless
/// `--skip-invalid` leaves their rows out) or no participant; otherwise
/// the rows skipped and the warnings.
fn checked_roster<'l>(
    loaded: &'l Loaded,
    config: &BuildConfig,
) -> Result<(Vec<&'l Problem>, Vec<&'l Problem>), Error> {
    let roster = &loaded.roster;
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
    Ok((errors, warnings))
}

/// A document's line in the report ("booklets/p001-dupont-yasmina.pdf: 16
/// pages, PDF/A-2a"), with what its template said: the Notes pages added,
/// the texts that do not fit, its warnings.
fn report_document(
    report: &mut Report,
    rendered: &Rendered,
    participants: &[Participant],
) -> Result<(), Error> {
    let document = &rendered.document;
    let standard = rendered.standard.unwrap_or("plain PDF");
    let line = format!("{}: {}, {standard}", document.file, pages(rendered.pages));
    match document.kind {
        Kind::Booklet(_) => {
            let padding = rendered
                .metadata
                .get("padding")
                .and_then(|v| v.first()?.as_u64());
            report.booklet(&line, padding.unwrap_or(0))?;
        }
        Kind::Grid(_) | Kind::Calibration => report.document(&line),
        Kind::Attendance | Kind::Badges => {
            report.document(&line);
            for unfit in rendered.metadata.get("unfit").into_iter().flatten() {
                report.fit_warning(unfit_warning(unfit, participants), &document.file);
            }
        }
    }
    for warning in &rendered.warnings {
        report.template_warning(warning.clone(), &document.file);
    }
    Ok(())
}

impl Built {
    /// A supplement with nothing to hold.
    fn nothing() -> Self {
        Self {
            pack: None,
            booklets: 0,
            skipped: 0,
            warnings: 0,
        }
    }

    /// "built dist/seminaire.zip with 150 booklets in 1.3 s; 2 warnings
    /// (see report.txt)".
    fn summary(&self, started: Instant, supplement: Option<&Supplement>) -> String {
        let language = crate::locale::Language::terminal();
        let path = self.pack.as_deref().unwrap_or(Path::new(""));
        let mut seconds = format!("{:.1}", started.elapsed().as_secs_f64());
        if language == crate::locale::Language::French {
            seconds = seconds.replace('.', ",");
        }
        let mut line = crate::say!(
            language,
            "built",
            pack = path.strip_prefix(".").unwrap_or(path).display().to_string(),
            count = self.booklets,
            seconds = seconds
        );
        if let Some(supplement) = supplement {
            line.push_str(&format!(" ({})", supplement.summary()));
        }
        if self.skipped > 0 {
            line.push_str(&crate::say!(
                language,
                "built-skipped",
                count = self.skipped
            ));
        }
        if self.warnings > 0 {
            line.push_str(&crate::say!(
                language,
                "built-warnings",
                count = self.warnings
            ));
        }
        line
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
