//! The page's side of corpus review: what the search, the inconsistency list
//! and the adjudication show, and the reducer arm that changes it.
//!
//! Every decision is made by `nomen_session` (`search`, `inconsistencies`,
//! `adjudicate`, one undo step per document through `Edit::Revise`); this
//! module keeps what the page shows (hits, the focused hit, refusals) beside
//! the workspace, and turns a
//! [`ReviewAction`] into calls on the session. No DOM, no view code: it is
//! tested natively like `state.rs`, whose `Action::Review` lands here.
//!
//! The adjudication in progress (decisions, document on screen, focused
//! difference) is workspace state (`Workspace::adjudication`), saved with the
//! workspace, so a reload finds it where the analyst left it; closing its
//! view keeps it ("Resume adjudication" opens it again), "Discard" ends it.

use std::rc::Rc;
use std::sync::Arc;

use nomen_core::Document;
use nomen_session::adjudicate::{self, Adjudication, Side};
use nomen_session::batch::{BatchOutcome, Refusal};
use nomen_session::inconsistencies::{self, Inconsistency};
use nomen_session::search::{self, Found, Labelling, Query};

use crate::state::{capitalise, plural, AppState, Message};

/// Which review view is open (they share the space above the article).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewView {
    #[default]
    Closed,
    Search,
    Inconsistencies,
    Adjudication,
}

/// The inconsistency list as the page holds it: shared, and equal only to
/// itself. Yew compares props on every render, and a list of a million places
/// compared by value took a second when a new list equal to the old arrived.
#[derive(Debug, Clone, Default)]
pub struct InconsistencyList(Rc<Vec<Inconsistency>>);

impl PartialEq for InconsistencyList {
    fn eq(&self, other: &InconsistencyList) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<Vec<Inconsistency>> for InconsistencyList {
    fn from(items: Vec<Inconsistency>) -> InconsistencyList {
        InconsistencyList(Rc::new(items))
    }
}

impl std::ops::Deref for InconsistencyList {
    type Target = [Inconsistency];

    fn deref(&self) -> &[Inconsistency] {
        &self.0
    }
}

/// A corpus-wide change that "Undo that" can still take back: while the
/// workspace is at `generation`, nothing else has changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastBatch {
    pub what: String,
    pub docs: Vec<String>,
    pub generation: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Review {
    pub view: ReviewView,
    pub query: Query,
    pub found: Rc<Found>,
    /// The inconsistencies as last computed.
    pub inconsistencies: InconsistencyList,
    /// The request for the inconsistency list that is being answered, if
    /// any: the page's `use_inconsistencies` hook finds the list in steps and
    /// answers with [`ReviewAction::InconsistenciesFound`], so a click never
    /// freezes the page. Only the latest request's answer is taken.
    pub finding: Option<u64>,
    /// Requests for the inconsistency list made so far.
    pub requests: u64,
    /// Say how many were found when they arrive (the list was opened, not refreshed).
    pub announce: bool,
    /// What the last corpus-wide change could not do.
    pub refused: Rc<Vec<Refusal>>,
    pub last_batch: Option<LastBatch>,
    /// A hit to select in the article once it is shown: (request number, start, end).
    pub reveal: Option<(u64, usize, usize)>,
    /// How many hits are listed (see [`SHOWN_HITS`]).
    pub shown_hits: usize,
}

impl Review {
    /// True if "Undo that" still applies.
    pub fn can_undo_batch(&self, generation: u64) -> bool {
        self.last_batch.as_ref().is_some_and(|b| b.generation == generation)
    }
}

pub enum ReviewAction {
    Search(Query),
    Close,
    /// List [`SHOWN_HITS`] more hits.
    ShowMoreHits,
    /// Open the document of hit `n` with the hit selected.
    OpenHit(usize),
    /// Label hit `n` by hotkey (relabelling it if it has another label).
    LabelHit {
        hit: usize,
        key: char,
    },
    /// Label every unlabelled hit.
    LabelAllHits(String),
    /// Take back the last corpus-wide change (one undo in each document it touched).
    UndoBatch,
    ShowInconsistencies,
    /// The inconsistency list, found for request `request` (see [`Review::finding`]).
    InconsistenciesFound {
        request: u64,
        items: InconsistencyList,
    },
    /// Give every place of inconsistency `n` the label (`None`: no label).
    MakeConsistent {
        item: usize,
        label: Option<String>,
    },
    /// Two sides read from files (or the current work): compare them.
    Adjudicate {
        a_name: String,
        a: Vec<Document>,
        b_name: String,
        b: Vec<Document>,
    },
    AdjShowDoc(usize),
    AdjFocus(usize),
    /// Decide the focused difference (or difference `diff`).
    Take {
        diff: Option<usize>,
        side: Side,
    },
    /// Decide the rest of the document on screen.
    TakeAll(Side),
    /// Add the adjudicated documents to the workspace, marked done.
    AddAdjudicated,
    /// Show the adjudication in progress again (after Close, or a reload).
    ResumeAdjudication,
    /// End the adjudication in progress without adding anything.
    DiscardAdjudication,
}

fn say(state: &mut AppState, text: impl Into<String>, error: bool) {
    state.message = Some(Message { text: text.into(), error });
}

/// The reducer arm for `Action::Review`.
pub fn reduce(state: &mut AppState, action: ReviewAction) {
    match action {
        ReviewAction::Search(query) => match search::search(&state.ws, &query) {
            Ok(found) => {
                let more = if found.truncated {
                    format!(" (the first {}; narrow the search for the rest)", search::MAX_HITS)
                } else {
                    String::new()
                };
                let n = found.hits.len();
                say(state, format!("{n} hit{} in {} document{}{more}.", plural(n), found.docs, plural(found.docs)), false);
                let review = &mut state.review;
                review.query = query;
                review.found = Rc::new(found);
                review.view = ReviewView::Search;
                review.refused = Rc::default();
                review.shown_hits = SHOWN_HITS;
            }
            Err(err) => say(state, capitalise(&err.to_string()), true),
        },
        ReviewAction::Close => state.review.view = ReviewView::Closed,
        ReviewAction::ShowMoreHits => state.review.shown_hits += SHOWN_HITS,
        ReviewAction::OpenHit(n) => {
            let Some(hit) = state.review.found.hits.get(n).cloned() else { return };
            if let Err(err) = state.ws.set_current(&hit.doc) {
                return say(state, err.to_string(), true);
            }
            let labelled = state.ws.current().and_then(|d| d.span(hit.start, hit.end)).is_some();
            state.selected = labelled.then_some((hit.start, hit.end));
            let reveal = state.review.reveal.map_or(1, |(n, _, _)| n + 1);
            state.review.reveal = (!labelled).then_some((reveal, hit.start, hit.end));
            let text = state.ws.current().map(|d| d.slice(hit.start, hit.end).to_string()).unwrap_or_default();
            say(state, format!("Opened {} at “{text}”. Press 1–9 to label it.", hit.doc), false);
        }
        ReviewAction::LabelHit { hit, key } => {
            let Some(label) = state.ws.schema().by_hotkey(key).map(|l| l.name.clone()) else {
                return say(state, format!("No label has the key {key}."), true);
            };
            let Some(one) = state.review.found.hits.get(hit).cloned() else { return };
            let outcome = search::label_hits(&mut state.ws, &[one], &label, Labelling::All);
            batch_done(state, outcome, "Labelled", &format!("as {label}"), format!("labelling a hit as {label}"));
        }
        ReviewAction::LabelAllHits(label) => {
            let found = state.review.found.clone();
            let outcome = search::label_hits(&mut state.ws, &found.hits, &label, Labelling::Unlabelled);
            batch_done(state, outcome, "Labelled", &format!("as {label}"), format!("labelling the hits as {label}"));
        }
        ReviewAction::UndoBatch => {
            let Some(batch) = state.review.last_batch.take() else { return };
            if batch.generation != state.ws.generation() {
                return say(state, "Something changed since; undo in each document instead (Ctrl+Z).", true);
            }
            let undone = batch.docs.iter().filter(|id| state.ws.undo(id).is_ok()).count();
            say(state, format!("Undid “{}” in {undone} document{}.", batch.what, plural(undone)), false);
            state.selected = None;
            refresh_inconsistencies(state);
        }
        ReviewAction::ShowInconsistencies => {
            state.review.view = ReviewView::Inconsistencies;
            state.review.refused = Rc::default();
            state.review.announce = true;
            refresh_inconsistencies(state);
            say(state, "Finding inconsistencies…", false);
        }
        ReviewAction::InconsistenciesFound { request, items } => {
            // Closed meanwhile, or asked for again since (labels changed by a review action).
            if state.review.view != ReviewView::Inconsistencies || state.review.finding != Some(request) {
                return;
            }
            state.review.inconsistencies = items;
            state.review.finding = None;
            if std::mem::take(&mut state.review.announce) {
                let n = state.review.inconsistencies.len();
                say(state, format!("{n} text{} labelled inconsistently.", plural(n)), false);
            }
        }
        ReviewAction::MakeConsistent { item, label } => {
            let list = state.review.inconsistencies.clone();
            let Some(item) = list.get(item) else { return };
            let outcome = inconsistencies::make_consistent(&mut state.ws, item, label.as_deref());
            match &label {
                Some(label) => batch_done(
                    state,
                    outcome,
                    "Changed",
                    &format!("of “{}” to {label}", item.text),
                    format!("making “{}” {label}", item.text),
                ),
                None => batch_done(state, outcome, "Unlabelled", &format!("of “{}”", item.text), format!("unlabelling “{}”", item.text)),
            }
            refresh_inconsistencies(state);
        }
        ReviewAction::Adjudicate { a_name, a, b_name, b } => match adjudicate::adjudicate(&a_name, a, &b_name, b) {
            Ok(adj) => {
                let (diffs, docs) = (adj.diff_count(), adj.docs.len());
                let replaced = state.ws.start_adjudication(adj);
                let decided = replaced.map_or(0, |old| old.diff_count() - old.undecided());
                let replaced = if decided > 0 {
                    format!(" It replaces the adjudication in progress ({decided} decision{} not added).", plural(decided))
                } else {
                    String::new()
                };
                say(
                    state,
                    format!(
                        "{a_name} (A) against {b_name} (B): {diffs} difference{} in {docs} document{}.{replaced}",
                        plural(diffs),
                        plural(docs)
                    ),
                    false,
                );
                state.review.view = ReviewView::Adjudication;
            }
            Err(err) => say(state, format!("Cannot adjudicate: {err}."), true),
        },
        ReviewAction::AdjShowDoc(doc) => {
            let count = state.ws.adjudication().map_or(0, |a| a.docs.len());
            if doc < count {
                if let Some(adj) = state.ws.adjudication_mut() {
                    adj.doc = doc;
                    adj.focus = None;
                }
            }
        }
        ReviewAction::AdjFocus(diff) => {
            let exists = state.ws.adjudication().is_some_and(|a| a.docs.get(a.doc).is_some_and(|d| diff < d.diffs.len()));
            if exists && state.ws.adjudication().is_some_and(|a| a.focus != Some(diff)) {
                if let Some(adj) = state.ws.adjudication_mut() {
                    adj.focus = Some(diff);
                }
            }
        }
        ReviewAction::Take { diff, side } => {
            let Some((doc, focus)) = state.ws.adjudication().map(|a| (a.doc, a.focus)) else { return };
            let Some(diff) = diff.or(focus) else {
                return say(state, "Choose a difference first (click it, or Tab to it).", true);
            };
            let Some(adj) = state.ws.adjudication_mut() else { return };
            match adj.decide(doc, diff, side) {
                Ok(()) => {
                    // Focus moves on to the next undecided difference.
                    let next = adj.docs[doc].diffs.iter().enumerate().skip(diff + 1).find(|(_, d)| d.decision.is_none()).map(|(i, _)| i);
                    adj.focus = next.or(Some(diff));
                    let left = adj.undecided();
                    say(state, format!("Took {}; {left} difference{} left.", side_name(side), plural(left)), false);
                }
                Err(err) => say(state, capitalise(&err.to_string()), true),
            }
        }
        ReviewAction::TakeAll(side) => {
            let Some(doc) = state.ws.adjudication().map(|a| a.doc) else { return };
            let Some(adj) = state.ws.adjudication_mut() else { return };
            match adj.decide_rest(doc, side) {
                Ok(n) => {
                    let left = adj.undecided();
                    say(state, format!("Took {} for {n} difference{}; {left} left in all.", side_name(side), plural(n)), false);
                }
                Err(err) => say(state, capitalise(&err.to_string()), true),
            }
        }
        ReviewAction::AddAdjudicated => {
            let Some(adj) = state.ws.adjudication().cloned() else { return };
            let docs = match adj.result() {
                Ok(docs) => docs,
                Err(err) => return say(state, format!("{}.", capitalise(&err.to_string())), true),
            };
            let count = docs.len();
            match state.ws.add_documents(docs) {
                Ok(ids) => {
                    if let Some(first) = ids.first() {
                        let _ = state.ws.set_current(first);
                    }
                    state.selected = None;
                    state.ws.end_adjudication();
                    state.review.view = ReviewView::Closed;
                    say(
                        state,
                        format!(
                            "Added {count} adjudicated document{} (marked done) from {} and {}; export them like any other.",
                            plural(count),
                            adj.a_name,
                            adj.b_name
                        ),
                        false,
                    );
                }
                Err(err) => say(state, format!("Could not add the adjudicated documents: {err}."), true),
            }
        }
        ReviewAction::ResumeAdjudication => {
            if state.ws.adjudication().is_some() {
                state.review.view = ReviewView::Adjudication;
            }
        }
        ReviewAction::DiscardAdjudication => {
            if let Some(adj) = state.ws.end_adjudication() {
                let decided = adj.diff_count() - adj.undecided();
                state.review.view = ReviewView::Closed;
                say(
                    state,
                    format!("Discarded the adjudication of {} and {} ({decided} decision{}).", adj.a_name, adj.b_name, plural(decided)),
                    false,
                );
            }
        }
    }
}

/// Hits listed at first, and added by "Show more" (all of them are labelled
/// by "Label all hits"): a row costs about a millisecond to create, and a
/// search must answer in 200 ms.
pub const SHOWN_HITS: usize = 100;
/// Characters of context either side of a hit.
const CONTEXT: usize = 60;

/// One line of the concordance, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    pub index: usize,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub matched: String,
    pub right: String,
    /// The label of a span with exactly the hit's bounds.
    pub label: Option<String>,
    /// A span with other bounds the hit overlaps: "ORG “Bank of Tripoli”".
    pub overlaps: Option<String>,
}

/// What the review panel shows, computed from the state on render.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    Closed,
    Search {
        rows: Rc<Vec<HitRow>>,
        total: usize,
        truncated: bool,
        refused: Rc<Vec<Refusal>>,
        undo: Option<String>,
        labels: Rc<Vec<String>>,
        /// The label "Label all hits" offers first: the one most hits already have.
        suggested: Option<String>,
    },
    Inconsistencies {
        items: InconsistencyList,
        /// The list is being found again (shown as busy; `items` is the last one).
        finding: bool,
        refused: Rc<Vec<Refusal>>,
        undo: Option<String>,
        labels: Rc<Vec<String>>,
    },
    Adjudication {
        adj: Arc<Adjudication>,
    },
}

/// The panel for the open view.
pub fn panel(state: &AppState) -> Panel {
    let review = &state.review;
    let undo = review.can_undo_batch(state.ws.generation()).then(|| review.last_batch.as_ref().map(|b| b.what.clone())).flatten();
    let labels = || Rc::new(state.ws.schema().labels.iter().map(|l| l.name.clone()).collect::<Vec<_>>());
    match review.view {
        ReviewView::Closed => Panel::Closed,
        ReviewView::Search => {
            let docs: std::collections::HashMap<&str, &nomen_session::DocEntry> = state.ws.docs().iter().map(|d| (d.id(), &**d)).collect();
            let rows = review
                .found
                .hits
                .iter()
                .enumerate()
                .take(review.shown_hits)
                .filter_map(|(index, hit)| {
                    let entry = docs.get(hit.doc.as_str())?;
                    let (left, matched, right) = search::concordance(entry, hit.start, hit.end, CONTEXT);
                    let (label, overlaps) = match search::hit_label(entry, hit.start, hit.end) {
                        search::HitLabel::Labelled(label) => (Some(label.to_string()), None),
                        search::HitLabel::Overlaps(span) => (None, Some(format!("{} “{}”", span.label, entry.slice(span.start, span.end)))),
                        search::HitLabel::Unlabelled => (None, None),
                    };
                    Some(HitRow { index, doc: hit.doc.clone(), start: hit.start, end: hit.end, left, matched, right, label, overlaps })
                })
                .collect::<Vec<HitRow>>();
            let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for label in rows.iter().filter_map(|r| r.label.as_deref()) {
                *counts.entry(label).or_default() += 1;
            }
            let suggested = counts.iter().max_by_key(|(label, n)| (**n, std::cmp::Reverse(**label))).map(|(label, _)| label.to_string());
            Panel::Search {
                rows: Rc::new(rows),
                total: review.found.hits.len(),
                truncated: review.found.truncated,
                refused: review.refused.clone(),
                undo,
                labels: labels(),
                suggested,
            }
        }
        ReviewView::Inconsistencies => Panel::Inconsistencies {
            items: review.inconsistencies.clone(),
            finding: review.finding.is_some(),
            refused: review.refused.clone(),
            undo,
            labels: labels(),
        },
        ReviewView::Adjudication => match state.ws.adjudication() {
            Some(adj) => Panel::Adjudication { adj: adj.clone() },
            None => Panel::Closed,
        },
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::A => "A",
        Side::B => "B",
    }
}

/// Reports a corpus-wide change and remembers it for "Undo that".
fn batch_done(state: &mut AppState, outcome: BatchOutcome, verb: &str, object: &str, what: String) {
    say(state, outcome.summary(verb, object), outcome.changed == 0 && !outcome.refused.is_empty());
    state.review.last_batch =
        (!outcome.docs.is_empty()).then(|| LastBatch { what, docs: outcome.docs.clone(), generation: state.ws.generation() });
    state.review.refused = Rc::new(outcome.refused);
    // A selection that no longer names a span is dropped.
    if let (Some((start, end)), Some(doc)) = (state.selected, state.ws.current()) {
        if doc.span(start, end).is_none() {
            state.selected = None;
        }
    }
}

/// Asks for the inconsistency list anew while it is shown (labels changed).
fn refresh_inconsistencies(state: &mut AppState) {
    if state.review.view == ReviewView::Inconsistencies {
        state.review.requests += 1;
        state.review.finding = Some(state.review.requests);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::Span;
    use nomen_session::Workspace;

    fn doc(id: &str, text: &str, spans: Vec<Span>) -> Document {
        Document::new(text).with_id(id).with_spans(spans)
    }

    fn state() -> AppState {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc("a", "Tripoli and Misrata. Tripoli again.", vec![Span::new(0, 7, "GPE")]),
            doc("b", "In Tripoli, the Bank of Tripoli opened.", vec![Span::new(16, 31, "ORG")]),
        ])
        .unwrap();
        AppState::new(ws, String::new(), None)
    }

    /// The action, then what the page's `use_inconsistencies` hook does when asked.
    fn run(state: &mut AppState, action: ReviewAction) {
        reduce(state, action);
        if let (Some(request), ReviewView::Inconsistencies) = (state.review.finding, state.review.view) {
            let items = InconsistencyList::from(inconsistencies::find(&state.ws));
            reduce(state, ReviewAction::InconsistenciesFound { request, items });
        }
    }

    #[test]
    fn search_label_all_and_undo_that() {
        let mut s = state();
        run(&mut s, ReviewAction::Search(Query::text("tripoli")));
        assert_eq!(s.review.found.hits.len(), 4);
        assert_eq!(s.message.as_ref().unwrap().text, "4 hits in 2 documents.");
        run(&mut s, ReviewAction::LabelAllHits("GPE".into()));
        assert_eq!(
            s.message.as_ref().unwrap().text,
            "Labelled 2 spans as GPE in 2 documents (one undo step each); 1 already so; 1 refused, listed below."
        );
        assert_eq!(s.review.refused.len(), 1);
        assert!(s.review.can_undo_batch(s.ws.generation()));
        run(&mut s, ReviewAction::UndoBatch);
        assert_eq!(s.ws.doc("a").unwrap().spans().len(), 1);
        assert_eq!(s.ws.doc("b").unwrap().spans().len(), 1);
        assert!(!s.review.can_undo_batch(s.ws.generation()));

        run(&mut s, ReviewAction::LabelHit { hit: 0, key: '5' });
        let label = s.ws.schema().by_hotkey('5').unwrap().name.clone();
        assert_eq!(s.ws.doc("a").unwrap().spans()[0].label, label, "the focused hit is relabelled by its key");
        run(&mut s, ReviewAction::OpenHit(3));
        assert_eq!(s.ws.current_id(), Some("b"));
        run(&mut s, ReviewAction::Search(Query { regex: true, ..Query::text("(") }));
        assert!(s.message.as_ref().unwrap().error);
    }

    #[test]
    fn inconsistencies_fixed_in_one_action() {
        let mut s = state();
        run(&mut s, ReviewAction::ShowInconsistencies);
        assert_eq!(s.review.inconsistencies.len(), 1);
        assert_eq!(s.review.inconsistencies[0].summary(), "Tripoli: GPE 1, unlabelled 2");
        run(&mut s, ReviewAction::MakeConsistent { item: 0, label: Some("GPE".into()) });
        assert!(s.review.inconsistencies.is_empty(), "the list is recomputed");
        run(&mut s, ReviewAction::UndoBatch);
        assert_eq!(s.review.inconsistencies.len(), 1);
    }

    #[test]
    fn only_the_latest_request_for_the_inconsistencies_is_answered() {
        let mut s = state();
        reduce(&mut s, ReviewAction::ShowInconsistencies);
        assert_eq!(s.review.finding, Some(1));
        assert_eq!(s.message.as_ref().unwrap().text, "Finding inconsistencies…");
        let first = InconsistencyList::from(inconsistencies::find(&s.ws));
        // Asked for again (as after "Make all …") before the first answer arrives.
        reduce(&mut s, ReviewAction::ShowInconsistencies);
        assert_eq!(s.review.finding, Some(2));
        reduce(&mut s, ReviewAction::InconsistenciesFound { request: 1, items: first });
        assert!(s.review.finding.is_some() && s.review.inconsistencies.is_empty(), "an old request's answer is dropped");
        // An edit from elsewhere (the worker's answer, a key) does not make the answer stale.
        s.ws.apply("a", nomen_session::Edit::AddSpan { start: 21, end: 28, label: "GPE".into() }).unwrap();
        let items = InconsistencyList::from(inconsistencies::find(&s.ws));
        reduce(&mut s, ReviewAction::InconsistenciesFound { request: 2, items });
        assert_eq!(s.review.finding, None);
        assert_eq!(s.review.inconsistencies[0].summary(), "Tripoli: GPE 2, unlabelled 1");
        assert_eq!(s.message.as_ref().unwrap().text, "1 text labelled inconsistently.");
        reduce(&mut s, ReviewAction::ShowInconsistencies);
        reduce(&mut s, ReviewAction::Close);
        reduce(&mut s, ReviewAction::InconsistenciesFound { request: 3, items: InconsistencyList::default() });
        assert_eq!(s.review.inconsistencies.len(), 1, "closed: an answer is dropped");
    }

    #[test]
    fn adjudication_to_gold_in_the_workspace() {
        let mut s = state();
        let a = vec![doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE")])];
        let b = vec![doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "LOC")])];
        run(&mut s, ReviewAction::Adjudicate { a_name: "a.jsonl".into(), a, b_name: "b.jsonl".into(), b });
        assert_eq!(s.review.view, ReviewView::Adjudication);
        run(&mut s, ReviewAction::AddAdjudicated);
        assert!(s.message.as_ref().unwrap().text.starts_with("1 difference in 1 document still to decide"));
        run(&mut s, ReviewAction::Take { diff: None, side: Side::B });
        assert!(s.message.as_ref().unwrap().error, "nothing focused");
        run(&mut s, ReviewAction::AdjFocus(0));
        run(&mut s, ReviewAction::Take { diff: None, side: Side::B });
        run(&mut s, ReviewAction::AddAdjudicated);
        let gold = s.ws.doc("g1").unwrap();
        assert_eq!(gold.status(), nomen_session::DocStatus::Done);
        assert_eq!(gold.spans()[1].label, "LOC");
        assert_eq!(s.review.view, ReviewView::Closed);
        assert!(s.ws.adjudication().is_none(), "ended once added");
    }

    /// Half an adjudication survives a reload: decisions, document on screen, focus.
    #[test]
    fn an_adjudication_in_progress_is_saved_closed_resumed_and_discarded() {
        let mut s = state();
        let a = vec![doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE")])];
        let b = vec![doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "ORG"), Span::new(10, 14, "LOC")])];
        run(&mut s, ReviewAction::Adjudicate { a_name: "a.jsonl".into(), a, b_name: "b.jsonl".into(), b });
        run(&mut s, ReviewAction::AdjFocus(0));
        let generation = s.ws.generation();
        run(&mut s, ReviewAction::Take { diff: None, side: Side::A });
        assert!(s.ws.generation() != generation, "a decision is saved");
        assert_eq!(s.ws.adjudication().unwrap().focus, Some(1), "focus moved on");

        let saved = Workspace::from_json(&s.ws.to_json()).unwrap();
        let fresh = std::rc::Rc::new(AppState::new(Workspace::default(), String::new(), None));
        let restored = yew::Reducible::reduce(fresh, crate::state::Action::Restored { workspace: Box::new(saved), problem: None });
        let mut reloaded = (*restored).clone();
        assert_eq!(reloaded.review.view, ReviewView::Adjudication, "shown as it was left");
        let Panel::Adjudication { adj } = panel(&reloaded) else { panic!("the adjudication is shown") };
        assert_eq!((adj.doc, adj.focus, adj.undecided()), (0, Some(1), 1));
        assert_eq!(adj.docs[0].diffs[0].decision, Some(Side::A));

        run(&mut reloaded, ReviewAction::Close);
        assert_eq!(panel(&reloaded), Panel::Closed);
        run(&mut reloaded, ReviewAction::ResumeAdjudication);
        assert!(matches!(panel(&reloaded), Panel::Adjudication { .. }));
        run(&mut reloaded, ReviewAction::DiscardAdjudication);
        assert_eq!(reloaded.message.as_ref().unwrap().text, "Discarded the adjudication of a.jsonl and b.jsonl (1 decision).");
        assert!(reloaded.ws.adjudication().is_none());
        assert_eq!(panel(&reloaded), Panel::Closed);
    }
}
