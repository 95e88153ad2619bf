//! Texts labelled one way here and another way there, across the corpus.
//!
//! An annotated corpus is only as good as it is consistent: "Tripoli" as GPE
//! in 41 places and LOC in 2, or labelled in most places and missed in one,
//! is what reviewers look for first. This module finds every such text
//! (exact, case-sensitive, whole tokens) with its counts per label, and makes
//! one consistent in one action (one undoable step per document,
//! [`crate::batch`]).
//!
//! Labelled places come from the spans themselves. Unlabelled places are
//! found by one Aho-Corasick scan of every document for every labelled text
//! (leftmost-longest, so "Tripoli" inside an unlabelled "Tripoli Airport"
//! that is a name elsewhere counts for the longer name), kept only where the
//! match is whole words and touches no span: a place inside a longer span
//! ("Bank of Tripoli") is part of another name, not an inconsistency.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use nomen_core::Span;

use crate::batch::{apply_plans, BatchOutcome, DocPlan, Refusal};
use crate::workspace::Workspace;

/// One place a text occurs, with its label there (`None`: unlabelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub label: Option<String>,
}

/// A text that is not labelled the same everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    pub text: String,
    /// Each label with its count, most frequent first; `None` is unlabelled, always last.
    pub counts: Vec<(Option<String>, usize)>,
    pub occurrences: Vec<Occurrence>,
}

impl Inconsistency {
    /// The most frequent label (unlabelled places do not vote; ties go to the
    /// label first in alphabetical order, so the answer never depends on order).
    pub fn majority(&self) -> Option<&str> {
        self.counts.iter().find_map(|(label, _)| label.as_deref())
    }

    /// "Tripoli: GPE 41, LOC 2, unlabelled 1".
    pub fn summary(&self) -> String {
        let counts: Vec<String> =
            self.counts.iter().map(|(label, n)| format!("{} {n}", label.as_deref().unwrap_or("unlabelled"))).collect();
        format!("{}: {}", self.text, counts.join(", "))
    }

    pub fn total(&self) -> usize {
        self.occurrences.len()
    }
}

/// One place of a text: document index, start, end (code points), label.
type Place<'a> = (usize, usize, usize, Option<&'a str>);

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True if bytes `start..end` of `text` neither start nor end inside a word.
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let inside_before = text[..start].chars().next_back().is_some_and(is_word_char) && text[start..].starts_with(is_word_char);
    let inside_after = text[end..].chars().next().is_some_and(is_word_char) && text[..end].ends_with(is_word_char);
    !inside_before && !inside_after
}

/// Every text labelled differently in different places, or labelled in some
/// places and not in others, most places first.
pub fn find(ws: &Workspace) -> Vec<Inconsistency> {
    // Each labelled text gets a number; per text, its labelled places.
    let mut number: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    // (text number, doc index, start, end, label)
    let mut places: Vec<(usize, usize, usize, usize, Option<&str>)> = Vec::new();
    for (d, entry) in ws.docs().iter().enumerate() {
        for span in entry.spans() {
            let text = entry.slice(span.start, span.end);
            let n = *number.entry(text).or_insert_with(|| {
                names.push(text);
                names.len() - 1
            });
            places.push((n, d, span.start, span.end, Some(span.label.as_str())));
        }
    }
    if names.is_empty() {
        return Vec::new();
    }
    let Ok(automaton) = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&names) else {
        // Only a pattern set beyond the automaton's size limits fails; then there is nothing to scan with.
        return Vec::new();
    };
    for (d, entry) in ws.docs().iter().enumerate() {
        let text = entry.text();
        let offsets = entry.offsets();
        // The spans' byte ranges, sorted like the spans.
        let spans: Vec<std::ops::Range<usize>> = entry.spans().iter().filter_map(|s| offsets.byte_range(s.start, s.end)).collect();
        for m in automaton.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let i = spans.partition_point(|r| r.end <= start);
            if spans.get(i).is_some_and(|r| r.start < end) || !whole_words(text, start, end) {
                continue;
            }
            if let (Some(s), Some(e)) = (offsets.byte_to_char(start), offsets.byte_to_char(end)) {
                places.push((m.pattern().as_usize(), d, s, e, None));
            }
        }
    }
    // Group by text; keep those with two or more distinct labels (unlabelled counts as one).
    let mut by_text: Vec<Vec<Place>> = vec![Vec::new(); names.len()];
    for (n, d, s, e, label) in places {
        by_text[n].push((d, s, e, label));
    }
    let mut found: Vec<Inconsistency> = Vec::new();
    for (n, mut list) in by_text.into_iter().enumerate() {
        let mut counts: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for &(_, _, _, label) in &list {
            *counts.entry(label).or_default() += 1;
        }
        if counts.len() < 2 {
            continue;
        }
        list.sort_by_key(|&(d, s, _, _)| (d, s));
        let mut counts: Vec<(Option<String>, usize)> =
            counts.into_iter().map(|(label, count)| (label.map(str::to_string), count)).collect();
        // Most frequent first, alphabetical among equals; unlabelled last.
        counts.sort_by(|(a, na), (b, nb)| a.is_none().cmp(&b.is_none()).then(nb.cmp(na)).then(a.cmp(b)));
        found.push(Inconsistency {
            text: names[n].to_string(),
            counts,
            occurrences: list
                .into_iter()
                .map(|(d, start, end, label)| Occurrence {
                    doc: ws.docs()[d].id().to_string(),
                    start,
                    end,
                    label: label.map(str::to_string),
                })
                .collect(),
        });
    }
    found.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.text.cmp(&b.text)));
    found
}

/// Gives every place of `item` the label `label` (`None`: no label, the spans
/// are removed), one undoable step per document. Places that changed since
/// `item` was found (the text is no longer there, or a span with other
/// bounds now overlaps it) are refused with the reason.
pub fn make_consistent(ws: &mut Workspace, item: &Inconsistency, label: Option<&str>) -> BatchOutcome {
    let mut outcome = BatchOutcome::default();
    let index: HashMap<&str, usize> = ws.docs().iter().enumerate().map(|(i, d)| (d.id(), i)).collect();
    let mut plans: BTreeMap<usize, DocPlan> = BTreeMap::new();
    for place in &item.occurrences {
        let refuse = |reason: &str| Refusal {
            doc: place.doc.clone(),
            start: place.start,
            end: place.end,
            text: item.text.clone(),
            reason: reason.to_string(),
        };
        let Some(&d) = index.get(place.doc.as_str()) else {
            outcome.refused.push(refuse("the document is no longer in the workspace"));
            continue;
        };
        let entry = &ws.docs()[d];
        if entry.slice(place.start, place.end) != item.text {
            outcome.refused.push(refuse("the text is no longer there"));
            continue;
        }
        let current = entry.span(place.start, place.end).map(|s| s.label.as_str());
        if current.is_none() && crate::search::hit_label(entry, place.start, place.end) != crate::search::HitLabel::Unlabelled {
            outcome.refused.push(refuse("a span with other bounds overlaps it now"));
            continue;
        }
        if current == label {
            outcome.unchanged += 1;
            continue;
        }
        let plan = plans.entry(d).or_default();
        if current.is_some() {
            plan.remove.push((place.start, place.end));
        }
        if let Some(label) = label {
            plan.add.push(Span::new(place.start, place.end, label));
        }
        plan.places += 1;
    }
    apply_plans(ws, plans, &mut outcome);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::Document;

    fn doc(id: &str, text: &str, spans: Vec<Span>) -> Document {
        let mut d = Document::new(text).with_spans(spans);
        d.id = Some(id.into());
        d
    }

    /// Tripoli: GPE twice, LOC once, unlabelled once (plus one inside a longer
    /// span and one inside a word, which do not count); Misrata consistent;
    /// "tripoli" in lower case is another text.
    fn ws() -> Workspace {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc(
                "a",
                "Tripoli and Misrata. Tripoli again.",
                vec![Span::new(0, 7, "GPE"), Span::new(12, 19, "GPE"), Span::new(21, 28, "LOC")],
            ),
            doc(
                "b",
                "In Tripoli, the Bank of Tripoli opened; Tripolitania; tripoli.",
                vec![Span::new(3, 10, "GPE"), Span::new(16, 31, "ORG")],
            ),
            doc("c", "Misrata 🇱🇾 Tripoli", vec![Span::new(0, 7, "GPE")]),
        ])
        .unwrap();
        ws
    }

    #[test]
    fn finds_texts_labelled_differently_or_not_at_all() {
        let ws = ws();
        let found = find(&ws);
        assert_eq!(found.len(), 1, "{found:?}");
        let tripoli = &found[0];
        assert_eq!(tripoli.summary(), "Tripoli: GPE 2, LOC 1, unlabelled 1");
        assert_eq!(tripoli.majority(), Some("GPE"));
        let places: Vec<(&str, usize, usize, Option<&str>)> =
            tripoli.occurrences.iter().map(|o| (o.doc.as_str(), o.start, o.end, o.label.as_deref())).collect();
        assert_eq!(
            places,
            [("a", 0, 7, Some("GPE")), ("a", 21, 28, Some("LOC")), ("b", 3, 10, Some("GPE")), ("c", 11, 18, None)],
            "code points after the flag; not inside the bank's name, a longer word or another case"
        );
        assert_eq!(ws.doc("c").unwrap().slice(11, 18), "Tripoli");
    }

    #[test]
    fn the_longest_name_wins_where_names_nest() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc("a", "Tripoli Airport closed. Tripoli slept.", vec![Span::new(0, 15, "FAC"), Span::new(24, 31, "GPE")]),
            doc("b", "At Tripoli Airport, nothing.", vec![]),
        ])
        .unwrap();
        let found = find(&ws);
        let summaries: Vec<String> = found.iter().map(Inconsistency::summary).collect();
        assert_eq!(summaries, ["Tripoli Airport: FAC 1, unlabelled 1"]);
    }

    #[test]
    fn majority_ties_and_no_labels() {
        let item = Inconsistency {
            text: "X".into(),
            counts: vec![(Some("GPE".into()), 1), (Some("LOC".into()), 1), (None, 5)],
            occurrences: vec![],
        };
        assert_eq!(item.majority(), Some("GPE"));
        assert!(find(&Workspace::default()).is_empty());
    }

    #[test]
    fn one_action_makes_a_text_consistent_and_undo_takes_it_back() {
        let mut ws = ws();
        let before = ws.clone();
        let tripoli = find(&ws).remove(0);
        let outcome = make_consistent(&mut ws, &tripoli, tripoli.majority());
        assert_eq!((outcome.changed, outcome.unchanged, outcome.refused.len()), (2, 2, 0));
        assert_eq!(outcome.docs, ["a", "c"]);
        assert!(find(&ws).is_empty(), "consistent now");
        assert_eq!(ws.doc("c").unwrap().span(11, 18).map(|s| s.label.as_str()), Some("GPE"));
        for id in &outcome.docs {
            ws.undo(id).unwrap();
        }
        assert_eq!(ws, before);

        // No label: every span of the text goes.
        let outcome = make_consistent(&mut ws, &tripoli, None);
        assert_eq!((outcome.changed, outcome.unchanged), (3, 1));
        assert!(ws.docs().iter().flat_map(|d| d.spans().iter().map(move |s| d.slice(s.start, s.end))).all(|t| t != "Tripoli"));
    }

    #[test]
    fn places_changed_since_are_refused_not_dropped() {
        let mut ws = ws();
        let tripoli = find(&ws).remove(0);
        ws.apply("c", crate::Edit::AddSpan { start: 8, end: 18, label: "GPE".into() }).unwrap();
        let outcome = make_consistent(&mut ws, &tripoli, Some("GPE"));
        assert_eq!(outcome.refused.len(), 1);
        assert_eq!(outcome.refused[0].doc, "c");
        assert_eq!(outcome.refused[0].reason, "a span with other bounds overlaps it now");
        assert_eq!(outcome.changed, 1);
    }
}
