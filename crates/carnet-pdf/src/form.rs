//! A page turned into a form XObject, to be drawn on another page: a
//! booklet page on a print sheet, a front's name page over the body's.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::graph::{dict, inherited, stream};
use crate::writer::deflate;
use crate::{Unsupported, unsupported};

/// What becomes of the names of a page's resources in its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Names {
    /// Kept: the content is reused as it is, still compressed when it is
    /// one stream.
    Kept,
    /// Given a prefix, so that none is the name of another resource on the
    /// pages the form is drawn on: some PDF readers take a font by its name
    /// for a whole page, whatever form it is used in.
    Prefixed,
}

/// A page of `doc` as a form XObject (its content, resources, box, and a
/// matrix when the box does not start at the origin), and the page's size.
/// The form refers to the objects the page refers to, by the same numbers.
pub(crate) fn page_form(
    doc: &Document,
    page: ObjectId,
    names: Names,
) -> Result<(Stream, (f64, f64)), Unsupported> {
    let media_box = inherited(doc, page, b"MediaBox")
        .and_then(|b| match b {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|b| b.as_array().ok().cloned())
        .map_or_else(|| unsupported("a page without a MediaBox"), Ok)?;
    let corners: Vec<f64> = media_box.iter().filter_map(number).collect();
    let [x0, y0, x1, y1] = corners[..] else {
        return unsupported("a page with a bad MediaBox");
    };
    let resources = match inherited(doc, page, b"Resources") {
        Some(Object::Reference(id)) => dict(doc, *id)?.clone(),
        Some(Object::Dictionary(d)) => d.clone(),
        Some(_) => return unsupported("page resources that are not a dictionary"),
        None => Dictionary::new(),
    };
    let contents = dict(doc, page)?.get(b"Contents").ok();
    let mut form = match names {
        Names::Kept => kept(doc, contents)?,
        Names::Prefixed => prefixed(doc, contents, &resources)?,
    };
    let resources = match names {
        Names::Kept => resources,
        Names::Prefixed => prefixed_resources(doc, &resources)?,
    };
    form.dict.set("Type", "XObject");
    form.dict.set("Subtype", "Form");
    form.dict.set("BBox", media_box);
    form.dict.set("Resources", Object::Dictionary(resources));
    // A form's content is drawn relative to its BBox origin.
    if x0 != 0.0 || y0 != 0.0 {
        let matrix = [1.0, 0.0, 0.0, 1.0, -x0, -y0];
        let matrix = matrix.iter().map(|&v| Object::Real(v as f32)).collect();
        form.dict.set("Matrix", Object::Array(matrix));
    }
    Ok((form, (x1 - x0, y1 - y0)))
}

/// A PDF number as a float.
fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(v) => Some(*v as f64),
        Object::Real(v) => Some(f64::from(*v)),
        _ => None,
    }
}

/// The page's content streams.
fn content_streams<'d>(
    doc: &'d Document,
    contents: Option<&Object>,
) -> Result<Vec<&'d Stream>, Unsupported> {
    let ids = match contents {
        None => Vec::new(),
        Some(Object::Reference(id)) => match doc.get_object(*id) {
            // A reference to an array of streams.
            Ok(Object::Array(items)) => items.clone(),
            _ => vec![Object::Reference(*id)],
        },
        Some(Object::Array(items)) => items.clone(),
        Some(_) => return unsupported("page content that is not a stream"),
    };
    ids.iter()
        .map(|item| match item {
            Object::Reference(id) => stream(doc, *id),
            _ => unsupported("page content that is not a stream"),
        })
        .collect()
}

/// The form of a page whose names are kept: one content stream is reused
/// as it is, several are joined into one.
fn kept(doc: &Document, contents: Option<&Object>) -> Result<Stream, Unsupported> {
    let streams = content_streams(doc, contents)?;
    if let [single] = streams[..] {
        let mut dict = Dictionary::new();
        for key in [b"Filter".as_slice(), b"DecodeParms"] {
            if let Ok(value) = single.dict.get(key) {
                dict.set(key, value.clone());
            }
        }
        return Ok(Stream::new(dict, single.content.clone()).with_compression(false));
    }
    let content = joined(&streams)?;
    Ok(compressed(content))
}

/// The streams' content, decompressed and joined.
fn joined(streams: &[&Stream]) -> Result<Vec<u8>, Unsupported> {
    let mut content = Vec::new();
    for stream in streams {
        content.extend_from_slice(&decompressed(stream)?);
        content.push(b'\n');
    }
    Ok(content)
}

/// A stream of `content`, compressed.
fn compressed(content: Vec<u8>) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Filter", "FlateDecode");
    Stream::new(dict, deflate(&content)).with_compression(false)
}

/// The form of a page whose resource names get a prefix, in the content
/// as in the resources.
fn prefixed(
    doc: &Document,
    contents: Option<&Object>,
    resources: &Dictionary,
) -> Result<Stream, Unsupported> {
    let content = joined(&content_streams(doc, contents)?)?;
    let mut operations = lopdf::content::Content::decode(&content)
        .map_err(|e| Unsupported(format!("cannot read a page's content: {e}")))?;
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
                *name = prefix(name);
            }
        }
    }
    let content = operations
        .encode()
        .map_err(|e| Unsupported(format!("cannot write a page's content: {e}")))?;
    Ok(compressed(content))
}

/// The resources with their names prefixed.
fn prefixed_resources(doc: &Document, resources: &Dictionary) -> Result<Dictionary, Unsupported> {
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
            copy.set(prefix(name), value.clone());
        }
        renamed.set(category.clone(), Object::Dictionary(copy));
    }
    Ok(renamed)
}

/// A resource name with the prefix of [`Names::Prefixed`].
fn prefix(name: &[u8]) -> Vec<u8> {
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
