//! Robustness: random and mutated inputs to every importer never panic, and
//! whatever an importer accepts is a valid document (spans inside the text)
//! that every exporter can write without panicking.
//!
//! Inputs are valid serialisations of random documents with bytes deleted,
//! inserted, flipped, duplicated or cut off, or plain random bytes. The
//! `robustness_*` tests run a few hundred cases; the `fuzz_*` tests (ignored)
//! are the long run:
//!
//! ```text
//! NOMEN_FUZZ_CASES=100000 cargo test -p nomen-formats --release -- --ignored fuzz
//! ```

mod common;

use common::*;
use nomen_core::Document;
use nomen_formats::{read_brat, write, write_brat, DocReader, Format, ReadOptions, WriteOptions};
use proptest::prelude::*;
use proptest::sample::Index;

/// One edit to a byte string.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    FlipBit(Index, u8),
    Duplicate(Index, usize),
    Truncate(Index),
}

/// Bytes that matter to the syntaxes read here.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        3 => prop::sample::select(&b"{}[]\",:\n\t -;#0123456789TRBIOLU\\\r"[..]),
        1 => any::<u8>(),
    ];
    prop::collection::vec(byte, 1..8)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1usize..8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), interesting_bytes()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::FlipBit(i, bit)),
        (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        let at = |i: &Index| if len == 0 { 0 } else { i.index(len + 1) };
        match m {
            Mutation::Delete(i, n) => {
                let from = at(i).min(len);
                bytes.drain(from..(from + n).min(len));
            }
            Mutation::Insert(i, new) => {
                let pos = at(i);
                bytes.splice(pos..pos, new.iter().copied());
            }
            Mutation::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
            Mutation::FlipBit(..) => {}
            Mutation::Duplicate(i, n) => {
                let from = at(i).min(len);
                let piece: Vec<u8> = bytes[from..(from + n).min(len)].to_vec();
                bytes.splice(from..from, piece);
            }
            Mutation::Truncate(i) => bytes.truncate(at(i)),
        }
    }
    bytes
}

/// A valid serialisation of random documents in a stream format, and the hf tag names.
fn serialised(format: Format, docs: &[Document]) -> (Vec<u8>, Option<Vec<String>>) {
    match write(format, docs, &WriteOptions::default()) {
        Ok(out) => (out.text.into_bytes(), out.tag_names),
        Err(e) => panic!("{format}: writing generated documents failed: {e}"),
    }
}

/// Everything read must be valid, and writable in every format.
fn check_accepted(docs: &[Document]) -> Result<(), TestCaseError> {
    assert_valid(docs)?;
    for format in Format::ALL {
        if format == Format::Brat {
            let _ = write_brat(docs);
        } else {
            prop_assert!(write(format, docs, &WriteOptions::default()).is_ok());
        }
    }
    Ok(())
}

fn read_stream(format: Format, bytes: &[u8], tag_names: Option<Vec<String>>) -> Result<(), TestCaseError> {
    let reader = match DocReader::new(format, bytes, &ReadOptions { tag_names }) {
        Ok(reader) => reader,
        Err(e) => return Err(TestCaseError::fail(e.to_string())),
    };
    let mut docs = Vec::new();
    for doc in reader {
        match doc {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                // An error names a line, except for IO errors (none from a byte slice).
                prop_assert!(e.line().is_some_and(|l| l >= 1), "no line in {e}");
                break;
            }
        }
    }
    check_accepted(&docs)
}

fn mutated_stream(format: Format, docs: Vec<Document>, mutations: Vec<Mutation>, keep_names: bool) -> Result<(), TestCaseError> {
    let (bytes, names) = serialised(format, &docs);
    read_stream(format, &mutate(bytes, &mutations), names.filter(|_| keep_names))
}

fn mutated_brat(docs: Vec<Document>, txt_mutations: Vec<Mutation>, ann_mutations: Vec<Mutation>) -> Result<(), TestCaseError> {
    let (pairs, _) = write_brat(&docs);
    let mutated: Vec<(String, String, String)> = pairs
        .into_iter()
        .map(|p| {
            let txt = String::from_utf8_lossy(&mutate(p.txt.into_bytes(), &txt_mutations)).into_owned();
            let ann = String::from_utf8_lossy(&mutate(p.ann.into_bytes(), &ann_mutations)).into_owned();
            (p.name, txt, ann)
        })
        .collect();
    if let Ok(imported) = read_brat(mutated.iter().map(|(n, t, a)| (n.as_str(), t.as_str(), a.as_str()))) {
        check_accepted(&imported.docs)?;
    }
    Ok(())
}

fn random_bytes(format: Format, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    if format == Format::Brat {
        let text = String::from_utf8_lossy(&bytes);
        let (txt, ann) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(b, _)| b));
        if let Ok(imported) = read_brat([("x", txt, ann)]) {
            check_accepted(&imported.docs)?;
        }
        return Ok(());
    }
    read_stream(format, &bytes, Some(vec!["O".into(), "B-X".into(), "I-X".into()]))
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..5)
}

macro_rules! fuzz_tests {
    ($($short:ident, $long:ident => $format:expr;)*) => {$(
        /// Runs `cases` cases; the error is the minimal failing case, described.
        fn $short(cases: u32) -> Result<(), String> {
            let mut config = common::config(cases);
            config.source_file = Some(file!()); // where failing cases are saved
            let mut runner = proptest::test_runner::TestRunner::new(config);
            let strategy = (
                documents(odd_document()),
                mutations(),
                mutations(),
                any::<bool>(),
                prop::collection::vec(any::<u8>(), 0..200),
                prop::bool::weighted(0.1),
            );
            runner.run(&strategy, |(docs, m1, m2, keep_names, random, use_random)| {
                let format = $format;
                if use_random {
                    random_bytes(format, random)
                } else if format == Format::Brat {
                    mutated_brat(docs, m1, m2)
                } else {
                    mutated_stream(format, docs, m1, keep_names)
                }
            })
            .map_err(|e| e.to_string())
        }

        #[test]
        #[ignore = "long run: NOMEN_FUZZ_CASES=100000 cargo test -p nomen-formats --release -- --ignored fuzz"]
        fn $long() {
            let started = std::time::Instant::now();
            if let Err(e) = $short(100_000) {
                panic!("{e}");
            }
            let cases = common::config(100_000).cases;
            eprintln!("fuzz {}: {} cases in {:.1?}", $format, cases, started.elapsed());
        }
    )*};
}

fuzz_tests! {
    robustness_jsonl_cases, fuzz_jsonl => Format::Jsonl;
    robustness_doccano_cases, fuzz_doccano => Format::Doccano;
    robustness_conll_cases, fuzz_conll => Format::Conll;
    robustness_bilou_cases, fuzz_bilou => Format::Bilou;
    robustness_brat_cases, fuzz_brat => Format::Brat;
    robustness_labelstudio_cases, fuzz_labelstudio => Format::LabelStudio;
    robustness_hf_cases, fuzz_hf => Format::Hf;
}

/// The normal run: a few hundred cases per format.
#[test]
fn robustness_every_importer() {
    type Run = fn(u32) -> Result<(), String>;
    let runs: [(Format, Run); 7] = [
        (Format::Jsonl, robustness_jsonl_cases),
        (Format::Doccano, robustness_doccano_cases),
        (Format::Conll, robustness_conll_cases),
        (Format::Bilou, robustness_bilou_cases),
        (Format::Brat, robustness_brat_cases),
        (Format::LabelStudio, robustness_labelstudio_cases),
        (Format::Hf, robustness_hf_cases),
    ];
    for (format, run) in runs {
        if let Err(e) = run(300) {
            panic!("{format}: {e}");
        }
    }
}
