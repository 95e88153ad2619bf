//! Generators shared by the property tests: news-like texts with the
//! characters that break offset code (emoji and flags, curly quotes,
//! combining marks), valid span sets over them, and whole workspaces.

#![allow(dead_code)] // each test file uses its own part of this module

use nomen_core::{tokenize, Document, Schema, Span};
use nomen_session::{DocStatus, Workspace};
use proptest::prelude::*;

/// Pieces texts are made of: words, clitics, punctuation, astral-plane
/// characters, combining marks and whitespace.
const PIECES: &[&str] = &[
    "Haftar", "’s", "'s", "Rome", "U.S.", "al-Sarraj", "the", "The", "Libyan", "National", "Army", ",", ".", "“", "”", "(", ")", "—", "🇱🇾",
    "😀", "e\u{301}", "Zoë", "Mr.", "5%", "$", "1,200", "日本", "👩‍👩‍👧", "\u{301}",
];

pub fn text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(PIECES).prop_map(str::to_string);
    let joiner = prop::sample::select(&[" ", " ", " ", "", "\n", "  "][..]).prop_map(str::to_string);
    prop_oneof![
        9 => prop::collection::vec((piece, joiner), 0..40)
            .prop_map(|parts| parts.into_iter().map(|(p, j)| p + &j).collect::<String>()),
        1 => "\\PC{0,30}",
    ]
}

pub fn labels() -> Vec<String> {
    Schema::default_news().names().map(str::to_string).collect()
}

/// Non-overlapping, token-aligned spans over `text`, chosen by `seeds`
/// (whether to start a span at a token, how many tokens long, which label).
pub fn spans_for(text: &str, seeds: &[(bool, usize, usize)]) -> Vec<Span> {
    let tokens = tokenize(text);
    let labels = labels();
    let mut spans = Vec::new();
    let mut i = 0;
    for &(start_here, len, label) in seeds {
        if i >= tokens.len() {
            break;
        }
        if start_here {
            let last = (i + len).min(tokens.len() - 1);
            spans.push(Span::new(tokens[i].start, tokens[last].end, labels[label % labels.len()].clone()));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    spans
}

pub fn span_seeds() -> impl Strategy<Value = Vec<(bool, usize, usize)>> {
    prop::collection::vec((any::<bool>(), 0usize..3, 0usize..20), 0..30)
}

pub fn status() -> impl Strategy<Value = DocStatus> {
    prop::sample::select(DocStatus::ALL.to_vec())
}

/// A document with valid spans, an id or none, some meta and a status in `meta.status`.
pub fn document() -> impl Strategy<Value = Document> {
    (text(), span_seeds(), prop::option::of("[a-z0-9😀-]{0,6}"), status(), prop::option::of("[a-zé ]{0,8}")).prop_map(
        |(text, seeds, id, status, source)| {
            let spans = spans_for(&text, &seeds);
            let mut doc = Document::new(text).with_spans(spans);
            doc.id = id;
            doc.meta.insert("status".into(), status.as_str().into());
            if let Some(source) = source {
                doc.meta.insert("source".into(), source.into());
            }
            doc
        },
    )
}

pub fn workspace() -> impl Strategy<Value = Workspace> {
    prop::collection::vec(document(), 0..6).prop_map(|docs| {
        let mut ws = Workspace::default();
        ws.add_documents(docs).expect("generated documents are valid");
        ws
    })
}

/// Everything that must hold of every document at every moment.
pub fn assert_invariants(ws: &Workspace) {
    for entry in ws.docs() {
        assert!(!entry.id().is_empty());
        assert_eq!(entry.document().validate(), Ok(()), "doc {}", entry.id());
        assert!(entry.spans().windows(2).all(|w| w[0].end <= w[1].start), "spans sorted");
        for span in entry.spans() {
            assert!(ws.schema().get(&span.label).is_some(), "label {} in schema", span.label);
        }
    }
    let mut ids: Vec<&str> = ws.docs().iter().map(|d| d.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ws.docs().len(), "ids unique");
}
