//! `carnet preview`: one page as a PNG, laid out as the build lays it out,
//! checked by its pixels.

use std::path::Path;
use std::process::Command;

use crate::support::{Carnet, repo};

/// A decoded PNG: width, height, RGBA pixels.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

fn decode(png: &[u8]) -> Image {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut rgba).expect("its pixels");
    assert_eq!(info.color_type, png::ColorType::Rgba, "RGBA once expanded");
    rgba.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        rgba,
    }
}

impl Image {
    /// The share of pixels that are not near white.
    fn inked(&self) -> f64 {
        let inked = self
            .rgba
            .chunks(4)
            .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
            .count();
        inked as f64 / (self.width * self.height) as f64
    }

    /// The rows (0 at the top) where two images of one size differ.
    fn rows_differing(&self, other: &Image) -> Vec<u32> {
        assert_eq!((self.width, self.height), (other.width, other.height));
        let row = self.width as usize * 4;
        (0..self.height)
            .filter(|&y| {
                let at = y as usize * row..(y as usize + 1) * row;
                self.rgba[at.clone()] != other.rgba[at]
            })
            .collect()
    }
}

/// `carnet preview ARGS --out DIR/NAME.png` in the repository; the image.
fn preview(dir: &Path, name: &str, args: &[&str]) -> (Image, Vec<u8>, String) {
    let out = dir.join(name);
    let run = Carnet::new(&repo(), &["preview"])
        .args(args)
        .args(["--out", out.to_str().unwrap()])
        .ok();
    let bytes = std::fs::read(&out).unwrap();
    (decode(&bytes), bytes, run.stderr)
}

#[test]
fn the_first_participants_booklet_cover_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let (image, _, said) = preview(dir.path(), "cover.png", &[]);
    // A5 at 96 dpi
    assert_eq!((image.width, image.height), (559, 794));
    assert!(
        said.contains("page 1 of 16 of the booklet of P001"),
        "says what it shows: {said}"
    );
    assert!(
        said.contains("note: the roster") && !said.contains("note: note:"),
        "the sample roster said once: {said}"
    );
    // the cover's green panel takes most of its upper two thirds
    assert!(
        image.inked() > 0.4,
        "a drawn cover, not a blank page: {}",
        image.inked()
    );
    let (proof, _, _) = preview(dir.path(), "proof.png", &["--dpi", "192"]);
    assert_eq!(
        (proof.width, proof.height),
        (1119, 1587),
        "twice the pixels each way"
    );
}

#[test]
fn each_participant_gets_their_own_pages_and_the_same_page_twice_is_the_same_image() {
    let dir = tempfile::tempdir().unwrap();
    let (p1, bytes, _) = preview(
        dir.path(),
        "a.png",
        &["--participant", "P001", "--page", "5"],
    );
    let (_, again, _) = preview(
        dir.path(),
        "b.png",
        &["--participant", "P001", "--page", "5"],
    );
    assert_eq!(bytes, again, "the same page, byte for byte");
    let (p2, _, said) = preview(
        dir.path(),
        "c.png",
        &["--participant", "P002", "--page", "5"],
    );
    assert!(said.contains("the booklet of P002"), "{said}");
    // a page of the carnet: the same for everyone but the name in its
    // running header, at the top of the page
    let rows = p1.rows_differing(&p2);
    assert!(!rows.is_empty(), "each booklet names its participant");
    assert!(
        rows.iter().all(|&y| y < p1.height / 10),
        "only the running header differs: rows {:?}…{:?}",
        rows.first(),
        rows.last()
    );
    let (c1, _, _) = preview(dir.path(), "d.png", &["--participant", "P001"]);
    let (c2, _, _) = preview(dir.path(), "e.png", &["--participant", "P002"]);
    assert!(
        c1.rows_differing(&c2).len() > 20,
        "covers of two people differ"
    );
}

#[test]
fn badges_grids_and_attendance_sheets_are_previewed_too() {
    let dir = tempfile::tempdir().unwrap();
    let (badge, _, said) = preview(
        dir.path(),
        "badge.png",
        &["--document", "badges", "--participant", "P003"],
    );
    assert_eq!((badge.width, badge.height), (794, 1123), "an A4 sheet");
    assert!(said.contains("the badge of P003"), "{said}");
    // one badge on its sheet: ink in its corner, the rest blank but for
    // the cut marks
    assert!(
        badge.inked() < 0.15,
        "one badge, not a full sheet: {}",
        badge.inked()
    );
    let (sheets, _, _) = preview(dir.path(), "sheets.png", &["--document", "badges"]);
    assert!(
        sheets.inked() > badge.inked() * 3.0,
        "a full sheet holds many badges"
    );

    let (_, _, said) = preview(
        dir.path(),
        "grid.png",
        &["--document", "grid", "--participant", "P003"],
    );
    assert!(said.contains("the grid of the visit"), "{said}");
    let (_, _, said) = preview(dir.path(), "blank.png", &["--document", "grid"]);
    assert!(said.contains("the blank grid"), "{said}");
    let (sheet, _, said) = preview(
        dir.path(),
        "attendance.png",
        &["--document", "attendance", "--page", "2"],
    );
    assert_eq!((sheet.width, sheet.height), (794, 1123));
    assert!(said.contains("page 2 of"), "{said}");
}

#[test]
fn out_dash_writes_the_png_to_standard_output() {
    let output = Command::new(env!("CARGO_BIN_EXE_carnet"))
        .current_dir(repo())
        .args(["preview", "--dpi", "30", "--out", "-"])
        .env_remove("CARNET_PROJECT")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stdout.starts_with(b"\x89PNG\r\n\x1a\n"),
        "a PNG on stdout"
    );
    let image = decode(&output.stdout);
    assert_eq!((image.width, image.height), (175, 248), "A5 at 30 dpi");
    assert!(String::from_utf8_lossy(&output.stderr).contains("page 1 of 16"));
}

#[test]
fn a_page_or_participant_that_does_not_exist_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.png");
    let out = out.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--page", "40"],
            "--page 40: there are 16 pages in the booklet of P001",
        ),
        (vec!["--page", "0"], "pages are numbered from 1"),
        (
            vec!["--participant", "p003"],
            "no participant has this id; did you mean P003?",
        ),
        (vec!["--participant", "ZZZ"], "no participant has this id"),
        (vec!["--dpi", "1000"], "--dpi 1000: from 10 to 300"),
        (
            vec!["--document", "attendance", "--participant", "P001"],
            "--participant goes with --document booklet, badges or grid",
        ),
    ] {
        let run = Carnet::new(&repo(), &["preview", "--out", out])
            .args(&args)
            .run();
        assert_eq!(run.code, 2, "{args:?} is a usage error:\n{}", run.output());
        run.says(&[says]);
        assert!(!Path::new(out).exists(), "{args:?} wrote nothing");
    }
    let run = Carnet::new(&repo(), &["preview", "--out", "page.jpg"]).run();
    assert_eq!(run.code, 2);
    run.says(&["the preview is a PNG image"]);
    let missing = dir.path().join("no/such/folder/p.png");
    let run = Carnet::new(&repo(), &["preview", "--out", missing.to_str().unwrap()]).run();
    assert_eq!(run.code, 1, "{}", run.output());
    run.says(&["its folder does not exist"]);
}

#[test]
fn a_template_with_huge_pages_is_refused_before_its_image_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("event");
    std::fs::create_dir_all(event.join("templates")).unwrap();
    std::fs::write(
        event.join("templates/booklet.typ"),
        "#set page(width: 5000mm, height: 5000mm)\nHello\n",
    )
    .unwrap();
    let roster = repo().join("content/participants.xlsx");
    let out = dir.path().join("huge.png");
    let run = Carnet::new(&event, &["preview", "--dpi", "300"])
        .args(["--participants", roster.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .run();
    assert_eq!(run.code, 2, "{}", run.output());
    run.says(&["is 5000 × 5000 mm", "ask for fewer dots per inch"]);
    assert!(!out.exists());
}
