//! The desk's mail page: the dry run reviewed in the page, then the send
//! through the same journal, one at a time.

use super::*;
use crate::serve::{Desk, serve_with, token_of};

/// The sample event's pack, where the desk looks for it.
const PACK: &str = "sample/dist/seminaire-qualite-2013.zip";

/// The desk on this case's sample event and roster, with the pack built.
fn desk(case: &Case) -> Desk {
    fs::create_dir_all(case.path("sample/dist")).unwrap();
    fs::write(case.path(PACK), &pack().zip).unwrap();
    desk_without_pack(case)
}

/// The desk on this case's sample event and roster, no pack built.
fn desk_without_pack(case: &Case) -> Desk {
    fs::create_dir_all(case.path("sample")).unwrap();
    serve_with(Carnet::new(
        case.dir.path(),
        &[
            "serve",
            "--port",
            "0",
            "--project",
            "sample",
            "--participants",
            "roster.csv",
        ],
    ))
}

/// The generation of the review the page offers to send.
fn reviewed(page: &str) -> String {
    page.split("name=\"reviewed\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the send form names the review")
        .to_owned()
}

#[test]
fn the_desk_shows_the_dry_run_then_sends_each_message_once() {
    let case = Case::new();
    let server = Server::start(Script::default());
    let desk = desk(&case);
    let page = desk.get("/mail", "fr").text();
    assert!(page.contains("Préparer les messages"), "{page}");
    let token = token_of(&page);
    let send = |reviewed: &str| {
        desk.post(
            "/mail/send",
            &format!(
                "token={token}&reviewed={reviewed}&smtp={}&user=&password=&per_minute=6000",
                url::form_urlencoded::byte_serialize(server.url().as_bytes()).collect::<String>()
            ),
        )
    };
    assert_eq!(send("0").status, 409, "nothing is sent before a review");
    assert_eq!(desk.post("/mail/review", "token=guessed").status, 403);

    assert_eq!(
        desk.post("/mail/review", &format!("token={token}")).status,
        303
    );
    let page = desk.wait_for("/mail", "messages à envoyer").text();
    assert!(page.contains("5 messages à envoyer"), "{page}");
    for (id, address, _) in RECIPIENTS {
        assert!(page.contains(address), "{id}'s address is shown");
    }
    assert!(page.contains("Votre carnet du participant"), "the subject");
    assert!(
        page.contains("Bonjour Hélène"),
        "the body, rendered for each"
    );
    assert!(page.contains("kB)"), "each attachment with its size");
    assert!(
        page.contains("M006 Jeanne Martin"),
        "who has no address is said"
    );
    let outbox: Vec<_> = fs::read_dir(case.path("sample/dist/outbox"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(outbox.len(), 5, "the dry run wrote the outbox");
    assert!(server.received().is_empty(), "a dry run sends nothing");

    // A file of the event changes after the review: what was reviewed is
    // no longer what would go.
    let first = reviewed(&page);
    thread::sleep(Duration::from_millis(50));
    fs::write(case.path("roster.csv"), ROSTER).unwrap();
    desk.wait_for("/mail", "ont changé depuis");
    assert_eq!(send(&first).status, 409, "the send waits for a new review");
    assert!(server.received().is_empty());

    desk.post("/mail/review", &format!("token={token}"));
    let page = desk.wait_for("/mail", "Envoyer les messages (5)").text();
    assert_eq!(send(&reviewed(&page)).status, 303);
    assert_eq!(
        send(&reviewed(&page)).status,
        409,
        "a second tab cannot start a second send"
    );
    let page = desk.wait_for("/mail", "Envoi terminé").text();
    assert!(page.contains("5 of 5 messages"), "{page}");
    let received = server.by_recipient();
    for (id, address, _) in RECIPIENTS {
        assert_eq!(received[address].len(), 1, "{id}: one message");
        assert_carries_booklet(&received[address][0], id);
    }
    assert_eq!(received.len(), 5);

    desk.post("/mail/review", &format!("token={token}"));
    desk.wait_for("/mail", "Rien à envoyer");
    assert_eq!(server.received().len(), 5, "nothing twice");
}

#[test]
fn without_a_pack_the_mail_page_says_to_build_it_and_offers_no_send() {
    let case = Case::new();
    let desk = desk_without_pack(&case);
    let token = token_of(&desk.get("/mail", "fr").text());
    desk.post("/mail/review", &format!("token={token}"));
    let page = desk
        .wait_for("/mail", "La préparation a trouvé un problème")
        .text();
    assert!(page.contains("carnet build"), "what to do: {page}");
    assert!(
        !page.contains("Rien à envoyer"),
        "not said to be sent: {page}"
    );
    assert!(!page.contains("/mail/send"), "no send offered: {page}");
}
