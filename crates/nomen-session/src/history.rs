//! Per-document undo and redo, stored as changes rather than snapshots.
//!
//! A 100,000-word article may carry 10,000 spans; copying them for every
//! keystroke would make undo the most expensive feature of the app. A
//! [`Step`] records only what one edit changed (a span in, a span out, one
//! span replaced, or, for a re-annotation, the two span lists) plus the
//! status before and after, which is exactly enough to play it either way.
//!
//! The history is bounded (steps and stored spans), oldest dropped first, and
//! lives only in memory: it is not part of the autosave.

use std::collections::VecDeque;

use nomen_core::Span;

use crate::edit::EditError;
use crate::sorted_spans;
use crate::status::DocStatus;

/// At most this many undo steps per document.
pub const MAX_STEPS: usize = 500;
/// At most this many spans held by one document's steps (re-annotations of a
/// long article hold two full span lists each).
pub const MAX_STORED_SPANS: usize = 100_000;

/// What one step did to the span list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Status only (accept, mark done, reopen).
    Nothing,
    Insert(Span),
    Remove(Span),
    /// One span became another (relabel, moved boundary).
    Replace {
        before: Span,
        after: Span,
    },
    /// The whole list was replaced (extractor results).
    ReplaceAll {
        before: Vec<Span>,
        after: Vec<Span>,
    },
    /// Several inserts and replacements made as one edit (labelling every
    /// occurrence of a name), undone together.
    Several(Vec<Change>),
    /// Some spans went and others came, in one step (`Edit::Revise`).
    Revise {
        removed: Vec<Span>,
        added: Vec<Span>,
    },
}

/// One undoable change: the span change and the status on either side of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub change: Change,
    pub status_before: DocStatus,
    pub status_after: DocStatus,
}

/// Which way a step is played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Forward,
    Backward,
}

impl Step {
    /// How many spans this step keeps alive (its share of [`MAX_STORED_SPANS`]).
    fn weight(&self) -> usize {
        match &self.change {
            Change::Nothing => 0,
            Change::Insert(_) | Change::Remove(_) => 1,
            Change::Replace { .. } => 2,
            Change::ReplaceAll { .. } | Change::Several(_) => self.spans().len(),
            Change::Revise { removed, added } => removed.len() + added.len(),
        }
    }

    /// Plays the span change onto `spans` and returns the status to set and
    /// the span to focus. Checks before it changes anything, so an error
    /// (a step that does not fit, never expected) leaves `spans` untouched.
    pub(crate) fn play(&self, spans: &mut Vec<Span>, direction: Direction) -> Result<(DocStatus, Option<(usize, usize)>), EditError> {
        let focus = self.change.play(spans, direction == Direction::Forward)?;
        Ok((if direction == Direction::Forward { self.status_after } else { self.status_before }, focus))
    }

    fn spans(&self) -> Vec<&Span> {
        self.change.spans()
    }

    fn spans_mut(&mut self) -> Vec<&mut Span> {
        self.change.spans_mut()
    }
}

impl Change {
    /// Plays the change onto `spans` (backward unless `forward`) and returns
    /// the span to focus; on error `spans` is untouched.
    fn play(&self, spans: &mut Vec<Span>, forward: bool) -> Result<Option<(usize, usize)>, EditError> {
        Ok(match self {
            Change::Nothing => None,
            Change::Insert(span) | Change::Remove(span) => {
                let inserting = matches!(self, Change::Insert(_)) == forward;
                if inserting {
                    if sorted_spans::first_overlap(spans, span.start, span.end, None).is_some() {
                        return Err(EditError::HistoryLost);
                    }
                    sorted_spans::insert(spans, span.clone());
                    Some((span.start, span.end))
                } else {
                    let i = find_same(spans, span)?;
                    spans.remove(i);
                    None
                }
            }
            Change::Replace { before, after } => {
                let (from, to) = if forward { (before, after) } else { (after, before) };
                let i = find_same(spans, from)?;
                if sorted_spans::first_overlap(spans, to.start, to.end, Some(i)).is_some() {
                    return Err(EditError::HistoryLost);
                }
                if to.start == from.start {
                    spans[i] = to.clone();
                } else {
                    // Bounds may have moved past a neighbour's gap: re-insert in order.
                    spans.remove(i);
                    sorted_spans::insert(spans, to.clone());
                }
                Some((to.start, to.end))
            }
            Change::ReplaceAll { before, after } => {
                let (from, to) = if forward { (before, after) } else { (after, before) };
                if spans != from {
                    return Err(EditError::HistoryLost);
                }
                *spans = to.clone();
                None
            }
            Change::Several(changes) => {
                // On a copy, so that a part that does not fit leaves `spans` as it was.
                let mut copy = spans.clone();
                if forward {
                    for change in changes {
                        change.play(&mut copy, true)?;
                    }
                } else {
                    for change in changes.iter().rev() {
                        change.play(&mut copy, false)?;
                    }
                }
                *spans = copy;
                None
            }
            Change::Revise { removed, added } => {
                let (gone, come) = if forward { (removed, added) } else { (added, removed) };
                *spans = revised(spans, gone, come)?;
                None
            }
        })
    }

    /// Every span the change names, on either side.
    pub(crate) fn spans(&self) -> Vec<&Span> {
        match self {
            Change::Nothing => Vec::new(),
            Change::Insert(s) | Change::Remove(s) => vec![s],
            Change::Replace { before, after } => vec![before, after],
            Change::ReplaceAll { before, after } => before.iter().chain(after.iter()).collect(),
            Change::Several(changes) => changes.iter().flat_map(Change::spans).collect(),
            Change::Revise { removed, added } => removed.iter().chain(added.iter()).collect(),
        }
    }

    fn spans_mut(&mut self) -> Vec<&mut Span> {
        match self {
            Change::Nothing => Vec::new(),
            Change::Insert(s) | Change::Remove(s) => vec![s],
            Change::Replace { before, after } => vec![before, after],
            Change::ReplaceAll { before, after } => before.iter_mut().chain(after.iter_mut()).collect(),
            Change::Several(changes) => changes.iter_mut().flat_map(Change::spans_mut).collect(),
            Change::Revise { removed, added } => removed.iter_mut().chain(added.iter_mut()).collect(),
        }
    }
}

/// `spans` without `gone` (each present with its bounds and label) and with
/// `come`, sorted; `HistoryLost` if a span to go is missing or the result
/// would overlap. Builds a new list, so an error leaves `spans` untouched.
pub(crate) fn revised(spans: &[Span], gone: &[Span], come: &[Span]) -> Result<Vec<Span>, EditError> {
    let mut drop = vec![false; spans.len()];
    for span in gone {
        let i = find_same(spans, span)?;
        if std::mem::replace(&mut drop[i], true) {
            return Err(EditError::HistoryLost);
        }
    }
    let mut result: Vec<Span> =
        spans.iter().zip(&drop).filter(|(_, &dropped)| !dropped).map(|(s, _)| s.clone()).chain(come.iter().cloned()).collect();
    result.sort_by_key(|s| (s.start, s.end));
    if result.windows(2).any(|w| w[0].overlaps(&w[1])) {
        return Err(EditError::HistoryLost);
    }
    Ok(result)
}

/// The index of `span` (same bounds and label) in `spans`.
fn find_same(spans: &[Span], span: &Span) -> Result<usize, EditError> {
    sorted_spans::find_exact(spans, span.start, span.end).filter(|&i| spans[i].label == span.label).ok_or(EditError::HistoryLost)
}

/// The undo and redo stacks of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    /// Spans held by both stacks together.
    weight: usize,
}

impl History {
    /// Records a new step: it clears the redo stack, and the oldest steps go
    /// when the bounds are exceeded (the newest step is always kept).
    pub(crate) fn record(&mut self, step: Step) {
        self.weight -= self.redo.drain(..).map(|s| s.weight()).sum::<usize>();
        self.weight += step.weight();
        self.undo.push_back(step);
        while self.undo.len() > 1 && (self.undo.len() > MAX_STEPS || self.weight > MAX_STORED_SPANS) {
            if let Some(oldest) = self.undo.pop_front() {
                self.weight -= oldest.weight();
            }
        }
    }

    pub(crate) fn last_undo(&self) -> Option<&Step> {
        self.undo.back()
    }

    pub(crate) fn last_redo(&self) -> Option<&Step> {
        self.redo.last()
    }

    /// Moves the newest undo step to the redo stack (after it was played backward).
    pub(crate) fn shift_to_redo(&mut self) {
        if let Some(step) = self.undo.pop_back() {
            self.redo.push(step);
        }
    }

    /// Moves the newest redo step back to the undo stack (after it was played forward).
    pub(crate) fn shift_to_undo(&mut self) {
        if let Some(step) = self.redo.pop() {
            self.undo.push_back(step);
        }
    }

    pub(crate) fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub(crate) fn redo_len(&self) -> usize {
        self.redo.len()
    }

    pub(crate) fn clear(&mut self) {
        *self = History::default();
    }

    /// Renames a label in every stored span, so undoing an old step after a
    /// label rename brings back the span under its current name.
    pub(crate) fn rename_label(&mut self, old: &str, new: &str) {
        for step in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            for span in step.spans_mut() {
                if span.label == old {
                    span.label = new.to_string();
                }
            }
        }
    }

    /// True if undo or redo could bring back a span with this label.
    pub(crate) fn mentions_label(&self, label: &str) -> bool {
        self.undo.iter().chain(self.redo.iter()).any(|step| step.spans().iter().any(|s| s.label == label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert_step(at: usize) -> Step {
        Step { change: Change::Insert(Span::new(at, at + 1, "X")), status_before: DocStatus::New, status_after: DocStatus::Edited }
    }

    #[test]
    fn bounded_by_steps_oldest_first() {
        let mut h = History::default();
        for i in 0..MAX_STEPS + 10 {
            h.record(insert_step(i));
        }
        assert_eq!(h.undo_len(), MAX_STEPS);
        assert_eq!(h.undo.front(), Some(&insert_step(10)));
        assert_eq!(h.weight, MAX_STEPS);
    }

    #[test]
    fn bounded_by_stored_spans_but_keeps_the_newest() {
        let mut h = History::default();
        h.record(insert_step(0));
        let big: Vec<Span> = (0..MAX_STORED_SPANS).map(|i| Span::new(i, i + 1, "X")).collect();
        h.record(Step {
            change: Change::ReplaceAll { before: Vec::new(), after: big },
            status_before: DocStatus::New,
            status_after: DocStatus::PreAnnotated,
        });
        h.record(insert_step(MAX_STORED_SPANS + 1));
        assert_eq!(h.undo_len(), 1, "the big step and everything before it went");
        h.record(Step {
            change: Change::ReplaceAll { before: Vec::new(), after: vec![Span::new(0, 1, "X"); MAX_STORED_SPANS + 1] },
            status_before: DocStatus::New,
            status_after: DocStatus::PreAnnotated,
        });
        assert_eq!(h.undo_len(), 1, "a step over the budget alone is still undoable");
    }

    #[test]
    fn recording_clears_redo() {
        let mut h = History::default();
        h.record(insert_step(0));
        h.shift_to_redo();
        assert_eq!((h.undo_len(), h.redo_len()), (0, 1));
        h.record(insert_step(1));
        assert_eq!((h.undo_len(), h.redo_len(), h.weight), (1, 0, 1));
    }

    #[test]
    fn a_step_that_does_not_fit_changes_nothing() {
        let mut spans = vec![Span::new(0, 3, "X")];
        let step = Step {
            change: Change::Replace { before: Span::new(0, 3, "Y"), after: Span::new(0, 3, "Z") },
            status_before: DocStatus::New,
            status_after: DocStatus::Edited,
        };
        assert_eq!(step.play(&mut spans, Direction::Forward), Err(EditError::HistoryLost));
        assert_eq!(spans, vec![Span::new(0, 3, "X")]);
    }

    #[test]
    fn rename_reaches_every_stored_span() {
        let mut h = History::default();
        h.record(Step {
            change: Change::ReplaceAll { before: vec![Span::new(0, 1, "OLD")], after: vec![Span::new(2, 3, "OLD")] },
            status_before: DocStatus::New,
            status_after: DocStatus::PreAnnotated,
        });
        assert!(h.mentions_label("OLD"));
        h.rename_label("OLD", "NEW");
        assert!(!h.mentions_label("OLD"));
        assert!(h.mentions_label("NEW"));
    }
}
