//! The PDF layer of carnet. It knows nothing of events, rosters or
//! templates: it works on the PDFs Typst exports.
//!
//! - [`join`] puts a booklet together from a body laid out once and a
//!   participant's own front, and concatenates many PDFs into one
//!   ([`join::Concat`]), spooled to disk so that thousands of pages take
//!   no more memory than one document.
//! - [`impose`] lays booklets out 2-up on A4 for saddle-stitch printing,
//!   written as they arrive.
//!
//! What either does not know how to put together is refused with a typed
//! error ([`join::Unsupported`], [`join::JoinError`]), never guessed at: the
//! caller then makes the document another way, and says so.

pub mod impose;
pub mod join;
