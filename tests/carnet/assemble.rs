//! Booklets joined from a front and a body — each participant's front put before a body laid
//! out once — are the booklets the template makes whole: the same pages with
//! the same text, and a sound tagged structure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use carnet::load::project::Project;
use carnet::participant::Participant;
use carnet::plan::{Document, Kind, Plan};
use carnet::render::engine::Engine;
use carnet::render::{self, Renderer};
use carnet::{load, roster};
use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};

fn project() -> Project {
    Project::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn participants(project: &Project) -> Vec<Participant> {
    roster::read(
        &project.file("content/participants.xlsx").unwrap().bytes,
        "participants.xlsx",
        &roster::RosterOptions::default(),
        &project.event.profiles,
    )
    .unwrap()
    .participants
}

fn engine(project: &Project) -> Engine {
    Engine::new(project, load::typst_date(load::pdf_date(project).unwrap())).unwrap()
}

fn booklets<'p>(project: &Project, people: &'p [Participant]) -> Vec<Document<'p>> {
    Plan::new(people, &project.event, &Default::default())
        .all_booklets()
        .collect()
}

/// The characters of each page but spaces, sorted: the name of the running
/// header is drawn last on a booklet joined from a front and a body, first on one made
/// whole, and text extraction does not cut words the same way then.
fn page_chars(pdf: &[u8]) -> Vec<String> {
    page_texts(pdf)
        .iter()
        .map(|text| {
            // Hyphens too: the extraction sees one more or one less where a
            // long name is cut short in the header.
            let mut chars: Vec<char> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}'))
                .collect();
            chars.sort();
            chars.into_iter().collect()
        })
        .collect()
}

/// The text of each page.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .unwrap()
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Checks the booklet joined from a front and a body against the same booklet made whole.
#[track_caller]
fn assert_same_as_whole(engine: &Engine, renderer: &Renderer, document: &Document) -> Vec<u8> {
    let rendered = renderer.render(document).unwrap();
    let pdf = rendered.pdf.into_bytes().unwrap();
    assert_not_whole(&rendered.warnings);
    assert!(
        rendered.joined.is_some(),
        "{} was not joined from a front and a body",
        document.file
    );
    let whole = engine.compile(&render::job(document), &[]).unwrap();
    assert_eq!(rendered.pages, whole.pages, "{}", document.file);
    assert_eq!(rendered.standard, whole.standard);
    let joined_text = page_chars(&pdf);
    let whole_text = page_chars(&whole.pdf);
    assert_eq!(joined_text.len(), whole.pages);
    for (page, (a, b)) in joined_text.iter().zip(&whole_text).enumerate() {
        assert!(
            a.len() > 5,
            "{}: page {} has no text",
            document.file,
            page + 1
        );
        if a != b {
            let count = |s: &str| {
                let mut m = BTreeMap::new();
                s.chars().for_each(|c| *m.entry(c).or_insert(0i32) += 1);
                m
            };
            let (ca, cb) = (count(a), count(b));
            let diff: Vec<_> = ca
                .keys()
                .chain(cb.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter_map(|c| {
                    let d = ca.get(c).unwrap_or(&0) - cb.get(c).unwrap_or(&0);
                    (d != 0).then_some((*c, d))
                })
                .collect();
            panic!("{}: page {} differs: {diff:?}", document.file, page + 1);
        }
    }
    assert_sound_structure(&pdf);
    pdf
}

/// The PDF is readable, every reference resolves, and its structure tree
/// and parent tree agree with the marked content of every page.
#[track_caller]
fn assert_sound_structure(pdf: &[u8]) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    for object in doc.objects.values() {
        let mut refs = Vec::new();
        collect_refs(object, &mut refs);
        for id in refs {
            assert!(doc.get_object(id).is_ok(), "dangling reference {id:?}");
        }
    }
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"fr-FR");
    let root_id = catalog
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = doc.get_dictionary(root_id).unwrap();

    // What the structure tree claims: (page, MCID) → element.
    let mut claimed: BTreeMap<(ObjectId, i64), ObjectId> = BTreeMap::new();
    let mut elements = 0;
    let mut stack: Vec<(Object, ObjectId, Option<ObjectId>)> = kids(&doc, root)
        .into_iter()
        .map(|k| (k, root_id, None))
        .collect();
    while let Some((kid, parent, page)) = stack.pop() {
        match kid {
            Object::Reference(id) => {
                let element = doc.get_dictionary(id).unwrap();
                if element.get(b"Type").and_then(Object::as_name).ok() == Some(b"OBJR") {
                    continue;
                }
                elements += 1;
                assert_eq!(
                    element.get(b"P").unwrap().as_reference().unwrap(),
                    parent,
                    "element {id:?} names another parent"
                );
                let page = element
                    .get(b"Pg")
                    .and_then(Object::as_reference)
                    .ok()
                    .or(page);
                for k in kids(&doc, element) {
                    match k {
                        Object::Integer(mcid) => {
                            let page = page.expect("an MCID without its page");
                            assert!(claimed.insert((page, mcid), id).is_none());
                        }
                        Object::Dictionary(mcr) => {
                            if let Ok(mcid) = mcr.get(b"MCID").and_then(Object::as_i64) {
                                let page = mcr
                                    .get(b"Pg")
                                    .and_then(Object::as_reference)
                                    .ok()
                                    .or(page)
                                    .expect("an MCR without its page");
                                assert!(claimed.insert((page, mcid), id).is_none());
                            }
                        }
                        other => stack.push((other, id, page)),
                    }
                }
            }
            Object::Integer(_) => panic!("an MCID right under the structure root"),
            _ => {}
        }
    }
    assert!(elements > 100, "only {elements} structure elements");

    // Structure identifiers: each names one element, and the headers table
    // cells name are among them.
    let mut ids = BTreeSet::new();
    if let Ok(tree) = root.get(b"IDTree") {
        let tree = match tree {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            Object::Dictionary(d) => d,
            _ => panic!("an ID tree that is not a dictionary"),
        };
        let names = tree.get(b"Names").unwrap().as_array().unwrap();
        for pair in names.chunks(2) {
            let key = pair[0].as_str().unwrap().to_vec();
            let element = doc.get_dictionary(pair[1].as_reference().unwrap()).unwrap();
            assert_eq!(element.get(b"ID").unwrap().as_str().unwrap(), key);
            assert!(ids.insert(key), "an identifier twice");
        }
    }
    for object in doc.objects.values() {
        let mut headers = Vec::new();
        collect_headers(object, &mut headers);
        for header in headers {
            assert!(
                ids.contains(&header),
                "a cell names a header that is not there"
            );
        }
    }

    // The parent tree, and the marked content of the pages.
    let mut parent_tree = BTreeMap::new();
    let nums = root
        .get(b"ParentTree")
        .and_then(|t| match t {
            Object::Reference(id) => doc.get_dictionary(*id),
            Object::Dictionary(d) => Ok(d),
            _ => panic!("a parent tree that is not a dictionary"),
        })
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().unwrap();
        let value = match &pair[1] {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        };
        assert!(parent_tree.insert(key, value).is_none(), "key {key} twice");
    }
    let next_key = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert!(parent_tree.keys().all(|&k| k < next_key));

    let mut marked = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for page in doc.get_pages().into_values() {
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut mcids = Vec::new();
        for op in &content.operations {
            if op.operator == "BDC"
                && let Some(Object::Dictionary(props)) = op.operands.get(1)
                && let Ok(mcid) = props.get(b"MCID").and_then(Object::as_i64)
            {
                mcids.push(mcid);
            }
        }
        if mcids.is_empty() {
            continue;
        }
        let key = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"StructParents")
            .unwrap()
            .as_i64()
            .unwrap();
        assert!(keys.insert(key), "two pages share StructParents {key}");
        let array = parent_tree[&key].as_array().unwrap();
        for mcid in mcids {
            let element = array[mcid as usize].as_reference().unwrap();
            assert_eq!(
                claimed.get(&(page, mcid)),
                Some(&element),
                "MCID {mcid} of page {page:?}"
            );
            marked.insert((page, mcid));
        }
    }
    let claimed: BTreeSet<_> = claimed.into_keys().collect();
    assert_eq!(claimed, marked, "the structure tree and the pages disagree");
}

fn kids(doc: &lopdf::Document, dict: &Dictionary) -> Vec<Object> {
    match dict.get(b"K") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(Object::Reference(id)) => match doc.get_object(*id).unwrap() {
            Object::Array(items) => items.clone(),
            _ => vec![Object::Reference(*id)],
        },
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    }
}

fn collect_headers(object: &Object, out: &mut Vec<Vec<u8>>) {
    match object {
        Object::Dictionary(d) => {
            for (key, value) in d.iter() {
                match (key.as_slice(), value) {
                    (b"Headers", Object::Array(items)) => out.extend(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().ok())
                            .map(<[u8]>::to_vec),
                    ),
                    _ => collect_headers(value, out),
                }
            }
        }
        Object::Array(items) => items.iter().for_each(|o| collect_headers(o, out)),
        _ => {}
    }
}

/// Whether a document was made whole though it should not have been.
#[track_caller]
fn assert_not_whole(warnings: &[String]) {
    assert!(
        warnings.iter().all(|w| !w.contains("laid out whole")),
        "{warnings:?}"
    );
}

fn collect_refs(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| collect_refs(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| collect_refs(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| collect_refs(o, out)),
        _ => {}
    }
}

#[test]
fn booklets_joined_from_a_front_and_a_body_are_the_booklets_made_whole() {
    let project = project();
    let people = participants(&project);
    let engine = engine(&project);
    let renderer = Renderer::new(&engine);
    let documents = booklets(&project, &people);
    // The longest name and organisation, and two others.
    let longest = (0..documents.len())
        .max_by_key(|&i| people[i].full_name().len() + people[i].organisation.len())
        .unwrap();
    for index in [0, longest, documents.len() - 1] {
        let pdf = assert_same_as_whole(&engine, &renderer, &documents[index]);
        let text = page_texts(&pdf).join("\n");
        // The running header names the participant on the body's pages
        // (a long name cut short: its first word).
        let full_name = people[index].full_name();
        let name = full_name.split_whitespace().next().unwrap();
        let headers = page_texts(&pdf)
            .iter()
            .filter(|page| page.contains(name))
            .count();
        assert!(headers >= 10, "{name} is on {headers} pages only");
        assert!(text.contains(&people[index].id));
    }
}

#[test]
fn a_front_of_three_pages_has_a_body_of_its_own() {
    let mut project = project();
    // A programme long enough that "Mon séminaire" takes two pages.
    let path = "content/event.yaml";
    let yaml = String::from_utf8(project.file(path).unwrap().bytes.clone()).unwrap();
    assert!(yaml.contains("programme:"));
    let mut items = String::new();
    for hour in 0..16 {
        items.push_str(&format!(
            "      - {{ time: \"{hour}h\", title: \"Atelier {hour}\", detail: \"Une séance de travail en petits groupes, avec restitution en plénière\" }}\n"
        ));
    }
    let day = "    items:\n";
    let at = yaml.find(day).expect("the sample has a programme") + day.len();
    let long = format!("{}{items}{}", &yaml[..at], &yaml[at..]);
    project.files.get_mut(path).unwrap().bytes = long.into_bytes();
    let people = participants(&project);
    let engine = engine(&project);
    let renderer = Renderer::new(&engine);
    let documents = booklets(&project, &people);
    for document in [&documents[3], &documents[4]] {
        let pdf = assert_same_as_whole(&engine, &renderer, document);
        let pages = page_texts(&pdf);
        assert_eq!(pages.len() % 4, 0);
        assert!(
            pages[2].contains("Atelier 15"),
            "page 3 does not end the programme: {:?}",
            &pages[..4]
        );
        assert!(!pages[3].contains("Atelier"), "page 4 is not the carnet's");
    }
}

#[test]
fn a_template_without_a_front_and_a_body_makes_whole_booklets() {
    let mut project = project();
    let template = r#"#let p = json(sys.inputs.data)
#set document(title: "Carnet")
#set text(lang: "fr")
#set page(width: 148mm, height: 210mm)
= Carnet de #p.first_name #p.last_name
#for n in range(3) { pagebreak(); [Page #(n + 2)] }
"#;
    project
        .files
        .get_mut("templates/booklet.typ")
        .unwrap()
        .bytes = template.as_bytes().to_vec();
    let people = participants(&project);
    let engine = engine(&project);
    let renderer = Renderer::new(&engine);
    for document in &booklets(&project, &people)[..3] {
        let rendered = renderer.render(document).unwrap();
        let pdf = rendered.pdf.into_bytes().unwrap();
        assert!(rendered.joined.is_none());
        assert!(
            rendered
                .warnings
                .iter()
                .any(|w| w.contains("does not make a front and a body")),
            "the report says why: {:?}",
            rendered.warnings
        );
        assert_eq!(rendered.pages, 4);
        let Kind::Booklet(index) = document.kind else {
            unreachable!()
        };
        let text = page_texts(&pdf);
        assert!(text[0].contains(&people[index].last_name), "{text:?}");
        assert!(text[3].contains("Page 4"));
    }
}

/// `n` participants made from the sample's, each with a last name of its own.
fn many(people: &[Participant], n: usize) -> Vec<Participant> {
    (0..n)
        .map(|i| {
            let mut p = people[i % people.len()].clone();
            p.id = format!("X{i:05}");
            p.last_name = format!("Nom{i:05}");
            p
        })
        .collect()
}

fn document_of<'p>(project: &Project, people: &'p [Participant], kind: Kind) -> Document<'p> {
    Plan::new(people, &project.event, &Default::default())
        .documents
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap()
}

#[test]
fn long_badge_sheets_are_made_in_slices() {
    let project = project();
    let people = many(&participants(&project), 700);
    let engine = engine(&project);
    let document = document_of(&project, &people, Kind::Badges);
    let rendered = Renderer::new(&engine).render(&document).unwrap();
    let pdf = rendered.pdf.into_bytes().unwrap();
    assert_not_whole(&rendered.warnings);
    // 10 badges a sheet on the default preset, made in slices.
    assert_eq!(rendered.pages, 70);
    assert_eq!(rendered.standard, Some("PDF/A-2a"));
    assert_sound_structure(&pdf);
    let text = page_texts(&pdf).join(" ");
    for p in &people {
        assert_eq!(text.matches(&p.last_name).count(), 1, "{}", p.last_name);
    }
}

#[test]
fn long_attendance_sheets_are_made_in_slices() {
    let project = project();
    let people = many(&participants(&project), 1000);
    let engine = engine(&project);
    let document = document_of(&project, &people, Kind::Attendance);
    assert!(!document.slices.is_empty());
    let rendered = Renderer::new(&engine).render(&document).unwrap();
    let pdf = rendered.pdf.into_bytes().unwrap();
    assert_not_whole(&rendered.warnings);
    // 18 rows a page, 3 blank rows after the list: 56 pages a session.
    let sessions = project.event.sessions.len();
    assert_eq!(rendered.pages, 56 * sessions);
    assert_sound_structure(&pdf);
    let pages = page_texts(&pdf);
    for (session, sheet) in pages.chunks(56).enumerate() {
        let text = sheet.join(" ");
        for p in &people {
            assert_eq!(
                text.matches(&p.last_name).count(),
                1,
                "{} on sheet {session}",
                p.last_name
            );
        }
        for (index, page) in sheet.iter().enumerate() {
            assert!(
                page.contains(&format!("Page {} / 56", index + 1)),
                "sheet {session}, page {}: {page}",
                index + 1
            );
        }
        assert!(sheet[55].contains("Signature et cachet"));
        assert!(!sheet[54].contains("Signature et cachet"));
    }
}

#[test]
fn slices_made_on_every_thread_are_joined_in_order() {
    let project = project();
    let people = many(&participants(&project), 800);
    let engine = engine(&project);
    let mut plan = Plan::new(&people, &project.event, &Default::default());
    plan.documents
        .retain(|d| matches!(d.kind, Kind::Attendance | Kind::Badges));
    plan.booklets = &[];
    let mut made = Vec::new();
    render::render_all(&engine, &plan, 3, |rendered| {
        assert_not_whole(&rendered.warnings);
        made.push((
            rendered.document.file.clone(),
            rendered.pdf.into_bytes().unwrap(),
        ));
        Ok(())
    })
    .unwrap();
    assert_eq!(made.len(), 2);
    // The same bytes as the document made part after part on one thread.
    for ((file, pdf), document) in made.iter().zip(&plan.documents) {
        assert_eq!(file, &document.file);
        let alone = Renderer::new(&engine).render(document).unwrap();
        assert!(pdf == &alone.pdf.into_bytes().unwrap(), "{file} differs");
    }
}
