//! The tagged structure of a PDF: its structure tree read and written
//! again, the pieces of two documents' trees put together.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::graph::{as_array, dict};
use crate::{Unsupported, unsupported};

/// The tagged structure of a PDF, read from its structure tree root.
pub(crate) struct StructTree {
    /// The root's object.
    pub(crate) root: ObjectId,
    /// The elements at the top of the tree.
    pub(crate) kids: Vec<Object>,
    /// The parent tree's entries, by key.
    pub(crate) parent_tree: Vec<(i64, Object)>,
    /// The parent tree's next key.
    pub(crate) next_key: i64,
    /// The role map.
    pub(crate) role_map: Dictionary,
    /// The class map.
    pub(crate) class_map: Dictionary,
    /// The structure identifiers and their elements.
    pub(crate) ids: Vec<(Vec<u8>, Object)>,
}

impl StructTree {
    pub(crate) fn read(doc: &Document, catalog: &Dictionary) -> Result<Option<Self>, Unsupported> {
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
    pub(crate) fn dictionary(self) -> Dictionary {
        let mut root = Dictionary::new();
        root.set("Type", "StructTreeRoot");
        root.set("K", Object::Array(self.kids));
        let nums = self.parent_tree.into_iter().map(|(k, v)| (k.into(), v));
        root.set("ParentTree", flat_tree("Nums", nums));
        root.set("ParentTreeNextKey", self.next_key);
        if !self.role_map.is_empty() {
            root.set("RoleMap", Object::Dictionary(self.role_map));
        }
        if !self.class_map.is_empty() {
            root.set("ClassMap", Object::Dictionary(self.class_map));
        }
        if !self.ids.is_empty() {
            let names = self.ids.into_iter();
            let names = names.map(|(k, v)| (Object::string_literal(k), v));
            root.set("IDTree", flat_tree("Names", names));
        }
        root
    }

    /// The tree's single `Document` element, if it has one at its top.
    pub(crate) fn document(
        &self,
        doc: &Document,
    ) -> Result<Option<(ObjectId, Dictionary)>, Unsupported> {
        if let [Object::Reference(id)] = self.kids.as_slice() {
            let element = dict(doc, *id)?;
            if element.get(b"S").and_then(Object::as_name).ok() == Some(b"Document".as_slice()) {
                return Ok(Some((*id, element.clone())));
            }
        }
        Ok(None)
    }
}

/// A number or name tree of one node, its `leaves` (`Nums` or `Names`)
/// the keys and values in order.
fn flat_tree(leaves: &str, pairs: impl Iterator<Item = (Object, Object)>) -> Object {
    let items = pairs.flat_map(|(key, value)| [key, value]).collect();
    let mut tree = Dictionary::new();
    tree.set(leaves, Object::Array(items));
    Object::Dictionary(tree)
}

/// A page of `doc` moved under the page tree node `parent`, its keys in the
/// parent tree (its own and its annotations') moved up by `offset`; the
/// page and annotations are put in `objects`.
pub(crate) fn move_page(
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
pub(crate) fn rename_ids(
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
    pub(crate) fn rename(object: &mut Object, renamed: &HashMap<Vec<u8>, Vec<u8>>) {
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
pub(crate) fn flatten_tree(
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
