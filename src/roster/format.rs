//! Recognising a roster file by its content.
//!
//! Organisers send what their software saved, under whatever name: an `.xls`
//! that is really an xlsx, a CSV from French Excel in Windows-1252, an image
//! renamed `.xlsx`, a download cut short. The format is therefore told from
//! the bytes, not from the extension, and a file that cannot be read gets one
//! sentence saying what it is.

use std::io::{Cursor, Read};

use crate::locale::Text;
use crate::text;

/// The formats carnet reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook (xlsb).
    Xlsb,
    /// Excel 97–2003 workbook (xls).
    Xls,
    /// OpenDocument spreadsheet (ods).
    Ods,
    /// Delimited text (csv, tsv, txt).
    Csv,
}

impl Format {
    /// How messages name the format: the key of its wording in the
    /// `.ftl` files (`roster-workbook-unreadable`).
    pub(super) fn key(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

/// Why a file or a sheet cannot be read: a sentence, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable {
    /// What is wrong, e.g. "the file is a PNG image, not a spreadsheet".
    pub message: Text,
    /// What to do.
    pub hint: Text,
}

impl Unreadable {
    /// A whole sentence and its hint.
    pub(super) fn new(message: impl Into<Text>, hint: impl Into<Text>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// What to do with a file that is not a spreadsheet carnet reads.
fn save_again() -> Text {
    text!("roster-save-again")
}

/// A file that is not a spreadsheet: `kind` says what it is instead (a
/// key of `roster-not-a-spreadsheet`: `png`, `word`, `zip`…).
fn not_a_spreadsheet(kind: &'static str) -> Unreadable {
    Unreadable::new(text!("roster-not-a-spreadsheet", kind = kind), save_again())
}

/// Tells the format from the content.
pub(crate) fn detect(bytes: &[u8]) -> Result<Format, Unreadable> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Unreadable::new(
            text!("roster-file-empty"),
            text!("roster-file-empty-hint"),
        ));
    }
    if bytes.starts_with(ZIP) || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes);
    }
    if bytes.starts_with(OLE) {
        return detect_ole(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(Format::Csv); // UTF-16 text, as Excel saves "Unicode text"
    }
    if let Some(kind) = known_other_kind(bytes) {
        return Err(not_a_spreadsheet(kind));
    }
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return Err(Unreadable::new(text!("roster-file-binary"), save_again()));
    }
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.starts_with("<table")
    {
        return Err(Unreadable::new(text!("roster-file-html"), save_again()));
    }
    if text.starts_with("<?xml") {
        let message = if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            text!("roster-file-xml-2003")
        } else {
            text!("roster-file-xml")
        };
        return Err(Unreadable::new(message, save_again()));
    }
    Ok(Format::Csv)
}

/// Common files that people send by mistake, by their magic numbers: the
/// key of what they are in `roster-not-a-spreadsheet`.
fn known_other_kind(bytes: &[u8]) -> Option<&'static str> {
    let kinds: [(&[u8], &str); 7] = [
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xFF\xD8\xFF", "jpeg"),
        (b"GIF8", "gif"),
        (b"%PDF", "pdf"),
        (b"{\\rtf", "rtf"),
        (b"\x1F\x8B", "gzip"),
        (b"Rar!", "rar"),
    ];
    kinds
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// xlsx, xlsm, xlsb and ods are all zip archives; their entries tell them apart.
fn detect_zip(bytes: &[u8]) -> Result<Format, Unreadable> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(Unreadable::new(
            text!("roster-file-cut"),
            text!("roster-file-cut-hint"),
        ));
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|entry| entry == name);
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("content.xml") || has("mimetype") {
        let mut mimetype = String::new();
        if let Ok(entry) = archive.by_name("mimetype") {
            let _ = std::io::Read::read_to_string(&mut entry.take(256), &mut mimetype);
        }
        if mimetype.is_empty() || mimetype.contains("spreadsheet") {
            return Ok(Format::Ods);
        }
        let kind = if mimetype.contains("text") {
            "odt"
        } else {
            "opendocument"
        };
        return Err(not_a_spreadsheet(kind));
    }
    let has_dir = |dir: &str| names.iter().any(|entry| entry.starts_with(dir));
    let kind = if has_dir("word/") {
        "word"
    } else if has_dir("ppt/") {
        "powerpoint"
    } else {
        "zip"
    };
    Err(not_a_spreadsheet(kind))
}

/// An OLE compound file is an xls, but also an encrypted xlsx or a Word 97 document.
fn detect_ole(bytes: &[u8]) -> Result<Format, Unreadable> {
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    if contains(&utf16("EncryptedPackage")) {
        return Err(Unreadable::new(
            text!("roster-file-password"),
            text!("roster-file-password-hint"),
        ));
    }
    if contains(&utf16("WordDocument")) {
        return Err(not_a_spreadsheet("word"));
    }
    Ok(Format::Xls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(
            detect(b"Nom;Pr\xe9nom\r\nMartin;Sophie\r\n"),
            Ok(Format::Csv)
        );
        assert_eq!(detect(b"\xFF\xFEN\0o\0m\0"), Ok(Format::Csv));
        assert_eq!(
            detect(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Ok(Format::Xls)
        );
        let png = detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(
            png.message.english(),
            "the file is a PNG image, not a spreadsheet"
        );
        assert_eq!(
            detect(b"").unwrap_err().message.english(),
            "the file is empty"
        );
        assert!(detect(b"<html><table><tr><td>Nom</td></tr></table></html>").is_err());
        assert!(detect(b"\0\x01\x02binary").is_err());
        let cut = detect(b"PK\x03\x04\x14\0\0\0\x08\0").unwrap_err();
        assert!(
            cut.message
                .english()
                .starts_with("the file is damaged or incomplete"),
            "{}",
            cut.message
        );
    }

    /// A zip archive holding these entries.
    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_formats_are_told_by_their_entries() {
        assert_eq!(
            detect(&zip_of(&[("xl/workbook.xml", "")])),
            Ok(Format::Xlsx)
        );
        assert_eq!(
            detect(&zip_of(&[("xl/workbook.bin", "")])),
            Ok(Format::Xlsb)
        );
        let ods = "application/vnd.oasis.opendocument.spreadsheet";
        assert_eq!(
            detect(&zip_of(&[("mimetype", ods), ("content.xml", "")])),
            Ok(Format::Ods)
        );
        let odt = "application/vnd.oasis.opendocument.text";
        let text = detect(&zip_of(&[("mimetype", odt), ("content.xml", "")])).unwrap_err();
        assert_eq!(
            text.message.english(),
            "the file is a text document (odt), not a spreadsheet"
        );
        let word = detect(&zip_of(&[("word/document.xml", "")])).unwrap_err();
        assert_eq!(
            word.message.english(),
            "the file is a Word document, not a spreadsheet"
        );
        let other = detect(&zip_of(&[("photo.jpg", "")])).unwrap_err();
        assert_eq!(
            other.message.english(),
            "the file is a zip archive, not a spreadsheet"
        );
    }
}
