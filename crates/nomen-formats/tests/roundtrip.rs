//! Round trips: documents go out in a format and come back identical.
//!
//! "Identical" means, per format:
//! - `jsonl`, `labelstudio`: the same [`Document`] (id, text, spans in order, meta).
//! - `doccano`: the same, except `meta` keys that doccano reserves (`id`, `text`, `label`, ...).
//! - `brat`: the same text and spans in order; the id is the file stem; no meta.
//! - `conll`, `bilou`, `hf` hold tokens, not text: a pre-tokenized document
//!   (tokens separated by one space, sentences by one `\n`, the way OntoNotes
//!   and most corpora are written, with tokens nomen's tokenizer would cut
//!   otherwise: `Uh-huh`, `let 's`, `--`, `11:00`, `/.`) comes back with the
//!   very same text and spans. conll/bilou keep no id or meta; hf keeps the id
//!   (or the position when there is none) and no meta.
//!
//! For documents a format cannot hold exactly, every span is either back or
//! reported as a loss, and the text comes back exactly unless a loss says it
//! changed (then it is what [`token_normalised`] computes).
//! `NOMEN_FUZZ_CASES` sets the case count (the `fuzz_*` tests, ignored by
//! default, are the long run).

mod common;

use common::*;
use nomen_core::Document;
use nomen_formats::{read, read_brat, token_normalised, write, write_brat, Format, ReadOptions, WriteOptions};
use proptest::prelude::*;

const DOCCANO_RESERVED: &[&str] = &["id", "text", "label", "labels", "entities"];

fn through(format: Format, docs: &[Document]) -> Result<(Vec<Document>, nomen_formats::Report), TestCaseError> {
    if format == Format::Brat {
        let (pairs, report) = write_brat(docs);
        let back = read_brat(pairs.iter().map(|p| (p.name.as_str(), p.txt.as_str(), p.ann.as_str())))
            .map_err(|(i, e)| TestCaseError::fail(format!("brat pair {i}: {e}")))?;
        prop_assert!(back.report.is_lossless(), "import losses: {:?}", back.report.losses);
        return Ok((back.docs, report));
    }
    let out = write(format, docs, &WriteOptions::default()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back = read(format, &out.text, &ReadOptions { tag_names: out.tag_names.clone() })
        .map_err(|e| TestCaseError::fail(format!("{e}\n--- output ---\n{}", out.text)))?;
    prop_assert!(back.report.is_lossless(), "import losses: {:?}", back.report.losses);
    Ok((back.docs, out.report))
}

/// What a lossless round trip through `format` gives back.
fn expected(format: Format, docs: &[Document]) -> Vec<Document> {
    let stems = nomen_formats::brat::file_stems(docs);
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut doc = if format.is_token_format() { token_normalised(format, doc) } else { doc.clone() };
            match format {
                Format::Jsonl | Format::LabelStudio => {}
                Format::Doccano => doc.meta.retain(|k, _| !DOCCANO_RESERVED.contains(&k.as_str())),
                Format::Brat => {
                    doc.id = Some(stems[i].clone());
                    doc.meta.clear();
                }
                Format::Conll | Format::Bilou => {
                    doc.id = None;
                    doc.meta.clear();
                }
                Format::Hf => {
                    doc.id = Some(doc.id.unwrap_or_else(|| i.to_string()));
                    doc.meta.clear();
                }
            }
            doc
        })
        .collect()
}

/// Documents `format` can hold: pre-tokenized text for token formats; for brat, no
/// span begins or ends with a line break.
fn holdable(format: Format) -> BoxedStrategy<Vec<Document>> {
    match format {
        Format::Conll | Format::Bilou | Format::Hf => documents(pretokenized_document()).boxed(),
        Format::Brat => documents(any_document().prop_map(|mut doc| {
            let chars: Vec<char> = doc.text.chars().collect();
            let line_break = |i: usize| matches!(chars[i], '\n' | '\r');
            doc.spans.retain(|s| !line_break(s.start) && !line_break(s.end - 1));
            doc
        }))
        .boxed(),
        _ => documents(any_document()).boxed(),
    }
}

fn lossless_round_trip(format: Format, docs: Vec<Document>) -> Result<(), TestCaseError> {
    let (back, report) = through(format, &docs)?;
    prop_assert!(report.is_lossless(), "export losses: {:?}", report.losses);
    let expected = expected(format, &docs);
    prop_assert_eq!(&back, &expected);
    if format.is_token_format() {
        // Independently of token_normalised: the very text and spans come back.
        for (original, back) in docs.iter().zip(&back) {
            prop_assert_eq!(&back.text, &original.text);
            let mut spans = original.spans.clone();
            spans.sort();
            prop_assert_eq!(&back.spans, &spans);
        }
    }
    Ok(())
}

/// The text of each document comes back exactly unless a loss says it changed.
fn text_kept_or_reported(
    format: Format,
    docs: &[Document],
    back: &[Document],
    report: &nomen_formats::Report,
) -> Result<(), TestCaseError> {
    for (i, (original, back)) in docs.iter().zip(back).enumerate() {
        let reported = report.losses.iter().any(|l| l.doc_index == i && l.reason.changes_text());
        prop_assert_eq!(
            back.text == original.text,
            !reported,
            "{}: document {}: {:?} came back as {:?}; losses: {:?}",
            format,
            i,
            original.text,
            back.text,
            report.losses
        );
    }
    Ok(())
}

/// Raw text tokenized by nomen, spans on its tokens (what the app exports):
/// every span comes back with its characters and label, and a changed text is reported.
fn raw_text_spans_kept(format: Format, docs: Vec<Document>) -> Result<(), TestCaseError> {
    let (back, report) = through(format, &docs)?;
    prop_assert!(report.losses.iter().all(|l| l.span.is_none()), "no span lost: {:?}", report.losses);
    for (original, back) in docs.iter().zip(&back) {
        prop_assert_eq!(span_content(back), span_content(original));
    }
    text_kept_or_reported(format, &docs, &back, &report)
}

/// Any documents, odd labels and all: every span comes back or is reported.
fn nothing_lost_silently(format: Format, docs: Vec<Document>) -> Result<(), TestCaseError> {
    let (back, report) = through(format, &docs)?;
    prop_assert_eq!(back.len(), docs.len());
    let sent: usize = docs.iter().map(|d| d.spans.len()).sum();
    let returned: usize = back.iter().map(|d| d.spans.len()).sum();
    let lost = report.losses.iter().filter(|l| l.span.is_some()).count();
    // brat writes a span with a line break at an edge trimmed: lost *and* returned.
    let trimmed =
        report.losses.iter().filter(|l| matches!(l.reason, nomen_formats::LossReason::LineBreakAtEdge { written: Some(_) })).count();
    prop_assert_eq!(returned + lost, sent + trimmed, "losses: {:?}", report.losses);
    text_kept_or_reported(format, &docs, &back, &report)?;
    if report.is_lossless() {
        prop_assert_eq!(back, expected(format, &docs));
    }
    Ok(())
}

macro_rules! round_trip_tests {
    ($($name:ident, $long:ident, $lossy:ident => $format:expr;)*) => {$(
        proptest! {
            #![proptest_config(config(256))]
            #[test]
            fn $name(docs in holdable($format)) { lossless_round_trip($format, docs)?; }

            #[test]
            fn $lossy(docs in documents(odd_document())) { nothing_lost_silently($format, docs)?; }
        }
        proptest! {
            #![proptest_config(config(100_000))]
            #[test]
            #[ignore = "long run: NOMEN_FUZZ_CASES=100000 cargo test -p nomen-formats --release -- --ignored fuzz"]
            fn $long(docs in holdable($format)) { lossless_round_trip($format, docs)?; }
        }
    )*};
}

round_trip_tests! {
    round_trip_jsonl, fuzz_round_trip_jsonl, losses_reported_jsonl => Format::Jsonl;
    round_trip_doccano, fuzz_round_trip_doccano, losses_reported_doccano => Format::Doccano;
    round_trip_conll, fuzz_round_trip_conll, losses_reported_conll => Format::Conll;
    round_trip_bilou, fuzz_round_trip_bilou, losses_reported_bilou => Format::Bilou;
    round_trip_brat, fuzz_round_trip_brat, losses_reported_brat => Format::Brat;
    round_trip_labelstudio, fuzz_round_trip_labelstudio, losses_reported_labelstudio => Format::LabelStudio;
    round_trip_hf, fuzz_round_trip_hf, losses_reported_hf => Format::Hf;
}

proptest! {
    #![proptest_config(config(256))]
    #[test]
    fn raw_text_through_conll_keeps_spans(docs in documents(token_aligned_document())) { raw_text_spans_kept(Format::Conll, docs)?; }
    #[test]
    fn raw_text_through_bilou_keeps_spans(docs in documents(token_aligned_document())) { raw_text_spans_kept(Format::Bilou, docs)?; }
    #[test]
    fn raw_text_through_hf_keeps_spans(docs in documents(token_aligned_document())) { raw_text_spans_kept(Format::Hf, docs)?; }
}
