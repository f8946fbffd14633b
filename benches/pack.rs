//! The performance benchmark: `cargo bench --bench pack`.
//!
//! On the sample event it measures, in one run on the same machine:
//! - `carnet build`, the whole pack (booklets, print files, badges, grids,
//!   attendance sheets, zip), wall time and peak memory;
//! - carnet's booklets alone, as `carnet build` makes them (the library's
//!   renderer on N threads, from loading the fonts to the last PDF), for a
//!   like-for-like comparison with the CLI, which makes only booklets;
//! - the same booklet template compiled by the `typst` CLI of the same Typst
//!   version once per participant with that participant's data file, one at
//!   a time and N at a time (N = cores);
//! - a generated roster of 10,000 participants: wall time and peak memory.
//!
//! It installs the `typst` CLI with cargo when it is missing, and prints a
//! table. Set `CARNET_BENCH_LARGE=0` to skip the 10,000-participant run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TYPST_VERSION: &str = "0.15.1";

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let carnet = PathBuf::from(env!("CARGO_BIN_EXE_carnet"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let event = carnet::load::event::EventConfig::parse(
        &fs::read_to_string(repo.join("content/event.yaml")).unwrap(),
    )
    .expect("the sample event.yaml");
    let roster = carnet::roster::read(
        &fs::read(repo.join("content/participants.xlsx")).unwrap(),
        "participants.xlsx",
        &carnet::roster::RosterOptions::default(),
        &event.profiles,
    )
    .expect("the sample roster");
    let people = roster.participants;
    println!(
        "carnet benchmark: {} participants, {cores} cores\n",
        people.len()
    );

    // carnet: the whole pack, best of three.
    let pack = work.path().join("pack.zip");
    let mut runs: Vec<Measure> = (0..3)
        .map(|_| {
            measure(
                Command::new(&carnet)
                    .current_dir(&repo)
                    .args(["build", "--out"])
                    .arg(&pack),
            )
        })
        .collect();
    runs.sort_by_key(|m| m.wall);
    let carnet_pack = runs[0];
    let sizes = Sizes::of(&pack);

    // carnet: the booklets alone, in this process, best of three.
    let booklets_alone = (0..3)
        .map(|_| booklets_in_process(&repo, &people, cores))
        .min()
        .unwrap();

    // The typst CLI, once per participant.
    let typst = typst_cli(work.path());
    let project = work.path().join("project");
    for folder in ["content", "templates", "fonts"] {
        copy_dir(&repo.join(folder), &project.join(folder));
    }
    fs::create_dir_all(project.join("data")).unwrap();
    for person in &people {
        fs::write(
            project.join(format!("data/{}.json", person.id)),
            serde_json::to_vec(person).unwrap(),
        )
        .unwrap();
    }
    let out = work.path().join("typst-out");
    fs::create_dir_all(&out).unwrap();
    let compile = |id: &str| {
        let mut command = Command::new(&typst);
        command
            .current_dir(&project)
            .args([
                "compile",
                "--root",
                ".",
                "--ignore-system-fonts",
                "--font-path",
                "fonts",
                "--input",
            ])
            .arg(format!("data=/data/{id}.json"))
            .arg("templates/booklet.typ")
            .arg(out.join(format!("{id}.pdf")))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
    let started = Instant::now();
    for id in &ids {
        assert!(
            compile(id).status().unwrap().success(),
            "typst compile failed for {id}"
        );
    }
    let sequential = started.elapsed();
    let started = Instant::now();
    for chunk in ids.chunks(cores) {
        let children: Vec<_> = chunk
            .iter()
            .map(|id| compile(id).spawn().unwrap())
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
    }
    let parallel = started.elapsed();

    // A national congress: 10,000 participants, in the sample's shape (a
    // visit of 15, a workshop of 20), then the same 10,000 sharing 5 visits
    // and 6 workshops (2,000 visitors a visit).
    let large = (std::env::var("CARNET_BENCH_LARGE").as_deref() != Ok("0")).then(|| {
        [Shape::Sample, Shape::Few].map(|shape| {
            let csv = work.path().join("large.csv");
            write_large_roster(&csv, &people, 10_000, shape);
            let pack = work.path().join("large.zip");
            let measured = measure(
                Command::new(&carnet)
                    .current_dir(&repo)
                    .arg("build")
                    .arg("--participants")
                    .arg(&csv)
                    .arg("--out")
                    .arg(&pack),
            );
            (shape, measured)
        })
    });

    let n = people.len() as f64;
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / n;
    println!("| run | wall | per booklet | peak RSS |");
    println!("|---|---|---|---|");
    println!(
        "| carnet build, whole pack ({} booklets + print files, badges, grids, attendance, zip) | {:.2} s | {:.1} ms | {} MB |",
        people.len(),
        carnet_pack.wall.as_secs_f64(),
        per(carnet_pack.wall),
        carnet_pack.rss_mb
    );
    println!(
        "| carnet, the {} booklets alone ({cores} threads, in process) | {:.2} s | {:.1} ms | |",
        people.len(),
        booklets_alone.as_secs_f64(),
        per(booklets_alone)
    );
    println!(
        "| typst {TYPST_VERSION} CLI, one booklet at a time | {:.2} s | {:.1} ms | |",
        sequential.as_secs_f64(),
        per(sequential)
    );
    println!(
        "| typst {TYPST_VERSION} CLI, {cores} at a time | {:.2} s | {:.1} ms | |",
        parallel.as_secs_f64(),
        per(parallel)
    );
    for (shape, large) in large.into_iter().flatten() {
        println!(
            "| carnet build, 10,000 participants, {} | {:.1} s | {:.1} ms | {} MB |",
            shape.describe(),
            large.wall.as_secs_f64(),
            large.wall.as_secs_f64() * 1000.0 / 10_000.0,
            large.rss_mb
        );
    }
    println!();
    println!(
        "carnet (booklets alone) vs typst CLI {cores} at a time: {:.1}× faster per booklet",
        parallel.as_secs_f64() / booklets_alone.as_secs_f64()
    );
    println!(
        "carnet (booklets alone) vs typst CLI one at a time: {:.1}× faster per booklet",
        sequential.as_secs_f64() / booklets_alone.as_secs_f64()
    );
    println!(
        "carnet (whole pack) vs typst CLI {cores} at a time: {:.1}× faster per booklet",
        parallel.as_secs_f64() / carnet_pack.wall.as_secs_f64()
    );
    println!(
        "carnet (whole pack) vs typst CLI one at a time: {:.1}× faster per booklet",
        sequential.as_secs_f64() / carnet_pack.wall.as_secs_f64()
    );
    println!();
    println!("| file of the sample pack | size | target |");
    println!("|---|---|---|");
    println!(
        "| largest booklet | {} kB | ≤ 140 kB |",
        sizes.largest_booklet / 1000
    );
    println!(
        "| print/booklets-a4.pdf | {:.2} MB | ≤ 5 MB |",
        sizes.print as f64 / 1e6
    );
    println!(
        "| emargement.pdf | {} kB | ≤ 450 kB |",
        sizes.attendance / 1000
    );
    println!("| badges.pdf | {} kB | |", sizes.badges / 1000);
    println!(
        "| the whole pack (zip) | {:.2} MB | |",
        sizes.pack as f64 / 1e6
    );
}

/// The sizes of a pack's files, in bytes.
struct Sizes {
    largest_booklet: u64,
    print: u64,
    attendance: u64,
    badges: u64,
    pack: u64,
}

impl Sizes {
    fn of(pack: &Path) -> Self {
        let mut zip = zip::ZipArchive::new(fs::File::open(pack).unwrap()).unwrap();
        let entries: Vec<(String, u64)> = (0..zip.len())
            .filter_map(|i| {
                let entry = zip.by_index(i).ok()?;
                Some((entry.name().ok()?.into_owned(), entry.size()))
            })
            .collect();
        let size = |name: &str| {
            entries
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, size)| *size)
        };
        Self {
            largest_booklet: entries
                .iter()
                .filter(|(n, _)| n.starts_with("booklets/"))
                .map(|(_, size)| *size)
                .max()
                .unwrap_or(0),
            print: size("print/booklets-a4.pdf"),
            attendance: size("emargement.pdf"),
            badges: size("badges.pdf"),
            pack: fs::metadata(pack).map_or(0, |m| m.len()),
        }
    }
}

/// How a large roster's participants are spread over visits and workshops.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// As in the sample: a visit of 15 people, a workshop of 20.
    Sample,
    /// 5 visits and 6 workshops for everyone: 2,000 visitors a visit.
    Few,
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Self::Sample => "visits of 15, workshops of 20",
            Self::Few => "5 visits, 6 workshops",
        }
    }
}

/// The wall time to make every booklet of the sample as `carnet build`
/// does, in this process: engine (fonts, files), plan, and the renderer on
/// `threads` threads; the PDFs are kept only long enough to be counted.
fn booklets_in_process(
    repo: &Path,
    people: &[carnet::participant::Participant],
    threads: usize,
) -> Duration {
    use carnet::load::project;
    use carnet::render::engine;
    use carnet::{load, plan, render};
    let started = Instant::now();
    let project = project::Project::load(repo).unwrap();
    let date = load::typst_date(load::pdf_date(&project).unwrap());
    let engine = engine::Engine::new(&project, date).unwrap();
    let mut plan = plan::Plan::new(people, &project.event, &Default::default());
    plan.documents.clear();
    let mut made = 0;
    render::render_all(&engine, &plan, threads, |rendered| {
        assert!(matches!(&rendered.pdf, render::Pdf::Bytes(pdf) if pdf.starts_with(b"%PDF")));
        made += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(made, people.len());
    started.elapsed()
}

/// Wall time and peak memory of a command.
#[derive(Clone, Copy)]
struct Measure {
    wall: Duration,
    rss_mb: u64,
}

/// Runs a command, measuring its wall time and peak resident memory.
// The child is reaped by `wait4`, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> Measure {
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let child = command.spawn().expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills `usage`, which we own.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(waited, pid, "waiting for the command");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the command failed"
    );
    Measure {
        wall,
        rss_mb: usage.ru_maxrss as u64 / 1024,
    }
}

/// The `typst` CLI of the version carnet uses, installed with cargo if missing.
fn typst_cli(work: &Path) -> PathBuf {
    let wanted = format!("typst {TYPST_VERSION}");
    let version = |path: &Path| {
        Command::new(path)
            .arg("--version")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let installed = PathBuf::from("typst");
    if version(&installed).is_some_and(|v| v.starts_with(&wanted)) {
        return installed;
    }
    let root = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| work.join("cargo"));
    let bin = root.join("bin/typst");
    if version(&bin).is_some_and(|v| v.starts_with(&wanted)) {
        return bin;
    }
    eprintln!("installing typst-cli {TYPST_VERSION} with cargo (once; this takes a while)…");
    let status = Command::new("cargo")
        .args([
            "install",
            "typst-cli",
            "--version",
            TYPST_VERSION,
            "--locked",
            "--root",
        ])
        .arg(&root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo install typst-cli failed");
    bin
}

/// A roster of `n` fictional participants made from the sample's: the
/// sample's people again and again, each round with workshops and visits of
/// its own ([`Shape::Sample`]), or all in 5 visits and 6 workshops.
fn write_large_roster(
    path: &Path,
    people: &[carnet::participant::Participant],
    n: usize,
    shape: Shape,
) {
    let mut csv = csv::Writer::from_path(path).unwrap();
    csv.write_record([
        "ID",
        "Nom",
        "Prénom",
        "Structure",
        "Ville",
        "Profil",
        "Email",
        "Atelier",
        "Visite",
    ])
    .unwrap();
    for i in 0..n {
        let p = &people[i % people.len()];
        let round = i / people.len();
        let last = if round == 0 {
            p.last_name.clone()
        } else {
            format!("{}-{round}", p.last_name)
        };
        let email = p
            .email
            .as_ref()
            .map(|e| format!("{round}.{e}"))
            .unwrap_or_default();
        // A congress this size has as many more workshops and visits, of
        // the sample's sizes (15 people a visit, 20 a workshop).
        let in_round = |name: &str| match (name.is_empty(), round) {
            (true, _) | (_, 0) => name.to_owned(),
            _ => format!("{name} {}", round + 1),
        };
        let (group, visit) = match shape {
            Shape::Sample => (in_round(&p.group), in_round(&p.visit)),
            Shape::Few => (
                format!("Atelier {}", i % 6 + 1),
                format!("Visite {}", i % 5 + 1),
            ),
        };
        let profile = p
            .profile
            .as_ref()
            .map(|p| p.label.clone())
            .unwrap_or_default();
        csv.write_record([
            &format!("C{i:05}"),
            &last,
            &p.first_name,
            &p.organisation,
            &p.city,
            &profile,
            &email,
            &group,
            &visit,
        ])
        .unwrap();
    }
    csv.flush().unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}
