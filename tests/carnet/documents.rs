//! The grids and the attendance sheets of the pack.

use std::fs;

use crate::support::{
    Carnet, build_roster, letters, pdf_pages, pdf_text, repo, sample_event, sample_pack,
    sample_people, unzip,
};

/// The questions of the seed's part V: its lines after the grid's title, up to part VI.
fn seed_grid_questions() -> Vec<String> {
    let seed =
        fs::read_to_string(repo().join("tests/fixtures/seed/carnet-du-participant-2013.txt"))
            .unwrap();
    let start = seed
        .find("La grille de questionnement commune\n")
        .expect("the grid in the seed");
    let end = seed.find("VI - Aperçu").expect("part VI in the seed");
    seed[start..end]
        .lines()
        .skip(1)
        .map(|line| line.trim().trim_start_matches("- ").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn blank_grid_holds_every_question_of_part_v() {
    let pack = sample_pack();
    let pdf = &pack["grids/grille-vierge.pdf"];
    let pages = pdf_pages(pdf);
    assert!(
        (2..=4).contains(&pages.len()),
        "2 to 4 pages, got {}",
        pages.len()
    );
    assert!(
        pages
            .iter()
            .all(|(w, h)| (w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5),
        "A4"
    );
    let text = letters(&pdf_text(pdf));
    for question in seed_grid_questions() {
        assert!(
            text.contains(&letters(&question)),
            "blank grid lacks {question:?}"
        );
    }
}

#[test]
fn one_prefilled_grid_per_visit_with_its_visitors() {
    let pack = sample_pack();
    let manifest = String::from_utf8(pack["manifest.csv"].clone()).unwrap();
    let people = sample_people();
    assert!(manifest.lines().count() > people.len());

    let mut visits: Vec<String> = people
        .iter()
        .map(|p| slug::slugify(&p.visit))
        .filter(|s| !s.is_empty())
        .collect();
    visits.sort();
    visits.dedup();
    assert!(visits.len() >= 2, "the sample has several visits");
    let grids: Vec<&String> = pack
        .keys()
        .filter(|k| k.starts_with("grids/visite-"))
        .collect();
    assert_eq!(grids.len(), visits.len(), "one grid per visit: {grids:?}");
    for visit in &visits {
        let text = letters(&pdf_text(&pack[&format!("grids/visite-{visit}.pdf")]));
        for person in people.iter().filter(|p| slug::slugify(&p.visit) == *visit) {
            assert!(
                text.contains(&letters(&person.visit)),
                "{visit}: the enterprise's name"
            );
            assert!(
                text.contains(&letters(&person.last_name)),
                "{visit}: visitor {}",
                person.last_name
            );
        }
    }
}

#[test]
fn a_large_visit_lists_every_visitor_after_the_grid() {
    // A coach-load of visitors does not fit in the grid's box: they are
    // listed after the grid, a fixed number a page, made in slices.
    let dir = tempfile::tempdir().unwrap();
    let mut roster = String::from("Nom,Prénom,Structure,Visite\n");
    for i in 0..200 {
        roster.push_str(&format!("Visiteur{i:03}x,Léa,Structure {i},Grand Groupe\n"));
    }
    fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let pack_path = dir.path().join("pack.zip");
    build_roster(&dir.path().join("roster.csv"), &pack_path).ok();
    let pack = unzip(&pack_path);
    let grid = &pack["grids/visite-grand-groupe.pdf"];
    let pages: Vec<String> = pdf_extract::extract_text_from_mem_by_pages(grid)
        .expect("the grid's text")
        .iter()
        .map(|page| letters(page))
        .collect();
    let per_page = carnet::plan::slices::VISITORS_A_PAGE;
    let list_pages = 200usize.div_ceil(per_page);
    let grid_pages = pages.len() - list_pages;
    assert!(
        pages[0].contains(&letters("200 visiteurs : leur liste suit la grille")),
        "the box says where the visitors are: {}",
        pages[0]
    );
    // Each visitor once, in order, on the list's pages, which are numbered
    // on their own.
    let mut on_page = vec![0; pages.len()];
    for i in 0..200 {
        let name = letters(&format!("Visiteur{i:03}x"));
        let found: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(&name))
            .collect();
        assert_eq!(
            found,
            [grid_pages + i / per_page],
            "visitor {i} is listed once, on their page"
        );
        on_page[found[0]] += 1;
    }
    for k in 0..list_pages {
        let page = &pages[grid_pages + k];
        assert!(
            page.contains(&letters(&format!(
                "Visiteurs · page {} / {list_pages}",
                k + 1
            ))),
            "list page {}: {page}",
            k + 1
        );
        assert!(page.contains(&letters(&format!("{}", k * per_page + 1))));
    }
    assert!(
        pages[grid_pages - 1].contains(&letters(&format!("Page {grid_pages} / {grid_pages}"))),
        "the grid's pages are numbered without the list's"
    );
    let report = String::from_utf8(pack["report.txt"].clone()).unwrap();
    assert!(!report.contains("laid out whole"), "{report}");
}

#[test]
fn an_event_folders_older_grid_template_gets_its_large_visit_whole() {
    // A grid template written before visitors were listed after the grid
    // lists them in its own way: its grid is made in one compile, and the
    // report says why.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/grid.typ"),
        r#"#let data = json(sys.inputs.data)
#set document(title: "Grille")
#set text(lang: "fr")
#set page(paper: "a4")
= Grille
#if data.visit != none { for v in data.visit.visitors [#v.last_name #parbreak()] }
"#,
    )
    .unwrap();
    let mut roster = String::from("Nom,Prénom,Structure,Visite\n");
    for i in 0..60 {
        roster.push_str(&format!("Visiteur{i:03}x,Léa,Structure {i},Grand Groupe\n"));
    }
    fs::write(dir.path().join("roster.csv"), roster).unwrap();
    Carnet::new(dir.path(), &["build", "--participants", "roster.csv"]).ok();
    let pack = unzip(&dir.path().join("dist/seminaire-qualite-2013.zip"));
    let text = letters(&pdf_text(&pack["grids/visite-grand-groupe.pdf"]));
    for i in 0..60 {
        let name = letters(&format!("Visiteur{i:03}x"));
        assert_eq!(text.matches(&name).count(), 1, "visitor {i} once");
    }
    let report = String::from_utf8(pack["report.txt"].clone()).unwrap();
    assert!(
        report.contains("does not list a large visit's visitors after the grid"),
        "{report}"
    );
}

#[test]
fn an_event_folders_older_attendance_template_gets_its_long_list_whole() {
    // An attendance template written when a slice held one session makes
    // only the slice's `session` and does not say which session its pages
    // are of: its sheets are made in one compile, every session in order,
    // and the report says why.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/attendance.typ"),
        r#"#let data = json(sys.inputs.data)
#let event = yaml("/content/event.yaml")
#set document(title: "Émargement")
#set text(lang: "fr")
#set page(paper: "a4")
#let slice = data.at("slice", default: none)
#let sessions = if slice == none { range(event.sessions.len()) } else { (slice.session,) }
#for (k, i) in sessions.enumerate() {
  if k > 0 { pagebreak() }
  [= Session #(i + 1)]
  for p in data.participants [#p.last_name #parbreak()]
}
"#,
    )
    .unwrap();
    let mut roster = String::from("Nom,Prénom,Structure\n");
    for i in 0..70 {
        roster.push_str(&format!("Inscrit{i:03}x,Léa,Structure {i}\n"));
    }
    fs::write(dir.path().join("roster.csv"), roster).unwrap();
    Carnet::new(dir.path(), &["build", "--participants", "roster.csv"]).ok();
    let pack = unzip(&dir.path().join("dist/seminaire-qualite-2013.zip"));
    let text = letters(&pdf_text(&pack["emargement.pdf"]));
    let sessions = sample_event().sessions.len();
    for i in 0..70 {
        let name = letters(&format!("Inscrit{i:03}x"));
        assert_eq!(
            text.matches(&name).count(),
            sessions,
            "registrant {i} at each session"
        );
    }
    let starts: Vec<usize> = (1..=sessions)
        .map(|n| {
            text.find(&letters(&format!("Session {n}")))
                .expect("every session")
        })
        .collect();
    assert!(starts.is_sorted(), "the sessions in order: {starts:?}");
    let report = String::from_utf8(pack["report.txt"].clone()).unwrap();
    assert!(
        report.contains("does not say on each page which session it is of"),
        "{report}"
    );
}

#[test]
fn attendance_sheets_list_everyone_at_each_session() {
    let pack = sample_pack();
    let event = sample_event();
    let people = sample_people();
    let text = pdf_text(&pack["emargement.pdf"]);
    let flat = letters(&text);
    for session in &event.sessions {
        assert!(
            flat.contains(&letters(&session.title)),
            "a sheet for {}",
            session.title
        );
    }
    for person in &people {
        let namesakes = people
            .iter()
            .filter(|p| letters(&p.last_name) == letters(&person.last_name))
            .count();
        let found = flat.matches(&letters(&person.last_name)).count();
        assert!(
            found >= namesakes * event.sessions.len(),
            "{} appears {found} times for {namesakes} namesakes and {} sessions",
            person.last_name,
            event.sessions.len()
        );
    }
}

#[test]
fn grid_questions_exist_once_for_booklet_and_grids() {
    let dir = tempfile::tempdir().unwrap();
    let grille = fs::read_to_string(repo().join("content/grille.yaml")).unwrap();
    let question = "Y a-t-il des modes de décision collectifs et sur quoi portent-ils ?";
    assert!(grille.contains(question));
    let edited = "Qui décide quoi, et comment, dans votre entreprise zanzibar ?";
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("content/grille.yaml"),
        grille.replace(question, edited),
    )
    .unwrap();
    fs::write(
        dir.path().join("roster.csv"),
        "Nom,Prénom,Visite\nMartin,Léa,Atelier Vert\n",
    )
    .unwrap();

    Carnet::new(dir.path(), &["build", "--participants", "roster.csv"]).ok();
    let pack = unzip(&dir.path().join("dist/seminaire-qualite-2013.zip"));
    let booklet = pack.keys().find(|k| k.starts_with("booklets/")).unwrap();
    for file in [
        booklet.as_str(),
        "grids/grille-vierge.pdf",
        "grids/visite-atelier-vert.pdf",
    ] {
        let text = letters(&pdf_text(&pack[file]));
        assert!(
            text.contains(&letters(edited)),
            "{file} shows the edited question"
        );
        assert!(
            !text.contains(&letters(question)),
            "{file} no longer shows the old question"
        );
    }
}
