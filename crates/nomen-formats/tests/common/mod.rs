//! Generators shared by the round-trip and fuzz tests: news-like documents
//! full of the characters that break offset code (astral-plane emoji and
//! letters, curly quotes, combining marks before and inside entities, RTL and
//! CJK text, CRLF), and the case counts.

#![allow(dead_code)] // each test binary uses part of this module

use nomen_core::{tokenize, Document, Span};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde_json::{Map, Value};

/// Cases per property: `NOMEN_FUZZ_CASES` when set (the long run), else `default`.
pub fn config(default: u32) -> Config {
    let cases = std::env::var("NOMEN_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    Config { cases, ..Config::default() }
}

const PIECES: &[&str] = &[
    "Haftar", "Rome", "al", "Sarraj", "Libyan", "National", "Army", "U.S.", "Mr.", "Dbeibeh", "’s", "'s", "didn’t", "2016", "1,200.50",
    "—", "-", ".", ",", "(", ")", "“", "”", "‘", "’", "\"", "🇱🇾", "🎉", "𝔘𝔫𝔦", "e\u{301}", "\u{301}", "Zoë", "Zo\u{308}e", "北京", "ليبيا",
    "नमस्ते", "…", "a\u{200D}b", "👩‍👩‍👧", "\u{FEFF}x", "O", "B-PER", "#0", "\\", "{", "}", "[", "]", ":", "\t",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", "", "\n", "  ", "\t", " \n", "\r\n", "\u{A0}", "\u{2028}"];

/// A news-like text from the pieces above, or now and then any printable text.
/// `docstart`: whether the CoNLL separator may appear as a word.
pub fn text(docstart: bool) -> impl Strategy<Value = String> {
    let word = prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(String::from),
        1 => "\\PC{1,5}",
        usize::from(docstart) as u32 => Just("-DOCSTART-".to_string()),
    ];
    let pair = (word, prop::sample::select(SEPARATORS));
    prop::collection::vec(pair, 0..20).prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// Labels as real schemas write them, plus odd ones every format must keep.
pub fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(&["PERSON", "ORG", "GPE", "LOC", "DATE", "TITLE", "NORP"][..]).prop_map(String::from),
        1 => "[A-Z][A-Z_]{0,6}",
        1 => prop::sample::select(&["I-PER", "B-X-Y", "É", "🎉", "per:title"][..]).prop_map(String::from),
    ]
}

/// A label that a whitespace-separated column cannot hold.
pub fn odd_label() -> impl Strategy<Value = String> {
    prop_oneof![label(), Just("NEW YORK".to_string()), Just("".to_string())]
}

pub fn id() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        4 => "[a-z0-9_-]{1,8}".prop_map(Some),
        1 => "\\PC{0,6}".prop_map(Some),
        1 => prop::sample::select(&["42", "042", "a#1", "x y", "#3"][..]).prop_map(|s| Some(s.to_string())),
    ]
}

/// `meta` with JSON values that survive a round trip exactly (no floats).
pub fn meta() -> impl Strategy<Value = Map<String, Value>> {
    let value = prop_oneof![
        "\\PC{0,8}".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        prop::collection::vec("[a-z]{0,4}", 0..3).prop_map(Value::from),
    ];
    prop::collection::btree_map("[a-z_]{1,6}|text|label|id", value, 0..3).prop_map(|m| m.into_iter().collect())
}

/// Arbitrary spans over a text of `len` code points (overlaps, any position).
fn spans_over(len: usize, labels: BoxedStrategy<String>) -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((any::<Index>(), any::<Index>(), labels), 0..6).prop_map(move |raw| {
        if len == 0 {
            return Vec::new();
        }
        raw.into_iter()
            .map(|(a, b, label)| {
                let start = a.index(len);
                let end = start + 1 + b.index(len - start);
                Span::new(start, end, label)
            })
            .collect()
    })
}

/// A document with spans anywhere.
pub fn document_with(labels: fn() -> BoxedStrategy<String>) -> impl Strategy<Value = Document> {
    (text(true), id(), meta()).prop_flat_map(move |(text, id, meta)| {
        let len = text.chars().count();
        spans_over(len, labels()).prop_map(move |spans| Document { id: id.clone(), text: text.clone(), spans, meta: meta.clone() })
    })
}

pub fn any_document() -> impl Strategy<Value = Document> {
    document_with(|| label().boxed())
}

pub fn odd_document() -> impl Strategy<Value = Document> {
    document_with(|| odd_label().boxed())
}

/// Spans over whole tokens that do not overlap: about three tokens in ten
/// start one, of one to three tokens, and none runs on from one group of
/// tokens into the next (a sentence: a tag sequence cannot cross one).
/// `tokens` are `(start, end, group)` in code points, in order.
fn token_spans(tokens: Vec<(usize, usize, usize)>) -> impl Strategy<Value = Vec<Span>> {
    let n = tokens.len();
    prop::collection::vec((prop::bool::weighted(0.3), 1usize..4, label()), n..=n).prop_map(move |plan| {
        let mut spans = Vec::new();
        let mut i = 0;
        while i < n {
            let (starts, len, label) = &plan[i];
            if *starts {
                let mut last = i;
                while last + 1 < (i + len).min(n) && tokens[last + 1].2 == tokens[i].2 {
                    last += 1;
                }
                spans.push(Span::new(tokens[i].0, tokens[last].1, label.clone()));
                i = last + 1;
            } else {
                i += 1;
            }
        }
        spans
    })
}

/// A document whose spans start and end on tokens of `nomen_core::tokenize`
/// and do not overlap: what a token format can hold.
pub fn token_aligned_document() -> impl Strategy<Value = Document> {
    (text(false), id(), meta()).prop_flat_map(|(text, id, meta)| {
        // One group: these spans may cross sentences.
        let tokens = tokenize(&text).iter().map(|t| (t.start, t.end, 0)).collect();
        token_spans(tokens).prop_map(move |spans| Document { id: id.clone(), text: text.clone(), spans, meta: meta.clone() })
    })
}

/// Tokens as pre-tokenized corpora write them (OntoNotes / Penn Treebank
/// style), which nomen's own tokenizer would cut differently: hyphenated
/// words, split clitics, times, slashes and escaped punctuation, brackets.
const PRETOKENIZED: &[&str] = &[
    "Uh-huh", "let", "'s", "n't", "'re", "--", "11:00", "/.", "/?", "/-", "-LRB-", "-RRB-", "``", "''", "well-known", "no-fly", "U.S.",
    "a.m.", "1/2", "3.5", "%", "$", "Hong", "Kong", "Haftar", "Tripoli", ",", ".", "Mr.", "e.g.", "...", "Zoë", "🇱🇾", "北京", "ليبيا",
    "Dbeibeh's", "x-DOCSTART-", "B-PER", "#0",
];

/// A pre-tokenized document: tokens from [`PRETOKENIZED`] (and now and then
/// any printable run) separated by one space, sentences by one `\n`, with
/// spans over whole tokens of one sentence that do not overlap. Token formats must give it
/// back exactly.
pub fn pretokenized_document() -> impl Strategy<Value = Document> {
    let token = prop_oneof![
        8 => prop::sample::select(PRETOKENIZED).prop_map(String::from),
        1 => "[^\\s\\p{C}]{1,5}",
    ];
    let sentence = prop::collection::vec(token, 1..12);
    (prop::collection::vec(sentence, 0..4), id(), meta()).prop_flat_map(|(sentences, id, meta)| {
        // Each token: its code point range and its sentence, in order.
        let mut bounds = Vec::new();
        let mut text = String::new();
        let mut len = 0;
        for (k, sentence) in sentences.iter().enumerate() {
            for (i, token) in sentence.iter().enumerate() {
                if k > 0 || i > 0 {
                    text.push(if i == 0 { '\n' } else { ' ' });
                    len += 1;
                }
                let n = token.chars().count();
                bounds.push((len, len + n, k));
                text.push_str(token);
                len += n;
            }
        }
        token_spans(bounds).prop_map(move |spans| Document { id: id.clone(), text: text.clone(), spans, meta: meta.clone() })
    })
}

pub fn documents<S: Strategy<Value = Document>>(doc: S) -> impl Strategy<Value = Vec<Document>> {
    prop::collection::vec(doc, 0..4)
}

/// Checks what every reader promises of what it returns: spans inside the text and not empty.
pub fn assert_valid(docs: &[Document]) -> Result<(), TestCaseError> {
    for doc in docs {
        let len = doc.text.chars().count();
        for s in &doc.spans {
            prop_assert!(s.start < s.end && s.end <= len, "span {}..{} in a text of {} code points", s.start, s.end, len);
            prop_assert!(!s.label.trim().is_empty(), "empty label");
        }
    }
    Ok(())
}

/// The non-whitespace characters of each span, with its label, in position order.
pub fn span_content(doc: &Document) -> Vec<(String, String)> {
    let mut spans = doc.spans.clone();
    spans.sort();
    let chars: Vec<char> = doc.text.chars().collect();
    spans.iter().map(|s| (chars[s.start..s.end].iter().filter(|c| !c.is_whitespace()).collect(), s.label.clone())).collect()
}
