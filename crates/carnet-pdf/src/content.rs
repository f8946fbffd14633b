//! Page descriptions written shorter.
//!
//! Typst writes the adjustments between the glyphs of a `TJ` array (the
//! tracking and kerning of justified text, in thousandths of an em) with
//! all the digits of a 32-bit float: `-6.6463623`. Two decimals (a
//! hundred-thousandth of an em, 0.0001 pt at 10 pt) draw the same page and
//! make a page of the carnet's text about a tenth smaller once compressed.
//! Nothing else of the content is changed: strings, names, dictionaries,
//! other operators' operands stay byte for byte as they were.

use lopdf::{Document, Object, ObjectId};

/// Decimals kept of a `TJ` adjustment.
const DECIMALS: usize = 2;

/// The content stream with the adjustments of its `TJ` arrays rounded to
/// [`DECIMALS`]; `None` when it holds what this reader does not step
/// over safely (an inline image, whose data may be anything).
pub(crate) fn round_adjustments(content: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len());
    let mut at = 0;
    while at < content.len() {
        match content[at] {
            b'(' => {
                let end = string_end(content, at)?;
                out.extend_from_slice(&content[at..end]);
                at = end;
            }
            b'<' if content.get(at + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                at += 2;
            }
            b'<' => {
                let end = at + content[at..].iter().position(|&b| b == b'>')? + 1;
                out.extend_from_slice(&content[at..end]);
                at = end;
            }
            b'%' => {
                let end = content[at..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .map_or(content.len(), |p| at + p);
                out.extend_from_slice(&content[at..end]);
                at = end;
            }
            b'[' => {
                let (end, rounded) = array(content, at)?;
                match rounded {
                    Some(rounded) if shows_text(&content[end..]) => out.extend(rounded),
                    _ => out.extend_from_slice(&content[at..end]),
                }
                at = end;
            }
            b'B' if content.get(at + 1) == Some(&b'I')
                && (at == 0 || is_delimiter(content[at - 1]))
                && content.get(at + 2).is_none_or(|&b| is_delimiter(b)) =>
            {
                return None;
            }
            byte => {
                out.push(byte);
                at += 1;
            }
        }
    }
    Some(out)
}

/// Rounds the adjustments of the content streams of `pages` of `doc`,
/// compressed again as well as deflate can: for a PDF written once and
/// copied many times (a booklet's body). A stream this module cannot read
/// is left as it is.
pub(crate) fn shorten(doc: &mut Document, pages: &[ObjectId]) {
    let mut streams = Vec::new();
    for &page in pages {
        match doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Contents"))
        {
            Ok(Object::Reference(id)) => streams.push(*id),
            Ok(Object::Array(parts)) => {
                streams.extend(parts.iter().filter_map(|part| part.as_reference().ok()));
            }
            _ => {}
        }
    }
    for id in streams {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let filter = stream.dict.get(b"Filter").and_then(Object::as_name).ok();
        let content = match filter {
            Some(b"FlateDecode") => match stream.decompressed_content() {
                Ok(content) => content,
                Err(_) => continue,
            },
            None => stream.content.clone(),
            Some(_) => continue,
        };
        if stream.dict.has(b"DecodeParms") {
            continue;
        }
        let Some(shorter) = round_adjustments(&content) else {
            continue;
        };
        let packed = crate::writer::deflate_best(&shorter);
        let old = stream.content.len();
        if packed.len() < old || filter.is_none() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

/// Where the literal string starting at `start` ends (past its `)`).
fn string_end(content: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while at < content.len() {
        match content[at] {
            b'\\' => at += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The array starting at `start`: where it ends (past its `]`), and the
/// array with its numbers rounded when it holds only strings and numbers,
/// as a `TJ` array does.
fn array(content: &[u8], start: usize) -> Option<(usize, Option<Vec<u8>>)> {
    let mut rounded = Some(vec![b'[']);
    let mut at = start + 1;
    loop {
        let byte = *content.get(at)?;
        match byte {
            b']' => {
                if let Some(rounded) = &mut rounded {
                    rounded.push(b']');
                }
                return Some((at + 1, rounded));
            }
            b'(' => {
                let end = string_end(content, at)?;
                if let Some(rounded) = &mut rounded {
                    rounded.extend_from_slice(&content[at..end]);
                }
                at = end;
            }
            b'<' => {
                let end = at + content[at..].iter().position(|&b| b == b'>')? + 1;
                if let Some(rounded) = &mut rounded {
                    rounded.extend_from_slice(&content[at..end]);
                }
                at = end;
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                let end = at
                    + content[at..]
                        .iter()
                        .position(|&b| is_delimiter(b))
                        .unwrap_or(content.len() - at);
                if let Some(rounded) = &mut rounded {
                    match round(&content[at..end]) {
                        Some(number) => rounded.extend_from_slice(number.as_bytes()),
                        None => rounded.extend_from_slice(&content[at..end]),
                    }
                }
                at = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0' => {
                if let Some(rounded) = &mut rounded {
                    rounded.push(byte);
                }
                at += 1;
            }
            // A name, a nested array, a dictionary…: not a TJ array; its
            // end is found by the same steps, nothing rounded.
            b'[' => {
                let (end, _) = array(content, at)?;
                rounded = None;
                at = end;
            }
            _ => {
                rounded = None;
                at += 1;
            }
        }
    }
}

/// Whether what follows an array is the `TJ` operator.
fn shows_text(rest: &[u8]) -> bool {
    let rest = match rest.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(start) => &rest[start..],
        None => return false,
    };
    rest.starts_with(b"TJ") && rest.get(2).is_none_or(|&b| is_delimiter(b))
}

/// A decimal number with at most [`DECIMALS`] decimals; `None` for a
/// whole number or what is not a number, left as written.
fn round(token: &[u8]) -> Option<String> {
    if !token.contains(&b'.') {
        return None;
    }
    let value: f64 = std::str::from_utf8(token).ok()?.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let text = format!("{value:.DECIMALS$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    Some(match text {
        "-0" | "" => "0".into(),
        text => text.into(),
    })
}

/// The PDF's white space and delimiters.
fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | b'\x0c'
            | b'\0'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounded(content: &str) -> String {
        String::from_utf8(round_adjustments(content.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn the_adjustments_of_tj_arrays_are_rounded_and_nothing_else() {
        assert_eq!(
            rounded("BT [(\\000.)3.993866(\\0001)-35.447235<0012>-0.004]TJ ET"),
            "BT [(\\000.)3.99(\\0001)-35.45<0012>0]TJ ET"
        );
        // Other arrays, other operands, strings that look like numbers.
        for kept in [
            "[3.14159 2.5] 0 d",
            "1 0 0 -1 367.48032 498.8082 cm",
            "(a [1.23456] b)Tj",
            "[(x\\) 1.23456)]TJ",
            "/Span<</MCID 17/Lang(fr-FR)>>BDC",
            "[/Name 1.23456]TJ",
            "% a comment [1.23456]TJ\n",
        ] {
            assert_eq!(rounded(kept), kept);
        }
        assert_eq!(rounded("[12 -7.5]TJ"), "[12 -7.5]TJ");
    }

    #[test]
    fn an_inline_image_or_a_broken_string_leaves_the_content_as_it_is() {
        assert_eq!(round_adjustments(b"q BI /W 1 /H 1 ID \x00]( EI Q"), None);
        assert_eq!(round_adjustments(b"[(open 1.5]TJ"), None);
        assert!(
            round_adjustments(b"/BIG 1 Tf").is_some(),
            "a name is not BI"
        );
    }
}
