//! Merging two analysts' annotations into gold, difference by difference.
//!
//! Two sets of documents (two exports, or the current work and an export)
//! are paired document by document (same id and text, else same text).
//! Within a pair, spans both sides have (same bounds and label) are agreed
//! and kept; every other span belongs to exactly one [`Diff`]: the spans of
//! both sides that overlap each other, transitively, so a decision never
//! leaves overlapping spans behind. A difference is
//!
//! - `only-a` / `only-b`: a span one side has and the other has nothing there;
//! - `label`: both have a span with the same bounds, labelled differently;
//! - `boundary`: both have spans there, with other bounds (any labels,
//!   one span against several: "Bank of America" against "Bank" + "America").
//!
//! The analyst takes A or B for each; the result is a set of documents with
//! the agreed spans and the chosen ones. A document on one side only is
//! compared against no spans, so each of its spans is an `only-a` (or
//! `only-b`) difference. Agreement per label is the core's exact-match
//! scorer, A as reference, over the documents both sides have.
//!
//! An adjudication in progress is workspace state ([`crate::Workspace::adjudication`]):
//! it is saved with the workspace (decisions, the document on screen, the
//! focused difference) and read back through the same checks as the rest
//! (spans in bounds, indexes that exist), so a reload finds it where it was.
//! The agreement is not saved: it is computed again from the documents.

use std::collections::HashMap;

use nomen_core::eval::{Report, Scorer};
use nomen_core::{DocError, Document, Span};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One of the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    A,
    B,
}

/// What kind of difference (the page's `data-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiffKind {
    OnlyA,
    OnlyB,
    Label,
    Boundary,
}

impl DiffKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::OnlyA => "only-a",
            DiffKind::OnlyB => "only-b",
            DiffKind::Label => "label",
            DiffKind::Boundary => "boundary",
        }
    }
}

/// One place where A and B disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diff {
    pub kind: DiffKind,
    /// The code points the spans of both sides cover here, together.
    pub start: usize,
    pub end: usize,
    /// A's spans here (sorted), and B's.
    pub a: Vec<Span>,
    pub b: Vec<Span>,
    pub decision: Option<Side>,
}

impl Diff {
    pub fn side(&self, side: Side) -> &[Span] {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }
}

/// Which sides a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    Both,
    OnlyA,
    OnlyB,
}

/// One document under adjudication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocDiff {
    /// The id it had (A's, else B's); `None` if neither had one.
    pub id: Option<String>,
    pub text: String,
    pub presence: Presence,
    /// Spans both sides have.
    pub agreed: Vec<Span>,
    pub diffs: Vec<Diff>,
    /// The meta of A's document (else B's), kept on the result.
    pub meta: serde_json::Map<String, serde_json::Value>,
}

impl DocDiff {
    pub fn undecided(&self) -> usize {
        self.diffs.iter().filter(|d| d.decision.is_none()).count()
    }

    /// The agreed spans and those of each decided difference's chosen side, sorted.
    pub fn merged(&self) -> Vec<Span> {
        let mut spans = self.agreed.clone();
        for diff in &self.diffs {
            if let Some(side) = diff.decision {
                spans.extend(diff.side(side).iter().cloned());
            }
        }
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }
}

/// Why two sets of documents cannot be adjudicated, or a decision not made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AdjudicationError {
    #[error("{side_name}: document {number}{}: {source}", id_note(.id))]
    InvalidDocument { side_name: String, number: usize, id: Option<String>, source: DocError },
    #[error("no differences to decide: {0}")]
    NoSuchDiff(String),
    #[error("{undecided} difference{} in {docs} document{} still to decide", plural(*.undecided), plural(*.docs))]
    Undecided { undecided: usize, docs: usize },
}

fn id_note(id: &Option<String>) -> String {
    id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Two sides compared, document by document, and where the analyst is.
///
/// Deserializing checks what the page relies on (see [`Adjudication::check`])
/// and computes the agreement again, so a damaged save cannot make an
/// adjudication that panics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SavedAdjudication")]
pub struct Adjudication {
    pub a_name: String,
    pub b_name: String,
    pub docs: Vec<DocDiff>,
    /// The document on screen (an index into `docs`; 0 when there is none).
    pub doc: usize,
    /// Its focused difference (an index into that document's `diffs`).
    pub focus: Option<usize>,
    /// Agreement per label before any decision (A as reference); not saved.
    #[serde(skip_serializing)]
    pub agreement: Report,
}

/// The saved shape of an [`Adjudication`], before any check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedAdjudication {
    a_name: String,
    b_name: String,
    docs: Vec<DocDiff>,
    doc: usize,
    focus: Option<usize>,
}

impl TryFrom<SavedAdjudication> for Adjudication {
    type Error = String;

    fn try_from(saved: SavedAdjudication) -> Result<Adjudication, String> {
        let SavedAdjudication { a_name, b_name, docs, doc, focus } = saved;
        let agreement = agreement(&docs);
        let adj = Adjudication { a_name, b_name, docs, doc, focus, agreement };
        adj.check()?;
        Ok(adj)
    }
}

/// Agreement per label (A as reference) over the documents both sides have:
/// A's spans are the agreed ones and A's side of each difference, B's likewise.
fn agreement(docs: &[DocDiff]) -> Report {
    let mut scorer = Scorer::new();
    for d in docs.iter().filter(|d| d.presence == Presence::Both) {
        let side = |side: Side| d.agreed.iter().chain(d.diffs.iter().flat_map(|x| x.side(side))).cloned().collect::<Vec<Span>>();
        scorer.add(&side(Side::A), &side(Side::B));
    }
    scorer.report()
}

/// Splits two span lists (each sorted, non-overlapping) into agreed spans
/// and differences.
pub fn diff_spans(a: &[Span], b: &[Span]) -> (Vec<Span>, Vec<Diff>) {
    let mut a: Vec<&Span> = a.iter().collect();
    let mut b: Vec<&Span> = b.iter().collect();
    a.sort_by_key(|s| (s.start, s.end));
    b.sort_by_key(|s| (s.start, s.end));
    let in_b: std::collections::HashSet<(usize, usize, &str)> = b.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
    let in_a: std::collections::HashSet<(usize, usize, &str)> = a.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
    let agreed: Vec<Span> = a.iter().filter(|s| in_b.contains(&(s.start, s.end, s.label.as_str()))).map(|s| (*s).clone()).collect();
    let rest_a: Vec<&Span> = a.into_iter().filter(|s| !in_b.contains(&(s.start, s.end, s.label.as_str()))).collect();
    let rest_b: Vec<&Span> = b.into_iter().filter(|s| !in_a.contains(&(s.start, s.end, s.label.as_str()))).collect();
    // Sweep both lists in start order; a group grows while the next span starts before its end.
    let mut tagged: Vec<(Side, &Span)> = rest_a.iter().map(|s| (Side::A, *s)).chain(rest_b.iter().map(|s| (Side::B, *s))).collect();
    tagged.sort_by_key(|(side, s)| (s.start, s.end, *side == Side::B));
    let mut diffs: Vec<Diff> = Vec::new();
    let mut group: Vec<(Side, &Span)> = Vec::new();
    let mut group_end = 0;
    let flush = |group: &mut Vec<(Side, &Span)>, diffs: &mut Vec<Diff>| {
        if group.is_empty() {
            return;
        }
        let pick = |side: Side| group.iter().filter(|(s, _)| *s == side).map(|(_, span)| (*span).clone()).collect::<Vec<Span>>();
        let (a, b) = (pick(Side::A), pick(Side::B));
        let kind = match (a.as_slice(), b.as_slice()) {
            (_, []) => DiffKind::OnlyA,
            ([], _) => DiffKind::OnlyB,
            ([x], [y]) if (x.start, x.end) == (y.start, y.end) => DiffKind::Label,
            _ => DiffKind::Boundary,
        };
        let start = group.iter().map(|(_, s)| s.start).min().unwrap_or(0);
        let end = group.iter().map(|(_, s)| s.end).max().unwrap_or(0);
        diffs.push(Diff { kind, start, end, a, b, decision: None });
        group.clear();
    };
    for (side, span) in tagged {
        if !group.is_empty() && span.start >= group_end {
            flush(&mut group, &mut diffs);
        }
        group_end = if group.is_empty() { span.end } else { group_end.max(span.end) };
        group.push((side, span));
    }
    flush(&mut group, &mut diffs);
    (agreed, diffs)
}

/// Pairs the documents of `a` and `b` and finds their differences. Every
/// document must be valid (spans in bounds, non-overlapping).
pub fn adjudicate(a_name: &str, a: Vec<Document>, b_name: &str, b: Vec<Document>) -> Result<Adjudication, AdjudicationError> {
    for (name, docs) in [(a_name, &a), (b_name, &b)] {
        for (i, doc) in docs.iter().enumerate() {
            doc.validate().map_err(|source| AdjudicationError::InvalidDocument {
                side_name: name.to_string(),
                number: i + 1,
                id: doc.id.clone(),
                source,
            })?;
        }
    }
    let mut taken = vec![false; b.len()];
    let by_id: HashMap<&str, usize> = b.iter().enumerate().filter_map(|(i, d)| Some((d.id.as_deref()?, i))).collect();
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in b.iter().enumerate() {
        by_text.entry(d.text.as_str()).or_default().push(i);
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (i, doc) in a.iter().enumerate() {
        let same_id = doc.id.as_deref().and_then(|id| by_id.get(id)).copied().filter(|&j| !taken[j] && b[j].text == doc.text);
        let same_text = || by_text.get(doc.text.as_str()).and_then(|list| list.iter().copied().find(|&j| !taken[j]));
        let found = same_id.or_else(same_text);
        if let Some(j) = found {
            taken[j] = true;
        }
        pairs.push((Some(i), found));
    }
    pairs.extend((0..b.len()).filter(|&j| !taken[j]).map(|j| (None, Some(j))));

    let mut docs = Vec::with_capacity(pairs.len());
    for (i, j) in pairs {
        let (da, db) = (i.map(|i| &a[i]), j.map(|j| &b[j]));
        let none: &[Span] = &[];
        let (spans_a, spans_b) = (da.map_or(none, |d| &d.spans), db.map_or(none, |d| &d.spans));
        let (agreed, diffs) = diff_spans(spans_a, spans_b);
        let Some(first) = da.or(db) else { continue };
        let mut meta = first.meta.clone();
        meta.remove(crate::STATUS_KEY);
        docs.push(DocDiff {
            id: da.and_then(|d| d.id.clone()).or_else(|| db.and_then(|d| d.id.clone())),
            text: first.text.clone(),
            presence: match (da, db) {
                (Some(_), Some(_)) => Presence::Both,
                (Some(_), None) => Presence::OnlyA,
                _ => Presence::OnlyB,
            },
            agreed,
            diffs,
            meta,
        });
    }
    let agreement = agreement(&docs);
    let doc = docs.iter().position(|d| !d.diffs.is_empty()).unwrap_or(0);
    Ok(Adjudication { a_name: a_name.to_string(), b_name: b_name.to_string(), docs, doc, focus: None, agreement })
}

impl Adjudication {
    /// What the page relies on, checked on a loaded adjudication: every span
    /// and difference within its text and non-empty, each document's agreed
    /// spans and differences apart, the document on screen and the focused
    /// difference existing.
    pub fn check(&self) -> Result<(), String> {
        for (number, d) in self.docs.iter().enumerate().map(|(i, d)| (i + 1, d)) {
            let len = d.text.chars().count();
            let name = d.id.as_deref().map(|id| format!("document {number} ({id})")).unwrap_or(format!("document {number}"));
            let in_text = |start: usize, end: usize| start < end && end <= len;
            let spans = d.agreed.iter().chain(d.diffs.iter().flat_map(|x| x.a.iter().chain(&x.b)));
            if let Some(s) = spans.clone().find(|s| !in_text(s.start, s.end) || s.label.is_empty()) {
                return Err(format!("{name}: the span {}..{} {:?} is not within its text", s.start, s.end, s.label));
            }
            for diff in &d.diffs {
                let inside = diff.a.iter().chain(&diff.b).all(|s| diff.start <= s.start && s.end <= diff.end);
                if !in_text(diff.start, diff.end) || !inside || (diff.a.is_empty() && diff.b.is_empty()) {
                    return Err(format!("{name}: the difference at {}..{} is damaged", diff.start, diff.end));
                }
            }
            let mut places: Vec<(usize, usize)> =
                d.agreed.iter().map(|s| (s.start, s.end)).chain(d.diffs.iter().map(|x| (x.start, x.end))).collect();
            places.sort_unstable();
            if places.windows(2).any(|w| w[1].0 < w[0].1) {
                return Err(format!("{name}: its agreed spans and differences overlap"));
            }
        }
        if self.doc >= self.docs.len().max(1) {
            return Err(format!("the document on screen ({}) is not one of the {}", self.doc + 1, self.docs.len()));
        }
        if let Some(focus) = self.focus {
            if self.docs.get(self.doc).is_none_or(|d| focus >= d.diffs.len()) {
                return Err(format!("the focused difference ({}) is not in document {}", focus + 1, self.doc + 1));
            }
        }
        Ok(())
    }

    pub fn undecided(&self) -> usize {
        self.docs.iter().map(DocDiff::undecided).sum()
    }

    pub fn diff_count(&self) -> usize {
        self.docs.iter().map(|d| d.diffs.len()).sum()
    }

    /// Decides difference `diff` of document `doc` (indexes into `docs` and its `diffs`).
    pub fn decide(&mut self, doc: usize, diff: usize, side: Side) -> Result<(), AdjudicationError> {
        let target = self
            .docs
            .get_mut(doc)
            .and_then(|d| d.diffs.get_mut(diff))
            .ok_or_else(|| AdjudicationError::NoSuchDiff(format!("document {doc}, difference {diff}")))?;
        target.decision = Some(side);
        Ok(())
    }

    /// Decides every undecided difference of document `doc` for `side`; returns how many.
    pub fn decide_rest(&mut self, doc: usize, side: Side) -> Result<usize, AdjudicationError> {
        let target = self.docs.get_mut(doc).ok_or_else(|| AdjudicationError::NoSuchDiff(format!("document {doc}")))?;
        let mut decided = 0;
        for diff in target.diffs.iter_mut().filter(|d| d.decision.is_none()) {
            diff.decision = Some(side);
            decided += 1;
        }
        Ok(decided)
    }

    /// The adjudicated documents, marked done (`meta.status`), with the agreed
    /// and chosen spans; refused while a difference is undecided.
    pub fn result(&self) -> Result<Vec<Document>, AdjudicationError> {
        let undecided = self.undecided();
        if undecided > 0 {
            let docs = self.docs.iter().filter(|d| d.undecided() > 0).count();
            return Err(AdjudicationError::Undecided { undecided, docs });
        }
        Ok(self
            .docs
            .iter()
            .map(|d| {
                let mut doc = Document::new(d.text.clone()).with_spans(d.merged());
                doc.id = d.id.clone();
                doc.meta = d.meta.clone();
                doc.meta.insert(crate::STATUS_KEY.into(), "done".into());
                doc.meta.insert("adjudicated".into(), format!("{} + {}", self.a_name, self.b_name).into());
                doc
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(diffs: &[Diff]) -> Vec<(&'static str, usize, usize, usize, usize)> {
        diffs.iter().map(|d| (d.kind.as_str(), d.start, d.end, d.a.len(), d.b.len())).collect()
    }

    #[test]
    fn every_kind_of_difference() {
        // "Haftar met Boulos in Rome at the Bank of America."
        let a = [
            Span::new(0, 6, "PERSON"),   // agreed
            Span::new(11, 17, "PERSON"), // only A
            Span::new(21, 25, "GPE"),    // label: B says LOC
            Span::new(33, 48, "ORG"),    // boundary: B has two spans
        ];
        let b = [
            Span::new(0, 6, "PERSON"),
            Span::new(21, 25, "LOC"),
            Span::new(33, 37, "ORG"),
            Span::new(41, 48, "GPE"),
            Span::new(49, 52, "DATE"), // only B
        ];
        let (agreed, diffs) = diff_spans(&a, &b);
        assert_eq!(agreed, [Span::new(0, 6, "PERSON")]);
        assert_eq!(
            kinds(&diffs),
            [("only-a", 11, 17, 1, 0), ("label", 21, 25, 1, 1), ("boundary", 33, 48, 1, 2), ("only-b", 49, 52, 0, 1)]
        );
        let shifted = diff_spans(&[Span::new(0, 5, "ORG")], &[Span::new(0, 7, "ORG")]).1;
        assert_eq!(kinds(&shifted), [("boundary", 0, 7, 1, 1)]);
    }

    #[test]
    fn overlapping_disagreements_chain_into_one_difference() {
        // A: [0,5) [6,12); B: [3,8) [10,15): each overlaps the next, so one difference.
        let a = [Span::new(0, 5, "ORG"), Span::new(6, 12, "ORG")];
        let b = [Span::new(3, 8, "GPE"), Span::new(10, 15, "GPE"), Span::new(20, 22, "GPE")];
        let (agreed, diffs) = diff_spans(&a, &b);
        assert!(agreed.is_empty());
        assert_eq!(kinds(&diffs), [("boundary", 0, 15, 2, 2), ("only-b", 20, 22, 0, 1)]);
        // Touching spans do not overlap: two differences.
        let (_, diffs) = diff_spans(&[Span::new(0, 5, "ORG")], &[Span::new(5, 9, "ORG")]);
        assert_eq!(kinds(&diffs), [("only-a", 0, 5, 1, 0), ("only-b", 5, 9, 0, 1)]);
        // An agreement next to a disagreement stays agreed.
        let (agreed, diffs) =
            diff_spans(&[Span::new(0, 5, "ORG"), Span::new(6, 9, "GPE")], &[Span::new(0, 5, "ORG"), Span::new(6, 12, "GPE")]);
        assert_eq!(agreed, [Span::new(0, 5, "ORG")]);
        assert_eq!(kinds(&diffs), [("boundary", 6, 12, 1, 1)]);
        let (agreed, diffs) = diff_spans(&[], &[]);
        assert!(agreed.is_empty() && diffs.is_empty());
    }

    fn doc(id: Option<&str>, text: &str, spans: Vec<Span>) -> Document {
        let mut d = Document::new(text).with_spans(spans);
        d.id = id.map(str::to_string);
        d
    }

    #[test]
    fn documents_pair_by_id_then_text_and_one_sided_ones_are_kept() {
        let a = vec![
            doc(Some("1"), "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE")]),
            doc(Some("2"), "Sarraj in Tunis.", vec![Span::new(0, 6, "PERSON")]),
            doc(Some("only-a"), "Misrata.", vec![Span::new(0, 7, "GPE")]),
        ];
        let b = vec![
            doc(Some("x"), "Sarraj in Tunis.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 15, "GPE")]),
            doc(Some("1"), "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "LOC")]),
            doc(None, "Zawiya.", vec![Span::new(0, 6, "GPE")]),
        ];
        let mut adj = adjudicate("a.jsonl", a, "b.jsonl", b).unwrap();
        let summary: Vec<(Option<&str>, Presence, Vec<&str>)> =
            adj.docs.iter().map(|d| (d.id.as_deref(), d.presence, d.diffs.iter().map(|x| x.kind.as_str()).collect())).collect();
        assert_eq!(
            summary,
            [
                (Some("1"), Presence::Both, vec!["label"]),
                (Some("2"), Presence::Both, vec!["only-b"]),
                (Some("only-a"), Presence::OnlyA, vec!["only-a"]),
                (None, Presence::OnlyB, vec!["only-b"]),
            ]
        );
        assert_eq!(adj.agreement.get("PERSON").unwrap().f1, 1.0);
        assert_eq!(adj.agreement.overall.support, 3, "one-sided documents are not scored");

        assert_eq!(adj.result().unwrap_err().to_string(), "4 differences in 4 documents still to decide");
        adj.decide(0, 0, Side::B).unwrap();
        adj.decide_rest(1, Side::A).unwrap();
        assert_eq!(adj.decide_rest(2, Side::A).unwrap(), 1);
        assert_eq!(adj.decide_rest(2, Side::B).unwrap(), 0, "decided ones stay");
        adj.decide(3, 0, Side::A).unwrap();
        assert!(adj.decide(3, 1, Side::A).is_err());
        let gold = adj.result().unwrap();
        assert_eq!(gold[0].spans, [Span::new(0, 6, "PERSON"), Span::new(10, 14, "LOC")]);
        assert_eq!(gold[1].spans, [Span::new(0, 6, "PERSON")], "Take A: B's extra span is not taken");
        assert_eq!(gold[2].spans, [Span::new(0, 7, "GPE")]);
        assert!(gold[3].spans.is_empty(), "Take A on a document only B had: A had nothing");
        assert!(gold.iter().all(|d| d.meta["status"] == "done" && d.meta["adjudicated"] == "a.jsonl + b.jsonl"));
        assert!(gold.iter().all(|d| d.validate().is_ok()));
    }

    #[test]
    fn a_document_with_same_id_but_other_text_is_not_paired_and_bad_input_is_named() {
        let a = vec![doc(Some("1"), "Haftar in Rome.", vec![])];
        let b = vec![doc(Some("1"), "Haftar in Paris.", vec![])];
        let adj = adjudicate("a", a.clone(), "b", b).unwrap();
        let presence: Vec<Presence> = adj.docs.iter().map(|d| d.presence).collect();
        assert_eq!(presence, [Presence::OnlyA, Presence::OnlyB]);
        let bad = vec![doc(Some("z"), "Rome", vec![Span::new(0, 3, "GPE"), Span::new(2, 4, "GPE")])];
        let err = adjudicate("a", a, "b.jsonl", bad).unwrap_err().to_string();
        assert!(err.starts_with("b.jsonl: document 1 (z): "), "{err}");
    }

    #[test]
    fn any_decisions_give_valid_documents() {
        // Whatever is chosen, the merged spans never overlap.
        let a = [Span::new(0, 5, "ORG"), Span::new(6, 12, "ORG"), Span::new(14, 16, "GPE")];
        let b = [Span::new(3, 8, "GPE"), Span::new(10, 15, "GPE"), Span::new(20, 22, "GPE")];
        let text = "x".repeat(30);
        for choice in 0..4u8 {
            let mut adj = adjudicate("a", vec![doc(Some("d"), &text, a.to_vec())], "b", vec![doc(Some("d"), &text, b.to_vec())]).unwrap();
            for i in 0..adj.docs[0].diffs.len() {
                let side = if choice >> i & 1 == 1 { Side::B } else { Side::A };
                adj.decide(0, i, side).unwrap();
            }
            for d in adj.result().unwrap() {
                assert!(d.validate().is_ok(), "choice {choice}: {:?}", d.spans);
            }
        }
    }
}
