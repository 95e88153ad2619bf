//! Worked examples per format: exact outputs, offsets in each format's own
//! unit, the error messages a person sees, and the losses each format reports.

use nomen_core::{Document, Span};
use nomen_formats::{read, read_brat, write, write_brat, Format, FormatError, LossReason, ReadOptions, WriteOptions};

fn doc(text: &str, spans: &[(usize, usize, &str)]) -> Document {
    Document::new(text).with_spans(spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect())
}

fn export(format: Format, docs: &[Document]) -> String {
    let out = write(format, docs, &WriteOptions::default()).expect("writes");
    assert!(out.report.is_lossless(), "{format}: {:?}", out.report.losses);
    out.text
}

fn import(format: Format, input: &str) -> Vec<Document> {
    let imported = read(format, input, &ReadOptions::default()).unwrap_or_else(|e| panic!("{format}: {e}"));
    assert!(imported.report.is_lossless(), "{format}: {:?}", imported.report.losses);
    imported.docs
}

fn error(format: Format, input: &str) -> String {
    match read(format, input, &ReadOptions::default()) {
        Ok(imported) => panic!("{format}: expected an error, read {:?}", imported.docs),
        Err(e) => e.to_string(),
    }
}

/// "🇱🇾 “Haftar” met Dbeibeh in Tripoli." — astral flags and curly quotes before entities.
fn libya() -> Document {
    let mut d = doc("🇱🇾 “Haftar” met Dbeibeh in Tripoli.", &[(4, 10, "PERSON"), (16, 23, "PERSON"), (27, 34, "GPE")]);
    d.id = Some("libya-1".to_string());
    d
}

#[test]
fn seeds_round_trip_through_every_lossless_format() {
    let seeds = include_str!("../../../../shared/gold/seeds.jsonl");
    let docs = import(Format::Jsonl, seeds);
    assert_eq!(docs.len(), 3);
    for format in [Format::Jsonl, Format::Doccano, Format::LabelStudio] {
        assert_eq!(import(format, &export(format, &docs)), docs, "{format}");
    }
    let (pairs, report) = write_brat(&docs);
    assert!(report.is_lossless(), "{:?}", report.losses);
    let back = read_brat(pairs.iter().map(|p| (p.name.as_str(), p.txt.as_str(), p.ann.as_str()))).expect("reads");
    assert_eq!(back.docs, docs);
}

#[test]
fn seeds_through_token_formats_keep_every_entity_and_report_the_text_they_change() {
    let seeds = include_str!("../../../../shared/gold/seeds.jsonl");
    let docs = import(Format::Jsonl, seeds);
    for format in [Format::Conll, Format::Bilou, Format::Hf] {
        let out = write(format, &docs, &WriteOptions::default()).expect("writes");
        assert!(out.report.losses.iter().all(|l| l.span.is_none()), "{format}: no span lost: {:?}", out.report.losses);
        let back = read(format, &out.text, &ReadOptions { tag_names: out.tag_names.clone() }).expect("reads");
        for (i, (original, back)) in docs.iter().zip(&back.docs).enumerate() {
            let expected = nomen_formats::token_normalised(format, original);
            assert_eq!(back.text, expected.text, "{format}");
            assert_eq!(back.spans, expected.spans, "{format}");
            assert_eq!(back.span_texts().len(), original.spans.len(), "{format}: every entity");
            // Raw news ("Haftar’s", "Tripoli.", paragraphs): the text changes, and the report says so.
            let reported = out.report.losses.iter().any(|l| l.doc_index == i && l.reason.changes_text());
            assert_eq!(back.text != original.text, reported, "{format}: document {i}");
        }
    }
}

/// Issue 15, defect 2: tokens as pre-tokenized corpora write them come back as they were.
#[test]
fn pretokenized_text_comes_back_exactly_through_token_formats() {
    let text = "Uh-huh , let 's meet at 11:00 -- in Hong Kong /.\nThe well-known U.S. envoy Mr. Smith said 1/2 n't /?";
    let d = doc(text, &[(36, 45, "GPE"), (64, 68, "GPE"), (75, 84, "PERSON"), (24, 29, "TIME")]);
    for format in [Format::Conll, Format::Bilou, Format::Hf] {
        let out = write(format, std::slice::from_ref(&d), &WriteOptions::default()).expect("writes");
        assert!(out.report.is_lossless(), "{format}: {:?}", out.report.losses);
        let back = read(format, &out.text, &ReadOptions { tag_names: out.tag_names.clone() }).expect("reads").docs;
        assert_eq!(back[0].text, text, "{format}");
        let mut spans = d.spans.clone();
        spans.sort();
        assert_eq!(back[0].spans, spans, "{format}");
    }
    let conll = export(Format::Conll, &[d]);
    assert!(conll.contains("\nUh-huh O\n, O\nlet O\n's O\nmeet O\nat O\n11:00 B-TIME\n-- O\n"), "{conll}");
    assert!(conll.contains("\n/. O\n\nThe O\nwell-known O\n"), "{conll}");
}

/// The same on real pre-tokenized text: the first OntoNotes development
/// documents (read from ../shared, never copied into the repository: the
/// corpus licence forbids it) come back byte for byte, every span included.
#[test]
fn ontonotes_documents_come_back_exactly_through_token_formats() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ontonotes/dev.jsonl");
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e} (the OntoNotes data lives beside the repository)"));
    let reader = nomen_formats::DocReader::new(Format::Jsonl, std::io::BufReader::new(file), &ReadOptions::default()).expect("reads");
    let docs: Vec<Document> = reader.take(20).map(|d| d.expect("a valid document")).collect();
    assert_eq!(docs.len(), 20);
    for format in [Format::Conll, Format::Bilou, Format::Hf] {
        let out = write(format, &docs, &WriteOptions::default()).expect("writes");
        assert!(out.report.is_lossless(), "{format}: {:?}", out.report.losses.first());
        let back = read(format, &out.text, &ReadOptions { tag_names: out.tag_names.clone() }).expect("reads").docs;
        assert_eq!(back.len(), docs.len(), "{format}");
        for (original, back) in docs.iter().zip(&back) {
            assert!(back.text == original.text, "{format}: {:?} changed", original.id);
            assert_eq!(back.spans, original.spans, "{format}: {:?}", original.id);
        }
    }
}

#[test]
fn jsonl_is_prodigy_shaped_in_code_points() {
    let out = export(Format::Jsonl, &[libya()]);
    assert_eq!(
        out,
        "{\"id\":\"libya-1\",\"text\":\"🇱🇾 “Haftar” met Dbeibeh in Tripoli.\",\"spans\":[{\"start\":4,\"end\":10,\"label\":\"PERSON\"},{\"start\":16,\"end\":23,\"label\":\"PERSON\"},{\"start\":27,\"end\":34,\"label\":\"GPE\"}]}\n"
    );
}

#[test]
fn labelstudio_counts_utf16_units() {
    let out = export(Format::LabelStudio, &[libya()]);
    // Two flag code points are four UTF-16 units: "Haftar" starts at 6, not 4.
    assert!(out.contains("\"value\":{\"end\":12,\"labels\":[\"PERSON\"],\"start\":6,\"text\":\"Haftar\"}"), "{out}");
    assert!(out.starts_with("[\n{") && out.ends_with("}\n]\n"));
    assert_eq!(import(Format::LabelStudio, &out), vec![libya()]);
}

#[test]
fn labelstudio_offset_inside_a_surrogate_pair_is_an_error() {
    let task = r#"[{"data": {"text": "🎉 Rome"}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 1, "end": 7, "labels": ["GPE"]}}]}]}]"#;
    assert_eq!(
        error(Format::LabelStudio, task),
        "line 1: \"annotations[0].result[0].value\": span 1..7 splits a surrogate pair (an offset must fall between characters)"
    );
}

#[test]
fn labelstudio_reads_predictions_when_there_are_no_annotations() {
    let task = r#"[{"id": 7, "data": {"text": "Rome"}, "predictions": [{"result": [
        {"type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 0, "end": 4, "text": "Rome", "labels": ["GPE"]}}]}]}]"#;
    let mut expected = doc("Rome", &[(0, 4, "GPE")]);
    expected.id = Some("7".to_string());
    assert_eq!(import(Format::LabelStudio, task), vec![expected]);
}

#[test]
fn doccano_reads_label_labels_and_entities() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"Rome\", \"label\": [[0, 4, \"GPE\"]], \"Comments\": []}\n",
        "{\"text\": \"Rome\", \"labels\": [[0, 4, \"GPE\"]]}\n",
        "{\"text\": \"Rome\", \"entities\": [{\"id\": 3, \"label\": \"GPE\", \"start_offset\": 0, \"end_offset\": 4}]}\n",
    );
    let docs = import(Format::Doccano, input);
    assert_eq!(docs.len(), 3);
    assert!(docs.iter().all(|d| d.spans == vec![Span::new(0, 4, "GPE")]));
    assert_eq!(docs[0].id.as_deref(), Some("1"));
    assert_eq!(docs[0].meta.get("Comments"), Some(&serde_json::json!([])));
    assert_eq!(export(Format::Doccano, &docs[..1]), "{\"id\":1,\"text\":\"Rome\",\"label\":[[0,4,\"GPE\"]],\"Comments\":[]}\n");
}

#[test]
fn conll_layout_matches_conll_2003() {
    let d = doc(
        "Prime Minister Fayez al-Sarraj met Haftar’s men.\nRome was calm.",
        &[(0, 14, "TITLE"), (15, 30, "PERSON"), (35, 41, "PERSON"), (49, 53, "GPE")],
    );
    let out = write(Format::Conll, std::slice::from_ref(&d), &WriteOptions::default()).expect("writes");
    // The text's own tokens, cut only where "Haftar" ends inside "Haftar’s".
    assert_eq!(
        out.text,
        "-DOCSTART- -X- -X- O\n\nPrime B-TITLE\nMinister I-TITLE\nFayez B-PERSON\nal-Sarraj I-PERSON\nmet O\nHaftar B-PERSON\n’s O\nmen. O\n\nRome B-GPE\nwas O\ncalm. O\n\n"
    );
    let reasons: Vec<String> = out.report.losses.iter().map(ToString::to_string).collect();
    assert_eq!(reasons, [
        "document 1: 1 token had to be cut where a span begins or ends inside (first: \"Haftar’s\" at 35); each reads back with a space at the cut, so the text changes",
    ]);
    let bilou = write(Format::Bilou, std::slice::from_ref(&d), &WriteOptions::default()).expect("writes").text;
    assert!(bilou.contains("Prime B-TITLE\nMinister L-TITLE\nFayez B-PERSON\nal-Sarraj L-PERSON\nmet O\nHaftar U-PERSON\n"), "{bilou}");
    let back = import(Format::Conll, &out.text);
    assert_eq!(back[0].text, "Prime Minister Fayez al-Sarraj met Haftar ’s men.\nRome was calm.");
    assert_eq!(back[0].span_texts(), vec![Some("Prime Minister"), Some("Fayez al-Sarraj"), Some("Haftar"), Some("Rome")]);
}

#[test]
fn token_formats_report_whitespace_they_cannot_keep() {
    let d = doc("Rome  fell.\n\nIn\tTripoli ", &[]);
    let out = write(Format::Hf, &[d], &WriteOptions::default()).expect("writes");
    let reasons: Vec<String> = out.report.losses.iter().map(ToString::to_string).collect();
    assert_eq!(reasons, [
        "document 1: 4 places of whitespace other than one space between tokens or one line break between lines (first: \"  \" at 4); each reads back as one space or line break, so the text changes",
    ]);
    let back = read(Format::Hf, &out.text, &ReadOptions { tag_names: out.tag_names }).expect("reads").docs;
    assert_eq!(back[0].text, "Rome fell.\nIn Tripoli");
}

#[test]
fn conll_cuts_a_token_that_would_read_as_a_document_separator() {
    let d = doc("see -DOCSTART- here", &[]);
    let out = write(Format::Conll, &[d], &WriteOptions::default()).expect("writes");
    assert!(out.text.contains("\n- O\nDOCSTART- O\n"), "{}", out.text);
    assert!(matches!(out.report.losses[..], [nomen_formats::Loss { reason: LossReason::DocstartToken { count: 1, at: 4, .. }, .. }]));
    let back = import(Format::Conll, &out.text);
    assert_eq!(back.len(), 1, "still one document");
    assert_eq!(back[0].text, "see - DOCSTART- here");
}

#[test]
fn conll_import_takes_the_last_column_and_tolerates_iob1() {
    let input = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n\n";
    let docs = read(Format::Conll, input, &ReadOptions::default()).expect("reads").docs;
    assert_eq!(docs, vec![doc("EU rejects German", &[(0, 2, "ORG"), (11, 17, "MISC")])]);
}

#[test]
fn conll_errors_name_the_line() {
    assert_eq!(
        error(Format::Conll, "Rome B-GPE\nwas\n"),
        "line 2: expected a token and its tag separated by a space or TAB, found one column \"was\""
    );
    assert_eq!(
        error(Format::Conll, "Rome X-GPE\n"),
        "line 1: tag \"X-GPE\": expected a tag: O, or B-, I-, L-, U- (or BIOES E-, S-) followed by a label"
    );
}

#[test]
fn token_formats_report_spans_on_whitespace_and_overlaps() {
    let d = doc("Libyan forces entered Tripoli", &[(0, 5, "GPE"), (22, 29, "GPE"), (14, 29, "EVENT"), (6, 13, "ORG")]);
    let out = write(Format::Conll, &[d], &WriteOptions::default()).expect("writes");
    let reasons: Vec<String> = out.report.losses.iter().map(ToString::to_string).collect();
    assert_eq!(reasons, [
        "document 1, span 6..13 ORG \" forces\": begins or ends on whitespace, which a token format cannot mark; dropped",
        "document 1, span 22..29 GPE \"Tripoli\": overlaps the span 14..29 EVENT, which was kept; dropped",
        "document 1: 1 token had to be cut where a span begins or ends inside (first: \"Libyan\" at 0); each reads back with a space at the cut, so the text changes",
    ]);
    let back = import(Format::Conll, &out.text);
    assert_eq!(back[0].span_texts(), vec![Some("Libya"), Some("entered Tripoli")], "\"Libya\" inside \"Libyan\" is kept");
}

#[test]
fn hf_writes_integer_tags_and_reads_them_back_with_the_names() {
    let d = libya();
    let out = write(Format::Hf, std::slice::from_ref(&d), &WriteOptions::default()).expect("writes");
    assert_eq!(
        out.text,
        // The text's own tokens, cut where an entity begins or ends inside one.
        "{\"id\":\"libya-1#0\",\"tokens\":[\"🇱🇾\",\"“\",\"Haftar\",\"”\",\"met\",\"Dbeibeh\",\"in\",\"Tripoli\",\".\"],\"ner_tags\":[0,0,1,0,0,1,0,3,0]}\n"
    );
    assert_eq!(out.tag_names.as_deref(), Some(&["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE"].map(String::from)[..]));
    let missing = read(Format::Hf, &out.text, &ReadOptions::default()).unwrap_err();
    assert!(matches!(missing, FormatError::MissingTagNames { line: 1 }));
    let back = read(Format::Hf, &out.text, &ReadOptions { tag_names: out.tag_names }).expect("reads").docs;
    assert_eq!(back, vec![nomen_formats::token_normalised(Format::Hf, &d)]);
    // Tags as strings need no names.
    let strings = "{\"id\": \"s\", \"tokens\": [\"EU\", \"rejects\"], \"ner_tags\": [\"B-ORG\", \"O\"]}\n";
    assert_eq!(import(Format::Hf, strings)[0].spans, vec![Span::new(0, 2, "ORG")]);
}

#[test]
fn hf_tag_names_are_read_from_datasets_features_too() {
    let info = r#"{"features": {"id": {"dtype": "string", "_type": "Value"}, "ner_tags": {"feature": {"names": ["O", "B-PER"], "_type": "ClassLabel"}, "_type": "Sequence"}}}"#;
    assert_eq!(nomen_formats::hf::parse_tag_names(info).expect("parses"), ["O", "B-PER"]);
    assert_eq!(nomen_formats::hf::parse_tag_names("[\"O\"]").expect("parses"), ["O"]);
}

#[test]
fn brat_offsets_are_code_points_and_line_breaks_become_fragments() {
    let mut d = doc("🎉 Libyan National\nArmy (LNA)", &[(2, 22, "ORG"), (24, 27, "ORG")]);
    d.id = Some("lna".to_string());
    let (pairs, report) = write_brat(std::slice::from_ref(&d));
    assert!(report.is_lossless());
    assert_eq!(pairs[0].ann, "T1\tORG 2 17;18 22\tLibyan National Army\nT2\tORG 24 27\tLNA\n");
    let back = read_brat([("lna", pairs[0].txt.as_str(), pairs[0].ann.as_str())]).expect("reads");
    assert!(back.report.is_lossless());
    assert_eq!(back.docs, vec![d]);
}

#[test]
fn brat_discontinuous_entities_and_relations_are_reported_not_merged() {
    let txt = "Haftar and Dbeibeh met";
    let ann = "T1\tPERSON 0 6\tHaftar\nT2\tPERSON 0 3;11 14\tHaf Dbe\nR1\tMeets Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tcheck\n";
    let back = read_brat([("x", txt, ann)]).expect("reads");
    assert_eq!(back.docs[0].spans, vec![Span::new(0, 6, "PERSON")]);
    let losses: Vec<&LossReason> = back.report.losses.iter().map(|l| &l.reason).collect();
    assert!(matches!(losses[0], LossReason::Discontinuous { fragments } if fragments == "0 3;11 14"));
    assert!(matches!(losses[1], LossReason::SkippedAnnotation { kind, .. } if kind == "relation"));
    assert!(matches!(losses[2], LossReason::SkippedAnnotation { kind, .. } if kind == "note"));
    assert_eq!(back.report.losses[0].line, Some(2));
}

#[test]
fn brat_errors_name_the_line_and_the_annotation() {
    let err = read_brat([("x", "Rome", "T1\tGPE 0 4\tRome\nT2\tGPE 0 9\tRome\n")]).unwrap_err();
    assert_eq!((err.0, err.1.to_string()), (0, "line 2: \"T2\": span 0..9 ends past the text (4 code points)".to_string()));
    let err = read_brat([("x", "Rome", "T1\t\u{b} 0 4\tRome\n")]).unwrap_err();
    assert_eq!(err.1.to_string(), "line 1: T1: expected a label without spaces before the offsets, found \"\\u{b}\"");
    let err = read_brat([("x", "Rome", "T1\tGPE zero 4\tRome\n")]).unwrap_err();
    assert_eq!(err.1.to_string(), "line 1: T1: offsets \"zero 4\": expected `START END` or `START END;START END`");
}

#[test]
fn jsonl_errors_name_line_field_and_expectation() {
    let input = "{\"text\": \"Rome\", \"spans\": []}\n\n{\"text\": \"Rome\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"GPE\"}, {\"start\": 0, \"end\": \"x\", \"label\": \"GPE\"}]}\n";
    assert_eq!(error(Format::Jsonl, input), "line 3: \"spans[1].end\": expected a non-negative integer, found \"x\"");
    let past = "{\"text\": \"Rome\", \"spans\": [{\"start\": 0, \"end\": 40, \"label\": \"GPE\"}]}";
    assert_eq!(error(Format::Jsonl, past), "line 1: \"spans[0]\": span 0..40 ends past the text (4 code points)");
    assert_eq!(error(Format::Jsonl, "{\"text\": 5}"), "line 1: \"text\": expected a string, found 5");
    assert_eq!(error(Format::Jsonl, "{\"spans\": []}"), "line 1: \"text\": expected a string, found nothing (the field is missing)");
    assert_eq!(error(Format::Jsonl, "{\"text\": \"a\"}\n{\"text\": "), "line 2, column 9: invalid JSON: EOF while parsing a value");
}

#[test]
fn streaming_reader_reports_invalid_utf8_with_line_and_byte() {
    let bytes: &[u8] = b"{\"text\": \"ok\"}\n{\"text\": \"\xff\"}\n";
    let mut reader = nomen_formats::DocReader::new(Format::Jsonl, bytes, &ReadOptions::default()).expect("a stream format");
    assert!(reader.next().expect("one").is_ok());
    assert_eq!(reader.next().expect("two").unwrap_err().to_string(), "line 2, byte 11: the input is not valid UTF-8");
    assert!(reader.next().is_none());
}

#[test]
fn jsonl_keeps_meta_and_notes_unknown_fields() {
    let input = "{\"text\": \"Rome\", \"answer\": \"accept\", \"meta\": {\"source\": \"ansa\"}, \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"GPE\", \"token_start\": 0, \"text\": \"Rome\"}]}\n";
    let imported = read(Format::Jsonl, input, &ReadOptions::default()).expect("reads");
    assert_eq!(imported.docs[0].meta.get("source"), Some(&serde_json::json!("ansa")));
    assert!(imported.report.is_lossless());
    assert_eq!(imported.report.notes.len(), 1);
    assert_eq!(imported.report.notes[0].message, "jsonl: the unknown field \"answer\" was dropped");
}

#[test]
fn jsonl_keeps_kb_ids_through_a_round_trip() {
    let input = "{\"id\":\"a\",\"text\":\"Haftar and Hafter\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\",\"kb_id\":\"PERSON:Haftar\"},{\"start\":11,\"end\":17,\"label\":\"PERSON\",\"kb_id\":\"PERSON:Haftar\"}],\"meta\":{\"source\":\"ansa\"}}\n";
    let mut docs = import(Format::Jsonl, input);
    assert_eq!(export(Format::Jsonl, &docs), input, "kb_ids go back onto their spans, fields in order");
    assert_eq!(docs[0].take_kb_ids(), vec![(0, 6, "PERSON:Haftar".to_string()), (11, 17, "PERSON:Haftar".to_string())]);
    assert_eq!(docs[0].meta.get("source"), Some(&serde_json::json!("ansa")), "the rest of meta stays");
    let odd = read(
        Format::Jsonl,
        "{\"text\":\"Rome\",\"spans\":[{\"start\":0,\"end\":4,\"label\":\"GPE\",\"kb_id\":7}]}",
        &ReadOptions::default(),
    )
    .expect("reads");
    assert_eq!(odd.report.notes[0].message, "jsonl: spans[0].kb_id is not a non-empty string; it was dropped");
}

#[test]
fn format_names_and_guesses() {
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>(), Ok(format));
    }
    assert!("xml".parse::<Format>().is_err());
    assert_eq!(Format::guess("a.jsonl", "{\"text\": \"x\", \"spans\": []}"), Some(Format::Jsonl));
    assert_eq!(Format::guess("a.jsonl", "{\"text\": \"x\", \"label\": []}"), Some(Format::Doccano));
    assert_eq!(Format::guess("a.jsonl", "{\"id\": \"x\", \"tokens\": [], \"ner_tags\": []}"), Some(Format::Hf));
    assert_eq!(Format::guess("tasks.json", "[{\"data\": {}}]"), Some(Format::LabelStudio));
    assert_eq!(Format::guess("-", "-DOCSTART- -X- -X- O\n\nRome U-GPE\n"), Some(Format::Bilou));
    assert_eq!(Format::guess("-", "Rome B-GPE\nis O\n"), Some(Format::Conll));
    assert_eq!(Format::guess("x.ann", ""), Some(Format::Brat));
    assert_eq!(Format::guess("-", "hello"), None);
}
