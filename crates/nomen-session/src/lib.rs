//! The pure editing model behind the nomen annotator.
//!
//! The browser app is a thin Yew shell: its reducer turns each user intent
//! into a call on a [`Workspace`] and renders what comes back. Everything that
//! decides something lives here, natively testable: which edits are allowed
//! and why not ([`Edit`], [`EditError`]), per-document undo and redo, the
//! review status of each document ([`DocStatus`]), snapping a mouse selection
//! to tokens ([`snap`]), moving a boundary one token from the keyboard,
//! navigation, JSONL import and export, and the autosave string.
//!
//! **Invariants:** no IO, no DOM, no clock (nothing here needs the time).
//! Offsets are code points, end exclusive, as everywhere in nomen. Every
//! document's spans are sorted, non-overlapping and labelled from the schema,
//! and every change either happens completely or not at all.
//!
//! Module map:
//! - [`workspace`]: the documents, the current one, the schema; the entry point.
//! - [`entry`]: one document, its status rules and history.
//! - [`edit`]: edits as values, what applying reports, why an edit is refused.
//! - [`status`]: the review states and progress.
//! - [`snap`]: selections to token bounds, keyboard nudges.
//! - [`schema_edit`]: the rules for renaming, recolouring and re-keying labels.
//! - [`interchange`]: JSONL and JSON files in and out.
//! - [`persist`]: the autosave string.
//! - `history`, `sorted_spans`: undo steps and binary-searched span lookups.

pub mod edit;
pub mod entry;
mod history;
pub mod interchange;
pub mod persist;
pub mod schema_edit;
pub mod snap;
mod sorted_spans;
pub mod status;
pub mod workspace;

pub use edit::{Applied, Edit, EditError};
pub use entry::DocEntry;
pub use history::{MAX_STEPS, MAX_STORED_SPANS};
pub use interchange::{ImportError, STATUS_KEY};
pub use persist::LoadError;
pub use schema_edit::SchemaError;
pub use snap::{snap, Boundary, Nudge, SnapMode, TokenIndex};
pub use status::{DocStatus, Progress};
pub use workspace::{AddError, Workspace, FORMAT_VERSION};
