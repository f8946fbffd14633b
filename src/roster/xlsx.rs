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

use super::format::Unreadable;
use super::grid::{HiddenSpan, Hiding};
use super::xml;
use crate::limits::{MAX_ENTRY_BYTES, MAX_ROWS};
use crate::text;

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

/// Refuses a workbook whose table of texts (`sharedStrings.xml`) says it
/// holds more texts than it does: calamine makes room for the number the
/// table says before reading one, and a crafted number would ask for more
/// memory than the machine has. A table whose first tag cannot be read
/// is refused too, since the number it says cannot be checked.
pub(crate) fn check_shared_strings(bytes: &[u8]) -> Result<(), Unreadable> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let Ok(name) = entry.name() else {
            continue;
        };
        let part = name.replace('\\', "/");
        if !part.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let (mut declared, mut found) = (None, 0u64);
        // A part that stops being readable is judged on what was read:
        // calamine makes room at the table's first tag.
        let _ = xml::scan(entry.take(MAX_ENTRY_BYTES), |_, tag| {
            if tag.closing {
                return ControlFlow::Continue(());
            }
            if declared.is_none() && tag.is("sst") {
                declared = Some(
                    tag.attribute("uniqueCount")
                        .map_or(0, |n| leading_number(&n)),
                );
            } else if tag.is("si") {
                found += 1;
            }
            ControlFlow::Continue(())
        });
        let hint = || text!("roster-save-again-or-download");
        match declared {
            None => {
                return Err(Unreadable::new(
                    text!("roster-xlsx-no-string-table", part = part.as_str()),
                    hint(),
                ));
            }
            Some(declared) if declared > found => {
                return Err(Unreadable::new(
                    text!(
                        "roster-xlsx-string-count",
                        part = part.as_str(),
                        declared = declared,
                        found = found
                    ),
                    hint(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The number an attribute's value begins with (as calamine reads it,
/// leading spaces and zeros aside), saturating; 0 when it begins with none.
fn leading_number(value: &str) -> u64 {
    value
        .trim_start()
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0u64, |n, digit| {
            n.saturating_mul(10).saturating_add(u64::from(digit - b'0'))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_read_as_its_leading_digits() {
        assert_eq!(leading_number("708"), 708);
        assert_eq!(leading_number(" 0042"), 42);
        assert_eq!(leading_number("12abc"), 12);
        assert_eq!(leading_number("abc"), 0);
        assert_eq!(leading_number(&"9".repeat(40)), u64::MAX);
    }
}
