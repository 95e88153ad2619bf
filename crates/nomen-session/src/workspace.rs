//! The whole editing session: documents, the current one, the label schema,
//! and the alias clusters the analyst confirmed.
//!
//! This is the model the app's reducer holds. Every change goes through a
//! method here that either succeeds or returns a typed error and changes
//! nothing, and each success bumps [`Workspace::generation`] so the app knows
//! when to autosave. Documents are addressed by their stable string id.
//!
//! **Undo at two levels.** Each document has its own undo history (spans and
//! status). Removing a document is a workspace action: the workspace keeps
//! the documents removed since the analyst's last change to any document
//! ([`Workspace::last_removed`]), and [`Workspace::restore_removed`] puts the
//! latest back at its place, with its history. Any change the analyst makes
//! to a document (an edit, an undo or redo, an import, a corpus-wide change,
//! a label renamed or removed) forgets them, so "undo" always takes back the
//! analyst's last action: a removal if that was the last thing they did,
//! else a step of the current document. Moving between documents and the
//! extractor's pre-annotations arriving do not count. Restoring is not
//! redone (remove it again instead). Removals are not saved, like histories.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use nomen_core::{DocError, Document, LabelDef, Schema, Span};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::adjudicate::Adjudication;
use crate::aliases::{AliasCluster, AliasError, AliasProposal, Aliases};
use crate::edit::{Applied, Edit, EditError};
use crate::entry::DocEntry;
use crate::history::Change;
use crate::schema_edit::{self, SchemaError};
use crate::status::{DocStatus, Progress, STATUS_KEY};

/// The format version written by [`Workspace::to_json`].
/// 2 added the alias clusters; a format 1 save loads with none.
/// 3 added the extractor's margins per document (`confidence`), the
/// adjudication in progress and the documents held from the extractor; a
/// format 1 or 2 save loads with none of them.
pub const FORMAT_VERSION: u32 = 3;

/// Documents under review, the current one and the label schema.
///
/// Deserializing goes through the same checks as [`Workspace::from_json`]
/// (see `persist.rs`), so no workspace with broken invariants can exist.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "crate::persist::SavedWorkspace")]
pub struct Workspace {
    /// Format version of the saved form, so a later format can migrate this one.
    pub(crate) version: u32,
    pub(crate) schema: Schema,
    /// Shared between copies of the workspace: the app's reducer copies the
    /// workspace for every action, which then copies pointers, and a change
    /// copies only the document it changes (`Arc::make_mut`).
    #[serde(serialize_with = "crate::persist::serialize_docs")]
    pub(crate) docs: Vec<Arc<DocEntry>>,
    pub(crate) current: Option<String>,
    /// The number in the last generated id (`doc-N`); it only grows, so a
    /// generated id is never handed out twice, even after a removal.
    pub(crate) id_counter: u64,
    /// Confirmed alias clusters and names kept apart.
    pub(crate) aliases: Aliases,
    /// Two analysts' work being merged, with the decisions made so far
    /// (shared like the documents: a decision copies it once, not per action).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::persist::serialize_adjudication")]
    pub(crate) adjudication: Option<Arc<Adjudication>>,
    /// Documents removed since the analyst last changed a document, newest
    /// last: what undo can put back. Not saved.
    #[serde(skip)]
    pub(crate) removed: Vec<Removed>,
    /// Bumped by every successful change; not saved.
    #[serde(skip)]
    pub(crate) generation: u64,
    /// Where each document is, by id, made at the first lookup after the
    /// documents were added, removed or put back (an answer for one of 5,000
    /// documents looked it up by comparing ids one by one). Shared by copies;
    /// a lookup checks what it finds, so a stale index is only slower. Not saved.
    #[serde(skip)]
    pub(crate) index: Arc<OnceLock<HashMap<String, usize>>>,
}

/// A removed document, where it was, and whether it was the current one.
#[derive(Debug, Clone)]
pub(crate) struct Removed {
    index: usize,
    entry: Arc<DocEntry>,
    was_current: bool,
}

/// Equal documents, current document and schema; the generation counter is
/// bookkeeping, not content.
impl PartialEq for Workspace {
    fn eq(&self, other: &Workspace) -> bool {
        self.schema == other.schema
            && self.docs == other.docs
            && self.current == other.current
            && self.id_counter == other.id_counter
            && self.aliases == other.aliases
            && self.adjudication == other.adjudication
    }
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace::new(Schema::default_news())
    }
}

/// Why a batch of documents could not be added; nothing was added.
/// `number` is the 1-based position in the batch.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddError {
    #[error("document {number}{}: {source}", id_note(.id))]
    InvalidSpans { number: usize, id: Option<String>, source: DocError },
    #[error("document {number}{}: meta.{STATUS_KEY} {found} is not one of new, pre_annotated, edited, done", id_note(.id))]
    BadStatus { number: usize, id: Option<String>, found: String },
}

/// What [`Workspace::label_all`] did: occurrences labelled, documents changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabelledAll {
    pub changed: usize,
    pub docs: usize,
}

/// An occurrence [`Workspace::label_all`] could not label, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}{error}", if doc_id.is_empty() { String::new() } else { format!("{doc_id}: ") })]
pub struct Refusal {
    pub doc_id: String,
    pub start: usize,
    pub end: usize,
    pub error: EditError,
}

fn id_note(id: &Option<String>) -> String {
    id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default()
}

impl Workspace {
    pub fn new(schema: Schema) -> Workspace {
        Workspace {
            version: FORMAT_VERSION,
            schema,
            docs: Vec::new(),
            current: None,
            id_counter: 0,
            aliases: Aliases::default(),
            adjudication: None,
            removed: Vec::new(),
            generation: 0,
            index: Arc::default(),
        }
    }

    /// A number that changes whenever the workspace does: save when it differs from the last saved one.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A change the analyst made to documents: saved, and removals can no longer be undone.
    pub(crate) fn changed(&mut self) {
        self.removed.clear();
        self.bump();
    }

    /// A change to save that is not the analyst's change to a document
    /// (moving to another one, a pre-annotation arriving, an alias decision,
    /// the adjudication): removals can still be undone.
    pub(crate) fn bump(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The documents in workspace order.
    pub fn docs(&self) -> &[Arc<DocEntry>] {
        &self.docs
    }

    pub fn doc(&self, id: &str) -> Option<&DocEntry> {
        self.index_of(id).map(|i| &*self.docs[i])
    }

    /// Where the document `id` is in [`Workspace::docs`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| self.docs.iter().enumerate().map(|(i, d)| (d.id().to_string(), i)).collect());
        match index.get(id) {
            Some(&i) if self.docs.get(i).is_some_and(|d| d.id() == id) => Some(i),
            _ => self.docs.iter().position(|d| d.id() == id),
        }
    }

    /// The documents were added, removed or put back: the index is made again at the next lookup.
    fn reindex(&mut self) {
        self.index = Arc::default();
    }

    fn position(&self, id: &str) -> Result<usize, EditError> {
        self.index_of(id).ok_or_else(|| EditError::UnknownDocument { id: id.to_string() })
    }

    pub fn current(&self) -> Option<&DocEntry> {
        self.current.as_deref().and_then(|id| self.doc(id))
    }

    pub fn current_id(&self) -> Option<&str> {
        self.current.as_deref()
    }

    pub fn set_current(&mut self, id: &str) -> Result<(), EditError> {
        self.position(id)?;
        if self.current.as_deref() != Some(id) {
            self.current = Some(id.to_string());
            self.bump();
        }
        Ok(())
    }

    /// Adds documents, keeping their spans, and returns the ids they got.
    ///
    /// - Ids: a document's own id is kept unless another document has it, in
    ///   which case `-2`, `-3`, … is appended; a missing or empty id becomes
    ///   `doc-N` from a counter that never goes back.
    /// - Status: `meta.status` if present (and removed from `meta`);
    ///   otherwise `PreAnnotated` if the document has spans (they came from
    ///   elsewhere and await review) and `New` if not.
    /// - Labels the schema lacks are added to it (grey, no hotkey) rather than
    ///   refused or dropped: an imported file's labels are the analyst's data.
    /// - The first document added becomes current if none was.
    /// - `kb_id`s the spans carried (`meta.kb_ids`, see
    ///   [`nomen_core::KB_IDS_KEY`]) become alias clusters again
    ///   ([`Aliases::adopt`]), so an export read back loses none.
    ///
    /// All or nothing: an invalid document refuses the whole batch.
    pub fn add_documents(&mut self, docs: Vec<Document>) -> Result<Vec<String>, AddError> {
        let mut taken: HashSet<String> = self.docs.iter().map(|d| d.id().to_string()).collect();
        let mut counter = self.id_counter;
        let mut entries = Vec::with_capacity(docs.len());
        // (kb_id, label) → names, in the order met.
        let mut kb_ids: Vec<((String, String), Vec<String>)> = Vec::new();
        for (index, mut doc) in docs.into_iter().enumerate() {
            let number = index + 1;
            let status = match doc.meta.remove(STATUS_KEY) {
                None => DocStatus::for_arriving_spans(!doc.spans.is_empty()),
                Some(value) => value.as_str().and_then(DocStatus::parse).ok_or_else(|| AddError::BadStatus {
                    number,
                    id: doc.id.clone(),
                    found: value.to_string(),
                })?,
            };
            doc.validate().map_err(|source| AddError::InvalidSpans { number, id: doc.id.clone(), source })?;
            doc.sort_spans();
            let carried = doc.take_kb_ids();
            let id = match doc.id.take().filter(|id| !id.is_empty()) {
                Some(id) => unique_id(&id, &taken),
                None => loop {
                    counter = counter.saturating_add(1);
                    let generated = format!("doc-{counter}");
                    if !taken.contains(&generated) || counter == u64::MAX {
                        // At the (unreachable in practice) end of the counter, suffixes keep ids unique.
                        break unique_id(&generated, &taken);
                    }
                },
            };
            taken.insert(id.clone());
            doc.id = Some(id);
            let entry = DocEntry::new(doc, status);
            for (start, end, kb_id) in carried {
                let Some(span) = entry.span(start, end) else {
                    continue;
                };
                let (key, name) = ((kb_id, span.label.clone()), entry.slice(start, end));
                let at = match kb_ids.iter().position(|(k, _)| *k == key) {
                    Some(at) => at,
                    None => {
                        kb_ids.push((key, Vec::new()));
                        kb_ids.len() - 1
                    }
                };
                if !kb_ids[at].1.iter().any(|n| n == name) {
                    kb_ids[at].1.push(name.to_string());
                }
            }
            entries.push(entry);
        }

        for entry in &entries {
            for span in entry.spans() {
                if self.schema.get(&span.label).is_none() {
                    self.schema.labels.push(schema_edit::imported_label(&span.label));
                }
            }
        }
        let ids: Vec<String> = entries.iter().map(|e| e.id().to_string()).collect();
        if self.current.is_none() {
            self.current = ids.first().cloned();
        }
        self.id_counter = counter;
        self.docs.extend(entries.into_iter().map(Arc::new));
        self.reindex();
        for ((kb_id, label), names) in kb_ids {
            self.aliases.adopt(&kb_id, &label, &names);
        }
        self.changed();
        Ok(ids)
    }

    /// Removes a document; if it was current, its successor (or else its
    /// predecessor) becomes current. [`Workspace::restore_removed`] puts it
    /// back until the analyst changes a document.
    pub fn remove_document(&mut self, id: &str) -> Result<Arc<DocEntry>, EditError> {
        let index = self.position(id)?;
        let entry = self.docs.remove(index);
        self.reindex();
        let was_current = self.current.as_deref() == Some(id);
        if was_current {
            self.current = self.docs.get(index).or_else(|| self.docs.last()).map(|d| d.id().to_string());
        }
        self.bump();
        self.removed.push(Removed { index, entry: entry.clone(), was_current });
        Ok(entry)
    }

    /// The document the next [`Workspace::restore_removed`] brings back, if
    /// the analyst's last action was removing it.
    pub fn last_removed(&self) -> Option<&DocEntry> {
        self.removed.last().map(|r| &*r.entry)
    }

    /// Puts the last removed document back where it was (current again if it
    /// was), with its spans, status and undo history; returns its id.
    pub fn restore_removed(&mut self) -> Option<String> {
        let Removed { index, entry, was_current } = self.removed.pop()?;
        let id = entry.id().to_string();
        self.docs.insert(index.min(self.docs.len()), entry);
        self.reindex();
        if was_current || self.current.is_none() {
            self.current = Some(id.clone());
        }
        self.bump();
        Some(id)
    }

    /// Applies an edit to a document, or refuses it and changes nothing.
    /// The extractor's pre-annotation is not the analyst's change: a removal
    /// can still be undone after one.
    pub fn apply(&mut self, id: &str, edit: Edit) -> Result<Applied, EditError> {
        let i = self.position(id)?;
        let by_extractor = matches!(edit, Edit::PreAnnotate { .. });
        let schema = &self.schema;
        let step = self.docs[i].plan(edit, &|label| schema.get(label).is_some())?;
        let applied = Arc::make_mut(&mut self.docs[i]).commit(step)?;
        if by_extractor {
            self.bump();
        } else {
            self.changed();
        }
        Ok(applied)
    }

    /// Gives `label` to every occurrence listed (document id → code-point
    /// bounds, found by the caller: the app asks the name memory): a span with
    /// those bounds is relabelled, free text gets a new span, a span that
    /// already has the label is left alone. Each document changed gets one
    /// undoable step. All or nothing: if any occurrence cannot take the label
    /// (it overlaps another span, the document is gone, …), nothing changes
    /// and every refusal is returned.
    pub fn label_all(&mut self, label: &str, occurrences: &[(String, Vec<(usize, usize)>)]) -> Result<LabelledAll, Vec<Refusal>> {
        if self.schema.get(label).is_none() {
            let error = EditError::UnknownLabel { label: label.to_string() };
            return Err(vec![Refusal { doc_id: String::new(), start: 0, end: 0, error }]);
        }
        let mut planned = Vec::new();
        let mut refusals = Vec::new();
        for (id, bounds) in occurrences {
            let Ok(i) = self.position(id) else {
                let error = EditError::UnknownDocument { id: id.clone() };
                refusals.push(Refusal { doc_id: id.clone(), start: 0, end: 0, error });
                continue;
            };
            match self.docs[i].plan_label_all(label, bounds) {
                Ok(Some(step)) => planned.push((i, step)),
                Ok(None) => {}
                Err(refused) => {
                    refusals.extend(refused.into_iter().map(|((start, end), error)| Refusal { doc_id: id.clone(), start, end, error }))
                }
            }
        }
        if !refusals.is_empty() {
            return Err(refusals);
        }
        let mut done = LabelledAll::default();
        for (i, step) in planned {
            let Change::Several(changes) = &step.change else { continue };
            let count = changes.len();
            // Planned against the document as it is: it fits (an error here would be a bug, and changes nothing).
            if let Err(error) = Arc::make_mut(&mut self.docs[i]).commit(step) {
                let doc_id = self.docs[i].id().to_string();
                refusals.push(Refusal { doc_id, start: 0, end: 0, error });
                continue;
            }
            done.changed += count;
            done.docs += 1;
        }
        if done.docs > 0 {
            self.changed();
        }
        if refusals.is_empty() {
            Ok(done)
        } else {
            Err(refusals)
        }
    }

    /// Undoes the document's last edit, restoring its spans and status exactly.
    /// Undone back to `New` (its pre-annotation undone), the document is held
    /// from the extractor ([`DocEntry::held`]) until
    /// [`Workspace::release_extraction`]: the analyst asked for it without one.
    pub fn undo(&mut self, id: &str) -> Result<Applied, EditError> {
        let i = self.position(id)?;
        let entry = Arc::make_mut(&mut self.docs[i]);
        let result = entry.undo();
        if let Ok(applied) = &result {
            entry.held = applied.status == DocStatus::New;
        }
        // A lost history changed the document's history, so it counts as a change too.
        if matches!(result, Ok(_) | Err(EditError::HistoryLost)) {
            self.changed();
        }
        result
    }

    /// Redoes the document's last undone edit (held from the extractor only
    /// if that leaves it `New`, as undo does).
    pub fn redo(&mut self, id: &str) -> Result<Applied, EditError> {
        let i = self.position(id)?;
        let entry = Arc::make_mut(&mut self.docs[i]);
        let result = entry.redo();
        if let Ok(applied) = &result {
            entry.held = applied.status == DocStatus::New;
        }
        if matches!(result, Ok(_) | Err(EditError::HistoryLost)) {
            self.changed();
        }
        result
    }

    /// The analyst asks the extractor for a held document again (`e`).
    pub fn release_extraction(&mut self, id: &str) -> Result<(), EditError> {
        let i = self.position(id)?;
        if self.docs[i].held() {
            Arc::make_mut(&mut self.docs[i]).held = false;
            self.bump();
        }
        Ok(())
    }

    // ---- Adjudication -----------------------------------------------------

    /// The adjudication in progress, if any.
    pub fn adjudication(&self) -> Option<&Arc<Adjudication>> {
        self.adjudication.as_ref()
    }

    /// Starts an adjudication, in place of the one in progress (returned).
    pub fn start_adjudication(&mut self, adjudication: Adjudication) -> Option<Arc<Adjudication>> {
        self.bump();
        self.adjudication.replace(Arc::new(adjudication))
    }

    /// The adjudication in progress, to decide or move in (counted as a change to save).
    pub fn adjudication_mut(&mut self) -> Option<&mut Adjudication> {
        let adjudication = self.adjudication.as_mut()?;
        self.generation = self.generation.wrapping_add(1);
        Some(Arc::make_mut(adjudication))
    }

    /// Ends the adjudication in progress (its result added, or discarded).
    pub fn end_adjudication(&mut self) -> Option<Arc<Adjudication>> {
        let ended = self.adjudication.take();
        if ended.is_some() {
            self.bump();
        }
        ended
    }

    pub fn progress(&self) -> Progress {
        Progress { done: self.docs.iter().filter(|d| d.status() == DocStatus::Done).count(), total: self.docs.len() }
    }

    /// The document after `id` in workspace order.
    pub fn next_doc(&self, id: &str) -> Option<&DocEntry> {
        let i = self.position(id).ok()?;
        self.docs.get(i + 1).map(|d| &**d)
    }

    /// The document before `id` in workspace order.
    pub fn prev_doc(&self, id: &str) -> Option<&DocEntry> {
        let i = self.position(id).ok()?;
        self.docs.get(i.checked_sub(1)?).map(|d| &**d)
    }

    /// The first document, in workspace order, that is not done.
    pub fn first_not_done(&self) -> Option<&DocEntry> {
        self.docs.iter().find(|d| d.status() != DocStatus::Done).map(|d| &**d)
    }

    /// The next document after `id` that is not done, wrapping around to the
    /// start (what "mark done and go on" wants); never `id` itself.
    pub fn next_not_done(&self, id: &str) -> Option<&DocEntry> {
        let i = self.position(id).ok()?;
        let (before, after) = self.docs.split_at(i);
        after.iter().skip(1).chain(before).find(|d| d.status() != DocStatus::Done).map(|d| &**d)
    }

    /// Splits extractor output into spans whose label the schema has and the
    /// rest, so an extractor that knows more labels than the schema (say an
    /// OntoNotes model's CARDINAL) can still pre-annotate.
    pub fn split_known_labels(&self, spans: Vec<Span>) -> (Vec<Span>, Vec<Span>) {
        spans.into_iter().partition(|s| self.schema.get(&s.label).is_some())
    }

    // ---- The label schema -------------------------------------------------

    fn label_mut(&mut self, name: &str) -> Result<&mut LabelDef, SchemaError> {
        self.schema.labels.iter_mut().find(|l| l.name == name).ok_or_else(|| SchemaError::UnknownLabel { label: name.to_string() })
    }

    /// Adds a label; its name follows [`schema_edit::check_new_name`], as a rename's does.
    pub fn add_label(&mut self, label: LabelDef) -> Result<(), SchemaError> {
        schema_edit::check_new_name(&self.schema, &label.name)?;
        schema_edit::check_color(&label.color)?;
        if let Some(key) = label.hotkey {
            schema_edit::check_hotkey(&self.schema, &label.name, key)?;
        }
        self.schema.labels.push(label);
        self.bump();
        Ok(())
    }

    /// Renames a label in the schema, on every span of every document and in
    /// every undo step, so the workspace never holds the old name. Not an
    /// undoable edit (it is not about one document), but renaming back
    /// restores everything, since the new name had to be unused.
    pub fn rename_label(&mut self, old: &str, new: &str) -> Result<(), SchemaError> {
        if old == new {
            return self.label_mut(old).map(|_| ());
        }
        schema_edit::check_new_name(&self.schema, new)?;
        self.label_mut(old)?.name = new.to_string();
        for doc in &mut self.docs {
            if doc.uses_label(old) {
                Arc::make_mut(doc).rename_label(old, new);
            }
        }
        self.aliases.rename_label(old, new);
        self.changed();
        Ok(())
    }

    pub fn set_label_color(&mut self, name: &str, color: &str) -> Result<(), SchemaError> {
        schema_edit::check_color(color)?;
        self.label_mut(name)?.color = color.to_string();
        self.bump();
        Ok(())
    }

    /// Gives a label a hotkey `1`-`9` (or none); a key another label holds is refused.
    pub fn set_label_hotkey(&mut self, name: &str, key: Option<char>) -> Result<(), SchemaError> {
        if let Some(key) = key {
            schema_edit::check_hotkey(&self.schema, name, key)?;
        }
        self.label_mut(name)?.hotkey = key;
        self.bump();
        Ok(())
    }

    /// Removes a label no span uses, not even one that undo could bring back.
    pub fn remove_label(&mut self, name: &str) -> Result<(), SchemaError> {
        self.label_mut(name)?;
        let docs = self.docs.iter().filter(|d| d.uses_label(name)).count();
        if docs > 0 {
            let spans = self.docs.iter().flat_map(|d| d.spans()).filter(|s| s.label == name).count();
            return Err(SchemaError::LabelInUse { label: name.to_string(), spans, docs });
        }
        self.schema.labels.retain(|l| l.name != name);
        self.changed();
        Ok(())
    }
}

impl Workspace {
    // ---- Alias clusters ---------------------------------------------------

    pub fn aliases(&self) -> &Aliases {
        &self.aliases
    }

    /// Every span as `(text, label)`, in workspace order: what alias
    /// proposals are made from.
    pub fn mentions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.docs.iter().flat_map(|d| d.spans().iter().map(move |s| (d.slice(s.start, s.end), s.label.as_str())))
    }

    /// How many spans have each `(label, text)`.
    fn mention_counts(&self) -> BTreeMap<(&str, &str), usize> {
        let mut counts = BTreeMap::new();
        for (text, label) in self.mentions() {
            *counts.entry((label, text)).or_default() += 1;
        }
        counts
    }

    /// The confirmed clusters, each name with how many spans have it.
    pub fn confirmed_aliases_counted(&self) -> Vec<(&AliasCluster, Vec<(&str, usize)>)> {
        let counts = self.mention_counts();
        self.aliases
            .confirmed()
            .iter()
            .map(|c| {
                let named = c.names.iter().map(|n| (n.as_str(), counts.get(&(c.label.as_str(), n.as_str())).copied().unwrap_or(0)));
                (c, named.collect())
            })
            .collect()
    }

    /// The proposals the analyst has not decided on yet (see [`Aliases::pending`]).
    pub fn pending_aliases(&self, proposals: Vec<AliasProposal>) -> Vec<AliasProposal> {
        self.aliases.pending(proposals)
    }

    /// Confirms names as one entity; returns the cluster's `kb_id`.
    pub fn confirm_aliases(&mut self, label: &str, names: &[String]) -> Result<String, AliasError> {
        let kb_id = self.aliases.confirm(label, names)?;
        self.bump();
        Ok(kb_id)
    }

    /// Records that `name` is not the same entity as `others` (a variant dropped from a proposal).
    pub fn keep_aliases_apart(&mut self, label: &str, name: &str, others: &[String]) {
        self.aliases.keep_apart(label, name, others);
        self.bump();
    }

    /// Dismisses a whole proposal: it is not proposed again.
    pub fn dismiss_aliases(&mut self, label: &str, names: &[String]) {
        self.aliases.dismiss(label, names);
        self.bump();
    }

    /// Takes a name out of a confirmed cluster.
    pub fn split_alias(&mut self, kb_id: &str, name: &str) -> Result<(), AliasError> {
        self.aliases.split(kb_id, name)?;
        self.bump();
        Ok(())
    }

    /// Removes a confirmed cluster; its names are not proposed together again.
    pub fn remove_alias_cluster(&mut self, kb_id: &str) -> Result<AliasCluster, AliasError> {
        let removed = self.aliases.remove(kb_id)?;
        self.bump();
        Ok(removed)
    }
}

/// `id`, or `id-2`, `id-3`, … whichever is not taken.
fn unique_id(id: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(id) {
        return id.to_string();
    }
    (2u64..).map(|n| format!("{id}-{n}")).find(|candidate| !taken.contains(candidate)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: Option<&str>, text: &str, spans: Vec<Span>) -> Document {
        let mut d = Document::new(text).with_spans(spans);
        d.id = id.map(str::to_string);
        d
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc(Some("a"), "Haftar met Boulos in Rome.", vec![Span::new(21, 25, "GPE"), Span::new(0, 6, "PERSON")]),
            doc(None, "Tripoli was calm.", vec![]),
            doc(Some("c"), "The LNA advanced.", vec![Span::new(4, 7, "ORG")]),
        ])
        .unwrap();
        ws
    }

    /// Lookups by id stay right through additions, removals and undone removals, in copies too.
    #[test]
    fn documents_are_found_by_id_after_every_change_of_the_list() {
        let positions = |ws: &Workspace| ws.docs().iter().map(|d| (d.id().to_string(), ws.index_of(d.id()))).collect::<Vec<_>>();
        let expected = |ws: &Workspace| ws.docs().iter().enumerate().map(|(i, d)| (d.id().to_string(), Some(i))).collect::<Vec<_>>();
        let mut ws = workspace();
        assert_eq!(positions(&ws), expected(&ws));
        let copy = ws.clone();
        ws.remove_document("a").unwrap();
        assert_eq!(ws.index_of("a"), None);
        assert_eq!(positions(&ws), expected(&ws));
        assert_eq!(positions(&copy), expected(&copy), "a copy made before keeps its own order");
        ws.restore_removed();
        assert_eq!(ws.index_of("a"), Some(0));
        assert_eq!(positions(&ws), expected(&ws));
        ws.add_documents(vec![doc(Some("d"), "Sirte.", vec![])]).unwrap();
        assert_eq!(ws.index_of("d"), Some(3));
        assert_eq!(positions(&ws), expected(&ws));
        assert_eq!(ws.doc("c").map(|d| d.id()), Some("c"));
    }

    /// "Label all occurrences": one undoable step per document, all or nothing.
    #[test]
    fn label_all_is_one_step_per_document_and_all_or_nothing() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc(Some("a"), "Rome and Rome.", vec![Span::new(0, 4, "GPE")]),
            doc(Some("b"), "Rome, Rome Club.", vec![Span::new(6, 15, "ORG")]),
            doc(Some("c"), "Rome fell.", vec![Span::new(0, 4, "ORG")]),
        ])
        .unwrap();
        let before = ws.clone();
        let generation = ws.generation();
        // "Rome" inside "Rome Club" cannot be a second span: nothing happens, and each refusal is said.
        let found = |b: Vec<(usize, usize)>| {
            vec![
                ("a".to_string(), vec![(0, 4), (9, 13)]),
                ("b".to_string(), b),
                ("c".to_string(), vec![(0, 4)]),
                ("gone".to_string(), vec![(0, 4)]),
            ]
        };
        let refused = ws.label_all("GPE", &found(vec![(0, 4), (6, 10)])).unwrap_err();
        let said: Vec<String> = refused.iter().map(ToString::to_string).collect();
        assert_eq!(said, ["b: “Rome” overlaps “Rome Club” (ORG) — remove or shrink that span first", "gone: no document with id \"gone\""]);
        assert_eq!(ws, before, "a refusal changes nothing");
        assert_eq!(ws.generation(), generation);

        let mut found = found(vec![(0, 4)]);
        found.pop();
        let done = ws.label_all("GPE", &found).unwrap();
        assert_eq!(done, LabelledAll { changed: 3, docs: 3 }, "a's first Rome was GPE already");
        assert_eq!(ws.doc("a").unwrap().spans(), [Span::new(0, 4, "GPE"), Span::new(9, 13, "GPE")]);
        assert_eq!(ws.doc("c").unwrap().spans(), [Span::new(0, 4, "GPE")]);
        assert_eq!(ws.doc("c").unwrap().status(), DocStatus::Edited);
        assert!(ws.generation() > generation);
        let undone = ws.undo("a").unwrap();
        assert_eq!(undone.summary, "undid: labelled 1 occurrence as GPE");
        assert_eq!(ws.doc("a").unwrap().spans(), before.doc("a").unwrap().spans());
        ws.undo("c").unwrap();
        assert_eq!(ws.doc("c").unwrap().spans(), [Span::new(0, 4, "ORG")], "the relabel is undone too");
        assert_eq!(ws.doc("c").unwrap().status(), DocStatus::PreAnnotated);
        assert_eq!(ws.redo("c").unwrap().summary, "labelled 1 occurrence as GPE");
        assert_eq!(ws.label_all("NOPE", &[]).unwrap_err()[0].to_string(), "unknown label NOPE");
    }

    #[test]
    fn a_copy_shares_its_documents_and_a_change_copies_only_the_one_it_changes() {
        let original = workspace();
        let mut copy = original.clone();
        assert!(original.docs().iter().zip(copy.docs()).all(|(a, b)| Arc::ptr_eq(a, b)), "copying copies pointers");
        copy.apply("c", Edit::RemoveSpan { start: 4, end: 7 }).unwrap();
        assert!(Arc::ptr_eq(&original.docs()[0], &copy.docs()[0]));
        assert!(Arc::ptr_eq(&original.docs()[1], &copy.docs()[1]));
        assert!(!Arc::ptr_eq(&original.docs()[2], &copy.docs()[2]));
        assert_eq!(original.doc("c").unwrap().spans().len(), 1, "the original is untouched");
        assert!(copy.doc("c").unwrap().spans().is_empty());
        copy.undo("c").unwrap();
        assert_eq!(copy, original);
        copy.rename_label("ORG", "COMPANY").unwrap();
        assert!(Arc::ptr_eq(&original.docs()[1], &copy.docs()[1]), "a rename copies only documents using the label");
        assert!(!Arc::ptr_eq(&original.docs()[2], &copy.docs()[2]));
    }

    #[test]
    fn added_documents_get_ids_status_and_sorted_spans() {
        let ws = workspace();
        let ids: Vec<&str> = ws.docs().iter().map(|d| d.id()).collect();
        assert_eq!(ids, ["a", "doc-1", "c"]);
        assert_eq!(ws.current_id(), Some("a"));
        assert_eq!(ws.doc("a").unwrap().spans()[0], Span::new(0, 6, "PERSON"));
        assert_eq!(ws.doc("a").unwrap().status(), DocStatus::PreAnnotated);
        assert_eq!(ws.doc("doc-1").unwrap().status(), DocStatus::New);
    }

    #[test]
    fn ids_are_unique_and_never_reused() {
        let mut ws = workspace();
        let ids = ws
            .add_documents(vec![
                doc(Some("a"), "x", vec![]),
                doc(Some("a"), "y", vec![]),
                doc(Some("doc-2"), "z", vec![]),
                doc(None, "w", vec![]),
            ])
            .unwrap();
        assert_eq!(ids, ["a-2", "a-3", "doc-2", "doc-3"], "doc-2 was taken, so the counter skipped it");
        ws.remove_document("doc-3").unwrap();
        assert_eq!(ws.add_documents(vec![doc(None, "v", vec![])]).unwrap(), ["doc-4"]);
    }

    #[test]
    fn status_from_meta_and_bad_batches_change_nothing() {
        let mut ws = workspace();
        let before = ws.clone();
        let mut done = doc(None, "Rome", vec![Span::new(0, 4, "GPE")]);
        done.meta.insert("status".into(), "done".into());
        done.meta.insert("source".into(), "wire".into());
        let mut odd = doc(Some("odd"), "Rome", vec![]);
        odd.meta.insert("status".into(), "published".into());
        let err = ws.add_documents(vec![done.clone(), odd]).unwrap_err();
        assert_eq!(err.to_string(), "document 2 (odd): meta.status \"published\" is not one of new, pre_annotated, edited, done");
        let bad = doc(None, "Rome", vec![Span::new(0, 9, "GPE")]);
        let err = ws.add_documents(vec![bad]).unwrap_err();
        assert_eq!(err.to_string(), "document 1: span 0 (0..9 GPE) ends past the text, which has 4 code points");
        assert_eq!(ws, before);
        assert_eq!(ws.generation(), before.generation());

        let ids = ws.add_documents(vec![done]).unwrap();
        let entry = ws.doc(&ids[0]).unwrap();
        assert_eq!(entry.status(), DocStatus::Done);
        assert_eq!(entry.document().meta.get("status"), None, "status lives in the entry, not in meta");
        assert_eq!(entry.document().meta.get("source"), Some(&"wire".into()));
    }

    #[test]
    fn imported_labels_join_the_schema() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![doc(None, "5 dollars", vec![Span::new(0, 9, "MONEY")])]).unwrap();
        let money = ws.schema().get("MONEY").unwrap();
        assert_eq!(money.hotkey, None);
        let edit = Edit::Relabel { start: 0, end: 9, label: "MONEY".into() };
        assert_eq!(ws.apply("doc-1", edit).unwrap_err(), EditError::SameLabel { text: "5 dollars".into(), label: "MONEY".into() });
    }

    #[test]
    fn edits_bump_the_generation_and_refusals_do_not() {
        let mut ws = workspace();
        let g = ws.generation();
        assert!(ws.apply("a", Edit::RemoveSpan { start: 1, end: 2 }).is_err());
        assert!(ws.apply("zzz", Edit::MarkDone).is_err());
        assert!(ws.undo("a").is_err());
        assert_eq!(ws.generation(), g);
        ws.apply("a", Edit::MarkDone).unwrap();
        assert_eq!(ws.generation(), g + 1);
        ws.undo("a").unwrap();
        ws.redo("a").unwrap();
        assert_eq!(ws.generation(), g + 3);
        assert_eq!(ws.apply("nope", Edit::AcceptAll).unwrap_err().to_string(), "no document with id \"nope\"");
    }

    #[test]
    fn progress_and_navigation() {
        let mut ws = workspace();
        assert_eq!(ws.progress(), Progress { done: 0, total: 3 });
        ws.apply("a", Edit::MarkDone).unwrap();
        ws.apply("c", Edit::MarkDone).unwrap();
        assert_eq!(ws.progress().to_string(), "2 of 3 done");
        assert_eq!(ws.first_not_done().map(DocEntry::id), Some("doc-1"));
        assert_eq!(ws.next_not_done("c").map(DocEntry::id), Some("doc-1"), "wraps around");
        assert_eq!(ws.next_not_done("doc-1").map(DocEntry::id), None, "never itself");
        assert_eq!(ws.next_doc("a").map(DocEntry::id), Some("doc-1"));
        assert_eq!(ws.next_doc("c"), None);
        assert_eq!(ws.prev_doc("a"), None);
        assert_eq!(ws.prev_doc("c").map(DocEntry::id), Some("doc-1"));
    }

    #[test]
    fn removing_the_current_document_moves_on() {
        let mut ws = workspace();
        ws.set_current("doc-1").unwrap();
        ws.remove_document("doc-1").unwrap();
        assert_eq!(ws.current_id(), Some("c"));
        ws.remove_document("c").unwrap();
        assert_eq!(ws.current_id(), Some("a"));
        ws.remove_document("a").unwrap();
        assert_eq!(ws.current_id(), None);
        assert!(ws.set_current("a").is_err());
    }

    #[test]
    fn rename_reaches_spans_and_history() {
        let mut ws = workspace();
        ws.apply("a", Edit::RemoveSpan { start: 0, end: 6 }).unwrap();
        ws.rename_label("PERSON", "PER").unwrap();
        assert!(ws.schema().get("PERSON").is_none());
        ws.undo("a").unwrap();
        assert_eq!(ws.doc("a").unwrap().spans()[0], Span::new(0, 6, "PER"), "undo brings the span back under the new name");
        assert_eq!(ws.rename_label("PER", "ORG"), Err(SchemaError::NameTaken { name: "ORG".into() }));
        assert_eq!(ws.rename_label("NOPE", "X"), Err(SchemaError::UnknownLabel { label: "NOPE".into() }));
        ws.rename_label("PER", "PERSON").unwrap();
        assert_eq!(ws.schema(), &Schema::default_news(), "renaming back restores the schema");
    }

    /// Issue 15, defect 10: a new label and a renamed one follow one rule,
    /// refused with the reason rather than changed (new labels used to be
    /// upper-cased by the page while renames took anything).
    #[test]
    fn added_and_renamed_labels_follow_one_rule() {
        let mut ws = workspace();
        let def = |name: &str| LabelDef { name: name.into(), description: String::new(), color: "#eeeeee".into(), hotkey: None };
        for name in ["money", "NEW YORK", "A\tB", "<script>"] {
            let added = ws.add_label(def(name)).unwrap_err();
            let renamed = ws.rename_label("EVENT", name).unwrap_err();
            assert!(matches!(added, SchemaError::BadName { .. }), "{name}: {added}");
            assert_eq!(added, renamed, "{name}");
        }
        assert_eq!(
            ws.rename_label("EVENT", "money").unwrap_err().to_string(),
            "label names are capital letters, digits, _ and -, like WORK_OF_ART: “money” is not one (try “MONEY”)"
        );
        assert!(ws.schema().get("EVENT").is_some(), "a refused rename changes nothing");
        ws.add_label(def("MONEY")).unwrap();
        ws.rename_label("EVENT", "WAR_2").unwrap();
    }

    #[test]
    fn labels_in_use_or_in_history_cannot_be_removed() {
        let mut ws = workspace();
        let err = ws.remove_label("ORG").unwrap_err();
        assert_eq!(
            err.to_string(),
            "ORG is still used by 1 span(s) in 1 document(s) or by their undo history — remove or relabel them first"
        );
        ws.apply("c", Edit::RemoveSpan { start: 4, end: 7 }).unwrap();
        assert!(matches!(ws.remove_label("ORG"), Err(SchemaError::LabelInUse { spans: 0, docs: 1, .. })));
        ws.remove_label("EVENT").unwrap();
        assert!(ws.schema().get("EVENT").is_none());
    }

    #[test]
    fn hotkeys_and_colours() {
        let mut ws = workspace();
        assert!(matches!(ws.set_label_hotkey("DATE", Some('1')), Err(SchemaError::HotkeyTaken { key: '1', .. })));
        ws.set_label_hotkey("PERSON", None).unwrap();
        ws.set_label_hotkey("DATE", Some('1')).unwrap();
        assert_eq!(ws.schema().by_hotkey('1').map(|l| l.name.as_str()), Some("DATE"));
        assert!(ws.set_label_color("DATE", "javascript:alert(1)").is_err());
        ws.set_label_color("DATE", "#abcdef").unwrap();
        assert_eq!(ws.schema().get("DATE").unwrap().color, "#abcdef");
        let money = LabelDef { name: "MONEY".into(), description: String::new(), color: "#eeeeee".into(), hotkey: Some('1') };
        assert!(matches!(ws.add_label(money.clone()), Err(SchemaError::HotkeyTaken { .. })));
        ws.add_label(LabelDef { hotkey: None, ..money }).unwrap();
        ws.apply("doc-1", Edit::AddSpan { start: 0, end: 7, label: "MONEY".into() }).unwrap();
    }

    #[test]
    fn extractor_output_is_split_by_schema() {
        let ws = workspace();
        let (known, unknown) = ws.split_known_labels(vec![Span::new(0, 1, "GPE"), Span::new(2, 3, "CARDINAL")]);
        assert_eq!((known.len(), unknown.len()), (1, 1));
    }

    /// Removal is undone at the workspace level while it is the analyst's
    /// last change: the document comes back at its place with its history.
    #[test]
    fn a_removal_is_undone_until_the_analyst_changes_a_document() {
        let mut ws = workspace();
        ws.apply("a", Edit::RemoveSpan { start: 0, end: 6 }).unwrap();
        ws.set_current("doc-1").unwrap();
        let before = ws.clone();
        assert!(ws.last_removed().is_none());
        let removed = ws.remove_document("doc-1").unwrap();
        assert_eq!(removed.text(), "Tripoli was calm.");
        assert_eq!(ws.current_id(), Some("c"), "its successor is current");
        assert_eq!(ws.last_removed().map(DocEntry::id), Some("doc-1"));
        // Moving, and the extractor's answers, are not the analyst's changes.
        ws.set_current("a").unwrap();
        let pre_annotate = |ws: &mut Workspace| drop(ws.apply("c", Edit::PreAnnotate { spans: vec![Span::new(0, 3, "ORG")] }).unwrap());
        pre_annotate(&mut ws);
        assert_eq!(ws.last_removed().map(DocEntry::id), Some("doc-1"));
        ws.remove_document("c").unwrap();
        assert_eq!(ws.restore_removed().as_deref(), Some("c"));
        assert_eq!(ws.current_id(), Some("a"), "c was not current when removed");
        assert_eq!(ws.restore_removed().as_deref(), Some("doc-1"));
        assert_eq!(ws.restore_removed(), None);
        assert_eq!(ws.current_id(), Some("doc-1"), "it was current: it is again");
        let mut expected = before.clone();
        pre_annotate(&mut expected);
        assert_eq!(ws, expected, "every document back at its place");
        assert!(ws.doc("a").unwrap().can_undo(), "histories kept");

        // The last document removed and restored into an empty workspace.
        let mut one = Workspace::default();
        one.add_documents(vec![doc(Some("x"), "Rome", vec![])]).unwrap();
        one.remove_document("x").unwrap();
        assert_eq!(one.current_id(), None);
        one.restore_removed();
        assert_eq!(one.current_id(), Some("x"));

        // Any change the analyst makes to a document forgets removals.
        let changes: [fn(&mut Workspace); 5] = [
            |ws| drop(ws.apply("a", Edit::RemoveSpan { start: 21, end: 25 }).unwrap()),
            |ws| drop(ws.undo("a").unwrap()),
            |ws| drop(ws.add_documents(vec![doc(None, "Misrata", vec![])]).unwrap()),
            |ws| ws.rename_label("ORG", "ORGANISATION").unwrap(),
            |ws| drop(ws.label_all("GPE", &[("c".into(), vec![(12, 16)])])),
        ];
        for change in changes {
            let mut ws = before.clone();
            ws.remove_document("doc-1").unwrap();
            let generation = ws.generation();
            change(&mut ws);
            assert!(ws.generation() != generation);
            assert!(ws.last_removed().is_none());
            assert_eq!(ws.restore_removed(), None);
        }
    }

    /// Undoing the pre-annotation holds a document from the extractor; the
    /// analyst releases it, and an edit undone or redone off `New` is not held.
    #[test]
    fn undoing_the_pre_annotation_holds_the_document() {
        let mut ws = workspace();
        let spans = vec![Span::new(0, 7, "GPE")];
        ws.apply("doc-1", Edit::PreAnnotate { spans }).unwrap();
        assert!(!ws.doc("doc-1").unwrap().held());
        ws.undo("doc-1").unwrap();
        assert_eq!(ws.doc("doc-1").unwrap().status(), DocStatus::New);
        assert!(ws.doc("doc-1").unwrap().held());
        ws.redo("doc-1").unwrap();
        assert!(!ws.doc("doc-1").unwrap().held());
        ws.undo("doc-1").unwrap();
        let generation = ws.generation();
        ws.release_extraction("doc-1").unwrap();
        assert!(!ws.doc("doc-1").unwrap().held());
        assert!(ws.generation() != generation, "saved");
        assert!(ws.release_extraction("nope").is_err());
    }
}
