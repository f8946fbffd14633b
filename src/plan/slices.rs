//! Long documents made in slices.
//!
//! The attendance sheets, the badges and a large visit's grid grow with the
//! roster. Made in one compile, Typst's memory grows with them; made a few
//! pages at a time and joined, it stays that of a slice, whatever the
//! roster. A slice is a run
//! of the document's participants and the fields of the data it sets; the
//! renderer compiles each and joins their pages in order.

use std::ops::Range;

use serde_json::json;

/// A run of a long document's participants, made on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// The participants of the document's list it holds.
    pub people: Range<usize>,
    /// The fields of the data it sets, over the document's own.
    pub fields: Vec<(&'static str, serde_json::Value)>,
    /// Whether its pages are of several sessions, each page saying which
    /// (`<carnet-session>`), to be put with the pages of its session among
    /// those of the other slices: an attendance slice holds a run of
    /// participants at every session, so that their rows are fitted once.
    pub by_session: bool,
}

// Slices are small because Typst's cache tables keep the room they once
// took, and two slices are made at once: with 5 attendance pages (their
// cells' layouts) or 8 badge sheets (their fitted texts) a slice, the
// tables of a 10,000-person build grew past those of the sample's, and it
// peaked 13 MB higher. Slices of 3 cost the sample pack about 4 % more time.
// An attendance slice's page is that of every session: its rows are fitted
// once and the same table laid out for each session. A slice of 3 such
// pages (12 laid out) made the sample's build peak at 129–138 MB instead
// of 101–105 MB with one (`/usr/bin/time -f %M carnet build`), for no
// time gained: the tables laid out at once are what weighs.

/// Attendance pages a slice.
pub const ATTENDANCE_PAGES: usize = 1;
/// Badge sheets a slice.
pub const BADGE_SHEETS: usize = 3;
/// Pages of a visit's list of visitors a slice.
pub const VISITOR_PAGES: usize = 3;

/// The most visitors a grid lists in its visit's box, one a writing line;
/// a larger visit's visitors are listed after the grid, on pages of their
/// own ([`visitor_list`]).
pub const VISITORS_IN_BOX: usize = 24;
/// Visitors a page of the list after the grid.
pub const VISITORS_A_PAGE: usize = 30;

/// How a grid lists a large visit's `count` visitors after its questions,
/// [`VISITORS_A_PAGE`] a page (the grid's `list` field): this part of the
/// list starts with visitor `first` (from 0); `grid` is whether the same
/// compile makes the grid itself. None when the visitors fit the box.
pub fn visitor_list(count: usize, first: usize, grid: bool) -> Option<serde_json::Value> {
    (count > VISITORS_IN_BOX).then(|| {
        json!({
            "count": count,
            "pages": count.div_ceil(VISITORS_A_PAGE),
            "rows_per_page": VISITORS_A_PAGE,
            "first_number": first + 1,
            "first_page": first / VISITORS_A_PAGE + 1,
            "grid": grid,
        })
    })
}

/// The slices of the grid of a visit of `visitors`: the grid itself, then
/// its list of visitors in runs of whole pages. None when they fit its box.
pub fn grid(visitors: usize) -> Vec<Slice> {
    let Some(grid) = visitor_list(visitors, 0, true) else {
        return Vec::new();
    };
    let rows = VISITORS_A_PAGE * VISITOR_PAGES;
    let mut slices = vec![Slice {
        people: 0..0,
        fields: vec![("list", grid)],
        by_session: false,
    }];
    for start in (0..visitors).step_by(rows) {
        slices.push(Slice {
            people: start..(start + rows).min(visitors),
            fields: vec![(
                "list",
                visitor_list(visitors, start, false).expect("a list apart"),
            )],
            by_session: false,
        });
    }
    slices
}

/// The slices of the attendance sheets of `people` participants: runs of
/// whole pages of the list, each at every session, told where it stands in
/// the sessions' sheets (`slice`: the sessions, first number, first page,
/// the whole count; `session`, the first of them, for a template that
/// makes one session a document). None when the list fits one slice.
pub fn attendance(people: usize, sessions: usize, rows_per_page: usize) -> Vec<Slice> {
    let rows = rows_per_page.max(1) * ATTENDANCE_PAGES;
    if people <= rows {
        return Vec::new();
    }
    let sessions: Vec<usize> = (0..sessions.max(1)).collect();
    (0..people)
        .step_by(rows)
        .map(|start| Slice {
            people: start..(start + rows).min(people),
            fields: vec![(
                "slice",
                json!({
                    "sessions": sessions,
                    "session": 0,
                    "first_number": start + 1,
                    "first_page": start / rows_per_page.max(1) + 1,
                    "count": people,
                }),
            )],
            by_session: true,
        })
        .collect()
}

/// The slices of the badge sheets of `people` participants, `per_sheet`
/// badges a sheet, the first sheet starting after `skip` empty positions:
/// the first slice keeps the document's options (and its `skip`), the
/// others get `later`, the same with no position skipped. None when the
/// badges fit one slice.
pub fn badges(
    people: usize,
    per_sheet: usize,
    skip: usize,
    later: serde_json::Value,
) -> Vec<Slice> {
    let per_slice = per_sheet * BADGE_SHEETS;
    if per_sheet == 0 || people + skip <= per_slice {
        return Vec::new();
    }
    let first = per_slice.saturating_sub(skip).min(people);
    let mut slices = vec![Slice {
        people: 0..first,
        fields: Vec::new(),
        by_session: false,
    }];
    for start in (first..people).step_by(per_slice) {
        slices.push(Slice {
            people: start..(start + per_slice).min(people),
            fields: vec![("options", later.clone())],
            by_session: false,
        });
    }
    slices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_slices_are_whole_pages_at_every_session() {
        assert!(attendance(18, 4, 18).is_empty(), "one page: one slice");
        let slices = attendance(60, 2, 18);
        assert_eq!(slices.len(), 4);
        assert_eq!(slices[3].people, 54..60);
        assert_eq!(
            slices[3].fields[0].1,
            json!({ "sessions": [0, 1], "session": 0, "first_number": 55,
                    "first_page": 4, "count": 60 })
        );
        assert!(slices.iter().all(|slice| slice.by_session));
        let without = attendance(60, 0, 18);
        assert_eq!(without[0].fields[0].1["sessions"], json!([0]), "one sheet");
    }

    #[test]
    fn badge_slices_start_after_the_skipped_positions() {
        assert!(badges(25, 10, 0, json!({})).is_empty());
        let slices = badges(40, 10, 4, json!({ "skip": 0 }));
        let runs: Vec<_> = slices.iter().map(|s| s.people.clone()).collect();
        assert_eq!(runs, [0..26, 26..40]);
        assert!(slices[0].fields.is_empty(), "the first keeps its skip");
        assert_eq!(slices[1].fields[0].1["skip"], 0);
    }

    #[test]
    fn a_large_visit_is_its_grid_then_its_list_in_whole_pages() {
        assert!(grid(VISITORS_IN_BOX).is_empty(), "they fit the box");
        let count = VISITORS_A_PAGE * VISITOR_PAGES * 2 + 1;
        let slices = grid(count);
        let runs: Vec<_> = slices.iter().map(|s| s.people.clone()).collect();
        let rows = VISITORS_A_PAGE * VISITOR_PAGES;
        assert_eq!(runs, [0..0, 0..rows, rows..2 * rows, 2 * rows..count]);
        let list = |i: usize| slices[i].fields[0].1.clone();
        assert_eq!(list(0)["grid"], true, "the grid first, with no visitor");
        assert_eq!(list(1)["grid"], false);
        assert_eq!(list(2)["first_number"], rows + 1);
        assert_eq!(list(2)["first_page"], VISITOR_PAGES + 1);
        assert_eq!(list(3)["pages"], 2 * VISITOR_PAGES + 1);
    }
}
