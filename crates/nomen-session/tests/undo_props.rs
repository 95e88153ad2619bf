//! Undo and redo, checked on random sequences of valid and invalid edits:
//! a refused edit changes nothing, every accepted one keeps the invariants,
//! undoing everything restores the start exactly (spans and status), and
//! redoing everything gets back to the end.

mod common;

use nomen_core::{Document, Span};
use nomen_session::{DocEntry, DocStatus, Edit, EditError, Workspace, MAX_STEPS};
use proptest::prelude::*;

/// An edit described relative to the document it will meet, so that most
/// of them address real spans and real text, and some do not.
#[derive(Debug, Clone)]
enum Seed {
    Add {
        a: usize,
        b: usize,
        label: usize,
    },
    Remove {
        pick: usize,
        exact: bool,
    },
    Relabel {
        pick: usize,
        label: usize,
    },
    Move {
        pick: usize,
        da: isize,
        db: isize,
    },
    AcceptAll,
    MarkDone,
    Reopen,
    Replace {
        seeds: Vec<(bool, usize, usize)>,
        pre: bool,
    },
    /// Remove the spans whose index has its bit set in `mask`, add spans from `seeds`.
    Revise {
        mask: u8,
        seeds: Vec<(bool, usize, usize)>,
    },
}

fn seed() -> impl Strategy<Value = Seed> {
    prop_oneof![
        4 => (0usize..80, 0usize..80, 0usize..12).prop_map(|(a, b, label)| Seed::Add { a, b, label }),
        3 => (any::<usize>(), any::<bool>()).prop_map(|(pick, exact)| Seed::Remove { pick, exact }),
        2 => (any::<usize>(), 0usize..12).prop_map(|(pick, label)| Seed::Relabel { pick, label }),
        3 => (any::<usize>(), -4isize..5, -4isize..5).prop_map(|(pick, da, db)| Seed::Move { pick, da, db }),
        1 => Just(Seed::AcceptAll),
        1 => Just(Seed::MarkDone),
        1 => Just(Seed::Reopen),
        1 => (common::span_seeds(), any::<bool>()).prop_map(|(seeds, pre)| Seed::Replace { seeds, pre }),
        2 => (any::<u8>(), common::span_seeds()).prop_map(|(mask, seeds)| Seed::Revise { mask, seeds }),
    ]
}

/// Labels 0..9 are the schema's; 9..12 are not.
fn label(i: usize) -> String {
    common::labels().get(i).cloned().unwrap_or_else(|| format!("NOPE{i}"))
}

fn shift(x: usize, d: isize) -> usize {
    x.saturating_add_signed(d)
}

fn edit_for(entry: &DocEntry, seed: Seed) -> Edit {
    let spans = entry.spans();
    let picked = |pick: usize| spans.get(pick % spans.len().max(1)).cloned().unwrap_or(Span::new(1, 3, "X"));
    match seed {
        Seed::Add { a, b, label: l } => Edit::AddSpan { start: a.min(b), end: a.max(b), label: label(l) },
        Seed::Remove { pick, exact } => {
            let s = picked(pick);
            Edit::RemoveSpan { start: s.start, end: if exact { s.end } else { s.end + 1 } }
        }
        Seed::Relabel { pick, label: l } => {
            let s = picked(pick);
            Edit::Relabel { start: s.start, end: s.end, label: label(l) }
        }
        Seed::Move { pick, da, db } => {
            let s = picked(pick);
            Edit::MoveBoundary { start: s.start, end: s.end, new_start: shift(s.start, da), new_end: shift(s.end, db) }
        }
        Seed::AcceptAll => Edit::AcceptAll,
        Seed::MarkDone => Edit::MarkDone,
        Seed::Reopen => Edit::Reopen,
        Seed::Replace { seeds, pre } => {
            let spans = common::spans_for(entry.text(), &seeds);
            if pre {
                Edit::PreAnnotate { spans }
            } else {
                Edit::ReplaceSpans { spans }
            }
        }
        Seed::Revise { mask, seeds } => Edit::Revise {
            remove: spans.iter().enumerate().filter(|(i, _)| mask >> (i % 8) & 1 == 1).map(|(_, s)| (s.start, s.end)).collect(),
            add: common::spans_for(entry.text(), &seeds),
        },
    }
}

/// What undo must restore: the document and its status.
fn state(ws: &Workspace) -> (Document, DocStatus) {
    let entry = &ws.docs()[0];
    (entry.document().clone(), entry.status())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn undo_all_restores_start_and_redo_all_restores_end(
        doc in common::document(),
        seeds in prop::collection::vec(seed(), 0..60),
    ) {
        let mut ws = Workspace::default();
        let id = ws.add_documents(vec![doc]).unwrap().remove(0);
        let start = state(&ws);
        let mut accepted = 0;
        for seed in seeds {
            let edit = edit_for(&ws.docs()[0], seed);
            let before = (state(&ws), ws.docs()[0].undo_depth(), ws.docs()[0].redo_depth(), ws.generation());
            match ws.apply(&id, edit.clone()) {
                Ok(applied) => {
                    accepted += 1;
                    prop_assert_eq!(applied.status, ws.docs()[0].status());
                    prop_assert!(!ws.docs()[0].can_redo(), "a new edit clears redo");
                    let spans = ws.docs()[0].spans();
                    match &edit {
                        Edit::AddSpan { start, end, label } => prop_assert!(spans.contains(&Span::new(*start, *end, label.clone()))),
                        Edit::RemoveSpan { start, end } => prop_assert!(!spans.iter().any(|s| (s.start, s.end) == (*start, *end))),
                        Edit::MarkDone => prop_assert_eq!(applied.status, DocStatus::Done),
                        Edit::ReplaceSpans { .. } | Edit::PreAnnotate { .. } => prop_assert_eq!(applied.status, DocStatus::PreAnnotated),
                        _ => {}
                    }
                    if !matches!(edit, Edit::MarkDone | Edit::ReplaceSpans { .. } | Edit::PreAnnotate { .. }) {
                        prop_assert_eq!(applied.status, DocStatus::Edited);
                    }
                }
                Err(err) => {
                    prop_assert_ne!(err.clone(), EditError::HistoryLost);
                    prop_assert!(!err.to_string().is_empty());
                    let after = (state(&ws), ws.docs()[0].undo_depth(), ws.docs()[0].redo_depth(), ws.generation());
                    prop_assert_eq!(before, after, "refused edit {:?} changed something", edit);
                }
            }
            common::assert_invariants(&ws);
        }
        prop_assert_eq!(ws.docs()[0].undo_depth(), accepted.min(MAX_STEPS));
        let end = state(&ws);

        let mut undone = 0;
        loop {
            match ws.undo(&id) {
                Ok(_) => undone += 1,
                Err(e) => { prop_assert_eq!(e, EditError::NothingToUndo); break; }
            }
            common::assert_invariants(&ws);
        }
        prop_assert_eq!(undone, accepted);
        prop_assert_eq!(state(&ws), start);

        loop {
            match ws.redo(&id) {
                Ok(_) => {}
                Err(e) => { prop_assert_eq!(e, EditError::NothingToRedo); break; }
            }
        }
        prop_assert_eq!(state(&ws), end);
    }

    /// Undo and redo interleaved with edits behave like a stack of states.
    #[test]
    fn interleaved_undo_matches_a_stack_of_states(
        doc in common::document(),
        ops in prop::collection::vec(prop_oneof![3 => seed().prop_map(Some), 1 => Just(None)], 0..50),
    ) {
        let mut ws = Workspace::default();
        let id = ws.add_documents(vec![doc]).unwrap().remove(0);
        let mut past = vec![state(&ws)];
        let mut future = Vec::new();
        for op in ops {
            match op {
                Some(seed) => {
                    let edit = edit_for(&ws.docs()[0], seed);
                    if ws.apply(&id, edit).is_ok() {
                        past.push(state(&ws));
                        future.clear();
                    }
                }
                None if past.len() > 1 => {
                    ws.undo(&id).unwrap();
                    future.push(past.pop().unwrap());
                    prop_assert_eq!(&state(&ws), past.last().unwrap());
                }
                None => prop_assert_eq!(ws.undo(&id).unwrap_err(), EditError::NothingToUndo),
            }
        }
        while let Some(next) = future.pop() {
            ws.redo(&id).unwrap();
            prop_assert_eq!(state(&ws), next);
        }
        prop_assert_eq!(ws.redo(&id).unwrap_err(), EditError::NothingToRedo);
    }
}

/// The history keeps the newest `MAX_STEPS` steps.
#[test]
fn history_is_bounded() {
    let text = "a ".repeat(MAX_STEPS + 50);
    let mut ws = Workspace::default();
    let id = ws.add_documents(vec![Document::new(text)]).unwrap().remove(0);
    for i in 0..MAX_STEPS + 50 {
        ws.apply(&id, Edit::AddSpan { start: 2 * i, end: 2 * i + 1, label: "ORG".into() }).unwrap();
    }
    let entry = ws.doc(&id).unwrap();
    assert_eq!(entry.undo_depth(), MAX_STEPS);
    for _ in 0..MAX_STEPS {
        ws.undo(&id).unwrap();
    }
    assert_eq!(ws.undo(&id), Err(EditError::NothingToUndo));
    assert_eq!(ws.doc(&id).unwrap().spans().len(), 50, "the oldest 50 additions are no longer undoable");
}

/// A long article: 10,000 spans, then 480 edits, undone and redone.
/// Not timed (timings go to BENCHMARKS.md); quadratic code would make this
/// test crawl, and a re-sort or full copy per edit would show in a profile.
#[test]
fn ten_thousand_spans() {
    let words = 20_000;
    let text: String = (0..words).map(|i| format!("w{:05} ", i)).collect();
    let spans: Vec<Span> = (0..words).step_by(2).map(|i| Span::new(7 * i, 7 * i + 6, "ORG")).collect();
    assert_eq!(spans.len(), 10_000);
    let mut ws = Workspace::default();
    let id = ws.add_documents(vec![Document::new(text).with_spans(spans)]).unwrap().remove(0);
    // 240 pairs of edits: 480 steps, all within the undo bound.
    for k in 0..240 {
        let i = (k * 37) % (words / 2) * 2 + 1; // an odd, unlabelled word
        ws.apply(&id, Edit::AddSpan { start: 7 * i, end: 7 * i + 6, label: "GPE".into() }).unwrap_or_else(|e| panic!("{e}"));
        let j = i - 1; // its labelled neighbour
        ws.apply(&id, Edit::MoveBoundary { start: 7 * j, end: 7 * j + 6, new_start: 7 * j + 1, new_end: 7 * j + 6 }).ok();
    }
    while ws.undo(&id).is_ok() {}
    assert_eq!(ws.doc(&id).unwrap().spans().len(), 10_000);
    assert!(ws.doc(&id).unwrap().spans().iter().all(|s| s.label == "ORG" && (s.start % 14) == 0));
    while ws.redo(&id).is_ok() {}
    assert!(ws.doc(&id).unwrap().spans().len() > 10_000);
}
