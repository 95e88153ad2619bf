//! The model's contract: it learns, it round-trips through bytes, it refuses
//! bad bytes with typed errors, its spans are well-formed, and online updates
//! move it towards a correction.

use nomen_core::{Document, Span};
use nomen_ner::clusters::ClusterConfig;
use nomen_ner::train::{InputFormat, TrainConfig};
use nomen_ner::{Extractor, Model, ModelError};
use proptest::prelude::*;

const PEOPLE: &[&str] = &["Fayez Sarraj", "Khalifa Haftar", "Giuseppe Conte", "Claudia Gazzini", "Massad Boulos", "Ali Omar"];
const CITIES: &[&str] = &["Tripoli", "Benghazi", "Rome", "Palermo", "Cairo", "Paris"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Friday", "Sunday"];
const VERBS: &[&str] = &["visited", "left", "reached", "toured"];

/// "Khalifa Haftar visited Rome on Tuesday ." with its spans.
fn sentence(i: usize) -> Document {
    let (p, c, d, v) = (PEOPLE[i % 6], CITIES[(i / 6) % 6], DAYS[(i / 3) % 4], VERBS[(i / 2) % 4]);
    let text = format!("{p} {v} {c} on {d}.");
    let (pl, vl, cl) = (p.chars().count(), v.chars().count(), c.chars().count());
    let city = pl + 1 + vl + 1;
    let day = city + cl + 4;
    Document::new(text).with_spans(vec![
        Span::new(0, pl, "PERSON"),
        Span::new(city, city + cl, "GPE"),
        Span::new(day, day + d.chars().count(), "DATE"),
    ])
}

fn tiny_model() -> Model {
    let docs: Vec<Document> = (0..30).map(sentence).collect();
    // No pruning: on 30 sentences most weights are "small" ones.
    let config = TrainConfig { epochs: 10, input: InputFormat::Raw, clusters: None, prune_steps: 0.0, ..TrainConfig::default() };
    nomen_ner::train(&docs, &config, |_| {})
}

#[test]
fn learns_a_tiny_corpus_and_tags_held_out_sentences() {
    let model = tiny_model();
    // Sentences 30..36 combine the same names in ways training did not see.
    for doc in (30..36).map(sentence) {
        assert_eq!(model.predict(&doc.text), doc.spans, "{}", doc.text);
    }
}

#[test]
fn training_is_reproducible() {
    assert_eq!(tiny_model().to_bytes(), tiny_model().to_bytes());
    // With clusters too (their float sums must not depend on hash order).
    let docs: Vec<Document> = (0..30).map(sentence).collect();
    let config = TrainConfig {
        epochs: 3,
        input: InputFormat::Raw,
        clusters: Some(ClusterConfig { min_count: 1, context_words: 20, ..ClusterConfig::default() }),
        ..TrainConfig::default()
    };
    let a = nomen_ner::train(&docs, &config, |_| {});
    let b = nomen_ner::train(&docs, &config, |_| {});
    assert!(a.cluster_count() > 10);
    assert_eq!(a.to_bytes(), b.to_bytes());
}

#[test]
fn bytes_round_trip_with_identical_predictions() {
    let model = tiny_model();
    let bytes = model.to_bytes();
    let loaded = Model::from_bytes(&bytes).expect("own bytes load");
    assert_eq!(loaded, model);
    assert_eq!(loaded.to_bytes(), bytes);
    let text = "Ali Omar reached Cairo on Sunday. Conte left Paris on Monday.";
    assert_eq!(loaded.extract(text), model.extract(text));
    assert_eq!(loaded.labels(), model.labels());
}

#[test]
fn a_learned_model_keeps_what_it_was_taught_and_a_plain_one_stays_version_1() {
    let model = tiny_model();
    let plain = model.to_bytes();
    assert_eq!(u32::from_le_bytes(plain[8..12].try_into().unwrap()), 1, "nothing learned: version 1, as before");
    let mut memory = nomen_ner::memory::Memory::default();
    // ORG: a label the tiny model (people, places, days) would never give a name by itself.
    memory.learn("Kikli met aides.", &[Span::new(0, 5, "ORG")]);
    let learned = model.clone().with_memory(memory.clone());
    let bytes = learned.to_bytes();
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 2);
    let loaded = Model::from_bytes(&bytes).expect("a learned model loads");
    assert_eq!(loaded.memory(), &memory);
    assert_eq!(loaded.to_bytes(), bytes);
    let text = "Kikli.";
    assert!(loaded.extract(text).contains(&Span::new(0, 5, "ORG")), "{:?}", loaded.extract(text));
    assert!(loaded.name().contains("1 learned"), "{}", loaded.name());
}

#[test]
fn bad_bytes_give_typed_errors_not_panics() {
    let bytes = tiny_model().to_bytes();
    assert_eq!(Model::from_bytes(b"").err(), Some(ModelError::BadMagic));
    assert_eq!(Model::from_bytes(b"{\"not\": \"a model\"}").err(), Some(ModelError::BadMagic));
    for len in (0..bytes.len()).step_by(37).skip(1) {
        let err = Model::from_bytes(&bytes[..len]).expect_err("truncated bytes must not load");
        assert!(matches!(err, ModelError::Truncated { .. }), "length {len}: {err}");
    }
    for pos in (20..bytes.len()).step_by(53) {
        let mut corrupt = bytes.clone();
        corrupt[pos] ^= 0x5a;
        assert!(matches!(Model::from_bytes(&corrupt), Err(ModelError::ChecksumMismatch { .. })), "byte {pos}");
    }
    let mut other_version = bytes.clone();
    other_version[8] = 99;
    assert!(matches!(Model::from_bytes(&other_version), Err(ModelError::UnsupportedVersion { found: 99, .. })));
}

fn assert_well_formed(text: &str, spans: &[Span]) {
    let len = text.chars().count();
    for s in spans {
        assert!(s.start < s.end && s.end <= len, "{s:?} out of bounds in {text:?}");
    }
    for pair in spans.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{:?} and {:?} overlap or are unsorted", pair[0], pair[1]);
    }
}

#[test]
fn spans_are_in_bounds_sorted_and_disjoint_on_raw_news() {
    let model = tiny_model();
    let text = "🇱🇾 Rome— “Haftar’s” visit: Prime Minister Fayez al-Sarraj reached TRIPOLI on Tuesday.\n\nMr. Conte left.";
    let spans = model.extract(text);
    assert_well_formed(text, &spans);
    assert!(spans.iter().any(|s| s.label == "TITLE"), "{spans:?}");
}

#[test]
fn online_update_moves_towards_the_correction() {
    let mut model = tiny_model();
    // A new pattern and a label the model has never seen.
    let text = "Omar bought a Kalashnikov in Cairo.";
    let corrected = Document::new(text).with_spans(vec![Span::new(0, 4, "PERSON"), Span::new(14, 25, "WEAPON"), Span::new(29, 34, "GPE")]);
    assert!(!model.extract(text).contains(&Span::new(14, 25, "WEAPON")));
    let changed = model.update(&corrected);
    assert!(changed > 0);
    assert!(model.labels().iter().any(|l| l == "WEAPON"));
    assert_eq!(model.predict(text), corrected.spans);
    // The update survives a save and reload.
    let reloaded = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(reloaded.predict(text), corrected.spans);
    // Already-correct documents change nothing.
    assert_eq!(model.update(&corrected), 0);
}

/// The shipped model, when it has been trained into the repository.
fn shipped_model() -> Option<Model> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/nomen-news.model");
    let bytes = std::fs::read(path).ok()?;
    Some(Model::from_bytes(&bytes).expect("the shipped model loads"))
}

#[test]
fn shipped_model_finds_news_entities() {
    let Some(model) = shipped_model() else {
        eprintln!("assets/nomen-news.model is absent: skipping");
        return;
    };
    assert!(model.labels().len() >= 19);
    let text = "Prime Minister Fayez al-Sarraj met Khalifa Haftar in Tripoli on Tuesday, the United Nations said.";
    let spans = model.extract(text);
    assert_well_formed(text, &spans);
    let doc = Document::new(text).with_spans(spans.clone());
    let found: Vec<(String, &str)> =
        doc.span_texts().into_iter().zip(&spans).map(|(t, s)| (t.unwrap_or("?").to_string(), s.label.as_str())).collect();
    for expected in [
        ("Prime Minister", "TITLE"),
        ("Fayez al-Sarraj", "PERSON"),
        ("Khalifa Haftar", "PERSON"),
        ("Tripoli", "GPE"),
        ("Tuesday", "DATE"),
        ("United Nations", "ORG"),
    ] {
        assert!(found.iter().any(|(t, l)| t == expected.0 && *l == expected.1), "{expected:?} not in {found:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_gives_well_formed_spans(text in "[\\PC\\s’“”—-]{0,120}") {
        thread_local!(static MODEL: Model = tiny_model());
        let spans = MODEL.with(|m| m.extract(&text));
        assert_well_formed(&text, &spans);
    }
}
