//! Rosters that would take the machine, or name the same files twice, are
//! refused before they are read, with the place and what to do.

use super::*;

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
            .english()
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
        problems[0].message.english().contains("300002 lines"),
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

#[test]
fn sizes_a_workbook_says_of_itself_are_checked_before_a_reader_trusts_them() {
    let xls = read_err(&hostile("backward-range.xls"), &RosterOptions::default());
    assert_eq!(
        xls,
        "error: backward-range.xls: the file is damaged (a sheet says its used range is A6:D1, \
         which ends before it begins)\n  hint: open it in a spreadsheet program and save it \
         again (as .xlsx preferably)"
    );
    let xlsx = read_err(&hostile("counted-strings.xlsx"), &RosterOptions::default());
    assert_eq!(
        xlsx,
        "error: counted-strings.xlsx: the file is damaged (its table of texts, \
         xl/sharedStrings.xml, says it holds 100000000000000 texts, but it holds 708)\n  \
         hint: open it in a spreadsheet program and save it again; if it was downloaded, \
         download it again"
    );
}
