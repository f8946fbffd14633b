//! Every input is hostile: an event folder that links outside itself or
//! holds a named pipe, a build stopped halfway, a roster whose names are
//! formulas. Each gets one clear line and loses nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::support::{Carnet, build_roster, repo, unzip};

fn hostile(name: &str) -> PathBuf {
    repo().join("tests/fixtures/hostile").join(name)
}

/// An event folder with only `content/`, and what is put in it.
fn event_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::copy(
        repo().join("content/participants.xlsx"),
        dir.path().join("content/participants.xlsx"),
    )
    .unwrap();
    dir
}

/// Waits for a child at most `limit`; kills it and fails past that.
#[track_caller]
fn wait(mut child: Child, limit: Duration) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("carnet was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_link_out_of_the_event_folder_is_refused_and_its_text_reaches_no_booklet() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    fs::write(&secret, "MOT DE PASSE DU RESEAU").unwrap();
    let dir = event_folder();
    std::os::unix::fs::symlink(&secret, dir.path().join("content/notes.txt")).unwrap();
    // A template that would print it in every booklet.
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    let booklet = fs::read_to_string(repo().join("templates/booklet.typ")).unwrap();
    fs::write(
        dir.path().join("templates/booklet.typ"),
        format!("{booklet}\n#read(\"/content/notes.txt\")\n"),
    )
    .unwrap();

    for command in ["check", "build"] {
        let run = Carnet::new(dir.path(), &[command]).run();
        assert_eq!(run.code, 1, "{command}:\n{}", run.stderr);
        let expected = format!(
            "error: content/notes.txt: is a link to {}, outside the event folder",
            secret.canonicalize().unwrap().display()
        );
        assert!(
            run.stderr.starts_with(&expected),
            "{command}:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("MOT DE PASSE") && !run.stdout.contains("MOT DE PASSE"));
    }
    assert!(!dir.path().join("dist").exists(), "nothing was written");

    // A whole folder linked from outside is refused the same way.
    let dir = event_folder();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("templates")).unwrap();
    let run = Carnet::new(dir.path(), &["check"]).run();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("templates: is a link to"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_within_the_event_folder_is_read() {
    let dir = event_folder();
    fs::create_dir_all(dir.path().join("inscriptions")).unwrap();
    fs::rename(
        dir.path().join("content/participants.xlsx"),
        dir.path().join("inscriptions/2013.xlsx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../inscriptions/2013.xlsx",
        dir.path().join("content/participants.xlsx"),
    )
    .unwrap();
    // A link back up is read once, not forever.
    std::os::unix::fs::symlink("..", dir.path().join("content/loop")).unwrap();
    let run = Carnet::new(dir.path(), &["check"]).run();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn a_named_pipe_in_the_event_folder_is_refused_at_once() {
    let dir = event_folder();
    let fifo = dir.path().join("content/grille.yaml");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    let output = wait(
        Carnet::new(dir.path(), &["check"]).spawn(),
        Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: content/grille.yaml: is not an ordinary file (a named pipe, a socket or a device)"
        ),
        "{stderr}"
    );
}

/// The temporary files carnet left in a folder.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".carnet-"))
        .collect()
}

#[test]
fn a_stopped_build_leaves_nothing_and_keeps_the_previous_pack() {
    let out = tempfile::tempdir().unwrap();
    let pack = out.path().join("pack.zip");
    let pack_arg = pack.to_str().unwrap().to_owned();
    Carnet::new(&repo(), &["build", "--out", &pack_arg]).ok();
    let before = fs::read(&pack).unwrap();

    for (signal, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let child = Carnet::new(&repo(), &["build", "--out", &pack_arg]).spawn();
        let start = Instant::now();
        while leftovers(out.path()).is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, signal) };
        let output = wait(child, Duration::from_secs(60));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{stderr}");
        assert!(stderr.contains("carnet stopped"), "{stderr}");
        assert_eq!(leftovers(out.path()), Vec::<String>::new());
        assert!(
            fs::read(&pack).unwrap() == before,
            "the previous pack is untouched"
        );
    }
}

#[test]
fn files_left_by_a_killed_build_are_removed_by_the_next() {
    let out = tempfile::tempdir().unwrap();
    for name in [".carnet-Ab12Cd.zip.part", ".carnet-Ef34Gh.pdf.part"] {
        fs::write(out.path().join(name), b"half written").unwrap();
    }
    fs::write(out.path().join(".carnet-notes"), b"not carnet's").unwrap();
    let pack = out.path().join("pack.zip");
    let run = build_roster(&repo().join("tests/fixtures/roster/people.csv"), &pack).ok();
    assert!(
        run.stderr.contains(&format!(
            "note: removed {}, left by a build that was stopped",
            out.path().join(".carnet-Ab12Cd.zip.part").display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(leftovers(out.path()), [".carnet-notes"]);
    assert!(pack.exists());
}

#[test]
fn names_that_are_formulas_are_written_as_text_and_read_back_as_written() {
    let out = tempfile::tempdir().unwrap();
    let pack = out.path().join("pack.zip");
    build_roster(&hostile("formulas.csv"), &pack).ok();
    let manifest = String::from_utf8(unzip(&pack)["manifest.csv"].clone()).unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let cells: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    for (last, first) in &cells {
        for cell in [last, first] {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run as a formula"
            );
        }
    }
    assert!(
        cells
            .iter()
            .any(|(last, _)| last.starts_with("'=HYPERLINK(")),
        "{cells:?}"
    );
    // The mail reads the names back as the roster writes them: nobody is
    // taken for another person.
    let outbox = out.path().join("outbox");
    let run = Carnet::new(
        &repo(),
        &[
            "mail",
            "--participants",
            hostile("formulas.csv").to_str().unwrap(),
            "--pack",
            pack.to_str().unwrap(),
            "--outbox",
            outbox.to_str().unwrap(),
        ],
    )
    .run();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let written = fs::read_dir(&outbox)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "eml")
        })
        .count();
    assert_eq!(written, 3);
}
