//! `carnet check`: everything `build` checks, nothing written.
//!
//! Reads the event and the roster, compiles one booklet to prove the
//! templates work, and prints the problems and a summary of the roster:
//! participants per profile, group and visit, and the share of the profile
//! the event watches against its goal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::cli::CheckArgs;
use crate::engine::Engine;
use crate::error::Error;
use crate::glyphs;
use crate::load::{self, Loaded};
use crate::plan::Plan;
use crate::render;

/// What a check found.
pub struct Checked {
    /// The problems and the summary, for people.
    pub text: String,
    /// How many problems must be fixed before a build.
    pub errors: usize,
}

/// Checks the event and the roster, and summarises them.
pub fn check(args: &CheckArgs) -> Result<Checked, Error> {
    let loaded = load::load(&args.input)?;
    let Loaded { project, roster } = &loaded;
    let date = load::pdf_date(project)?;
    let engine = Engine::new(project, load::typst_date(date))?;
    let plan = Plan::new(&roster.participants, &project.event, &Default::default());
    let mut template_warnings = Vec::new();
    if let Some(first) = plan.documents.first() {
        let rendered = render::Renderer::new(&engine).render(first)?;
        template_warnings = rendered.warnings;
    }

    let mut out = String::new();
    for problem in roster
        .problems
        .iter()
        .chain(&glyphs::check(roster, engine.fonts()))
    {
        let _ = writeln!(out, "{problem}");
    }
    for warning in &template_warnings {
        let _ = writeln!(out, "{warning}");
    }
    out.push_str(&summary(&loaded));
    let errors = roster.problems.iter().filter(|p| p.is_error()).count();
    Ok(Checked { text: out, errors })
}

/// Participants per profile, group and visit, and the goal.
fn summary(loaded: &Loaded) -> String {
    let Loaded { project, roster } = loaded;
    let people = &roster.participants;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} read from {}",
        project.event.event.name,
        match people.len() {
            1 => "1 participant".to_owned(),
            n => format!("{n} participants"),
        },
        roster.source()
    );
    let count = |key: &dyn Fn(&crate::participant::Participant) -> String| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for person in people {
            *counts.entry(key(person)).or_default() += 1;
        }
        counts
    };
    let sections: [(&str, BTreeMap<String, usize>); 3] = [
        (
            "Profiles",
            count(&|p| {
                p.profile
                    .as_ref()
                    .map_or("(none)".into(), |p| p.label.clone())
            }),
        ),
        (
            "Groups",
            count(&|p| {
                if p.group.is_empty() {
                    "(none)".into()
                } else {
                    p.group.clone()
                }
            }),
        ),
        (
            "Visits",
            count(&|p| {
                if p.visit.is_empty() {
                    "(none)".into()
                } else {
                    p.visit.clone()
                }
            }),
        ),
    ];
    for (title, counts) in sections {
        let _ = writeln!(out, "{title}:");
        for (name, n) in counts {
            let _ = writeln!(out, "  {n:>4}  {name}");
        }
    }
    if let Some(goal) = &project.event.goals
        && let Some(profile) = project.event.profile(&goal.profile)
        && !people.is_empty()
    {
        let n = people
            .iter()
            .filter(|p| p.profile.as_ref().is_some_and(|p| p.key == profile.key))
            .count();
        let share = n as f64 / people.len() as f64;
        let verdict = if share + 1e-9 >= goal.share {
            "goal reached"
        } else {
            "below the goal"
        };
        let _ = writeln!(
            out,
            "{}: {n} of {} ({:.0} %), goal {:.0} %: {verdict}",
            profile.label,
            people.len(),
            share * 100.0,
            goal.share * 100.0
        );
    }
    out
}
