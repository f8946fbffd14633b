//! The PDF layer of carnet. It knows nothing of events, rosters or
//! templates: it works on the PDFs Typst exports.
//!
//! - [`join`] puts a booklet together from a body laid out once and a
//!   participant's own front.
//! - [`concat`](mod@concat) joins the slices of a long document into one, spooled to
//!   disk so that thousands of pages take no more memory than one slice.
//! - [`impose`] lays booklets out 2-up on A4 for saddle-stitch printing,
//!   written as they arrive.
//!
//! The slices of a document and the booklets of a print file embed each
//! font's face once: its program holds the glyphs of all of them, and each
//! font finds its glyphs in it through a `CIDToGIDMap` (`fonts`).
//!
//! What either does not know how to put together is refused with a typed
//! error ([`Unsupported`], [`concat::JoinError`], [`impose::ImposeError`]), never guessed at: the
//! caller then makes the document another way, and says so.

pub mod concat;
mod content;
mod fonts;
mod form;
mod graph;
pub mod impose;
pub mod join;
mod structure;
mod writer;

/// Why documents cannot be put together as asked: a shape of PDF the
/// layer does not know how to merge or place. The caller then makes the
/// document another way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

/// `Err(Unsupported(what))`.
fn unsupported<T>(what: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(what.into()))
}
