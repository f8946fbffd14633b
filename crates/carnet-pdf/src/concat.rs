//! Long documents joined into one tagged PDF as their slices come.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::fonts::Fonts;
use crate::graph::{as_array, catalog, dict, load, merge_dict, reachable, shift_ids};
use crate::join::set_page_count;
use crate::structure::{StructTree, move_page, rename_ids};
use crate::writer::{Body, Spool};
use crate::{Unsupported, unsupported};

/// A document made in slices, joined into one tagged PDF as the slices come.
///
/// Long documents (the attendance sheets and badges of thousands of
/// people) are made a few pages at a time, so that Typst's memory stays
/// small; each slice is written to a temporary file as soon as it is made,
/// and only the page list, the structure tree's top and where each object
/// is are kept until the end. The first slice's catalog, metadata and output
/// intent make the document's own.
///
/// A slice's pages may each have a place ([`Concat::add_placed`]): the
/// document's pages are in the order of their places, those of one place in
/// the order they came, so that a slice may hold pages of several places
/// (the attendance sheets of a run of participants at every session).
pub struct Concat {
    /// The file, written as the slices come.
    spool: Spool<BufWriter<File>>,
    /// The number the next slice's objects start after.
    next_id: u32,
    /// Every page so far, with its place, in the order they came.
    pages: Vec<(u64, ObjectId)>,
    /// The structure elements at the top of every slice's tree, with the
    /// place of their pages, in the order they came. Numbers, not objects:
    /// a long list of badges has eight elements a badge, and an object
    /// takes 120 bytes where its number takes 8.
    kids: Vec<(u64, ObjectId)>,
    /// The parent tree entries so far, keys moved up slice after slice;
    /// each entry's array is written with its slice.
    parent_tree: Vec<(i64, ObjectId)>,
    /// The next parent tree key.
    next_key: i64,
    /// The slices' role maps, merged.
    role_map: Dictionary,
    /// The slices' class maps, merged.
    class_map: Dictionary,
    /// The slices' structure identifiers, renamed where two slices share one.
    ids: BTreeMap<Vec<u8>, Object>,
    /// Whether the slices' trees have a `Document` element at their top.
    document: Option<bool>,
    /// What the first slice gives the document, once it has come.
    first: Option<FirstSlice>,
    /// One program per face for every slice's fonts.
    fonts: Fonts,
}

/// What the first slice gives the whole document.
struct FirstSlice {
    /// Its catalog, by number.
    catalog: (u32, Dictionary),
    /// Its `Document` structure element, if its tree has one.
    document: Option<Dictionary>,
    /// Its XMP metadata, by number, for the page count to be set.
    metadata: Option<(u32, Stream)>,
    /// Its trailer (information dictionary, identifiers).
    trailer: Dictionary,
}

/// The numbers of the objects a [`Concat`] writes at the end.
const CONCAT_PAGES: u32 = 1;
const CONCAT_STRUCT_ROOT: u32 = 2;
const CONCAT_DOCUMENT: u32 = 3;

/// What stops slices from being joined.
#[derive(Debug)]
pub enum JoinError {
    /// The slices cannot be merged: the document is made whole instead.
    Unsupported(Unsupported),
    /// The temporary file could not be written.
    Io(io::Error),
}

impl From<Unsupported> for JoinError {
    fn from(why: Unsupported) -> Self {
        Self::Unsupported(why)
    }
}

impl From<io::Error> for JoinError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// A PDF written to a temporary file, which is deleted when closed.
#[derive(Debug)]
pub struct Spooled {
    /// The file.
    pub file: File,
    /// Its length in bytes.
    pub len: u64,
}

impl Spooled {
    /// A reader of the whole file, from its start.
    pub fn reader(&self) -> io::Result<impl io::Read + '_> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    /// The file's bytes.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(self.len as usize);
        io::Read::read_to_end(&mut self.reader()?, &mut bytes)?;
        Ok(bytes)
    }
}

impl Concat {
    /// An empty document, to be written in `spool`, an empty file; its
    /// cross-reference entries wait in `rows`, another.
    pub fn new(spool: File, rows: File) -> Self {
        Self {
            spool: Spool::new(BufWriter::new(spool), rows),
            next_id: CONCAT_DOCUMENT + 1,
            pages: Vec::new(),
            kids: Vec::new(),
            parent_tree: Vec::new(),
            next_key: 0,
            role_map: Dictionary::new(),
            class_map: Dictionary::new(),
            ids: BTreeMap::new(),
            document: None,
            first: None,
            fonts: Fonts::default(),
        }
    }

    /// The number of pages so far.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Adds a slice's pages after those before.
    pub fn add(&mut self, pdf: &[u8]) -> Result<(), JoinError> {
        self.merge(pdf, None)?;
        Ok(self.spool.flush(self.next_id)?)
    }

    /// Adds a slice's pages, each at its place in `places` (one a page):
    /// after the pages before of the same or an earlier place, before those
    /// of a later one. Pages added without a place are at place 0.
    pub fn add_placed(&mut self, pdf: &[u8], places: &[u64]) -> Result<(), JoinError> {
        self.merge(pdf, Some(places))?;
        Ok(self.spool.flush(self.next_id)?)
    }

    /// Merges a slice's objects into the writer, its pages at `places`.
    fn merge(&mut self, pdf: &[u8], places: Option<&[u64]>) -> Result<(), Unsupported> {
        let mut doc = load(pdf)?;
        shift_ids(&mut doc, self.next_id - 1)?;
        // A face's program gets a number of the slice that first uses it.
        self.fonts.adopt(
            &mut doc,
            &mut |doc| {
                doc.max_id += 1;
                doc.max_id
            },
            &mut |_, id| (id, 0),
        );
        let catalog_id = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .or_else(|_| unsupported("a slice has no catalog"))?;
        let catalog = catalog(&doc)?;
        for key in [b"PageLabels".as_slice(), b"AcroForm", b"Outlines", b"Names"] {
            if catalog.has(key) {
                return unsupported(format!("a slice has {}", String::from_utf8_lossy(key)));
            }
        }
        let mut tree = StructTree::read(&doc, &catalog)?
            .ok_or_else(|| Unsupported("a slice is not tagged".into()))?;
        tree.ids = rename_ids(&mut doc, &tree.ids, &self.ids);
        let offset = self.next_key;
        let mut new_objects: BTreeMap<ObjectId, Object> = BTreeMap::new();

        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let places = match places {
            Some(places) if places.len() != pages.len() => {
                return unsupported(format!(
                    "a slice of {} pages gives the place of {}",
                    pages.len(),
                    places.len()
                ));
            }
            Some(places) => places.to_vec(),
            None => vec![0; pages.len()],
        };
        for (&page, &place) in pages.iter().zip(&places) {
            move_page(&doc, page, (CONCAT_PAGES, 0), offset, &mut new_objects)?;
            self.pages.push((place, page));
        }

        let document = tree.document(&doc)?;
        if self.document.is_some_and(|had| had != document.is_some()) {
            return unsupported("one slice has a Document element, another not");
        }
        self.document = Some(document.is_some());
        let (parent, kids) = match &document {
            Some((_, element)) => (CONCAT_DOCUMENT, as_array(&doc, element.get(b"K").ok())?),
            None => (CONCAT_STRUCT_ROOT, tree.kids.clone()),
        };
        let mut kid_ids = Vec::with_capacity(kids.len());
        for kid in &kids {
            let Object::Reference(id) = kid else {
                return unsupported("content right under the Document element");
            };
            let mut element = dict(&doc, *id)?.clone();
            element.set("P", Object::Reference((parent, 0)));
            new_objects.insert(*id, Object::Dictionary(element));
            kid_ids.push(*id);
        }
        let kid_places = kid_places(&doc, &kids, &pages, &places)?;
        self.kids.extend(kid_places.into_iter().zip(kid_ids));
        // The parent tree's arrays are written with the slice; only their
        // references wait for the end.
        let mut last_id = doc.max_id;
        let mut arrays = Vec::new();
        for (key, value) in &tree.parent_tree {
            let value = match value {
                Object::Reference(id) => *id,
                other => {
                    last_id += 1;
                    arrays.push((last_id, other.clone()));
                    (last_id, 0)
                }
            };
            self.parent_tree.push((key + offset, value));
        }
        self.next_key = offset + tree.next_key;
        merge_dict(&mut self.role_map, &tree.role_map)?;
        merge_dict(&mut self.class_map, &tree.class_map)?;
        for (key, value) in &tree.ids {
            self.ids.insert(key.clone(), value.clone());
        }

        // The first slice's catalog, information and metadata are the
        // document's; the catalog and metadata are written at the end.
        let mut roots: Vec<Object> = new_objects.values().cloned().collect();
        roots.extend(tree.parent_tree.iter().map(|(_, v)| v.clone()));
        roots.extend(tree.ids.iter().map(|(_, v)| v.clone()));
        let mut held: HashSet<ObjectId> = HashSet::new();
        if self.first.is_none() {
            let mut kept = catalog.clone();
            kept.remove(b"Pages");
            kept.remove(b"StructTreeRoot");
            let metadata = match kept.get(b"Metadata") {
                Ok(Object::Reference(id)) => match doc.get_object(*id) {
                    Ok(Object::Stream(stream)) if !stream.dict.has(b"Filter") => {
                        held.insert(*id);
                        Some((id.0, stream.clone()))
                    }
                    _ => return unsupported("metadata that is not a plain stream"),
                },
                _ => None,
            };
            roots.push(Object::Dictionary(kept));
            if let Ok(info) = doc.trailer.get(b"Info") {
                roots.push(info.clone());
            }
            self.first = Some(FirstSlice {
                catalog: (catalog_id.0, catalog.clone()),
                document: document.map(|(_, element)| element),
                metadata,
                trailer: doc.trailer.clone(),
            });
        }
        let shift = self.next_id - 1;
        let fonts = &self.fonts;
        let reached = reachable(&doc, roots.iter().collect(), &|id| {
            id.0 > shift
                && !fonts.is_program(id.0)
                && id != catalog_id
                && !held.contains(&id)
                && !new_objects.contains_key(&id)
        })?;

        let mut own: BTreeMap<u32, Object> =
            new_objects.into_iter().map(|(k, v)| (k.0, v)).collect();
        for id in reached {
            let object = doc.get_object(id).map_err(|e| Unsupported(e.to_string()))?;
            own.insert(id.0, object.clone());
        }
        own.extend(arrays);
        self.next_id = self.spool.writer.all(own, last_id) + 1;
        Ok(())
    }

    /// The whole document.
    pub fn finish(mut self) -> Result<Spooled, JoinError> {
        let Some(first) = self.first.take() else {
            return Err(Unsupported("no slice".into()).into());
        };
        let total = self.pages.len();
        let mut pages = Dictionary::new();
        pages.set("Type", "Pages");
        pages.set("Count", total as i64);
        pages.set(
            "Kids",
            Object::Array(in_place(std::mem::take(&mut self.pages))),
        );
        let mut objects: Vec<(u32, Object)> = vec![(CONCAT_PAGES, Object::Dictionary(pages))];

        let mut placed = std::mem::take(&mut self.kids);
        placed.sort_by_key(|(place, _)| *place);
        // The Document element is written with its kids' numbers as they
        // are: 10,000 badges have 80,000 of them, 10 MB as objects.
        let mut document = None;
        let kids = match first.document {
            Some(mut element) => {
                element.set("K", Object::Array(Vec::new()));
                element.set("P", Object::Reference((CONCAT_STRUCT_ROOT, 0)));
                match written_with_kids(&element, &placed) {
                    Some(written) => document = Some(written),
                    None => {
                        element.set("K", Object::Array(references(&placed)));
                        objects.push((CONCAT_DOCUMENT, Object::Dictionary(element)));
                    }
                }
                vec![Object::Reference((CONCAT_DOCUMENT, 0))]
            }
            None => references(&placed),
        };
        drop(placed);
        let root = StructTree {
            root: (CONCAT_STRUCT_ROOT, 0),
            kids,
            parent_tree: std::mem::take(&mut self.parent_tree)
                .into_iter()
                .map(|(key, id)| (key, Object::Reference(id)))
                .collect(),
            next_key: self.next_key,
            role_map: std::mem::take(&mut self.role_map),
            class_map: std::mem::take(&mut self.class_map),
            ids: std::mem::take(&mut self.ids).into_iter().collect(),
        };
        objects.push((CONCAT_STRUCT_ROOT, Object::Dictionary(root.dictionary())));

        let (catalog_id, mut catalog) = first.catalog;
        catalog.set("Pages", Object::Reference((CONCAT_PAGES, 0)));
        catalog.set("StructTreeRoot", Object::Reference((CONCAT_STRUCT_ROOT, 0)));
        objects.push((catalog_id, Object::Dictionary(catalog)));
        if let Some((id, mut stream)) = first.metadata {
            let xmp = set_page_count(&stream.content, total);
            stream.set_content(xmp);
            self.spool.writer.direct(id, &Object::Stream(stream));
        }
        for (id, program) in self.fonts.programs() {
            self.spool.writer.direct(id, &program);
        }
        let mut bodies: Vec<(u32, Body)> = objects
            .iter()
            .map(|(id, object)| (*id, Body::Object(object)))
            .collect();
        if let Some(written) = &document {
            bodies.push((CONCAT_DOCUMENT, Body::Written(written)));
        }
        bodies.sort_by_key(|(id, _)| *id);
        let id = self.next_id;
        self.spool.writer.packed_bodies(id, &bodies);

        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference((catalog_id, 0)));
        for key in [b"Info".as_slice(), b"ID"] {
            if let Ok(value) = first.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        let (out, len) = self.spool.finish(id + 1, trailer)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Spooled { file, len })
    }
}

/// References to objects in the order of their places, those of one place
/// in the order they came.
fn in_place(mut placed: Vec<(u64, ObjectId)>) -> Vec<Object> {
    placed.sort_by_key(|(place, _)| *place);
    references(&placed)
}

/// References to these objects, in this order.
fn references(placed: &[(u64, ObjectId)]) -> Vec<Object> {
    placed
        .iter()
        .map(|(_, id)| Object::Reference(*id))
        .collect()
}

/// `element` serialised with references to `kids` as its `K`, the bytes
/// of `element` with them as objects, made a thousand references at a
/// time; none when the serialised element does not show where `K` goes
/// (`/K[]` once).
fn written_with_kids(element: &Dictionary, kids: &[(u64, ObjectId)]) -> Option<Vec<u8>> {
    const EMPTY: &[u8] = b"/K[]";
    let mut bytes = Vec::new();
    lopdf::Writer::write_object(&mut bytes, &Object::Dictionary(element.clone())).ok()?;
    let mut found = bytes
        .windows(EMPTY.len())
        .enumerate()
        .filter(|(_, window)| *window == EMPTY)
        .map(|(at, _)| at + EMPTY.len() - 1);
    let at = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + kids.len() * 12);
    out.extend_from_slice(&bytes[..at]);
    let mut chunk = Vec::new();
    for (index, part) in kids.chunks(1024).enumerate() {
        chunk.clear();
        lopdf::Writer::write_object(&mut chunk, &Object::Array(references(part))).ok()?;
        if index > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(chunk.get(1..chunk.len().checked_sub(1)?)?);
    }
    out.extend_from_slice(&bytes[at..]);
    Some(out)
}

/// The place of each structure element at the top of a slice's tree: that
/// of the pages its content is on. An element with content on pages of two
/// places cannot be put in both; one with none goes with the one before.
fn kid_places(
    doc: &lopdf::Document,
    kids: &[Object],
    pages: &[ObjectId],
    places: &[u64],
) -> Result<Vec<u64>, Unsupported> {
    let first = places.first().copied().unwrap_or(0);
    if places.iter().all(|&place| place == first) {
        return Ok(vec![first; kids.len()]);
    }
    let place_of: std::collections::HashMap<ObjectId, u64> =
        pages.iter().copied().zip(places.iter().copied()).collect();
    let mut out = Vec::with_capacity(kids.len());
    let mut last = first;
    for kid in kids {
        let mut found = HashSet::new();
        let mut seen = HashSet::new();
        let mut stack = vec![kid];
        while let Some(object) = stack.pop() {
            let object = match object {
                Object::Reference(id) if !seen.insert(*id) => continue,
                Object::Reference(id) => match doc.get_object(*id) {
                    Ok(object) => object,
                    Err(_) => continue,
                },
                other => other,
            };
            let Object::Dictionary(element) = object else {
                if let Object::Array(items) = object {
                    stack.extend(items.iter());
                }
                continue;
            };
            if let Ok(Object::Reference(page)) = element.get(b"Pg")
                && let Some(place) = place_of.get(page)
            {
                found.insert(*place);
            }
            // Down the element's kids, never up to its parent.
            if let Ok(kids) = element.get(b"K") {
                stack.push(kids);
            }
        }
        if found.len() > 1 {
            return unsupported("a structure element has content on pages of two places");
        }
        last = found.into_iter().next().unwrap_or(last);
        out.push(last);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use lopdf::{Dictionary, Object, dictionary};

    use super::written_with_kids;

    /// The element as lopdf writes it with every reference an object.
    fn as_objects(element: &Dictionary, kids: &[(u64, lopdf::ObjectId)]) -> Vec<u8> {
        let mut element = element.clone();
        element.set("K", Object::Array(super::references(kids)));
        let mut bytes = Vec::new();
        lopdf::Writer::write_object(&mut bytes, &Object::Dictionary(element)).unwrap();
        bytes
    }

    #[test]
    fn a_document_element_is_written_as_with_its_kids_as_objects() {
        let element = dictionary! {
            "Type" => "StructElem",
            "S" => "Document",
            "K" => Object::Array(Vec::new()),
            "P" => Object::Reference((3, 0)),
            "Lang" => Object::string_literal("fr"),
        };
        // none, one, and more than a thousand (the references are written
        // a thousand at a time)
        for count in [0, 1, 1024, 2500] {
            let kids: Vec<(u64, lopdf::ObjectId)> =
                (0..count).map(|i| (0, (10 + i as u32, 0))).collect();
            assert_eq!(
                written_with_kids(&element, &kids),
                Some(as_objects(&element, &kids)),
                "{count} kids"
            );
        }
    }

    #[test]
    fn an_element_that_does_not_show_where_its_kids_go_is_left_to_lopdf() {
        let element = dictionary! {
            "S" => "Document",
            "K" => Object::Array(Vec::new()),
            "T" => Object::string_literal("/K[]"),
        };
        assert_eq!(written_with_kids(&element, &[(0, (10, 0))]), None);
    }
}
