//! The files an analyst downloads and brings back: JSONL for a workspace,
//! JSON for one document.
//!
//! Each record is `{"id", "text", "spans": [{"start", "end", "label"}], "meta"}`
//! (Prodigy's and spaCy's shape, code point offsets), with the review status
//! in `meta.status` next to whatever meta the document came with. A span
//! whose label and text belong to a confirmed alias cluster also carries the
//! cluster's `"kb_id"` (spaCy's `Span.kb_id_`); other spans have no such key.
//!
//! Reading is not here: the app and the CLI read JSONL (and every other
//! format) with nomen-formats' reader, which keeps each span's `kb_id` in
//! `meta.kb_ids`, and [`Workspace::add_documents`] takes the status out of
//! `meta` and rebuilds the clusters, refusing a bad status or overlapping
//! spans. An export read back that way reproduces every document's id, text,
//! spans, meta and status. The cluster list is its own JSON file
//! ([`Workspace::export_alias_clusters_json`]).

use std::collections::HashMap;

use nomen_core::{Document, LinkedDocument};
use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

use crate::edit::EditError;
use crate::entry::DocEntry;
use crate::workspace::Workspace;

/// Why a cluster list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClusterListError {
    #[error("line {line}, column {column}: invalid JSON")]
    Json { line: usize, column: usize },
    #[error("{field}: expected {expected}", field = if field.is_empty() { "the file" } else { field.as_str() })]
    Field { field: String, expected: &'static str },
}

/// One entry of the cluster list download.
#[derive(Serialize)]
struct ExportedCluster<'a> {
    kb_id: &'a str,
    label: &'a str,
    names: &'a [String],
    /// Spans in the workspace with this label and one of the names.
    mentions: usize,
}

/// A document as exported: [`Document`]'s shape, with `kb_id` on clustered
/// spans, `kb_ids` being [`crate::Aliases::kb_id_index`].
fn exported_document<'a>(entry: &'a DocEntry, doc: &'a Document, kb_ids: &HashMap<(&str, &str), &'a str>) -> LinkedDocument<'a> {
    LinkedDocument::new(doc, &doc.spans, &doc.meta, |span| kb_ids.get(&(span.label.as_str(), entry.slice(span.start, span.end))).copied())
}

impl Workspace {
    /// One JSON line per document, in workspace order, each ending in `\n`.
    pub fn export_jsonl(&self) -> String {
        let kb_ids = self.aliases.kb_id_index();
        let mut out = String::new();
        for entry in self.docs() {
            let doc = entry.exported();
            // Strings, integers and a JSON map with string keys: always serialises.
            let line = serde_json::to_string(&exported_document(entry, &doc, &kb_ids)).expect("a Document always serialises to JSON");
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// Every document as exported ([`DocEntry::exported`]: status in
    /// `meta.status`), with the `kb_id` of each clustered span noted in
    /// `meta.kb_ids` ([`nomen_core::KB_IDS_KEY`]), where every nomen-formats
    /// writer finds it: JSONL puts it back on the span, doccano and Label
    /// Studio carry it with the document's meta, the others report it lost.
    pub fn exported_documents(&self) -> Vec<Document> {
        let kb_ids = self.aliases.kb_id_index();
        self.docs()
            .iter()
            .map(|entry| {
                let mut doc = entry.exported();
                for span in entry.spans() {
                    if let Some(kb_id) = kb_ids.get(&(span.label.as_str(), entry.slice(span.start, span.end))) {
                        doc.note_kb_id(span.start, span.end, kb_id);
                    }
                }
                doc
            })
            .collect()
    }

    /// The confirmed alias clusters as a JSON array of
    /// `{"kb_id", "label", "names", "mentions"}`, indented for reading.
    pub fn export_alias_clusters_json(&self) -> String {
        let clusters: Vec<ExportedCluster> = self
            .confirmed_aliases_counted()
            .into_iter()
            .map(|(c, counted)| ExportedCluster {
                kb_id: &c.kb_id,
                label: &c.label,
                names: &c.names,
                mentions: counted.iter().map(|(_, n)| n).sum(),
            })
            .collect();
        serde_json::to_string_pretty(&clusters).expect("strings and integers always serialise")
    }

    /// Reads a cluster list as [`Workspace::export_alias_clusters_json`] writes
    /// it (`mentions` is ignored) and adopts each cluster ([`crate::Aliases::adopt`]:
    /// names the analyst put in another cluster stay there). Returns how many
    /// names joined a cluster. All or nothing: a malformed list changes nothing.
    pub fn import_alias_clusters_json(&mut self, json: &str) -> Result<usize, ClusterListError> {
        let value: Value = serde_json::from_str(json).map_err(|e| ClusterListError::Json { line: e.line(), column: e.column() })?;
        let items =
            value.as_array().ok_or_else(|| ClusterListError::Field { field: String::new(), expected: "a JSON array of clusters" })?;
        let mut clusters = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let field = |name: &str| format!("[{i}].{name}");
            let text = |name: &str| {
                item.get(name)
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string)
                    .ok_or_else(|| ClusterListError::Field { field: field(name), expected: "a non-empty string" })
            };
            let (kb_id, label) = (text("kb_id")?, text("label")?);
            let names: Vec<String> = item
                .get("names")
                .and_then(Value::as_array)
                .and_then(|names| {
                    names.iter().map(|n| n.as_str().filter(|n| !n.trim().is_empty()).map(str::to_string)).collect::<Option<Vec<_>>>()
                })
                .filter(|names| !names.is_empty())
                .ok_or_else(|| ClusterListError::Field { field: field("names"), expected: "a non-empty list of non-empty strings" })?;
            clusters.push((kb_id, label, names));
        }
        let joined = clusters.iter().map(|(kb_id, label, names)| self.aliases.adopt(kb_id, label, names)).sum();
        self.bump();
        Ok(joined)
    }

    /// One document as a JSON object (the "Export JSON" download), indented for reading.
    pub fn export_document_json(&self, id: &str) -> Result<String, EditError> {
        let entry = self.doc(id).ok_or_else(|| EditError::UnknownDocument { id: id.to_string() })?;
        let doc = entry.exported();
        let kb_ids = self.aliases.kb_id_index();
        Ok(serde_json::to_string_pretty(&exported_document(entry, &doc, &kb_ids)).expect("a Document always serialises to JSON"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::status::DocStatus;
    use nomen_core::Span;

    /// Reads JSONL as the app and the CLI do.
    fn read_jsonl(input: &str) -> Vec<Document> {
        nomen_formats::read(nomen_formats::Format::Jsonl, input, &Default::default()).unwrap().docs
    }

    #[test]
    fn export_shape() {
        let mut ws = Workspace::default();
        let mut doc = Document::new("Haftar’s 🇱🇾 LNA").with_spans(vec![Span::new(12, 15, "ORG"), Span::new(0, 6, "PERSON")]);
        doc.id = Some("n1".into());
        doc.meta.insert("source".into(), "wire".into());
        ws.add_documents(vec![doc]).unwrap();
        ws.apply("n1", Edit::MarkDone).unwrap();
        assert_eq!(
            ws.export_jsonl(),
            "{\"id\":\"n1\",\"text\":\"Haftar’s 🇱🇾 LNA\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\"},\
             {\"start\":12,\"end\":15,\"label\":\"ORG\"}],\"meta\":{\"source\":\"wire\",\"status\":\"done\"}}\n"
        );
        let single: Value = serde_json::from_str(&ws.export_document_json("n1").unwrap()).unwrap();
        assert_eq!(single["meta"]["status"], "done");
        assert_eq!(single["spans"][1]["label"], "ORG");
        assert!(ws.export_document_json("zz").is_err());
    }

    #[test]
    fn clustered_spans_carry_their_kb_id() {
        let mut ws = Workspace::default();
        let text = "Khalifa Haftar said Hafter would go. Haftar’s LNA and Haftar the town.";
        let doc = Document::new(text).with_spans(vec![
            Span::new(8, 14, "PERSON"),
            Span::new(20, 26, "PERSON"),
            Span::new(37, 43, "PERSON"),
            Span::new(46, 49, "ORG"),
            Span::new(54, 60, "GPE"),
        ]);
        ws.add_documents(vec![doc]).unwrap();
        let plain = ws.export_jsonl();
        assert!(!plain.contains("kb_id"));
        ws.confirm_aliases("PERSON", &["Haftar".into(), "Hafter".into()]).unwrap();
        let line: Value = serde_json::from_str(&ws.export_jsonl()).unwrap();
        let kb_ids: Vec<Option<&str>> = line["spans"].as_array().unwrap().iter().map(|s| s.get("kb_id").and_then(Value::as_str)).collect();
        assert_eq!(
            kb_ids,
            [Some("PERSON:Haftar"), Some("PERSON:Haftar"), Some("PERSON:Haftar"), None, None],
            "only the PERSON spans named in the cluster"
        );
        let single: Value = serde_json::from_str(&ws.export_document_json("doc-1").unwrap()).unwrap();
        assert_eq!(single["spans"][1]["kb_id"], "PERSON:Haftar");
        assert_eq!(
            ws.export_alias_clusters_json(),
            "[\n  {\n    \"kb_id\": \"PERSON:Haftar\",\n    \"label\": \"PERSON\",\n    \"names\": [\n      \"Haftar\",\n      \"Hafter\"\n    ],\n    \"mentions\": 3\n  }\n]"
        );
        // An export with kb_ids imports as it was, and a fresh workspace gets the cluster back.
        let back = read_jsonl(&ws.export_jsonl());
        assert_eq!(back[0].spans, ws.docs()[0].spans());
        let mut fresh = Workspace::default();
        fresh.add_documents(back).unwrap();
        assert_eq!(fresh.aliases(), ws.aliases());
        assert_eq!(fresh.export_jsonl(), ws.export_jsonl(), "byte for byte");
        assert!(fresh.docs()[0].document().meta.is_empty(), "kb_ids are not left in meta");
    }

    #[test]
    fn a_cluster_list_reads_back_into_a_fresh_workspace() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![Document::new("Zubi and Zoubie.").with_spans(vec![Span::new(0, 4, "PERSON"), Span::new(9, 15, "PERSON")])])
            .unwrap();
        ws.confirm_aliases("PERSON", &["Zubi".into(), "Zoubie".into()]).unwrap();
        let list = ws.export_alias_clusters_json();
        let mut fresh = Workspace::default();
        let generation = fresh.generation();
        assert_eq!(fresh.import_alias_clusters_json(&list), Ok(2));
        assert_eq!(fresh.aliases(), ws.aliases());
        assert!(fresh.generation() > generation, "saved like any change");
        assert_eq!(fresh.import_alias_clusters_json(&list), Ok(0), "nothing new the second time");
        let err = |json: &str| Workspace::default().import_alias_clusters_json(json).unwrap_err().to_string();
        assert_eq!(err("{}"), "the file: expected a JSON array of clusters");
        assert_eq!(
            err(r#"[{"kb_id": "Q1", "label": "PERSON", "names": ["Zubi", 3]}]"#),
            "[0].names: expected a non-empty list of non-empty strings"
        );
        assert_eq!(err(r#"[{"label": "PERSON", "names": ["Zubi"]}]"#), "[0].kb_id: expected a non-empty string");
        assert!(err("[oops").starts_with("line 1, column 2: invalid JSON"));
    }

    #[test]
    fn imported_kb_ids_join_clusters_without_undoing_decisions() {
        let mut ws = Workspace::default();
        ws.add_documents(vec![Document::new("Zubi and Zoubie.").with_spans(vec![Span::new(0, 4, "PERSON"), Span::new(9, 15, "PERSON")])])
            .unwrap();
        ws.confirm_aliases("PERSON", &["Zubi".into(), "Zoubie".into()]).unwrap();
        // A file whose spans name Zubi under another id, and a one-spelling cluster.
        let input = "{\"text\":\"Zubi met Hafter.\",\"spans\":[{\"start\":0,\"end\":4,\"label\":\"PERSON\",\"kb_id\":\"Q1\"},{\"start\":9,\"end\":15,\"label\":\"PERSON\",\"kb_id\":\"PERSON:Haftar\"}]}";
        ws.add_documents(read_jsonl(input)).unwrap();
        assert_eq!(ws.aliases().kb_id("PERSON", "Zubi"), Some("PERSON:Zubi"), "the analyst's cluster stays");
        assert_eq!(ws.aliases().kb_id("PERSON", "Hafter"), Some("PERSON:Haftar"));
        assert!(ws.aliases().cluster("Q1").is_none(), "nothing left to adopt");
        let saved = Workspace::from_json(&ws.to_json()).unwrap();
        assert_eq!(saved.aliases(), ws.aliases(), "a one-spelling cluster from a file survives the autosave");
    }

    /// The fixture the spaCy consumer check reads (tests/consumers): kept
    /// equal to what this export writes, so spaCy checks the real thing.
    #[test]
    fn kb_id_fixture_is_the_current_export() {
        let mut ws = Workspace::default();
        let doc =
            Document::new("Khalifa Haftar’s forces near Misurata; Hafter met Sarraj in Misrata. 🇱🇾 al-Sarraj left.").with_spans(vec![
                Span::new(0, 14, "PERSON"),
                Span::new(29, 37, "GPE"),
                Span::new(39, 45, "PERSON"),
                Span::new(50, 56, "PERSON"),
                Span::new(60, 67, "GPE"),
                Span::new(72, 81, "PERSON"),
            ]);
        ws.add_documents(vec![doc]).unwrap();
        ws.confirm_aliases("GPE", &["Misrata".into(), "Misurata".into()]).unwrap();
        ws.confirm_aliases("PERSON", &["al-Sarraj".into(), "Sarraj".into()]).unwrap();
        let fixture = include_str!("../../../tests/consumers/fixtures/kb_ids.jsonl");
        assert_eq!(ws.export_jsonl(), fixture, "update tests/consumers/fixtures/kb_ids.jsonl");
    }

    #[test]
    fn an_export_read_back_keeps_ids_spans_meta_and_status() {
        let input = "\u{feff}{\"id\":7,\"text\":\"Rome\",\"spans\":[{\"start\":0,\"end\":4,\"label\":\"GPE\",\"text\":\"Rome\"}],\"meta\":{\"status\":\"edited\",\"source\":\"wire\"}}\r\n\n{\"text\":\"x\"}\n";
        let mut ws = Workspace::default();
        let ids = ws.add_documents(read_jsonl(input)).unwrap();
        assert_eq!(ids, ["7", "doc-1"]);
        assert_eq!(ws.docs()[0].spans(), [Span::new(0, 4, "GPE")]);
        assert_eq!(ws.docs()[0].status(), DocStatus::Edited);
        assert_eq!(ws.docs()[0].document().meta["source"], "wire");
        assert_eq!(ws.docs()[1].status(), DocStatus::New);
    }

    #[test]
    fn what_a_workspace_cannot_hold_is_refused_naming_the_document() {
        let add = |input: &str| Workspace::default().add_documents(read_jsonl(input)).unwrap_err().to_string();
        assert_eq!(
            add("{\"text\":\"a\"}\n{\"id\":\"n2\",\"text\":\"a\",\"meta\":{\"status\":\"published\"}}"),
            "document 2 (n2): meta.status \"published\" is not one of new, pre_annotated, edited, done"
        );
        assert_eq!(
            add("{\"text\":\"abcdef\",\"spans\":[{\"start\":2,\"end\":5,\"label\":\"A\"},{\"start\":0,\"end\":3,\"label\":\"B\"}]}"),
            "document 1: spans 1 (0..3) and 0 (2..5) overlap"
        );
    }
}
