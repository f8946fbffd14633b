//! Cleaning cell text, and folding it for comparisons.
//!
//! Spreadsheets carry text that looks right on screen but differs byte for
//! byte: non-breaking spaces pasted from a web page, zero-width characters,
//! decomposed accents from a Mac, stray spaces around a header. Values are
//! cleaned once, as they are read, so that every later step compares and
//! prints the same text; headers, profiles and duplicate checks compare
//! *folded* text (no case, no accents, no punctuation).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that take no room and mean nothing in a roster: zero-width
/// spaces and joiners, the word joiner, a stray byte-order mark, soft hyphens.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// A value as carnet keeps it: NFC, invisible characters removed, every run
/// of white space (non-breaking spaces and line breaks included) made one
/// space, trimmed.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfc() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Like [`clean`], but keeps line breaks between non-empty lines: for extra
/// columns such as remarks, where a line break is meant.
pub(crate) fn clean_lines(text: &str) -> String {
    let lines: Vec<String> = text
        .split(['\n', '\r'])
        .map(clean)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

/// Text for comparisons: lower case, accents and ligatures removed, only
/// letters and digits kept. `" Prénom  "`, `"PRENOM"` and `"pré-nom"` all fold
/// to `"prenom"`; `"N°"` folds to `"n"`.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        for c in c.to_lowercase() {
            match c {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                c if c.is_alphanumeric() => out.push(c),
                _ => {}
            }
        }
    }
    out
}

/// The column letters a spreadsheet shows for a 0-based column index: A, B, …, Z, AA…
pub(crate) fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Cuts text to `max` characters for a message, with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalises_spaces_and_composes_accents() {
        assert_eq!(clean("  Nguyễn\u{a0}\u{a0}Thị\u{200b} "), "Nguyễn Thị");
        assert_eq!(clean("Le\u{301}a"), "Léa");
        assert_eq!(
            clean("Porte\u{a0}Ouverte  Emplois\n"),
            "Porte Ouverte Emplois"
        );
        assert_eq!(clean("\u{feff}ID"), "ID");
        assert_eq!(clean(" \u{202f} "), "");
    }

    #[test]
    fn clean_lines_keeps_line_breaks() {
        assert_eq!(
            clean_lines(" végétarien \r\n\r\n arrive  mardi "),
            "végétarien\narrive mardi"
        );
    }

    #[test]
    fn fold_ignores_case_accents_spaces_and_punctuation() {
        assert_eq!(fold(" PRÉNOM  "), "prenom");
        assert_eq!(fold("E-mail"), "email");
        assert_eq!(fold("N°"), "n");
        assert_eq!(fold("Nº"), "no");
        assert_eq!(fold("Lebœuf"), "leboeuf");
        assert_eq!(fold("Đặng"), "dang");
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
