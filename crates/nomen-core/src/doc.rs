//! A document: text plus non-overlapping labelled spans (spaCy's `doc.ents`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::span::Span;
use crate::text::OffsetMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Whatever else a record carried (Prodigy's `meta`, our per-document state).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// The `meta` key where readers keep the `kb_id`s that spans carried in a file
/// (`[{"start", "end", "kb_id"}]`): a [`Span`] has no `kb_id`, and a
/// knowledge-base id is the analyst's decision, not to be dropped. Writers of
/// JSONL put them back on the spans; the editing session turns them back into
/// alias clusters.
pub const KB_IDS_KEY: &str = "kb_ids";

/// A document as written with knowledge-base ids on its spans: the fields of
/// [`Document`], in its order, and `"kb_id"` on the spans that have one. The
/// JSONL writer and the editing session's exports both write through it.
#[derive(Debug, Serialize)]
pub struct LinkedDocument<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    text: &'a str,
    spans: Vec<LinkedSpan<'a>>,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    meta: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct LinkedSpan<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kb_id: Option<&'a str>,
}

impl<'a> LinkedDocument<'a> {
    /// `doc` with these of its `spans` and this `meta`, each span with the id `kb_id` gives it.
    pub fn new(
        doc: &'a Document,
        spans: impl IntoIterator<Item = &'a Span>,
        meta: &'a serde_json::Map<String, serde_json::Value>,
        kb_id: impl Fn(&Span) -> Option<&'a str>,
    ) -> LinkedDocument<'a> {
        let spans = spans.into_iter().map(|s| LinkedSpan { start: s.start, end: s.end, label: &s.label, kb_id: kb_id(s) }).collect();
        LinkedDocument { id: doc.id.as_deref(), text: &doc.text, spans, meta }
    }
}

/// Why a set of spans is not valid for a text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocError {
    #[error("span {index} ({start}..{end} {label}) is empty or reversed")]
    EmptySpan { index: usize, start: usize, end: usize, label: String },
    #[error("span {index} ({start}..{end} {label}) ends past the text, which has {len} code points")]
    OutOfBounds { index: usize, start: usize, end: usize, label: String, len: usize },
    #[error("span {index} ({start}..{end} {label}) has an empty label")]
    EmptyLabel { index: usize, start: usize, end: usize, label: String },
    #[error("spans {first} ({a_start}..{a_end}) and {second} ({b_start}..{b_end}) overlap")]
    Overlap { first: usize, a_start: usize, a_end: usize, second: usize, b_start: usize, b_end: usize },
}

impl Document {
    pub fn new(text: impl Into<String>) -> Document {
        Document { id: None, text: text.into(), spans: Vec::new(), meta: Default::default() }
    }

    /// Records that the span `start..end` carried `kb_id` (see [`KB_IDS_KEY`]).
    pub fn note_kb_id(&mut self, start: usize, end: usize, kb_id: &str) {
        let entry = serde_json::json!({ "start": start, "end": end, "kb_id": kb_id });
        match self.meta.entry(KB_IDS_KEY).or_insert_with(|| serde_json::Value::Array(Vec::new())) {
            serde_json::Value::Array(list) => list.push(entry),
            other => *other = serde_json::Value::Array(vec![entry]),
        }
    }

    /// The recorded `kb_id`s: (start, end, kb_id), well-formed entries only.
    pub fn kb_ids(&self) -> Vec<(usize, usize, String)> {
        let Some(serde_json::Value::Array(list)) = self.meta.get(KB_IDS_KEY) else { return Vec::new() };
        list.iter()
            .filter_map(|e| {
                let offset = |k: &str| e.get(k)?.as_u64().and_then(|n| usize::try_from(n).ok());
                Some((offset("start")?, offset("end")?, e.get("kb_id")?.as_str()?.to_string()))
            })
            .collect()
    }

    /// [`Document::kb_ids`], taken out of `meta`.
    pub fn take_kb_ids(&mut self) -> Vec<(usize, usize, String)> {
        let kb_ids = self.kb_ids();
        self.meta.remove(KB_IDS_KEY);
        kb_ids
    }

    pub fn with_spans(mut self, spans: Vec<Span>) -> Document {
        self.spans = spans;
        self
    }

    pub fn with_id(mut self, id: impl Into<String>) -> Document {
        self.id = Some(id.into());
        self
    }

    /// Checks every span lies inside the text, is non-empty, has a label, and
    /// that no two overlap (guideline 4). Indices refer to `self.spans` as given.
    pub fn validate(&self) -> Result<(), DocError> {
        let len = self.text.chars().count();
        for (index, s) in self.spans.iter().enumerate() {
            let (start, end, label) = (s.start, s.end, s.label.clone());
            if start >= end {
                return Err(DocError::EmptySpan { index, start, end, label });
            }
            if end > len {
                return Err(DocError::OutOfBounds { index, start, end, label, len });
            }
            if label.trim().is_empty() {
                return Err(DocError::EmptyLabel { index, start, end, label });
            }
        }
        let mut order: Vec<usize> = (0..self.spans.len()).collect();
        order.sort_by_key(|&i| (self.spans[i].start, self.spans[i].end));
        for pair in order.windows(2) {
            let (a, b) = (&self.spans[pair[0]], &self.spans[pair[1]]);
            if a.overlaps(b) {
                return Err(DocError::Overlap {
                    first: pair[0],
                    a_start: a.start,
                    a_end: a.end,
                    second: pair[1],
                    b_start: b.start,
                    b_end: b.end,
                });
            }
        }
        Ok(())
    }

    /// Sorts spans by position (the order every exporter writes).
    pub fn sort_spans(&mut self) {
        self.spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    }

    /// The text of each span, in span order; `None` for an out-of-bounds span.
    pub fn span_texts(&self) -> Vec<Option<&str>> {
        let map = OffsetMap::new(&self.text);
        self.spans.iter().map(|s| map.byte_range(s.start, s.end).map(|r| &self.text[r])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_reported_with_both_indices() {
        let doc = Document::new("Prime Minister Fayez al-Sarraj").with_spans(vec![Span::new(15, 30, "PERSON"), Span::new(0, 20, "TITLE")]);
        assert_eq!(doc.validate(), Err(DocError::Overlap { first: 1, a_start: 0, a_end: 20, second: 0, b_start: 15, b_end: 30 }));
    }

    #[test]
    fn span_past_end_is_reported() {
        let doc = Document::new("Rome").with_spans(vec![Span::new(0, 5, "GPE")]);
        assert!(matches!(doc.validate(), Err(DocError::OutOfBounds { len: 4, .. })));
    }

    #[test]
    fn span_texts_use_code_points() {
        let doc = Document::new("“Haftar” said").with_spans(vec![Span::new(1, 7, "PERSON")]);
        assert_eq!(doc.span_texts(), vec![Some("Haftar")]);
        assert!(doc.validate().is_ok());
    }

    #[test]
    fn serde_shape_matches_prodigy() {
        let doc: Document = serde_json::from_str(r#"{"text":"Rome","spans":[{"start":0,"end":4,"label":"GPE"}]}"#).unwrap();
        assert_eq!(doc.spans, vec![Span::new(0, 4, "GPE")]);
        assert_eq!(serde_json::to_string(&doc).unwrap(), r#"{"text":"Rome","spans":[{"start":0,"end":4,"label":"GPE"}]}"#);
    }
}
