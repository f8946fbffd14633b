//! `carnet check`: a full dry build, nothing written.
//!
//! Reads the event and the roster and makes one of each kind of document
//! the pack holds, as `build` would: one booklet (its front and its body),
//! the first badge sheet and the calibration page, the blank grid and one
//! visit's grid, the first attendance page. It renders the mail's subject
//! and bodies for every participant and checks every address, as `mail`
//! would. Then it prints every problem found, all at once, and a summary of
//! the roster: participants per profile, group and visit, the share of the
//! profile the event watches against its goal, and who has no email.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::locale::Language;
use crate::say;

use crate::cli::CheckArgs;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::plan::{Kind, Plan};
use crate::render::Renderer;
use crate::render::engine::Engine;
use crate::render::glyphs;

/// What a check found.
pub struct Checked {
    /// The problems and the summary, for people.
    pub text: String,
    /// How many problems must be fixed before a build.
    pub errors: usize,
}

/// Participants on the documents made whole by a check: one badge sheet
/// and one attendance page hold fewer.
const SAMPLE: usize = 20;

/// Checks the event and the roster, and summarises them.
pub fn check(args: &CheckArgs) -> Result<Checked, Error> {
    let loaded = load::load(&args.input)?;
    let Loaded {
        project, roster, ..
    } = &loaded;
    let date = load::pdf_date(project)?;
    let engine = Engine::new(project, load::typst_date(date))?;

    // The documents: one of each kind, made as the build makes them.
    let people = &roster.participants;
    let sample = &people[..people.len().min(SAMPLE)];
    let plan = Plan::for_some(sample, sample, &project.event, &Default::default());
    let whole = Plan::new(people, &project.event, &Default::default());
    let visit = whole
        .documents
        .iter()
        .find(|d| matches!(d.kind, Kind::Grid(Some(_))));
    let renderer = Renderer::new(&engine);
    let mut failures: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let documents = plan
        .documents
        .iter()
        .filter(|d| !matches!(d.kind, Kind::Grid(Some(_))))
        .chain(visit);
    for document in documents {
        match renderer.render(document) {
            Ok(rendered) => {
                warnings.extend(rendered.warnings);
                for unfit in rendered.metadata.get("unfit").into_iter().flatten() {
                    let warning = crate::report::unfit_warning(unfit, people);
                    if !warnings.contains(&warning) {
                        warnings.push(warning);
                    }
                }
            }
            Err(error) => failures.push(error.for_people()),
        }
    }
    if !plan.booklets.is_empty() {
        match renderer.render_booklet(plan.booklet(0)) {
            Ok(rendered) => warnings.extend(rendered.warnings),
            Err(error) => failures.push(error.for_people()),
        }
    }
    let mail = crate::mail::check(project, people);
    warnings.extend(prose_warnings(project));
    warnings.extend(colour_warnings(project));

    let mut out = String::new();
    if let Some(notice) = &loaded.notice {
        let _ = writeln!(out, "{notice}");
    }
    for problem in roster
        .problems
        .iter()
        .chain(&glyphs::check(roster, engine.fonts()))
    {
        let _ = writeln!(out, "{problem}");
    }
    warnings.dedup();
    for text in failures.iter().chain(&mail).chain(&warnings) {
        let _ = writeln!(out, "{}", text.trim_end());
    }
    let language = Language::terminal();
    out.push_str(&summary(&loaded, language));
    let errors =
        roster.problems.iter().filter(|p| p.is_error()).count() + failures.len() + mail.len();
    if errors > 0 {
        let line = match mail.is_empty() {
            true => say!(language, "check-to-fix", count = errors),
            false => say!(language, "check-to-fix-and-mail", count = errors),
        };
        let _ = writeln!(out, "{line}");
    }
    Ok(Checked { text: out, errors })
}

/// Profile colours that a black-and-white print would not tell apart.
fn colour_warnings(project: &crate::load::project::Project) -> Vec<String> {
    let text = project
        .file("content/event.yaml")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let lines = crate::load::options::lines_of(&text, "profiles", "colour");
    let line = |profile: &crate::load::event::Profile| {
        let at = project
            .event
            .profiles
            .iter()
            .position(|p| p.key == profile.key);
        at.and_then(|i| lines.get(i))
            .map_or(String::new(), |line| format!(":{line}"))
    };
    let percent = |g: Option<f64>| (g.unwrap_or_default() * 100.0).round();
    project
        .event
        .greyscale_clashes()
        .into_iter()
        .map(|(a, b)| {
            format!(
                "warning: {}{}: the colours of the profiles {:?} ({}) and {:?} ({}) print as \
                 nearly the same grey ({} % and {} %): on a black-and-white printer or a \
                 photocopy their badges look alike; choose colours at least {} % apart in grey, \
                 one lighter or darker",
                project.display("content/event.yaml"),
                line(b),
                a.label,
                a.colour,
                b.label,
                b.colour,
                percent(a.grey()),
                percent(b.grey()),
                (crate::load::event::GREY_APART * 100.0).round()
            )
        })
        .collect()
}

/// What Typst would silently change in the prose of `content/*.typ`.
fn prose_warnings(project: &crate::load::project::Project) -> Vec<String> {
    let style = project
        .file("templates/style.typ")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    for (path, file) in &project.files {
        if !(path.starts_with("content/") && path.ends_with(".typ")) {
            continue;
        }
        let text = String::from_utf8_lossy(&file.bytes);
        for surprise in crate::load::prose::surprises(&text, &style) {
            warnings.push(format!(
                "warning: {}:{}: `{}`: {}",
                project.display(path),
                surprise.line,
                surprise.written,
                surprise.advice
            ));
        }
    }
    warnings
}

/// Participants per profile, group and visit, and the goal.
fn summary(loaded: &Loaded, language: Language) -> String {
    let Loaded {
        project, roster, ..
    } = loaded;
    let people = &roster.participants;
    let mut out = String::new();
    let read = say!(
        language,
        "check-read",
        event = &project.event.event.name,
        count = people.len(),
        source = roster.source_in(language)
    );
    let _ = writeln!(out, "{read}");
    let none = say!(language, "check-none");
    let count = |key: &dyn Fn(&crate::participant::Participant) -> String| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for person in people {
            *counts.entry(key(person)).or_default() += 1;
        }
        counts
    };
    let sections: [(String, BTreeMap<String, usize>); 3] = [
        (
            say!(language, "check-profiles"),
            // By profile, whatever form the roster wrote it in.
            count(&|p| {
                p.profile
                    .as_ref()
                    .map_or(none.clone(), |p| p.event_label.clone())
            }),
        ),
        (
            say!(language, "check-groups"),
            count(&|p| {
                if p.group.is_empty() {
                    none.clone()
                } else {
                    p.group.clone()
                }
            }),
        ),
        (
            say!(language, "check-visits"),
            count(&|p| {
                if p.visit.is_empty() {
                    none.clone()
                } else {
                    p.visit.clone()
                }
            }),
        ),
    ];
    for (title, counts) in sections {
        let _ = writeln!(out, "{title}");
        for (name, n) in counts {
            let _ = writeln!(out, "  {n:>4}  {name}");
        }
    }
    out.push_str(&crate::report::without_email(people, language));
    if let Some(goal) = &project.event.goals
        && let Some(profile) = project.event.profile(&goal.profile)
        && !people.is_empty()
    {
        let n = people
            .iter()
            .filter(|p| p.profile.as_ref().is_some_and(|p| p.key == profile.key))
            .count();
        let share = n as f64 / people.len() as f64;
        let reached = share + 1e-9 >= goal.share;
        let (share, wanted) = ((share * 100.0).round(), (goal.share * 100.0).round());
        let line = say!(
            language,
            "check-goal",
            profile = &profile.label,
            count = n,
            total = people.len(),
            share = share as i64,
            goal = wanted as i64,
            verdict = if reached { "reached" } else { "below" }
        );
        let _ = writeln!(out, "{line}");
    }
    out
}
