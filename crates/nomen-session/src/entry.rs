//! One document under review: its spans, status and history, and the rules
//! that decide whether an edit is allowed.
//!
//! Every edit is checked in full before anything changes, then turned into a
//! history step and played forward, so an edit, its undo and its redo are
//! the same code path. Lookups that need the whole text (its length, slices
//! for messages, tokens for snapping) use indexes built once per document on
//! first use and never saved: the text of a document never changes.

use std::sync::{Arc, OnceLock};

use nomen_core::{Document, OffsetMap, Span};
use serde::Serialize;

use crate::confidence::Confidence;
use crate::edit::{Applied, Edit, EditError};
use crate::history::{Change, Direction, History, Step};
use crate::snap::{Boundary, Nudge, SnapMode, TokenIndex};
use crate::sorted_spans;
use crate::status::DocStatus;

/// Messages quote at most this many characters of a span's text.
const QUOTE_CHARS: usize = 40;

/// Bounds that could not take a label, and why.
pub(crate) type Refused = ((usize, usize), EditError);

/// A document in the workspace. Its id is `document().id`, always set and
/// unique in the workspace; its spans are always sorted and non-overlapping.
///
/// Serialize only: an entry is read back as part of a [`crate::Workspace`],
/// which checks those invariants, never on its own.
#[derive(Debug, Clone, Serialize)]
pub struct DocEntry {
    doc: Document,
    status: DocStatus,
    /// The extractor's margins for the untouched pre-annotated spans (saved since format 3).
    #[serde(skip_serializing_if = "Confidence::is_empty")]
    confidence: Confidence,
    /// Held from the extractor: the analyst undid its pre-annotation, so it
    /// is not pre-annotated again until they ask (saved, since format 3).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) held: bool,
    #[serde(skip)]
    history: History,
    #[serde(skip)]
    offsets: OnceLock<Arc<OffsetMap>>,
    #[serde(skip)]
    tokens: OnceLock<Arc<TokenIndex>>,
}

/// "added 3 spans, relabelled 1 and removed 2" for a revision (zero counts left out).
fn describe_revision(removed: &[Span], added: &[Span]) -> String {
    let relabelled = added.iter().filter(|a| removed.iter().any(|r| (r.start, r.end) == (a.start, a.end))).count();
    let parts: Vec<String> = [("added", added.len() - relabelled), ("relabelled", relabelled), ("removed", removed.len() - relabelled)]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .enumerate()
        .map(|(i, (verb, n))| {
            let noun = if i > 0 {
                ""
            } else if n == 1 {
                " span"
            } else {
                " spans"
            };
            format!("{verb} {n}{noun}")
        })
        .collect();
    match parts.as_slice() {
        [] => "changed nothing".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Two entries are equal when their documents, statuses, margins and holds
/// are: the history and the caches are not part of what a document *is*.
impl PartialEq for DocEntry {
    fn eq(&self, other: &DocEntry) -> bool {
        self.doc == other.doc && self.status == other.status && self.confidence == other.confidence && self.held == other.held
    }
}

impl DocEntry {
    /// Wraps a document whose id is set and whose spans are valid and sorted
    /// (the workspace checks both before calling this).
    pub(crate) fn new(doc: Document, status: DocStatus) -> DocEntry {
        DocEntry {
            doc,
            status,
            confidence: Confidence::default(),
            held: false,
            history: History::default(),
            offsets: OnceLock::new(),
            tokens: OnceLock::new(),
        }
    }

    /// The same, with margins read back from a save (checked by the caller).
    pub(crate) fn with_confidence(mut self, confidence: Confidence) -> DocEntry {
        self.confidence = confidence;
        self
    }

    /// How sure the extractor was of the spans the analyst has not touched.
    pub fn confidence(&self) -> &Confidence {
        &self.confidence
    }

    /// Takes the extractor's margins for the current pre-annotation (only
    /// while the document is pre-annotated and untouched). True if they changed.
    pub(crate) fn set_confidence(&mut self, scored: Vec<(Span, f32)>) -> bool {
        if self.status != DocStatus::PreAnnotated {
            return false;
        }
        let confidence = Confidence::of_pre_annotation(&self.doc.spans, scored);
        if confidence == self.confidence {
            return false;
        }
        self.confidence = confidence;
        true
    }

    /// True if the extractor is not to pre-annotate it until the analyst asks
    /// ([`crate::Workspace::release_extraction`]): its pre-annotation was undone.
    pub fn held(&self) -> bool {
        self.held
    }

    pub fn id(&self) -> &str {
        self.doc.id.as_deref().unwrap_or_default()
    }

    /// The document, with its id; its spans sorted by position.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn text(&self) -> &str {
        &self.doc.text
    }

    pub fn spans(&self) -> &[Span] {
        &self.doc.spans
    }

    pub fn status(&self) -> DocStatus {
        self.status
    }

    pub fn can_undo(&self) -> bool {
        self.history.undo_len() > 0
    }

    pub fn can_redo(&self) -> bool {
        self.history.redo_len() > 0
    }

    /// How many steps undo can go back (bounded by [`crate::MAX_STEPS`]).
    pub fn undo_depth(&self) -> usize {
        self.history.undo_len()
    }

    pub fn redo_depth(&self) -> usize {
        self.history.redo_len()
    }

    /// Code point length of the text.
    pub fn len_chars(&self) -> usize {
        self.offsets().len_chars()
    }

    /// The offset conversions of the text, built on first use.
    pub fn offsets(&self) -> &OffsetMap {
        self.offsets.get_or_init(|| Arc::new(OffsetMap::new(&self.doc.text)))
    }

    /// The document's tokens, computed on first use.
    pub fn token_index(&self) -> &TokenIndex {
        self.tokens.get_or_init(|| Arc::new(TokenIndex::new(&self.doc.text)))
    }

    /// The text of code points `start..end`; empty if out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.offsets().byte_range(start, end).and_then(|r| self.doc.text.get(r)).unwrap_or("")
    }

    /// [`TokenIndex::snap`] on this document's cached tokens.
    pub fn snap(&self, start: usize, end: usize, mode: SnapMode) -> Option<(usize, usize)> {
        self.token_index().snap(&self.doc.text, start, end, mode)
    }

    /// [`TokenIndex::nudge`] on this document's cached tokens.
    pub fn nudge(&self, start: usize, end: usize, boundary: Boundary, nudge: Nudge) -> Option<(usize, usize)> {
        self.token_index().nudge(start, end, boundary, nudge)
    }

    /// The span with exactly these bounds.
    pub fn span(&self, start: usize, end: usize) -> Option<&Span> {
        sorted_spans::find_exact(&self.doc.spans, start, end).map(|i| &self.doc.spans[i])
    }

    /// The span containing code point `offset` (what a click on a mark selects).
    pub fn span_at(&self, offset: usize) -> Option<&Span> {
        sorted_spans::containing(&self.doc.spans, offset).map(|i| &self.doc.spans[i])
    }

    /// The span after `start..end` (Tab); the first span when nothing is selected.
    /// `start..end` need not be a span: the first span starting at or after
    /// `end` is next, so Tab still works right after the selected span was removed.
    pub fn next_span(&self, current: Option<(usize, usize)>) -> Option<&Span> {
        let from = current.map_or(0, |(_, end)| end);
        let i = self.doc.spans.partition_point(|s| s.start < from);
        self.doc.spans.get(i)
    }

    /// The span before `start..end` (Shift+Tab); the last span when nothing is selected.
    pub fn prev_span(&self, current: Option<(usize, usize)>) -> Option<&Span> {
        let until = current.map_or(usize::MAX, |(start, _)| start);
        let i = self.doc.spans.partition_point(|s| s.end <= until);
        i.checked_sub(1).map(|i| &self.doc.spans[i])
    }

    /// The text of a span for a message, cut to [`QUOTE_CHARS`].
    fn quote(&self, start: usize, end: usize) -> String {
        let text = self.slice(start, end);
        match text.char_indices().nth(QUOTE_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        }
    }

    /// Checks `start..end` can hold a span: non-empty, inside the text, and
    /// neither blank nor starting or ending with whitespace.
    fn check_bounds(&self, start: usize, end: usize) -> Result<(), EditError> {
        if start >= end {
            return Err(EditError::EmptySpan { start, end });
        }
        let len = self.len_chars();
        if end > len {
            return Err(EditError::PastEnd { end, len });
        }
        let text = self.slice(start, end);
        if text.trim().is_empty() {
            return Err(EditError::Blank { start, end });
        }
        if text.trim() != text {
            return Err(EditError::WhitespaceEdge { text: self.quote(start, end), start, end });
        }
        Ok(())
    }

    fn overlap_error(&self, start: usize, end: usize, other: &Span) -> EditError {
        EditError::Overlap {
            text: self.quote(start, end),
            other_text: self.quote(other.start, other.end),
            other_label: other.label.clone(),
            other_start: other.start,
            other_end: other.end,
        }
    }

    fn find(&self, start: usize, end: usize) -> Result<usize, EditError> {
        sorted_spans::find_exact(&self.doc.spans, start, end).ok_or(EditError::NoSpan { start, end })
    }

    /// Checks a whole new span list (extractor results) and returns it sorted.
    fn check_span_list(&self, mut spans: Vec<Span>, is_label: &dyn Fn(&str) -> bool) -> Result<Vec<Span>, EditError> {
        spans.sort_by_key(|s| (s.start, s.end));
        for span in &spans {
            self.check_bounds(span.start, span.end)?;
            if !is_label(&span.label) {
                return Err(EditError::UnknownLabel { label: span.label.clone() });
            }
        }
        if let Some(pair) = spans.windows(2).find(|w| w[0].overlaps(&w[1])) {
            return Err(self.overlap_error(pair[1].start, pair[1].end, &pair[0]));
        }
        Ok(spans)
    }

    /// Turns an edit into the step that performs it, or says why it cannot be done.
    /// `is_label` answers whether a label is in the schema.
    pub(crate) fn plan(&self, edit: Edit, is_label: &dyn Fn(&str) -> bool) -> Result<Step, EditError> {
        let before = self.status;
        let step = |change: Change, after: DocStatus| Step { change, status_before: before, status_after: after };
        let spans = &self.doc.spans;
        Ok(match edit {
            Edit::AddSpan { start, end, label } => {
                self.check_bounds(start, end)?;
                if !is_label(&label) {
                    return Err(EditError::UnknownLabel { label });
                }
                if let Some(i) = sorted_spans::first_overlap(spans, start, end, None) {
                    let other = &spans[i];
                    // The same text again: say what it is rather than that it overlaps itself.
                    if (other.start, other.end) == (start, end) {
                        let text = self.quote(start, end);
                        return Err(if other.label == label {
                            EditError::SameLabel { text, label }
                        } else {
                            EditError::AlreadyLabelled { text, label: other.label.clone() }
                        });
                    }
                    return Err(self.overlap_error(start, end, other));
                }
                step(Change::Insert(Span::new(start, end, label)), DocStatus::Edited)
            }
            Edit::RemoveSpan { start, end } => {
                let i = self.find(start, end)?;
                step(Change::Remove(spans[i].clone()), DocStatus::Edited)
            }
            Edit::Relabel { start, end, label } => {
                let i = self.find(start, end)?;
                if !is_label(&label) {
                    return Err(EditError::UnknownLabel { label });
                }
                if spans[i].label == label {
                    return Err(EditError::SameLabel { text: self.quote(start, end), label });
                }
                let after = Span::new(start, end, label);
                step(Change::Replace { before: spans[i].clone(), after }, DocStatus::Edited)
            }
            Edit::MoveBoundary { start, end, new_start, new_end } => {
                let i = self.find(start, end)?;
                if (start, end) == (new_start, new_end) {
                    return Err(EditError::SameBounds { start, end });
                }
                self.check_bounds(new_start, new_end)?;
                if let Some(j) = sorted_spans::first_overlap(spans, new_start, new_end, Some(i)) {
                    return Err(self.overlap_error(new_start, new_end, &spans[j]));
                }
                let after = Span::new(new_start, new_end, spans[i].label.clone());
                step(Change::Replace { before: spans[i].clone(), after }, DocStatus::Edited)
            }
            Edit::AcceptAll => {
                if before != DocStatus::PreAnnotated {
                    return Err(EditError::NothingToAccept { status: before });
                }
                step(Change::Nothing, DocStatus::Edited)
            }
            Edit::MarkDone => {
                if before == DocStatus::Done {
                    return Err(EditError::AlreadyDone);
                }
                step(Change::Nothing, DocStatus::Done)
            }
            Edit::Reopen => {
                if before != DocStatus::Done {
                    return Err(EditError::NotDone { status: before });
                }
                step(Change::Nothing, DocStatus::Edited)
            }
            Edit::PreAnnotate { spans: new } => {
                if !matches!(before, DocStatus::New | DocStatus::PreAnnotated) {
                    return Err(EditError::StalePreAnnotation { status: before });
                }
                self.replace_all(new, is_label)?
            }
            Edit::ReplaceSpans { spans: new } => self.replace_all(new, is_label)?,
            Edit::Revise { remove, add } => step(self.revise(remove, add, is_label)?, DocStatus::Edited),
        })
    }

    /// Checks a batch of removals and additions against the spans and
    /// against each other, and returns the change that performs it.
    fn revise(&self, remove: Vec<(usize, usize)>, mut add: Vec<Span>, is_label: &dyn Fn(&str) -> bool) -> Result<Change, EditError> {
        if remove.is_empty() && add.is_empty() {
            return Err(EditError::SameSpans);
        }
        let spans = &self.doc.spans;
        let mut gone = vec![false; spans.len()];
        for (start, end) in remove {
            let i = self.find(start, end)?;
            if std::mem::replace(&mut gone[i], true) {
                return Err(EditError::NoSpan { start, end });
            }
        }
        let (mut removed, mut remaining) = (Vec::new(), Vec::new());
        for (span, &went) in spans.iter().zip(&gone) {
            if went {
                removed.push(span.clone())
            } else {
                remaining.push(span.clone())
            }
        }
        add.sort_by_key(|s| (s.start, s.end));
        for span in &add {
            self.check_bounds(span.start, span.end)?;
            if !is_label(&span.label) {
                return Err(EditError::UnknownLabel { label: span.label.clone() });
            }
            if let Some(i) = sorted_spans::first_overlap(&remaining, span.start, span.end, None) {
                return Err(self.overlap_error(span.start, span.end, &remaining[i]));
            }
        }
        if let Some(pair) = add.windows(2).find(|w| w[0].overlaps(&w[1])) {
            return Err(self.overlap_error(pair[1].start, pair[1].end, &pair[0]));
        }
        Ok(Change::Revise { removed, added: add })
    }

    /// Plans giving `label` to each of `bounds` as one step: a span with those
    /// bounds is relabelled, free text gets a new span, a span that already has
    /// the label is left alone. `Ok(None)` when nothing would change; else
    /// every occurrence that cannot take the label, each with its reason.
    pub(crate) fn plan_label_all(&self, label: &str, bounds: &[(usize, usize)]) -> Result<Option<Step>, Vec<Refused>> {
        let mut sorted = bounds.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut changes = Vec::new();
        let mut refused = Vec::new();
        let mut inserted: Vec<(usize, usize)> = Vec::new();
        for (start, end) in sorted {
            if let Some(existing) = self.span(start, end) {
                if existing.label != label {
                    let after = Span::new(start, end, label);
                    changes.push(Change::Replace { before: existing.clone(), after });
                }
                continue;
            }
            if let Err(e) = self.check_bounds(start, end) {
                refused.push(((start, end), e));
                continue;
            }
            let existing = sorted_spans::first_overlap(&self.doc.spans, start, end, None).map(|i| &self.doc.spans[i]);
            let earlier = inserted.last().filter(|&&(_, prev_end)| prev_end > start);
            match (existing, earlier) {
                (Some(other), _) => refused.push(((start, end), self.overlap_error(start, end, other))),
                (None, Some(&(s, e))) => {
                    let other = Span::new(s, e, label);
                    refused.push(((start, end), self.overlap_error(start, end, &other)));
                }
                (None, None) => {
                    inserted.push((start, end));
                    changes.push(Change::Insert(Span::new(start, end, label)));
                }
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        if changes.is_empty() {
            return Ok(None);
        }
        Ok(Some(Step { change: Change::Several(changes), status_before: self.status, status_after: DocStatus::Edited }))
    }

    fn replace_all(&self, new: Vec<Span>, is_label: &dyn Fn(&str) -> bool) -> Result<Step, EditError> {
        let new = self.check_span_list(new, is_label)?;
        if new == self.doc.spans && self.status == DocStatus::PreAnnotated {
            return Err(EditError::SameSpans);
        }
        Ok(Step {
            change: Change::ReplaceAll { before: self.doc.spans.clone(), after: new },
            status_before: self.status,
            status_after: DocStatus::PreAnnotated,
        })
    }

    /// Plays a step and describes it. On error nothing changed.
    fn play(&mut self, step: &Step, direction: Direction) -> Result<Applied, EditError> {
        let (status, focus) = step.play(&mut self.doc.spans, direction)?;
        self.status = status;
        self.touch_confidence(step, direction);
        let summary = self.describe(step, direction);
        Ok(Applied { summary, focus, status })
    }

    /// Every span a step touched is certain now (see `confidence`): its margin
    /// goes; accepting all and marking done confirm every span; a new span
    /// list (a pre-annotation, or undoing one) leaves no margin.
    fn touch_confidence(&mut self, step: &Step, direction: Direction) {
        if self.confidence.is_empty() {
            return;
        }
        match &step.change {
            Change::ReplaceAll { .. } => self.confidence = Confidence::default(),
            Change::Nothing if direction == Direction::Forward => self.confidence.confirm_all(),
            Change::Nothing => {}
            change => {
                for span in change.spans() {
                    self.confidence.forget(span.start, span.end);
                }
            }
        }
    }

    /// Applies an edit planned by [`DocEntry::plan`] and records it.
    pub(crate) fn commit(&mut self, step: Step) -> Result<Applied, EditError> {
        let applied = self.play(&step, Direction::Forward)?;
        self.history.record(step);
        Ok(applied)
    }

    pub(crate) fn undo(&mut self) -> Result<Applied, EditError> {
        let step = self.history.last_undo().cloned().ok_or(EditError::NothingToUndo)?;
        match self.play(&step, Direction::Backward) {
            Ok(applied) => {
                self.history.shift_to_redo();
                Ok(applied)
            }
            Err(e) => {
                self.history.clear();
                Err(e)
            }
        }
    }

    pub(crate) fn redo(&mut self) -> Result<Applied, EditError> {
        let step = self.history.last_redo().cloned().ok_or(EditError::NothingToRedo)?;
        match self.play(&step, Direction::Forward) {
            Ok(applied) => {
                self.history.shift_to_undo();
                Ok(applied)
            }
            Err(e) => {
                self.history.clear();
                Err(e)
            }
        }
    }

    /// A status-bar line for a step played in `direction`.
    fn describe(&self, step: &Step, direction: Direction) -> String {
        let what = match &step.change {
            Change::Nothing => match step.status_after {
                DocStatus::Done => "marked done".to_string(),
                _ if step.status_before == DocStatus::Done => "reopened".to_string(),
                _ => "accepted the pre-annotations".to_string(),
            },
            Change::Insert(s) => format!("added {} “{}”", s.label, self.quote(s.start, s.end)),
            Change::Remove(s) => format!("removed {} “{}”", s.label, self.quote(s.start, s.end)),
            Change::Replace { before, after } if before.label != after.label => {
                format!("relabelled “{}” {} → {}", self.quote(after.start, after.end), before.label, after.label)
            }
            Change::Replace { before, after } => {
                format!("moved {} “{}” → “{}”", after.label, self.quote(before.start, before.end), self.quote(after.start, after.end))
            }
            Change::ReplaceAll { after, .. } => {
                format!("replaced the spans with {} pre-annotated ones", after.len())
            }
            Change::Several(changes) => {
                let label = changes.iter().find_map(|c| match c {
                    Change::Insert(s) | Change::Replace { after: s, .. } => Some(s.label.as_str()),
                    _ => None,
                });
                format!("labelled {} occurrence{} as {}", changes.len(), if changes.len() == 1 { "" } else { "s" }, label.unwrap_or(""))
            }
            Change::Revise { removed, added } => describe_revision(removed, added),
        };
        match direction {
            Direction::Forward => what,
            Direction::Backward => format!("undid: {what}"),
        }
    }

    /// Renames a label on every span and every history step of this document.
    pub(crate) fn rename_label(&mut self, old: &str, new: &str) {
        for span in self.doc.spans.iter_mut().filter(|s| s.label == old) {
            span.label = new.to_string();
        }
        self.history.rename_label(old, new);
    }

    /// True if a current span or an undoable step uses this label.
    pub(crate) fn uses_label(&self, label: &str) -> bool {
        self.doc.spans.iter().any(|s| s.label == label) || self.history.mentions_label(label)
    }

    /// The document with its status in `meta.status`, as exported.
    pub fn exported(&self) -> Document {
        let mut doc = self.doc.clone();
        doc.meta.insert(crate::status::STATUS_KEY.to_string(), self.status.as_str().into());
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Prime Minister Fayez al-Sarraj met Haftar in Tripoli.";

    fn entry() -> DocEntry {
        let mut doc = Document::new(TEXT);
        doc.id = Some("d".into());
        doc.spans = vec![Span::new(6, 20, "TITLE"), Span::new(35, 41, "PERSON")];
        DocEntry::new(doc, DocStatus::PreAnnotated)
    }

    fn labels(label: &str) -> bool {
        nomen_core::Schema::default_news().get(label).is_some()
    }

    fn apply(e: &mut DocEntry, edit: Edit) -> Result<Applied, EditError> {
        let step = e.plan(edit, &labels)?;
        e.commit(step)
    }

    #[test]
    fn a_revision_is_one_step_all_or_nothing() {
        let mut e = entry();
        let revise = Edit::Revise {
            remove: vec![(35, 41)],
            add: vec![Span::new(45, 52, "GPE"), Span::new(35, 41, "ORG"), Span::new(21, 30, "PERSON")],
        };
        let applied = apply(&mut e, revise).unwrap();
        assert_eq!(applied.summary, "added 2 spans and relabelled 1");
        assert_eq!(applied.status, DocStatus::Edited);
        assert_eq!(e.spans(), [Span::new(6, 20, "TITLE"), Span::new(21, 30, "PERSON"), Span::new(35, 41, "ORG"), Span::new(45, 52, "GPE")]);
        assert_eq!(e.undo_depth(), 1);
        assert_eq!(e.undo().unwrap().summary, "undid: added 2 spans and relabelled 1");
        assert_eq!(e, entry(), "undo restores spans and status exactly");
        e.redo().unwrap();
        assert_eq!(e.spans().len(), 4);
        e.undo().unwrap();

        // Refusals change nothing and name the problem.
        let overlapping = Edit::Revise { remove: vec![], add: vec![Span::new(45, 52, "GPE"), Span::new(35, 44, "ORG")] };
        assert_eq!(
            apply(&mut e, overlapping).unwrap_err().to_string(),
            "“Haftar in” overlaps “Haftar” (PERSON) — remove or shrink that span first"
        );
        let twice = Edit::Revise { remove: vec![], add: vec![Span::new(42, 52, "GPE"), Span::new(45, 52, "LOC")] };
        assert!(matches!(apply(&mut e, twice).unwrap_err(), EditError::Overlap { .. }));
        let missing = Edit::Revise { remove: vec![(0, 5)], add: vec![] };
        assert_eq!(apply(&mut e, missing).unwrap_err(), EditError::NoSpan { start: 0, end: 5 });
        let repeated = Edit::Revise { remove: vec![(35, 41), (35, 41)], add: vec![] };
        assert!(apply(&mut e, repeated).is_err());
        let empty = Edit::Revise { remove: vec![], add: vec![] };
        assert_eq!(apply(&mut e, empty).unwrap_err(), EditError::SameSpans);
        let unknown = Edit::Revise { remove: vec![], add: vec![Span::new(45, 52, "NOPE")] };
        assert!(apply(&mut e, unknown).is_err());
        assert_eq!(e, entry());
        assert_eq!(e.undo_depth(), 0);

        let removal = Edit::Revise { remove: vec![(6, 20), (35, 41)], add: vec![] };
        assert_eq!(apply(&mut e, removal).unwrap().summary, "removed 2 spans");
        assert!(e.spans().is_empty());
    }

    #[test]
    fn overlap_message_quotes_both_spans() {
        let mut e = entry();
        let err = apply(&mut e, Edit::AddSpan { start: 0, end: 14, label: "TITLE".into() }).unwrap_err();
        assert_eq!(err.to_string(), "“Prime Minister” overlaps “Minister Fayez” (TITLE) — remove or shrink that span first");
    }

    #[test]
    fn adding_an_existing_span_says_so() {
        let mut e = entry();
        let again = |label: &str| Edit::AddSpan { start: 35, end: 41, label: label.into() };
        assert_eq!(apply(&mut e, again("PERSON")).unwrap_err().to_string(), "“Haftar” is already PERSON");
        assert_eq!(apply(&mut e, again("ORG")).unwrap_err().to_string(), "“Haftar” is already PERSON — relabel it instead");
    }

    #[test]
    fn messages_for_bad_bounds() {
        let mut e = entry();
        let add = |start, end| Edit::AddSpan { start, end, label: "GPE".into() };
        assert_eq!(apply(&mut e, add(45, 45)).unwrap_err().to_string(), "empty span");
        assert_eq!(apply(&mut e, add(45, 60)).unwrap_err().to_string(), "span ends past the text (at 60; the text has 53 characters)");
        assert_eq!(
            apply(&mut e, add(44, 52)).unwrap_err().to_string(),
            "“ Tripoli” starts or ends with whitespace — select the words only"
        );
        assert_eq!(apply(&mut e, add(41, 42)).unwrap_err().to_string(), "the selection holds only whitespace");
        let foo = Edit::AddSpan { start: 45, end: 52, label: "FOO".into() };
        assert_eq!(apply(&mut e, foo).unwrap_err().to_string(), "unknown label FOO");
        let remove = Edit::RemoveSpan { start: 12, end: 20 };
        assert_eq!(apply(&mut e, remove).unwrap_err().to_string(), "no span at 12..20");
        assert_eq!(e.history.undo_len(), 0, "refused edits leave no history");
        assert_eq!(e.status(), DocStatus::PreAnnotated);
    }

    #[test]
    fn add_then_undo_and_redo_restore_status_and_focus() {
        let mut e = entry();
        let applied = apply(&mut e, Edit::AddSpan { start: 45, end: 52, label: "GPE".into() }).unwrap();
        assert_eq!(applied.summary, "added GPE “Tripoli”");
        assert_eq!(applied.focus, Some((45, 52)));
        assert_eq!(e.status(), DocStatus::Edited);
        let undone = e.undo().unwrap();
        assert_eq!(undone.summary, "undid: added GPE “Tripoli”");
        assert_eq!(e.status(), DocStatus::PreAnnotated);
        assert_eq!(e.spans().len(), 2);
        e.redo().unwrap();
        assert_eq!(e.span(45, 52).map(|s| s.label.as_str()), Some("GPE"));
        assert_eq!(e.undo_depth(), 1);
        assert!(!e.can_redo());
    }

    #[test]
    fn move_boundary_keeps_label_and_order() {
        let mut e = entry();
        // Shrink "Minister Fayez" to "Minister", then move it past "Haftar".
        apply(&mut e, Edit::MoveBoundary { start: 6, end: 20, new_start: 6, new_end: 14 }).unwrap();
        assert_eq!(e.spans()[0], Span::new(6, 14, "TITLE"));
        apply(&mut e, Edit::MoveBoundary { start: 6, end: 14, new_start: 45, new_end: 52 }).unwrap();
        assert_eq!(e.spans(), [Span::new(35, 41, "PERSON"), Span::new(45, 52, "TITLE")]);
        let err = apply(&mut e, Edit::MoveBoundary { start: 45, end: 52, new_start: 41, new_end: 52 }).unwrap_err();
        assert!(matches!(err, EditError::WhitespaceEdge { .. }), "{err}");
        let err = apply(&mut e, Edit::MoveBoundary { start: 45, end: 52, new_start: 35, new_end: 52 }).unwrap_err();
        assert_eq!(err.to_string(), "“Haftar in Tripoli” overlaps “Haftar” (PERSON) — remove or shrink that span first");
        e.undo().unwrap();
        e.undo().unwrap();
        assert_eq!(e.spans(), entry().spans());
    }

    #[test]
    fn status_rules() {
        let mut e = entry();
        assert_eq!(apply(&mut e, Edit::Reopen).unwrap_err(), EditError::NotDone { status: DocStatus::PreAnnotated });
        apply(&mut e, Edit::AcceptAll).unwrap();
        assert_eq!(e.status(), DocStatus::Edited);
        assert_eq!(apply(&mut e, Edit::AcceptAll).unwrap_err().to_string(), "nothing to accept: the document is edited, not pre-annotated");
        apply(&mut e, Edit::MarkDone).unwrap();
        assert_eq!(apply(&mut e, Edit::MarkDone).unwrap_err(), EditError::AlreadyDone);
        apply(&mut e, Edit::Relabel { start: 35, end: 41, label: "ORG".into() }).unwrap();
        assert_eq!(e.status(), DocStatus::Edited, "editing a done document reopens it");
        let late = apply(&mut e, Edit::PreAnnotate { spans: vec![] }).unwrap_err();
        assert!(late.to_string().starts_with("the extractor's results arrived after the document was edited"));
        apply(&mut e, Edit::ReplaceSpans { spans: vec![Span::new(45, 52, "GPE")] }).unwrap();
        assert_eq!(e.status(), DocStatus::PreAnnotated);
        for _ in 0..4 {
            e.undo().unwrap();
        }
        assert_eq!(e, entry());
        assert_eq!(e.undo().unwrap_err(), EditError::NothingToUndo);
    }

    #[test]
    fn replace_spans_is_checked_as_a_whole() {
        let mut e = entry();
        let overlapping = vec![Span::new(35, 41, "PERSON"), Span::new(0, 14, "TITLE"), Span::new(6, 20, "TITLE")];
        let err = apply(&mut e, Edit::ReplaceSpans { spans: overlapping }).unwrap_err();
        assert_eq!(err.to_string(), "“Minister Fayez” overlaps “Prime Minister” (TITLE) — remove or shrink that span first");
        let same = e.spans().to_vec();
        assert_eq!(apply(&mut e, Edit::ReplaceSpans { spans: same }).unwrap_err(), EditError::SameSpans);
    }

    #[test]
    fn navigation_between_spans() {
        let e = entry();
        assert_eq!(e.next_span(None).map(|s| s.start), Some(6));
        assert_eq!(e.next_span(Some((6, 20))).map(|s| s.start), Some(35));
        assert_eq!(e.next_span(Some((35, 41))), None);
        assert_eq!(e.prev_span(None).map(|s| s.start), Some(35));
        assert_eq!(e.prev_span(Some((35, 41))).map(|s| s.start), Some(6));
        assert_eq!(e.prev_span(Some((6, 20))), None);
        assert_eq!(e.next_span(Some((21, 30))).map(|s| s.start), Some(35), "from a removed span's place");
        assert_eq!(e.span_at(40).map(|s| s.start), Some(35));
        assert_eq!(e.span_at(41), None);
    }

    #[test]
    fn long_quotes_are_cut() {
        let long = "a".repeat(100);
        let mut doc = Document::new(format!("{long} b"));
        doc.id = Some("d".into());
        doc.spans = vec![Span::new(0, 100, "ORG")];
        let e = DocEntry::new(doc, DocStatus::Edited);
        assert_eq!(e.quote(0, 100), format!("{}…", "a".repeat(QUOTE_CHARS)));
    }
}
