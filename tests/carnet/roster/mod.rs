//! The roster contract: every spreadsheet an organiser may have reads the
//! same, and every problem is reported with its place and what to do.
//!
//! The fixtures in `tests/fixtures/roster/` were written by real spreadsheet
//! programs; `make_fixtures.py` there regenerates them and says what each
//! one covers. Set `CARNET_BLESS=1` to rewrite the pinned messages
//! (`messy.txt`) after an intended change of wording, and review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use carnet::load::event::{EventConfig, Profile};
use carnet::participant::{Extra, Participant};
use carnet::report::{Problem, Severity};
use carnet::roster::{self, Roster, RosterOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/roster")
        .join(name)
}

fn profiles() -> Vec<Profile> {
    EventConfig::parse(include_str!("../../../content/event.yaml"))
        .expect("event.yaml parses")
        .profiles
}

/// Reads a roster file as carnet would, named by its file name.
fn read_with(path: &Path, options: &RosterOptions) -> Result<Roster, Vec<Problem>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_str().unwrap();
    roster::read(&bytes, name, options, &profiles())
}

/// Reads a roster that must read: panics with its problems otherwise.
#[track_caller]
fn read_ok(path: &Path) -> Roster {
    match read_with(path, &RosterOptions::default()) {
        Ok(roster) => roster,
        Err(problems) => panic!("{} does not read:\n{}", path.display(), lines(&problems)),
    }
}

/// Reads a roster that must not read: gives its one problem.
#[track_caller]
fn read_err(path: &Path, options: &RosterOptions) -> String {
    match read_with(path, options) {
        Ok(roster) => panic!(
            "{} reads, with {} participants",
            path.display(),
            roster.participants.len()
        ),
        Err(problems) => {
            assert_eq!(
                problems.len(),
                1,
                "one clear error, not:\n{}",
                lines(&problems)
            );
            problems[0].to_string()
        }
    }
}

/// Reads CSV text given in the test.
#[track_caller]
fn read_csv(text: &str, options: &RosterOptions) -> Roster {
    match roster::read(text.as_bytes(), "inscrits.csv", options, &profiles()) {
        Ok(roster) => roster,
        Err(problems) => panic!("the CSV does not read:\n{}", lines(&problems)),
    }
}

fn lines(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{p}\n")).collect()
}

/// The 150 people of the sample, as read from the plain UTF-8 CSV.
fn people() -> Vec<Participant> {
    let roster = read_ok(&fixture("people.csv"));
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
    roster.participants
}

#[track_caller]
fn assert_same_people(file: &str, read: &[Participant], expected: &[Participant]) {
    assert_eq!(read.len(), expected.len(), "{file}: number of participants");
    for (read, expected) in read.iter().zip(expected) {
        assert_eq!(read, expected, "{file}: participant {}", expected.id);
    }
}

#[test]
fn the_sample_roster_has_150_people_of_every_profile() {
    let roster = read_ok(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content/participants.xlsx")
            .as_path(),
    );
    assert_eq!(roster.sheet.as_deref(), Some("Inscrits"));
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
    let people = &roster.participants;
    assert_eq!(people.len(), 150);
    assert_eq!(people[0].id, "P001");
    assert_eq!(people[149].id, "P150");
    assert_eq!(people[0].row, 2);

    let mut per_profile = BTreeMap::new();
    for person in people {
        let key = person.profile.as_ref().map_or("none", |p| p.key.as_str());
        *per_profile.entry(key).or_insert(0) += 1;
    }
    assert_eq!(per_profile.len(), 6, "{per_profile:?}");
    assert_eq!(per_profile["salarie-parcours"], 30, "20 % of 150");

    // Postcodes keep their leading zero.
    assert!(
        people
            .iter()
            .any(|p| p.extra["Code postal"].as_str().starts_with('0'))
    );
    assert!(
        people
            .iter()
            .all(|p| p.extra["Code postal"].as_str().len() == 5)
    );
    assert!(
        people.iter().filter(|p| p.email.is_none()).count() >= 3,
        "a few have no email"
    );
    assert!(
        people.iter().filter(|p| p.visit.is_empty()).count() >= 10,
        "not everyone has a visit"
    );

    // The person of content/sample-participant.json is the sample's P007.
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../../../content/sample-participant.json")).unwrap();
    let p007 = serde_json::to_value(&people[6]).unwrap();
    for field in [
        "id",
        "first_name",
        "last_name",
        "organisation",
        "city",
        "profile",
        "email",
        "group",
        "visit",
    ] {
        assert_eq!(
            p007[field], json[field],
            "sample-participant.json's {field}"
        );
    }
    assert_eq!(p007["extra"]["Code postal"], json["extra"]["Code postal"]);
    assert_eq!(p007["extra_iso"], json["extra_iso"]);
}

#[test]
fn the_same_people_read_the_same_from_every_format() {
    let expected = people();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/participants.xlsx");
    let mut files = vec![sample];
    for name in [
        "people-openpyxl.xlsx",
        "people.xlsm",
        "people.xls",
        "people-xlwt.xls",
        "people.ods",
        "people-odfpy.ods",
        "people-utf8-bom.csv",
        "people-unicode.txt",
    ] {
        files.push(fixture(name));
    }
    for path in files {
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let roster = read_ok(&path);
        assert!(
            roster.problems.is_empty(),
            "{file}:\n{}",
            lines(&roster.problems)
        );
        let is_csv = file.ends_with(".csv") || file.ends_with(".txt");
        assert_eq!(
            roster.sheet.is_none(),
            is_csv,
            "{file}: sheet {:?}",
            roster.sheet
        );
        assert_same_people(&file, &roster.participants, &expected);
    }
}

#[test]
fn french_excel_csv_reads_the_same_but_for_what_windows_1252_cannot_write() {
    let roster = read_ok(&fixture("people-excel-fr.csv"));
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
    // Windows-1252 has no "ễ": French Excel writes "?" instead.
    let expected: Vec<Participant> = people()
        .into_iter()
        .map(|mut p| {
            p.last_name = p.last_name.replace('ễ', "?");
            p
        })
        .collect();
    assert_eq!(roster.participants[6].last_name, "Nguy?n-Lefèvre");
    assert_same_people("people-excel-fr.csv", &roster.participants, &expected);
}

#[test]
fn title_rows_and_a_notes_sheet_are_skipped() {
    let roster = read_ok(&fixture("title-second-sheet.xlsx"));
    assert_eq!(roster.sheet.as_deref(), Some("Inscrits"));
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
    // The header is on row 4: every row is 3 further down than in people.csv.
    let expected: Vec<Participant> = people()
        .into_iter()
        .map(|mut p| {
            p.row += 3;
            p
        })
        .collect();
    assert_same_people("title-second-sheet.xlsx", &roster.participants, &expected);

    let options = RosterOptions {
        sheet: Some("inscrits".into()),
        header_row: Some(4),
        ..Default::default()
    };
    let chosen = read_with(&fixture("title-second-sheet.xlsx"), &options).unwrap();
    assert_eq!(
        chosen.sheet.as_deref(),
        Some("Inscrits"),
        "sheet names match case-insensitively"
    );
    assert_eq!(chosen.participants, roster.participants);
}

/// Pins what carnet says about `messy.*`, and checks what it reads from the rows that are fine.
#[test]
fn the_messy_sheet_reports_each_problem_at_its_row_and_column() {
    let pinned_path = fixture("messy.txt");
    let xlsx = read_ok(&fixture("messy.xlsx"));
    let said = lines(&xlsx.problems);
    if std::env::var_os("CARNET_BLESS").is_some() {
        std::fs::write(&pinned_path, &said).unwrap();
    }
    let pinned = std::fs::read_to_string(&pinned_path)
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(
        said, pinned,
        "messy.xlsx; run with CARNET_BLESS=1 to accept the new wording"
    );

    // LibreOffice's copies say the same (ODS merges are read from the file itself).
    for name in ["messy.ods", "messy.xls"] {
        let roster = read_ok(&fixture(name));
        assert_eq!(
            lines(&roster.problems),
            pinned.replace("messy.xlsx", name),
            "{name}"
        );
        assert_eq!(roster.participants, xlsx.participants, "{name}");
    }

    let errors = xlsx
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = xlsx
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    assert_eq!((errors, warnings), (5, 4));

    // Rows with an error are left out; warnings keep theirs.
    let people = &xlsx.participants;
    let rows: Vec<u32> = people.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 10, 11, 12]);
    let by_row = |row: u32| people.iter().find(|p| p.row == row).unwrap();

    let martin = by_row(2);
    assert_eq!(martin.id, "1", "a numeric ID reads without .0");
    assert_eq!(
        (martin.last_name.as_str(), martin.first_name.as_str()),
        ("Martin", "Sophie")
    );
    assert_eq!(
        martin.profile.as_ref().unwrap().key,
        "directeur",
        "Directrice"
    );
    assert_eq!(
        martin.extra["Code postal"], "01000",
        "a text postcode keeps its zero"
    );
    assert_eq!(martin.extra["Téléphone"], "06 12 34 56 78");
    assert_eq!(
        martin.extra["Inscrit le"], "02/04/2013",
        "a date reads as its cell shows it"
    );
    assert_eq!(
        martin.extra["Inscrit le"].iso.as_deref(),
        Some("2013-04-02"),
        "and as an ISO date"
    );
    let json = serde_json::to_value(martin).unwrap();
    assert_eq!(json["extra"]["Inscrit le"], "02/04/2013");
    assert_eq!(
        json["extra_iso"],
        serde_json::json!({"Inscrit le": "2013-04-02"})
    );
    assert_eq!(
        martin.extra["Nb repas"], "2",
        "a formula reads as its value"
    );

    let durand = by_row(3);
    assert_eq!(
        durand.extra["Code postal"], "49000",
        "a numeric postcode reads without .0"
    );
    assert_eq!(durand.extra["Téléphone"], "612345678");
    assert_eq!(
        durand.profile.as_ref().unwrap().key,
        "salarie-parcours",
        "Salarié(e) en parcours"
    );

    assert_eq!(by_row(4).organisation, "Tremplin Emploi Vendée");
    assert_eq!(
        by_row(5).organisation,
        "Tremplin Emploi Vendée",
        "the merged cell's value"
    );

    let nguyen = by_row(10);
    assert_eq!(
        nguyen.last_name, "Nguyễn",
        "trimmed, no-break space removed"
    );
    assert_eq!(
        nguyen.first_name, "Thị Mai",
        "a text formula reads as its value"
    );
    assert_eq!(
        nguyen.organisation, "Porte Ouverte Emplois",
        "spaces and zero-width space normalised"
    );
    assert_eq!(
        nguyen.group, "Atelier 2",
        "narrow no-break space normalised"
    );
    assert_eq!(nguyen.profile.as_ref().unwrap().key, "invite", "INVITÉE");

    let garcia = by_row(11);
    assert_eq!(garcia.first_name, "Léa");
    assert_eq!(
        garcia.first_name.chars().count(),
        3,
        "NFC: é is one character"
    );
    assert_eq!(garcia.profile, None, "an empty profile is allowed");
    assert_eq!(
        by_row(12).email.as_deref(),
        Some("contact@relais.example.org"),
        "a shared email is kept"
    );
}

#[test]
fn files_that_cannot_be_read_give_one_clear_error_each() {
    let none = RosterOptions::default();
    let cases = [
        (
            "truncated.xlsx",
            "error: truncated.xlsx: the file is damaged or incomplete: it starts like a spreadsheet (a zip archive) \
             but cannot be opened\n  hint: copy or download the file again; if it still fails, open it in a \
             spreadsheet program and save it again",
        ),
        (
            "image.xlsx",
            "error: image.xlsx: the file is a PNG image, not a spreadsheet\n  hint: open it in a spreadsheet \
             program and save it as .xlsx, .ods or .csv, then try again",
        ),
        (
            "empty.xlsx",
            "error: empty.xlsx, sheet Feuil1: the sheet is empty\n  hint: write the participants in it, \
             one row each under a header row",
        ),
        (
            "header-only.xlsx",
            "error: header-only.xlsx, sheet Inscrits, row 1: the sheet has a header (row 1) but no \
             participant below it\n  hint: write one row per participant below the header",
        ),
        (
            "no-header.xlsx",
            "error: no-header.xlsx, sheet Feuil1: no header row among the first 10 rows \
             (row 1: P001 | Dupont | Yasmina | Ariège Solidaire | Foix | …; \
             row 2: P002 | Chevalier | Benoît | Loire Intermédiaire | Orléans | …; \
             row 3: P003 | Aubert | Sébastien | Le Grenier Solidaire | Lorient | …)\n  \
             hint: add a row naming the columns above the participants, with at least Nom or Prénom \
             (carnet knows Nom, Prénom, Structure, Ville, Profil, Email, Atelier, Visite, ID), \
             or set roster.header_row in event.yaml",
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(read_err(&fixture(name), &none), expected, "{name}");
    }

    let empty: &[u8] = b"";
    let problems = roster::read(empty, "inscrits.csv", &none, &profiles()).unwrap_err();
    assert_eq!(
        lines(&problems),
        "error: inscrits.csv: the file is empty\n  hint: save the participants into it again\n"
    );
}

#[test]
fn settings_that_do_not_fit_the_workbook_say_what_it_has() {
    let book = fixture("title-second-sheet.xlsx");
    let unknown = RosterOptions {
        sheet: Some("Feuil3".into()),
        ..Default::default()
    };
    assert_eq!(
        read_err(&book, &unknown),
        "error: title-second-sheet.xlsx: sheet `Feuil3` not found; the workbook has: Lisez-moi, Inscrits\n  \
         hint: write one of these names in roster.sheet (event.yaml) or --sheet"
    );

    let notes = RosterOptions {
        sheet: Some("Lisez-moi".into()),
        ..Default::default()
    };
    let said = read_err(&book, &notes);
    assert!(
        said.starts_with(
            "error: title-second-sheet.xlsx, sheet Lisez-moi: no header row among the first 10 rows (row 1: \
             Inscriptions au 8e Sémi…; row 2: Les inscrits sont sur l…; row 3: Contact : seminaire-qua…)\n  \
             hint: add a row naming the columns above the participants"
        ),
        "{said}"
    );

    let title = RosterOptions {
        header_row: Some(1),
        ..Default::default()
    };
    assert_eq!(
        read_err(&book, &title),
        "error: title-second-sheet.xlsx: no sheet has a header row on row 1 (roster.header_row); \
         sheets looked at: Lisez-moi, Inscrits\n  \
         hint: the header row names the columns, with at least Nom or Prénom \
         (carnet knows Nom, Prénom, Structure, Ville, Profil, Email, Atelier, Visite, ID); \
         fix roster.header_row, or choose the sheet with roster.sheet in event.yaml"
    );
    let notes_title = RosterOptions {
        header_row: Some(1),
        ..notes
    };
    assert_eq!(
        read_err(&book, &notes_title),
        "error: title-second-sheet.xlsx, sheet Lisez-moi, row 1: row 1 (roster.header_row) has no last name \
         or first name column; it has: Inscriptions au 8e Séminaire Qualité\n  hint: set roster.header_row to \
         the row that names the columns (Nom, Prénom, Structure, Ville, Profil, Email, Atelier, Visite, ID), \
         or name a column Nom or Prénom"
    );

    let columns = BTreeMap::from([("email".to_owned(), "Adresse électronique".to_owned())]);
    let missing = RosterOptions {
        columns,
        ..Default::default()
    };
    assert_eq!(
        read_err(&fixture("people.csv"), &missing),
        "error: people.csv, row 1: column `Adresse électronique` not found (roster.columns.email in event.yaml); \
         the sheet has: ID, Nom, Prénom, Structure, Ville, Profil, Email, Atelier, Visite, Code postal, Téléphone\n  \
         hint: write the header exactly as the sheet does, or remove the setting to let carnet find the column"
    );
}

#[test]
fn column_overrides_name_columns_carnet_does_not_know() {
    let csv = "Nom;Prénom;Mél. pro;Courriel perso;Fonction\n\
               Martin;Sophie;sophie.martin@example.org;sophie@perso.example.org;Directrice\n";
    let columns = BTreeMap::from([
        ("email".to_owned(), "Courriel perso".to_owned()),
        ("Profil".to_owned(), "fonction".to_owned()),
    ]);
    let roster = read_csv(
        csv,
        &RosterOptions {
            columns,
            ..Default::default()
        },
    );
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
    let sophie = &roster.participants[0];
    assert_eq!(sophie.email.as_deref(), Some("sophie@perso.example.org"));
    assert_eq!(sophie.profile.as_ref().unwrap().key, "directeur");
    assert_eq!(
        sophie.extra,
        BTreeMap::from([(
            "Mél. pro".to_owned(),
            Extra::from("sophie.martin@example.org")
        )])
    );
}

#[test]
fn derived_ids_stay_when_the_sheet_is_sorted_otherwise() {
    // people.csv without its ID column, in its order and sorted by city.
    let mut reader = csv::Reader::from_path(fixture("people.csv")).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .skip(1)
        .map(str::to_owned)
        .collect();
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().skip(1).map(str::to_owned).collect())
        .collect();
    let write = |records: &[Vec<String>]| {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&header).unwrap();
        for record in records {
            writer.write_record(record).unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    };
    let first = read_csv(&write(&records), &RosterOptions::default());
    records.sort_by(|a, b| (&a[3], &a[0]).cmp(&(&b[3], &b[0])));
    records.reverse();
    let sorted = read_csv(&write(&records), &RosterOptions::default());

    let ids = |roster: &Roster| -> BTreeMap<String, (String, u32)> {
        roster
            .participants
            .iter()
            .map(|p| (p.full_name(), (p.id.clone(), p.row)))
            .collect()
    };
    let (before, after) = (ids(&first), ids(&sorted));
    assert_eq!(before.len(), 150, "every id is different");
    for (name, (id, _)) in &before {
        assert_eq!(*id, after[name].0, "{name}");
        assert!(id.starts_with("p-") && id.len() == 10, "{id}");
        assert!(
            id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{id} is safe in file names"
        );
    }
    let moved = before
        .iter()
        .filter(|(name, (_, row))| after[*name].1 != *row)
        .count();
    assert!(moved > 100, "the sort moved most people ({moved})");
}

#[test]
fn csv_rows_are_counted_as_a_spreadsheet_shows_them() {
    // A quoted line break stays inside its row; blank rows count; a total is no one.
    let csv = "Liste des inscrits\r\n\
               \r\n\
               NOM ;Prénom;Remarques;Email\r\n\
               Martin;Sophie;\"arrive mardi\r\nrepart mercredi\";sophie@example.org\r\n\
               \r\n\
               Petit;Luc;;luc@example\r\n\
               TOTAL;2;;\r\n";
    let roster = read_csv(csv, &RosterOptions::default());
    assert_eq!(roster.participants.len(), 1);
    assert_eq!(roster.participants[0].row, 4);
    assert_eq!(
        roster.participants[0].extra["Remarques"],
        "arrive mardi\nrepart mercredi"
    );
    assert_eq!(
        lines(&roster.problems),
        "error: inscrits.csv, row 6, column Email: \"luc@example\": not an email address\n  \
         hint: correct the address, or leave the cell empty (this participant will get no mail)\n\
         warning: inscrits.csv, row 7, column NOM: \"TOTAL\": this row looks like a total, not a participant: \
         it is left out\n  hint: nothing to do if it is a total; if it is a person, write their first name too\n"
    );
}

#[test]
fn ids_from_the_sheet_are_checked_and_made_safe() {
    let csv = "N°,Nom,Prénom,Email\n\
               12/A,Martin,Sophie,\n\
               ,Petit,Luc,\n\
               P3,Roux,Hugo,\n\
               P3,Blanc,Zoé,\n\
               P9,,,\n";
    let roster = read_csv(csv, &RosterOptions::default());
    let ids: Vec<&str> = roster.participants.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], "12-A");
    assert!(ids[1].starts_with("p-"), "{}", ids[1]);
    assert_eq!(ids[2], "P3");
    assert_eq!(
        lines(&roster.problems),
        "warning: inscrits.csv, row 2, column N°: \"12/A\": this ID is changed to `12-A` so that it can name a file\n  \
         hint: use only letters, digits, - and _ in IDs\n\
         warning: inscrits.csv, row 3, column N°: no ID, so carnet makes one from the name\n  \
         hint: fill in the ID, or remove the ID column to let carnet make every ID\n\
         error: inscrits.csv, row 5, column N°: \"P3\": this ID is already used by row 4 (Hugo Roux)\n  \
         hint: give each participant their own ID\n\
         warning: inscrits.csv, row 6, column N°: \"P9\": this row has an ID but nothing else: it is left out\n  \
         hint: fill in the participant, or clear the ID\n"
    );
}

#[test]
fn an_email_column_under_a_header_carnet_does_not_know_is_named_with_its_setting() {
    let roster = read_ok(&fixture("mail-pro.xlsx"));
    assert_eq!(
        lines(&roster.problems),
        "warning: mail-pro.xlsx, sheet Inscrits, row 1, column Adresse mail pro: column D holds email \
         addresses (3 of its 4 values), but carnet does not know its header, so nobody can be sent \
         their booklet at them\n  \
         hint: if it is the participants' email, name it in content/event.yaml, under `roster:`:\n      \
         columns:\n        email: \"Adresse mail pro\"\n\
         warning: mail-pro.xlsx, sheet Inscrits, row 1, column Fonction: column E holds the event's \
         profiles (3 of its 3 values), but carnet does not know its header, so nobody gets a profile \
         from it\n  \
         hint: if it is the participants' profile, name it in content/event.yaml, under `roster:`:\n      \
         columns:\n        profile: \"Fonction\"\n"
    );
    let without: Vec<&str> = roster
        .without_email()
        .iter()
        .map(|p| p.last_name.as_str())
        .collect();
    assert_eq!(without, ["Martin", "Durand", "Petit", "Roux"]);

    // The settings the hints show read them.
    let event = EventConfig::parse(&include_str!("../../../content/event.yaml").replace(
        "roster:\n",
        "roster:\n  columns:\n    email: \"Adresse mail pro\"\n    profile: \"Fonction\"\n",
    ))
    .unwrap();
    let options = RosterOptions::from(&event.roster);
    let read = read_with(&fixture("mail-pro.xlsx"), &options).unwrap();
    assert_eq!(
        lines(&read.problems),
        "error: mail-pro.xlsx, sheet Inscrits, row 4, column Adresse mail pro: \"à venir\": not an email \
         address: it has no @\n  \
         hint: correct the address, or leave the cell empty (this participant will get no mail)\n"
    );
    assert!(read.without_email().is_empty());
    assert_eq!(
        read.participants[0].profile.as_ref().unwrap().key,
        "directeur"
    );

    let none = read_ok(&fixture("no-email.ods"));
    assert_eq!(
        lines(&none.problems),
        "warning: no-email.ods, sheet Inscrits, row 1: no email column, so nobody can be sent their \
         booklet (the sheet has: Nom, Prénom, Structure)\n  \
         hint: add a column Email with each participant's address (carnet knows Email, E-mail, \
         Courriel, Mail, Mél, Adresse mail…), or name yours in content/event.yaml, under `roster:`:\n      \
         columns:\n        email: \"Your header\"\n"
    );
    assert_eq!(none.without_email().len(), 2);
}

mod cells;
mod fuzz;
mod limits;
