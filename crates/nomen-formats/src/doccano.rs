//! `doccano`: doccano's sequence-labelling JSONL,
//! `{"id"?, "text", "label": [[start, end, "LABEL"], ...], ...}`.
//!
//! Offsets are code points, end exclusive. Import also accepts `"labels"`
//! (older exports) and `"entities": [{"start_offset", "end_offset", "label"}]`
//! (doccano ≥ 1.8). doccano keeps any other top-level field as the example's
//! metadata and exports it back at top level, so that is where `meta` goes:
//! other fields are read into `meta`, and `meta` is written as top-level
//! fields. Overlapping spans and span order are kept. So are `kb_id`s: they
//! live in `meta.kb_ids` ([`nomen_core::KB_IDS_KEY`]), written as a top-level
//! `"kb_ids": [{"start", "end", "kb_id"}]` that doccano keeps and gives back.

use nomen_core::{Document, Span};
use serde_json::{Map, Value};

use crate::error::FormatError;
use crate::json_fields::{self as field, At};
use crate::report::{writable_spans, DocLosses, Report};

/// Top-level names doccano gives a meaning; a `meta` key of that name cannot be written.
const RESERVED: &[&str] = &["id", "text", "label", "labels", "entities"];

pub(crate) fn read_line(line: usize, text: &str, doc_index: usize, report: &mut Report) -> Result<Option<Document>, FormatError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value = field::parse(text, line)?;
    let record = field::object(Some(&value), At::new(line, ""))?;
    let doc_text = field::string(record.get("text"), At::new(line, "text"))?.to_string();
    let id = field::id(record.get("id"), At::new(line, "id"))?;
    let len = doc_text.chars().count();

    let mut spans = Vec::new();
    let sources: Vec<&str> =
        ["label", "labels", "entities"].into_iter().filter(|k| !matches!(record.get(*k), None | Some(Value::Null))).collect();
    if let Some(&key) = sources.first() {
        let at = At::new(line, key);
        for (i, item) in field::array(record.get(key), at)?.iter().enumerate() {
            let path = at.index(i);
            let at = At::new(line, &path);
            let span = if key == "entities" { entity(item, at)? } else { triple(item, at)? };
            field::check_span(span.start, span.end, len, at)?;
            spans.push(span);
        }
    }
    for key in sources.iter().skip(1) {
        report.note(doc_index, format!("doccano: {key:?} was ignored because {:?} came first", sources[0]));
    }

    let meta: Map<String, Value> =
        record.iter().filter(|(k, _)| !RESERVED.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(Some(Document { id, text: doc_text, spans, meta }))
}

/// `[start, end, "LABEL"]`.
fn triple(item: &Value, at: At<'_>) -> Result<Span, FormatError> {
    match item {
        Value::Array(parts) if parts.len() == 3 => {
            let start = field::offset(parts.first(), At::new(at.line, &at.index(0)))?;
            let end = field::offset(parts.get(1), At::new(at.line, &at.index(1)))?;
            let label = field::label(parts.get(2), At::new(at.line, &at.index(2)))?;
            Ok(Span::new(start, end, label))
        }
        other => Err(at.expected("a [start, end, \"LABEL\"] triple", Some(other))),
    }
}

/// `{"start_offset", "end_offset", "label"}`.
fn entity(item: &Value, at: At<'_>) -> Result<Span, FormatError> {
    let object = field::object(Some(item), at)?;
    let start = field::offset(object.get("start_offset"), At::new(at.line, &at.key("start_offset")))?;
    let end = field::offset(object.get("end_offset"), At::new(at.line, &at.key("end_offset")))?;
    let label = field::label(object.get("label"), At::new(at.line, &at.key("label")))?;
    Ok(Span::new(start, end, label))
}

pub(crate) fn write_doc(doc: &Document, doc_index: usize, out: &mut String, report: &mut Report) -> Result<(), FormatError> {
    let json = |v: &Value| serde_json::to_string(v).map_err(std::io::Error::from);
    out.push('{');
    if let Some(id) = &doc.id {
        out.push_str("\"id\":");
        out.push_str(&json(&field::id_value(id))?);
        out.push(',');
    }
    out.push_str("\"text\":");
    out.push_str(&json(&Value::from(doc.text.as_str()))?);
    out.push_str(",\"label\":");
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    let triples: Vec<Value> = writable_spans(doc, &mut losses)
        .into_iter()
        .map(|s| Value::Array(vec![s.start.into(), s.end.into(), s.label.as_str().into()]))
        .collect();
    out.push_str(&json(&Value::Array(triples))?);
    for (key, value) in &doc.meta {
        if RESERVED.contains(&key.as_str()) {
            report.note(doc_index, format!("doccano: the meta field {key:?} was not written (doccano reserves the name)"));
            continue;
        }
        out.push(',');
        out.push_str(&json(&Value::from(key.as_str()))?);
        out.push(':');
        out.push_str(&json(value)?);
    }
    out.push_str("}\n");
    Ok(())
}
