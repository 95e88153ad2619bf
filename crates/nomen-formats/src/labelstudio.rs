//! `labelstudio`: Label Studio's JSON tasks, the shape its NER template
//! (`<Labels name="label" toName="text">` over `<Text name="text" value="$text"/>`)
//! imports and exports:
//!
//! ```json
//! [{"data": {"text": "..."},
//!   "annotations": [{"result": [{"type": "labels", "from_name": "label", "to_name": "text",
//!                                "value": {"start": 0, "end": 6, "text": "Haftar", "labels": ["PERSON"]}}]}]}]
//! ```
//!
//! **Offsets are UTF-16 code units** (JavaScript string indices): an emoji
//! before an entity shifts it by two, not one. They are converted to and from
//! code points with [`OffsetMap`]; an offset inside a surrogate pair is an
//! error. Import reads the first annotation that was not cancelled (else the
//! first prediction), one span per label of a region; other result types and
//! further annotations are reported as losses. The document id and `meta` go
//! in `data.id` and `data.meta`, which Label Studio keeps as task data; the
//! spans' `kb_id`s travel there too, in `data.meta.kb_ids`
//! ([`nomen_core::KB_IDS_KEY`]).

use nomen_core::{Document, OffsetMap, Span};
use serde_json::{json, Map, Value};

use crate::error::{FormatError, SpanProblem, Unit};
use crate::json_fields::{self as field, At};
use crate::report::{writable_spans, DocLosses, LossReason, LostSpan, Report};

pub(crate) fn read_task(line: usize, text: &str, doc_index: usize, report: &mut Report) -> Result<Document, FormatError> {
    // Errors inside the element count lines from its own start.
    let value = field::parse(text, 1).map_err(|e| e.shifted(line - 1))?;
    let task = field::object(Some(&value), At::new(line, "(task)"))?;
    let data = field::object(task.get("data"), At::new(line, "data"))?;
    let doc_text = field::string(data.get("text"), At::new(line, "data.text"))?.to_string();
    let id = match field::id(data.get("id"), At::new(line, "data.id"))? {
        Some(id) => Some(id),
        None => field::id(task.get("id"), At::new(line, "id"))?,
    };
    let meta = match data.get("meta") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        other => return Err(At::new(line, "data.meta").expected("an object", other)),
    };
    for key in data.keys().filter(|k| !matches!(k.as_str(), "text" | "id" | "meta")) {
        report.note(doc_index, format!("labelstudio: the task data field {key:?} was dropped"));
    }

    let map = OffsetMap::new(&doc_text);
    let mut losses = DocLosses { report, doc_index, doc_id: id.as_deref() };
    let mut spans = Vec::new();
    if let Some((source, result)) = chosen_result(task, line, &mut losses)? {
        let at = At::new(line, &source);
        for (i, item) in field::array(Some(result), at)?.iter().enumerate() {
            let path = at.index(i);
            read_region(item, At::new(line, &path), &doc_text, &map, &mut spans, &mut losses)?;
        }
    }
    Ok(Document { id, text: doc_text, spans, meta })
}

/// The result list to read and its path: the first annotation not cancelled, else the first prediction.
fn chosen_result<'t>(
    task: &'t Map<String, Value>,
    line: usize,
    losses: &mut DocLosses<'_>,
) -> Result<Option<(String, &'t Value)>, FormatError> {
    for key in ["annotations", "predictions"] {
        let items = match task.get(key) {
            None | Some(Value::Null) => continue,
            items => field::array(items, At::new(line, key))?,
        };
        let usable: Vec<(usize, &Value)> =
            items.iter().enumerate().filter(|(_, a)| a.get("was_cancelled").and_then(Value::as_bool) != Some(true)).collect();
        let Some(&(index, first)) = usable.first() else { continue };
        if usable.len() > 1 {
            if key == "annotations" {
                losses.other(Some(line), LossReason::ExtraAnnotations { skipped: usable.len() - 1 });
            } else {
                losses.report.note(losses.doc_index, "labelstudio: predictions after the first were ignored");
            }
        }
        let path = format!("{key}[{index}]");
        field::object(Some(first), At::new(line, &path))?;
        let result_path = format!("{path}.result");
        return match first.get("result") {
            None | Some(Value::Null) => Ok(None),
            Some(result) => Ok(Some((result_path, result))),
        };
    }
    Ok(None)
}

fn read_region(
    item: &Value,
    at: At<'_>,
    text: &str,
    map: &OffsetMap,
    spans: &mut Vec<Span>,
    losses: &mut DocLosses<'_>,
) -> Result<(), FormatError> {
    let region = field::object(Some(item), at)?;
    let value_path = at.key("value");
    let kind = region.get("type").and_then(Value::as_str);
    let has_labels = region.get("value").and_then(|v| v.get("labels")).is_some();
    if !(kind == Some("labels") || (kind.is_none() && has_labels)) {
        losses.other(Some(at.line), LossReason::SkippedResult { kind: kind.unwrap_or("(none)").to_string() });
        return Ok(());
    }
    let value = field::object(region.get("value"), At::new(at.line, &value_path))?;
    let value_at = At::new(at.line, &value_path);
    let start_units = field::offset(value.get("start"), At::new(at.line, &value_at.key("start")))?;
    let end_units = field::offset(value.get("end"), At::new(at.line, &value_at.key("end")))?;
    let to_char = |units: usize| -> Result<usize, FormatError> {
        map.utf16_to_char(units).ok_or_else(|| {
            let problem = if units > map.len_utf16() {
                SpanProblem::EndsPastText { len: map.len_utf16(), unit: Unit::Utf16Units }
            } else {
                SpanProblem::SplitsSurrogatePair
            };
            value_at.span_error(start_units, end_units, problem)
        })
    };
    if start_units >= end_units {
        return Err(value_at.span_error(start_units, end_units, SpanProblem::EmptyOrReversed));
    }
    let (start, end) = (to_char(start_units)?, to_char(end_units)?);
    let labels_path = value_at.key("labels");
    let labels = field::array(value.get("labels"), At::new(at.line, &labels_path))?;
    let covered = map.byte_range(start, end).and_then(|r| text.get(r)).unwrap_or("");
    for (i, label) in labels.iter().enumerate() {
        let path = At::new(at.line, &labels_path).index(i);
        spans.push(Span::new(start, end, field::label(Some(label), At::new(at.line, &path))?));
    }
    if let Some(Value::String(stated)) = value.get("text") {
        if stated != covered {
            let label = spans.last().map(|s| s.label.clone()).unwrap_or_default();
            let lost = LostSpan { start, end, label, text: covered.to_string() };
            losses.span(Some(at.line), lost, LossReason::TextMismatch { stated: stated.clone() });
        }
    }
    Ok(())
}

/// Writes one task (without the list's brackets or commas).
pub(crate) fn write_task(doc: &Document, doc_index: usize, out: &mut String, report: &mut Report) -> Result<(), FormatError> {
    let map = OffsetMap::new(&doc.text);
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    let mut result = Vec::with_capacity(doc.spans.len());
    for span in writable_spans(doc, &mut losses) {
        // Checked by `writable_spans`: the offsets are inside the text.
        let covered = map.byte_range(span.start, span.end).and_then(|r| doc.text.get(r)).unwrap_or("");
        let start = map.char_to_utf16(span.start).unwrap_or(0);
        let end = map.char_to_utf16(span.end).unwrap_or(0);
        result.push(json!({
            "id": format!("nomen{}", result.len()),
            "type": "labels",
            "from_name": "label",
            "to_name": "text",
            "origin": "manual",
            "value": {"start": start, "end": end, "text": covered, "labels": [span.label]},
        }));
    }
    let mut data = Map::new();
    data.insert("text".to_string(), Value::from(doc.text.as_str()));
    if let Some(id) = &doc.id {
        data.insert("id".to_string(), Value::from(id.as_str()));
    }
    if !doc.meta.is_empty() {
        data.insert("meta".to_string(), Value::Object(doc.meta.clone()));
    }
    let task = json!({"data": data, "annotations": [{"result": result}]});
    out.push_str(&serde_json::to_string(&task).map_err(std::io::Error::from)?);
    Ok(())
}
