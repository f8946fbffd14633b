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
fn a_large_visit_lists_every_visitor_over_several_pages() {
    // A coach-load of visitors does not fit on the grid's first page.
    let dir = tempfile::tempdir().unwrap();
    let mut roster = String::from("Nom,Prénom,Structure,Visite\n");
    for i in 0..70 {
        roster.push_str(&format!("Visiteur{i:02}x,Léa,Structure {i},Grand Groupe\n"));
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
    // Each visitor once, on a page that has room for them: an A4 page
    // holds fewer than 30 of these lines, so none is drawn off the page.
    let mut on_page = vec![0; pages.len()];
    for i in 0..70 {
        let name = letters(&format!("Visiteur{i:02}x"));
        let found: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(&name))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "visitor {i} is listed once: pages {found:?}"
        );
        on_page[found[0]] += 1;
    }
    assert!(
        on_page.iter().all(|&n| n < 30),
        "visitors per page: {on_page:?}"
    );
    let blank = pdf_pages(&pack["grids/grille-vierge.pdf"]).len();
    assert!(
        pdf_pages(grid).len() >= blank + 2,
        "the list takes pages of its own"
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
