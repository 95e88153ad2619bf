//! The files the app writes come back exactly: JSONL export and import, the
//! single-document JSON, and the autosave string, on texts with emoji, flags,
//! curly quotes and combining marks.

mod common;

/// Reads JSONL with the one reader the app and the CLI use.
fn read_jsonl(input: &str) -> Result<Vec<nomen_core::Document>, nomen_formats::FormatError> {
    nomen_formats::read(nomen_formats::Format::Jsonl, input, &Default::default()).map(|imported| imported.docs)
}

use nomen_core::Document;
use nomen_session::{DocStatus, Edit, Workspace};
use proptest::prelude::*;

/// What an export must carry for each document.
fn contents(ws: &Workspace) -> Vec<(String, Document, DocStatus)> {
    ws.docs().iter().map(|d| (d.id().to_string(), d.document().clone(), d.status())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn jsonl_round_trip(ws in common::workspace()) {
        let exported = ws.export_jsonl();
        prop_assert_eq!(exported.lines().count(), ws.docs().len());
        let docs = read_jsonl(&exported).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut again = Workspace::new(ws.schema().clone());
        again.add_documents(docs).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(contents(&again), contents(&ws));
        prop_assert_eq!(again.export_jsonl(), exported);
    }

    #[test]
    fn single_document_json_round_trip(ws in common::workspace()) {
        for entry in ws.docs() {
            let json = ws.export_document_json(entry.id()).unwrap();
            let docs = read_jsonl(&serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&json).unwrap()).unwrap()).unwrap();
            let mut again = Workspace::new(ws.schema().clone());
            again.add_documents(docs).unwrap();
            prop_assert_eq!(again.docs()[0].document(), entry.document());
            prop_assert_eq!(again.docs()[0].status(), entry.status());
        }
    }

    #[test]
    fn autosave_round_trip(mut ws in common::workspace(), done in any::<bool>()) {
        if let (true, Some(id)) = (done, ws.docs().first().map(|d| d.id().to_string())) {
            ws.apply(&id, Edit::MarkDone).ok();
            ws.set_current(&id).unwrap();
        }
        let saved = ws.to_json();
        let loaded = Workspace::from_json(&saved).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded, &ws);
        prop_assert_eq!(loaded.to_json(), saved);
        common::assert_invariants(&loaded);
    }
}
