//! Booklets put together from a body laid out once and each participant's
//! own pages.
//!
//! Most of a booklet — the carnet, the Notes pages, the back cover — is the
//! same for every participant but for the name in the running header. The
//! template can make it as a front and a body (see `templates/booklet.typ`): the
//! *body*, laid out and exported once, with the header's name left out; and
//! each participant's *front*: the cover, "Mon séminaire", then two pages
//! that hold only the header's name, as it stands on odd and on even pages.
//!
//! A booklet is the front's pages followed by the body's, written as one
//! tagged PDF: the page tree, the structure tree (the front's elements then
//! the body's, under one `Document` element), the parent tree and the role
//! map are merged; the front's catalog, metadata and output intent make the
//! booklet's own. The two name pages become form XObjects drawn, as
//! artifacts like the rest of the running header, on the body's pages that
//! ask for the name. The body's objects are serialised once, packed in
//! object streams, and copied into every booklet as they are, but for its
//! font programs: a booklet embeds each face once, the body's glyphs in
//! their numbering and its front's appended (or the body's program as it
//! is, when the front adds no glyph), the front's fonts finding theirs in
//! it through a `CIDToGIDMap` stream.
//!
//! What the merge does not know how to put together (page labels, a front
//! with bookmarks, links to named destinations in both…) is refused
//! with [`Unsupported`], and the booklet is then made whole.

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::fonts::Frozen;
use crate::form::{Names, page_form};
use crate::graph::{
    as_array, as_array_plain, catalog, dict, load, merge_dict, reachable, shift_ids,
};
use crate::structure::{StructTree, move_page, rename_ids};
use crate::writer::{HEADER, Writer, Xref, write_xref};
use crate::{Unsupported, unsupported};

/// The name of the header's name form in a page's resources.
const NAME_FORM: &str = "CarnetName";

/// The body of the booklets, ready to be put behind any front.
pub struct Body {
    /// The body's objects that every booklet holds unchanged, serialised,
    /// to be written right after [`HEADER`].
    fixed: Vec<u8>,
    /// Where each of them is, as offsets from the start of the file.
    fixed_entries: Xref,
    /// Object numbers up to this one are the body's; the front's follow.
    last_id: u32,
    /// The body's pages in order.
    pages: Vec<ObjectId>,
    /// The pages that take the running header's name: the page's
    /// dictionary (resources inline) and whether it is an odd page.
    slots: Vec<(ObjectId, Dictionary, bool)>,
    /// The page tree's root, rewritten for each booklet.
    pages_root: ObjectId,
    /// The structure tree's root, rewritten for each booklet.
    struct_root: ObjectId,
    /// The `Document` structure element and its dictionary, if the body's
    /// tree has one at its top.
    document: Option<(ObjectId, Dictionary)>,
    /// The top of the body's structure tree otherwise.
    top: Vec<Object>,
    /// The body's parent tree entries; the front's keys follow them.
    parent_tree: Vec<(i64, Object)>,
    /// The body's next parent tree key.
    next_key: i64,
    /// The body's role map, merged with the front's.
    role_map: Dictionary,
    /// The body's class map, merged with the front's.
    class_map: Dictionary,
    /// The body's structure identifiers.
    ids: Vec<(Vec<u8>, Object)>,
    /// The body's bookmarks, the booklet's.
    outlines: Option<Object>,
    /// The body's named destinations, the booklet's.
    names: Option<Object>,
    /// The body's fonts, which the fronts' fonts draw on where they can.
    fonts: Frozen,
}

impl Body {
    /// Prepares a body PDF; `name_slots` are the 1-based page numbers, in
    /// the whole booklet, of the pages that take the header's name, and
    /// `front_pages` the number of pages before the body. The body's faces
    /// take in the glyphs of the fonts of `seed`, a front, if given: the
    /// fronts that share its texts (all but the participant's) then add
    /// few glyphs to them, or none, and their programs are written as
    /// they are instead of made again for each booklet.
    pub fn new(
        pdf: &[u8],
        front_pages: usize,
        name_slots: &[usize],
        seed: Option<&[u8]>,
    ) -> Result<Self, Unsupported> {
        let mut doc = load(pdf)?;
        let catalog = catalog(&doc)?;
        for key in [b"PageLabels".as_slice(), b"AcroForm"] {
            if catalog.has(key) {
                return unsupported(format!("the body has {}", String::from_utf8_lossy(key)));
            }
        }
        let pages_root = catalog
            .get(b"Pages")
            .and_then(Object::as_reference)
            .or_else(|_| unsupported("the body has no page tree"))?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        // Written once, copied into every booklet: worth writing shorter.
        crate::content::shorten(&mut doc, &pages);
        for &page in &pages {
            let parent = dict(&doc, page)?
                .get(b"Parent")
                .and_then(Object::as_reference);
            if parent.ok() != Some(pages_root) {
                return unsupported("the body's page tree has more than one level");
            }
        }

        let mut slots = Vec::new();
        for &number in name_slots {
            let Some(&page) = number
                .checked_sub(front_pages + 1)
                .and_then(|index| pages.get(index))
            else {
                return unsupported(format!("a name slot on page {number}, outside the body"));
            };
            let mut page_dict = dict(&doc, page)?.clone();
            let resources = match page_dict.get(b"Resources") {
                Ok(Object::Reference(id)) => Object::Dictionary(dict(&doc, *id)?.clone()),
                Ok(other) => other.clone(),
                Err(_) => Object::Dictionary(Dictionary::new()),
            };
            page_dict.set("Resources", resources);
            slots.push((page, page_dict, number % 2 == 1));
        }
        let slot_ids: HashSet<ObjectId> = slots.iter().map(|(id, ..)| *id).collect();

        let tree = StructTree::read(&doc, &catalog)?;
        let Some(tree) = tree else {
            return unsupported("the body is not tagged");
        };
        let document = tree.document(&doc)?;
        let top = match &document {
            Some(_) => Vec::new(),
            None => tree.kids.clone(),
        };

        // Every object the booklets keep as it is: what the pages, the
        // structure tree, the bookmarks and the named destinations reach,
        // but not what is rewritten for each booklet.
        // The font programs are written with each booklet: the union of
        // the body's glyphs and its front's.
        let mut fonts = Frozen::of(&doc);
        if let Some(seed) = seed {
            fonts.grow(&load(seed)?);
        }
        let mut rewritten: HashSet<ObjectId> = slot_ids.clone();
        rewritten.extend(fonts.programs());
        rewritten.insert(pages_root);
        rewritten.insert(tree.root);
        if let Some((id, _)) = &document {
            rewritten.insert(*id);
        }
        let mut roots: Vec<&Object> = Vec::new();
        let page_refs: Vec<Object> = pages.iter().map(|&p| Object::Reference(p)).collect();
        roots.extend(page_refs.iter());
        let slot_dicts: Vec<Object> = slots
            .iter()
            .map(|(_, d, _)| Object::Dictionary(d.clone()))
            .collect();
        roots.extend(slot_dicts.iter());
        let document_dict = document
            .as_ref()
            .map(|(_, d)| Object::Dictionary(d.clone()));
        roots.extend(document_dict.iter());
        roots.extend(tree.kids.iter());
        roots.extend(tree.parent_tree.iter().map(|(_, v)| v));
        roots.extend(tree.ids.iter().map(|(_, v)| v));
        let role_map = Object::Dictionary(tree.role_map.clone());
        let class_map = Object::Dictionary(tree.class_map.clone());
        roots.push(&role_map);
        roots.push(&class_map);
        let outlines = catalog.get(b"Outlines").ok().cloned();
        let names = catalog.get(b"Names").ok().cloned();
        roots.extend(outlines.iter());
        roots.extend(names.iter());
        let kept = reachable(&doc, roots, &|id| !rewritten.contains(&id))?;

        let mut writer = Writer::new(HEADER.len() as u64);
        let mut own = BTreeMap::new();
        for id in kept {
            let object = doc.get_object(id).map_err(|e| Unsupported(e.to_string()))?;
            if id.1 != 0 {
                return unsupported("the body has objects of a later generation");
            }
            own.insert(id.0, object.clone());
        }
        let last_id = writer.all(own, doc.max_id);
        Ok(Self {
            fixed: writer.out,
            fixed_entries: writer.entries,
            last_id,
            pages,
            slots,
            pages_root,
            struct_root: tree.root,
            document,
            top,
            parent_tree: tree.parent_tree,
            next_key: tree.next_key,
            role_map: tree.role_map,
            class_map: tree.class_map,
            ids: tree.ids,
            outlines,
            names,
            fonts,
        })
    }

    /// The number of pages of the body.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The booklet of one participant: `front` is the front's PDF,
    /// whose last two pages hold the running header's name for odd and
    /// even pages. Also gives the front as read, its objects renumbered to
    /// follow the body's, its pages as they were.
    pub fn assemble(&self, front: &[u8]) -> Result<(Vec<u8>, Document), Unsupported> {
        let mut booklet = Booklet::read(self, front)?;
        let (forms, dropped_keys) = booklet.name_forms()?;
        let tree = booklet.merge_trees(&dropped_keys)?;
        booklet.draw_names(forms)?;
        booklet.page_tree();
        booklet.catalog(tree)?;
        booklet.write()
    }
}

/// A booklet being put together: the body, and the front read, its
/// objects numbered after the body's.
struct Booklet<'b> {
    body: &'b Body,
    doc: Document,
    catalog_id: ObjectId,
    catalog: Dictionary,
    /// The front's own pages, but for the two name pages.
    pages: Vec<ObjectId>,
    /// The name pages, for odd and for even pages.
    strips: [ObjectId; 2],
    /// The objects the booklet rewrites, by number.
    objects: BTreeMap<ObjectId, Object>,
}

impl<'b> Booklet<'b> {
    /// Reads the front, its objects numbered after the body's.
    fn read(body: &'b Body, front: &[u8]) -> Result<Self, Unsupported> {
        let mut doc = load(front)?;
        shift_ids(&mut doc, body.last_id)?;
        let catalog_id = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .or_else(|_| unsupported("the front has no catalog"))?;
        let catalog = catalog(&doc)?;
        for key in [b"PageLabels".as_slice(), b"AcroForm", b"Outlines"] {
            if catalog.has(key) {
                return unsupported(format!("the front has {}", String::from_utf8_lossy(key)));
            }
        }
        if catalog.has(b"Names") && body.names.is_some() {
            return unsupported("both the front and the body have named destinations");
        }
        let mut pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if pages.len() < 3 {
            return unsupported("the front has no name pages");
        }
        let strips = [pages[pages.len() - 2], pages[pages.len() - 1]];
        pages.truncate(pages.len() - 2);
        Ok(Self {
            body,
            doc,
            catalog_id,
            catalog,
            pages,
            strips,
            objects: BTreeMap::new(),
        })
    }

    /// Adds an object to the front's.
    fn add(&mut self, object: Object) -> ObjectId {
        let id = (self.doc.max_id + 1, 0);
        self.doc.max_id += 1;
        self.doc.objects.insert(id, object);
        id
    }

    /// The name pages as forms, for odd and even pages; their pages are
    /// dropped. Also gives the parent tree keys of the dropped pages.
    fn name_forms(&mut self) -> Result<([ObjectId; 2], HashSet<i64>), Unsupported> {
        let mut forms = [(0, 0); 2];
        let mut dropped_keys = HashSet::new();
        for (form, strip) in forms.iter_mut().zip(self.strips) {
            let page = dict(&self.doc, strip)?;
            if page.has(b"Annots") {
                return unsupported("a name page has annotations");
            }
            if let Ok(key) = page.get(b"StructParents").and_then(Object::as_i64) {
                dropped_keys.insert(key);
            }
            let (stream, _) = page_form(&self.doc, strip, Names::Prefixed)?;
            *form = self.add(Object::Stream(stream));
        }
        Ok((forms, dropped_keys))
    }

    /// The front's structure tree put before the body's; the front's pages
    /// moved under the body's page tree.
    fn merge_trees(&mut self, dropped_keys: &HashSet<i64>) -> Result<StructTree, Unsupported> {
        let body = self.body;
        let mut tree = StructTree::read(&self.doc, &self.catalog)?
            .ok_or_else(|| Unsupported("the front is not tagged".into()))?;
        let body_ids: BTreeMap<Vec<u8>, Object> = body.ids.iter().cloned().collect();
        tree.ids = rename_ids(&mut self.doc, &tree.ids, &body_ids);
        let offset = body.next_key;
        for &page in &self.pages {
            move_page(&self.doc, page, body.pages_root, offset, &mut self.objects)?;
        }

        // Kids of the merged tree: the front's, then the body's.
        let front_document = tree.document(&self.doc)?;
        let (parent, mut kids) = match (&body.document, front_document) {
            (Some((id, _)), Some((_, front_doc))) => {
                (*id, as_array(&self.doc, front_doc.get(b"K").ok())?)
            }
            (None, None) => (body.struct_root, tree.kids.clone()),
            _ => return unsupported("the front or the body has a Document element, the other not"),
        };
        for kid in &kids {
            let Object::Reference(id) = kid else {
                return unsupported("content right under the Document element");
            };
            let mut element = dict(&self.doc, *id)?.clone();
            element.set("P", Object::Reference(parent));
            self.objects.insert(*id, Object::Dictionary(element));
        }
        match &body.document {
            Some((id, body_doc)) => {
                kids.extend(as_array_plain(body_doc.get(b"K").ok()));
                let mut element = body_doc.clone();
                element.set("K", Object::Array(kids));
                self.objects.insert(*id, Object::Dictionary(element));
                kids = vec![Object::Reference(*id)];
            }
            None => kids.extend(body.top.iter().cloned()),
        }

        let mut nums = body.parent_tree.clone();
        for (key, value) in &tree.parent_tree {
            if !dropped_keys.contains(key) {
                nums.push((key + offset, value.clone()));
            }
        }
        let mut role_map = body.role_map.clone();
        merge_dict(&mut role_map, &tree.role_map)?;
        let mut class_map = body.class_map.clone();
        merge_dict(&mut class_map, &tree.class_map)?;
        let mut ids = body_ids;
        ids.extend(tree.ids.iter().cloned());
        Ok(StructTree {
            root: body.struct_root,
            kids,
            parent_tree: nums,
            next_key: offset + tree.next_key,
            role_map,
            class_map,
            ids: ids.into_iter().collect(),
        })
    }

    /// The body's pages that take the name draw it over their content, as
    /// a header artifact.
    fn draw_names(&mut self, forms: [ObjectId; 2]) -> Result<(), Unsupported> {
        // The page's own content is enclosed in `q … Q`, so that the name
        // is drawn in the page's default coordinates.
        let stream =
            |content: String| Object::Stream(Stream::new(Dictionary::new(), content.into_bytes()));
        let save = self.add(stream("q\n".into()));
        let overlay = self.add(stream(format!(
            "\nQ\n/Artifact BMC q /{NAME_FORM} Do Q EMC\n"
        )));
        for (page, page_dict, odd) in &self.body.slots {
            let form = if *odd { forms[0] } else { forms[1] };
            let mut page_dict = page_dict.clone();
            let mut contents = vec![Object::Reference(save)];
            match page_dict.get(b"Contents") {
                Ok(Object::Array(a)) => contents.extend(a.iter().cloned()),
                Ok(other) => contents.push(other.clone()),
                Err(_) => {}
            }
            contents.push(Object::Reference(overlay));
            page_dict.set("Contents", Object::Array(contents));
            let Ok(Object::Dictionary(resources)) = page_dict.get_mut(b"Resources") else {
                return unsupported("page resources that are not a dictionary");
            };
            let mut xobjects = match resources.get(b"XObject") {
                Ok(Object::Dictionary(d)) => d.clone(),
                Ok(_) => return unsupported("page XObjects that are not a dictionary"),
                Err(_) => Dictionary::new(),
            };
            xobjects.set(NAME_FORM, Object::Reference(form));
            resources.set("XObject", Object::Dictionary(xobjects));
            self.objects.insert(*page, Object::Dictionary(page_dict));
        }
        Ok(())
    }

    /// The page tree: the front's pages, then the body's.
    fn page_tree(&mut self) {
        let mut kids: Vec<Object> = self.pages.iter().map(|&p| Object::Reference(p)).collect();
        kids.extend(self.body.pages.iter().map(|&p| Object::Reference(p)));
        let mut root = Dictionary::new();
        root.set("Type", "Pages");
        root.set("Count", kids.len() as i64);
        root.set("Kids", Object::Array(kids));
        self.objects
            .insert(self.body.pages_root, Object::Dictionary(root));
    }

    /// The front's catalog made the booklet's, with the merged structure
    /// tree, the body's bookmarks and named destinations, and the metadata's
    /// page count.
    fn catalog(&mut self, tree: StructTree) -> Result<(), Unsupported> {
        let body = self.body;
        self.objects
            .insert(body.struct_root, Object::Dictionary(tree.dictionary()));
        let catalog = &mut self.catalog;
        catalog.set("Pages", Object::Reference(body.pages_root));
        catalog.set("StructTreeRoot", Object::Reference(body.struct_root));
        if let Some(outlines) = &body.outlines {
            catalog.set("Outlines", outlines.clone());
        }
        if let Some(names) = &body.names {
            catalog.set("Names", names.clone());
        }
        if let Ok(Object::Reference(metadata)) = catalog.get(b"Metadata") {
            let metadata = *metadata;
            let Ok(Object::Stream(stream)) = self.doc.get_object(metadata) else {
                return unsupported("metadata that is not a stream");
            };
            if stream.dict.has(b"Filter") {
                return unsupported("compressed XMP metadata");
            }
            let mut stream = stream.clone();
            let total_pages = self.pages.len() + body.pages.len();
            stream.set_content(set_page_count(&stream.content, total_pages));
            self.objects.insert(metadata, Object::Stream(stream));
        }
        let catalog = Object::Dictionary(self.catalog.clone());
        self.objects.insert(self.catalog_id, catalog);
        Ok(())
    }

    /// Writes the booklet: header, the body's objects, then what the
    /// booklet rewrites and the front's objects it reaches.
    fn write(self) -> Result<(Vec<u8>, Document), Unsupported> {
        let Self {
            body,
            doc,
            catalog_id,
            mut objects,
            ..
        } = self;
        // The front's fonts on the body's programs where those hold their
        // glyphs: the front's own programs are then not written.
        let mut last = doc.max_id;
        let shared = body.fonts.share(&doc, &mut || {
            last += 1;
            (last, 0)
        });
        objects.extend(shared);
        let mut roots: Vec<&Object> = objects.values().collect();
        let info = doc.trailer.get(b"Info").ok().cloned();
        roots.extend(info.iter());
        let shift = body.last_id;
        let front_ids = reachable(&doc, roots, &|id| {
            id.0 > shift && !objects.contains_key(&id)
        })?;

        let mut writer = Writer::new(HEADER.len() as u64 + body.fixed.len() as u64);
        writer.entries = body.fixed_entries.clone();
        let mut own: BTreeMap<u32, Object> = objects.into_iter().map(|(k, v)| (k.0, v)).collect();
        for id in front_ids {
            let object = doc.get_object(id).map_err(|e| Unsupported(e.to_string()))?;
            own.insert(id.0, object.clone());
        }
        let next = writer.all(own, last);
        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference(catalog_id));
        for key in [b"Info".as_slice(), b"ID"] {
            if let Ok(value) = doc.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        let mut out = Vec::with_capacity(HEADER.len() + body.fixed.len() + writer.out.len() + 4096);
        out.extend_from_slice(HEADER);
        out.extend_from_slice(&body.fixed);
        out.extend_from_slice(&writer.out);
        let entries = writer.entries.entries(std::iter::empty());
        write_xref(&mut out, 0, entries, next + 1, trailer)
            .map_err(|e| Unsupported(e.to_string()))?;
        Ok((out, doc))
    }
}

/// XMP metadata with its page count set to `pages`.
pub(crate) fn set_page_count(xmp: &[u8], pages: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(xmp);
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text.as_ref();
    for (open, close) in [
        ("<xmpTPg:NPages>", "</xmpTPg:NPages>"),
        ("xmpTPg:NPages=\"", "\""),
    ] {
        if let Some(start) = rest.find(open) {
            let value = start + open.len();
            if let Some(end) = rest[value..].find(close) {
                out.push_str(&rest[..value]);
                out.push_str(&pages.to_string());
                rest = &rest[value + end..];
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::set_page_count;

    #[test]
    fn the_page_count_of_the_metadata_is_set() {
        let xmp = b"<x><xmpTPg:NPages>4</xmpTPg:NPages></x>";
        assert_eq!(
            set_page_count(xmp, 16),
            b"<x><xmpTPg:NPages>16</xmpTPg:NPages></x>".to_vec()
        );
        let xmp = b"<rdf:Description xmpTPg:NPages=\"4\" />";
        assert_eq!(
            set_page_count(xmp, 20),
            b"<rdf:Description xmpTPg:NPages=\"20\" />".to_vec()
        );
    }
}
