//! Cells as the spreadsheet shows them: identifiers, dates, profiles, and
//! the rows it hides.

use super::*;

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
            .all(|p| p.message.english().starts_with("no email column")),
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
    let event = include_str!("../../../content/event.yaml");
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
