//! File names made from what a roster holds.
//!
//! A booklet, a visit's grid and a mail are named after a participant's id,
//! name or visit, which may be 300 characters long, differ from another only
//! by case or punctuation, or be `CON`. Every such name is made here: a
//! lower-case ASCII slug, cut to a length every system and `unzip` accept
//! (with a digest of the whole text when cut, so that it stays unique), and
//! never one of the device names Windows reserves.

use sha2::{Digest, Sha256};

use crate::limits::MAX_FILE_NAME_BYTES;

/// The longest id part of a file name, in bytes.
pub const MAX_KEY_BYTES: usize = 48;

/// Names Windows reserves for devices, whatever their extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `text` as a slug of at most `max` bytes: when longer, its start and
/// the first 8 hex digits of the whole text's SHA-256, so that two long
/// texts with the same start keep two names.
pub fn slug(text: &str, max: usize) -> String {
    let slug = slug::slugify(text);
    if slug.len() <= max {
        return slug;
    }
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    // A slug is ASCII: any byte is a character boundary.
    let start = slug[..max.saturating_sub(9)].trim_end_matches('-');
    format!("{start}-{hex}")
}

/// The id as it stands in file names (`booklets/<key>-…`, `<key>.eml`):
/// two ids with the same key would name the same files, which the roster's
/// checks refuse.
pub fn file_key(id: &str) -> String {
    portable(slug(id, MAX_KEY_BYTES))
}

/// A file name `<stem>-<rest>.<extension>` within [`MAX_FILE_NAME_BYTES`],
/// `rest` slugged and cut to what room the stem leaves.
pub fn joined(stem: &str, rest: &str, extension: &str) -> String {
    let room = MAX_FILE_NAME_BYTES.saturating_sub(stem.len() + extension.len() + 2);
    let rest = slug(rest, room.max(12));
    format!("{stem}-{rest}.{extension}")
}

/// A stem that Windows would take for a device gets a `_` (a slug never
/// holds one, so the name stays unique).
fn portable(stem: String) -> String {
    if RESERVED.contains(&stem.as_str()) {
        format!("{stem}_")
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_punctuation_so_that_collisions_are_seen() {
        assert_eq!(file_key("P_1"), file_key("P-1"));
        assert_eq!(file_key("a..b"), file_key("a-b"));
        assert_eq!(file_key("P001"), "p001");
        assert_eq!(file_key("CON"), "con_");
        assert_eq!(file_key("Lpt9"), "lpt9_");
    }

    #[test]
    fn long_names_are_cut_and_stay_unique() {
        let a = format!("{}a", "x".repeat(300));
        let b = format!("{}b", "x".repeat(300));
        let (ka, kb) = (file_key(&a), file_key(&b));
        assert!(ka.len() <= MAX_KEY_BYTES && kb.len() <= MAX_KEY_BYTES);
        assert_ne!(ka, kb);
        let name = joined(&ka, &"Dupont-Lajoie ".repeat(30), "pdf");
        assert!(name.len() <= MAX_FILE_NAME_BYTES, "{} bytes", name.len());
        assert!(name.ends_with(".pdf") && name.starts_with(&ka));
    }
}
