//! The hidden and filtered rows of an xlsx sheet, which calamine does not
//! report.
//!
//! Excel and LibreOffice mark a row the organiser hid, or one a filter
//! (`<autoFilter>`) leaves out, with `hidden="1"` on its `<row>` in the
//! sheet's XML. The sheet's part is found as calamine finds it: its name in
//! `xl/workbook.xml`, its relationship in `xl/_rels/workbook.xml.rels`.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

use super::grid::{HiddenSpan, Hiding};
use super::xml;
use crate::limits::{MAX_ENTRY_BYTES, MAX_ROWS};

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The hidden rows of the sheet named `sheet`; none when the workbook does
/// not say where the sheet is.
pub(crate) fn hidden_rows(bytes: &[u8], sheet: &str) -> Vec<HiddenSpan> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Some(path) = sheet_path(&mut archive, sheet) else {
        return Vec::new();
    };
    let Some(entry) = entry_index(&archive, &path) else {
        return Vec::new();
    };
    let Ok(entry) = archive.by_index(entry) else {
        return Vec::new();
    };
    let mut hidden: Vec<HiddenSpan> = Vec::new();
    let (mut next, mut filtered) = (0usize, false);
    // A part that stops being readable gives the rows read so far.
    let _ = xml::scan(entry.take(MAX_ENTRY_BYTES), |_, tag| {
        if tag.is("autoFilter") {
            filtered = true;
        } else if tag.is("row") && !tag.closing {
            let row = tag
                .attribute("r")
                .and_then(|r| r.trim().parse::<usize>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(next);
            next = row.saturating_add(1);
            if tag.flag("hidden") && row < MAX_ROWS {
                match hidden.last_mut() {
                    Some(last) if last.first + last.count == row => last.count += 1,
                    Some(last) if last.first + last.count > row => {}
                    _ => hidden.push(HiddenSpan {
                        first: row,
                        count: 1,
                        why: Hiding::Hidden,
                    }),
                }
            }
        }
        ControlFlow::Continue(())
    });
    if filtered {
        for span in &mut hidden {
            span.why = Hiding::Filtered;
        }
    }
    hidden
}

/// The path in the archive of the sheet named `sheet`.
fn sheet_path(archive: &mut Archive, sheet: &str) -> Option<String> {
    let mut id = None;
    scan_entry(archive, "xl/workbook.xml", |tag| {
        if tag.is("sheet") && tag.attribute("name").as_deref() == Some(sheet) {
            id = tag
                .attributes()
                .find(|(name, _)| name.ends_with(":id"))
                .map(|(_, value)| value.into_owned());
        }
        id.is_some()
    });
    let id = id?;
    let mut target = None;
    scan_entry(archive, "xl/_rels/workbook.xml.rels", |tag| {
        if tag.is("Relationship") && tag.attribute("Id").as_deref() == Some(id.as_str()) {
            target = tag.attribute("Target").map(Cow::into_owned);
        }
        target.is_some()
    });
    let target = target?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// Scans a small part of the archive until `found` says to stop.
fn scan_entry(archive: &mut Archive, path: &str, mut found: impl FnMut(&xml::Tag) -> bool) {
    let Some(index) = entry_index(archive, path) else {
        return;
    };
    let Ok(entry) = archive.by_index(index) else {
        return;
    };
    let _ = xml::scan(entry.take(MAX_ENTRY_BYTES), |_, tag| {
        if found(tag) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
}

/// An entry by its path, compared as Excel does: case aside, either slash.
fn entry_index(archive: &Archive, path: &str) -> Option<usize> {
    let wanted = path.replace('\\', "/");
    (0..archive.len()).find(|&i| {
        archive
            .name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|name| name.replace('\\', "/").eq_ignore_ascii_case(&wanted))
    })
}
