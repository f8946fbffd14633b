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
    EventConfig::parse(include_str!("../../content/event.yaml"))
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
        serde_json::from_str(include_str!("../../content/sample-participant.json")).unwrap();
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
    let event = EventConfig::parse(&include_str!("../../content/event.yaml").replace(
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

/// The participants of `shown.*`, by last name.
fn shown(name: &str) -> (Roster, BTreeMap<String, Participant>) {
    let roster = read_ok(&fixture(name));
    let people = roster
        .participants
        .iter()
        .map(|p| (p.last_name.clone(), p.clone()))
        .collect();
    (roster, people)
}

#[test]
fn identifier_numbers_keep_the_digits_their_cells_show() {
    let (roster, people) = shown("shown.xlsx");
    let extra = |who: &str, column: &str| people[who].extra[column].as_str().to_owned();
    assert_eq!(
        extra("Martin", "Téléphone"),
        "0472112233",
        "format 0000000000"
    );
    assert_eq!(
        extra("Durand", "Téléphone"),
        "06 12 34 56 78",
        "format 0# ## ## ## ##"
    );
    assert_eq!(
        extra("Petit", "Téléphone"),
        "240506070",
        "General: the zero is lost"
    );
    assert_eq!(extra("Garcia", "Téléphone"), "06 11 22 33 44", "text");
    assert_eq!(extra("Martin", "Code postal"), "01000", "format 00000");
    assert_eq!(extra("Durand", "Code postal"), "49000");
    assert_eq!(extra("Petit", "Code postal"), "1000");
    assert_eq!(extra("Martin", "SIRET"), "01234567800012");
    assert_eq!(extra("Durand", "N° adhérent"), "8");
    let pinned = "warning: shown.xlsx, sheet Inscrits, row 3, column N° adhérent: \"8\": this number may have \
         lost a leading zero: it has 1 digits, and other values of the column have 3, with leading zeros\n  \
         hint: format the column as text and type the number again with its leading 0, or give the \
         column the number format 000\n\
         warning: shown.xlsx, sheet Inscrits, row 4, column Téléphone: \"240506070\": this number may \
         have lost a leading zero: it has 9 digits, and a French phone number has 10\n  \
         hint: format the column as text and type the number again with its leading 0, or give the \
         column the number format 0000000000\n\
         warning: shown.xlsx, sheet Inscrits, row 4, column Code postal: \"1000\": this number may have \
         lost a leading zero: it has 4 digits, and a French postcode has 5\n  \
         hint: format the column as text and type the number again with its leading 0, or give the \
         column the number format 00000\n";
    assert_eq!(lines(&roster.problems), pinned);

    // LibreOffice's copies show the same: its ods says what each cell shows,
    // its xls has the formats.
    for name in ["shown.ods", "shown.xls"] {
        let (copy, copied) = shown(name);
        assert_eq!(
            lines(&copy.problems),
            pinned.replace("shown.xlsx", name),
            "{name}"
        );
        assert_eq!(copied, people, "{name}");
    }

    // LibreOffice's xlsx, made from its ods, writes the second phone's
    // format as #\ ##\ ##\ ##\ #0: Excel would show it without its zero,
    // and carnet says so.
    let (copy, copied) = shown("shown-libreoffice.xlsx");
    assert_eq!(copied["Durand"].extra["Téléphone"], "6 12 34 56 78");
    assert_eq!(copied["Martin"].extra["Téléphone"], "0472112233");
    assert_eq!(copied["Martin"].extra["Code postal"], "01000");
    assert!(
        lines(&copy.problems).contains(
            "row 3, column Téléphone: \"6 12 34 56 78\": this number may have lost a leading zero: \
             it has 9 digits"
        ),
        "{}",
        lines(&copy.problems)
    );
}

#[test]
fn dates_reach_templates_as_their_cells_show_them_and_as_iso_dates() {
    let (_, people) = shown("shown.xlsx");
    let martin = &people["Martin"];
    let date = |column: &str| {
        let value = &martin.extra[column];
        (
            value.as_str().to_owned(),
            value.iso.clone().unwrap_or_default(),
        )
    };
    assert_eq!(date("Arrivée"), ("14/05/2013".into(), "2013-05-14".into()));
    assert_eq!(
        date("Dîner"),
        ("mardi 14 mai 2013".into(), "2013-05-14".into())
    );
    assert_eq!(date("Heure"), ("09:30".into(), "09:30".into()));
    assert_eq!(
        date("Inscrit le"),
        ("02/04/2013 10:15".into(), "2013-04-02 10:15".into())
    );
    // The JSON templates read: `extra` as shown, `extra_iso` for the dates.
    let json = serde_json::to_value(martin).unwrap();
    assert_eq!(json["extra"]["Arrivée"], "14/05/2013");
    assert_eq!(json["extra"]["Téléphone"], "0472112233");
    assert_eq!(
        json["extra_iso"],
        serde_json::json!({
            "Arrivée": "2013-05-14",
            "Dîner": "2013-05-14",
            "Heure": "09:30",
            "Inscrit le": "2013-04-02 10:15",
        })
    );
    let durand = serde_json::to_value(&people["Durand"]).unwrap();
    assert_eq!(durand["extra"]["Dîner"], "", "an empty cell");
    assert_eq!(
        durand["extra_iso"],
        serde_json::json!({"Arrivée": "2013-05-15"})
    );

    // LibreOffice writes its long date as `dddd, ""d mmmm yyyy` in an xlsx:
    // Excel shows the comma, and so does carnet.
    let (_, copied) = shown("shown-libreoffice.xlsx");
    assert_eq!(copied["Martin"].extra["Dîner"], "mardi, 14 mai 2013");
    assert_eq!(copied["Martin"].extra["Arrivée"], "14/05/2013");
    assert_eq!(
        copied["Martin"].extra["Inscrit le"].iso.as_deref(),
        Some("2013-04-02 10:15")
    );
}

#[test]
fn profiles_print_as_the_roster_writes_them_when_event_yaml_declares_the_form() {
    let roster = read_ok(&fixture("profiles.xlsx"));
    assert!(
        roster
            .problems
            .iter()
            .all(|p| p.message.starts_with("no email column")),
        "{}",
        lines(&roster.problems)
    );
    let printed: Vec<(&str, &str, &str)> = roster
        .participants
        .iter()
        .map(|p| {
            let profile = p.profile.as_ref().unwrap();
            (
                profile.key.as_str(),
                profile.label.as_str(),
                profile.event_label.as_str(),
            )
        })
        .collect();
    assert_eq!(
        printed,
        [
            ("directeur", "Directrice", "Directeur"),
            ("directeur", "Directrice", "Directeur"),
            ("directeur", "Directeur", "Directeur"),
            ("intervenant", "Intervenante", "Intervenant"),
            (
                "salarie-parcours",
                "Salariée en parcours",
                "Salarié en parcours"
            ),
            (
                "salarie-parcours",
                "Salarié·e en parcours",
                "Salarié en parcours"
            ),
            (
                "salarie-parcours",
                "Salarié en parcours",
                "Salarié en parcours"
            ),
            ("administrateur", "Bénévole", "Administrateur"),
        ]
    );
    // What the templates print is `profile.label`.
    let json = serde_json::to_value(&roster.participants[0]).unwrap();
    assert_eq!(
        json["profile"],
        serde_json::json!({
            "key": "directeur",
            "label": "Directrice",
            "event_label": "Directeur",
            "colour": "#5b2474",
        })
    );
}

#[test]
fn hidden_and_filtered_rows_are_left_out_unless_the_settings_read_them() {
    let none = RosterOptions::default();
    for name in ["hidden.xlsx", "hidden.ods", "hidden.xls"] {
        let path = fixture(name);
        let skipped = read_with(&path, &none).unwrap();
        let rows: Vec<u32> = skipped.participants.iter().map(|p| p.row).collect();
        assert_eq!(rows, [2, 3, 5, 7], "{name}");
        assert_eq!(
            lines(&skipped.problems),
            format!(
                "warning: {name}, sheet Inscrits: rows 4, 6 are hidden in the spreadsheet (a cancelled \
                 registration?): they are left out\n  \
                 hint: if they are participants, show them in the spreadsheet or set \
                 `roster.hidden_rows: read` in content/event.yaml to read them\n"
            ),
            "{name}"
        );

        let bytes = std::fs::read(&path).unwrap();
        let read =
            roster::read_with(&bytes, name, &none, roster::HiddenRows::Read, &profiles()).unwrap();
        let rows: Vec<u32> = read.participants.iter().map(|p| p.row).collect();
        assert_eq!(rows, [2, 3, 4, 5, 6, 7], "{name}");
        assert_eq!(
            lines(&read.problems),
            format!(
                "warning: {name}, sheet Inscrits: rows 4, 6 are hidden in the spreadsheet: they are \
                 read, as `roster.hidden_rows: read` says\n  \
                 hint: delete them if they are not participants, or set `roster.hidden_rows: skip` in \
                 content/event.yaml to leave them out\n"
            ),
            "{name}"
        );
    }
    for name in ["filtered.xlsx", "filtered.ods"] {
        let roster = read_with(&fixture(name), &none).unwrap();
        let rows: Vec<u32> = roster.participants.iter().map(|p| p.row).collect();
        assert_eq!(rows, [2, 4, 6, 7], "{name}");
        assert_eq!(
            lines(&roster.problems),
            format!(
                "warning: {name}, sheet Inscrits: rows 3, 5 are filtered out by the sheet's filter: \
                 they are left out\n  \
                 hint: if they are participants, clear the filter or set `roster.hidden_rows: read` \
                 in content/event.yaml to read them\n"
            ),
            "{name}"
        );
    }

    // The setting, as event.yaml writes it.
    let event = include_str!("../../content/event.yaml");
    let read = EventConfig::parse(&event.replace(
        "roster:\n  file: \"participants.xlsx\"\n",
        "roster:\n  file: \"participants.xlsx\"\n  hidden_rows: read\n",
    ))
    .unwrap();
    assert_eq!(read.roster.hidden_rows, roster::HiddenRows::Read);
    let default = EventConfig::parse(event).unwrap();
    assert_eq!(default.roster.hidden_rows, roster::HiddenRows::Skip);
    let typo = EventConfig::parse(&event.replace(
        "roster:\n  file: \"participants.xlsx\"\n",
        "roster:\n  file: \"participants.xlsx\"\n  hidden_rows: yes\n",
    ));
    assert!(typo.is_err(), "hidden_rows is read or skip");
}

/// A hostile fixture (`tests/fixtures/hostile/`, see `make_hostile.py`).
fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

#[test]
fn a_stray_cell_at_the_end_of_the_sheet_is_named_not_laid_out() {
    let error = read_err(&hostile("stray-cell.xlsx"), &RosterOptions::default());
    assert_eq!(
        error,
        "error: stray-cell.xlsx, sheet Inscrits: the sheet's used range runs to XFD1048576 \
         because of a stray cell there (\"x\"); carnet reads at most 200000 rows and 1000 \
         columns\n  hint: delete the cell XFD1048576 (and anything else far below or right of \
         the participants), then save the file again"
    );
}

#[test]
fn workbooks_that_would_take_the_machine_are_refused_before_they_are_read() {
    let inflating = read_err(&hostile("inflating.xlsx"), &RosterOptions::default());
    assert!(
        inflating.starts_with(
            "error: inflating.xlsx: the file is 289 kB compressed, but its part \
             xl/worksheets/sheet1.xml alone inflate to more than 128 MB"
        ),
        "{inflating}"
    );
    let long = read_err(&hostile("long-cell.xlsx"), &RosterOptions::default());
    assert!(
        long.starts_with(
            "error: long-cell.xlsx, sheet Inscrits: the cell E3 holds 40000 characters"
        ),
        "{long}"
    );
    let xls = read_err(&hostile("far-cell.xls"), &RosterOptions::default());
    assert!(
        xls.starts_with(
            "error: far-cell.xls: the sheets hold more than 5000000 cells from their first used \
             cell to their last (one runs to IV65536)"
        ),
        "{xls}"
    );
    let ods = read_err(&hostile("repeated-rows.ods"), &RosterOptions::default());
    assert!(
        ods.starts_with(
            "error: repeated-rows.ods: on the sheet `Inscrits`, the cell A2 holds a value and its row is repeated \
             1000000 times, which runs the sheet's used range to A1000001"
        ),
        "{ods}"
    );
}

#[test]
fn a_csv_with_more_fields_or_lines_than_any_roster_is_refused_before_it_is_read() {
    let wide = format!("Nom;Prénom\nMartin;{}\n", ";".repeat(2_000_000));
    let problems = roster::read(
        wide.as_bytes(),
        "wide.csv",
        &Default::default(),
        &profiles(),
    )
    .unwrap_err();
    assert!(
        problems[0]
            .message
            .contains("up to 2000002 fields on a line"),
        "{}",
        lines(&problems)
    );
    let long = "Nom;Prénom\n".to_owned() + &"\n".repeat(300_000) + "Martin;Sophie\n";
    let problems = roster::read(
        long.as_bytes(),
        "long.csv",
        &Default::default(),
        &profiles(),
    )
    .unwrap_err();
    assert!(
        problems[0].message.contains("300002 lines"),
        "{}",
        lines(&problems)
    );
}

#[test]
fn accented_addresses_are_read_as_written() {
    let roster = read_ok(&hostile("accented-email.xlsx"));
    let emails: Vec<_> = roster
        .participants
        .iter()
        .map(|p| p.email.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        emails,
        [
            "josé-émile@envie.example.org",
            "anaïs.rousseau@tremplin.example.org"
        ]
    );
    assert!(roster.problems.is_empty(), "{}", lines(&roster.problems));
}

#[test]
fn ids_that_would_name_the_same_files_are_an_error_naming_both_rows() {
    let problems = match read_with(&hostile("colliding-ids.xlsx"), &RosterOptions::default()) {
        Ok(roster) => roster.problems,
        Err(problems) => problems,
    };
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(Problem::to_string)
        .collect();
    assert_eq!(errors.len(), 2, "{}", lines(&problems));
    assert!(
        errors[0].starts_with(
            "error: colliding-ids.xlsx, sheet Inscrits, row 3, column ID: \"P-1\": this ID and \
             the ID `P_1` of row 2 (Sophie Martin) differ only by case or punctuation, so both \
             would name the files `p-1`"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("row 5") && errors[1].contains("row 4"),
        "{}",
        errors[1]
    );
}

#[test]
fn long_names_and_ids_give_file_names_every_system_accepts() {
    let roster = read_ok(&hostile("long-name.xlsx"));
    let files: Vec<String> = roster
        .participants
        .iter()
        .map(|p| p.booklet_file())
        .collect();
    assert_eq!(files.len(), 2);
    for file in &files {
        let name = file.strip_prefix("booklets/").unwrap();
        assert!(name.len() <= 120, "{name}: {} bytes", name.len());
        assert!(name.ends_with(".pdf"));
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)),
            "{name}"
        );
    }
    assert_ne!(
        files[0], files[1],
        "two ids with the same start keep two names"
    );
}

/// A small, seeded random number generator (xorshift), so that a mutation
/// run can be repeated from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Values that make readers take the wrong turn: bounds, and beyond them.
const INTERESTING: [&str; 10] = [
    "0",
    "-1",
    "1048576",
    "16384",
    "65535",
    "4294967295",
    "18446744073709551616",
    "XFD1048576",
    "999999999999",
    "A1:XFD1048576",
];

/// One mutation of some bytes, at random: a byte changed, a range cut out
/// or repeated, the end cut off, or a number replaced by an interesting one.
fn mutate_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.push(b'x');
    }
    let at = rng.below(bytes.len());
    let len = 1 + rng.below(64.min(bytes.len() - at));
    match rng.below(6) {
        0 => bytes[at] = rng.next() as u8,
        1 => {
            bytes.drain(at..at + len);
        }
        2 => {
            let copy: Vec<u8> = bytes[at..at + len].to_vec();
            for _ in 0..1 + rng.below(8) {
                bytes.splice(at..at, copy.iter().copied());
            }
        }
        3 => bytes.truncate(at),
        4 => {
            let value = INTERESTING[rng.below(INTERESTING.len())].as_bytes();
            // Replace the run of digits (or letters+digits) at `at`.
            let end = (at..bytes.len())
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(bytes.len());
            bytes.splice(at..end.max(at), value.iter().copied());
        }
        _ => {
            let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, noise);
        }
    }
}

/// A zipped workbook mutated inside: one of its parts changed, rezipped,
/// so that the mutation reaches the reader past the archive's checksums.
fn mutate_zip(bytes: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).ok()?;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        parts.push((entry.name().ok()?.into_owned(), data));
    }
    let chosen = rng.below(parts.len());
    for _ in 0..1 + rng.below(4) {
        mutate_bytes(&mut parts[chosen].1, rng);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// The files a mutation run starts from: every roster fixture, and the
/// inputs that once found a bug (`tests/fixtures/fuzz/`).
fn seeds(folders: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "py" && e != "md"))
            .collect();
        paths.sort();
        for path in paths {
            if path.metadata().unwrap().len() > 1_000_000 {
                continue;
            }
            seeds.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    seeds
}

/// Runs `target` on mutations of `seeds` for `CARNET_FUZZ_SECONDS` (or a
/// fixed number of rounds), and fails with the inputs that made it panic,
/// saved under `target/fuzz-failures/` to be added to the corpus.
fn mutation_run(name: &str, seeds: &[(String, Vec<u8>)], target: &dyn Fn(&[u8])) {
    let seconds: u64 = std::env::var("CARNET_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let start = std::time::Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut runs, mut failures) = (0u64, Vec::new());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    loop {
        let done = if seconds == 0 {
            runs >= 40 * seeds.len() as u64
        } else {
            start.elapsed().as_secs() >= seconds
        };
        if done {
            break;
        }
        let (_, seed) = &seeds[rng.below(seeds.len())];
        let mut input = if seed.starts_with(b"PK") && rng.below(4) != 0 {
            mutate_zip(seed, &mut rng).unwrap_or_else(|| seed.clone())
        } else {
            seed.clone()
        };
        if !input.starts_with(b"PK") || rng.below(8) == 0 {
            for _ in 0..1 + rng.below(4) {
                mutate_bytes(&mut input, &mut rng);
            }
        }
        runs += 1;
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}-{:016x}", rng.next()));
            std::fs::write(&path, &input).unwrap();
            failures.push(path.display().to_string());
        }
    }
    std::panic::set_hook(hook);
    eprintln!(
        "{name}: {runs} mutated inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{name} panicked on:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_roster_reader_never_panics_on_mutated_rosters() {
    let profiles = profiles();
    let seeds = seeds(&[
        "tests/fixtures/roster",
        "tests/fixtures/hostile",
        "tests/fixtures/fuzz/roster",
    ]);
    mutation_run("roster", &seeds, &|data| {
        let _ = roster::read(data, "roster", &RosterOptions::default(), &profiles);
    });
}

#[test]
fn the_event_loader_never_panics_on_mutated_settings() {
    let mut seeds = seeds(&["tests/fixtures/fuzz/event"]);
    seeds.push((
        "content/event.yaml".into(),
        include_bytes!("../../content/event.yaml").to_vec(),
    ));
    let people = std::fs::read(fixture("people.csv")).unwrap();
    mutation_run("event", &seeds, &|data| {
        if let Ok(event) = EventConfig::parse(&String::from_utf8_lossy(data)) {
            let options = RosterOptions::from(&event.roster);
            let _ = roster::read(&people, "people.csv", &options, &event.profiles);
        }
    });
}

#[test]
fn the_inputs_that_found_bugs_read_without_a_panic() {
    // Every file of the corpus once made carnet panic or take too much;
    // each must now read, or be refused with problems.
    let profiles = profiles();
    for (name, bytes) in seeds(&["tests/fixtures/fuzz/roster"]) {
        let read = roster::read(&bytes, "roster", &RosterOptions::default(), &profiles);
        if let Err(problems) = read {
            assert!(!problems.is_empty(), "{name}");
        }
    }
    for (_, bytes) in seeds(&["tests/fixtures/fuzz/event"]) {
        let _ = EventConfig::parse(&String::from_utf8_lossy(&bytes));
    }
}
