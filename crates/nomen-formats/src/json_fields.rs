//! Typed access to the fields of a JSON record, with errors that name the
//! line and the field path (`spans[1].end`) and say what was expected.
//!
//! serde's derive would stop at the first mismatch with a message about Rust
//! types; readers here want messages about the file, so they walk
//! `serde_json::Value`s through these helpers instead.

use serde_json::{Map, Value};

use crate::error::{describe, FormatError, SpanProblem, Unit};

/// Where in the input a field lives: the record's first line and a path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    pub line: usize,
    pub path: &'a str,
}

impl<'a> At<'a> {
    pub fn new(line: usize, path: &'a str) -> At<'a> {
        At { line, path }
    }

    /// The path of a member `key` of this field.
    pub fn key(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The path of element `index` of this field.
    pub fn index(&self, index: usize) -> String {
        format!("{}[{index}]", self.path)
    }

    pub fn expected(&self, expected: &str, found: Option<&Value>) -> FormatError {
        FormatError::Field {
            line: self.line,
            field: if self.path.is_empty() { "(record)".to_string() } else { self.path.to_string() },
            expected: expected.to_string(),
            found: describe(found),
        }
    }

    pub fn span_error(&self, start: usize, end: usize, problem: SpanProblem) -> FormatError {
        FormatError::Span { line: self.line, field: self.path.to_string(), start, end, problem }
    }
}

/// Parses one JSON record that starts on line `line`.
pub(crate) fn parse(text: &str, line: usize) -> Result<Value, FormatError> {
    serde_json::from_str(text).map_err(|e| FormatError::json(&e, line))
}

pub(crate) fn object<'v>(value: Option<&'v Value>, at: At<'_>) -> Result<&'v Map<String, Value>, FormatError> {
    match value {
        Some(Value::Object(map)) => Ok(map),
        other => Err(at.expected("an object", other)),
    }
}

pub(crate) fn array<'v>(value: Option<&'v Value>, at: At<'_>) -> Result<&'v [Value], FormatError> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        other => Err(at.expected("a list", other)),
    }
}

pub(crate) fn string<'v>(value: Option<&'v Value>, at: At<'_>) -> Result<&'v str, FormatError> {
    match value {
        Some(Value::String(s)) => Ok(s),
        other => Err(at.expected("a string", other)),
    }
}

/// A label: a string with something other than whitespace in it.
pub(crate) fn label(value: Option<&Value>, at: At<'_>) -> Result<String, FormatError> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        other => Err(at.expected("a non-empty label string", other)),
    }
}

/// An offset: a non-negative integer (`3.0` is not one).
pub(crate) fn offset(value: Option<&Value>, at: At<'_>) -> Result<usize, FormatError> {
    match value.and_then(Value::as_u64).map(usize::try_from) {
        Some(Ok(n)) => Ok(n),
        _ => Err(at.expected("a non-negative integer", value)),
    }
}

/// A document id: a string or an integer (doccano and Label Studio number
/// their records); `null` or absent means none.
pub(crate) fn id(value: Option<&Value>, at: At<'_>) -> Result<Option<String>, FormatError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        other => Err(at.expected("a string or an integer id", other)),
    }
}

/// Writes an id back the way doccano and Label Studio expect: as a JSON
/// integer when it is one in canonical form (so `"42"` → `42`, `"042"` stays a
/// string), otherwise as a string.
pub(crate) fn id_value(id: &str) -> Value {
    match id.parse::<u64>() {
        Ok(n) if n.to_string() == id => Value::from(n),
        _ => Value::from(id),
    }
}

/// Checks a code-point span against a text of `len` code points.
pub(crate) fn check_span(start: usize, end: usize, len: usize, at: At<'_>) -> Result<(), FormatError> {
    if start >= end {
        return Err(at.span_error(start, end, SpanProblem::EmptyOrReversed));
    }
    if end > len {
        return Err(at.span_error(start, end, SpanProblem::EndsPastText { len, unit: Unit::CodePoints }));
    }
    Ok(())
}
