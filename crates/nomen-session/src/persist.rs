//! Autosave: the workspace as one JSON string, and loading it back.
//!
//! The browser keeps the string in IndexedDB (localStorage where IndexedDB is
//! unavailable), which outlives app
//! versions and can be edited by hand, so loading trusts nothing: the format
//! version is read first (a newer one is refused, older ones will be migrated
//! here), then the shape, then every invariant the editing code relies on
//! (unique ids, valid sorted spans, known labels, a sane schema). Whatever is
//! wrong comes back as a [`LoadError`]; loading never panics.
//!
//! Saved: documents, statuses, schema, current document, id counter, alias
//! clusters and the names kept apart (since format 2; a format 1 save has
//! none and loads with none), the extractor's margins of each document (only
//! where there are any), the documents held from the extractor and the
//! adjudication in progress with its decisions (since format 3; older saves
//! load with none of them).
//! Not saved: undo history (session-only; it could dwarf the documents), the
//! removals undo could take back, and the generation counter.

use std::collections::HashSet;

use nomen_core::{Document, Schema};
use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use crate::adjudicate::Adjudication;
use crate::aliases::Aliases;
use crate::confidence::Confidence;
use crate::entry::DocEntry;
use crate::schema_edit::{self, SchemaError};
use crate::sorted_spans;
use crate::status::DocStatus;
use crate::workspace::{Workspace, FORMAT_VERSION};

/// The saved shape, as read before any check: what `Workspace` serialises to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SavedWorkspace {
    version: u32,
    schema: Schema,
    docs: Vec<SavedDoc>,
    current: Option<String>,
    id_counter: u64,
    /// Absent in format 1.
    #[serde(default)]
    aliases: Aliases,
    /// Absent before format 3, and when no adjudication is under way.
    #[serde(default)]
    adjudication: Option<Adjudication>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedDoc {
    doc: Document,
    status: DocStatus,
    /// Absent before format 3, and where the extractor gave no margins.
    #[serde(default)]
    confidence: Confidence,
    /// Absent before format 3, and when not held.
    #[serde(default)]
    held: bool,
}

/// Writes the workspace's shared documents as a plain list.
pub(crate) fn serialize_docs<S: serde::Serializer>(docs: &[std::sync::Arc<DocEntry>], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(docs.iter().map(|d| &**d))
}

/// Writes the shared adjudication in progress as a plain object.
pub(crate) fn serialize_adjudication<S: serde::Serializer>(
    adjudication: &Option<std::sync::Arc<Adjudication>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match adjudication {
        Some(adjudication) => serializer.serialize_some(&**adjudication),
        None => serializer.serialize_none(),
    }
}

/// The one way a saved workspace becomes a `Workspace`: every check first.
impl TryFrom<SavedWorkspace> for Workspace {
    type Error = LoadError;

    fn try_from(saved: SavedWorkspace) -> Result<Workspace, LoadError> {
        if saved.version > FORMAT_VERSION {
            return Err(LoadError::TooNew { found: saved.version.into(), supported: FORMAT_VERSION });
        }
        check_loaded(&saved)?;
        let docs = saved
            .docs
            .into_iter()
            .map(|d| {
                let mut entry = DocEntry::new(d.doc, d.status).with_confidence(d.confidence);
                // Only a document without annotations waits for the extractor.
                entry.held = d.held && d.status == DocStatus::New;
                std::sync::Arc::new(entry)
            })
            .collect();
        Ok(Workspace {
            version: FORMAT_VERSION,
            schema: saved.schema,
            docs,
            current: saved.current,
            id_counter: saved.id_counter,
            aliases: saved.aliases,
            adjudication: saved.adjudication.map(std::sync::Arc::new),
            removed: Vec::new(),
            generation: 0,
            index: Default::default(),
        })
    }
}

/// Why a saved workspace could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    #[error("the saved workspace is not valid JSON: {0}")]
    NotJson(String),
    #[error("the saved data is not a nomen workspace (no version number)")]
    NotAWorkspace,
    #[error("the workspace was saved by a newer nomen (format {found}; this one reads up to {supported})")]
    TooNew { found: u64, supported: u32 },
    #[error("the saved workspace is damaged: {0}")]
    Malformed(String),
    #[error("the saved workspace has a document without an id (document {number})")]
    MissingId { number: usize },
    #[error("the saved workspace has two documents with id {id:?}")]
    DuplicateId { id: String },
    #[error("the saved document {id:?} is damaged: {problem}")]
    BadDocument { id: String, problem: String },
    #[error("the saved document {id:?} uses the label {label}, which is not in the schema")]
    UnknownLabel { id: String, label: String },
    #[error("the saved schema is damaged: {0}")]
    BadSchema(SchemaError),
    #[error("the saved current document {id:?} is not in the workspace")]
    UnknownCurrent { id: String },
    #[error("the saved alias clusters are damaged: {0}")]
    BadAliases(String),
}

impl Workspace {
    /// The workspace as JSON, for autosave.
    pub fn to_json(&self) -> String {
        // Strings, integers, enums and JSON maps with string keys: always serialises.
        serde_json::to_string(self).expect("a Workspace always serialises to JSON")
    }

    /// Loads what [`Workspace::to_json`] wrote, checking everything.
    pub fn from_json(json: &str) -> Result<Workspace, LoadError> {
        let value: Value = serde_json::from_str(json).map_err(|e| LoadError::NotJson(e.to_string()))?;
        Workspace::from_value(value)
    }

    /// Loads a workspace already parsed as JSON (`records.rs` assembles one).
    pub(crate) fn from_value(value: Value) -> Result<Workspace, LoadError> {
        let version = value.get("version").and_then(Value::as_u64).ok_or(LoadError::NotAWorkspace)?;
        if version > u64::from(FORMAT_VERSION) {
            return Err(LoadError::TooNew { found: version, supported: FORMAT_VERSION });
        }
        // Format 1 differs from 2 only by having no `aliases`, and 2 from 3
        // by having no `confidence`, `adjudication` or `held`, which the saved
        // shape defaults to none: nothing to rewrite.
        let saved: SavedWorkspace = serde_json::from_value(value).map_err(|e| LoadError::Malformed(e.to_string()))?;
        Workspace::try_from(saved)
    }
}

/// The invariants the editing code relies on, checked on a loaded workspace.
fn check_loaded(saved: &SavedWorkspace) -> Result<(), LoadError> {
    schema_edit::check_schema(&saved.schema).map_err(LoadError::BadSchema)?;
    let mut ids = HashSet::new();
    for (index, entry) in saved.docs.iter().enumerate() {
        let doc = &entry.doc;
        let id = doc.id.as_deref().filter(|id| !id.is_empty()).ok_or(LoadError::MissingId { number: index + 1 })?;
        if !ids.insert(id) {
            return Err(LoadError::DuplicateId { id: id.to_string() });
        }
        let bad = |problem: String| LoadError::BadDocument { id: id.to_string(), problem };
        doc.validate().map_err(|e| bad(e.to_string()))?;
        if !sorted_spans::is_sorted_disjoint(&doc.spans) {
            return Err(bad("its spans are out of order".to_string()));
        }
        entry.confidence.check(&doc.spans).map_err(bad)?;
        if let Some(span) = doc.spans.iter().find(|s| saved.schema.get(&s.label).is_none()) {
            return Err(LoadError::UnknownLabel { id: id.to_string(), label: span.label.clone() });
        }
    }
    saved.aliases.check().map_err(LoadError::BadAliases)?;
    if let Some(current) = &saved.current {
        if !ids.contains(current.as_str()) {
            return Err(LoadError::UnknownCurrent { id: current.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::status::DocStatus;
    use nomen_core::{Document, Span};

    fn saved() -> Workspace {
        let mut ws = Workspace::default();
        let mut doc = Document::new("Haftar met Boulos in 🇮🇹 Rome.").with_spans(vec![Span::new(0, 6, "PERSON")]);
        doc.meta.insert("source".into(), "wire".into());
        ws.add_documents(vec![doc, Document::new("Tripoli")]).unwrap();
        ws.apply("doc-1", Edit::AddSpan { start: 24, end: 28, label: "GPE".into() }).unwrap();
        ws.set_current("doc-2").unwrap();
        ws.confirm_aliases("PERSON", &["Haftar".into(), "Hafter".into()]).unwrap();
        ws.dismiss_aliases("GPE", &["Misrata".into(), "Misurata".into()]);
        ws
    }

    #[test]
    fn round_trip_keeps_everything_but_history() {
        let ws = saved();
        let loaded = Workspace::from_json(&ws.to_json()).unwrap();
        assert_eq!(loaded, ws);
        assert_eq!(loaded.current_id(), Some("doc-2"));
        assert!(!loaded.doc("doc-1").unwrap().can_undo(), "history is not saved");
        assert_eq!(loaded.to_json(), ws.to_json());
    }

    fn load_error(json: &str) -> LoadError {
        Workspace::from_json(json).unwrap_err()
    }

    /// `saved()` as JSON with one edit made to the value.
    fn tampered(edit: impl FnOnce(&mut Value)) -> String {
        let mut value: Value = serde_json::from_str(&saved().to_json()).unwrap();
        edit(&mut value);
        value.to_string()
    }

    #[test]
    fn refuses_what_is_not_a_workspace() {
        assert!(matches!(load_error(""), LoadError::NotJson(_)));
        assert_eq!(load_error("{}"), LoadError::NotAWorkspace);
        assert_eq!(load_error("[1,2]"), LoadError::NotAWorkspace);
        assert_eq!(load_error(r#"{"version":"1"}"#), LoadError::NotAWorkspace);
        assert_eq!(load_error(r#"{"version":4}"#), LoadError::TooNew { found: 4, supported: 3 });
        assert!(matches!(load_error(r#"{"version":1}"#), LoadError::Malformed(_)));
    }

    #[test]
    fn refuses_broken_invariants() {
        let err = load_error(&tampered(|v| v["docs"][1]["doc"]["id"] = "doc-1".into()));
        assert_eq!(err, LoadError::DuplicateId { id: "doc-1".into() });
        let err = load_error(&tampered(|v| v["docs"][1]["doc"]["id"] = Value::Null));
        assert_eq!(err, LoadError::MissingId { number: 2 });
        let err = load_error(&tampered(|v| v["docs"][0]["doc"]["spans"][1]["end"] = 99.into()));
        assert!(matches!(err, LoadError::BadDocument { .. }), "{err}");
        let err = load_error(&tampered(|v| {
            let spans = v["docs"][0]["doc"]["spans"].as_array_mut().unwrap();
            spans.reverse();
        }));
        assert_eq!(err.to_string(), "the saved document \"doc-1\" is damaged: its spans are out of order");
        let err = load_error(&tampered(|v| v["docs"][0]["doc"]["spans"][0]["label"] = "FOO".into()));
        assert_eq!(err, LoadError::UnknownLabel { id: "doc-1".into(), label: "FOO".into() });
        let err = load_error(&tampered(|v| v["current"] = "gone".into()));
        assert_eq!(err, LoadError::UnknownCurrent { id: "gone".into() });
        let err = load_error(&tampered(|v| v["schema"]["labels"][0]["color"] = "url(x)".into()));
        assert!(matches!(err, LoadError::BadSchema(SchemaError::BadColor { .. })));
        let err = load_error(&tampered(|v| v["schema"]["labels"][1]["hotkey"] = "1".into()));
        assert!(matches!(err, LoadError::BadSchema(SchemaError::HotkeyTaken { .. })));
        let err = load_error(&tampered(|v| v["docs"][0]["status"] = "published".into()));
        assert!(matches!(err, LoadError::Malformed(_)));
        let err = load_error(&tampered(|v| v["docs"][0]["history"] = serde_json::json!([])));
        assert!(matches!(err, LoadError::Malformed(_)), "unknown fields are refused, not silently dropped");
    }

    #[test]
    fn a_format_1_save_loads_with_no_alias_clusters() {
        let format_1 = tampered(|v| {
            v["version"] = 1.into();
            v.as_object_mut().unwrap().remove("aliases");
        });
        let loaded = Workspace::from_json(&format_1).unwrap();
        assert!(loaded.aliases().is_empty());
        assert_eq!(loaded.docs(), saved().docs());
        let resaved: Value = serde_json::from_str(&loaded.to_json()).unwrap();
        assert_eq!(resaved["version"], FORMAT_VERSION, "saved again in the current format");
    }

    #[test]
    fn alias_clusters_survive_a_reload_and_are_checked() {
        let loaded = Workspace::from_json(&saved().to_json()).unwrap();
        assert_eq!(loaded.aliases().kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        assert_eq!(loaded.aliases().kept_apart().len(), 1);
        let err = load_error(&tampered(|v| v["aliases"]["confirmed"][0]["names"] = serde_json::json!(["Haftar", "Haftar"])));
        assert!(matches!(err, LoadError::BadAliases(_)), "{err}");
        let err = load_error(&tampered(|v| {
            let cluster = v["aliases"]["confirmed"][0].clone();
            v["aliases"]["confirmed"].as_array_mut().unwrap().push(cluster);
        }));
        assert_eq!(err.to_string(), "the saved alias clusters are damaged: two clusters have the kb_id PERSON:Haftar");
        let err = load_error(&tampered(|v| v["aliases"]["kept_apart"][0]["names"] = serde_json::json!(["b", "a"])));
        assert!(matches!(err, LoadError::BadAliases(_)), "{err}");
    }

    /// Written by nomen's format 2 code (main before format 3): three
    /// documents, one edited, one pre-annotated, one whose pre-annotation
    /// was undone (then held only in memory), and an alias cluster.
    const FORMAT_2: &str = include_str!("../tests/fixtures/workspace-format-2.json");

    #[test]
    fn a_format_2_save_loads_with_no_adjudication_and_nothing_held() {
        let loaded = Workspace::from_json(FORMAT_2).unwrap();
        let ids: Vec<&str> = loaded.docs().iter().map(|d| d.id()).collect();
        assert_eq!(ids, ["wire-1", "doc-1", "doc-2"]);
        assert_eq!(loaded.doc("wire-1").unwrap().spans().len(), 2);
        assert_eq!(loaded.doc("doc-1").unwrap().status(), DocStatus::PreAnnotated);
        assert_eq!(loaded.current_id(), Some("doc-2"));
        assert_eq!(loaded.aliases().kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        assert!(loaded.adjudication().is_none());
        assert!(loaded.docs().iter().all(|d| !d.held()), "format 2 did not save holds");
        let resaved: Value = serde_json::from_str(&loaded.to_json()).unwrap();
        assert_eq!(resaved["version"], FORMAT_VERSION);
        assert!(resaved.get("adjudication").is_none());
        assert_eq!(Workspace::from_json(&loaded.to_json()).unwrap(), loaded);
    }

    /// `saved()` with doc-2 pre-annotated and then undone (held), and an
    /// adjudication half decided, looking at its second document.
    fn with_hold_and_adjudication() -> Workspace {
        use crate::adjudicate::{adjudicate, Side};
        let mut ws = saved();
        ws.apply("doc-2", Edit::PreAnnotate { spans: vec![Span::new(0, 7, "GPE")] }).unwrap();
        ws.undo("doc-2").unwrap();
        assert!(ws.doc("doc-2").unwrap().held());
        let doc = |id: &str, text: &str, spans: Vec<Span>| Document::new(text).with_id(id).with_spans(spans);
        let a = vec![
            doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE")]),
            doc("g2", "Sarraj in 🇮🇹 Tunis.", vec![Span::new(0, 6, "PERSON")]),
        ];
        let b = vec![
            doc("g1", "Haftar in Rome.", vec![Span::new(0, 6, "ORG"), Span::new(10, 14, "LOC")]),
            doc("g2", "Sarraj in 🇮🇹 Tunis.", vec![Span::new(13, 18, "GPE")]),
        ];
        ws.start_adjudication(adjudicate("a.jsonl", a, "b.jsonl", b).unwrap());
        let adj = ws.adjudication_mut().unwrap();
        adj.decide(0, 1, Side::B).unwrap();
        adj.doc = 1;
        adj.focus = Some(1);
        ws
    }

    #[test]
    fn an_adjudication_in_progress_and_holds_survive_a_reload() {
        let ws = with_hold_and_adjudication();
        let loaded = Workspace::from_json(&ws.to_json()).unwrap();
        assert_eq!(loaded, ws);
        assert!(loaded.doc("doc-2").unwrap().held(), "still not to be pre-annotated");
        let adj = loaded.adjudication().unwrap();
        assert_eq!((adj.doc, adj.focus), (1, Some(1)));
        assert_eq!(adj.docs[0].diffs[1].decision, Some(crate::adjudicate::Side::B));
        assert_eq!(adj.undecided(), ws.adjudication().unwrap().undecided());
        assert_eq!(adj.agreement, ws.adjudication().unwrap().agreement, "computed again, the same");
        // Ending it is saved too.
        let mut ended = loaded.clone();
        ended.end_adjudication();
        assert!(Workspace::from_json(&ended.to_json()).unwrap().adjudication().is_none());
    }

    #[test]
    fn a_damaged_adjudication_is_refused_with_its_reason() {
        let damaged = |edit: fn(&mut Value)| {
            let mut value: Value = serde_json::from_str(&with_hold_and_adjudication().to_json()).unwrap();
            edit(&mut value);
            load_error(&value.to_string()).to_string()
        };
        let err = damaged(|v| v["adjudication"]["docs"][0]["diffs"][0]["a"][0]["end"] = 99.into());
        assert!(err.contains("document 1 (g1): the span 0..99"), "{err}");
        let err = damaged(|v| v["adjudication"]["doc"] = 5.into());
        assert!(err.contains("the document on screen (6) is not one of the 2"), "{err}");
        let err = damaged(|v| v["adjudication"]["focus"] = 7.into());
        assert!(err.contains("the focused difference (8) is not in document 2"), "{err}");
        let err = damaged(|v| v["adjudication"]["docs"][0]["diffs"][0]["decision"] = "c".into());
        assert!(err.starts_with("the saved workspace is damaged"), "{err}");
        let err = damaged(|v| v["adjudication"]["docs"][0]["agreed"] = serde_json::json!([{"start": 2, "end": 8, "label": "ORG"}]));
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn plain_serde_goes_through_the_same_checks() {
        let ws = saved();
        let loaded: Workspace = serde_json::from_str(&ws.to_json()).unwrap();
        assert_eq!(loaded, ws);
        let broken = tampered(|v| v["current"] = "gone".into());
        let err = serde_json::from_str::<Workspace>(&broken).unwrap_err();
        assert_eq!(err.to_string(), "the saved current document \"gone\" is not in the workspace");
    }
}
