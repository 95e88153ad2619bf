//! How sure the extractor was of the spans it pre-annotated, so the analyst
//! can work the least certain first (issue 14, item 4).
//!
//! The extractor gives each span it found a margin (nomen-ner's
//! `ScoredSpan`: how far the decoder's chosen tag scored above the best other,
//! in the model's weight units; small means it hesitated). A document keeps
//! two things of it:
//!
//! - the margin of each pre-annotated span **the analyst has not touched**:
//!   any edit of a span (relabel, move, remove; also by a corpus-wide change),
//!   accepting all pre-annotations and marking the document done drop it, so
//!   an edited, confirmed or hand-made span is certain. Undo and redo never
//!   bring a margin back (the analyst has looked at that span); a new
//!   pre-annotation replaces them all. These tint the page's marks and are
//!   what `u` jumps through ([`Confidence::next_uncertain`]).
//! - the margins of the whole pre-annotation as it arrived, which rank the
//!   document ([`Uncertainty`]): fixed while the analyst works, so the
//!   document list ordered "least certain first" does not reshuffle under the
//!   analyst's hands and `n` / `d` go through it in a stable order.
//!
//! Spans with no margin (rules in the rule baseline, names the analyst taught
//! the extractor) are certain. Which margin counts as uncertain is the
//! caller's `below` (the app's threshold, measured on the seeds).
//!
//! **Invariants:** every kept span margin names a current span of the
//! document (exact bounds), sorted by position; margins are finite.

use std::cmp::Ordering;

use nomen_core::Span;
use serde::{Deserialize, Serialize};

use crate::entry::DocEntry;
use crate::workspace::Workspace;

/// The extractor's margins for one document (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confidence {
    /// `(start, end, margin)` of the untouched pre-annotated spans, sorted by start.
    #[serde(default)]
    spans: Vec<(usize, usize, f32)>,
    /// Every margin of the pre-annotation as it arrived, smallest first.
    #[serde(default)]
    extracted: Vec<f32>,
}

/// How uncertain a document's pre-annotation was: what orders the document
/// list "least certain first". More uncertain spans first, then the smaller
/// least margin, then workspace order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Uncertainty {
    /// Spans of the pre-annotation with a margin under the threshold, as it arrived.
    pub uncertain: usize,
    /// The smallest margin of the pre-annotation, if it had any.
    pub least: Option<f32>,
    /// Uncertain spans the analyst has not touched yet.
    pub remaining: usize,
}

impl Uncertainty {
    /// Least certain first: more uncertain spans, then the smaller least margin.
    pub fn rank(&self, other: &Uncertainty) -> Ordering {
        other.uncertain.cmp(&self.uncertain).then_with(|| match (self.least, other.least) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
    }
}

impl Confidence {
    /// Margins for a fresh pre-annotation: each scored span that is one of
    /// `spans` (same bounds and label) keeps its margin; others are dropped.
    pub(crate) fn of_pre_annotation(spans: &[Span], scored: impl IntoIterator<Item = (Span, f32)>) -> Confidence {
        let mut kept: Vec<(usize, usize, f32)> = scored
            .into_iter()
            .filter(|(span, margin)| {
                margin.is_finite()
                    && spans.binary_search_by_key(&(span.start, span.end), |s| (s.start, s.end)).is_ok_and(|i| spans[i] == *span)
            })
            .map(|(span, margin)| (span.start, span.end, margin))
            .collect();
        kept.sort_by_key(|&(start, end, _)| (start, end));
        kept.dedup_by_key(|&mut (start, end, _)| (start, end));
        let mut extracted: Vec<f32> = kept.iter().map(|&(_, _, m)| m).collect();
        extracted.sort_by(f32::total_cmp);
        Confidence { spans: kept, extracted }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.extracted.is_empty()
    }

    /// The margin of the untouched span with these bounds.
    pub fn margin(&self, start: usize, end: usize) -> Option<f32> {
        self.position(start, end).ok().map(|i| self.spans[i].2)
    }

    /// The untouched spans' `(start, end, margin)`, in text order.
    pub fn margins(&self) -> &[(usize, usize, f32)] {
        &self.spans
    }

    fn position(&self, start: usize, end: usize) -> Result<usize, usize> {
        self.spans.binary_search_by_key(&(start, end), |&(s, e, _)| (s, e))
    }

    /// The analyst touched the span with these bounds: it is certain now.
    pub(crate) fn forget(&mut self, start: usize, end: usize) {
        if let Ok(i) = self.position(start, end) {
            self.spans.remove(i);
        }
    }

    /// The analyst confirmed every span (accepted all, marked done); the
    /// document keeps its rank.
    pub(crate) fn confirm_all(&mut self) {
        self.spans.clear();
    }

    /// Whether the untouched span `start..end` has a margin under `below`.
    pub fn is_uncertain(&self, start: usize, end: usize, below: f32) -> bool {
        self.margin(start, end).is_some_and(|m| m < below)
    }

    /// The next uncertain span after `from` (the selected span or cursor, by
    /// bounds; the first when `None`), or before it when `!forward`, wrapping
    /// around the document. `None` when no span is uncertain. From an
    /// uncertain span that is the only one, that span again.
    pub fn next_uncertain(&self, from: Option<(usize, usize)>, below: f32, forward: bool) -> Option<(usize, usize)> {
        let uncertain = || self.spans.iter().filter(|s| s.2 < below).map(|&(s, e, _)| (s, e));
        let found = match (from, forward) {
            (None, true) => uncertain().next(),
            (None, false) => uncertain().next_back(),
            (Some((_, end)), true) => uncertain().find(|&(s, _)| s >= end),
            (Some((start, _)), false) => uncertain().rfind(|&(_, e)| e <= start),
        };
        found.or_else(|| if forward { uncertain().next() } else { uncertain().next_back() })
    }

    /// How uncertain the pre-annotation was, with threshold `below`.
    pub fn uncertainty(&self, below: f32) -> Uncertainty {
        Uncertainty { remaining: self.spans.iter().filter(|s| s.2 < below).count(), ..self.rank_key(below) }
    }

    /// What ranks the document (`remaining` left 0): no pass over its spans.
    fn rank_key(&self, below: f32) -> Uncertainty {
        Uncertainty { uncertain: self.extracted.partition_point(|&m| m < below), least: self.extracted.first().copied(), remaining: 0 }
    }

    /// Checks a loaded value: sorted, non-overlapping bounds each naming one
    /// of `spans`, finite margins. Says what is wrong.
    pub(crate) fn check(&self, spans: &[Span]) -> Result<(), String> {
        if self.spans.windows(2).any(|w| (w[0].0, w[0].1) >= (w[1].0, w[1].1)) {
            return Err("its margins are out of order".into());
        }
        if let Some(&(start, end, _)) =
            self.spans.iter().find(|&&(s, e, _)| spans.binary_search_by_key(&(s, e), |x| (x.start, x.end)).is_err())
        {
            return Err(format!("a margin names no span ({start}..{end})"));
        }
        if self.spans.iter().map(|s| s.2).chain(self.extracted.iter().copied()).any(|m| !m.is_finite()) {
            return Err("a margin is not a number".into());
        }
        if self.extracted.windows(2).any(|w| w[0] > w[1]) {
            return Err("its extracted margins are out of order".into());
        }
        Ok(())
    }
}

impl Workspace {
    /// Takes the extractor's margins for document `id`'s pre-annotation:
    /// each `(span, margin)` whose span is one of the document's (same bounds
    /// and label). Ignored unless the document is pre-annotated and untouched
    /// (an answer arriving after the analyst began is stale). True if the
    /// margins changed (then the workspace counts as changed, for autosave).
    pub fn set_confidence(&mut self, id: &str, scored: Vec<(Span, f32)>) -> bool {
        let Some(i) = self.index_of(id) else { return false };
        // Checked on the shared entry first, so an unchanged one is not copied.
        if self.docs[i].status() != crate::DocStatus::PreAnnotated {
            return false;
        }
        let changed = std::sync::Arc::make_mut(&mut self.docs[i]).set_confidence(scored);
        if changed {
            self.changed();
        }
        changed
    }

    /// The documents, least certain first (see [`Uncertainty::rank`]; ties in
    /// workspace order), with threshold `below`.
    pub fn least_certain_first(&self, below: f32) -> Vec<&DocEntry> {
        let mut ranked: Vec<(Uncertainty, &DocEntry)> = self.docs.iter().map(|d| (d.confidence().rank_key(below), &**d)).collect();
        ranked.sort_by(|a, b| a.0.rank(&b.0)); // stable: ties keep workspace order
        ranked.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans() -> Vec<Span> {
        vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE"), Span::new(20, 25, "ORG"), Span::new(30, 35, "DATE")]
    }

    fn confidence() -> Confidence {
        let scored = [(0, 6, "PERSON", 9.0), (10, 14, "GPE", 0.5), (20, 25, "ORG", 7.0), (30, 35, "DATE", 1.5)];
        Confidence::of_pre_annotation(&spans(), scored.map(|(s, e, l, m)| (Span::new(s, e, l), m)))
    }

    #[test]
    fn only_spans_of_the_pre_annotation_keep_a_margin() {
        let scored = vec![
            (Span::new(20, 25, "ORG"), 3.0),
            (Span::new(0, 6, "ORG"), 1.0),        // another label: not this span
            (Span::new(40, 45, "GPE"), 1.0),      // no such span
            (Span::new(10, 14, "GPE"), f32::NAN), // no margin to speak of
        ];
        let c = Confidence::of_pre_annotation(&spans(), scored);
        assert_eq!(c.margins(), &[(20, 25, 3.0)]);
        assert_eq!(c.margin(0, 6), None, "a span without a margin is certain");
        assert!(c.check(&spans()).is_ok());
    }

    #[test]
    fn u_goes_through_the_uncertain_spans_in_text_order_and_wraps() {
        let c = confidence();
        let below = 2.0;
        assert_eq!(c.next_uncertain(None, below, true), Some((10, 14)));
        assert_eq!(c.next_uncertain(Some((10, 14)), below, true), Some((30, 35)));
        assert_eq!(c.next_uncertain(Some((30, 35)), below, true), Some((10, 14)), "wraps");
        assert_eq!(c.next_uncertain(Some((0, 6)), below, true), Some((10, 14)), "from a certain span too");
        assert_eq!(c.next_uncertain(Some((16, 18)), below, true), Some((30, 35)), "from a cursor between spans");
        assert_eq!(c.next_uncertain(None, below, false), Some((30, 35)));
        assert_eq!(c.next_uncertain(Some((30, 35)), below, false), Some((10, 14)));
        assert_eq!(c.next_uncertain(Some((10, 14)), below, false), Some((30, 35)), "wraps backwards");
        assert_eq!(c.next_uncertain(None, 0.1, true), None, "nothing under the threshold");
        let mut one = confidence();
        one.forget(30, 35);
        assert_eq!(one.next_uncertain(Some((10, 14)), below, true), Some((10, 14)), "the only one, again");
    }

    #[test]
    fn a_touched_span_is_certain_and_the_rank_stays() {
        let mut c = confidence();
        let before = c.uncertainty(2.0);
        assert_eq!(before, Uncertainty { uncertain: 2, least: Some(0.5), remaining: 2 });
        c.forget(10, 14);
        assert!(!c.is_uncertain(10, 14, 2.0));
        assert!(c.is_uncertain(30, 35, 2.0));
        assert_eq!(c.uncertainty(2.0), Uncertainty { remaining: 1, ..before });
        c.confirm_all();
        assert_eq!(c.uncertainty(2.0), Uncertainty { remaining: 0, ..before });
        assert_eq!(c.next_uncertain(None, 2.0, true), None);
    }

    #[test]
    fn more_uncertain_spans_rank_first_then_the_least_margin() {
        let u = |uncertain, least| Uncertainty { uncertain, least, remaining: 0 };
        let mut docs = [u(0, None), u(1, Some(0.1)), u(3, Some(1.0)), u(1, Some(0.05)), u(0, Some(4.0))];
        docs.sort_by(Uncertainty::rank);
        assert_eq!(docs, [u(3, Some(1.0)), u(1, Some(0.05)), u(1, Some(0.1)), u(0, Some(4.0)), u(0, None)]);
    }

    #[test]
    fn a_damaged_value_is_named() {
        let mut c = confidence();
        assert!(c.check(&spans()).is_ok());
        c.spans.swap(0, 1);
        assert_eq!(c.check(&spans()).unwrap_err(), "its margins are out of order");
        let c = Confidence { spans: vec![(1, 2, 1.0)], extracted: vec![1.0] };
        assert_eq!(c.check(&spans()).unwrap_err(), "a margin names no span (1..2)");
    }

    use crate::{Edit, Workspace};
    use nomen_core::Document;

    const TEXT: &str = "Haftar met Conte in Rome on Monday with Rada.";

    /// One document pre-annotated with margins: Haftar 9, Conte 0.5, Rome 6, Monday 1.5, Rada 0.8.
    fn workspace() -> Workspace {
        let mut ws = Workspace::default();
        ws.add_documents(vec![Document::new(TEXT)]).unwrap();
        let scored = [(0, 6, "PERSON", 9.0), (11, 16, "PERSON", 0.5), (20, 24, "GPE", 6.0), (28, 34, "DATE", 1.5), (40, 44, "ORG", 0.8)]
            .map(|(s, e, l, m)| (Span::new(s, e, l), m));
        ws.apply("doc-1", Edit::PreAnnotate { spans: scored.iter().map(|(s, _)| s.clone()).collect() }).unwrap();
        let generation = ws.generation();
        assert!(ws.set_confidence("doc-1", scored.to_vec()));
        assert!(ws.generation() > generation, "margins are saved, so they count as a change");
        assert!(!ws.set_confidence("doc-1", scored.to_vec()), "the same margins again change nothing");
        ws
    }

    fn uncertain(ws: &Workspace) -> Vec<(usize, usize)> {
        ws.doc("doc-1").unwrap().confidence().margins().iter().filter(|m| m.2 < 2.0).map(|&(s, e, _)| (s, e)).collect()
    }

    #[test]
    fn margins_stay_until_the_analyst_touches_the_span() {
        let mut ws = workspace();
        assert_eq!(uncertain(&ws), [(11, 16), (28, 34), (40, 44)]);
        ws.apply("doc-1", Edit::Relabel { start: 11, end: 16, label: "ORG".into() }).unwrap();
        assert_eq!(uncertain(&ws), [(28, 34), (40, 44)], "a relabelled span is certain");
        ws.apply("doc-1", Edit::MoveBoundary { start: 28, end: 34, new_start: 25, new_end: 34 }).unwrap();
        assert_eq!(uncertain(&ws), [(40, 44)], "a moved span is certain");
        ws.undo("doc-1").unwrap();
        ws.undo("doc-1").unwrap();
        assert_eq!(uncertain(&ws), [(40, 44)], "undo brings no margin back: the analyst has looked");
        ws.apply("doc-1", Edit::Revise { remove: vec![(40, 44)], add: vec![Span::new(40, 44, "PERSON")] }).unwrap();
        assert!(uncertain(&ws).is_empty(), "a corpus-wide change touches the span too");
        let doc = ws.doc("doc-1").unwrap();
        assert_eq!(doc.confidence().margin(0, 6), Some(9.0), "untouched certain spans keep theirs");
        assert_eq!(doc.confidence().uncertainty(2.0), Uncertainty { uncertain: 3, least: Some(0.5), remaining: 0 }, "the rank stays");
    }

    #[test]
    fn a_removed_or_hand_made_span_has_no_margin() {
        let mut ws = workspace();
        ws.apply("doc-1", Edit::RemoveSpan { start: 11, end: 16 }).unwrap();
        ws.apply("doc-1", Edit::AddSpan { start: 11, end: 16, label: "PERSON".into() }).unwrap();
        assert_eq!(ws.doc("doc-1").unwrap().confidence().margin(11, 16), None);
    }

    #[test]
    fn accepting_all_or_marking_done_confirms_every_span() {
        let mut ws = workspace();
        ws.apply("doc-1", Edit::AcceptAll).unwrap();
        assert!(uncertain(&ws).is_empty());
        let mut ws = workspace();
        ws.apply("doc-1", Edit::MarkDone).unwrap();
        assert!(uncertain(&ws).is_empty());
        assert_eq!(ws.doc("doc-1").unwrap().confidence().uncertainty(2.0).uncertain, 3);
    }

    #[test]
    fn late_margins_for_a_touched_document_are_ignored_and_a_new_pre_annotation_replaces_them() {
        let mut ws = workspace();
        ws.apply("doc-1", Edit::RemoveSpan { start: 0, end: 6 }).unwrap();
        assert!(!ws.set_confidence("doc-1", vec![(Span::new(11, 16, "PERSON"), 0.1)]), "edited: the answer is stale");
        assert!(!ws.set_confidence("doc-9", vec![]), "no such document");
        let mut ws = workspace();
        ws.apply("doc-1", Edit::PreAnnotate { spans: vec![Span::new(0, 6, "PERSON")] }).unwrap();
        assert!(ws.doc("doc-1").unwrap().confidence().is_empty(), "the old margins named the old spans");
        assert!(ws.set_confidence("doc-1", vec![(Span::new(0, 6, "PERSON"), 0.2)]));
        assert_eq!(uncertain(&ws), [(0, 6)]);
        ws.undo("doc-1").unwrap();
        assert!(ws.doc("doc-1").unwrap().confidence().is_empty(), "undoing the pre-annotation leaves none");
    }

    #[test]
    fn margins_survive_a_reload_and_older_saves_load_without() {
        let mut ws = workspace();
        ws.apply("doc-1", Edit::Relabel { start: 11, end: 16, label: "ORG".into() }).unwrap();
        let loaded = Workspace::from_json(&ws.to_json()).unwrap();
        assert_eq!(loaded, ws);
        assert_eq!(uncertain(&loaded), [(28, 34), (40, 44)]);
        // A format 2 save: no `confidence` anywhere.
        let mut old: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
        old["version"] = 2.into();
        old["docs"][0].as_object_mut().unwrap().remove("confidence");
        let loaded = Workspace::from_json(&old.to_string()).unwrap();
        assert!(loaded.doc("doc-1").unwrap().confidence().is_empty());
        // A document without margins saves as before.
        let plain = Workspace::from_json(&old.to_string()).unwrap().to_json();
        assert!(!plain.contains("confidence"), "{plain}");
        // A damaged value is refused with the document named.
        let mut bad: serde_json::Value = serde_json::from_str(&ws.to_json()).unwrap();
        bad["docs"][0]["confidence"]["spans"][0][0] = 1.into();
        let err = Workspace::from_json(&bad.to_string()).unwrap_err();
        assert_eq!(err.to_string(), "the saved document \"doc-1\" is damaged: a margin names no span (1..6)");
    }

    #[test]
    fn documents_order_least_certain_first_ties_in_workspace_order() {
        let mut ws = Workspace::default();
        let texts = ["Haftar met Conte.", "Rome and Paris.", "Nothing here.", "Rada and Nawasi."];
        ws.add_documents(texts.iter().map(|t| Document::new(*t)).collect()).unwrap();
        let pre = |ws: &mut Workspace, id: &str, scored: &[(usize, usize, &str, f32)]| {
            let scored: Vec<(Span, f32)> = scored.iter().map(|&(s, e, l, m)| (Span::new(s, e, l), m)).collect();
            ws.apply(id, Edit::PreAnnotate { spans: scored.iter().map(|(s, _)| s.clone()).collect() }).unwrap();
            ws.set_confidence(id, scored);
        };
        pre(&mut ws, "doc-1", &[(0, 6, "PERSON", 5.0), (11, 16, "PERSON", 1.0)]);
        pre(&mut ws, "doc-2", &[(0, 4, "GPE", 0.3), (9, 14, "GPE", 0.9)]);
        pre(&mut ws, "doc-4", &[(0, 4, "ORG", 0.2), (9, 15, "PERSON", 8.0)]);
        let order: Vec<&str> = ws.least_certain_first(2.0).iter().map(|d| d.id()).collect();
        assert_eq!(order, ["doc-2", "doc-4", "doc-1", "doc-3"], "two uncertain spans, then one (the smaller margin first), then none");
        // Working on a document does not move it.
        ws.apply("doc-2", Edit::MarkDone).unwrap();
        let order: Vec<&str> = ws.least_certain_first(2.0).iter().map(|d| d.id()).collect();
        assert_eq!(order, ["doc-2", "doc-4", "doc-1", "doc-3"]);
    }
}
