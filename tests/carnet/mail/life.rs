//! An event's life: corrections, late registrants, packs rebuilt, the
//! journal that keeps the promise of one message each.

use super::*;

/// The roster without its ID column: ids are made from the people.
fn without_ids(roster: &str) -> String {
    roster
        .lines()
        .map(|line| line.split_once(',').map_or(line, |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The manifest of a pack of this case: id → (first name, data digest).
fn manifest(case: &Case, pack: &str) -> BTreeMap<String, csv::StringRecord> {
    let entries = case.unzip(pack);
    let mut reader = csv::Reader::from_reader(entries["manifest.csv"].as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "last_name",
            "first_name",
            "email",
            "file",
            "pages",
            "sha256",
            "data_sha256"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r)
        })
        .collect()
}

#[test]
fn a_typo_fixed_in_a_roster_without_ids_sends_nobody_a_second_message() {
    let case = Case::new();
    fs::write(case.path("roster.csv"), without_ids(ROSTER)).unwrap();
    case.build(&["--out", "pack.zip"]);
    let before = manifest(&case, "pack.zip");
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    // "Loire Intermédiaire" was misspelt: corrected, the id (made from the
    // name and organisation) changes.
    let corrected = without_ids(ROSTER).replace("Loire Intermédiaire", "Loire Intermédiaires");
    fs::write(case.path("roster.csv"), &corrected).unwrap();
    fs::copy(case.path("pack.zip"), case.path("sent.zip")).unwrap();
    let run = case.build(&["--since", "sent.zip", "--out", "fix.zip"]);
    assert!(
        run.stderr.contains("0 new, 1 changed, 0 removed"),
        "the correction is a change, not someone new and someone gone: {}",
        run.output()
    );
    case.build(&["--out", "pack.zip"]);
    let after = manifest(&case, "pack.zip");
    let old_id = before.iter().find(|(_, r)| &r[2] == "Benoît").unwrap().0;
    let new_id = after.iter().find(|(_, r)| &r[2] == "Benoît").unwrap().0;
    assert_ne!(old_id, new_id, "the id follows the organisation");

    let run = case.send(&server, &[]).ok();
    assert_eq!(
        server.received().len(),
        5,
        "nobody twice:\n{}",
        run.output()
    );
    assert!(
        run.stdout.contains(&format!(
            "{new_id} Benoît Chevalier: booklet changed since it was sent on"
        )) && run.stdout.contains(&format!("under the id {old_id}"))
            && run.stdout.contains(&format!("--resend {new_id}")),
        "{}",
        run.output()
    );

    case.send(&server, &["--resend", new_id]).ok();
    let messages = &server.by_recipient()[address("M002")];
    assert_eq!(messages.len(), 2, "the new booklet, when asked");
    assert_eq!(server.received().len(), 6);
}

#[test]
fn a_roster_changed_without_rebuilding_is_refused_by_name() {
    let case = Case::new();
    // M003 moves to another workshop; the pack is not rebuilt.
    let roster = ROSTER.replace("Atelier 3 – Nouveaux métiers", "Atelier 1 – Gouvernance");
    fs::write(case.path("roster.csv"), &roster).unwrap();

    let run = case.mail(&[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr.contains("M003 Aminata N'Diaye"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rebuild"), "{}", run.stderr);
    assert!(!case.path("outbox/m003.eml").exists());

    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("M003"), "{}", run.stderr);
    assert!(server.received().is_empty(), "nothing sent");

    // The others may go, M003 left out by name.
    case.send(&server, &["--only", "M001", "M002"]).ok();
    assert_eq!(server.received().len(), 2);
}

#[test]
fn the_journal_stays_with_the_event_whatever_the_pack() {
    let case = Case::new();
    let server = Server::start(Script::default());
    let send = |pack: &str, outbox: Option<&str>| {
        let mut args = vec![
            "mail",
            "--project",
            "sample",
            "--participants",
            "roster.csv",
            "--pack",
            pack,
        ];
        if let Some(outbox) = outbox {
            args.extend(["--outbox", outbox]);
        }
        let smtp = server.url();
        args.extend(["--send", "--smtp", &smtp, "--per-minute", "6000"]);
        Carnet::new(case.dir.path(), &args).run()
    };
    fs::create_dir_all(case.path("sample")).unwrap();
    let run = send("pack.zip", None);
    assert_eq!(run.code, 0, "{}", run.output());
    assert_eq!(server.received().len(), 5);
    assert!(case.path("sample/dist/outbox/journal.jsonl").exists());

    // The pack copied elsewhere: the event's journal still answers.
    fs::create_dir_all(case.path("elsewhere")).unwrap();
    fs::copy(case.path("pack.zip"), case.path("elsewhere/copy.zip")).unwrap();
    let run = send("elsewhere/copy.zip", None);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(
        run.stdout.contains("Already sent, skipped: 5"),
        "{}",
        run.output()
    );
    assert_eq!(server.received().len(), 5);

    // Another journal for the same event: refused before anything is sent.
    let run = send("elsewhere/copy.zip", Some("elsewhere/outbox"));
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr
            .contains("this event's messages are recorded in the journal")
            && run.stderr.contains("--outbox"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received().len(), 5);

    // The journal deleted: a new one would send everyone again.
    fs::remove_dir_all(case.path("sample/dist/outbox")).unwrap();
    let run = send("pack.zip", None);
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("was deleted"), "{}", run.stderr);
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_pack_the_journal_has_never_seen_is_pointed_out() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    let other = "\
ID,Nom,Prénom,Structure,Ville,Profil,Email,Atelier,Visite
Q1,Autre,Anne,Ailleurs,Lyon,Invitée,anne.autre@example.org,,
";
    fs::write(case.path("other.csv"), other).unwrap();
    Carnet::new(
        case.dir.path(),
        &[
            "build",
            "--project",
            "sample",
            "--participants",
            "other.csv",
            "--out",
            "other.zip",
        ],
    )
    .ok();
    fs::write(case.path("roster.csv"), other).unwrap();
    fs::copy(case.path("other.zip"), case.path("pack.zip")).unwrap();
    let run = case.mail(&[]).ok();
    assert!(
        run.stdout.contains("none for the booklet of pack.zip")
            && run.stdout.contains("check that this is the event meant"),
        "{}",
        run.output()
    );
    // Another event's pack, in this event's folder: its booklets were made
    // from other content, and are refused as stale.
    let elsewhere = case.path("elsewhere");
    fs::create_dir_all(elsewhere.join("content")).unwrap();
    let yaml = fs::read_to_string(repo().join("content/event.yaml")).unwrap();
    let yaml = yaml.replacen("name:", "name: Autre séminaire —", 1);
    fs::write(elsewhere.join("content/event.yaml"), yaml).unwrap();
    Carnet::new(
        case.dir.path(),
        &[
            "build",
            "--project",
            "elsewhere",
            "--participants",
            "other.csv",
            "--out",
            "pack.zip",
        ],
    )
    .ok();
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stderr.contains("Q1 Anne Autre") && run.stderr.contains("rebuild"),
        "{}",
        run.stderr
    );
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_new_address_is_a_new_recipient_and_said_so() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    let roster = ROSTER.replace(address("M004"), "v.perrin@nouveau.example.org");
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--out", "pack.zip"]);

    let run = case.send(&server, &[]).ok();
    assert!(
        run.stderr.contains("M004") || run.stdout.contains("M004"),
        "{}",
        run.output()
    );
    let received = server.received();
    assert_eq!(received.len(), 6, "{}", run.output());
    assert_eq!(received[5].to, ["v.perrin@nouveau.example.org"]);
    let run = case.mail(&[]).ok();
    assert!(run.stdout.contains("nothing to send"), "{}", run.output());

    let dry = {
        let roster = roster.replace("v.perrin@nouveau.example.org", "vp@troisieme.example.org");
        fs::write(case.path("roster.csv"), roster).unwrap();
        case.build(&["--out", "pack.zip"]);
        case.mail(&[]).ok()
    };
    assert!(
        dry.stdout
            .contains("to a new address: the booklet went to v.perrin@nouveau.example.org"),
        "{}",
        dry.output()
    );
}

#[test]
fn late_registrants_get_a_supplement_and_only_their_messages() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    let roster = format!(
        "{ROSTER}\
M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,Atelier 2 – Coopérations,
M008,Petit,Louis,Envie Anjou,Angers,Invité,louis.petit@anjou.example.org,,Régie Nord Francilien
"
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    let run = case.build(&["--since", "pack.zip", "--out", "late.zip", "--skip", "3"]);
    assert!(
        run.stderr
            .contains("2 new, 0 changed, 0 removed since pack.zip"),
        "{}",
        run.output()
    );
    let entries = case.unzip("late.zip");
    let booklets: Vec<&str> = entries
        .keys()
        .filter(|name| name.starts_with("booklets/"))
        .map(String::as_str)
        .collect();
    assert_eq!(booklets.len(), 2, "{booklets:?}");
    assert!(
        booklets
            .iter()
            .all(|b| b.starts_with("booklets/m007-") || b.starts_with("booklets/m008-"))
    );
    let late = manifest(&case, "late.zip");
    assert_eq!(late.keys().collect::<Vec<_>>(), ["M007", "M008"]);
    for name in [
        "badges.pdf",
        "emargement.pdf",
        "print/booklets-a4.pdf",
        "grids/grille-vierge.pdf",
    ] {
        assert!(entries.contains_key(name), "{name}");
    }
    assert!(entries.contains_key("grids/visite-regie-nord-francilien.pdf"));
    let report = String::from_utf8(entries["report.txt"].clone()).unwrap();
    assert!(
        report.contains("Supplement since pack.zip: 2 new, 0 changed, 0 removed, 6 unchanged"),
        "{report}"
    );
    assert!(report.contains("new      M007 Élise Roux"), "{report}");

    let text = |name: &str| {
        let bytes = &entries[name];
        pdf_extract::extract_text_from_mem(bytes).unwrap()
    };
    let badges = text("badges.pdf");
    assert!(
        badges.contains("Roux") && badges.contains("Petit"),
        "{badges}"
    );
    assert!(
        !badges.contains("Dupré"),
        "only the late registrants' badges"
    );
    let attendance = text("emargement.pdf");
    assert!(
        attendance.contains("Dupré") && attendance.contains("Roux"),
        "everyone signs"
    );

    // The mail reaches just them.
    fs::copy(case.path("pack.zip"), case.path("full.zip")).unwrap();
    fs::copy(case.path("late.zip"), case.path("pack.zip")).unwrap();
    let run = case.send(&server, &[]).ok();
    let received = server.received();
    assert_eq!(received.len(), 7, "{}", run.output());
    let to: BTreeSet<&str> = received[5..].iter().map(|r| r.to[0].as_str()).collect();
    assert_eq!(
        to,
        BTreeSet::from([
            "elise.roux@anjou.example.org",
            "louis.petit@anjou.example.org"
        ])
    );
    assert!(
        run.stdout
            .contains("Not in this pack, unchanged since sent: 5"),
        "{}",
        run.output()
    );

    // Nothing new since the supplement's own roster: nothing to build.
    let run = case.build(&["--since", "full.zip", "--out", "again.zip"]);
    assert!(run.stderr.contains("2 new"), "{}", run.output());
    let run = case.build(&["--out", "full.zip"]);
    assert!(run.stderr.contains("8 booklets"), "{}", run.output());
    let run = case.build(&["--since", "full.zip", "--out", "none.zip"]);
    assert!(run.stderr.contains("nothing to build"), "{}", run.output());
    assert!(!case.path("none.zip").exists());
}

#[test]
fn a_dry_run_replaces_what_a_stopped_one_left_half_written() {
    let case = Case::new();
    fs::create_dir_all(case.path("outbox")).unwrap();
    fs::write(case.path("outbox/.carnet-x1.eml.part"), "From: half").unwrap();
    case.mail(&[]).ok();
    let names: Vec<String> = fs::read_dir(case.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".eml")).count(), 5);
}

#[test]
fn a_supplement_leaves_out_a_changed_booklet_with_a_word_not_a_refusal() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    // M003 changes workshop; the full pack is rebuilt, not resent.
    let roster = ROSTER.replace("Atelier 3 – Nouveaux métiers", "Atelier 1 – Gouvernance");
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--out", "printed.zip"]);
    // Then a late registrant, and a supplement since the printed pack.
    let roster = format!(
        "{roster}M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,,\n"
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    case.build(&["--since", "printed.zip", "--out", "pack.zip"]);

    let run = case.send(&server, &[]).ok();
    let received = server.received();
    assert_eq!(received.len(), 6, "{}", run.output());
    assert_eq!(received[5].to, ["elise.roux@anjou.example.org"]);
    assert!(
        run.stdout
            .contains("M003 Aminata N'Diaye: booklet changed since it was sent on")
            && run.stdout.contains("this pack has none for them"),
        "{}",
        run.output()
    );
}
