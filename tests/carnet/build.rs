//! `carnet build`: the sample event, participant data as data, bad input,
//! template errors, reproducibility.

use std::fs;

use crate::support::{
    Carnet, body_text, build_roster, missing_sentences, pdf_fonts, pdf_pages, pdf_text, repo,
    sample_pack, unzip,
};

#[test]
fn sample_builds_one_a5_booklet_per_participant_with_the_whole_seed() {
    let entries = sample_pack();

    let manifest = String::from_utf8(entries["manifest.csv"].clone()).unwrap();
    let mut lines = manifest.lines();
    assert_eq!(
        lines.next(),
        Some("id,last_name,first_name,email,file,pages,sha256,data_sha256")
    );
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        150,
        "one manifest row per participant of the sample"
    );
    let booklets: Vec<&String> = entries
        .keys()
        .filter(|k| k.starts_with("booklets/"))
        .collect();
    assert_eq!(booklets.len(), 150, "one booklet per participant");

    // The report lists every booklet with its pages, in pack order, then
    // the other documents.
    let report = String::from_utf8(entries["report.txt"].clone()).unwrap();
    let (head, booklet_lines) = report
        .split_once("Booklets (A5, pages a multiple of 4):\n")
        .expect("the booklets' heading");
    assert!(head.contains("Participants: 150"), "{head}");
    let (booklet_lines, others) = booklet_lines
        .split_once("\nOther documents:\n")
        .expect("the other documents after the booklets");
    let listed: Vec<&str> = booklet_lines.lines().collect();
    assert_eq!(listed.len(), rows.len(), "one line per booklet");
    for (line, row) in listed.iter().zip(&rows) {
        let expected = format!("{}: {} pages, PDF/A-2a", &row[4], &row[5]);
        assert!(
            line.starts_with(&expected),
            "{line:?}, expected {expected:?}"
        );
    }
    for file in ["emargement.pdf", "badges.pdf", "grids/grille-vierge.pdf"] {
        assert!(others.contains(&format!("{file}: ")), "{file} in {others}");
    }

    for row in &rows {
        let pdf = &entries[&row[4]];
        let pages = pdf_pages(pdf);
        assert_eq!(
            pages.len().to_string(),
            &row[5],
            "{}: manifest page count",
            &row[4]
        );
        assert_eq!(
            pages.len() % 4,
            0,
            "{}: {} pages is not a multiple of 4",
            &row[4],
            pages.len()
        );
        for (width, height) in pages {
            assert!(
                (width - 148.0).abs() < 0.5 && (height - 210.0).abs() < 0.5,
                "A5, got {width}×{height} mm"
            );
        }
        assert_eq!(
            carnet::pack::sha256_hex(pdf),
            &row[6],
            "{}: manifest sha256",
            &row[4]
        );
    }

    // The whole seed, in order, and the person's name, in a few booklets.
    for row in rows.iter().step_by(60) {
        let pdf = &entries[&row[4]];
        let text = pdf_text(pdf);
        let name = format!("{} {}", &row[2], &row[1]);
        let missing = missing_sentences(&body_text(&text, &[&name, "Séminaire Qualité 2013"]));
        assert!(
            missing.is_empty(),
            "{}: seed sentences missing or out of order: {missing:#?}",
            &row[4]
        );
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squeeze(&text).contains(&squeeze(&row[2])),
            "{}: first name {:?}",
            &row[4],
            &row[2]
        );
        assert!(
            squeeze(&text).contains(&squeeze(&row[1])),
            "{}: last name {:?}",
            &row[4],
            &row[1]
        );
        let fonts = pdf_fonts(pdf);
        assert!(!fonts.is_empty());
        assert!(
            fonts.iter().all(|(_, embedded)| *embedded),
            "fonts not embedded: {fonts:?}"
        );
        // The front's fonts draw on the body's programs: each face once.
        for (face, count) in font_programs(pdf) {
            assert_eq!(count, 1, "{}: {face} embedded {count} times", &row[4]);
        }
    }

    // The documents made of many PDFs embed each face once.
    for name in ["emargement.pdf", "badges.pdf", "print/booklets-a4.pdf"] {
        let programs = font_programs(&entries[name]);
        assert!(!programs.is_empty(), "{name}: no font");
        for (face, count) in &programs {
            assert_eq!(*count, 1, "{name}: {face} embedded {count} times");
        }
    }
}

/// The faces of a PDF's fonts (their names without a subset's tag) and how
/// many font programs each has.
fn font_programs(pdf: &[u8]) -> std::collections::BTreeMap<String, usize> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let mut programs: std::collections::BTreeMap<String, std::collections::BTreeSet<_>> =
        Default::default();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let Ok(file) = dict.get(b"FontFile2").and_then(|f| f.as_reference()) else {
            continue;
        };
        let name = dict
            .get(b"FontName")
            .and_then(|n| n.as_name())
            .unwrap_or_default();
        let name = String::from_utf8_lossy(name);
        let face = name.rsplit('+').next().unwrap_or_default().to_owned();
        programs.entry(face).or_default().insert(file);
    }
    programs
        .into_iter()
        .map(|(face, files)| (face, files.len()))
        .collect()
}

#[test]
fn participant_markup_prints_literally() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    let name = r#"#eval("1") *bold* $x$ <l> @r ]"#;
    let quoted = name.replace('"', "\"\"");
    fs::write(
        &roster,
        format!("Nom,Prénom,Structure,Profil\n\"{quoted}\",Camille,\"[Acme] _x_ #set\",Invité\n"),
    )
    .unwrap();
    let out = dir.path().join("pack.zip");
    build_roster(&roster, &out).ok();
    let entries = unzip(&out);
    let booklet = entries.keys().find(|k| k.starts_with("booklets/")).unwrap();
    let text: String = pdf_text(&entries[booklet]).split_whitespace().collect();
    // printed as written, with the typographic pass of all text: quotes in
    // French form (their narrow no-break spaces squeezed out with the others)
    let printed = name.replace("\"1\"", "«1»");
    assert!(
        text.contains(&printed.split_whitespace().collect::<String>()),
        "name not literal in:\n{text}"
    );
    assert!(text.contains("[Acme]_x_#set"), "organisation not literal");
}

#[test]
fn cover_names_stay_whole_on_one_line_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    let long = (
        "Marie-Charlotte-Emmanuelle",
        "de La Tour d’Auvergne-Lauraguais",
    );
    fs::write(
        &roster,
        format!(
            "Nom,Prénom,Structure,Profil\nDurand,Léa,Acme,Invité\n{},{},Acme,Invité\n",
            long.1, long.0
        ),
    )
    .unwrap();
    let out = dir.path().join("pack.zip");
    let run = build_roster(&roster, &out).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entries = unzip(&out);
    let cover = |end: &str| {
        let (_, pdf) = entries
            .iter()
            .find(|(name, _)| name.starts_with("booklets/") && name.ends_with(end))
            .expect("the booklet");
        let pages = pdf_extract::extract_text_from_mem_by_pages(pdf).unwrap();
        pages[0]
            .lines()
            .map(str::trim)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let short = cover("-durand-lea.pdf");
    assert!(
        short.iter().any(|line| line == "Léa Durand"),
        "the short name on one line: {short:?}"
    );
    let long_cover = cover("-marie-charlotte-emmanuelle.pdf");
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    assert!(
        squeezed(&long_cover.join(" ")).contains(&squeezed(&format!("{} {}", long.0, long.1))),
        "the long name whole: {long_cover:?}"
    );
    assert!(
        !long_cover
            .iter()
            .any(|line| line.contains(long.0) && line.contains("Lauraguais")),
        "the long name on two lines: {long_cover:?}"
    );
}

#[test]
fn invalid_roster_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    fs::write(&roster, "Nom,Prénom,Email,Profil\nMartin,Léa,lea@,Directrice\nDurand,Paul,p@example.org,Astronaute\n")
        .unwrap();
    let out = dir.path().join("pack.zip");
    let run = build_roster(&roster, &out).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("row 2") && run.stderr.contains("row 3"),
        "both rows reported:\n{}",
        run.stderr
    );
    assert!(!out.exists(), "no pack after a failed build");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "only the roster is left: {leftovers:?}");
}

#[test]
fn template_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/booklet.typ"),
        "= Carnet\n\n#let x = (\n#unknown-function()\n",
    )
    .unwrap();
    let run = Carnet::new(dir.path(), &["build"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/booklet.typ:"),
        "file:line:col expected:\n{}",
        run.stderr
    );
    assert!(
        !dir.path()
            .join("dist")
            .join("seminaire-qualite-2013.zip")
            .exists()
    );
}

#[test]
fn same_inputs_give_a_byte_identical_pack() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    fs::write(
        &roster,
        "Nom,Prénom,Profil\nMartin,Léa,Directrice\nDurand,Paul,Invité\n",
    )
    .unwrap();
    let build = |name: &str| {
        let out = dir.path().join(name);
        build_roster(&roster, &out).ok();
        fs::read(out).unwrap()
    };
    assert_eq!(build("a.zip"), build("b.zip"));
}

#[test]
fn init_writes_an_event_folder_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event");
    Carnet::new(dir.path(), &["init", "event"]).ok();
    for file in [
        "content/event.yaml",
        "content/carnet.typ",
        "content/grille.yaml",
        "templates/booklet.typ",
        "fonts/OFL.txt",
    ] {
        assert!(event.join(file).is_file(), "{file} written");
    }
    let again = Carnet::new(dir.path(), &["init", "event"]).run();
    assert_eq!(again.code, 2, "init refuses a non-empty folder");

    fs::write(
        event.join("content/roster.csv"),
        "Nom;Prénom;Profil\nMartin;Léa;Directrice\n",
    )
    .unwrap();
    let yaml = fs::read_to_string(event.join("content/event.yaml")).unwrap();
    fs::write(
        event.join("content/event.yaml"),
        yaml.replace("file: \"participants.xlsx\"", "file: \"roster.csv\""),
    )
    .unwrap();
    Carnet::new(&event, &["build"]).ok();
    let entries = unzip(&event.join("dist/seminaire-qualite-2013.zip"));
    assert_eq!(
        entries
            .keys()
            .filter(|k| k.starts_with("booklets/"))
            .count(),
        1
    );
}

#[test]
fn pdf_dates_come_from_the_event_or_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    fs::write(&roster, "Nom,Prénom\nMartin,Léa\n").unwrap();
    // The booklet's creation date, from its document information.
    let booklet_of = |out: &std::path::Path| {
        let entries = unzip(out);
        let name = entries
            .keys()
            .find(|k| k.starts_with("booklets/"))
            .unwrap()
            .clone();
        let doc = lopdf::Document::load_mem(&entries[&name]).unwrap();
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(|i| i.as_reference())
            .unwrap();
        let date = doc
            .get_dictionary(info)
            .unwrap()
            .get(b"CreationDate")
            .unwrap()
            .as_str()
            .unwrap();
        String::from_utf8_lossy(date).into_owned()
    };
    let event = dir.path().join("event.zip");
    build_roster(&roster, &event).ok();
    assert!(
        booklet_of(&event).contains("D:20130415090000"),
        "event.pdf_date is the PDF date"
    );

    let epoch = dir.path().join("epoch.zip");
    build_roster(&roster, &epoch)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .ok();
    assert!(
        booklet_of(&epoch).contains("D:20231114221320"),
        "SOURCE_DATE_EPOCH wins"
    );
}

#[test]
fn a_character_no_font_has_is_reported_and_an_event_font_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    fs::write(
        &roster,
        "Nom,Prénom,Structure\nMartin,Léa,Envie\nعلي,Karim,Régie\n",
    )
    .unwrap();
    let report = |project: &std::path::Path, name: &str| {
        let out = dir.path().join(name);
        Carnet::new(
            project,
            &[
                "build",
                "--participants",
                roster.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        String::from_utf8(unzip(&out)["report.txt"].clone()).unwrap()
    };

    let without = report(&repo(), "without.zip");
    let line = without
        .lines()
        .find(|l| l.contains("U+0639"))
        .expect("the Arabic letter is reported");
    assert!(
        line.contains("row 3") && line.contains("Karim"),
        "participant and row named: {line}"
    );

    let event = dir.path().join("event");
    fs::create_dir_all(event.join("fonts")).unwrap();
    fs::copy(
        repo().join("tests/fixtures/fonts/NotoSansArabic-Regular.ttf"),
        event.join("fonts/NotoSansArabic-Regular.ttf"),
    )
    .unwrap();
    let with = report(&event, "with.zip");
    assert!(
        !with.contains("U+0639"),
        "a font in the event's fonts/ folder covers it:\n{with}"
    );
}

#[test]
fn a_misspelt_setting_in_event_yaml_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    let yaml = fs::read_to_string(repo().join("content/event.yaml")).unwrap();
    fs::write(
        dir.path().join("content/event.yaml"),
        yaml.replacen("  venue:", "  venu:", 1),
    )
    .unwrap();
    let run = Carnet::new(dir.path(), &["build"]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = yaml
        .lines()
        .position(|l| l.starts_with("  venue:"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("content/event.yaml:{line}:3")),
        "file and line:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `venu`"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("dist").exists(), "nothing written");
}
