//! Loading untrusted strings never panics: random text, and saved
//! workspaces and exports with bytes flipped, cut or JSON values swapped.
//! Whatever loads satisfies the invariants and can be edited.

mod common;

/// Reads JSONL with the one reader the app and the CLI use.
fn read_jsonl(input: &str) -> Result<Vec<nomen_core::Document>, nomen_formats::FormatError> {
    nomen_formats::read(nomen_formats::Format::Jsonl, input, &Default::default()).map(|imported| imported.docs)
}

use nomen_session::{Edit, Workspace};
use proptest::prelude::*;
use serde_json::Value;

/// Flips, deletes or inserts characters of `s` at the given places.
fn mutate(s: &str, cuts: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for &(at, how, c) in cuts {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let at = at % chars.len();
        match how % 4 {
            0 => chars[at] = c,
            1 => {
                chars.remove(at);
            }
            2 => chars.insert(at, c),
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

fn json_char() -> impl Strategy<Value = char> {
    prop_oneof![prop::sample::select(&['{', '}', '[', ']', '"', ':', ',', '0', '9', '-', 'e', '\\', ' ', 'n'][..]), any::<char>()]
}

/// Replaces the `pick`-th JSON node (in a pre-order walk) by `with`.
fn swap_node(value: &mut Value, pick: &mut usize, with: &Value) -> bool {
    if *pick == 0 {
        *value = with.clone();
        return true;
    }
    *pick -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| swap_node(v, pick, with)),
        Value::Object(map) => map.values_mut().any(|v| swap_node(v, pick, with)),
        _ => false,
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e3f64..1e3).prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!({"start": 0, "end": 1, "label": "GPE"})),
    ]
}

/// The loaded workspace is sound: invariants hold and an edit on each document works or is refused cleanly.
fn exercise(mut ws: Workspace) {
    common::assert_invariants(&ws);
    let ids: Vec<String> = ws.docs().iter().map(|d| d.id().to_string()).collect();
    for id in ids {
        let len = ws.doc(&id).unwrap().len_chars();
        let _ = ws.apply(&id, Edit::AddSpan { start: 0, end: len.min(3), label: "GPE".into() });
        let _ = ws.apply(&id, Edit::MarkDone);
        let _ = ws.undo(&id);
        let _ = ws.doc(&id).unwrap().snap(0, len, nomen_session::SnapMode::Expand);
    }
    let _ = ws.add_documents(vec![nomen_core::Document::new("Rome")]);
    let _ = ws.export_jsonl();
    common::assert_invariants(&ws);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_strings_never_panic(s in "\\PC{0,200}") {
        if let Ok(ws) = Workspace::from_json(&s) { exercise(ws); }
        if let Ok(docs) = read_jsonl(&s) { let _ = Workspace::default().add_documents(docs); }
    }

    #[test]
    fn mutated_saves_never_panic(ws in common::workspace(), cuts in prop::collection::vec((any::<usize>(), any::<u8>(), json_char()), 1..6)) {
        let garbled = mutate(&ws.to_json(), &cuts);
        if let Ok(ws) = Workspace::from_json(&garbled) { exercise(ws); }
        let garbled = mutate(&ws.export_jsonl(), &cuts);
        if let Ok(docs) = read_jsonl(&garbled) {
            let mut fresh = Workspace::default();
            if fresh.add_documents(docs).is_ok() { exercise(fresh); }
        }
    }

    #[test]
    fn swapped_values_never_panic(ws in common::workspace(), pick in 0usize..400, with in any_json()) {
        let mut value: Value = serde_json::from_str(&ws.to_json()).unwrap();
        let mut left = pick;
        swap_node(&mut value, &mut left, &with);
        if let Ok(ws) = Workspace::from_json(&value.to_string()) { exercise(ws); }
    }
}
