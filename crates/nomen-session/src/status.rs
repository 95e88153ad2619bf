//! Where a document stands in review, and how far the whole workspace is.
//!
//! The status is what the document list shows and what "first document not
//! done" looks for. The rules that move it live with the edits
//! ([`crate::Edit`]); this module only names the states.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The `meta` key that carries a document's [`DocStatus`] in exports.
pub const STATUS_KEY: &str = "status";

/// The review state of one document.
///
/// The order is the order of a document's life; the status rules are:
///
/// | edit | from | to |
/// |---|---|---|
/// | `PreAnnotate`, `ReplaceSpans` | any (`PreAnnotate`: `New`/`PreAnnotated` only) | `PreAnnotated` |
/// | `AddSpan`, `RemoveSpan`, `Relabel`, `MoveBoundary`, `Revise` | any | `Edited` |
/// | `AcceptAll` | `PreAnnotated` only | `Edited` |
/// | `MarkDone` | anything but `Done` | `Done` |
/// | `Reopen` | `Done` only | `Edited` |
///
/// Editing a `Done` document makes it `Edited` again: "done" is an analyst's
/// sign-off on exactly those spans, so a changed document needs signing off
/// again, and the progress count stays honest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Text only: no extractor result has arrived and nobody has edited it.
    New,
    /// The spans are the extractor's (or an imported file's) and await review.
    PreAnnotated,
    /// The spans are the analyst's: changed by hand, or accepted as they were.
    Edited,
    /// Signed off by the analyst.
    Done,
}

impl DocStatus {
    /// Every status, in life order.
    pub const ALL: [DocStatus; 4] = [DocStatus::New, DocStatus::PreAnnotated, DocStatus::Edited, DocStatus::Done];

    /// The name used in JSON (`meta.status` of an export, the autosave).
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::New => "new",
            DocStatus::PreAnnotated => "pre_annotated",
            DocStatus::Edited => "edited",
            DocStatus::Done => "done",
        }
    }

    /// The inverse of [`DocStatus::as_str`].
    pub fn parse(name: &str) -> Option<DocStatus> {
        DocStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The status a document arriving with these spans and no recorded status gets:
    /// spans from elsewhere await review; no spans means nothing has been proposed yet.
    pub fn for_arriving_spans(has_spans: bool) -> DocStatus {
        if has_spans {
            DocStatus::PreAnnotated
        } else {
            DocStatus::New
        }
    }
}

impl fmt::Display for DocStatus {
    /// The words the UI shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocStatus::New => "new",
            DocStatus::PreAnnotated => "pre-annotated",
            DocStatus::Edited => "edited",
            DocStatus::Done => "done",
        })
    }
}

/// How many documents are done, out of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} done", self.done, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for status in DocStatus::ALL {
            assert_eq!(DocStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(DocStatus::parse("published"), None);
    }

    #[test]
    fn arriving_documents() {
        assert_eq!(DocStatus::for_arriving_spans(true), DocStatus::PreAnnotated);
        assert_eq!(DocStatus::for_arriving_spans(false), DocStatus::New);
    }
}
