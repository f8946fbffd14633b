//! What Typst would silently change in the organisers' prose.
//!
//! `content/carnet.typ` is Typst markup, written by people who write
//! French, not code. Three characters mean something there that a writer
//! does not expect, and Typst does not always say so:
//!
//! - `#` starts code: `#1 en France` prints "1 en France" without its `#`,
//!   `#Séminaire` stops the build; only the template vocabulary (the
//!   functions of `templates/style.typ`, the file's own definitions and
//!   Typst's usual functions) is meant to follow it;
//! - `<octobre>` is a label: it is not printed at all;
//! - `@` starts a reference: `contact@coorace.org` fails with "label does
//!   not exist".
//!
//! `carnet check` lists each, with its line and how to write it
//! (`\#`, `\<`, `\@`).

use std::collections::BTreeSet;

/// Typst's functions and keywords that prose may call after `#`.
const TYPST: &[&str] = &[
    "align",
    "auto",
    "block",
    "box",
    "calc",
    "circle",
    "cite",
    "colbreak",
    "columns",
    "context",
    "counter",
    "datetime",
    "else",
    "emph",
    "enum",
    "false",
    "figure",
    "footnote",
    "for",
    "grid",
    "h",
    "heading",
    "highlight",
    "if",
    "image",
    "import",
    "include",
    "label",
    "layout",
    "let",
    "line",
    "linebreak",
    "link",
    "list",
    "lorem",
    "lower",
    "measure",
    "metadata",
    "none",
    "numbering",
    "outline",
    "overline",
    "pad",
    "pagebreak",
    "par",
    "parbreak",
    "place",
    "quote",
    "raw",
    "rect",
    "ref",
    "repr",
    "return",
    "set",
    "show",
    "smallcaps",
    "square",
    "stack",
    "str",
    "strike",
    "strong",
    "sub",
    "super",
    "sym",
    "table",
    "terms",
    "text",
    "true",
    "underline",
    "upper",
    "v",
    "while",
];

/// One thing Typst would change, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surprise {
    /// 1-based.
    pub line: usize,
    /// What was written, as in the file.
    pub written: String,
    /// What Typst does with it, and how to write it.
    pub advice: String,
}

/// The surprises of `prose` (the text of a `.typ` file of content), given
/// the `style` module it imports (`templates/style.typ`).
pub fn surprises(prose: &str, style: &str) -> Vec<Surprise> {
    let mut known: BTreeSet<String> = TYPST.iter().map(|s| (*s).to_owned()).collect();
    known.extend(definitions(style));
    known.extend(definitions(prose));
    let lines: Vec<String> = prose.lines().map(without_code_strings).collect();
    let referenced: BTreeSet<String> = lines
        .iter()
        .flat_map(|line| names_after(line, '@'))
        .collect();
    let labels: BTreeSet<String> = lines.iter().flat_map(|line| labels(line)).collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let line_number = index + 1;
        for (at, next) in marks(line, '#') {
            let name = identifier(&line[at + 1..]);
            let code = matches!(next, Some('(' | '[' | '{' | '"'));
            if code || (!name.is_empty() && known.contains(name)) {
                continue;
            }
            let written = format!("#{}", word(&line[at + 1..]));
            let advice = match name.is_empty() {
                true => format!(
                    "Typst reads what follows `#` as code and prints {:?} without its `#`: write \
                     `\\#` for a # in the text",
                    word(&line[at + 1..])
                ),
                false => format!(
                    "`{name}` is not a command of the templates (templates/style.typ): write \
                     `\\#` for a # in the text, or check the command's name"
                ),
            };
            found.push(Surprise {
                line: line_number,
                written,
                advice,
            });
        }
        for label in labels_at(line) {
            if referenced.contains(&label) {
                continue;
            }
            found.push(Surprise {
                line: line_number,
                written: format!("<{label}>"),
                advice: format!(
                    "Typst reads `<{label}>` as a label and does not print it: write `\\<{label}>` \
                     for the text"
                ),
            });
        }
        for name in names_after(line, '@') {
            if labels.contains(&name) {
                continue;
            }
            found.push(Surprise {
                line: line_number,
                written: format!("@{name}"),
                advice: "Typst reads `@` as a reference to a label, and there is none of that \
                         name: write `\\@` in an address (contact\\@example.org), or \
                         #link(\"mailto:contact@example.org\")"
                    .into(),
            });
        }
    }
    found
}

/// The names a file defines at its top level: `#let name` or `#let name(`.
fn definitions(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("#let "))
        .map(|rest| identifier(rest.trim_start()).to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The line with the string arguments of code calls blanked out
/// (`#link("mailto:a@b.org")`): their `@`, `#` and `<` are not markup.
fn without_code_strings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut last_code = ' ';
    while let Some(c) = chars.next() {
        if c == '"' && matches!(last_code, '(' | ',' | ':' | '=') {
            out.push('"');
            let mut escaped = false;
            for c in chars.by_ref() {
                if c == '"' && !escaped {
                    break;
                }
                escaped = c == '\\' && !escaped;
                out.push(' ');
            }
            out.push('"');
            last_code = '"';
            continue;
        }
        if !c.is_whitespace() {
            last_code = c;
        }
        out.push(c);
    }
    out
}

/// The byte offsets of `mark` not escaped by a backslash, with the
/// character after each.
fn marks(line: &str, mark: char) -> Vec<(usize, Option<char>)> {
    let mut found = Vec::new();
    let mut escaped = false;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == mark && !escaped {
            found.push((at, chars.peek().map(|(_, c)| *c)));
        }
        escaped = c == '\\' && !escaped;
    }
    found
}

/// The names after an unescaped `mark` (`@label`).
fn names_after(line: &str, mark: char) -> Vec<String> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    marks(line, mark)
        .into_iter()
        .map(|(at, _)| label_name(&line[at + 1..]).to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The labels written on a line: `<name>`, not escaped.
fn labels_at(line: &str) -> Vec<String> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    marks(line, '<')
        .into_iter()
        .filter_map(|(at, _)| {
            let rest = &line[at + 1..];
            let name = label_name(rest);
            (!name.is_empty() && rest[name.len()..].starts_with('>')).then(|| name.to_owned())
        })
        .collect()
}

/// Every label of a line (for references to find).
fn labels(line: &str) -> Vec<String> {
    labels_at(line)
}

/// A Typst identifier at the start of `text`.
fn identifier(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(i, c)| !(c.is_alphanumeric() || *c == '_' || (*c == '-' && *i > 0)))
        .map_or(text.len(), |(i, _)| i);
    let name = &text[..end];
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        ""
    } else {
        name
    }
}

/// A label's name at the start of `text` (letters, digits, `-_.:`).
fn label_name(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end_matches(['.', ':'])
}

/// The word at the start of `text`, for a message.
fn word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: &str = "#let question(body) = body\n#let a-noter(body) = body\n";

    fn written(prose: &str) -> Vec<(usize, String)> {
        surprises(prose, STYLE)
            .into_iter()
            .map(|s| (s.line, s.written))
            .collect()
    }

    #[test]
    fn what_typst_would_change_is_found_with_its_line() {
        let prose = "Le #question[Q ?] et #a-noter[x].\n\
                     C'est le #1 en France.\n\
                     Rendez-vous le 1er <octobre>.\n\
                     Écrire à contact@coorace.org.\n\
                     Un #seminaire inconnu.\n";
        assert_eq!(
            written(prose),
            [
                (2, "#1".to_owned()),
                (3, "<octobre>".to_owned()),
                (4, "@coorace.org".to_owned()),
                (5, "#seminaire".to_owned()),
            ]
        );
    }

    #[test]
    fn escapes_code_strings_comments_and_references_pass() {
        let prose = "Le \\#1 en France, le 1er \\<octobre>, contact\\@coorace.org.\n\
                     // #1 <commentaire> a@b\n\
                     #link(\"mailto:a@b.org\")[écrire] #super[ème] #text(fill: red)[x]\n\
                     Voir la section <intro> et @intro.\n\
                     #let trends = (1, 2)\n#trends.at(0)\n";
        assert_eq!(written(prose), []);
    }
}
