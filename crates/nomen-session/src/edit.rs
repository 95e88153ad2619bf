//! Every user intent on a document as a value, and what applying it reports.
//!
//! The app's reducer turns a click or key into an [`Edit`] and hands it to
//! [`crate::Workspace::apply`]; either the edit happens and an [`Applied`]
//! says what changed, or it is refused with an [`EditError`] whose `Display`
//! is the sentence the UI shows, and nothing changed (not even history).
//!
//! Spans are addressed by `(start, end)`, not by position in a list: spans
//! never overlap, so the bounds name one span, and they stay meaningful while
//! other spans come and go.

use nomen_core::Span;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::status::DocStatus;

/// One change a user (or the extractor) asks for on one document.
/// Offsets are code points, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// Label the text `start..end`.
    AddSpan { start: usize, end: usize, label: String },
    /// Remove the span with exactly these bounds.
    RemoveSpan { start: usize, end: usize },
    /// Give the span with exactly these bounds another label.
    Relabel { start: usize, end: usize, label: String },
    /// Move the span `start..end` to `new_start..new_end`, keeping its label.
    MoveBoundary { start: usize, end: usize, new_start: usize, new_end: usize },
    /// The analyst takes the pre-annotations as they are (`PreAnnotated` → `Edited`).
    AcceptAll,
    /// The analyst signs the document off (→ `Done`).
    MarkDone,
    /// Withdraw the sign-off (`Done` → `Edited`) without changing a span.
    Reopen,
    /// Replace every span, whatever the status: an explicit re-annotation (→ `PreAnnotated`).
    ReplaceSpans { spans: Vec<Span> },
    /// Extractor results that may arrive late (from a worker): applied only
    /// while nobody has touched the document (`New` or `PreAnnotated`), so a
    /// slow extractor never overwrites an analyst's work (→ `PreAnnotated`).
    PreAnnotate { spans: Vec<Span> },
    /// Many span changes as one undoable step (a corpus-wide fix reaching
    /// this document: search hits labelled, an inconsistency made
    /// consistent): the spans with the bounds in `remove` go, then the spans
    /// of `add` come in; relabelling is removing and adding the same bounds.
    /// All or nothing (→ `Edited`).
    Revise { remove: Vec<(usize, usize)>, add: Vec<Span> },
}

/// What a successful edit, undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// One line for the status bar, e.g. `added PERSON “Haftar”`.
    pub summary: String,
    /// The span to select afterwards, when the change is about one span
    /// (the new span after an add, the restored one after undoing a removal).
    pub focus: Option<(usize, usize)>,
    /// The document's status afterwards.
    pub status: DocStatus,
}

/// Why an edit, undo or redo was refused. `Display` is shown to the analyst
/// verbatim, so every message says what is wrong in the analyst's terms.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("no document with id {id:?}")]
    UnknownDocument { id: String },
    #[error("empty span")]
    EmptySpan { start: usize, end: usize },
    #[error("span ends past the text (at {end}; the text has {len} characters)")]
    PastEnd { end: usize, len: usize },
    #[error("the selection holds only whitespace")]
    Blank { start: usize, end: usize },
    #[error("“{text}” starts or ends with whitespace — select the words only")]
    WhitespaceEdge { text: String, start: usize, end: usize },
    #[error("unknown label {label}")]
    UnknownLabel { label: String },
    #[error("no span at {start}..{end}")]
    NoSpan { start: usize, end: usize },
    /// The new span would share text with an existing one (guideline 4).
    #[error("“{text}” overlaps “{other_text}” ({other_label}) — remove or shrink that span first")]
    Overlap { text: String, other_text: String, other_label: String, other_start: usize, other_end: usize },
    #[error("“{text}” is already {label}")]
    SameLabel { text: String, label: String },
    #[error("“{text}” is already {label} — relabel it instead")]
    AlreadyLabelled { text: String, label: String },
    #[error("the span already has these bounds")]
    SameBounds { start: usize, end: usize },
    #[error("the document already has exactly these spans")]
    SameSpans,
    #[error("nothing to accept: the document is {status}, not pre-annotated")]
    NothingToAccept { status: DocStatus },
    #[error("the document is already marked done")]
    AlreadyDone,
    #[error("the document is not marked done")]
    NotDone { status: DocStatus },
    /// `PreAnnotate` arrived after the analyst started: the analyst's spans win.
    #[error("the extractor's results arrived after the document was {status}: its spans were kept (re-annotate to replace them)")]
    StalePreAnnotation { status: DocStatus },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    /// A history step no longer fits the document. Never expected (the
    /// property tests check it); if it happens the history is dropped
    /// rather than applied half-way.
    #[error("the undo history no longer matched the document and was cleared")]
    HistoryLost,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edits cross the worker boundary and may be logged: their JSON shape is part of the API.
    #[test]
    fn edits_as_json() {
        let add = Edit::AddSpan { start: 0, end: 4, label: "GPE".into() };
        let json = serde_json::to_string(&add).unwrap();
        assert_eq!(json, r#"{"edit":"add_span","start":0,"end":4,"label":"GPE"}"#);
        assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), add);
        assert_eq!(serde_json::to_string(&Edit::MarkDone).unwrap(), r#"{"edit":"mark_done"}"#);
        let pre: Edit = serde_json::from_str(r#"{"edit":"pre_annotate","spans":[{"start":0,"end":4,"label":"GPE"}]}"#).unwrap();
        assert_eq!(pre, Edit::PreAnnotate { spans: vec![Span::new(0, 4, "GPE")] });
    }
}
