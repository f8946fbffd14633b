//! The imposed print file: every booklet 2-up on A4, in saddle-stitch order.

use lopdf::content::Content;
use lopdf::{Document, Object};

use crate::support::sample_pack;

/// For each side of each sheet, the booklet pages at the left and right
/// positions, found by matching each placed form's drawing with the pages of
/// the booklets (in pack order). A position may hold a second form, the
/// name of the running header: exactly where the booklet's page draws it.
fn sheet_positions(print: &Document, booklets: &[Vec<Vec<u8>>]) -> Vec<Vec<(usize, usize)>> {
    let mut per_booklet: Vec<Vec<(usize, usize)>> = vec![Vec::new(); booklets.len()];
    let mut booklet = 0;
    for (_, sheet) in print.get_pages() {
        let content = Content::decode(&print.get_page_content(sheet)).unwrap();
        let resources = print
            .get_dictionary(sheet)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap();
        let xobjects = resources.get(b"XObject").unwrap().as_dict().unwrap();
        // (x, the drawing of each form placed there)
        let mut placed: Vec<(f32, Vec<Vec<u8>>)> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "cm" => placed.push((op.operands[4].as_float().unwrap(), Vec::new())),
                "Do" => {
                    let name = op.operands[0].as_name().unwrap();
                    let id = xobjects.get(name).unwrap().as_reference().unwrap();
                    let Ok(Object::Stream(stream)) = print.get_object(id) else {
                        panic!("a form")
                    };
                    let drawing = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    placed
                        .last_mut()
                        .expect("a form after its place")
                        .1
                        .push(drawing);
                }
                _ => {}
            }
        }
        assert_eq!(placed.len(), 2, "two pages per side");
        placed.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        if per_booklet[booklet].len() * 2 == booklets[booklet].len() {
            booklet += 1;
        }
        let page_of = |forms: &Vec<Vec<u8>>| {
            let drawing = forms[0].trim_ascii();
            let index = booklets[booklet]
                .iter()
                .position(|page| find(page, drawing))
                .expect("a page of the booklet");
            let named = find(&booklets[booklet][index], b"CarnetName Do");
            assert_eq!(
                forms.len(),
                1 + usize::from(named),
                "the name over page {}",
                index + 1
            );
            1 + index
        };
        per_booklet[booklet].push((page_of(&placed[0].1), page_of(&placed[1].1)));
    }
    per_booklet
}

fn find(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn print_file_gives_every_booklet_in_saddle_stitch_order() {
    let pack = sample_pack();
    let print = Document::load_mem(&pack["print/booklets-a4.pdf"]).expect("a valid print file");
    for (_, sheet) in print.get_pages() {
        let media_box = print
            .get_dictionary(sheet)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let size: Vec<f32> = media_box.iter().map(|v| v.as_float().unwrap()).collect();
        assert!(
            (size[2] - 841.89).abs() < 0.5 && (size[3] - 595.28).abs() < 0.5,
            "A4 landscape: {size:?}"
        );
    }

    // The booklets in roster order (the manifest's), each as its pages' drawings.
    let manifest = String::from_utf8(pack["manifest.csv"].clone()).unwrap();
    let booklets: Vec<Vec<Vec<u8>>> = manifest
        .lines()
        .skip(1)
        .map(|row| {
            let file = row.split(',').nth(4).unwrap();
            let doc = Document::load_mem(&pack[file]).unwrap();
            doc.get_pages()
                .values()
                .map(|&page| doc.get_page_content(page))
                .collect()
        })
        .collect();

    let sheets = sheet_positions(&print, &booklets);
    for (i, sides) in sheets.iter().enumerate() {
        let n = booklets[i].len();
        let expected: Vec<(usize, usize)> = (0..n / 4)
            .flat_map(|s| [(n - 2 * s, 2 * s + 1), (2 * s + 2, n - 2 * s - 1)])
            .collect();
        assert_eq!(sides, &expected, "booklet {i}: sides of its sheets");
    }
}

/// With `--bleed`, the booklets go to both print files, each booklet's own
/// pages (its cover with its name) in each: the saddle-stitched file 2-up,
/// the bleed file a page a booklet page, with its trim box.
#[test]
fn both_print_files_hold_every_booklet_with_its_own_pages() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "ID,Nom,Prénom,Structure,Ville,Email\n\
         P1,Quenouille,Albertine,Atelier Vert,Niort,a@example.org\n\
         P2,Zabulon,Bérénice,Régie Est,Lyon,b@example.org\n\
         P3,Xénakis,Casimir,Envie Sud,Nîmes,c@example.org\n",
    )
    .unwrap();
    let out = dir.path().join("pack.zip");
    crate::support::build_roster(&roster, &out)
        .args(["--bleed", "3mm"])
        .ok();
    let pack = crate::support::unzip(&out);
    let pages: usize = pack
        .iter()
        .filter(|(name, _)| name.starts_with("booklets/"))
        .map(|(_, pdf)| Document::load_mem(pdf).unwrap().get_pages().len())
        .sum();
    assert!(pages >= 3 * 8, "three booklets: {pages} pages");

    let saddle = &pack["print/booklets-a4.pdf"];
    let bleed = &pack["print/booklets-bleed.pdf"];
    assert_eq!(
        Document::load_mem(saddle).unwrap().get_pages().len(),
        pages / 2
    );
    let bleed_doc = Document::load_mem(bleed).unwrap();
    assert_eq!(bleed_doc.get_pages().len(), pages);
    for (_, page) in bleed_doc.get_pages() {
        assert!(bleed_doc.get_dictionary(page).unwrap().has(b"TrimBox"));
    }
    // The cover and page 2 name the participant (the running header's
    // name is a form the text extractor does not read).
    for print in [saddle, bleed] {
        let text = crate::support::pdf_text(print);
        for name in ["Quenouille", "Zabulon", "Xénakis"] {
            assert!(
                text.matches(name).count() >= 2,
                "{name}: on the cover and page 2 of each print file"
            );
        }
    }
}
