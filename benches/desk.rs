//! The desk's latency: `cargo bench --bench desk`.
//!
//! Runs `carnet serve` on a copy of the sample event, with a CSV roster,
//! and measures, 20 times each, the time from saving a file to the moment
//! the page image that shows the change is served:
//! - an edit of `content/carnet.typ` (the carnet's title): page 3 of the
//!   first participant's booklet;
//! - an edit of a roster cell (the first participant's organisation): page
//!   1 of their booklet.
//!
//! It prints the median and the slowest of each.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 20;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let event = work.path().join("event");
    std::fs::create_dir_all(event.join("content")).unwrap();
    for entry in std::fs::read_dir(repo.join("content")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), event.join("content").join(entry.file_name())).unwrap();
        }
    }
    let roster = event.join("roster.csv");
    std::fs::copy(repo.join("tests/fixtures/roster/people.csv"), &roster).unwrap();

    let mut desk = Command::new(env!("CARGO_BIN_EXE_carnet"))
        .current_dir(&event)
        .args(["serve", "--port", "0", "--participants", "roster.csv"])
        .env_remove("CARNET_PROJECT")
        .stderr(Stdio::piped())
        .spawn()
        .expect("carnet serve starts");
    let mut line = String::new();
    let mut stderr = BufReader::new(desk.stderr.take().unwrap());
    stderr.read_line(&mut line).unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the desk's address")
        .to_owned();

    let page3 = "/image/booklet/3?participant=P001";
    let page1 = "/image/booklet/1?participant=P001";
    // the first images, the engine warm
    get(&address, page3);
    get(&address, page1);

    let carnet = event.join("content/carnet.typ");
    let original = std::fs::read_to_string(&carnet).unwrap();
    assert!(
        original.contains("#intro-title[Accompagner"),
        "the carnet's title"
    );
    let prose: Vec<Duration> = (0..EDITS)
        .map(|i| {
            let edited = original.replacen(
                "#intro-title[Accompagner",
                &format!("#intro-title[Accompagner ({})", i + 1),
                1,
            );
            changed(&address, page3, || {
                std::fs::write(&carnet, &edited).unwrap()
            })
        })
        .collect();

    let csv = std::fs::read_to_string(&roster).unwrap();
    assert!(
        csv.contains("Ariège Solidaire"),
        "the first participant's organisation"
    );
    let cells: Vec<Duration> = (0..EDITS)
        .map(|i| {
            let edited = csv.replacen(
                "Ariège Solidaire",
                &format!("Ariège Solidaire {}", i + 1),
                1,
            );
            changed(&address, page1, || {
                std::fs::write(&roster, &edited).unwrap()
            })
        })
        .collect();
    let _ = desk.kill();
    let _ = desk.wait();

    println!(
        "carnet serve: from a saved file to the page image that shows it ({EDITS} edits each)\n"
    );
    println!("| edit | page | median | slowest |");
    println!("|---|---|---|---|");
    for (what, page, times) in [
        (
            "content/carnet.typ, the carnet's title",
            "booklet page 3",
            prose,
        ),
        ("a roster cell, an organisation", "booklet page 1", cells),
    ] {
        let mut times = times;
        times.sort();
        println!(
            "| {what} | {page} | {:.0} ms | {:.0} ms |",
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Saves with `save`, then asks for `path` until its image differs from
/// the one before; the time from the save to that image.
fn changed(address: &str, path: &str, save: impl FnOnce()) -> Duration {
    let before = get(address, path);
    std::thread::sleep(Duration::from_millis(50));
    let saved = Instant::now();
    save();
    loop {
        let now = get(address, path);
        if now != before && now.starts_with(b"\x89PNG") {
            return saved.elapsed();
        }
        assert!(
            saved.elapsed() < Duration::from_secs(30),
            "the page never changed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The body of `GET path`.
fn get(address: &str, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    raw.split_off(split + 4)
}
