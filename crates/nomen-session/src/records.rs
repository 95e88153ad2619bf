//! Autosave in records: each document its own record, plus a small manifest,
//! so a save writes what changed, not the whole workspace.
//!
//! The browser's store (IndexedDB, a key-value store) holds
//!
//! - one record per document under a key of its own (`doc:N`, N never
//!   reused): what [`crate::DocEntry`] serialises to (document, status, hold);
//! - the adjudication in progress, if any, as a record of its own
//!   (`adjudication:N`): it holds two versions of many texts, and is written
//!   when a decision changes it, not with every save;
//! - the manifest under [`MANIFEST_KEY`]: the rest of the workspace's JSON
//!   (schema, current document, alias clusters…), the record keys (the
//!   documents' in workspace order, the adjudication's), and the next record number.
//!
//! A changed document is written under a *new* key and the old record deleted
//! only after the manifest that no longer names it, so the store is always
//! readable as the old workspace or the new one, whatever prefix of a save's
//! writes landed: records first, then the manifest (the one write that switches
//! from old to new), then deletions ([`SavePlan`]; tested by cutting a save
//! after every write). So the records may be written in as many transactions
//! as the saver likes: the page serialises and writes them in slices, between
//! which it answers input ([`SavePlan::records`] are serialised only when
//! their turn comes), and writes the manifest and the deletions last, in one
//! transaction of their own. A save cut before its manifest leaves records no
//! manifest names: the next load finds them, and a save that failed hands its
//! keys back ([`Records::abandon`]), so the next save deletes them with its
//! manifest. Change is seen by pointer: a document is shared
//! (`Arc`) between workspace copies and copied only when it changes, so a
//! document whose `Arc` is the one last saved is unchanged.
//!
//! Loading assembles the workspace's JSON from the manifest and its records
//! and goes through [`Workspace::from_json`]'s checks. A store written before
//! records (one JSON string under `workspace`) still loads; the first save
//! writes every record and deletes that key in the same transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use nomen_core::Schema;
use serde::Serialize;
use serde_json::Value;

use crate::adjudicate::Adjudication;
use crate::aliases::Aliases;
use crate::entry::DocEntry;
use crate::persist::LoadError;
use crate::workspace::{Workspace, FORMAT_VERSION};

/// The key of the manifest.
pub const MANIFEST_KEY: &str = "manifest";
/// The key of a workspace saved whole, before records.
pub const WHOLE_KEY: &str = "workspace";
/// The keys of document records start with this.
pub const RECORD_PREFIX: &str = "doc:";
/// The key of the adjudication's record starts with this.
pub const ADJUDICATION_PREFIX: &str = "adjudication:";

/// True for the key of a record (a document's or the adjudication's).
pub fn is_record_key(key: &str) -> bool {
    record_number(key).is_some()
}

fn record_number(key: &str) -> Option<u64> {
    key.strip_prefix(RECORD_PREFIX).or_else(|| key.strip_prefix(ADJUDICATION_PREFIX))?.parse().ok()
}

/// What the store holds, as far as the saver knows: the documents last saved
/// (their `Arc`s, to see change by pointer) and the keys they are under, in
/// the manifest's order, so a save that finds each document where it was
/// compares pointers and hashes nothing (a save per keystroke in 5,000
/// documents stays well under a millisecond of planning).
#[derive(Debug, Clone, Default)]
pub struct Records {
    saved: Vec<(Arc<DocEntry>, Arc<str>)>,
    /// The adjudication last saved, and its record's key.
    adjudication: Option<(Arc<Adjudication>, String)>,
    next: u64,
    /// Keys to delete with the next save: records no manifest names (left by a
    /// save cut short), and the whole-workspace key once records replace it.
    garbage: Vec<String>,
}

/// One save: write `records` (in any order, in any number of transactions),
/// then `manifest`, then delete `deletes`.
#[derive(Debug, Clone)]
pub struct SavePlan {
    /// (key, record), for the documents (and the adjudication) that changed,
    /// each under a key no manifest names.
    pub records: Vec<(String, Record)>,
    pub manifest: String,
    pub deletes: Vec<String>,
}

/// What a changed record holds, serialised when it is written ([`Record::to_json`]),
/// so a save of thousands of documents can serialise them a slice at a time.
#[derive(Debug, Clone)]
pub enum Record {
    Doc(Arc<DocEntry>),
    Adjudication(Arc<Adjudication>),
}

impl Record {
    /// The record's JSON, as [`Records::load`] reads it.
    pub fn to_json(&self) -> String {
        // Strings, numbers and JSON values: always serialise.
        match self {
            Record::Doc(doc) => serde_json::to_string(&**doc).expect("a document always serialises to JSON"),
            Record::Adjudication(adj) => serde_json::to_string(&**adj).expect("an adjudication always serialises to JSON"),
        }
    }
}

impl Records {
    /// The plan of a save of `ws`, and what the store will hold once it is
    /// done (adopt it with the plan's success, keep `self` if it fails).
    pub fn plan(&self, ws: &Workspace) -> (SavePlan, Records) {
        let mut next = Records { saved: Vec::with_capacity(ws.docs().len()), adjudication: None, next: self.next, garbage: Vec::new() };
        let mut records = Vec::new();
        // Which saved records are still named; the others are deleted after the manifest.
        let mut kept = vec![false; self.saved.len()];
        // Saved documents by id, made only if a document is not where it was saved.
        let mut by_id: Option<HashMap<&str, usize>> = None;
        for (i, doc) in ws.docs().iter().enumerate() {
            let at = match self.saved.get(i) {
                Some((saved, _)) if saved.id() == doc.id() => Some(i),
                _ => by_id
                    .get_or_insert_with(|| self.saved.iter().enumerate().map(|(j, (saved, _))| (saved.id(), j)).collect())
                    .get(doc.id())
                    .copied(),
            };
            let key = match at {
                Some(j) if Arc::ptr_eq(&self.saved[j].0, doc) => {
                    kept[j] = true;
                    self.saved[j].1.clone()
                }
                _ => {
                    let key: Arc<str> = format!("{RECORD_PREFIX}{}", next.next).into();
                    next.next += 1;
                    records.push((key.to_string(), Record::Doc(doc.clone())));
                    key
                }
            };
            next.saved.push((doc.clone(), key));
        }
        let keys: Vec<&str> = next.saved.iter().map(|(_, key)| &**key).collect();
        let mut deletes: Vec<String> = Vec::new();
        let adjudication = match (ws.adjudication(), &self.adjudication) {
            (None, _) => None,
            (Some(adj), Some((saved, key))) if Arc::ptr_eq(adj, saved) => Some(key.clone()),
            (Some(adj), _) => {
                let key = format!("{ADJUDICATION_PREFIX}{}", next.next);
                next.next += 1;
                records.push((key.clone(), Record::Adjudication(adj.clone())));
                Some(key)
            }
        };
        if let Some((_, old)) = &self.adjudication {
            if adjudication.as_ref() != Some(old) {
                deletes.push(old.clone());
            }
        }
        next.adjudication = ws.adjudication().cloned().zip(adjudication.clone());
        deletes.extend(self.saved.iter().zip(&kept).filter(|(_, &kept)| !kept).map(|((_, key), _)| key.to_string()));
        deletes.sort();
        deletes.extend(self.garbage.iter().cloned());
        let manifest = manifest(ws, &keys, adjudication.as_deref(), next.next);
        (SavePlan { records, manifest, deletes }, next)
    }

    /// A save of `plan` failed (or was given up) after some of its records
    /// may have been written: their keys become garbage, deleted with the next
    /// save's manifest, and are never given out again.
    pub fn abandon(&mut self, plan: &SavePlan) {
        for (key, _) in &plan.records {
            if let Some(n) = record_number(key) {
                self.next = self.next.max(n + 1);
            }
            if !self.garbage.contains(key) {
                self.garbage.push(key.clone());
            }
        }
    }

    /// Reads the store: the manifest (if any) and a way to get a record by
    /// key; `keys` are all the keys the store has (to find leftovers).
    /// Without a manifest, `whole` is a workspace saved whole (before records).
    pub fn load(
        manifest: Option<&str>,
        whole: Option<&str>,
        keys: &[String],
        mut record: impl FnMut(&str) -> Option<String>,
    ) -> Result<Option<(Workspace, Records)>, LoadError> {
        let Some(manifest) = manifest else {
            let Some(whole) = whole else { return Ok(None) };
            let ws = Workspace::from_json(whole)?;
            // Every document is written by the first save, which deletes the whole save and any leftover record.
            let mut garbage: Vec<String> = keys.iter().filter(|k| is_record_key(k)).cloned().collect();
            garbage.push(WHOLE_KEY.to_string());
            let next = keys.iter().filter_map(|k| record_number(k)).max().map_or(0, |n| n + 1);
            return Ok(Some((ws, Records { saved: Vec::new(), adjudication: None, next, garbage })));
        };
        let mut value: Value = serde_json::from_str(manifest).map_err(|e| LoadError::NotJson(e.to_string()))?;
        let object = value.as_object_mut().ok_or(LoadError::NotAWorkspace)?;
        let listed = object.remove("records").ok_or_else(|| LoadError::Malformed("the manifest lists no records".into()))?;
        let listed: Vec<String> =
            serde_json::from_value(listed).map_err(|e| LoadError::Malformed(format!("the manifest's records: {e}")))?;
        let next_record = object.remove("next_record").and_then(|n| n.as_u64()).unwrap_or(0);
        let mut docs = Vec::with_capacity(listed.len());
        for key in &listed {
            let text = record(key).ok_or_else(|| LoadError::Malformed(format!("the record {key} is missing")))?;
            docs.push(serde_json::from_str::<Value>(&text).map_err(|e| LoadError::Malformed(format!("the record {key}: {e}")))?);
        }
        object.insert("docs".into(), Value::Array(docs));
        let adjudication_key = match object.remove("adjudication_record") {
            None | Some(Value::Null) => None,
            Some(Value::String(key)) => {
                let text = record(&key).ok_or_else(|| LoadError::Malformed(format!("the record {key} is missing")))?;
                let adjudication =
                    serde_json::from_str::<Value>(&text).map_err(|e| LoadError::Malformed(format!("the record {key}: {e}")))?;
                object.insert("adjudication".into(), adjudication);
                Some(key)
            }
            Some(other) => return Err(LoadError::Malformed(format!("the manifest's adjudication_record is {other}, not a key"))),
        };
        let ws = Workspace::from_value(value)?;
        let named: HashSet<&str> = listed.iter().map(String::as_str).chain(adjudication_key.as_deref()).collect();
        let mut garbage: Vec<String> = keys.iter().filter(|k| is_record_key(k) && !named.contains(k.as_str())).cloned().collect();
        if whole.is_some() {
            garbage.push(WHOLE_KEY.to_string());
        }
        // Numbers above every key there is, so a new record never overwrites one.
        let highest = keys.iter().filter_map(|k| record_number(k)).max().map_or(0, |n| n + 1);
        let saved = ws.docs().iter().zip(listed).map(|(doc, key)| (doc.clone(), Arc::from(key))).collect();
        let adjudication = ws.adjudication().cloned().zip(adjudication_key);
        Ok(Some((ws, Records { saved, adjudication, next: next_record.max(highest), garbage })))
    }
}

/// The manifest: what the workspace saves besides its documents (the same
/// fields as `persist::SavedWorkspace`), the record keys in the documents'
/// place, and the next record number.
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    schema: &'a Schema,
    current: &'a Option<String>,
    id_counter: u64,
    aliases: &'a Aliases,
    records: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    adjudication_record: Option<&'a str>,
    next_record: u64,
}

fn manifest(ws: &Workspace, keys: &[&str], adjudication_record: Option<&str>, next_record: u64) -> String {
    let manifest = Manifest {
        version: FORMAT_VERSION,
        schema: &ws.schema,
        current: &ws.current,
        id_counter: ws.id_counter,
        aliases: &ws.aliases,
        records: keys,
        adjudication_record,
        next_record,
    };
    // Strings, numbers and enums: always serialises.
    serde_json::to_string(&manifest).expect("a manifest always serialises to JSON")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::adjudicate::adjudicate;
    use crate::edit::Edit;
    use nomen_core::{Document, Span};

    /// A store as a map, with each save's writes applied one by one.
    #[derive(Debug, Clone, Default)]
    struct Store(BTreeMap<String, String>);

    /// One write of a save, in order.
    enum Write {
        Put(String, String),
        Delete(String),
    }

    fn writes(plan: &SavePlan) -> Vec<Write> {
        let mut out: Vec<Write> = plan.records.iter().map(|(k, v)| Write::Put(k.clone(), v.to_json())).collect();
        out.push(Write::Put(MANIFEST_KEY.into(), plan.manifest.clone()));
        out.extend(plan.deletes.iter().map(|k| Write::Delete(k.clone())));
        out
    }

    impl Store {
        fn apply(&mut self, write: &Write) {
            match write {
                Write::Put(k, v) => drop(self.0.insert(k.clone(), v.clone())),
                Write::Delete(k) => drop(self.0.remove(k)),
            }
        }

        fn save(&mut self, records: &Records, ws: &Workspace) -> Records {
            let (plan, next) = records.plan(ws);
            for write in writes(&plan) {
                self.apply(&write);
            }
            next
        }

        fn load(&self) -> Option<(Workspace, Records)> {
            let keys: Vec<String> = self.0.keys().cloned().collect();
            Records::load(self.0.get(MANIFEST_KEY).map(String::as_str), self.0.get(WHOLE_KEY).map(String::as_str), &keys, |k| {
                self.0.get(k).cloned()
            })
            .unwrap()
        }
    }

    fn doc(id: &str, text: &str, spans: Vec<Span>) -> Document {
        Document::new(text).with_id(id).with_spans(spans)
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace::default();
        ws.add_documents(vec![
            doc("a", "Haftar met Boulos in 🇮🇹 Rome.", vec![Span::new(0, 6, "PERSON")]),
            doc("b", "Tripoli was calm.", vec![]),
            doc("c", "The LNA advanced.", vec![Span::new(4, 7, "ORG")]),
        ])
        .unwrap();
        ws
    }

    #[test]
    fn margins_travel_in_the_records() {
        let mut store = Store::default();
        let mut ws = workspace();
        ws.add_documents(vec![doc("d", "Conte met Rada.", vec![])]).unwrap();
        let found = vec![(Span::new(0, 5, "PERSON"), 0.5), (Span::new(10, 14, "ORG"), 7.0)];
        ws.apply("d", Edit::PreAnnotate { spans: found.iter().map(|(s, _)| s.clone()).collect() }).unwrap();
        assert!(ws.set_confidence("d", found));
        store.save(&Records::default(), &ws);
        let loaded = store.load().unwrap().0;
        assert_eq!(loaded, ws, "DocEntry equality compares margins");
        assert_eq!(loaded.doc("d").unwrap().confidence().margins().len(), 2);
    }

    #[test]
    fn a_save_writes_only_what_changed_and_loads_back_equal() {
        let mut store = Store::default();
        let mut ws = workspace();
        let records = store.save(&Records::default(), &ws);
        assert_eq!(store.0.len(), 4, "three records and the manifest");
        assert_eq!(store.load().unwrap().0, ws);

        ws.apply("b", Edit::AddSpan { start: 0, end: 7, label: "GPE".into() }).unwrap();
        let (plan, _) = records.plan(&ws);
        assert_eq!(plan.records.len(), 1, "one document changed");
        assert!(plan.records[0].1.to_json().contains("Tripoli"));
        assert_eq!(plan.deletes.len(), 1, "its old record goes, after the manifest");
        assert!(plan.manifest.len() < 2000, "the manifest holds no text: {}", plan.manifest.len());
        let records = store.save(&records, &ws);

        ws.set_current("c").unwrap();
        let (plan, _) = records.plan(&ws);
        assert!(plan.records.is_empty() && plan.deletes.is_empty(), "moving writes the manifest alone");
        let records = store.save(&records, &ws);

        // An adjudication is a record of its own, written when it changes.
        let side = |spans| vec![doc("g", "Rome and Tunis.", spans)];
        let adj = adjudicate("a", side(vec![Span::new(0, 4, "GPE")]), "b", side(vec![Span::new(9, 14, "GPE")])).unwrap();
        ws.start_adjudication(adj);
        let (plan, _) = records.plan(&ws);
        assert_eq!(plan.records.len(), 1);
        assert!(plan.records[0].0.starts_with(ADJUDICATION_PREFIX) && plan.records[0].1.to_json().contains("Tunis"));
        assert!(!plan.manifest.contains("Tunis"));
        let records = store.save(&records, &ws);
        ws.apply("c", Edit::RemoveSpan { start: 4, end: 7 }).unwrap();
        let (plan, _) = records.plan(&ws);
        assert_eq!(plan.records.len(), 1, "an edit elsewhere does not write the adjudication again");
        let records = store.save(&records, &ws);
        ws.adjudication_mut().unwrap().decide(0, 0, crate::adjudicate::Side::A).unwrap();
        let (plan, _) = records.plan(&ws);
        assert_eq!((plan.records.len(), plan.deletes.len()), (1, 1), "a decision: the adjudication's record, its old one gone");
        let records = store.save(&records, &ws);
        assert_eq!(store.load().unwrap().0, ws);
        ws.end_adjudication();
        let records = store.save(&records, &ws);
        assert!(!store.0.keys().any(|k| k.starts_with(ADJUDICATION_PREFIX)));

        ws.remove_document("a").unwrap();
        let (plan, _) = records.plan(&ws);
        assert!(plan.records.is_empty() && plan.deletes.len() == 1, "the others moved up a place, unchanged: {:?}", plan.deletes);
        let records = store.save(&records, &ws);
        assert_eq!(store.0.len(), 3);
        let (loaded, loaded_records) = store.load().unwrap();
        assert_eq!(loaded, ws);
        // Loaded, the store knows its records: the next save writes only what changes next.
        let mut again = loaded.clone();
        again.apply("b", Edit::RemoveSpan { start: 0, end: 7 }).unwrap();
        let (plan, _) = loaded_records.plan(&again);
        assert_eq!(plan.records.len(), 1);
        let _ = records;
    }

    /// A save cut after any of its writes leaves a store that loads as the
    /// workspace before the save or the one after it, never a mix, and the
    /// next save from there cleans up what the cut one left.
    #[test]
    fn a_save_cut_after_any_write_loses_nothing() {
        let mut before = workspace();
        before.start_adjudication(
            adjudicate("a.jsonl", vec![doc("g", "Rome.", vec![Span::new(0, 4, "GPE")])], "b.jsonl", vec![doc("g", "Rome.", vec![])])
                .unwrap(),
        );
        let mut store = Store::default();
        let records = store.save(&Records::default(), &before);

        // Every kind of change at once: an edit, a removal, an addition, a label renamed (all spans change), a move.
        let mut after = before.clone();
        after.apply("b", Edit::AddSpan { start: 0, end: 7, label: "GPE".into() }).unwrap();
        after.remove_document("c").unwrap();
        after.add_documents(vec![doc("d", "Misrata.", vec![])]).unwrap();
        after.rename_label("PERSON", "PER").unwrap();
        after.set_current("d").unwrap();
        after.end_adjudication();

        let (plan, _) = records.plan(&after);
        let all = writes(&plan);
        for cut in 0..=all.len() {
            let mut crashed = store.clone();
            for write in &all[..cut] {
                crashed.apply(write);
            }
            let (loaded, records) = crashed.load().expect("the store always loads");
            let manifest_written = cut > plan.records.len();
            assert_eq!(loaded, if manifest_written { after.clone() } else { before.clone() }, "cut after {cut} writes");
            // Saving again from there leaves exactly the next workspace's records.
            let records = crashed.save(&records, &after);
            assert_eq!(crashed.load().unwrap().0, after);
            let expected: usize = after.docs().len() + 1;
            assert_eq!(crashed.0.len(), expected, "no leftover after cut {cut}: {:?}", crashed.0.keys().collect::<Vec<_>>());
            let _ = records;
        }
    }

    /// The page writes a save's records in slices, a transaction each, and the
    /// manifest with the deletions last. Cut between two slices (the tab
    /// closed, or a slice refused), the store loads as before; the save given
    /// up hands its keys back, and the next one, of a workspace changed again
    /// meanwhile, loads as that workspace and leaves no record behind.
    #[test]
    fn a_save_written_in_slices_and_cut_between_them_loads_as_before_and_is_cleaned_up() {
        let mut store = Store::default();
        let before = workspace();
        let records = store.save(&Records::default(), &before);
        let mut after = before.clone();
        let many: Vec<Document> = (0..10).map(|i| doc(&format!("n{i}"), "Benghazi was calm.", vec![])).collect();
        after.add_documents(many).unwrap();
        after.apply("a", Edit::RemoveSpan { start: 0, end: 6 }).unwrap();
        let (plan, _) = records.plan(&after);
        assert_eq!(plan.records.len(), 11);
        // Two slices of four records land, a third is cut.
        for (key, record) in &plan.records[..8] {
            store.apply(&Write::Put(key.clone(), record.to_json()));
        }
        let (loaded, _) = store.load().unwrap();
        assert_eq!(loaded, before, "records without their manifest change nothing");
        // In the page: the save failed, its keys are given back, work goes on.
        let mut records = records;
        records.abandon(&plan);
        let mut again = after.clone();
        again.remove_document("n3").unwrap();
        let (plan, next) = records.plan(&again);
        assert!(plan.records.iter().all(|(key, _)| !store.0.contains_key(key)), "no key of the cut save is given out again");
        for write in writes(&plan) {
            store.apply(&write);
        }
        assert_eq!(store.load().unwrap().0, again);
        assert_eq!(store.0.len(), again.docs().len() + 1, "only the records the manifest names: {:?}", store.0.keys().collect::<Vec<_>>());
        // Reloaded instead (the tab was closed): the load finds the leftovers, the next save deletes them.
        let mut crashed = Store::default();
        let first = crashed.save(&Records::default(), &before);
        let (plan, _) = first.plan(&after);
        for (key, record) in &plan.records[..4] {
            crashed.apply(&Write::Put(key.clone(), record.to_json()));
        }
        let (loaded, records) = crashed.load().unwrap();
        assert_eq!(loaded, before);
        crashed.save(&records, &loaded);
        assert_eq!(crashed.0.len(), before.docs().len() + 1);
        let _ = next;
    }

    #[test]
    fn a_workspace_saved_whole_loads_and_moves_to_records() {
        let ws = workspace();
        let mut store = Store::default();
        store.0.insert(WHOLE_KEY.into(), ws.to_json());
        let (loaded, records) = store.load().unwrap();
        assert_eq!(loaded, ws);
        let (plan, _) = records.plan(&loaded);
        assert_eq!(plan.records.len(), 3, "the first save writes every document");
        assert_eq!(plan.deletes, [WHOLE_KEY]);
        store.save(&records, &loaded);
        assert!(!store.0.contains_key(WHOLE_KEY));
        assert_eq!(store.load().unwrap().0, ws);
        // An older format saved whole (format 2, before holds and adjudication) too.
        let mut store = Store::default();
        store.0.insert(WHOLE_KEY.into(), include_str!("../tests/fixtures/workspace-format-2.json").into());
        assert_eq!(store.load().unwrap().0.docs().len(), 3);
    }

    #[test]
    fn a_damaged_store_is_refused_with_the_reason() {
        let mut store = Store::default();
        store.save(&Records::default(), &workspace());
        let first = store.0.keys().find(|k| k.starts_with(RECORD_PREFIX)).unwrap().clone();
        let keys: Vec<String> = store.0.keys().cloned().collect();
        let load = |store: &Store| Records::load(store.0.get(MANIFEST_KEY).map(String::as_str), None, &keys, |k| store.0.get(k).cloned());
        let mut missing = store.clone();
        missing.0.remove(&first);
        assert_eq!(load(&missing).unwrap_err(), LoadError::Malformed(format!("the record {first} is missing")));
        let mut broken = store.clone();
        broken.0.insert(first.clone(), "{\"doc\":".into());
        assert!(matches!(load(&broken).unwrap_err(), LoadError::Malformed(m) if m.starts_with(&format!("the record {first}:"))));
        let mut bad_manifest = store.clone();
        bad_manifest.0.insert(MANIFEST_KEY.into(), "[]".into());
        assert_eq!(load(&bad_manifest).unwrap_err(), LoadError::NotAWorkspace);
        let mut newer = store.clone();
        let manifest = newer.0[MANIFEST_KEY].replacen("\"version\":3", "\"version\":9", 1);
        newer.0.insert(MANIFEST_KEY.into(), manifest);
        assert!(matches!(load(&newer).unwrap_err(), LoadError::TooNew { found: 9, .. }));
    }
}
