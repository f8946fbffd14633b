//! Badge sheets checked on Typst's own layout: every name once, nothing
//! outside its badge, crop marks on the badges' edges and never through
//! them, colours by profile.

use std::path::PathBuf;

use carnet::load::project::Project;
use carnet::participant::Participant;
use carnet::plan::PlanOptions;
use carnet::plan::badges;
use carnet::render::engine::Engine;
use carnet::{load, render, roster};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::{Geometry, Paint};

const MM: f64 = 72.0 / 25.4;

/// A badge cell on the page, in points.
#[derive(Debug, Clone, Copy)]
struct Cell {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Cell {
    fn contains(&self, x: f64, y: f64, tolerance: f64) -> bool {
        x >= self.x - tolerance
            && x <= self.x + self.w + tolerance
            && y >= self.y - tolerance
            && y <= self.y + self.h + tolerance
    }
}

/// A point on the page, in points.
type Pt = (f64, f64);

/// What a page holds, in page coordinates (points).
#[derive(Default)]
struct Page {
    /// Text runs: text, left, baseline, right, font size.
    texts: Vec<(String, f64, f64, f64, f64)>,
    /// The fill of each text run, as hex.
    text_fills: Vec<String>,
    /// Straight lines: start and end.
    lines: Vec<(Pt, Pt)>,
    /// Filled rectangles: top-left, bottom-right, fill as hex.
    rects: Vec<(Pt, Pt, String)>,
}

fn walk(frame: &Frame, ts: Transform, page: &mut Page) {
    let at = |p: Point| {
        let p = p.transform(ts);
        (p.x.to_pt(), p.y.to_pt())
    };
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                walk(&group.frame, inner, page);
            }
            FrameItem::Text(text) => {
                page.text_fills.push(match &text.fill {
                    Paint::Solid(colour) => colour.to_hex().to_string(),
                    _ => String::new(),
                });
                let (x0, y) = at(*pos);
                let (x1, _) = at(*pos + Point::with_x(text.width()));
                page.texts.push((
                    text.text.to_string(),
                    x0,
                    y,
                    x1,
                    text.size.to_pt() * ts.sy.get(),
                ));
            }
            FrameItem::Shape(shape, _) => match &shape.geometry {
                Geometry::Line(to) => page.lines.push((at(*pos), at(*pos + *to))),
                Geometry::Rect(size) => {
                    if let Some(Paint::Solid(colour)) = &shape.fill {
                        page.rects.push((
                            at(*pos),
                            at(*pos + size.to_point()),
                            colour.to_hex().to_string(),
                        ));
                    }
                }
                Geometry::Curve(_) => {}
            },
            _ => {}
        }
    }
}

struct Sheets {
    pages: Vec<Page>,
    cells: Vec<Cell>,
    per_sheet: usize,
    unfit: Vec<serde_json::Value>,
}

fn lay_out(people: &[Participant]) -> Sheets {
    lay_out_on(people, None)
}

/// The badges laid out on a sheet of this preset (the event's own when
/// `None`).
fn lay_out_on(people: &[Participant], preset: Option<&str>) -> Sheets {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut project = Project::load(&repo).unwrap();
    if let Some(preset) = preset {
        // the layout is decided when event.yaml is read
        let file = project.files.get_mut("content/event.yaml").unwrap();
        let text = String::from_utf8(file.bytes.clone()).unwrap();
        let edited = text.replace("  preset: \"a4-90x55\"", &format!("  preset: \"{preset}\""));
        assert!(
            text.contains("  preset: \"a4-90x55\""),
            "event.yaml names its preset"
        );
        project.event = carnet::load::event::EventConfig::parse(&edited).unwrap();
        file.bytes = edited.into_bytes();
    }
    let engine = Engine::new(
        &project,
        load::typst_date(load::pdf_date(&project).unwrap()),
    )
    .unwrap();
    let documents = badges::documents(people, &project.event, &PlanOptions::default());
    let job = render::job(&documents[0]);
    let compiled = engine.compile(&job, &["layout", "unfit"]).unwrap();
    let layout = &compiled.metadata["layout"][0];
    let (w, h) = (
        layout["width_mm"].as_f64().unwrap() * MM,
        layout["height_mm"].as_f64().unwrap() * MM,
    );
    let cells = layout["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Cell {
            x: c[0].as_f64().unwrap() * MM,
            y: c[1].as_f64().unwrap() * MM,
            w,
            h,
        })
        .collect();
    let (document, _) = engine.layout(&job).unwrap();
    let pages = document
        .pages()
        .iter()
        .map(|p| {
            let mut page = Page::default();
            walk(&p.frame, Transform::identity(), &mut page);
            page
        })
        .collect();
    Sheets {
        pages,
        cells,
        per_sheet: layout["per_sheet"].as_u64().unwrap() as usize,
        unfit: compiled.metadata["unfit"].clone(),
    }
}

fn sample() -> Vec<Participant> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let project = Project::load(&repo).unwrap();
    roster::read(
        &project.file("content/participants.xlsx").unwrap().bytes,
        "participants.xlsx",
        &roster::RosterOptions::default(),
        &project.event.profiles,
    )
    .unwrap()
    .participants
}

/// Every text of every page lies inside one badge cell.
#[track_caller]
fn assert_nothing_outside_badges(sheets: &Sheets) {
    for (n, page) in sheets.pages.iter().enumerate() {
        for (text, x0, y, x1, size) in &page.texts {
            let inside = sheets.cells.iter().any(|cell| {
                cell.contains(*x0, y - 0.8 * size, 0.2) && cell.contains(*x1, y + 0.2 * size, 0.2)
            });
            assert!(
                inside,
                "page {}: {text:?} at ({x0:.1}, {y:.1})–{x1:.1} pt is outside every badge",
                n + 1
            );
        }
    }
}

#[test]
fn every_name_once_and_nothing_outside_the_badges() {
    let people = sample();
    let sheets = lay_out(&people);
    assert_eq!(
        sheets.pages.len(),
        people.len().div_ceil(sheets.per_sheet),
        "ceil(people / badges per sheet)"
    );
    assert_nothing_outside_badges(&sheets);

    // The text of each badge, cell by cell.
    let mut badges = Vec::new();
    for page in &sheets.pages {
        for cell in &sheets.cells {
            let text: String = page
                .texts
                .iter()
                .filter(|(_, x, y, _, _)| cell.contains(*x, *y, 0.2))
                .map(|(t, ..)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            badges.push(text);
        }
    }
    for person in &people {
        let holding = badges
            .iter()
            .filter(|b| {
                // real hyphens are set apart (from their own font): compare without spaces
                let b = b.replace(' ', "");
                b.contains(&person.first_name.replace(' ', ""))
                    && b.contains(person.last_name.split(' ').next().unwrap())
            })
            .count();
        assert_eq!(
            holding, 1,
            "{} {} is on exactly one badge",
            person.first_name, person.last_name
        );
    }
}

#[test]
fn badges_are_coloured_by_profile() {
    let people = sample();
    let sheets = lay_out(&people);
    let colours: Vec<String> = sheets
        .pages
        .iter()
        .flat_map(|p| p.rects.iter().map(|r| r.2.clone()))
        .collect();
    for person in &people {
        if let Some(profile) = &person.profile {
            assert!(
                colours
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(&profile.colour)),
                "a band in {}'s colour {}",
                profile.label,
                profile.colour
            );
        }
    }
}

#[test]
fn crop_marks_line_up_with_badge_edges_and_stay_outside() {
    let sheets = lay_out(&sample());
    let page = &sheets.pages[0];
    let inside_a_cell = |(a, b): &(Pt, Pt)| {
        sheets
            .cells
            .iter()
            .any(|c| c.contains(a.0, a.1, 0.01) && c.contains(b.0, b.1, 0.01))
    };
    let marks: Vec<_> = page.lines.iter().filter(|l| !inside_a_cell(l)).collect();
    assert!(marks.len() >= 4, "crop marks on the sheet: {}", marks.len());
    let tolerance = 0.1 * MM;
    for &&((x0, y0), (x1, y1)) in &marks {
        let horizontal = (y0 - y1).abs() < 1e-6;
        let vertical = (x0 - x1).abs() < 1e-6;
        assert!(
            horizontal || vertical,
            "a crop mark is straight: ({x0}, {y0})–({x1}, {y1})"
        );
        let on_edge = sheets.cells.iter().any(|c| {
            if horizontal {
                (y0 - c.y).abs() < tolerance || (y0 - (c.y + c.h)).abs() < tolerance
            } else {
                (x0 - c.x).abs() < tolerance || (x0 - (c.x + c.w)).abs() < tolerance
            }
        });
        assert!(
            on_edge,
            "crop mark ({x0:.2}, {y0:.2})–({x1:.2}, {y1:.2}) is within 0.1 mm of a badge edge"
        );
        for c in &sheets.cells {
            let (lo_x, hi_x) = (x0.min(x1), x0.max(x1));
            let (lo_y, hi_y) = (y0.min(y1), y0.max(y1));
            let crosses = lo_x < c.x + c.w - tolerance
                && hi_x > c.x + tolerance
                && lo_y < c.y + c.h - tolerance
                && hi_y > c.y + tolerance;
            assert!(
                !crosses,
                "crop mark ({x0:.2}, {y0:.2})–({x1:.2}, {y1:.2}) runs into a badge"
            );
        }
    }
}

#[test]
fn very_long_names_fit_or_are_reported_never_overflow() {
    let mut people = sample();
    people.truncate(3);
    people[0].last_name =
        "Wolfeschlegelsteinhausenbergerdorff-Montmorency-Laval de Bourbons".into();
    assert_eq!(people[0].last_name.chars().count(), 65);
    people[1].organisation = "Association intercommunale pour l'insertion, la formation et l'emploi durable des habitants du Val d'Oise nord".into();
    assert_eq!(people[1].organisation.chars().count(), 110);
    let sheets = lay_out(&people);
    assert_nothing_outside_badges(&sheets);
    let reported: Vec<&str> = sheets
        .unfit
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    assert!(
        reported.contains(&people[0].id.as_str()),
        "the 65-character name is reported: {:?}",
        sheets.unfit
    );
}

/// The colour bands of a sheet: each with the cell it belongs to.
fn bands<'a>(sheets: &'a Sheets, page: &'a Page) -> Vec<(&'a (Pt, Pt, String), Cell)> {
    let profiles: Vec<String> = sample()
        .iter()
        .filter_map(|p| p.profile.as_ref().map(|p| p.colour.to_lowercase()))
        .collect();
    page.rects
        .iter()
        .filter(|(_, _, fill)| profiles.contains(&fill.to_lowercase()))
        .filter_map(|rect| {
            let centre = ((rect.0.0 + rect.1.0) / 2.0, (rect.0.1 + rect.1.1) / 2.0);
            let cell = sheets
                .cells
                .iter()
                .find(|c| c.contains(centre.0, centre.1, 0.0))?;
            Some((rect, *cell))
        })
        .collect()
}

#[test]
fn bands_bleed_past_a_cut_with_a_gutter_and_stop_short_of_one_without() {
    let people = sample();
    let tolerance = 0.05 * MM;
    // 90 × 55 mm: 10 mm between the columns, rows touching
    let sheets = lay_out_on(&people, Some("a4-90x55"));
    let page = &sheets.pages[0];
    let found = bands(&sheets, page);
    assert_eq!(found.len(), sheets.per_sheet, "a band on every badge");
    for ((top_left, bottom_right, _), cell) in &found {
        assert!(
            (top_left.0 - (cell.x - 3.0 * MM)).abs() < tolerance
                && (bottom_right.0 - (cell.x + cell.w + 3.0 * MM)).abs() < tolerance,
            "3 mm past the side cuts: {top_left:?}–{bottom_right:?} in {cell:?}"
        );
        assert!(
            (bottom_right.1 - (cell.y + cell.h - 2.0 * MM)).abs() < tolerance,
            "2 mm short of the bottom cut, which the next badge shares: {bottom_right:?} in {cell:?}"
        );
    }
    // A6, four to a sheet, touching on every side
    let sheets = lay_out_on(&people, Some("a6-4up"));
    let page = &sheets.pages[0];
    let found = bands(&sheets, page);
    assert_eq!(found.len(), sheets.per_sheet, "a band on every badge");
    for ((top_left, bottom_right, _), cell) in &found {
        assert!(
            (top_left.0 - (cell.x + 2.0 * MM)).abs() < tolerance
                && (bottom_right.0 - (cell.x + cell.w - 2.0 * MM)).abs() < tolerance
                && (bottom_right.1 - (cell.y + cell.h - 2.0 * MM)).abs() < tolerance,
            "2 mm short of every cut: {top_left:?}–{bottom_right:?} in {cell:?}"
        );
    }
}

/// The WCAG contrast of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let hex = hex.trim_start_matches('#');
        let channel = |at: usize| {
            let v = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn every_label_on_a_band_reads_with_a_contrast_of_at_least_4_5() {
    let people = sample();
    let sheets = lay_out(&people);
    let mut labels = 0;
    for page in &sheets.pages {
        for ((top_left, bottom_right, fill), _) in bands(&sheets, page) {
            for (i, (text, x0, y, x1, _)) in page.texts.iter().enumerate() {
                let on_band = *x0 >= top_left.0
                    && *x1 <= bottom_right.0
                    && *y >= top_left.1
                    && *y <= bottom_right.1;
                if on_band {
                    labels += 1;
                    let ink = &page.text_fills[i];
                    let c = contrast(ink, fill);
                    assert!(c >= 4.5, "{text:?} in {ink} on {fill}: contrast {c:.2}");
                }
            }
        }
    }
    assert!(labels >= people.len(), "a label on each band: {labels}");
}
