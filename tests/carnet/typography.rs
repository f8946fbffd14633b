//! Print-shop typography, checked on Typst's own layout and on the PDF's
//! text: what the roster holds stays in its box, hyphens extract as
//! written, roster and event text get the French typographic pass, text is
//! black, justified lines stay tight, headings keep lines with them, and
//! the attendance sheet never cuts a name.

use std::path::PathBuf;

use carnet::load::project::Project;
use carnet::participant::Participant;
use carnet::plan::{Kind, Plan, PlanOptions};
use carnet::render::engine::{Engine, Job};
use carnet::{load, render, roster};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::ProcessColorSpace;
use typst::visualize::{ColorSpace, Paint};
use typst_layout::PagedDocument;

const MM: f64 = 72.0 / 25.4;
const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';
const SHY: char = '\u{AD}';

/// A text run on a page, in page coordinates (points).
#[derive(Debug, Clone)]
struct Run {
    text: String,
    x0: f64,
    x1: f64,
    /// The baseline.
    y: f64,
    size: f64,
    family: String,
    /// The fill: its colour space and components (0 to 1).
    space: Option<ColorSpace>,
    fill: Vec<f32>,
    /// The advance of each of its spaces, in em.
    spaces: Vec<f64>,
}

fn walk(frame: &Frame, ts: Transform, runs: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                walk(&group.frame, inner, runs);
            }
            FrameItem::Text(text) => {
                let start = pos.transform(ts);
                let end = (*pos + Point::with_x(text.width())).transform(ts);
                let (space, fill) = match &text.fill {
                    Paint::Solid(colour) => {
                        (Some(colour.space()), colour.to_vec4().into_iter().collect())
                    }
                    _ => (None, Vec::new()),
                };
                let spaces = text
                    .glyphs
                    .iter()
                    .filter(|g| &text.text[g.range()] == " ")
                    .map(|g| g.x_advance.get())
                    .collect();
                runs.push(Run {
                    text: text.text.to_string(),
                    x0: start.x.to_pt(),
                    x1: end.x.to_pt(),
                    y: start.y.to_pt(),
                    size: text.size.to_pt() * ts.sy.get(),
                    family: text.font.info().family.clone(),
                    space,
                    fill,
                    spaces,
                });
            }
            _ => {}
        }
    }
}

/// The repository's event.
fn project() -> Project {
    Project::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn engine(project: &Project) -> Engine {
    Engine::new(project, load::typst_date(load::pdf_date(project).unwrap())).unwrap()
}

fn sample(project: &Project) -> Vec<Participant> {
    roster::read(
        &project.file("content/participants.xlsx").unwrap().bytes,
        "participants.xlsx",
        &roster::RosterOptions::default(),
        &project.event.profiles,
    )
    .unwrap()
    .participants
}

/// The runs of each page of a laid-out document.
fn pages(document: &PagedDocument) -> Vec<Vec<Run>> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut runs = Vec::new();
            walk(&page.frame, Transform::identity(), &mut runs);
            runs
        })
        .collect()
}

/// `f` on the job of the attendance sheets of `people`.
fn with_attendance<R>(project: &Project, people: &[Participant], f: impl FnOnce(&Job) -> R) -> R {
    let plan = Plan::new(people, &project.event, &PlanOptions::default());
    let document = plan
        .documents
        .iter()
        .find(|d| d.kind == Kind::Attendance)
        .unwrap();
    f(&render::job(document))
}

fn lay_out(engine: &Engine, job: &Job) -> (Vec<Vec<Run>>, (f64, f64)) {
    let (document, _) = engine.layout(job).unwrap();
    let size = document.pages()[0].frame.size();
    (pages(&document), (size.x.to_pt(), size.y.to_pt()))
}

/// The text of a page, runs joined as they sit (no space added).
fn joined(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// Only letters and digits, lower case: what survives any line breaking.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The sample's first three people, made as hard to set as a roster can:
/// a 65-character last name with a long first name, a 110-character
/// organisation, a long city and workshop, a word of 120 letters, straight
/// quotes and apostrophes.
fn worst_case(project: &Project) -> Vec<Participant> {
    let mut people = sample(project);
    people.truncate(3);
    people[0].first_name = "Marie-Charlotte-Emmanuelle-Bernadette".into();
    people[0].last_name =
        "Wolfeschlegelsteinhausenbergerdorff-Montmorency-Laval de Bourbons".into();
    assert_eq!(people[0].last_name.chars().count(), 65);
    people[0].organisation = "Association intercommunale pour l'insertion, la formation et l'emploi durable des habitants du Val d'Oise nord".into();
    assert_eq!(people[0].organisation.chars().count(), 110);
    people[0].city = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson".into();
    people[0].group = "Atelier 2 – Parcours, formation, accompagnement socioprofessionnel et sécurisation des parcours".into();
    people[1].last_name = "W".repeat(120);
    people[1].organisation = "Recyclerie \"La Trouvaille\"".into();
    people[1].city = "Val d'Oise".into();
    people
}

#[test]
fn the_worst_case_roster_stays_inside_its_boxes_on_the_booklet_front() {
    let project = project();
    let engine = engine(&project);
    let people = worst_case(&project);
    let plan = Plan::new(&people, &project.event, &PlanOptions::default());
    for (index, person) in people.iter().enumerate() {
        let document = plan.booklet(index);
        let (pages, (width, height)) = lay_out(&engine, &render::job(&document));
        for (n, page) in pages.iter().take(2).enumerate() {
            for run in page {
                assert!(
                    run.x0 >= 8.0 * MM - 0.5
                        && run.x1 <= width - 8.0 * MM + 0.5
                        && run.y > 0.0
                        && run.y < height,
                    "page {}: {:?} at {:.1}–{:.1} pt runs out of its box (page {width:.1} pt wide)",
                    n + 1,
                    run.text,
                    run.x0,
                    run.x1
                );
            }
            // nothing cut: the whole name, on the cover and on page 2
            let text = letters(&joined(page));
            for field in [&person.first_name, &person.last_name] {
                assert!(
                    text.contains(&letters(field)),
                    "page {}: {field:?} whole in {text:?}",
                    n + 1
                );
            }
        }
        // page 2 shows the organisation, city and workshop whole
        let text = letters(&joined(&pages[1]));
        for field in [&person.organisation, &person.city, &person.group] {
            assert!(text.contains(&letters(field)), "page 2: {field:?} whole");
        }
    }
}

#[test]
fn roster_text_gets_the_french_typographic_pass() {
    let project = project();
    let engine = engine(&project);
    let people = worst_case(&project);
    let plan = Plan::new(&people, &project.event, &PlanOptions::default());
    let (pages, _) = lay_out(&engine, &render::job(&plan.booklet(1)));
    let page2 = joined(&pages[1]);
    assert!(
        page2.contains(&format!("Recyclerie «{NNBSP}La{NNBSP}Trouvaille{NNBSP}»"))
            || page2.contains(&format!("Recyclerie «{NNBSP}La Trouvaille{NNBSP}»")),
        "guillemets with narrow no-break spaces: {page2:?}"
    );
    assert!(
        page2.contains("Val d’Oise"),
        "a typographic apostrophe: {page2:?}"
    );
    assert!(!page2.contains('\'') && !page2.contains('"'), "{page2:?}");
    // the programme from event.yaml: no-break spaces in times
    assert!(page2.contains(&format!("9{NBSP}h{NBSP}30")), "{page2:?}");
}

/// The sample's first booklet, laid out and as a PDF.
fn sample_booklet() -> (Vec<Vec<Run>>, Vec<u8>) {
    let project = project();
    let engine = engine(&project);
    let people = sample(&project);
    let plan = Plan::new(&people, &project.event, &PlanOptions::default());
    let document = plan.booklet(0);
    let job = render::job(&document);
    let (pages, _) = lay_out(&engine, &job);
    let pdf = engine.compile(&job, &[]).unwrap().pdf;
    (pages, pdf)
}

#[test]
fn the_booklet_prose_follows_french_rules() {
    let (pages, pdf) = sample_booklet();
    let body: String = pages.iter().map(|p| joined(p)).collect();
    // spaces inside guillemets, also next to bold markup
    for quoted in ["parcours emplois", "turn-over", "job coaching"] {
        assert!(
            body.contains(&format!("«{NNBSP}{quoted}{NNBSP}»")),
            "« {quoted} » with narrow no-break spaces"
        );
    }
    assert!(
        !body.contains("« ") && !body.contains(" »"),
        "no breakable space by a guillemet"
    );
    assert!(body.contains(&format!("20{NNBSP}%")), "20 %");
    let ordinal = body
        .match_indices("ème")
        .find(|(at, _)| body[..*at].ends_with(|c: char| c.is_ascii_digit()));
    assert_eq!(ordinal, None, "one ordinal form: 8e, not 8ème");
    // the footnote's address printed decoded, its link exact
    assert!(
        body.contains("l’accompagnement-dans-l’emploi-bases-job-coaching"),
        "the footnote's address decoded"
    );
    assert!(!body.contains("%E2%80%99"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("l%E2%80%99accompagnement-dans-l%E2%80%99emploi-bases-job-coaching"),
        "the link goes to the address as written"
    );
}

#[test]
fn hyphens_extract_as_written_and_breaks_as_soft_hyphens() {
    let (_, pdf) = sample_booklet();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    // pdf-extract puts spaces between the PDF's text runs: compare without
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for word in [
        "Maine-et-Loire",
        "Deux-Sèvres",
        "vis-à-vis",
        "parcours-gagnant.fr",
        "12-17",
        "job-coaching",
    ] {
        assert!(
            squeezed.contains(word),
            "{word:?} with U+002D in the PDF's text"
        );
    }
    // hyphenation breaks happen, and read as soft hyphens at line ends only
    let breaks = text.lines().filter(|l| l.trim_end().ends_with(SHY)).count();
    assert!(breaks > 0, "the prose is hyphenated");
    for line in text.lines() {
        let inner = line.trim_end().trim_end_matches(SHY);
        assert!(
            !inner.contains(SHY),
            "a soft hyphen inside a line: {line:?}"
        );
    }
}

/// The carnet's body text: serif at body size.
fn is_body(run: &Run) -> bool {
    run.family == "Noto Serif" && (run.size - 9.4).abs() < 0.05
}

#[test]
fn body_text_is_black_in_one_ink() {
    let (pages, _) = sample_booklet();
    let mut seen = 0;
    // (list markers may be coloured: they are not text to read)
    let words = |r: &&Run| r.text.chars().any(char::is_alphanumeric);
    for run in pages.iter().flatten().filter(|r| is_body(r)).filter(words) {
        seen += 1;
        assert_eq!(
            run.space,
            Some(ColorSpace::Process(ProcessColorSpace::D65Gray)),
            "{:?} in a grey (one ink), not {:?}",
            run.text,
            run.space
        );
        assert!(
            run.fill[0] < 0.001,
            "{:?} in black: {:?}",
            run.text,
            run.fill
        );
    }
    assert!(seen > 500, "body text found: {seen}");
}

#[test]
fn justified_lines_keep_word_spaces_within_half_an_em() {
    let (pages, _) = sample_booklet();
    let spaces: Vec<f64> = pages
        .iter()
        .flatten()
        .filter(|r| is_body(r))
        .flat_map(|r| r.spaces.iter().copied())
        .collect();
    assert!(spaces.len() > 1000, "{} spaces", spaces.len());
    let widest = spaces.iter().copied().fold(0.0, f64::max);
    assert!(widest <= 0.5, "the widest word space is {widest:.3} em");
}

#[test]
fn hyphenation_spares_proper_nouns_and_short_pieces() {
    let (pages, _) = sample_booklet();
    // the body text as lines: runs of one baseline, a newline between
    let mut stream = String::new();
    for page in &pages {
        let mut last = f64::NAN;
        for run in page.iter().filter(|r| is_body(r)) {
            if (run.y - last).abs() > 0.1 {
                stream.push('\n');
            }
            last = run.y;
            stream.push_str(&run.text);
        }
    }
    let chars: Vec<char> = stream.chars().collect();
    let mut breaks = 0;
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == SHY) {
        breaks += 1;
        let start = chars[..at]
            .iter()
            .rposition(|c| !c.is_alphabetic())
            .map_or(0, |p| p + 1);
        let head: String = chars[start..at].iter().collect();
        let tail: String = chars[at + 1..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic())
            .collect();
        assert!(
            head.chars().count() >= 3 && tail.chars().count() >= 3,
            "three letters or more either side of a break: {head}-{tail}"
        );
        // a capital that does not start a sentence: a proper noun or an acronym
        let sentence_start = chars[..start]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|c| ".!?…".contains(*c));
        assert!(
            !head.starts_with(char::is_uppercase) || sentence_start,
            "a proper noun or acronym hyphenated: {head}-{tail}"
        );
    }
    assert!(breaks > 5, "the prose is hyphenated: {breaks} breaks");
}

#[test]
fn headings_keep_two_lines_of_text_with_them() {
    let (pages, _) = sample_booklet();
    let mut headings = 0;
    for (n, page) in pages.iter().enumerate() {
        let bottom = page
            .iter()
            .filter(|r| is_body(r))
            .map(|r| r.y)
            .fold(0.0, f64::max);
        for run in page {
            let heading = run.family == "Noto Sans"
                && [11.5, 10.0, 9.6]
                    .iter()
                    .any(|s| (run.size - s).abs() < 0.05);
            if !heading || run.text.trim().is_empty() {
                continue;
            }
            headings += 1;
            let mut lines: Vec<f64> = page
                .iter()
                .filter(|r| is_body(r) && r.y > run.y + 1.0)
                .map(|r| (r.y * 10.0).round() / 10.0)
                .collect();
            lines.dedup();
            lines.sort_by(f64::total_cmp);
            lines.dedup();
            assert!(
                lines.len() >= 2 || bottom <= run.y,
                "page {}: heading {:?} has {} line(s) below it",
                n + 1,
                run.text,
                lines.len()
            );
        }
    }
    assert!(headings > 10, "headings found: {headings}");
}

#[test]
fn attendance_sheets_never_cut_a_name_and_keep_one_size_a_column() {
    let project = project();
    let engine = engine(&project);
    let mut people = sample(&project);
    let worst = worst_case(&project);
    people[..3].clone_from_slice(&worst);
    let ((pages, (width, _)), unfit) = with_attendance(&project, &people, |job| {
        // what no cell can hold at 6 pt (a word of 120 letters, a 36-letter
        // compound in a 22 mm column) is set smaller, and reported: only the
        // worst case's
        let unfit = engine
            .compile(job, &["unfit"])
            .unwrap()
            .metadata
            .remove("unfit")
            .unwrap_or_default();
        (lay_out(&engine, job), unfit)
    });
    let reported: Vec<(String, String)> = unfit
        .iter()
        .map(|u| {
            let id = u["id"].as_str().unwrap();
            let who = people.iter().find(|p| p.id == id).unwrap();
            let value = match u["field"].as_str().unwrap() {
                "last_name" => &who.last_name,
                "first_name" => &who.first_name,
                _ => &who.organisation,
            };
            (id.to_owned(), value.clone())
        })
        .collect();
    assert!(
        reported
            .iter()
            .all(|(id, _)| [&people[0].id, &people[1].id].contains(&id))
            && reported
                .iter()
                .any(|(_, value)| *value == people[1].last_name),
        "the worst case's 120 letters reported, and only the worst case: {unfit:?}"
    );
    let smaller = |r: &Run| {
        reported
            .iter()
            .any(|(_, value)| letters(value).contains(&letters(&r.text)))
    };
    // a run of the roster's text (not the sheet's own labels)
    let roster_text = |r: &Run| {
        let t = letters(&r.text);
        !t.is_empty()
            && people.iter().any(|p| {
                [&p.last_name, &p.first_name, &p.organisation]
                    .iter()
                    .any(|v| letters(v).contains(&t))
            })
    };
    assert_no_name_cut(&pages, &people);
    for (n, page) in pages.iter().enumerate() {
        for run in page {
            assert!(
                run.x1 <= width + 0.5,
                "page {}: {:?} runs off the sheet",
                n + 1,
                run.text
            );
        }
        // one size a column on a page: the columns start at their headers
        let header = |name: &str| page.iter().find(|r| r.text == name).unwrap();
        let starts: Vec<(&str, f64, f64)> = ["Nom", "Prénom", "Structure", "Atelier"]
            .iter()
            .map(|h| (*h, header(h).x0, header(h).y))
            .collect();
        for (k, (column, left, top)) in starts.iter().enumerate().take(3) {
            let right = starts[k + 1].1;
            let mut sizes: Vec<f64> = page
                .iter()
                .filter(|r| r.y > top + 1.0 && r.x0 >= left - 1.0 && r.x0 < right - 1.0)
                .filter(|r| roster_text(r) && !smaller(r))
                .map(|r| (r.size * 100.0).round() / 100.0)
                .collect();
            sizes.sort_by(f64::total_cmp);
            sizes.dedup();
            assert!(
                sizes.len() == 1,
                "page {}: the {column} column at one size, not {sizes:?}",
                n + 1
            );
        }
    }
}

/// Every name and organisation of `people` on the pages, whole, none cut
/// with an ellipsis.
fn assert_no_name_cut(pages: &[Vec<Run>], people: &[Participant]) {
    let all: String = pages.iter().map(|p| joined(p)).collect();
    assert!(!all.contains('…'), "no name cut with an ellipsis");
    let text = letters(&all);
    for person in people {
        for field in [&person.last_name, &person.first_name, &person.organisation] {
            assert!(text.contains(&letters(field)), "{field:?} whole");
        }
    }
}

/// An event folder whose booklet and sheets are set in a font of its own,
/// 1.6 times as wide as Noto Serif (`tests/fixtures/fonts/wide.py`).
fn wide_font_event(dir: &std::path::Path) -> Project {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    for style in ["Regular", "Bold"] {
        let name = format!("CarnetWideTest-{style}.ttf");
        std::fs::copy(fixtures.join(&name), dir.join("fonts").join(&name)).unwrap();
    }
    let style = project().file("templates/style.typ").unwrap().bytes.clone();
    let style = String::from_utf8(style).unwrap();
    let own = style.replace(
        "#let serif = \"Noto Serif\"",
        "#let serif = \"Carnet Wide Test\"",
    );
    assert_ne!(own, style, "the style names its serif font");
    std::fs::write(dir.join("templates/style.typ"), own).unwrap();
    Project::load(dir).unwrap()
}

#[test]
fn an_events_own_wider_font_still_fits_the_attendance_cells() {
    let dir = tempfile::tempdir().unwrap();
    let project = wide_font_event(dir.path());
    let engine = engine(&project);
    let people = sample(&project);
    let (pages, _) = with_attendance(&project, &people, |job| lay_out(&engine, job));
    assert!(
        pages[0]
            .iter()
            .any(|r| r.family.contains("Carnet Wide Test")),
        "the event's font is used"
    );
    assert_no_name_cut(&pages, &people);
    for (n, page) in pages.iter().enumerate() {
        let header = |name: &str| page.iter().find(|r| r.text == name).unwrap();
        let columns: Vec<(f64, f64)> = ["Nom", "Prénom", "Structure", "Atelier", "Signature"]
            .iter()
            .map(|h| (header(h).x0, header(h).y))
            .collect();
        // the rows' numbers, in the first column, stand at each row's middle
        let numbers: Vec<f64> = page
            .iter()
            .filter(|r| r.x1 < columns[0].0 && r.text.chars().all(|c| c.is_ascii_digit()))
            .filter(|r| r.y > columns[0].1 + 1.0)
            .map(|r| r.y)
            .collect();
        assert!(numbers.len() >= 2, "page {}: numbered rows", n + 1);
        let pitch = numbers[1] - numbers[0];
        let last = numbers.iter().copied().fold(0.0, f64::max) + pitch / 2.0;
        let table = |r: &&Run| r.y > columns[0].1 + 1.0 && r.y < last;
        for run in page.iter().filter(table) {
            let Some(k) = columns[..4]
                .iter()
                .rposition(|(left, _)| run.x0 >= left - 1.0)
            else {
                continue;
            };
            let right = columns[k + 1].0 - 1.6 * MM;
            assert!(
                run.x1 <= right + 0.5,
                "page {}: {:?} runs out of its cell ({:.1} > {right:.1})",
                n + 1,
                run.text,
                run.x1
            );
            assert!(
                numbers
                    .iter()
                    .any(|y| (run.y - y).abs() < pitch / 2.0 - 1.0),
                "page {}: {:?} leaves its row",
                n + 1,
                run.text
            );
        }
    }
}

/// carnet's Typst hyphenates French as French typography has it: three
/// letters or more on either side of a break (crates/hypher); hypher as
/// published leaves two ("po-litique", "ré-gion").
#[test]
fn french_words_break_with_three_letters_or_more_either_side() {
    let mut breaks = 0;
    for word in [
        "politique",
        "région",
        "accompagnement",
        "économique",
        "entreprises",
        "activité",
        "écologie",
        "insertion",
    ] {
        let syllables: Vec<&str> = hypher::hyphenate(word, hypher::Lang::French).collect();
        breaks += syllables.len() - 1;
        let (first, last) = (syllables[0], syllables[syllables.len() - 1]);
        if syllables.len() > 1 {
            assert!(first.chars().count() >= 3, "{word}: {syllables:?}");
            assert!(last.chars().count() >= 3, "{word}: {syllables:?}");
        }
    }
    assert!(breaks >= 8, "words are still hyphenated: {breaks} breaks");
}
