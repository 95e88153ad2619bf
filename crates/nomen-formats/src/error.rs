//! Typed errors for input that is not what its format promises.
//!
//! Every error names where it happened in the input (a 1-based line, and a
//! column or a field path) and what was expected there, so a person can open
//! the file and fix it. The pure crate never knows file names: the CLI adds
//! them in front of these messages.

use std::fmt;

use thiserror::Error;

use crate::Format;

/// Why an input could not be read or an output not written.
#[derive(Debug, Error)]
pub enum FormatError {
    /// The line is not valid JSON (as serde_json reports it).
    #[error("line {line}, column {column}: invalid JSON: {message}")]
    Json { line: usize, column: usize, message: String },

    /// The bytes are not UTF-8.
    #[error("line {line}, byte {column}: the input is not valid UTF-8")]
    Utf8 { line: usize, column: usize },

    /// A JSON field has the wrong type or value, e.g.
    /// `line 3: "spans[1].end": expected an integer, found "x"`.
    #[error("line {line}: \"{field}\": expected {expected}, found {found}")]
    Field { line: usize, field: String, expected: String, found: String },

    /// A span's offsets do not fit the text, e.g.
    /// `line 7: "spans[0]": span 12..40 ends past the text (30 code points)`.
    #[error("line {line}: \"{field}\": span {start}..{end} {problem}")]
    Span { line: usize, field: String, start: usize, end: usize, problem: SpanProblem },

    /// A line of a line-oriented format (CoNLL, brat .ann) has the wrong shape.
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },

    /// Brat is a pair of files per document, not one stream: use the `brat` module.
    #[error("{0} is read and written as .txt/.ann pairs, not as one stream")]
    NotAStream(Format),

    /// Integer tags without the tag names that give them meaning.
    #[error("line {line}: \"ner_tags\" holds integers but no tag names were given (a JSON list such as [\"O\", \"B-PERSON\", \"I-PERSON\"]; the CLI looks for <input stem>.tag_names.json or --tag-names)")]
    MissingTagNames { line: usize },

    /// Reading from or writing to the underlying stream failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What is wrong with a span's offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanProblem {
    /// `start >= end`.
    EmptyOrReversed,
    /// `end` is past the end of the text; `len` in the format's unit.
    EndsPastText { len: usize, unit: Unit },
    /// A UTF-16 offset falls between the two halves of a surrogate pair.
    SplitsSurrogatePair,
}

/// The offset unit a format counts in, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    CodePoints,
    Utf16Units,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::CodePoints => "code points",
            Unit::Utf16Units => "UTF-16 code units",
        })
    }
}

impl fmt::Display for SpanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanProblem::EmptyOrReversed => f.write_str("is empty or reversed"),
            SpanProblem::EndsPastText { len, unit } => write!(f, "ends past the text ({len} {unit})"),
            SpanProblem::SplitsSurrogatePair => f.write_str("splits a surrogate pair (an offset must fall between characters)"),
        }
    }
}

impl FormatError {
    /// The 1-based input line the error is about, if it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            FormatError::Json { line, .. }
            | FormatError::Utf8 { line, .. }
            | FormatError::Field { line, .. }
            | FormatError::Span { line, .. }
            | FormatError::Line { line, .. }
            | FormatError::MissingTagNames { line } => Some(*line),
            FormatError::NotAStream(_) | FormatError::Io(_) => None,
        }
    }

    /// Shifts the line by `by`, for parsers that see a fragment starting mid-file.
    pub(crate) fn shifted(mut self, by: usize) -> FormatError {
        match &mut self {
            FormatError::Json { line, .. }
            | FormatError::Utf8 { line, .. }
            | FormatError::Field { line, .. }
            | FormatError::Span { line, .. }
            | FormatError::Line { line, .. }
            | FormatError::MissingTagNames { line } => *line += by,
            FormatError::NotAStream(_) | FormatError::Io(_) => {}
        }
        self
    }

    /// Converts a serde_json error on a fragment that starts at `first_line`.
    pub(crate) fn json(err: &serde_json::Error, first_line: usize) -> FormatError {
        // serde_json's message ends with " at line L column C"; we say that ourselves.
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        FormatError::Json { line: first_line + err.line().saturating_sub(1), column: err.column(), message }
    }
}

/// Renders a JSON value for an error message: compact, and cut short when long.
pub(crate) fn describe(value: Option<&serde_json::Value>) -> String {
    let Some(value) = value else { return "nothing (the field is missing)".to_string() };
    let rendered = value.to_string();
    const MAX: usize = 60;
    if rendered.chars().count() <= MAX {
        rendered
    } else {
        let cut: String = rendered.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Quotes a piece of input text for a message, cut short when long.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}
