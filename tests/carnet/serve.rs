//! `carnet serve`: the desk, run for real and asked over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use crate::support::{Carnet, repo};

/// A running desk, stopped when dropped.
pub(crate) struct Desk {
    child: Child,
    address: String,
    /// Its standard error, kept open for what it says later.
    _stderr: BufReader<std::process::ChildStderr>,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An event folder: the sample's content, and the roster given.
fn event_folder(dir: &Path, roster: Option<&str>) -> std::path::PathBuf {
    let event = dir.join("event");
    std::fs::create_dir_all(event.join("content")).unwrap();
    for entry in std::fs::read_dir(repo().join("content")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), event.join("content").join(entry.file_name())).unwrap();
        }
    }
    if let Some(roster) = roster {
        std::fs::copy(
            repo().join("tests/fixtures/roster").join(roster),
            event.join("content/participants.xlsx"),
        )
        .unwrap();
    }
    event
}

/// Starts `carnet serve` on a free port of 127.0.0.1 for this folder.
fn serve(event: &Path) -> Desk {
    serve_with(Carnet::new(event, &["serve", "--port", "0"]))
}

/// Starts this `carnet serve --port 0 …` and reads where it listens.
pub(crate) fn serve_with(carnet: Carnet) -> Desk {
    let mut child = carnet.spawn();
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    let mut stderr = BufReader::new(stderr);
    stderr.read_line(&mut line).unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("the desk says where it is: {line:?}"))
        .to_owned();
    assert!(
        address.starts_with("127.0.0.1:"),
        "loopback only: {address}"
    );
    Desk {
        child,
        address,
        _stderr: stderr,
    }
}

/// An answer: its status, its headers, its body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Desk {
    /// `GET path` in French until the page says `text`, for at most a minute.
    #[track_caller]
    pub(crate) fn wait_for(&self, path: &str, text: &str) -> Answer {
        let start = Instant::now();
        loop {
            let page = self.get(path, "fr");
            if page.text().contains(text) {
                return page;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{path} never said {text:?}: {}",
                page.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the desk and returns what it wrote on its standard error.
    pub(crate) fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut said = String::new();
        let _ = self._stderr.read_to_string(&mut said);
        said
    }
}

/// The desk's token, read from a page's form.
#[track_caller]
pub(crate) fn token_of(page: &str) -> String {
    page.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's form carries the desk's token")
        .to_owned()
}

impl Desk {
    /// `GET path`, in `language`.
    pub(crate) fn get(&self, path: &str, language: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Language: {language}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut body = raw[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = unchunk(&body);
        }
        Answer { status, head, body }
    }
}

impl Desk {
    /// `POST path` with a form body.
    pub(crate) fn post(&self, path: &str, form: &str) -> Answer {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
            self.address,
            form.len()
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split(' ').nth(1).unwrap().parse().unwrap();
        Answer {
            status,
            head: text.clone(),
            body: Vec::new(),
        }
    }
}

/// A chunked body, joined.
fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
}

#[test]
fn the_desk_shows_the_event_in_french_or_english_by_the_browsers_language() {
    let dir = tempfile::tempdir().unwrap();
    let desk = serve(&event_folder(dir.path(), None));
    let fr = desk.get("/", "fr-FR,fr;q=0.9");
    assert_eq!(fr.status, 200);
    let page = fr.text();
    for words in [
        "<html lang=\"fr\">",
        "Bureau carnet",
        "8e Séminaire Qualité",
        "14 et 15 mai 2013",
        "150 participants",
        "Feuilles d’émargement",
    ] {
        assert!(page.contains(words), "{words:?} in:\n{page}");
    }
    let en = desk.get("/", "en-GB").text();
    assert!(
        en.contains("<html lang=\"en\">")
            && en.contains("carnet desk")
            && en.contains("Attendance sheets")
    );
    // no script from elsewhere: the pages' one script is the desk's own
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from a CDN"
    );
    let script = desk.get("/live.js", "fr");
    assert!(script.text().contains("EventSource(\"/events\")"));
}

#[test]
fn the_roster_page_shows_each_problem_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let event = event_folder(dir.path(), Some("messy.xlsx"));
    let check = Carnet::new(&event, &["check"]).run();
    let desk = serve(&event);
    let page = desk.get("/participants", "fr").text();
    assert!(page.contains("À corriger dans la liste"), "{page}");
    let rows =
        page.matches("<tr class=\"error\"").count() + page.matches("<tr class=\"warning\"").count();
    assert!(
        rows >= 3,
        "every problem of the messy sheet has its row: {rows}"
    );
    // each problem carnet check reports for a row is on the page, with
    // that row's number
    let mut seen = 0;
    for line in check.output().lines().filter(|l| l.contains("row ")) {
        let Some(row) = line
            .split("row ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        else {
            continue;
        };
        assert!(
            page.contains(&format!("<td>{row}</td>")),
            "row {row} of {line:?} on the page"
        );
        seen += 1;
    }
    assert!(seen >= 3, "carnet check names rows: {}", check.output());
    // a problem of a row in the table is in the cell that shows its value,
    // said in the browser's language, as carnet check says it in French
    let french = Carnet::new(&event, &["check"])
        .env("LANG", "fr_FR.UTF-8")
        .run();
    let said = "la même adresse e-mail qu’à la ligne 11";
    assert!(french.output().contains(said), "{}", french.output());
    assert!(
        page.contains(&format!("class=\"marked\" title=\"{said}")),
        "the shared address is marked in its cell, in French: {page}"
    );
    assert!(page.contains("ce n’est pas une adresse e-mail"), "{page}");
    let english = desk.get("/participants", "en").text();
    assert!(
        english.contains("class=\"marked\" title=\"the same email as row 11"),
        "and in English for an English browser: {english}"
    );
}

#[test]
fn a_participants_page_shows_their_booklet_and_badge_as_images() {
    let dir = tempfile::tempdir().unwrap();
    let desk = serve(&event_folder(dir.path(), None));
    let page = desk.get("/participant/P001", "fr").text();
    assert!(page.contains("Yasmina Dupont"), "{page}");
    let booklet_pages = page.matches("/image/booklet/").count();
    assert_eq!(booklet_pages, 16, "every page of the booklet");
    assert!(page.contains("/image/badges/1?participant=P001"));
    let image = desk.get("/image/booklet/1?participant=P001", "fr");
    assert_eq!(image.status, 200);
    assert!(
        image
            .head
            .to_ascii_lowercase()
            .contains("content-type: image/png")
    );
    assert!(image.body.starts_with(b"\x89PNG"));
    // A5 at 72 dpi: 420 × 595
    assert_eq!(
        &image.body[16..24],
        &[0, 0, 1, 164, 0, 0, 2, 83],
        "420 × 595 px"
    );
    let badge = desk.get("/image/badges/1?participant=P001", "fr");
    assert!(badge.body.starts_with(b"\x89PNG"));
    assert_eq!(desk.get("/participant/NOBODY", "fr").status, 404);
    assert_eq!(
        desk.get("/image/booklet/99?participant=P001", "fr").status,
        404
    );
    assert_eq!(desk.get("/document/menu", "fr").status, 404);
    let attendance = desk.get("/document/attendance", "fr").text();
    assert!(attendance.contains("/image/attendance/1?"), "{attendance}");
}

#[test]
fn saving_a_file_updates_the_open_pages() {
    let dir = tempfile::tempdir().unwrap();
    let event = event_folder(dir.path(), None);
    let desk = serve(&event);
    let before = desk.get("/image/booklet/3?participant=P001", "fr").body;
    // the page's events: the generation now, then at each change
    let mut events = TcpStream::connect(&desk.address).unwrap();
    write!(
        events,
        "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n",
        desk.address
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut seen = String::new();
    let read_until = |events: &mut TcpStream, seen: &mut String, want: &str| {
        let start = Instant::now();
        let mut buf = [0; 1024];
        while !seen.contains(want) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{want:?} in {seen:?}"
            );
            let n = events.read(&mut buf).unwrap();
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    read_until(&mut events, &mut seen, "data: 0");
    let carnet = event.join("content/carnet.typ");
    let text = std::fs::read_to_string(&carnet).unwrap();
    let edited = text.replacen("Accompagner l'évolution", "ACCOMPAGNER l'évolution", 1);
    assert_ne!(edited, text, "the carnet's title is there to edit");
    std::fs::write(&carnet, edited).unwrap();
    let saved = Instant::now();
    read_until(&mut events, &mut seen, "data: 1");
    assert!(
        saved.elapsed() < Duration::from_secs(2),
        "told within a second or so: {:?}",
        saved.elapsed()
    );
    let after = desk.get("/image/booklet/3?participant=P001", "fr").body;
    assert!(after.starts_with(b"\x89PNG"));
    assert_ne!(before, after, "page 3 shows the edited title");
}

#[test]
fn the_desk_answers_only_on_this_machine() {
    let dir = tempfile::tempdir().unwrap();
    let event = event_folder(dir.path(), None);
    for host in ["0.0.0.0", "192.168.1.10", "example.org"] {
        let run = Carnet::new(&event, &["serve", "--host", host]).run();
        assert_eq!(run.code, 2, "{host}: {}", run.output());
        run.says(&["the desk answers only on this machine (127.0.0.1)"]);
    }
}

#[test]
fn the_pack_is_built_from_the_page_once_at_a_time_and_downloaded() {
    let dir = tempfile::tempdir().unwrap();
    let event = event_folder(dir.path(), None);
    let desk = serve(&event);
    let token = token_of(&desk.get("/build", "fr").text());
    assert_eq!(token.len(), 32);
    assert_eq!(
        desk.post("/build", "token=guessed").status,
        403,
        "no build without the token"
    );
    assert_eq!(
        desk.post("/build", "").status,
        422,
        "nor without a token at all"
    );
    assert_eq!(desk.post("/build", &format!("token={token}")).status, 303);
    let again = desk.post("/build", &format!("token={token}")).status;
    let start = Instant::now();
    let mut page = desk.get("/build", "fr");
    assert!(
        again == 409 || page.text().contains("Dossier construit"),
        "one build at a time"
    );
    while !page.text().contains("Dossier construit") {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "built: {}",
            page.text()
        );
        assert!(!page.text().contains("s’est arrêtée"), "{}", page.text());
        assert!(
            page.head.to_ascii_lowercase().contains("refresh: 1"),
            "the page refreshes itself"
        );
        std::thread::sleep(Duration::from_millis(300));
        page = desk.get("/build", "fr");
    }
    assert!(page.text().contains("150 carnets"), "{}", page.text());
    let zip = desk.get("/pack.zip", "fr");
    assert_eq!(zip.status, 200);
    assert!(
        zip.head
            .to_ascii_lowercase()
            .contains("content-disposition: attachment")
    );
    let saved = dir.path().join("downloaded.zip");
    std::fs::write(&saved, &zip.body).unwrap();
    let pack = crate::support::unzip(&saved);
    assert_eq!(
        pack.keys().filter(|k| k.starts_with("booklets/")).count(),
        150
    );
    assert!(pack.contains_key("manifest.csv") && pack.contains_key("report.txt"));
}
