//! The pure core of nomen: everything that is true of text and spans whatever
//! shows them. Nothing here does IO or knows about the DOM, Yew or clap, so
//! the CLI, the browser app and the tests all share one implementation.
//!
//! Offsets: every offset in this crate is a **Unicode code point index**,
//! end exclusive, the unit of spaCy, Prodigy, doccano and our JSON files.
//! [`text::OffsetMap`] converts to UTF-8 bytes (for slicing) and UTF-16 units
//! (for the DOM) at the edges.

pub mod doc;
pub mod errors;
pub mod eval;
pub mod labels;
pub mod span;
pub mod text;
pub mod tokenize;

pub use doc::{DocError, Document, LinkedDocument, KB_IDS_KEY};
pub use labels::{LabelDef, Schema};
pub use span::Span;
pub use text::OffsetMap;
pub use tokenize::{tokenize, Token};
