//! Reading the tags of a workbook's XML parts, for what calamine does not
//! report.
//!
//! calamine reads cell values; a few things the organiser sees live in the
//! XML beside them: an ODS sheet's merged cells, hidden and filtered rows,
//! the text a cell shows. This is the one scanner for those: it streams the
//! part (so a large sheet is never held twice in memory) and hands each
//! tag, with the text before it, to the caller. It reads the XML the
//! spreadsheet programs write, not every XML: no DTDs, and a comment or a
//! CDATA section is skipped whole.

use std::borrow::Cow;
use std::io::Read;
use std::ops::ControlFlow;

/// How much of a part is read at a time.
const CHUNK: usize = 64 * 1024;

/// A tag longer than this is no spreadsheet's: it is skipped.
const MAX_TAG: usize = 1024 * 1024;

/// Text kept before a tag: enough for any cell (the rest is dropped).
const MAX_TEXT: usize = 256 * 1024;

/// One tag: `<table:table-row table:visibility="collapse">`.
#[derive(Debug)]
pub(crate) struct Tag<'a> {
    /// The qualified name, `table:table-row`.
    pub name: &'a str,
    /// `</…>`.
    pub closing: bool,
    /// `<…/>`.
    pub self_closing: bool,
    /// The text between `<` and `>`.
    raw: &'a str,
}

impl Tag<'_> {
    /// Whether the tag's name, without its namespace prefix, is `local`.
    pub(super) fn is(&self, local: &str) -> bool {
        self.name.rsplit(':').next() == Some(local)
    }

    /// The attributes, as (name, value) with entities resolved.
    pub(super) fn attributes(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        let mut rest = self.raw.get(self.name.len()..).unwrap_or("");
        if self.closing {
            rest = "";
        }
        std::iter::from_fn(move || {
            let (name, after) = rest.split_once('=')?;
            let name = name.trim();
            let value = after.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = &value[1..];
            let end = value.find(quote)?;
            rest = &value[end + 1..];
            Some((name, unescape(&value[..end])))
        })
    }

    /// An attribute's value, entities resolved: `attribute("table:name")`.
    pub(super) fn attribute(&self, name: &str) -> Option<Cow<'_, str>> {
        self.attributes()
            .find(|(attribute, _)| *attribute == name)
            .map(|(_, value)| value)
    }

    /// A count attribute (`table:number-columns-repeated`…): 1 when absent,
    /// unreadable or 0.
    pub(super) fn count(&self, name: &str) -> usize {
        self.attribute(name)
            .and_then(|value| value.trim().parse().ok())
            .filter(|&n| n >= 1)
            .unwrap_or(1)
    }

    /// A boolean attribute as OOXML writes it: `1` or `true`.
    pub(super) fn flag(&self, name: &str) -> bool {
        self.attribute(name)
            .is_some_and(|value| matches!(value.trim(), "1" | "true"))
    }
}

/// Resolves the predefined XML entities and numeric character references.
pub(crate) fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Reads `input` tag by tag: `on_tag` gets the text since the previous
/// tag (entities left as written) and the tag, and may stop the scan.
/// Fails only when the input cannot be read.
pub(crate) fn scan(
    mut input: impl Read,
    mut on_tag: impl FnMut(&str, &Tag) -> ControlFlow<()>,
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut text: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    let mut ended = false;
    // Inside a tag too long to be one, or a comment: skip to its end.
    let mut skip_to: Option<&'static [u8]> = None;
    while !ended || !buf.is_empty() {
        if !ended {
            let n = input.read(&mut chunk)?;
            ended = n == 0;
            buf.extend_from_slice(&chunk[..n]);
        }
        let mut at = 0;
        loop {
            if let Some(end) = skip_to {
                match find(&buf[at..], end) {
                    Some(found) => {
                        at += found + end.len();
                        skip_to = None;
                    }
                    None => {
                        // Keep what could be the start of the end marker.
                        at = buf.len().saturating_sub(end.len() - 1).max(at);
                        break;
                    }
                }
            }
            let Some(open) = buf[at..].iter().position(|&b| b == b'<') else {
                push_text(&mut text, &buf[at..]);
                at = buf.len();
                break;
            };
            push_text(&mut text, &buf[at..at + open]);
            let start = at + open;
            let rest = &buf[start..];
            if rest.starts_with(b"<!--") {
                skip_to = Some(b"-->");
                at = start + 4;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                skip_to = Some(b"]]>");
                at = start + 9;
                continue;
            }
            let Some(close) = rest.iter().position(|&b| b == b'>') else {
                if rest.len() > MAX_TAG {
                    skip_to = Some(b">");
                    at = start + 1;
                    continue;
                }
                at = start;
                break;
            };
            let raw = String::from_utf8_lossy(&rest[1..close]);
            at = start + close + 1;
            if raw.starts_with('?') || raw.starts_with('!') {
                continue;
            }
            let closing = raw.starts_with('/');
            let self_closing = raw.ends_with('/');
            let name = raw
                .trim_start_matches('/')
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("");
            let tag = Tag {
                name,
                closing,
                self_closing,
                raw: &raw,
            };
            let before = String::from_utf8_lossy(&text);
            let flow = on_tag(&before, &tag);
            text.clear();
            if flow.is_break() {
                return Ok(());
            }
        }
        buf.drain(..at);
        if ended && at == 0 {
            // An unfinished tag at the end of the part: nothing more to read.
            break;
        }
    }
    Ok(())
}

fn push_text(text: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_TEXT.saturating_sub(text.len());
    text.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tags of `xml` read `chunk` bytes at a time, as `name text` lines.
    fn tags(xml: &str, chunk: usize) -> Vec<String> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut seen = Vec::new();
        scan(Slow(xml.as_bytes(), chunk), |text, tag| {
            let kind = match (tag.closing, tag.self_closing) {
                (true, _) => "/",
                (_, true) => "/>",
                _ => "",
            };
            seen.push(format!("{}{kind} {}", tag.name, text.trim()));
            ControlFlow::Continue(())
        })
        .unwrap();
        seen
    }

    #[test]
    fn tags_and_text_read_the_same_whatever_the_chunks() {
        let xml = "<?xml version=\"1.0\"?><a x='1'>one<!-- <b> -->two<b/><![CDATA[<c>]]></a>";
        let expected = ["a ", "b/> onetwo", "a/ "];
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(tags(xml, chunk), expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn attributes_are_read_with_their_entities() {
        let mut names = Vec::new();
        let xml = r#"<table:table x:table:name="no" table:name="Inscrits &amp; co"/><row r = '12' hidden="1" spans="1:3"/>"#;
        scan(xml.as_bytes(), |_, tag| {
            names.push((
                tag.attribute("table:name").map(Cow::into_owned),
                tag.count("r"),
                tag.flag("hidden"),
                tag.is("row"),
            ));
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(
            names,
            [
                (Some("Inscrits & co".to_owned()), 1, false, false),
                (None, 12, true, true)
            ]
        );
        assert_eq!(
            unescape("a &lt; b &#233;&#xE9; &bogus; &"),
            "a < b éé &bogus; &"
        );
    }
}
