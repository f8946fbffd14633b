//! The roster reader and the event loader, fuzzed: mutated inputs never
//! make them panic. `CARNET_FUZZ_SECONDS` sets how long each run lasts.

use super::*;

/// A small, seeded random number generator (xorshift), so that a mutation
/// run can be repeated from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Values that make readers take the wrong turn: bounds, and beyond them.
const INTERESTING: [&str; 10] = [
    "0",
    "-1",
    "1048576",
    "16384",
    "65535",
    "4294967295",
    "18446744073709551616",
    "XFD1048576",
    "999999999999",
    "A1:XFD1048576",
];

/// One mutation of some bytes, at random: a byte changed, a range cut out
/// or repeated, the end cut off, or a number replaced by an interesting one.
fn mutate_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.push(b'x');
    }
    let at = rng.below(bytes.len());
    let len = 1 + rng.below(64.min(bytes.len() - at));
    match rng.below(6) {
        0 => bytes[at] = rng.next() as u8,
        1 => {
            bytes.drain(at..at + len);
        }
        2 => {
            let copy: Vec<u8> = bytes[at..at + len].to_vec();
            for _ in 0..1 + rng.below(8) {
                bytes.splice(at..at, copy.iter().copied());
            }
        }
        3 => bytes.truncate(at),
        4 => {
            let value = INTERESTING[rng.below(INTERESTING.len())].as_bytes();
            // Replace the run of digits (or letters+digits) at `at`.
            let end = (at..bytes.len())
                .find(|&i| !bytes[i].is_ascii_alphanumeric())
                .unwrap_or(bytes.len());
            bytes.splice(at..end.max(at), value.iter().copied());
        }
        _ => {
            let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, noise);
        }
    }
}

/// A zipped workbook mutated inside: one of its parts changed, rezipped,
/// so that the mutation reaches the reader past the archive's checksums.
fn mutate_zip(bytes: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).ok()?;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        parts.push((entry.name().ok()?.into_owned(), data));
    }
    let chosen = rng.below(parts.len());
    for _ in 0..1 + rng.below(4) {
        mutate_bytes(&mut parts[chosen].1, rng);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// The files a mutation run starts from: every roster fixture, and the
/// inputs that once found a bug (`tests/fixtures/fuzz/`).
fn seeds(folders: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "py" && e != "md"))
            .collect();
        paths.sort();
        for path in paths {
            if path.metadata().unwrap().len() > 1_000_000 {
                continue;
            }
            seeds.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    seeds
}

/// Runs `target` on mutations of `seeds` for `CARNET_FUZZ_SECONDS` (or a
/// fixed number of rounds), and fails with the inputs that made it panic,
/// saved under `target/fuzz-failures/` to be added to the corpus.
fn mutation_run(name: &str, seeds: &[(String, Vec<u8>)], target: &dyn Fn(&[u8])) {
    let seconds: u64 = std::env::var("CARNET_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let start = std::time::Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut runs, mut failures) = (0u64, Vec::new());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    loop {
        let done = if seconds == 0 {
            runs >= 40 * seeds.len() as u64
        } else {
            start.elapsed().as_secs() >= seconds
        };
        if done {
            break;
        }
        let (_, seed) = &seeds[rng.below(seeds.len())];
        let mut input = if seed.starts_with(b"PK") && rng.below(4) != 0 {
            mutate_zip(seed, &mut rng).unwrap_or_else(|| seed.clone())
        } else {
            seed.clone()
        };
        if !input.starts_with(b"PK") || rng.below(8) == 0 {
            for _ in 0..1 + rng.below(4) {
                mutate_bytes(&mut input, &mut rng);
            }
        }
        runs += 1;
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}-{:016x}", rng.next()));
            std::fs::write(&path, &input).unwrap();
            failures.push(path.display().to_string());
        }
    }
    std::panic::set_hook(hook);
    eprintln!(
        "{name}: {runs} mutated inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{name} panicked on:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_roster_reader_never_panics_on_mutated_rosters() {
    let profiles = profiles();
    let seeds = seeds(&[
        "tests/fixtures/roster",
        "tests/fixtures/hostile",
        "tests/fixtures/fuzz/roster",
    ]);
    mutation_run("roster", &seeds, &|data| {
        let _ = roster::read(data, "roster", &RosterOptions::default(), &profiles);
    });
}

#[test]
fn the_event_loader_never_panics_on_mutated_settings() {
    let mut seeds = seeds(&["tests/fixtures/fuzz/event"]);
    seeds.push((
        "content/event.yaml".into(),
        include_bytes!("../../../content/event.yaml").to_vec(),
    ));
    let people = std::fs::read(fixture("people.csv")).unwrap();
    mutation_run("event", &seeds, &|data| {
        if let Ok(event) = EventConfig::parse(&String::from_utf8_lossy(data)) {
            let options = RosterOptions::from(&event.roster);
            let _ = roster::read(&people, "people.csv", &options, &event.profiles);
        }
    });
}

#[test]
fn the_inputs_that_found_bugs_read_without_a_panic() {
    // Every file of the corpus once made carnet panic or take too much;
    // each must now read, or be refused with problems.
    let profiles = profiles();
    for (name, bytes) in seeds(&["tests/fixtures/fuzz/roster"]) {
        let read = roster::read(&bytes, "roster", &RosterOptions::default(), &profiles);
        if let Err(problems) = read {
            assert!(!problems.is_empty(), "{name}");
        }
    }
    for (_, bytes) in seeds(&["tests/fixtures/fuzz/event"]) {
        let _ = EventConfig::parse(&String::from_utf8_lossy(&bytes));
    }
}
