//! What an OpenDocument spreadsheet holds beside its values, in one pass
//! over its `content.xml`.
//!
//! calamine reads an ODS file's values, but not its merged cells, its
//! hidden and filtered rows, nor the text a number or a date cell shows
//! (`0472112233` for the number 472112233 formatted with ten digits,
//! `14/05/2013` for a date). This pass reads them, and checks on the way
//! that the cells holding a value, with their repeats, lie within the
//! bounds ([`super::bounds`]): calamine expands `number-rows-repeated` and
//! `number-columns-repeated` into cells, for every sheet, as it opens the
//! file.

use std::collections::HashMap;
use std::ops::ControlFlow;

use super::bounds::{Extent, add_repeated, check_areas, span, too_many_cells};
use super::format::Unreadable;
use super::grid::{HiddenSpan, Hiding, Merge};
use super::xml::{self, Tag};
use crate::limits::MAX_CELLS;

/// One sheet of the file, as far as calamine does not read it.
#[derive(Debug, Default)]
pub(crate) struct OdsSheet {
    /// The name on its tab.
    pub name: String,
    /// Its merged cells.
    pub merges: Vec<Merge>,
    /// Its hidden and filtered rows.
    pub hidden: Vec<HiddenSpan>,
    /// The text that number, date and time cells show, by (row, column), 0-based.
    pub shown: HashMap<(u32, u32), String>,
}

/// A cell whose content is being read.
struct OpenCell {
    /// Its first column.
    col: usize,
    /// How many columns it is repeated over.
    repeats: usize,
    /// Whether it holds a value (a value type, a formula, or text).
    valued: bool,
    /// Whether it is a number, a date or a time, whose shown text is kept.
    typed: bool,
    /// The text of its paragraphs.
    text: String,
    /// Paragraphs begun.
    paragraphs: usize,
    /// Inside a comment (`office:annotation`), whose text is not the cell's.
    in_annotation: usize,
}

/// Reads the sheets of `content.xml`, refusing one beyond the bounds.
pub(crate) fn scan(xml: &str) -> Result<Vec<OdsSheet>, Unreadable> {
    let mut scanner = Scanner::default();
    let mut failure = None;
    // Reading a string fails only on I/O, which a slice has not.
    let _ = xml::scan(xml.as_bytes(), |text, tag| match scanner.tag(text, tag) {
        Ok(()) => ControlFlow::Continue(()),
        Err(error) => {
            failure = Some(error);
            ControlFlow::Break(())
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    scanner.extents.push(std::mem::take(&mut scanner.extent));
    check_areas(&scanner.extents)?;
    Ok(scanner.sheets)
}

#[derive(Default)]
struct Scanner {
    sheets: Vec<OdsSheet>,
    extents: Vec<Extent>,
    extent: Extent,
    /// Tables open, counting nested ones.
    depth: usize,
    row: usize,
    col: usize,
    row_repeat: usize,
    cell: Option<OpenCell>,
    /// Shown texts kept, in all sheets.
    shown: usize,
}

impl Scanner {
    fn tag(&mut self, text: &str, tag: &Tag) -> Result<(), Unreadable> {
        if let Some(cell) = self.cell.as_mut() {
            if !text.trim().is_empty() {
                cell.valued = true;
            }
            if cell.in_annotation == 0 {
                cell.text.push_str(&xml::unescape(text));
            }
        }
        match tag.name {
            "table:table" if tag.closing => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.extents.push(std::mem::take(&mut self.extent));
                    check_areas(&self.extents)?;
                }
            }
            "table:table" if !tag.self_closing => {
                if self.depth == 0 {
                    self.row = 0;
                    self.sheets.push(OdsSheet {
                        name: tag
                            .attribute("table:name")
                            .map(|name| name.into_owned())
                            .unwrap_or_default(),
                        ..OdsSheet::default()
                    });
                }
                self.depth += 1;
            }
            _ if self.depth != 1 => {}
            "table:table-row" if tag.closing => {
                self.row = self.row.saturating_add(self.row_repeat);
            }
            "table:table-row" => {
                self.row_repeat = tag.count("table:number-rows-repeated");
                self.col = 0;
                let why = match tag.attribute("table:visibility").as_deref() {
                    Some("collapse") => Some(Hiding::Hidden),
                    Some("filter") => Some(Hiding::Filtered),
                    _ => None,
                };
                if let (Some(why), Some(sheet)) = (why, self.sheets.last_mut()) {
                    sheet.hidden.push(HiddenSpan {
                        first: self.row,
                        count: self.row_repeat,
                        why,
                    });
                }
                if tag.self_closing {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" if tag.closing => {
                if let Some(cell) = self.cell.take() {
                    self.close(cell)?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeats = tag.count("table:number-columns-repeated");
                let value_type = tag.attribute("office:value-type");
                let valued = value_type.is_some() || tag.attribute("table:formula").is_some();
                let typed = matches!(value_type.as_deref(), Some("float" | "date" | "time"));
                if tag.name == "table:table-cell" {
                    self.merge(tag);
                }
                let cell = OpenCell {
                    col: self.col,
                    repeats,
                    valued,
                    typed,
                    text: String::new(),
                    paragraphs: 0,
                    in_annotation: 0,
                };
                if tag.self_closing {
                    self.close(cell)?;
                } else {
                    self.cell = Some(cell);
                }
                self.col = self.col.saturating_add(repeats);
            }
            _ => {
                if let Some(cell) = self.cell.as_mut() {
                    read_in_cell(cell, tag);
                }
            }
        }
        Ok(())
    }

    /// Takes in a merged cell.
    fn merge(&mut self, tag: &Tag) {
        let rows = tag.count("table:number-rows-spanned");
        let cols = tag.count("table:number-columns-spanned");
        if let (true, Some(sheet)) = (rows > 1 || cols > 1, self.sheets.last_mut()) {
            sheet.merges.push(Merge {
                first_row: self.row,
                last_row: span(self.row, rows).1,
                first_col: self.col,
                last_col: span(self.col, cols).1,
            });
        }
    }

    /// Takes in a cell read to its end: its place, and its shown text.
    fn close(&mut self, cell: OpenCell) -> Result<(), Unreadable> {
        if !cell.valued {
            return Ok(());
        }
        let name = self.sheets.last().map(|s| s.name.as_str());
        add_repeated(
            &mut self.extent,
            (self.row, self.row_repeat),
            (cell.col, cell.repeats),
            name,
        )?;
        let text = cell.text.trim_matches(['\n', ' ']);
        if !cell.typed || text.is_empty() {
            return Ok(());
        }
        let count = self.row_repeat.saturating_mul(cell.repeats);
        self.shown = self.shown.saturating_add(count);
        if self.shown > MAX_CELLS {
            return Err(too_many_cells(None));
        }
        let Some(sheet) = self.sheets.last_mut() else {
            return Ok(());
        };
        // Within the bounds checked above, so these fit in u32.
        for row in self.row..self.row + self.row_repeat {
            for col in cell.col..cell.col + cell.repeats {
                sheet
                    .shown
                    .insert((row as u32, col as u32), text.to_owned());
            }
        }
        Ok(())
    }
}

/// Follows the paragraphs of a cell's text: `text:s` is spaces, a new
/// paragraph a new line, a comment no part of it.
fn read_in_cell(cell: &mut OpenCell, tag: &Tag) {
    match tag.name {
        "office:annotation" if tag.closing => {
            cell.in_annotation = cell.in_annotation.saturating_sub(1)
        }
        "office:annotation" if !tag.self_closing => cell.in_annotation += 1,
        _ if cell.in_annotation > 0 || tag.closing => {}
        "text:p" => {
            if cell.paragraphs > 0 {
                cell.text.push('\n');
            }
            cell.paragraphs += 1;
        }
        "text:s" => {
            let spaces = tag.count("text:c").min(1000);
            cell.text.extend(std::iter::repeat_n(' ', spaces));
        }
        "text:tab" => cell.text.push('\t'),
        "text:line-break" => cell.text.push('\n'),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!(
            "<office:spreadsheet><table:table table:name=\"A\">{rows}</table:table></office:spreadsheet>"
        )
    }

    #[test]
    fn repeats_count_only_where_there_is_a_value() {
        // LibreOffice's trailing empty rows and columns are fine.
        let fine = sheet(
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Nom</text:p></table:table-cell>\
             <table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>",
        );
        scan(&fine).unwrap();
        // A value repeated over a million rows is not.
        let bomb = sheet(
            "<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"100\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
        );
        let error = scan(&bomb).unwrap_err();
        assert!(
            error.message.english().starts_with(
                "on the sheet `A`, the cell A1 holds a value and its row is repeated 1048576 times, which runs \
                 the sheet's used range to CV1048576"
            ),
            "{}",
            error.message
        );
        // Text without a value type counts.
        let text = sheet(
            "<table:table-row table:number-rows-repeated=\"300000\"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row>",
        );
        assert!(scan(&text).is_err());
        // A number shown in many cells is bounded as the cells are.
        let shown = sheet(
            "<table:table-row table:number-rows-repeated=\"10000\"><table:table-cell table:number-columns-repeated=\"999\" \
             office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>",
        );
        assert!(scan(&shown).is_err());
    }

    #[test]
    fn merges_are_placed_by_counting_rows_and_columns() {
        let content = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Notes"><table:table-row><table:table-cell table:number-rows-spanned="9"/></table:table-row></table:table>
            <table:table table:name="Inscrits &amp; co">
            <table:table-column table:number-columns-repeated="3"/>
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/>
              <table:table-cell office:value-type="string" table:number-columns-spanned="1" table:number-rows-spanned="2"><text:p>a &gt; b</text:p></table:table-cell></table:table-row>
            <table:table-row><table:covered-table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>
            <table:table-row/>
            <table:table-row><table:table-cell table:number-columns-spanned='2' table:number-rows-spanned='1'/></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let sheets = scan(content).unwrap();
        assert_eq!(sheets[1].name, "Inscrits & co");
        assert_eq!(
            sheets[1].merges,
            [
                Merge {
                    first_row: 2,
                    last_row: 3,
                    first_col: 2,
                    last_col: 2
                },
                Merge {
                    first_row: 5,
                    last_row: 5,
                    first_col: 0,
                    last_col: 1
                },
            ]
        );
        assert!(scan("not xml").unwrap().is_empty());
    }

    #[test]
    fn hidden_rows_and_shown_texts_are_read() {
        let content = sheet(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Nom</text:p></table:table-cell></table:table-row>
            <table:table-row table:visibility="collapse" table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="472112233" calcext:value-type="float"><text:p>0472112233</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
              <table:table-cell office:value-type="date" office:date-value="2013-05-14"><text:p>14<text:s text:c="2"/>mai 2013</text:p></table:table-cell></table:table-row>
            <table:table-row table:visibility="filter"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
        );
        let sheets = scan(&content).unwrap();
        let sheet = &sheets[0];
        assert_eq!(
            sheet.hidden,
            [
                HiddenSpan {
                    first: 1,
                    count: 2,
                    why: Hiding::Hidden
                },
                HiddenSpan {
                    first: 3,
                    count: 1,
                    why: Hiding::Filtered
                }
            ]
        );
        assert_eq!(sheet.shown[&(1, 0)], "0472112233");
        assert_eq!(sheet.shown[&(2, 0)], "0472112233");
        assert_eq!(sheet.shown[&(2, 1)], "14  mai 2013");
        assert_eq!(sheet.shown[&(3, 2)], "1");
        assert_eq!(sheet.shown.len(), 5, "strings are not kept");
    }
}
