//! `jsonl`: nomen's own format, which is also Prodigy's and spaCy's:
//! one JSON object per line, `{"id"?, "text", "spans": [{"start", "end", "label"}], "meta"?}`.
//!
//! Offsets are code points (Python string indices), end exclusive. It holds
//! everything a [`Document`] holds, overlapping spans included, and keeps the
//! order of spans. Prodigy's derived span fields (`text`, `token_start`,
//! `token_end`) are checked or ignored; other unknown fields are dropped with
//! a note.

use nomen_core::{Document, OffsetMap, Span};
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
    let spans = match record.get("spans") {
        None | Some(Value::Null) => Vec::new(),
        spans => {
            let items = field::array(spans, At::new(line, "spans"))?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let path = At::new(line, "spans").index(i);
                let at = At::new(line, &path);
                out.push(read_span(item, at, &doc_text, &map, &mut losses)?);
            }
            out
        }
    };
    Ok(Some(Document { id, text: doc_text, spans, meta }))
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
    for key in span.keys().filter(|k| !matches!(k.as_str(), "start" | "end" | "label") && !DERIVED_SPAN_FIELDS.contains(&k.as_str())) {
        losses.report.note(losses.doc_index, format!("jsonl: the unknown span field {key:?} was dropped"));
    }
    Ok(Span::new(start, end, label))
}

/// Writes one document as one line (with its `\n`).
pub(crate) fn write_doc(doc: &Document, doc_index: usize, out: &mut String, report: &mut Report) -> Result<(), FormatError> {
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    let spans = writable_spans(doc, &mut losses);
    let line = if spans.len() == doc.spans.len() {
        serde_json::to_string(doc)
    } else {
        let kept = Document { spans: spans.into_iter().cloned().collect(), ..doc.clone() };
        serde_json::to_string(&kept)
    };
    out.push_str(&line.map_err(std::io::Error::from)?);
    out.push('\n');
    Ok(())
}
