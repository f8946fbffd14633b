//! Walking and rewriting a PDF's object graph: reading it, what a set of
//! objects reaches, numbers moved up or given anew, attributes a page
//! inherits.

use std::collections::{BTreeSet, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::{Unsupported, unsupported};

/// Reads a PDF.
pub(crate) fn load(pdf: &[u8]) -> Result<Document, Unsupported> {
    Document::load_mem(pdf).map_err(|e| Unsupported(format!("cannot read the PDF: {e}")))
}

/// The document catalog.
pub(crate) fn catalog(doc: &Document) -> Result<Dictionary, Unsupported> {
    doc.catalog()
        .cloned()
        .map_err(|e| Unsupported(format!("no catalog: {e}")))
}

/// Object `id`, a dictionary.
pub(crate) fn dict(doc: &Document, id: ObjectId) -> Result<&Dictionary, Unsupported> {
    doc.get_dictionary(id)
        .map_err(|e| Unsupported(format!("object {} {}: {e}", id.0, id.1)))
}

/// Object `id`, a stream.
pub(crate) fn stream(doc: &Document, id: ObjectId) -> Result<&Stream, Unsupported> {
    match doc.get_object(id) {
        Ok(Object::Stream(stream)) => Ok(stream),
        _ => unsupported(format!("object {} {} is not a stream", id.0, id.1)),
    }
}

/// An array, a reference to one, or a single object as a one-item array.
pub(crate) fn as_array(
    doc: &Document,
    object: Option<&Object>,
) -> Result<Vec<Object>, Unsupported> {
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

/// An array, or a single object as a one-item array.
pub(crate) fn as_array_plain(object: Option<&Object>) -> Vec<Object> {
    match object {
        None => Vec::new(),
        Some(Object::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
    }
}

/// Adds `more` to `into`; the same key with another value is refused.
pub(crate) fn merge_dict(into: &mut Dictionary, more: &Dictionary) -> Result<(), Unsupported> {
    for (key, value) in more.iter() {
        match into.get(key) {
            Ok(existing) if existing != value => {
                return unsupported(format!(
                    "both documents map {} differently",
                    String::from_utf8_lossy(key)
                ));
            }
            Ok(_) => {}
            Err(_) => into.set(key.clone(), value.clone()),
        }
    }
    Ok(())
}

/// The objects reached from `roots` through references that `follow`
/// accepts, in number order.
pub(crate) fn reachable(
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

/// Pushes every reference `object` holds (of a stream, its dictionary's).
pub(crate) fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Moves every object of `doc` up by `shift` numbers.
pub(crate) fn shift_ids(doc: &mut Document, shift: u32) -> Result<(), Unsupported> {
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
            return unsupported("objects of a later generation");
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

/// A page attribute, looked up through the page tree as PDF inherits it.
pub(crate) fn inherited<'d>(doc: &'d Document, page: ObjectId, key: &[u8]) -> Option<&'d Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Gives a document's objects new numbers, from a counter, as they are
/// reached; the objects reached but not yet copied wait in `pending`.
#[derive(Default)]
pub(crate) struct Renumber {
    /// The new number of each object reached.
    map: HashMap<ObjectId, u32>,
    /// Objects reached, with their new numbers, still to be copied.
    pub(crate) pending: Vec<(ObjectId, u32)>,
}

impl Renumber {
    /// Object `old` is object `new` of the file, already written.
    pub(crate) fn seed(&mut self, old: ObjectId, new: u32) {
        self.map.insert(old, new);
    }

    /// A copy of `object` whose references point at the new numbers, taken
    /// from `next_id` for objects not seen before. Structure-tree links
    /// and page-tree parents are dropped: the copy is not tagged, and its
    /// pages are not pages.
    pub(crate) fn object(&mut self, object: &Object, next_id: &mut u32) -> Object {
        match object {
            Object::Reference(id) => {
                let new = match self.map.get(id) {
                    Some(&new) => new,
                    None => {
                        let new = *next_id;
                        *next_id += 1;
                        self.map.insert(*id, new);
                        self.pending.push((*id, new));
                        new
                    }
                };
                Object::Reference((new, 0))
            }
            Object::Array(items) => {
                Object::Array(items.iter().map(|o| self.object(o, next_id)).collect())
            }
            Object::Dictionary(dict) => Object::Dictionary(self.dictionary(dict, next_id)),
            Object::Stream(stream) => {
                let mut copy = stream.clone();
                copy.dict = self.dictionary(&stream.dict, next_id);
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    /// A copy of `dict`, as [`Renumber::object`] copies.
    pub(crate) fn dictionary(&mut self, dict: &Dictionary, next_id: &mut u32) -> Dictionary {
        let mut copy = Dictionary::new();
        for (key, value) in dict.iter() {
            if matches!(
                key.as_slice(),
                b"Parent" | b"StructParent" | b"StructParents" | b"P"
            ) {
                continue;
            }
            copy.set(key.clone(), self.object(value, next_id));
        }
        copy
    }
}
