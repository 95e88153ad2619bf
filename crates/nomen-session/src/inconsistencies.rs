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
//! found in the text between spans: at every place a word can start, the
//! longest labelled text that is there and ends where a word can end (so
//! "Tripoli" inside an unlabelled "Tripoli Airport" that is a name elsewhere
//! counts for the longer name), and the scan goes on after it. A place inside
//! a longer span ("Bank of Tripoli") is part of another name, not an
//! inconsistency, and neither a span nor a longer text that is not whole
//! words hides a shorter one that is.
//!
//! This runs on the page's main thread over whole corpora (5,000 documents,
//! three million words in BENCHMARKS.md), so the scan is `text_scan`'s (a
//! look-up or two per place, however many labelled texts there are), and a
//! place shares its document id and label instead of owning a string each.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use nomen_core::Span;

use crate::batch::{apply_plans, BatchOutcome, DocPlan, Refusal};
use crate::entry::DocEntry;
use crate::text_scan::{inside_word, piece_end, Lexicon};
use crate::workspace::Workspace;

/// One place a text occurs, with its label there (`None`: unlabelled).
///
/// The document id and the label are shared (`Arc`): a corpus has a million
/// places and a few thousand documents and labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub doc: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub label: Option<Arc<str>>,
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

/// One place: text number, document index, start, end (code points), label number (`None`: unlabelled).
#[derive(Clone, Copy)]
struct Place {
    text: u32,
    doc: u32,
    start: u32,
    end: u32,
    label: Option<u32>,
}

/// Every text labelled differently in different places, or labelled in some
/// places and not in others, most places first.
pub fn find(ws: &Workspace) -> Vec<Inconsistency> {
    // With pauses that are always ready, the search runs to its end in one poll.
    let search = pin!(find_pausing(ws, usize::MAX, || std::future::ready(())));
    match search.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(found) => found,
        Poll::Pending => Vec::new(),
    }
}

/// [`find`], awaiting `pause()` after collecting the labelled texts, after
/// every `every` documents of the scan and before gathering the places, so
/// that a page can paint and answer input in between (the page's pause is a
/// zero-delay timer; nothing here knows of one).
pub async fn find_pausing<P, F>(ws: &Workspace, every: usize, mut pause: P) -> Vec<Inconsistency>
where
    P: FnMut() -> F,
    F: Future<Output = ()>,
{
    let docs = ws.docs();
    let labelled = LabelledTexts::of(docs);
    if labelled.lexicon.names().is_empty() {
        return Vec::new();
    }
    pause().await;
    // Every place, document by document and in the order of the text.
    let mut places: Vec<Place> = Vec::with_capacity(labelled.spans.len() * 4);
    let mut spans = labelled.spans.iter().copied();
    for (d, entry) in docs.iter().enumerate() {
        if d > 0 && d % every.max(1) == 0 {
            pause().await;
        }
        scan(&labelled.lexicon, entry, d as u32, &mut spans, &mut places);
    }
    pause().await;
    gather(&labelled, docs, &places)
}

/// Every labelled text and every label of the corpus, numbered.
struct LabelledTexts<'a> {
    lexicon: Lexicon<'a>,
    labels: Vec<&'a str>,
    /// The text and label numbers of every span, in the order of the documents and their spans.
    spans: Vec<(u32, u32)>,
}

impl<'a> LabelledTexts<'a> {
    fn of(docs: &'a [Arc<DocEntry>]) -> LabelledTexts<'a> {
        let mut lexicon = Lexicon::new();
        let mut labels: Vec<&str> = Vec::new();
        let mut spans = Vec::new();
        for entry in docs {
            let (text, offsets) = (entry.text(), entry.offsets());
            for span in entry.spans() {
                // Spans are in bounds (the workspace checks), so every span has its text.
                let Some(span_text) = offsets.byte_range(span.start, span.end).and_then(|r| text.get(r)) else { continue };
                let label = match labels.iter().position(|&l| l == span.label) {
                    Some(i) => i,
                    None => {
                        labels.push(&span.label);
                        labels.len() - 1
                    }
                };
                spans.push((lexicon.add(span_text), label as u32));
            }
        }
        LabelledTexts { lexicon, labels, spans }
    }
}

/// The places of one document, in the order of its text: the unlabelled ones
/// between the spans, then the span itself (its numbers taken from `spans`).
fn scan(lexicon: &Lexicon, entry: &DocEntry, doc: u32, spans: &mut impl Iterator<Item = (u32, u32)>, places: &mut Vec<Place>) {
    let (text, offsets) = (entry.text(), entry.offsets());
    let mut gap_start = 0;
    // The spans that [`LabelledTexts::of`] numbered: those whose text it could take.
    let bounds = entry.spans().iter().filter_map(|s| {
        let range = offsets.byte_range(s.start, s.end)?;
        text.get(range.clone())?;
        Some((range, s))
    });
    for next in bounds.map(Some).chain([None]) {
        let gap_end = next.as_ref().map_or(text.len(), |(r, _)| r.start);
        // A gap that starts inside a word (a span ended there) starts at the word's end.
        let mut at = if inside_word(text, gap_start) { piece_end(text, gap_start) } else { gap_start };
        while at < gap_end {
            let first_end = piece_end(text, at);
            let Some((n, end)) = lexicon.longest_at(text, at, first_end, gap_end) else {
                at = first_end;
                continue;
            };
            // Piece ends are character boundaries, so both convert.
            if let (Some(start), Some(stop)) = (offsets.byte_to_char(at), offsets.byte_to_char(end)) {
                places.push(Place { text: n, doc, start: start as u32, end: stop as u32, label: None });
            }
            at = end;
        }
        let Some((range, span)) = next else { break };
        if let Some((n, label)) = spans.next() {
            places.push(Place { text: n, doc, start: span.start as u32, end: span.end as u32, label: Some(label) });
        }
        gap_start = range.end;
    }
}

/// The texts with two or more distinct labels among their places (unlabelled
/// counts as one), with their counts and places.
fn gather(labelled: &LabelledTexts, docs: &[Arc<DocEntry>], places: &[Place]) -> Vec<Inconsistency> {
    let (names, labels) = (labelled.lexicon.names(), &labelled.labels);
    // Per text: its places, its first label, and whether another one follows.
    let mut per_text: Vec<(usize, Option<Option<u32>>, bool)> = vec![(0, None, false); names.len()];
    for place in places {
        let (count, first, mixed) = &mut per_text[place.text as usize];
        *count += 1;
        match first {
            None => *first = Some(place.label),
            Some(label) => *mixed |= *label != place.label,
        }
    }
    let mut slot: Vec<Option<usize>> = vec![None; names.len()];
    let mut found: Vec<Inconsistency> = Vec::new();
    for (n, &(count, _, mixed)) in per_text.iter().enumerate() {
        if mixed {
            slot[n] = Some(found.len());
            found.push(Inconsistency { text: names[n].to_string(), counts: Vec::new(), occurrences: Vec::with_capacity(count) });
        }
    }
    let ids: Vec<Arc<str>> = docs.iter().map(|d| Arc::from(d.id())).collect();
    let shared_labels: Vec<Arc<str>> = labels.iter().map(|&l| Arc::from(l)).collect();
    // Per inconsistency, the count of each label (unlabelled last).
    let mut counts: Vec<Vec<usize>> = vec![vec![0; labels.len() + 1]; found.len()];
    for place in places {
        let Some(i) = slot[place.text as usize] else { continue };
        counts[i][place.label.map_or(labels.len(), |l| l as usize)] += 1;
        found[i].occurrences.push(Occurrence {
            doc: ids[place.doc as usize].clone(),
            start: place.start as usize,
            end: place.end as usize,
            label: place.label.map(|l| shared_labels[l as usize].clone()),
        });
    }
    for (item, per_label) in found.iter_mut().zip(counts) {
        let mut counts: Vec<(Option<String>, usize)> = per_label
            .into_iter()
            .enumerate()
            .filter(|&(_, count)| count > 0)
            .map(|(l, count)| (labels.get(l).map(|l| l.to_string()), count))
            .collect();
        // Most frequent first, alphabetical among equals; unlabelled last.
        counts.sort_by(|(a, na), (b, nb)| a.is_none().cmp(&b.is_none()).then(nb.cmp(na)).then(a.cmp(b)));
        item.counts = counts;
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
            doc: place.doc.to_string(),
            start: place.start,
            end: place.end,
            text: item.text.clone(),
            reason: reason.to_string(),
        };
        let Some(&d) = index.get(&*place.doc) else {
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
        Document::new(text).with_id(id).with_spans(spans)
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
            tripoli.occurrences.iter().map(|o| (&*o.doc, o.start, o.end, o.label.as_deref())).collect();
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
    fn neither_a_longer_text_that_is_not_whole_words_nor_a_span_hides_a_shorter_one() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc("a", "New York and Tripoli Airport.", vec![Span::new(0, 8, "GPE"), Span::new(13, 28, "FAC")]),
            doc("b", "New, the band, in Tripoli.", vec![Span::new(0, 3, "ORG"), Span::new(18, 25, "GPE")]),
            // "New York" runs on into "Yorker", "Tripoli Airport" into a span.
            doc("c", "The New Yorker. Tripoli Airport.", vec![Span::new(24, 31, "FAC")]),
            // A span that ends inside a word: the rest of the word is no place.
            doc("d", "Newark, New.", vec![Span::new(0, 3, "ORG")]),
        ])
        .unwrap();
        let found = find(&ws);
        let summaries: Vec<String> = found.iter().map(Inconsistency::summary).collect();
        assert_eq!(summaries, ["New: ORG 2, unlabelled 2", "Tripoli: GPE 1, unlabelled 1"]);
        let unlabelled: Vec<(&str, usize, usize)> =
            found.iter().flat_map(|i| &i.occurrences).filter(|o| o.label.is_none()).map(|o| (&*o.doc, o.start, o.end)).collect();
        assert_eq!(unlabelled, [("c", 4, 7), ("d", 8, 11), ("c", 16, 23)]);
    }

    #[test]
    fn found_in_steps_the_same_as_at_once() {
        let ws = ws();
        let pauses = std::cell::Cell::new(0);
        let found = {
            let search = pin!(find_pausing(&ws, 1, || {
                pauses.set(pauses.get() + 1);
                std::future::ready(())
            }));
            let Poll::Ready(found) = search.poll(&mut Context::from_waker(Waker::noop())) else { panic!("ready pauses never wait") };
            found
        };
        assert_eq!(found, find(&ws));
        let pauses = pauses.get();
        assert_eq!(pauses, 4, "after the labelled texts, between the three documents, before gathering");
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
