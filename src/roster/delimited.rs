//! CSV: its encoding told from its bytes, its delimiter guessed from its
//! shape, Excel's `sep=` line honoured, rows numbered as a spreadsheet
//! shows them.

use super::bounds::Cells;
use super::format::Unreadable;
use super::grid::Grid;
use crate::limits::{MAX_COLUMNS, MAX_ROWS};
use crate::text;

/// Decodes CSV bytes: UTF-16 or UTF-8 by their byte-order mark, UTF-8, or else
/// Windows-1252 (what French Excel writes for "CSV (séparateur: point-virgule)").
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiters a CSV file may use.
const DELIMITERS: [u8; 3] = [b';', b',', b'\t'];

/// The most fields any record has with each of [`DELIMITERS`], counted
/// outside quotes, and the number of records: what reading it would take,
/// known before it is read.
fn csv_shape(text: &str) -> ([usize; 3], usize) {
    let (mut most, mut fields) = ([1usize; 3], [1usize; 3]);
    let (mut records, mut quoted) = (0usize, false);
    for &byte in text.as_bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                records += 1;
                fields = [1; 3];
            }
            _ if quoted => {}
            _ => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == byte) {
                    fields[i] += 1;
                    most[i] = most[i].max(fields[i]);
                }
            }
        }
    }
    if !text.is_empty() && !text.ends_with('\n') {
        records += 1;
    }
    (most, records)
}

/// Guesses the delimiter: the one of `;`, `,` and tab that cuts the most
/// lines into the same number of fields (more than one), among those that
/// give no line more fields than carnet reads.
pub(crate) fn guess_delimiter(text: &str) -> u8 {
    let (most, _) = csv_shape(text);
    let mut best = (0usize, 0usize, b',');
    // A delimiter that gives a line more fields than carnet reads is not
    // tried (that would take the memory it protects); should no other cut
    // the lines, it is the one, and reading refuses the file.
    if let Some(wide) = DELIMITERS.iter().zip(most).find(|(_, m)| *m > MAX_COLUMNS) {
        best.2 = *wide.0;
    }
    for (delimiter, most) in DELIMITERS.into_iter().zip(most) {
        if most > MAX_COLUMNS {
            continue;
        }
        let mut reader = csv_reader(text, delimiter);
        let mut counts = std::collections::BTreeMap::<usize, usize>::new();
        for record in reader.records().take(100).flatten() {
            if record.len() > 1 {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        let most = counts
            .iter()
            .max_by_key(|(fields, lines)| (**lines, **fields));
        if let Some((&fields, &lines)) = most
            && (lines, fields) > (best.0, best.1)
        {
            best = (lines, fields, delimiter);
        }
    }
    best.2
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Reads CSV bytes into a grid whose rows are numbered as a spreadsheet
/// shows the file: one row per record (a quoted field may hold line breaks),
/// blank lines counted. A file with more rows or columns than carnet reads
/// is refused before it is read.
pub(crate) fn read_csv(bytes: &[u8]) -> Result<Grid, Unreadable> {
    let text = decode(bytes);
    let (delimiter, body) = match excel_sep_line(&text) {
        Some((delimiter, body)) => (delimiter, body),
        None => (guess_delimiter(&text), text.as_str()),
    };
    let (most, records) = csv_shape(body);
    let columns = DELIMITERS
        .iter()
        .position(|&d| d == delimiter)
        .map_or(1, |i| most[i]);
    if records > MAX_ROWS || columns > MAX_COLUMNS {
        return Err(Unreadable::new(
            text!(
                "roster-csv-too-large",
                lines = records,
                fields = columns,
                rows = MAX_ROWS,
                columns = MAX_COLUMNS
            ),
            text!("roster-csv-too-large-hint"),
        ));
    }
    let mut reader = csv_reader(body, delimiter);
    let mut cells = Cells::default();
    let mut rows = 0usize;
    // The csv reader skips blank lines and its line count is not the row a
    // spreadsheet shows: count line breaks before each record instead,
    // less those inside earlier records' quoted fields.
    let bytes = body.as_bytes();
    let (mut counted, mut breaks, mut quoted_breaks) = (0usize, 0usize, 0usize);
    let mut record = csv::StringRecord::new();
    // A flexible reader of decoded text fails only on I/O, which a slice has not.
    while let Ok(true) = reader.read_record(&mut record) {
        let mut start = record
            .position()
            .map_or(counted, |p| p.byte() as usize)
            .max(counted);
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        breaks += bytes[counted..start.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        // (Old Mac files break lines with a lone CR: their rows simply follow each other.)
        let row = breaks.saturating_sub(quoted_breaks).max(rows);
        for (col, field) in record.iter().enumerate() {
            quoted_breaks += field.matches('\n').count();
            cells.set(row, col, field.to_owned())?;
        }
        rows = row + 1;
    }
    cells.grid(Vec::new())
}

/// Excel's `sep=;` first line names the delimiter and is not shown as a row:
/// gives the delimiter and the text after that line.
fn excel_sep_line(text: &str) -> Option<(u8, &str)> {
    let rest = text.strip_prefix("sep=")?;
    let delimiter = *rest
        .as_bytes()
        .first()
        .filter(|b| b.is_ascii_punctuation() || **b == b'\t')?;
    let rest = rest[1..].strip_prefix('\r').unwrap_or(&rest[1..]);
    Some((delimiter, rest.strip_prefix('\n')?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encodings_are_recognised() {
        assert_eq!(decode(b"Pr\xc3\xa9nom"), "Prénom");
        assert_eq!(decode(b"\xef\xbb\xbfPr\xc3\xa9nom"), "Prénom");
        assert_eq!(decode(b"Pr\xe9nom \x80"), "Prénom €");
        assert_eq!(decode(b"\xff\xfeP\0r\0\xe9\0"), "Pré");
    }

    #[test]
    fn csv_delimiters_are_guessed() {
        assert_eq!(
            guess_delimiter("Nom;Prénom;Ville\nMartin;Sophie;Cholet\n"),
            b';'
        );
        assert_eq!(
            guess_delimiter("Nom,Prénom\n\"Martin, dite Sophie\",Sophie\n"),
            b','
        );
        assert_eq!(
            guess_delimiter("Nom\tPrénom\tVille\nMartin\tSophie, Marie\tCholet\n"),
            b'\t'
        );
        // Commas inside unquoted fields of a semicolon file do not fool it.
        assert_eq!(
            guess_delimiter(
                "Nom;Structure;Ville\nMartin;Coup de main, Rennes;Rennes\nPetit;Envie;Nantes\n"
            ),
            b';'
        );
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let grid =
            read_csv(b"Nom;Remarque\r\nMartin;\"deux\r\nlignes\"\r\n\r\nPetit;x\r\n").unwrap();
        assert_eq!(grid.rows.len(), 4);
        assert_eq!(grid.rows[1], ["Martin", "deux\r\nlignes"]);
        assert!(grid.rows[2].is_empty());
        assert_eq!(grid.rows[3], ["Petit", "x"]);
        let grid = read_csv(b"Nom;Ville\rMartin;Cholet\rPetit;Nantes\r").unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[2], ["Petit", "Nantes"]);
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let grid = read_csv(b"sep=,\nNom,Pr\xc3\xa9nom\nMartin;Sophie,Anne\n").unwrap();
        assert_eq!(grid.rows[0], ["Nom", "Prénom"]);
        assert_eq!(grid.rows[1], ["Martin;Sophie", "Anne"]);
    }
}
