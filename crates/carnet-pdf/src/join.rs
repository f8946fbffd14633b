//! Booklets put together from a body laid out once and each participant's
//! own pages.
//!
//! Most of a booklet — the carnet, the Notes pages, the back cover — is the
//! same for every participant but for the name in the running header. The
//! template can make it in two parts (see `templates/booklet.typ`): the
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
//! object streams, and copied into every booklet as they are.
//!
//! What the merge does not know how to put together (page labels, a front
//! with bookmarks, links to named destinations in both parts…) is refused
//! with [`Unsupported`], and the booklet is then made whole.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read as _, Seek, SeekFrom, Write as _};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// The PDF header of every booklet.
const HEADER: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

/// Objects per object stream.
const PER_STREAM: usize = 200;

/// The name of the header's name form in a page's resources.
const NAME_FORM: &str = "CarnetName";

/// Why two parts cannot be merged; the booklet is then made whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn unsupported<T>(what: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(what.into()))
}

/// Where each object of a file is, by number, in eight bytes: `0` for
/// nowhere, an offset in the file, or, with the high bit set, an object
/// stream's number and an index in it. Documents of thousands of pages have
/// hundreds of thousands of objects: the entries are kept in blocks, so that
/// a growing table takes the room it needs, neither twice that nor a copy,
/// and a long document moves the blocks it has filled to a file
/// ([`Xref::take_below`]).
#[derive(Debug, Clone, Default)]
struct Xref {
    /// The blocks from number `taken` on.
    blocks: Vec<Box<[u64]>>,
    /// How many blocks were taken out.
    taken: usize,
    /// Entries set in blocks already taken out.
    late: BTreeMap<u32, u64>,
}

/// Entries per block of an [`Xref`].
const XREF_BLOCK: usize = 1024;

/// The high bit of an [`Xref`] entry for an object in an object stream.
const PACKED: u64 = 1 << 63;

impl Xref {
    fn set(&mut self, id: u32, entry: u64) {
        let (block, index) = (id as usize / XREF_BLOCK, id as usize % XREF_BLOCK);
        let Some(block) = block.checked_sub(self.taken) else {
            self.late.insert(id, entry);
            return;
        };
        while self.blocks.len() <= block {
            self.blocks.push(vec![0; XREF_BLOCK].into_boxed_slice());
        }
        self.blocks[block][index] = entry;
    }

    /// Object `id` is at `offset` in the file.
    fn at(&mut self, id: u32, offset: u64) {
        self.set(id, offset);
    }

    /// Object `id` is the `index`-th of object stream `stream`.
    fn packed(&mut self, id: u32, stream: u32, index: u16) {
        self.set(id, PACKED | u64::from(stream) << 16 | u64::from(index));
    }

    /// Takes out the blocks that hold only objects numbered below `id`, in
    /// order; entries set in them later are kept apart.
    fn take_below(&mut self, id: u32) -> std::vec::Drain<'_, Box<[u64]>> {
        let whole = (id as usize / XREF_BLOCK)
            .saturating_sub(self.taken)
            .min(self.blocks.len());
        self.taken += whole;
        self.blocks.drain(..whole)
    }

    /// Every entry from object 0 on: `taken`, those of the blocks taken
    /// out, then the blocks kept; an entry set late wins.
    fn entries<'a>(
        &'a self,
        taken: impl Iterator<Item = io::Result<u64>> + 'a,
    ) -> impl Iterator<Item = io::Result<u64>> + 'a {
        let kept = self
            .blocks
            .iter()
            .flat_map(|block| block.iter().copied().map(Ok));
        taken
            .chain(kept)
            .enumerate()
            .map(|(number, entry)| match self.late.get(&(number as u32)) {
                Some(&late) => Ok(late),
                None => entry,
            })
    }
}

/// The cross-reference row of object `number` from its [`Xref`] entry:
/// type, field 2, field 3.
fn xref_row(number: u32, entry: u64) -> (u8, u64, u16) {
    match entry {
        0 => (0, 0, if number == 0 { 65535 } else { 0 }),
        entry if entry & PACKED != 0 => (2, (entry & !PACKED) >> 16, entry as u16),
        offset => (1, offset, 0),
    }
}

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
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    class_map: Dictionary,
    ids: Vec<(Vec<u8>, Object)>,
    outlines: Option<Object>,
    names: Option<Object>,
}

impl Body {
    /// Prepares a body PDF; `name_slots` are the 1-based page numbers, in
    /// the whole booklet, of the pages that take the header's name, and
    /// `front_pages` the number of pages before the body.
    pub fn new(pdf: &[u8], front_pages: usize, name_slots: &[usize]) -> Result<Self, Unsupported> {
        let doc = load(pdf)?;
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
        let mut rewritten: HashSet<ObjectId> = slot_ids.clone();
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
        })
    }

    /// The number of pages of the body.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The booklet of one participant: `front` is the front part's PDF,
    /// whose last two pages hold the running header's name for odd and
    /// even pages. Also gives the front as read, its objects renumbered to
    /// follow the body's, its pages as they were.
    pub fn assemble(&self, front: &[u8]) -> Result<(Vec<u8>, Document), Unsupported> {
        let mut doc = load(front)?;
        let shift = self.last_id;
        shift_ids(&mut doc, shift)?;
        let catalog_id = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .or_else(|_| unsupported("the front has no catalog"))?;
        let mut catalog = catalog(&doc)?;
        for key in [b"PageLabels".as_slice(), b"AcroForm", b"Outlines"] {
            if catalog.has(key) {
                return unsupported(format!("the front has {}", String::from_utf8_lossy(key)));
            }
        }
        if catalog.has(b"Names") && self.names.is_some() {
            return unsupported("both parts have named destinations");
        }
        let all_pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if all_pages.len() < 3 {
            return unsupported("the front has no name pages");
        }
        let (pages, strips) = all_pages.split_at(all_pages.len() - 2);

        // The name pages become forms; their pages are dropped.
        let mut forms = Vec::new();
        let mut dropped_keys = HashSet::new();
        for &strip in strips {
            let page = dict(&doc, strip)?.clone();
            if page.has(b"Annots") {
                return unsupported("a name page has annotations");
            }
            if let Ok(key) = page.get(b"StructParents").and_then(Object::as_i64) {
                dropped_keys.insert(key);
            }
            let form = page_form(&doc, &page)?;
            let id = (doc.max_id + 1, 0);
            doc.max_id += 1;
            doc.objects.insert(id, Object::Stream(form));
            forms.push(id);
        }
        // The page's own content is enclosed in `q … Q`, so that the name
        // is drawn in the page's default coordinates.
        let mut add_stream = |content: String| {
            let id = (doc.max_id + 1, 0);
            doc.max_id += 1;
            let stream = Stream::new(Dictionary::new(), content.into_bytes());
            doc.objects.insert(id, Object::Stream(stream));
            id
        };
        let save = add_stream("q\n".into());
        let overlay = add_stream(format!("\nQ\n/Artifact BMC q /{NAME_FORM} Do Q EMC\n"));

        // The front's structure tree, to go before the body's.
        let mut tree = StructTree::read(&doc, &catalog)?
            .ok_or_else(|| Unsupported("the front is not tagged".into()))?;
        let body_ids: BTreeMap<Vec<u8>, Object> = self.ids.iter().cloned().collect();
        tree.ids = rename_ids(&mut doc, &tree.ids, &body_ids);
        let offset = self.next_key;
        let mut new_objects: BTreeMap<ObjectId, Object> = BTreeMap::new();

        for &page in pages {
            move_page(&doc, page, self.pages_root, offset, &mut new_objects)?;
        }

        // Kids of the merged tree: the front's, then the body's.
        let front_document = tree.document(&doc)?;
        let (parent, mut kids) = match (&self.document, front_document) {
            (Some((id, _)), Some((_, front_doc))) => {
                (*id, as_array(&doc, front_doc.get(b"K").ok())?)
            }
            (None, None) => (self.struct_root, tree.kids.clone()),
            _ => return unsupported("one part has a Document element, the other not"),
        };
        for kid in &kids {
            match kid {
                Object::Reference(id) => {
                    let mut element = dict(&doc, *id)?.clone();
                    element.set("P", Object::Reference(parent));
                    new_objects.insert(*id, Object::Dictionary(element));
                }
                _ => return unsupported("content right under the Document element"),
            }
        }
        match &self.document {
            Some((id, body_doc)) => {
                kids.extend(as_array_plain(body_doc.get(b"K").ok()));
                let mut element = body_doc.clone();
                element.set("K", Object::Array(kids));
                new_objects.insert(*id, Object::Dictionary(element));
                kids = vec![Object::Reference(*id)];
            }
            None => kids.extend(self.top.iter().cloned()),
        }

        let mut nums = self.parent_tree.clone();
        for (key, value) in &tree.parent_tree {
            if !dropped_keys.contains(key) {
                nums.push((key + offset, value.clone()));
            }
        }
        let mut role_map = self.role_map.clone();
        merge_dict(&mut role_map, &tree.role_map)?;
        let mut class_map = self.class_map.clone();
        merge_dict(&mut class_map, &tree.class_map)?;
        let mut ids = body_ids;
        ids.extend(tree.ids.iter().cloned());
        let root = StructTree {
            root: self.struct_root,
            kids,
            parent_tree: nums,
            next_key: offset + tree.next_key,
            role_map,
            class_map,
            ids: ids.into_iter().collect(),
        };
        new_objects.insert(self.struct_root, Object::Dictionary(root.dictionary()));

        // The body's pages that take the name draw it over their content.
        for (page, page_dict, odd) in &self.slots {
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
            new_objects.insert(*page, Object::Dictionary(page_dict));
        }

        let mut page_kids: Vec<Object> = pages.iter().map(|&p| Object::Reference(p)).collect();
        page_kids.extend(self.pages.iter().map(|&p| Object::Reference(p)));
        let mut pages_root = Dictionary::new();
        pages_root.set("Type", "Pages");
        pages_root.set("Count", page_kids.len() as i64);
        pages_root.set("Kids", Object::Array(page_kids));
        new_objects.insert(self.pages_root, Object::Dictionary(pages_root));
        let total_pages = pages.len() + self.pages.len();

        catalog.set("Pages", Object::Reference(self.pages_root));
        catalog.set("StructTreeRoot", Object::Reference(self.struct_root));
        if let Some(outlines) = &self.outlines {
            catalog.set("Outlines", outlines.clone());
        }
        if let Some(names) = &self.names {
            catalog.set("Names", names.clone());
        }
        if let Ok(Object::Reference(metadata)) = catalog.get(b"Metadata") {
            let metadata = *metadata;
            let Ok(Object::Stream(stream)) = doc.get_object(metadata) else {
                return unsupported("metadata that is not a stream");
            };
            if stream.dict.has(b"Filter") {
                return unsupported("compressed XMP metadata");
            }
            let mut stream = stream.clone();
            let xmp = set_page_count(&stream.content, total_pages);
            stream.set_content(xmp);
            new_objects.insert(metadata, Object::Stream(stream));
        }
        new_objects.insert(catalog_id, Object::Dictionary(catalog));

        // The front's objects that the booklet reaches.
        let mut roots: Vec<&Object> = new_objects.values().collect();
        let info = doc.trailer.get(b"Info").ok().cloned();
        roots.extend(info.iter());
        let front_ids = reachable(&doc, roots, &|id| {
            id.0 > shift && !new_objects.contains_key(&id)
        })?;

        // Writing: header, the body's objects, then the booklet's own.
        let mut writer = Writer::new(HEADER.len() as u64 + self.fixed.len() as u64);
        writer.entries = self.fixed_entries.clone();
        let mut own: BTreeMap<u32, Object> =
            new_objects.into_iter().map(|(k, v)| (k.0, v)).collect();
        for id in front_ids {
            let object = doc.get_object(id).map_err(|e| Unsupported(e.to_string()))?;
            own.insert(id.0, object.clone());
        }
        let next = writer.all(own, doc.max_id);
        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference(catalog_id));
        for key in [b"Info".as_slice(), b"ID"] {
            if let Ok(value) = doc.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        let mut out = Vec::with_capacity(HEADER.len() + self.fixed.len() + writer.out.len() + 4096);
        out.extend_from_slice(HEADER);
        out.extend_from_slice(&self.fixed);
        out.extend_from_slice(&writer.out);
        let entries = writer.entries.entries(std::iter::empty());
        write_xref(&mut out, 0, entries, next + 1, trailer)
            .map_err(|e| Unsupported(e.to_string()))?;
        Ok((out, doc))
    }
}

/// Documents made in parts, joined into one tagged PDF as the parts come.
///
/// Long documents (the attendance sheets and badges of thousands of
/// people) are made a few pages at a time, so that Typst's memory stays
/// small; each part is written to a temporary file as soon as it is made,
/// and only the page list, the structure tree's top and where each object
/// is are kept until the end. The first part's catalog, metadata and output
/// intent make the document's own.
pub struct Concat {
    /// The file so far, but for what `writer` holds.
    spool: BufWriter<File>,
    writer: Writer,
    /// The cross-reference blocks the writer has filled, in order.
    rows: BufWriter<File>,
    next_id: u32,
    pages: Vec<Object>,
    kids: Vec<Object>,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    class_map: Dictionary,
    ids: BTreeMap<Vec<u8>, Object>,
    /// Whether the parts' trees have a `Document` element at their top.
    document: Option<bool>,
    first: Option<FirstPart>,
}

/// What the first part gives the whole document.
struct FirstPart {
    catalog: (u32, Dictionary),
    document: Option<Dictionary>,
    metadata: Option<(u32, Stream)>,
    trailer: Dictionary,
}

/// The numbers of the objects a [`Concat`] writes at the end.
const CONCAT_PAGES: u32 = 1;
const CONCAT_STRUCT_ROOT: u32 = 2;
const CONCAT_DOCUMENT: u32 = 3;

/// What stops parts from being joined.
#[derive(Debug)]
pub enum JoinError {
    /// The parts cannot be merged: the document is made whole instead.
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
            spool: BufWriter::new(spool),
            rows: BufWriter::new(rows),
            // The file is written in place, its header first.
            writer: Writer {
                out: HEADER.to_vec(),
                start: 0,
                entries: Xref::default(),
            },
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
        }
    }

    /// Moves what the writer holds to the file.
    fn flush(&mut self) -> io::Result<()> {
        self.spool.write_all(&self.writer.out)?;
        self.writer.start += self.writer.out.len() as u64;
        self.writer.out.clear();
        Ok(())
    }

    /// Moves the cross-reference blocks the writer has filled to their file.
    fn flush_rows(&mut self) -> io::Result<()> {
        for block in self.writer.entries.take_below(self.next_id) {
            for entry in block {
                self.rows.write_all(&entry.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// The number of pages so far.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Adds a part's pages after those before.
    pub fn add(&mut self, pdf: &[u8]) -> Result<(), JoinError> {
        self.merge(pdf)?;
        self.flush()?;
        Ok(self.flush_rows()?)
    }

    /// Merges a part's objects into the writer.
    fn merge(&mut self, pdf: &[u8]) -> Result<(), Unsupported> {
        let mut doc = load(pdf)?;
        shift_ids(&mut doc, self.next_id - 1)?;
        let catalog_id = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .or_else(|_| unsupported("a part has no catalog"))?;
        let catalog = catalog(&doc)?;
        for key in [b"PageLabels".as_slice(), b"AcroForm", b"Outlines", b"Names"] {
            if catalog.has(key) {
                return unsupported(format!("a part has {}", String::from_utf8_lossy(key)));
            }
        }
        let mut tree = StructTree::read(&doc, &catalog)?
            .ok_or_else(|| Unsupported("a part is not tagged".into()))?;
        tree.ids = rename_ids(&mut doc, &tree.ids, &self.ids);
        let offset = self.next_key;
        let mut new_objects: BTreeMap<ObjectId, Object> = BTreeMap::new();

        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for &page in &pages {
            move_page(&doc, page, (CONCAT_PAGES, 0), offset, &mut new_objects)?;
            self.pages.push(Object::Reference(page));
        }

        let document = tree.document(&doc)?;
        if self.document.is_some_and(|had| had != document.is_some()) {
            return unsupported("one part has a Document element, another not");
        }
        self.document = Some(document.is_some());
        let (parent, kids) = match &document {
            Some((_, element)) => (CONCAT_DOCUMENT, as_array(&doc, element.get(b"K").ok())?),
            None => (CONCAT_STRUCT_ROOT, tree.kids.clone()),
        };
        for kid in &kids {
            let Object::Reference(id) = kid else {
                return unsupported("content right under the Document element");
            };
            let mut element = dict(&doc, *id)?.clone();
            element.set("P", Object::Reference((parent, 0)));
            new_objects.insert(*id, Object::Dictionary(element));
        }
        self.kids.extend(kids);
        // The parent tree's arrays are written with the part; only their
        // references wait for the end.
        let mut last_id = doc.max_id;
        let mut arrays = Vec::new();
        for (key, value) in &tree.parent_tree {
            let value = match value {
                Object::Reference(_) => value.clone(),
                other => {
                    last_id += 1;
                    arrays.push((last_id, other.clone()));
                    Object::Reference((last_id, 0))
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

        // The first part's catalog, information and metadata are the
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
            self.first = Some(FirstPart {
                catalog: (catalog_id.0, catalog.clone()),
                document: document.map(|(_, element)| element),
                metadata,
                trailer: doc.trailer.clone(),
            });
        }
        let shift = self.next_id - 1;
        let reached = reachable(&doc, roots.iter().collect(), &|id| {
            id.0 > shift
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
        self.next_id = self.writer.all(own, last_id) + 1;
        Ok(())
    }

    /// The whole document.
    pub fn finish(mut self) -> Result<Spooled, JoinError> {
        let Some(first) = self.first.take() else {
            return Err(Unsupported("no part".into()).into());
        };
        let total = self.pages.len();
        let mut pages = Dictionary::new();
        pages.set("Type", "Pages");
        pages.set("Count", total as i64);
        pages.set("Kids", Object::Array(std::mem::take(&mut self.pages)));
        let mut objects: Vec<(u32, Object)> = vec![(CONCAT_PAGES, Object::Dictionary(pages))];

        let mut kids = std::mem::take(&mut self.kids);
        if let Some(mut element) = first.document {
            element.set("K", Object::Array(kids));
            element.set("P", Object::Reference((CONCAT_STRUCT_ROOT, 0)));
            objects.push((CONCAT_DOCUMENT, Object::Dictionary(element)));
            kids = vec![Object::Reference((CONCAT_DOCUMENT, 0))];
        }
        let root = StructTree {
            root: (CONCAT_STRUCT_ROOT, 0),
            kids,
            parent_tree: std::mem::take(&mut self.parent_tree),
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
            self.writer.direct(id, &Object::Stream(stream));
        }
        objects.sort_by_key(|(id, _)| *id);
        let id = self.next_id;
        self.writer.packed(id, &objects);

        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference((catalog_id, 0)));
        for key in [b"Info".as_slice(), b"ID"] {
            if let Ok(value) = first.trailer.get(key) {
                trailer.set(key, value.clone());
            }
        }
        self.rows.flush()?;
        let rows = self.rows.get_mut();
        rows.seek(SeekFrom::Start(0))?;
        let mut rows = BufReader::new(rows);
        let taken = (0..self.writer.entries.taken * XREF_BLOCK).map(|_| {
            let mut entry = [0; 8];
            rows.read_exact(&mut entry)?;
            Ok(u64::from_le_bytes(entry))
        });
        let entries = self.writer.entries.entries(taken);
        let (out, start) = (&mut self.writer.out, self.writer.start);
        write_xref(out, start, entries, id + 1, trailer)?;
        self.flush()?;
        let len = self.writer.start;
        let file = self
            .spool
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(Spooled { file, len })
    }
}

/// The tagged structure of a PDF, read from its structure tree root.
struct StructTree {
    root: ObjectId,
    kids: Vec<Object>,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    role_map: Dictionary,
    class_map: Dictionary,
    ids: Vec<(Vec<u8>, Object)>,
}

impl StructTree {
    fn read(doc: &Document, catalog: &Dictionary) -> Result<Option<Self>, Unsupported> {
        let Ok(root) = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
        else {
            return Ok(None);
        };
        let dict = dict(doc, root)?;
        for key in dict.iter().map(|(k, _)| k.as_slice()) {
            if !matches!(
                key,
                b"Type"
                    | b"K"
                    | b"ParentTree"
                    | b"ParentTreeNextKey"
                    | b"RoleMap"
                    | b"ClassMap"
                    | b"IDTree"
            ) {
                return unsupported(format!(
                    "a structure tree with {}",
                    String::from_utf8_lossy(key)
                ));
            }
        }
        let kids = as_array(doc, dict.get(b"K").ok())?;
        let mut parent_tree = Vec::new();
        if let Ok(tree) = dict.get(b"ParentTree") {
            flatten_tree(doc, tree, b"Nums", &mut |key, value| {
                let key = key
                    .as_i64()
                    .or_else(|_| unsupported("a parent tree key that is not a number"))?;
                parent_tree.push((key, value.clone()));
                Ok(())
            })?;
        }
        let next_key = match dict.get(b"ParentTreeNextKey").and_then(Object::as_i64) {
            Ok(next) => next,
            Err(_) => parent_tree.iter().map(|(k, _)| k + 1).max().unwrap_or(0),
        };
        let mut ids = Vec::new();
        if let Ok(tree) = dict.get(b"IDTree") {
            flatten_tree(doc, tree, b"Names", &mut |key, value| {
                let key = key
                    .as_str()
                    .or_else(|_| unsupported("a structure identifier that is not a string"))?;
                ids.push((key.to_vec(), value.clone()));
                Ok(())
            })?;
        }
        let resolve = |key: &[u8]| -> Result<Dictionary, Unsupported> {
            match dict.get(key) {
                Ok(Object::Dictionary(d)) => Ok(d.clone()),
                Ok(Object::Reference(id)) => Ok(self::dict(doc, *id)?.clone()),
                Ok(_) => unsupported("a role or class map that is not a dictionary"),
                Err(_) => Ok(Dictionary::new()),
            }
        };
        Ok(Some(Self {
            root,
            kids,
            parent_tree,
            next_key,
            role_map: resolve(b"RoleMap")?,
            class_map: resolve(b"ClassMap")?,
            ids,
        }))
    }

    /// The structure tree root's dictionary.
    fn dictionary(self) -> Dictionary {
        let mut root = Dictionary::new();
        root.set("Type", "StructTreeRoot");
        root.set("K", Object::Array(self.kids));
        let nums: Vec<Object> = self
            .parent_tree
            .into_iter()
            .flat_map(|(k, v)| [Object::Integer(k), v])
            .collect();
        let mut parent_tree = Dictionary::new();
        parent_tree.set("Nums", Object::Array(nums));
        root.set("ParentTree", Object::Dictionary(parent_tree));
        root.set("ParentTreeNextKey", self.next_key);
        if !self.role_map.is_empty() {
            root.set("RoleMap", Object::Dictionary(self.role_map));
        }
        if !self.class_map.is_empty() {
            root.set("ClassMap", Object::Dictionary(self.class_map));
        }
        if !self.ids.is_empty() {
            let names: Vec<Object> = self
                .ids
                .into_iter()
                .flat_map(|(k, v)| [Object::string_literal(k), v])
                .collect();
            let mut id_tree = Dictionary::new();
            id_tree.set("Names", Object::Array(names));
            root.set("IDTree", Object::Dictionary(id_tree));
        }
        root
    }

    /// The tree's single `Document` element, if it has one at its top.
    fn document(&self, doc: &Document) -> Result<Option<(ObjectId, Dictionary)>, Unsupported> {
        if let [Object::Reference(id)] = self.kids.as_slice() {
            let element = dict(doc, *id)?;
            if element.get(b"S").and_then(Object::as_name).ok() == Some(b"Document".as_slice()) {
                return Ok(Some((*id, element.clone())));
            }
        }
        Ok(None)
    }
}

/// A page of `doc` moved under the page tree node `parent`, its keys in the
/// parent tree (its own and its annotations') moved up by `offset`; the
/// page and annotations are put in `objects`.
fn move_page(
    doc: &Document,
    page: ObjectId,
    parent: ObjectId,
    offset: i64,
    objects: &mut BTreeMap<ObjectId, Object>,
) -> Result<(), Unsupported> {
    let mut page_dict = dict(doc, page)?.clone();
    page_dict.set("Parent", Object::Reference(parent));
    if let Ok(key) = page_dict.get(b"StructParents").and_then(Object::as_i64) {
        page_dict.set("StructParents", key + offset);
    }
    for annot in as_array(doc, page_dict.get(b"Annots").ok())? {
        let Object::Reference(id) = annot else {
            return unsupported("an annotation that is not an indirect object");
        };
        let mut annot = dict(doc, id)?.clone();
        if let Ok(key) = annot.get(b"StructParent").and_then(Object::as_i64) {
            annot.set("StructParent", key + offset);
        }
        objects.insert(id, Object::Dictionary(annot));
    }
    objects.insert(page, Object::Dictionary(page_dict));
    Ok(())
}

/// Gives the structure identifiers of `doc` that `taken` already has
/// another name, in the elements (`/ID`) and where table cells name their
/// headers (`/Headers`); returns the identifiers with their new names.
/// Typst names table cells the same way in every document it makes.
fn rename_ids(
    doc: &mut Document,
    ids: &[(Vec<u8>, Object)],
    taken: &BTreeMap<Vec<u8>, Object>,
) -> Vec<(Vec<u8>, Object)> {
    let mut renamed: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    let mut out = Vec::with_capacity(ids.len());
    let own: HashSet<&[u8]> = ids.iter().map(|(k, _)| k.as_slice()).collect();
    for (key, value) in ids {
        let mut new = key.clone();
        let mut n = 2;
        while taken.contains_key(&new) || (new != *key && own.contains(new.as_slice())) {
            new = [key.as_slice(), format!("-{n}").as_bytes()].concat();
            n += 1;
        }
        if new != *key {
            renamed.insert(key.clone(), new.clone());
        }
        out.push((new, value.clone()));
    }
    if renamed.is_empty() {
        return out;
    }
    fn rename(object: &mut Object, renamed: &HashMap<Vec<u8>, Vec<u8>>) {
        match object {
            Object::Dictionary(dict) => {
                for (key, value) in dict.iter_mut() {
                    match (key.as_slice(), &mut *value) {
                        (b"ID", Object::String(id, _)) => {
                            if let Some(new) = renamed.get(id) {
                                *id = new.clone();
                            }
                        }
                        (b"Headers", Object::Array(headers)) => {
                            for header in headers {
                                if let Object::String(id, _) = header
                                    && let Some(new) = renamed.get(id)
                                {
                                    *id = new.clone();
                                }
                            }
                        }
                        _ => rename(value, renamed),
                    }
                }
            }
            Object::Array(items) => items.iter_mut().for_each(|o| rename(o, renamed)),
            _ => {}
        }
    }
    for object in doc.objects.values_mut() {
        rename(object, &renamed);
    }
    out
}

/// Calls `each` on every key and value of a number or name tree.
fn flatten_tree(
    doc: &Document,
    node: &Object,
    leaves: &[u8],
    each: &mut dyn FnMut(&Object, &Object) -> Result<(), Unsupported>,
) -> Result<(), Unsupported> {
    let node = match node {
        Object::Reference(id) => dict(doc, *id)?,
        Object::Dictionary(d) => d,
        _ => return unsupported("a number or name tree that is not a dictionary"),
    };
    if let Ok(items) = node.get(leaves) {
        let items = as_array(doc, Some(items))?;
        for pair in items.chunks(2) {
            if let [key, value] = pair {
                each(key, value)?;
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids") {
        for kid in as_array(doc, Some(kids))? {
            flatten_tree(doc, &kid, leaves, each)?;
        }
    }
    Ok(())
}

/// A page turned into a form XObject (its content, resources and box).
///
/// The names of its resources get a prefix, so that none is the name of
/// another resource on the pages it is drawn on: some PDF readers take a
/// font by its name for a whole page, whatever form it is used in.
fn page_form(doc: &Document, page: &Dictionary) -> Result<Stream, Unsupported> {
    let media_box = page
        .get(b"MediaBox")
        .cloned()
        .or_else(|_| unsupported("a name page without its own MediaBox"))?;
    let mut content = Vec::new();
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => content = decompressed(stream(doc, *id)?)?,
        Ok(Object::Array(items)) => {
            for item in items {
                let Object::Reference(id) = item else {
                    return unsupported("page content that is not a stream");
                };
                content.extend_from_slice(&decompressed(stream(doc, *id)?)?);
                content.push(b'\n');
            }
        }
        _ => {}
    }
    let resources = match page.get(b"Resources") {
        Ok(Object::Reference(id)) => dict(doc, *id)?.clone(),
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(_) => return unsupported("page resources that are not a dictionary"),
        Err(_) => Dictionary::new(),
    };
    let mut renamed = Dictionary::new();
    for (category, entries) in resources.iter() {
        let entries = match entries {
            Object::Reference(id) => dict(doc, *id)?,
            Object::Dictionary(d) => d,
            // ProcSet, an array of names, is no resource to rename.
            other => {
                renamed.set(category.clone(), other.clone());
                continue;
            }
        };
        let mut copy = Dictionary::new();
        for (name, value) in entries.iter() {
            copy.set(prefixed(name), value.clone());
        }
        renamed.set(category.clone(), Object::Dictionary(copy));
    }
    let mut operations = lopdf::content::Content::decode(&content)
        .map_err(|e| Unsupported(format!("cannot read a name page: {e}")))?;
    for op in &mut operations.operations {
        let at = match op.operator.as_str() {
            "Tf" | "cs" | "CS" | "gs" | "Do" | "sh" => Some(0),
            "BDC" | "DP" => Some(1),
            "scn" | "SCN" => op.operands.len().checked_sub(1),
            _ => None,
        };
        if let Some(Object::Name(name)) = at.and_then(|at| op.operands.get_mut(at)) {
            let is_resource = resources.iter().any(|(_, entries)| match entries {
                Object::Dictionary(d) => d.has(name),
                Object::Reference(id) => doc.get_dictionary(*id).is_ok_and(|d| d.has(name)),
                _ => false,
            });
            if is_resource {
                *name = prefixed(name);
            }
        }
    }
    let content = operations
        .encode()
        .map_err(|e| Unsupported(format!("cannot write a name page: {e}")))?;
    let mut form = Dictionary::new();
    form.set("Type", "XObject");
    form.set("Subtype", "Form");
    form.set("BBox", media_box);
    form.set("Resources", Object::Dictionary(renamed));
    form.set("Filter", "FlateDecode");
    Ok(Stream::new(form, deflate(&content)))
}

/// A resource name of a name form.
fn prefixed(name: &[u8]) -> Vec<u8> {
    [b"carnet".as_slice(), name].concat()
}

/// A stream's content, decompressed.
fn decompressed(stream: &Stream) -> Result<Vec<u8>, Unsupported> {
    if stream.dict.has(b"Filter") {
        stream
            .decompressed_content()
            .map_err(|e| Unsupported(format!("cannot read a page's content: {e}")))
    } else {
        Ok(stream.content.clone())
    }
}

/// XMP metadata with its page count set to `pages`.
fn set_page_count(xmp: &[u8], pages: usize) -> Vec<u8> {
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

/// The objects reached from `roots` through references that `follow`
/// accepts, in number order.
fn reachable(
    doc: &Document,
    roots: Vec<&Object>,
    follow: &dyn Fn(ObjectId) -> bool,
) -> Result<BTreeSet<ObjectId>, Unsupported> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<ObjectId> = Vec::new();
    for root in roots {
        references(root, &mut pending);
    }
    while let Some(id) = pending.pop() {
        if !follow(id) || !seen.insert(id) {
            continue;
        }
        match doc.get_object(id) {
            Ok(object) => references(object, &mut pending),
            Err(_) => return unsupported(format!("object {} {} is missing", id.0, id.1)),
        }
    }
    Ok(seen)
}

fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Moves every object of `doc` up by `shift` numbers.
fn shift_ids(doc: &mut Document, shift: u32) -> Result<(), Unsupported> {
    fn shift_object(object: &mut Object, shift: u32) {
        match object {
            Object::Reference(id) => id.0 += shift,
            Object::Array(items) => items.iter_mut().for_each(|o| shift_object(o, shift)),
            Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| shift_object(o, shift)),
            Object::Stream(stream) => stream
                .dict
                .iter_mut()
                .for_each(|(_, o)| shift_object(o, shift)),
            _ => {}
        }
    }
    let objects = std::mem::take(&mut doc.objects);
    for ((number, generation), mut object) in objects {
        if generation != 0 {
            return unsupported("the front has objects of a later generation");
        }
        shift_object(&mut object, shift);
        doc.objects.insert((number + shift, 0), object);
    }
    for (_, value) in doc.trailer.iter_mut() {
        shift_object(value, shift);
    }
    doc.max_id += shift;
    Ok(())
}

/// Serialises objects with their places, for a cross-reference stream.
struct Writer {
    out: Vec<u8>,
    start: u64,
    entries: Xref,
}

impl Writer {
    /// A writer whose output will stand at offset `start` in the file.
    fn new(start: u64) -> Self {
        Self {
            out: Vec::new(),
            start,
            entries: Xref::default(),
        }
    }

    /// Writes an object as it is (streams must be written so).
    fn direct(&mut self, id: u32, object: &Object) {
        self.entries.at(id, self.start + self.out.len() as u64);
        let _ = writeln!(self.out, "{id} 0 obj");
        let _ = lopdf::Writer::write_object(&mut self.out, object);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes streams as they are and the other objects packed in object
    /// streams numbered after `last_id`; returns the last number used.
    fn all(&mut self, objects: BTreeMap<u32, Object>, mut last_id: u32) -> u32 {
        let mut loose = Vec::new();
        for (id, object) in objects {
            match object {
                Object::Stream(_) => self.direct(id, &object),
                other => loose.push((id, other)),
            }
        }
        for chunk in loose.chunks(PER_STREAM) {
            last_id += 1;
            self.packed(last_id, chunk);
        }
        last_id
    }

    /// Writes objects other than streams packed in object stream `id`.
    fn packed(&mut self, id: u32, objects: &[(u32, Object)]) {
        let mut offsets = String::new();
        let mut bodies = Vec::new();
        for (index, (number, object)) in objects.iter().enumerate() {
            offsets.push_str(&format!("{number} {} ", bodies.len()));
            let _ = lopdf::Writer::write_object(&mut bodies, object);
            bodies.push(b'\n');
            self.entries.packed(*number, id, index as u16);
        }
        let first = offsets.len();
        let mut content = offsets.into_bytes();
        content.extend_from_slice(&bodies);
        let mut dict = Dictionary::new();
        dict.set("Type", "ObjStm");
        dict.set("N", objects.len() as i64);
        dict.set("First", first as i64);
        dict.set("Filter", "FlateDecode");
        let stream = Stream::new(dict, deflate(&content));
        self.direct(id, &Object::Stream(stream));
    }
}

/// Cross-reference rows compressed at once by [`write_xref`].
const ROWS_AT_ONCE: usize = 8192;

/// Appends the cross-reference stream (object `id`) and the file's end to
/// `out`, which starts at offset `base` in the file.
fn write_xref(
    out: &mut Vec<u8>,
    base: u64,
    mut entries: impl Iterator<Item = io::Result<u64>>,
    id: u32,
    mut trailer: Dictionary,
) -> io::Result<()> {
    let offset = base + out.len() as u64;
    let size = id + 1;
    // Offsets take 4 bytes, or 8 in a file of more than 4 GB.
    let wide = if offset > u64::from(u32::MAX) { 8 } else { 4 };
    // The rows are compressed as they are made, a few thousand at a time:
    // the table of a long document is not held whole.
    let mut compressed = ZlibEncoder::new(Vec::new(), Compression::new(6));
    let mut rows = Vec::with_capacity(ROWS_AT_ONCE * (3 + wide));
    for number in 0..size {
        let entry = entries.next().transpose()?.unwrap_or(0);
        let (kind, a, b) = match number == id {
            true => (1, offset, 0),
            false => xref_row(number, entry),
        };
        rows.push(kind);
        rows.extend_from_slice(&a.to_be_bytes()[8 - wide..]);
        rows.extend_from_slice(&b.to_be_bytes());
        if rows.len() >= ROWS_AT_ONCE * (3 + wide) || number + 1 == size {
            let _ = compressed.write_all(&rows);
            rows.clear();
        }
    }
    trailer.set("Type", "XRef");
    trailer.set("Size", i64::from(size));
    trailer.set(
        "W",
        Object::Array(vec![1.into(), (wide as i64).into(), 2.into()]),
    );
    trailer.set("Filter", "FlateDecode");
    let stream = Stream::new(trailer, compressed.finish().unwrap_or_default());
    let _ = writeln!(out, "{id} 0 obj");
    let _ = lopdf::Writer::write_object(out, &Object::Stream(stream));
    let _ = write!(out, "\nendobj\nstartxref\n{offset}\n%%EOF\n");
    Ok(())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(6));
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

fn load(pdf: &[u8]) -> Result<Document, Unsupported> {
    Document::load_mem(pdf).map_err(|e| Unsupported(format!("cannot read the PDF: {e}")))
}

fn catalog(doc: &Document) -> Result<Dictionary, Unsupported> {
    doc.catalog()
        .cloned()
        .map_err(|e| Unsupported(format!("no catalog: {e}")))
}

fn dict(doc: &Document, id: ObjectId) -> Result<&Dictionary, Unsupported> {
    doc.get_dictionary(id)
        .map_err(|e| Unsupported(format!("object {} {}: {e}", id.0, id.1)))
}

fn stream(doc: &Document, id: ObjectId) -> Result<&Stream, Unsupported> {
    match doc.get_object(id) {
        Ok(Object::Stream(stream)) => Ok(stream),
        _ => unsupported(format!("object {} {} is not a stream", id.0, id.1)),
    }
}

/// An array, a reference to one, or a single object as a one-item array.
fn as_array(doc: &Document, object: Option<&Object>) -> Result<Vec<Object>, Unsupported> {
    Ok(match object {
        None => Vec::new(),
        Some(Object::Array(items)) => items.clone(),
        Some(Object::Reference(id)) => match doc.get_object(*id) {
            Ok(Object::Array(items)) => items.clone(),
            Ok(_) => vec![Object::Reference(*id)],
            Err(e) => return unsupported(e.to_string()),
        },
        Some(other) => vec![other.clone()],
    })
}

fn as_array_plain(object: Option<&Object>) -> Vec<Object> {
    match object {
        None => Vec::new(),
        Some(Object::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
    }
}

/// Adds `more` to `into`; the same key with another value is refused.
fn merge_dict(into: &mut Dictionary, more: &Dictionary) -> Result<(), Unsupported> {
    for (key, value) in more.iter() {
        match into.get(key) {
            Ok(existing) if existing != value => {
                return unsupported(format!(
                    "both parts map {} differently",
                    String::from_utf8_lossy(key)
                ));
            }
            Ok(_) => {}
            Err(_) => into.set(key.clone(), value.clone()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Dictionary, ROWS_AT_ONCE, XREF_BLOCK, Xref, set_page_count, write_xref};

    /// The rows of the cross-reference stream written from `xref` and the
    /// entries `taken` out of it.
    fn written_rows(xref: &Xref, taken: &[u64], last: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let taken = taken.iter().map(|&entry| Ok(entry));
        write_xref(&mut out, 100, xref.entries(taken), last, Dictionary::new()).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains(&format!("/Size {}", last + 1)), "{text:.200}");
        let start = out.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let end = out.windows(10).position(|w| w == b"\nendstream").unwrap();
        let mut rows = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&out[start..end]),
            &mut rows,
        )
        .unwrap();
        rows
    }

    #[test]
    fn a_long_cross_reference_table_is_written_whole() {
        // Objects on both sides of a block's end, and far beyond the rows
        // compressed at once; the others are nowhere.
        let last = (ROWS_AT_ONCE * 2 + 7) as u32;
        let set: Vec<u32> = vec![1, XREF_BLOCK as u32 - 1, XREF_BLOCK as u32, last - 1];
        let fill = |xref: &mut Xref, ids: &[u32]| {
            for &id in ids {
                if id.is_multiple_of(2) {
                    xref.packed(id, 3, id as u16);
                } else {
                    xref.at(id, u64::from(id) * 10);
                }
            }
        };
        let mut xref = Xref::default();
        fill(&mut xref, &set);
        let rows = written_rows(&xref, &[], last);
        assert_eq!(
            rows.len(),
            (last as usize + 1) * 7,
            "one row of 7 bytes each"
        );
        for (id, row) in rows.chunks(7).enumerate() {
            let id = id as u32;
            let field = u32::from_be_bytes(row[1..5].try_into().unwrap());
            let index = u16::from_be_bytes(row[5..7].try_into().unwrap());
            let expected = match id {
                _ if id == last => (1, 100, 0),
                _ if !set.contains(&id) => (0, 0, if id == 0 { 65535 } else { 0 }),
                _ if id.is_multiple_of(2) => (2, 3, id as u16),
                _ => (1, id * 10, 0),
            };
            assert_eq!((row[0], field, index), expected, "object {id}");
        }

        // The same table, its first blocks taken out as a long document
        // does, and object 1 set after they were.
        let mut parted = Xref::default();
        fill(&mut parted, &set[1..3]);
        let taken: Vec<u64> = parted.take_below(XREF_BLOCK as u32 + 1).flatten().collect();
        assert_eq!(taken.len(), XREF_BLOCK, "the first block only");
        fill(&mut parted, &[last - 1, 1]);
        assert_eq!(written_rows(&parted, &taken, last), rows);
    }

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
