//! `jsonl`: nomen's own format, which is also Prodigy's and spaCy's:
//! one JSON object per line, `{"id"?, "text", "spans": [{"start", "end", "label"}], "meta"?}`.
//!
//! Offsets are code points (Python string indices), end exclusive. It holds
//! everything a [`Document`] holds, overlapping spans included, and keeps the
//! order of spans. Prodigy's derived span fields (`text`, `token_start`,
//! `token_end`) are checked or ignored; other unknown fields are dropped with
//! a note. A span's `kb_id` (spaCy's knowledge-base id) is kept in
//! `meta.kb_ids` ([`nomen_core::KB_IDS_KEY`]) and written back onto its span.

use nomen_core::{Document, LinkedDocument, OffsetMap, Span, KB_IDS_KEY};
use serde_json::Value;

use crate::error::FormatError;
use crate::json_fields::{self as field, At};
use crate::report::{writable_spans, DocLosses, LossReason, LostSpan, Report};

/// Span fields Prodigy writes that follow from the others.
const DERIVED_SPAN_FIELDS: &[&str] = &["text", "token_start", "token_end"];

/// Reads one line; `None` for a blank line.
pub(crate) fn read_line(line: usize, text: &str, doc_index: usize, report: &mut Report) -> Result<Option<Document>, FormatError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value = field::parse(text, line)?;
    let record = field::object(Some(&value), At::new(line, ""))?;

    let doc_text = field::string(record.get("text"), At::new(line, "text"))?.to_string();
    let id = field::id(record.get("id"), At::new(line, "id"))?;
    let meta = match record.get("meta") {
        None | Some(Value::Null) => Default::default(),
        Some(Value::Object(map)) => map.clone(),
        other => return Err(At::new(line, "meta").expected("an object", other)),
    };
    for key in record.keys().filter(|k| !matches!(k.as_str(), "id" | "text" | "spans" | "meta")) {
        report.note(doc_index, format!("jsonl: the unknown field {key:?} was dropped"));
    }

    let map = OffsetMap::new(&doc_text);
    let mut losses = DocLosses { report, doc_index, doc_id: id.as_deref() };
    let mut kb_ids = Vec::new();
    let spans = match record.get("spans") {
        None | Some(Value::Null) => Vec::new(),
        spans => {
            let items = field::array(spans, At::new(line, "spans"))?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let path = At::new(line, "spans").index(i);
                let at = At::new(line, &path);
                let span = read_span(item, at, &doc_text, &map, &mut losses)?;
                match item.get("kb_id") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(kb_id)) if !kb_id.is_empty() => kb_ids.push((span.start, span.end, kb_id.clone())),
                    Some(_) => losses.report.note(doc_index, format!("jsonl: {path}.kb_id is not a non-empty string; it was dropped")),
                }
                out.push(span);
            }
            out
        }
    };
    let mut doc = Document { id, text: doc_text, spans, meta };
    for (start, end, kb_id) in kb_ids {
        doc.note_kb_id(start, end, &kb_id);
    }
    Ok(Some(doc))
}

fn read_span(item: &Value, at: At<'_>, text: &str, map: &OffsetMap, losses: &mut DocLosses<'_>) -> Result<Span, FormatError> {
    let span = field::object(Some(item), at)?;
    let start = field::offset(span.get("start"), At::new(at.line, &at.key("start")))?;
    let end = field::offset(span.get("end"), At::new(at.line, &at.key("end")))?;
    let label = field::label(span.get("label"), At::new(at.line, &at.key("label")))?;
    field::check_span(start, end, map.len_chars(), at)?;

    let covered = map.byte_range(start, end).and_then(|r| text.get(r)).unwrap_or("");
    if let Some(Value::String(stated)) = span.get("text") {
        if stated != covered {
            let lost = LostSpan { start, end, label: label.clone(), text: covered.to_string() };
            losses.span(Some(at.line), lost, LossReason::TextMismatch { stated: stated.clone() });
        }
    }
    for key in
        span.keys().filter(|k| !matches!(k.as_str(), "start" | "end" | "label" | "kb_id") && !DERIVED_SPAN_FIELDS.contains(&k.as_str()))
    {
        losses.report.note(losses.doc_index, format!("jsonl: the unknown span field {key:?} was dropped"));
    }
    Ok(Span::new(start, end, label))
}

/// Writes one document as one line (with its `\n`).
pub(crate) fn write_doc(doc: &Document, doc_index: usize, out: &mut String, report: &mut Report) -> Result<(), FormatError> {
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    let spans = writable_spans(doc, &mut losses);
    let line = if spans.len() == doc.spans.len() && !doc.meta.contains_key(KB_IDS_KEY) {
        serde_json::to_string(doc)
    } else {
        let kb_ids = doc.kb_ids();
        let kb_id = |s: &Span| kb_ids.iter().find(|(start, end, _)| (*start, *end) == (s.start, s.end)).map(|k| k.2.as_str());
        let mut rest = doc.meta.clone();
        rest.remove(KB_IDS_KEY);
        serde_json::to_string(&LinkedDocument::new(doc, spans, &rest, kb_id))
    };
    out.push_str(&line.map_err(std::io::Error::from)?);
    out.push('\n');
    Ok(())
}
