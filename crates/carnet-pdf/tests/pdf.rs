//! The PDF layer on documents made here, without Typst: what it writes is
//! read back with lopdf, page by page.

use carnet_pdf::concat::{Concat, JoinError};
use carnet_pdf::impose::{ImposeError, Imposer, Layout};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A tagged A5 document of `pages` pages, each showing its number in a
/// paragraph of the structure tree.
fn document(pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let document_id = doc.new_object_id();
    let mut kids = Vec::new();
    let mut paragraphs = Vec::new();
    let mut parent_tree = Vec::new();
    for page in 1..=pages {
        let content = Content {
            operations: vec![
                Operation::new("BDC", vec!["P".into(), dictionary! { "MCID" => 0 }.into()]),
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 24.into()]),
                Operation::new("Td", vec![100.into(), 300.into()]),
                Operation::new("Tj", vec![Object::string_literal(format!("page {page}"))]),
                Operation::new("ET", vec![]),
                Operation::new("EMC", vec![]),
            ],
        };
        let content = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 419.53.into(), 595.28.into()],
            "StructParents" => page as i64 - 1,
        });
        kids.push(id.into());
        let paragraph = doc.add_object(dictionary! {
            "Type" => "StructElem", "S" => "P", "P" => document_id, "Pg" => id, "K" => 0,
        });
        paragraphs.push(paragraph.into());
        parent_tree.push((page as i64 - 1).into());
        parent_tree.push(vec![paragraph.into()].into());
    }
    doc.objects.insert(
        document_id,
        Object::Dictionary(dictionary! {
            "Type" => "StructElem", "S" => "Document", "K" => paragraphs,
        }),
    );
    let tree = doc.add_object(dictionary! {
        "Type" => "StructTreeRoot",
        "K" => vec![document_id.into()],
        "ParentTree" => dictionary! { "Nums" => parent_tree },
        "ParentTreeNextKey" => pages as i64,
    });
    if let Ok(Object::Dictionary(element)) = doc.get_object_mut(document_id) {
        element.set("P", tree);
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "StructTreeRoot" => tree,
        "MarkInfo" => dictionary! { "Marked" => true },
    });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The text of each page of a PDF.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("the written PDF reads back");
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|&number| doc.extract_text(&[number]).unwrap_or_default())
        .collect()
}

#[test]
fn documents_are_concatenated_in_order() {
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    concat.add(&document(2)).unwrap();
    concat.add(&document(3)).unwrap();
    assert_eq!(concat.pages(), 5);
    let pdf = concat.finish().unwrap().read().unwrap();
    let texts = page_texts(&pdf);
    assert_eq!(texts.len(), 5);
    for (text, expected) in texts.iter().zip(["1", "2", "1", "2", "3"]) {
        assert!(
            text.contains(&format!("page {expected}")),
            "{text:?} should be page {expected}"
        );
    }
}

#[test]
fn pages_are_put_in_their_places_and_their_structure_with_them() {
    // Two slices, each of places 0 and 1: the place-0 pages of both come
    // first, each place's pages in the order they came.
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    concat.add_placed(&document(3), &[0, 0, 1]).unwrap();
    concat.add_placed(&document(2), &[0, 1]).unwrap();
    let pdf = concat.finish().unwrap().read().unwrap();
    let texts = page_texts(&pdf);
    let order: Vec<&str> = texts
        .iter()
        .map(|text| text.trim().trim_start_matches("page "))
        .collect();
    assert_eq!(order, ["1", "2", "1", "3", "2"], "{texts:?}");

    // The Document element's paragraphs follow the pages they are on.
    let doc = Document::load_mem(&pdf).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let root = doc
        .get_dictionary(
            doc.catalog()
                .unwrap()
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let top = match root.get(b"K").unwrap() {
        Object::Array(kids) => kids[0].as_reference().unwrap(),
        other => other.as_reference().unwrap(),
    };
    let kids = doc
        .get_dictionary(top)
        .unwrap()
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap();
    let on: Vec<usize> = kids
        .iter()
        .map(|kid| {
            let element = doc.get_dictionary(kid.as_reference().unwrap()).unwrap();
            let page = element.get(b"Pg").unwrap().as_reference().unwrap();
            pages.iter().position(|&p| p == page).unwrap()
        })
        .collect();
    assert_eq!(on, [0, 1, 2, 3, 4]);
}

#[test]
fn a_slice_whose_places_do_not_match_its_pages_is_refused() {
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    assert!(matches!(
        concat.add_placed(&document(3), &[0, 1]),
        Err(JoinError::Unsupported(_))
    ));
}

#[test]
fn the_structure_trees_are_joined_under_one_document_element() {
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    concat.add(&document(2)).unwrap();
    concat.add(&document(3)).unwrap();
    let pdf = concat.finish().unwrap().read().unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let top = root.get(b"K").unwrap();
    let top = match top {
        Object::Array(kids) => kids.clone(),
        other => vec![other.clone()],
    };
    assert_eq!(top.len(), 1, "one Document element");
    let element = doc.get_dictionary(top[0].as_reference().unwrap()).unwrap();
    assert_eq!(element.get(b"S").unwrap().as_name().unwrap(), b"Document");
    let paragraphs = match element.get(b"K").unwrap() {
        Object::Array(kids) => kids.len(),
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().len(),
        _ => 1,
    };
    assert_eq!(paragraphs, 5, "every page's paragraph, from both documents");
}

#[test]
fn an_untagged_document_is_refused_not_joined() {
    let mut doc = Document::load_mem(&document(1)).unwrap();
    doc.catalog_mut().unwrap().remove(b"StructTreeRoot");
    let mut untagged = Vec::new();
    doc.save_to(&mut untagged).unwrap();
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    assert!(matches!(
        concat.add(&untagged),
        Err(JoinError::Unsupported(_))
    ));
}

#[test]
fn a_document_that_is_not_a_pdf_is_refused_not_joined() {
    let mut concat = Concat::new(tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    match concat.add(b"%PDF-1.7\nnot a pdf at all") {
        Err(JoinError::Unsupported(_)) => {}
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn an_eight_page_booklet_takes_two_sheets_both_sides() {
    let mut imposer = Imposer::new(Vec::new(), Layout::Saddle { fold_marks: true }).unwrap();
    let blanks = imposer.add_booklet(&document(8)).unwrap();
    assert_eq!(blanks, 0);
    let pdf = imposer.finish().unwrap();
    let doc = Document::load_mem(&pdf).expect("the print file reads back");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 4, "two sheets, front and back");
    for &id in pages.values() {
        let media = doc
            .get_dictionary(id)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap();
        let width = media[2].as_float().unwrap();
        assert!((width - 841.89).abs() < 0.01, "A4 landscape, not {width}");
    }
}

#[test]
fn a_six_page_booklet_is_padded_to_a_whole_sheet() {
    let mut imposer = Imposer::new(Vec::new(), Layout::Saddle { fold_marks: false }).unwrap();
    assert_eq!(imposer.add_booklet(&document(6)).unwrap(), 2);
    let pdf = imposer.finish().unwrap();
    assert_eq!(Document::load_mem(&pdf).unwrap().get_pages().len(), 4);
}

#[test]
fn bleed_pages_carry_trim_and_bleed_boxes() {
    let mut imposer = Imposer::new(Vec::new(), Layout::Bleed { bleed: 8.5 }).unwrap();
    imposer.add_booklet(&document(4)).unwrap();
    let pdf = imposer.finish().unwrap();
    let doc = Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 4);
    let page = doc.get_dictionary(*pages.values().next().unwrap()).unwrap();
    let trim = page.get(b"TrimBox").unwrap().as_array().unwrap();
    let bleed = page.get(b"BleedBox").unwrap().as_array().unwrap();
    let width = |b: &Vec<Object>| b[2].as_float().unwrap() - b[0].as_float().unwrap();
    assert!(
        (width(trim) - 419.53).abs() < 0.01,
        "the trim is the A5 page"
    );
    assert!(
        (width(bleed) - width(trim) - 17.0).abs() < 0.01,
        "8.5 pt each side"
    );
}

#[test]
fn a_booklet_that_is_not_a_pdf_is_refused() {
    let mut imposer = Imposer::new(Vec::new(), Layout::Saddle { fold_marks: false }).unwrap();
    assert!(matches!(
        imposer.add_booklet(b"garbage"),
        Err(ImposeError::Refused(_))
    ));
}
