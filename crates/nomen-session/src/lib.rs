//! The pure editing model behind the nomen annotator.
//!
//! The browser app is a thin Yew shell: its reducer turns each user intent
//! into a call on a [`Workspace`] and renders what comes back. Everything that
//! decides something lives here, natively testable: which edits are allowed
//! and why not ([`Edit`], [`EditError`]), per-document undo and redo, the
//! review status of each document ([`DocStatus`]), snapping a mouse selection
//! to tokens ([`snap()`]), moving a boundary one token from the keyboard,
//! navigation, alias clusters ([`Aliases`]), review across the corpus (search,
//! inconsistencies, adjudication), JSONL export (reading is
//! nomen-formats'), and the autosave string.
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
//! - [`mod@snap`]: selections to token bounds, keyboard nudges.
//! - [`schema_edit`]: the rules for renaming, recolouring and re-keying labels.
//! - [`aliases`]: confirmed alias clusters (spelling variants → `kb_id`) and names kept apart.
//! - [`interchange`]: JSONL and JSON files out, with `kb_id`s on spans.
//! - [`persist`]: the autosave string.
//! - [`records`]: autosave as a record per document and a manifest, writing only what changed.
//! - [`search`]: search every document (plain text or regex), label the hits.
//! - [`inconsistencies`]: texts labelled differently in different places, made consistent;
//!   `text_scan` finds every labelled text at whole-word places in one pass.
//! - [`adjudicate`]: two analysts' annotations compared, differences decided, gold out.
//! - [`batch`]: corpus-wide changes as one undo step per document, refusals listed.
//! - [`confidence`]: the extractor's margin per untouched span; uncertain spans, least certain documents first.
//! - `history`, `sorted_spans`: undo steps and binary-searched span lookups.
//!
//! What a reducer does with it:
//!
//! ```
//! use nomen_core::{Document, Span};
//! use nomen_session::{DocStatus, Edit, SnapMode, Workspace};
//!
//! let mut ws = Workspace::default();
//! let ids = ws.add_documents(vec![Document::new("Haftar’s men entered Tripoli. ")]).unwrap();
//! let id = &ids[0];
//! // The extractor's results arrive (from a worker, later).
//! ws.apply(id, Edit::PreAnnotate { spans: vec![Span::new(0, 6, "PERSON")] }).unwrap();
//! // The analyst double-clicks "Tripoli. " and presses 4 (GPE).
//! let (start, end) = ws.doc(id).unwrap().snap(21, 30, SnapMode::Expand).unwrap();
//! let applied = ws.apply(id, Edit::AddSpan { start, end, label: "GPE".into() }).unwrap();
//! assert_eq!(applied.summary, "added GPE “Tripoli”");
//! assert_eq!(applied.status, DocStatus::Edited);
//! // A refused edit comes with the sentence to show.
//! let refused = ws.apply(id, Edit::AddSpan { start: 0, end: 12, label: "ORG".into() }).unwrap_err();
//! assert_eq!(refused.to_string(), "“Haftar’s men” overlaps “Haftar” (PERSON) — remove or shrink that span first");
//! ws.undo(id).unwrap();
//! assert_eq!(ws.doc(id).unwrap().status(), DocStatus::PreAnnotated);
//! let saved = ws.to_json(); // autosave when ws.generation() changed
//! assert_eq!(Workspace::from_json(&saved).unwrap(), ws);
//! ```

pub mod adjudicate;
pub mod aliases;
pub mod batch;
pub mod confidence;
pub mod edit;
pub mod entry;
mod history;
pub mod inconsistencies;
pub mod interchange;
pub mod persist;
pub mod records;
pub mod schema_edit;
pub mod search;
pub mod snap;
mod sorted_spans;
pub mod status;
mod text_scan;
pub mod workspace;

pub use aliases::{AliasCluster, AliasError, AliasProposal, Aliases, KeptApart};
pub use confidence::{Confidence, Uncertainty};
pub use edit::{Applied, Edit, EditError};
pub use entry::DocEntry;
pub use history::{MAX_STEPS, MAX_STORED_SPANS};
pub use interchange::ClusterListError;
pub use persist::LoadError;
pub use schema_edit::SchemaError;
pub use snap::{snap, Boundary, Nudge, SnapMode, TokenIndex};
pub use status::{DocStatus, Progress, STATUS_KEY};
pub use workspace::{AddError, LabelledAll, Refusal, Workspace, FORMAT_VERSION};
