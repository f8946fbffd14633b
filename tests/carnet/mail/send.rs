//! Messages written and sent: the dry run, delivery, reruns, failures.

use super::*;

#[test]
fn dry_run_writes_one_message_per_participant_with_an_email() {
    let case = Case::new();
    let run = case.mail(&[]).ok();

    let mut written: Vec<String> = fs::read_dir(case.path("outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["m001.eml", "m002.eml", "m003.eml", "m004.eml", "m005.eml"],
        "one .eml per participant with an email, and no journal"
    );
    for (id, address, name) in RECIPIENTS {
        let bytes = fs::read(case.path(&format!("outbox/{}.eml", id.to_lowercase()))).unwrap();
        assert!(bytes.is_ascii(), "{id}: headers and bodies are encoded");
        let parsed = parse(&bytes);
        assert_eq!(parsed.to, address);
        assert_eq!(parsed.to_name, name, "RFC 2047 names decode back");
        assert_eq!(parsed.from, "seminaire-qualite@coorace.example");
        assert_eq!(
            parsed.subject,
            "Votre carnet du participant — 8e Séminaire Qualité, 14 et 15 mai 2013"
        );
        let first_name = name.split(' ').next().unwrap();
        assert!(
            parsed.text.contains(&format!("Bonjour {first_name},")),
            "{}",
            parsed.text
        );
        let sha8 = &pack().booklets[id].1[..8];
        assert_eq!(
            parsed.message_id,
            format!("carnet.{id}.{sha8}@coorace.example")
        );
        assert_eq!(parsed.attachments.len(), 1, "{id}: the booklet only");
        assert_carries_booklet(&parsed, id);
    }
    let m001 = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert!(
        m001.text.contains("« Atelier 1 – Gouvernance »"),
        "{}",
        m001.text
    );

    let out = run.output();
    assert!(out.contains("5 messages to send"), "{out}");
    assert!(
        out.contains("M006 Jeanne Martin"),
        "listed without an email: {out}"
    );
    assert!(
        out.contains("Attachments:") && out.contains("largest"),
        "{out}"
    );
    assert!(!out.contains("warning"), "{out}");

    // A second dry run gives the same Message-IDs: the send will use them.
    case.mail(&[]).ok();
    let again = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert_eq!(again.message_id, m001.message_id);
}

#[test]
fn dry_run_warns_about_heavy_messages_and_honours_html_reply_to_and_grid() {
    let case = Case::new();
    let event = case.event_folder(Some(MailSettings {
        from: "Équipe Séminaire <seminaire@coorace.example>".into(),
        reply_to: Some("Accueil <accueil@coorace.example>".into()),
        subject: "Carnet de {{ participant.full_name }}".into(),
        body: "Bonjour {{ participant.first_name }},\nvoici votre carnet.".into(),
        html: Some("<p>Bonjour {{ participant.organisation }}</p>".into()),
        attach_grid: true,
    }));
    let run = case
        .mail_in(&event, &["--only", "M001", "M004"])
        .args(["--max-size", "0.1"])
        .ok();
    let out = run.output();
    assert!(out.contains("2 messages to send"), "{out}");
    assert!(out.contains("over --max-size 0.10 MB"), "{out}");
    assert!(!case.path("outbox/m002.eml").exists(), "--only");

    let parsed = parse(&fs::read(case.path("outbox/m001.eml")).unwrap());
    assert_eq!(parsed.subject, "Carnet de Hélène Dupré");
    assert_eq!(parsed.reply_to.as_deref(), Some("accueil@coorace.example"));
    assert_eq!(
        parsed.html.as_deref().map(str::trim),
        Some("<p>Bonjour Ariège Solidaire</p>")
    );
    assert!(
        parsed.text.contains("voici votre carnet."),
        "{}",
        parsed.text
    );
    assert_carries_booklet(&parsed, "M001");
    let grid = parsed
        .attachments
        .iter()
        .find(|(name, _, _)| name == "grille-vierge.pdf")
        .expect("the blank grid is attached");
    assert!(grid.2 == pack().grid, "the grid is the pack's");
}

#[test]
fn a_dry_run_speaks_french_in_a_french_locale() {
    let case = Case::new();
    let run = case
        .mail(&["--max-size", "0.01"])
        .env("LANG", "fr_FR.UTF-8")
        .ok();
    let out = run.output();
    for french in [
        "Essai à blanc : 5 messages à envoyer, écrits dans",
        "(rien n’a été envoyé) :",
        "1 participant sans adresse de courriel (pas de message) :",
        "  M006 Jeanne Martin",
        "Pièces jointes : ",
        " Mo en tout ; au plus ",
        "avertissement : M001 Hélène Dupré : les pièces jointes pèsent ",
        "plus que --max-size 0,01 Mo",
        "De : ",
        "Objet : Votre carnet du participant",
        "Pour les envoyer : carnet mail --send",
    ] {
        assert!(out.contains(french), "expected {french:?} in:\n{out}");
    }
    for english in [
        "Dry run",
        "to send",
        "without an email",
        "Attachments:",
        "warning:",
        "From:",
        "Subject:",
        "To send them",
        " MB",
    ] {
        assert!(!out.contains(english), "{english:?} is English, in:\n{out}");
    }

    // The same run in an English terminal says it as always.
    let out = case.mail(&["--max-size", "0.01"]).ok().output();
    assert!(
        out.contains("Dry run: 5 messages to send, written to"),
        "{out}"
    );
    assert!(out.contains("over --max-size 0.01 MB"), "{out}");
}

#[test]
fn template_errors_and_a_missing_mail_section_are_explained() {
    let case = Case::new();
    let mut mail = EventConfig::parse(include_str!("../../../content/event.yaml"))
        .unwrap()
        .mail
        .expect("the sample has a mail section");
    mail.body = "Bonjour {{ participant.prenom }},".into();
    let event = case.event_folder(Some(mail));
    let run = case.mail_in(&event, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("`mail.body`, line 1"), "{}", run.stderr);
    assert!(run.stderr.contains("participant.prenom"), "{}", run.stderr);
    assert!(
        run.stderr.contains("participant.first_name"),
        "the hint lists variables"
    );

    let event = case.event_folder(None);
    let run = case.mail_in(&event, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("no `mail:` section"), "{}", run.stderr);
    assert!(!case.path("outbox").exists(), "nothing written");
}

#[test]
fn sending_delivers_every_message_with_its_booklet() {
    let case = Case::new();
    case.mail(&[]).ok();
    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("5 of 5 messages"), "{}", run.output());

    let received = server.by_recipient();
    assert_eq!(received.len(), 5, "every participant with an email");
    for (id, address, _) in RECIPIENTS {
        let messages = &received[address];
        assert_eq!(messages.len(), 1, "{id}: once");
        assert_eq!(messages[0].to, address);
        assert_carries_booklet(&messages[0], id);
        // The dry run showed the very message that was sent.
        let dry =
            parse(&fs::read(case.path(&format!("outbox/{}.eml", id.to_lowercase()))).unwrap());
        assert_eq!(messages[0].message_id, dry.message_id, "{id}");
    }

    let journal = case.journal();
    assert_eq!(journal.len(), 10, "sending then sent, for each");
    for pair in journal.chunks(2) {
        assert_eq!(pair[0]["status"], "sending");
        assert_eq!(pair[1]["status"], "sent");
        for key in ["id", "to", "message_id", "sha256"] {
            assert_eq!(pair[0][key], pair[1][key], "{key}");
        }
        let id = pair[1]["id"].as_str().unwrap();
        assert_eq!(pair[1]["sha256"], pack().booklets[id].1.as_str());
        assert_eq!(pair[1]["to"], address(id));
        assert!(pair[1]["time"].as_str().unwrap().ends_with('Z'));
        assert!(pair[1]["reply"].as_str().unwrap().starts_with("250"));
    }
}

#[test]
fn a_rerun_after_full_success_sends_nothing_and_resend_sends_one_again() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5);

    let run = case.send(&server, &[]).ok();
    assert_eq!(server.received().len(), 5, "nothing sent twice");
    assert!(
        run.stdout.contains("Already sent, skipped: 5"),
        "{}",
        run.output()
    );
    let run = case.mail(&[]).ok();
    assert!(
        run.stdout.contains("Dry run: nothing to send."),
        "{}",
        run.output()
    );

    case.send(&server, &["--resend", "M002"]).ok();
    let received = server.by_recipient();
    assert_eq!(server.received().len(), 6, "M002 only, again");
    let ids: BTreeSet<&str> = received[address("M002")]
        .iter()
        .map(|m| m.message_id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "a resend is a new message: {ids:?}");
}

#[test]
fn a_sender_killed_mid_run_then_rerun_delivers_each_booklet_once() {
    let case = Case::new();
    let server = Server::start(Script {
        hold: Some(address("M003").into()),
        ..Script::default()
    });
    let mut child = case.send(&server, &[]).spawn();
    server.wait_for_held();
    // M003's message is on the server, its 250 not yet sent: kill now.
    child.kill().unwrap();
    let killed: Run = child.wait_with_output().unwrap().into();
    server.release();
    assert_ne!(killed.code, 0);

    let journal = case.journal();
    let last = journal.last().expect("records");
    assert_eq!(last["status"], "sending", "M003 in flight: {journal:?}");
    assert_eq!(last["id"], "M003");
    let in_flight = last["message_id"].as_str().unwrap().to_owned();
    // And a crash in the middle of writing the next record.
    let path = case.path("outbox/journal.jsonl");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("{\"status\":\"sent\",\"id\":\"M0");
    fs::write(&path, text).unwrap();

    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("3 of 3 messages"), "{}", run.output());
    run.says(&["cut short"]);

    let received = server.by_recipient();
    for (id, address, _) in RECIPIENTS {
        let messages = &received[address];
        let ids: BTreeSet<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
        assert_eq!(ids.len(), 1, "{id}: one Message-ID, got {ids:?}");
        let expected = if id == "M003" { 2 } else { 1 };
        assert_eq!(
            messages.len(),
            expected,
            "{id}: only the in-flight one twice"
        );
        for message in messages {
            assert_carries_booklet(message, id);
        }
    }
    assert_eq!(
        format!("<{}>", received[address("M003")][1].message_id),
        in_flight,
        "sent again with the same Message-ID"
    );
    let sent: BTreeSet<String> = case
        .journal()
        .iter()
        .filter(|r| r["status"] == "sent")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sent.len(), 5, "the journal knows all five were sent");
}

#[test]
fn temporary_failures_are_tried_again() {
    let case = Case::new();
    let mut script = Script::default();
    script.rcpt.insert(address("M001").into(), vec![451]);
    script
        .data_end
        .insert(address("M002").into(), vec![451, 452]);
    // 421 closes the connection: a dropped connection.
    script.rcpt.insert(address("M004").into(), vec![421]);
    let server = Server::start(script);
    let run = case.send(&server, &[]).ok();
    assert!(run.stdout.contains("5 of 5 messages"), "{}", run.output());
    assert!(run.stderr.contains("451"), "{}", run.stderr);
    assert!(run.stderr.contains("trying again"), "{}", run.stderr);

    let received = server.by_recipient();
    for (id, address, _) in RECIPIENTS {
        assert_eq!(received[address].len(), 1, "{id}: delivered once");
        assert_carries_booklet(&received[address][0], id);
    }
}

#[test]
fn a_refused_recipient_is_reported_and_the_others_delivered() {
    let case = Case::new();
    let mut script = Script::default();
    script.refuse.insert(address("M002").into());
    let server = Server::start(script);
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stdout.contains("Refused by the server (1)"),
        "{}",
        run.output()
    );
    assert!(run.stdout.contains("M002"), "{}", run.output());
    assert!(run.stdout.contains("550"), "{}", run.output());
    assert!(run.stderr.contains("not delivered"), "{}", run.stderr);

    let received = server.by_recipient();
    assert_eq!(received.len(), 4, "the four others");
    assert!(!received.contains_key(address("M002")));
    assert!(
        case.journal()
            .iter()
            .any(|r| r["status"] == "refused" && r["id"] == "M002")
    );

    // A rerun does not knock again on the same door, and still says so.
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stdout.contains("M002"), "{}", run.output());
    assert_eq!(server.received().len(), 4);

    // Once the address is fixed on the server's side, --resend sends it.
    server.change(|script| script.refuse.clear());
    case.send(&server, &["--resend", "M002"]).ok();
    assert_eq!(server.by_recipient()[address("M002")].len(), 1);
    assert_eq!(server.received().len(), 5);
}

#[test]
fn a_changed_booklet_is_pointed_out_not_sent_again() {
    let case = Case::new();
    let server = Server::start(Script::default());
    case.send(&server, &[]).ok();

    // M001 moves to another workshop: a new booklet, a new pack.
    let roster = ROSTER.replace(
        "Atelier 1 – Gouvernance,Régie Nord Francilien",
        "Atelier 4 – Territoires,Régie Nord Francilien",
    );
    fs::write(case.path("roster.csv"), &roster).unwrap();
    let rebuilt = build_pack(&roster);
    assert_ne!(rebuilt.booklets["M001"].1, pack().booklets["M001"].1);
    assert_eq!(rebuilt.booklets["M002"].1, pack().booklets["M002"].1);
    fs::write(case.path("pack.zip"), &rebuilt.zip).unwrap();

    let run = case.send(&server, &[]).ok();
    assert!(
        run.stdout
            .contains("M001 Hélène Dupré: booklet changed since it was sent on"),
        "{}",
        run.output()
    );
    assert!(run.stdout.contains("--resend M001"), "{}", run.output());
    assert_eq!(server.received().len(), 5, "not sent automatically");

    case.send(&server, &["--resend", "M001"]).ok();
    let messages = &server.by_recipient()[address("M001")];
    assert_eq!(messages.len(), 2);
    assert!(messages[1].attachments[0].2 == rebuilt.booklets["M001"].2);
}

#[test]
fn a_participant_missing_from_the_pack_is_reported() {
    let case = Case::new();
    let roster = format!(
        "{ROSTER}M007,Roux,Élise,Envie Anjou,Angers,Invitée,elise.roux@anjou.example.org,,\n"
    );
    fs::write(case.path("roster.csv"), roster).unwrap();

    let run = case.mail(&[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.stdout
            .contains("M007 Élise Roux: no booklet in the pack"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("M007 Élise Roux"), "{}", run.stderr);
    assert!(run.stderr.contains("carnet build"), "{}", run.stderr);
    assert!(
        !case.path("outbox/m007.eml").exists(),
        "no message for a stale booklet"
    );

    let server = Server::start(Script::default());
    let run = case.send(&server, &[]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    assert!(server.received().is_empty());
}

#[test]
fn unsafe_servers_and_unknown_ids_are_usage_errors() {
    let case = Case::new();
    let run = case
        .mail(&["--send", "--smtp", "smtp://mail.example.org:25"])
        .run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(
        run.stderr.contains("only allowed toward this machine"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("smtps://mail.example.org:465"),
        "{}",
        run.stderr
    );

    let run = case
        .mail(&["--send", "--smtp", "smtps://jeanne:s3cret@smtp.example.org"])
        .run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(
        run.stderr.contains("CARNET_SMTP_PASSWORD"),
        "{}",
        run.stderr
    );
    assert!(
        !run.output().contains("s3cret"),
        "the password is never echoed"
    );

    let run = case.mail(&["--only", "M999"]).run();
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(run.stderr.contains("M999"), "{}", run.stderr);
    assert!(!case.path("outbox").exists());
}
