//! `carnet check` on each kind of break: it must catch, all at once, what
//! `build` and `mail` would fail on, and name the file and line.

use std::fs;
use std::path::PathBuf;

use crate::support::{Carnet, Run, repo};

/// A new event folder from the defaults (`carnet init`), in a temporary
/// folder that lives as long as the value.
struct Event {
    dir: tempfile::TempDir,
}

impl Event {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Carnet::new(dir.path(), &["init", "event"]).ok();
        Self { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("event")
    }

    /// Replaces `from` by `to` in one of the event's files.
    #[track_caller]
    fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let path = self.root().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn check(&self) -> Run {
        Carnet::new(&self.root(), &["check"]).run()
    }
}

#[track_caller]
fn fails_with(run: &Run, expected: &[&str]) {
    let all = format!("{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.code, 1, "exit code {}:\n{all}", run.code);
    for text in expected {
        assert!(all.contains(text), "{text:?} missing in:\n{all}");
    }
}

#[test]
fn a_sound_event_passes() {
    let run = Event::new().check();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("150 participants"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Without an email (10;")
            && run.stdout.contains("P004 Valérie Perrin (row 5)"),
        "who gets no mail is listed: {}",
        run.stdout
    );
}

#[test]
fn each_broken_template_is_caught_with_its_file_and_line_all_at_once() {
    let event = Event::new();
    for template in ["booklet", "badges", "grid", "attendance"] {
        let path = event.root().join(format!("templates/{template}.typ"));
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\n#undefined-in-");
        text.push_str(template);
        text.push('\n');
        fs::write(&path, text).unwrap();
    }
    let run = event.check();
    let mut expected = vec![];
    for template in ["booklet", "badges", "grid", "attendance"] {
        expected.push(format!("templates/{template}.typ:"));
        expected.push(format!("undefined-in-{template}"));
    }
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    fails_with(&run, &expected);
}

#[test]
fn the_booklet_prose_is_compiled() {
    let event = Event::new();
    let path = event.root().join("content/carnet.typ");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n#let broken = (\n");
    fs::write(&path, text).unwrap();
    fails_with(&event.check(), &["content/carnet.typ:"]);
}

#[test]
fn a_bad_grid_definition_is_caught_at_its_line() {
    let event = Event::new();
    event.edit(
        "content/grille.yaml",
        "          - text: \"Quelle est la mission de l'entreprise ?\"",
        "          - text: \"Quelle est la mission de l'entreprise ?\"\n            lines: quatre",
    );
    fails_with(
        &event.check(),
        &["content/grille.yaml", "line 21", "lines: N"],
    );
}

#[test]
fn a_misspelt_variable_in_the_mail_is_caught_once() {
    let event = Event::new();
    event.edit(
        "content/event.yaml",
        "{{ participant.first_name }}",
        "{{ participant.prenom }}",
    );
    let run = event.check();
    fails_with(&run, &["mail.body", "participant.prenom"]);
    assert_eq!(
        run.stdout
            .matches("undefined value `participant.prenom`")
            .count(),
        1,
        "said once, not for each of 150: {}",
        run.stdout
    );
}

#[test]
fn options_are_typed_with_their_allowed_values() {
    let cases = [
        (
            "  sort: \"last_name\"       # last_name, group or profile",
            "  sort: grup",
            "expected one of last_name, group, profile",
        ),
        (
            "  qr: \"none\"",
            "  qr: vCard",
            "expected one of none, id, vcard",
        ),
        (
            "    colour: \"#07142b\"",
            "    colour: \"orange vif\"",
            "is not a colour",
        ),
        (
            "    time: \"14 h – 18 h\"",
            "    time: \"14 h – 12 h\"",
            "ends before it starts",
        ),
        (
            "  running_title:",
            "  runing_title:",
            "unknown field `runing_title`",
        ),
    ];
    for (from, to, expected) in cases {
        let event = Event::new();
        event.edit("content/event.yaml", from, to);
        fails_with(&event.check(), &["content/event.yaml", "line ", expected]);
    }
}

#[test]
fn sessions_out_of_order_are_named() {
    let event = Event::new();
    event.edit(
        "content/event.yaml",
        "    date: 2013-05-14\n    half_day: \"après-midi\"",
        "    date: 2013-05-15\n    half_day: \"après-midi\"",
    );
    fails_with(
        &event.check(),
        &[
            "content/event.yaml",
            "comes before",
            "list the sessions in their order",
        ],
    );
}

#[test]
fn no_fictional_people_stand_in_for_a_missing_roster() {
    let event = Event::new();
    fs::remove_file(event.root().join("content/participants.xlsx")).unwrap();
    for command in ["check", "build"] {
        let run = Carnet::new(&event.root(), &[command]).run();
        fails_with(
            &run,
            &[
                "no roster here",
                "content/participants.xlsx",
                "--participants",
            ],
        );
        assert!(
            !event.root().join("dist").exists(),
            "{command}: nothing written"
        );
    }
}

#[test]
fn a_mistyped_project_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let run = Carnet::new(dir.path(), &["build", "--project", "evnet"]).run();
    fails_with(&run, &["evnet", "does not exist", "carnet init"]);
    assert!(!dir.path().join("evnet").exists());
}

#[test]
fn the_sample_roster_is_said_on_the_first_line() {
    // In an empty folder: the built-in sample, as a demonstration.
    let dir = tempfile::tempdir().unwrap();
    let run = Carnet::new(dir.path(), &["check"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .next()
            .unwrap()
            .contains("150 fictional people"),
        "{}",
        run.stdout
    );
    // In an event folder whose roster is still the sample.
    let event = Event::new();
    let run = Carnet::new(&event.root(), &["build"]).ok();
    assert!(
        run.stderr
            .lines()
            .next()
            .unwrap()
            .contains("150 fictional people"),
        "{}",
        run.stderr
    );
}

#[test]
fn prose_that_typst_would_change_is_pointed_out_with_its_line() {
    let event = Event::new();
    let path = event.root().join("content/carnet.typ");
    let mut text = fs::read_to_string(&path).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("C'est le #1 en France, le 1er <octobre>.\n");
    fs::write(&path, text).unwrap();
    let run = event.check();
    for expected in [
        format!("content/carnet.typ:{line}: `#1`"),
        format!("content/carnet.typ:{line}: `<octobre>`"),
        "write `\\#`".to_owned(),
    ] {
        assert!(
            run.stdout.contains(&expected),
            "{expected}:\n{}",
            run.stdout
        );
    }
    let sample = Event::new().check();
    assert!(
        !sample.stdout.contains("carnet.typ:"),
        "the sample's prose is clean: {}",
        sample.stdout
    );
}

#[test]
fn hidden_rows_are_left_out_with_a_word_or_read_when_asked() {
    let event = Event::new();
    let hidden = crate::support::repo().join("tests/fixtures/roster/hidden.xlsx");
    let hidden = hidden.to_str().unwrap();
    let run = Carnet::new(&event.root(), &["check", "--participants", hidden]).ok();
    assert!(
        run.stdout.contains("rows 4, 6 are hidden") && run.stdout.contains("4 participants read"),
        "{}",
        run.stdout
    );
    event.edit(
        "content/event.yaml",
        "roster:\n",
        "roster:\n  hidden_rows: read\n",
    );
    let run = Carnet::new(&event.root(), &["check", "--participants", hidden]).ok();
    assert!(
        run.stdout.contains("they are read") && run.stdout.contains("6 participants read"),
        "{}",
        run.stdout
    );
}

#[test]
fn profile_colours_alike_in_grey_are_pointed_out() {
    let event = Event::new();
    let sound = event.check();
    assert!(
        !sound.stdout.contains("nearly the same grey"),
        "{}",
        sound.stdout
    );
    // a blue as grey as the purple of "Directeur"
    event.edit(
        "content/event.yaml",
        "    colour: \"#07142b\"",
        "    colour: \"#3a3f8f\"",
    );
    let run = event.check();
    let all = format!("{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.code, 0, "a warning, not an error:\n{all}");
    assert!(
        all.contains("content/event.yaml:")
            && all.contains(
                "the colours of the profiles \"Administrateur\" (#3a3f8f) and \"Directeur\" \
                 (#5b2474) print as nearly the same grey (28 % and 24 %)"
            ),
        "{all}"
    );
}

#[test]
fn the_command_line_speaks_french_in_a_french_locale() {
    let dir = tempfile::tempdir().unwrap();
    let roster = repo().join("tests/fixtures/roster/messy.xlsx");
    let check = |env: &[(&str, &str)]| {
        let mut carnet = Carnet::new(
            dir.path(),
            &["check", "--participants", roster.to_str().unwrap()],
        );
        for (name, value) in env {
            carnet = carnet.env(name, value);
        }
        carnet.run()
    };
    let french = check(&[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(french.code, 1, "{}", french.output());
    french.says(&[
        "erreur : ",
        ", feuille Inscrits, ligne 7, colonne E-MAIL : \"claire.bernard.example.org\" : ce n’est \
         pas une adresse e-mail",
        "  conseil : corrigez l’adresse",
        "Profils :",
        "5 problèmes à corriger avant `carnet build`",
    ]);
    assert!(
        !french.output().contains("hint:") && !french.output().contains("error:"),
        "{}",
        french.output()
    );
    let english = check(&[]);
    english.says(&[
        "error: ",
        ", sheet Inscrits, row 7, column E-MAIL: \"claire.bernard.example.org\": not an email \
         address",
        "  hint: correct the address",
        "5 problems to fix before `carnet build`",
    ]);
    // LC_ALL decides before LANG, as POSIX has it
    let c = check(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]);
    assert_eq!(c.stdout, english.stdout);
    let messages = check(&[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8")]);
    assert_eq!(messages.stdout, french.stdout);
}

#[test]
fn a_badge_whose_qr_code_cannot_hold_the_vcard_is_named() {
    let event = Event::new();
    event.edit("content/event.yaml", "  qr: \"none\"", "  qr: \"vcard\"");
    let long = "Coopérative ".repeat(250);
    let roster = event.root().join("long.csv");
    fs::write(
        &roster,
        format!(
            "Nom,Prénom,Structure,Email\nMartin,Anne,Scop Horizon,anne@example.org\n\
             Durand,Paul,{long},paul@example.org\n"
        ),
    )
    .unwrap();
    let roster = roster.to_str().unwrap();
    let expected = [
        "long.csv, row 3, column Structure",
        "their badge's QR code cannot hold their vCard (",
        "the badge is printed without a code",
        "set `badges.qr: id`",
    ];
    let run = Carnet::new(&event.root(), &["check", "--participants", roster]).run();
    let all = format!("{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.code, 0, "a warning, not an error:\n{all}");
    for text in expected {
        assert!(all.contains(text), "{text:?} missing in:\n{all}");
    }
    assert!(!all.contains("row 2"), "Anne's code fits:\n{all}");

    let out = event.root().join("pack.zip");
    let out = out.to_str().unwrap();
    Carnet::new(
        &event.root(),
        &["build", "--participants", roster, "--out", out],
    )
    .ok();
    let pack = crate::support::unzip(std::path::Path::new(out));
    let report = String::from_utf8_lossy(&pack["report.txt"]).into_owned();
    for text in expected {
        assert!(report.contains(text), "{text:?} missing in:\n{report}");
    }
}
