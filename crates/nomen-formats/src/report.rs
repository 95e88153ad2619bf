//! What a conversion could not carry across.
//!
//! A format that cannot hold something (a span off token boundaries in CoNLL,
//! overlapping spans in a tag sequence, a discontinuous brat entity) does not
//! drop it silently: each such case becomes a [`Loss`] naming the document,
//! the position and the text, and the CLI refuses to write unless `--lossy`.
//! Things that are not annotations (an id or `meta` a format has no room for,
//! an unknown JSON field) become [`Note`]s: reported, never fatal.

use std::collections::HashMap;
use std::fmt;

use nomen_core::{Document, OffsetMap, Span};

use crate::error::quote;

/// One annotation a conversion could not keep as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// 0-based position of the document in the input or output stream.
    pub doc_index: usize,
    pub doc_id: Option<String>,
    /// 1-based input line, for losses found while reading.
    pub line: Option<usize>,
    /// The span concerned, in code points, when there is one.
    pub span: Option<LostSpan>,
    pub reason: LossReason,
}

/// A span as it was before it was lost, in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text (or brat's stated text), for a person to recognise it.
    pub text: String,
}

/// Why an annotation was lost, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LossReason {
    /// The span is empty, reversed or past the end of its text: dropped.
    OutOfText,
    /// A token format cannot mark whitespace: a span that begins or ends on it was dropped.
    NotTokenAligned,
    /// Token formats: `count` tokens as written had to be cut where a span
    /// begins or ends inside them (the first, `token`, at code point `at`);
    /// they read back with a space at each cut, so the text changes there.
    TokensSplit { count: usize, at: usize, token: String },
    /// Token formats: `count` places hold whitespace other than one space
    /// between tokens or one line break between lines (the first, `found`, at
    /// code point `at`: two spaces, a tab, a blank line, a line break inside an
    /// entity, whitespace at either end); they read back as one space or line
    /// break (or nothing, at the ends), so the text changes there.
    WhitespaceChanged { count: usize, at: usize, found: String },
    /// A tag sequence cannot hold overlapping spans: this one was dropped.
    Overlaps { kept_start: usize, kept_end: usize, kept_label: String },
    /// The label is empty or holds whitespace, which this format cannot write: dropped.
    LabelNotWritable,
    /// The label has no tag in the fixed tag names given for `hf` output: dropped.
    LabelNotInTagNames,
    /// CoNLL: `count` tokens began with `-DOCSTART-` (the first, `token`, at
    /// code point `at`), which readers take for a document separator; each was
    /// written cut after its first `-`, so the text changes there.
    DocstartToken { count: usize, at: usize, token: String },
    /// Brat fragments cannot begin or end with a line break: written as `written_start..written_end`.
    LineBreakAtEdge { written: Option<(usize, usize)> },
    /// A brat entity made of several fragments (`0 5;10 15`): dropped.
    Discontinuous { fragments: String },
    /// A brat annotation that is not a text-bound entity (relation, event, attribute, note): skipped.
    SkippedAnnotation { kind: String, line_text: String },
    /// The text stated in the file differs from the text at the offsets (wrong unit?): kept by offsets.
    TextMismatch { stated: String },
    /// A span's knowledge-base id (`meta.kb_ids`), which this format has no place for: dropped.
    KbIdDropped { kb_id: String },
    /// Label Studio: only the first of several annotations of a task was read.
    ExtraAnnotations { skipped: usize },
    /// Label Studio: a result that is not a `labels` region was skipped.
    SkippedResult { kind: String },
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document {}", self.doc_index + 1)?;
        if let Some(id) = &self.doc_id {
            write!(f, " (id {})", quote(id))?;
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(s) = &self.span {
            write!(f, ", span {}..{} {} {}", s.start, s.end, s.label, quote(&s.text))?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl fmt::Display for LossReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LossReason::OutOfText => f.write_str("is empty, reversed or past the end of the text; dropped"),
            LossReason::NotTokenAligned => f.write_str("begins or ends on whitespace, which a token format cannot mark; dropped"),
            LossReason::TokensSplit { count, at, token } => write!(
                f,
                "{count} token{} had to be cut where a span begins or ends inside (first: {} at {at}); \
                 each reads back with a space at the cut, so the text changes",
                if *count == 1 { "" } else { "s" },
                quote(token)
            ),
            LossReason::WhitespaceChanged { count, at, found } => write!(
                f,
                "{count} place{} of whitespace other than one space between tokens or one line break between lines \
                 (first: {} at {at}); each reads back as one space or line break, so the text changes",
                if *count == 1 { "" } else { "s" },
                quote(found)
            ),
            LossReason::Overlaps { kept_start, kept_end, kept_label } => {
                write!(f, "overlaps the span {kept_start}..{kept_end} {kept_label}, which was kept; dropped")
            }
            LossReason::LabelNotWritable => {
                f.write_str("the label is empty, or holds whitespace where this format separates fields by it; dropped")
            }
            LossReason::LabelNotInTagNames => f.write_str("the label has no tag in the given tag names; dropped"),
            LossReason::DocstartToken { count, at, token } => write!(
                f,
                "{count} token{} began with -DOCSTART-, which readers take for a document separator \
                 (first: {} at {at}); each was written cut after its first -, so the text changes",
                if *count == 1 { "" } else { "s" },
                quote(token)
            ),
            LossReason::LineBreakAtEdge { written: Some((s, e)) } => {
                write!(f, "begins or ends with a line break, which brat fragments cannot; written as {s}..{e}")
            }
            LossReason::LineBreakAtEdge { written: None } => f.write_str("holds nothing but line breaks, which brat cannot mark; dropped"),
            LossReason::Discontinuous { fragments } => {
                write!(f, "is discontinuous (fragments {fragments}), which a span cannot hold; dropped")
            }
            LossReason::SkippedAnnotation { kind, line_text } => {
                write!(f, "{kind} annotations are not entities; skipped {}", quote(line_text))
            }
            LossReason::TextMismatch { stated } => write!(
                f,
                "the file states the text {} but the offsets cover other text (another offset unit?); kept by offsets",
                quote(stated)
            ),
            LossReason::KbIdDropped { kb_id } => {
                write!(f, "its kb_id {} has no place in this format; dropped (JSONL, doccano and Label Studio keep it)", quote(kb_id))
            }
            LossReason::ExtraAnnotations { skipped } => {
                write!(f, "the task has {} annotations; read the first, skipped {skipped}", skipped + 1)
            }
            LossReason::SkippedResult { kind } => write!(f, "a result of type {} is not a labelled span; skipped", quote(kind)),
        }
    }
}

/// Something other than an annotation that a conversion dropped or changed,
/// counted once per kind rather than once per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: String,
    /// How many documents (or records) it applied to.
    pub count: usize,
    /// The first document it applied to, 0-based.
    pub first_doc_index: usize,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} document", self.message, self.count)?;
        if self.count != 1 {
            f.write_str("s")?;
        }
        write!(f, ", first: document {})", self.first_doc_index + 1)
    }
}

/// Everything a conversion reports besides the documents themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub losses: Vec<Loss>,
    pub notes: Vec<Note>,
    /// Position of each note by message, so that counting stays linear.
    note_index: HashMap<String, usize>,
}

impl LossReason {
    /// True for the losses that change a document's text rather than drop an annotation.
    pub fn changes_text(&self) -> bool {
        matches!(self, LossReason::TokensSplit { .. } | LossReason::WhitespaceChanged { .. } | LossReason::DocstartToken { .. })
    }
}

impl Report {
    pub fn is_lossless(&self) -> bool {
        self.losses.is_empty()
    }

    pub(crate) fn loss(&mut self, loss: Loss) {
        self.losses.push(loss);
    }

    /// Records a note, merging it with an earlier one of the same message.
    pub(crate) fn note(&mut self, doc_index: usize, message: impl Into<String>) {
        let message = message.into();
        match self.note_index.get(&message) {
            Some(&i) => self.notes[i].count += 1,
            None => {
                self.note_index.insert(message.clone(), self.notes.len());
                self.notes.push(Note { message, count: 1, first_doc_index: doc_index });
            }
        }
    }

    /// Appends another report (losses in order, notes merged).
    pub fn extend(&mut self, other: Report) {
        self.losses.extend(other.losses);
        for note in other.notes {
            match self.note_index.get(&note.message) {
                Some(&i) => self.notes[i].count += note.count,
                None => {
                    self.note_index.insert(note.message.clone(), self.notes.len());
                    self.notes.push(note);
                }
            }
        }
    }
}

/// Builds the [`Loss`] entries of one document.
pub(crate) struct DocLosses<'a> {
    pub report: &'a mut Report,
    pub doc_index: usize,
    pub doc_id: Option<&'a str>,
}

impl DocLosses<'_> {
    pub fn span(&mut self, line: Option<usize>, span: LostSpan, reason: LossReason) {
        self.report.loss(Loss { doc_index: self.doc_index, doc_id: self.doc_id.map(str::to_string), line, span: Some(span), reason });
    }

    pub fn other(&mut self, line: Option<usize>, reason: LossReason) {
        self.report.loss(Loss { doc_index: self.doc_index, doc_id: self.doc_id.map(str::to_string), line, span: None, reason });
    }
}

/// Reports each `kb_id` of `doc` (`meta.kb_ids`) as lost, for the formats
/// that keep no meta: a knowledge-base id is an annotation, not a note.
pub(crate) fn kb_ids_dropped(doc: &Document, losses: &mut DocLosses<'_>) {
    let kb_ids = doc.kb_ids();
    if kb_ids.is_empty() {
        return;
    }
    let map = OffsetMap::new(&doc.text);
    for (start, end, kb_id) in kb_ids {
        let label = doc.spans.iter().find(|s| (s.start, s.end) == (start, end)).map_or_else(String::new, |s| s.label.clone());
        let text = map.byte_range(start, end).and_then(|r| doc.text.get(r)).unwrap_or("").to_string();
        losses.span(None, LostSpan { start, end, label, text }, LossReason::KbIdDropped { kb_id });
    }
}

/// The spans of `doc` that its readers would accept back (inside the text, not
/// empty, with a label that is not blank); the others are reported. Documents
/// from the readers always pass; documents built in memory may not.
pub(crate) fn writable_spans<'d>(doc: &'d Document, losses: &mut DocLosses<'_>) -> Vec<&'d Span> {
    let map = OffsetMap::new(&doc.text);
    doc.spans
        .iter()
        .filter(|s| {
            let covered = map.byte_range(s.start, s.end).and_then(|r| doc.text.get(r));
            let lost = || LostSpan { start: s.start, end: s.end, label: s.label.clone(), text: covered.unwrap_or("").to_string() };
            if covered.is_none() || s.start >= s.end {
                losses.span(None, lost(), LossReason::OutOfText);
                false
            } else if s.label.trim().is_empty() {
                losses.span(None, lost(), LossReason::LabelNotWritable);
                false
            } else {
                true
            }
        })
        .collect()
}
