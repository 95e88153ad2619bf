//! `brat`: brat's standoff format, a `.txt` file with the text and an `.ann`
//! file of annotations per document:
//!
//! ```text
//! T1<TAB>PERSON 0 6<TAB>Haftar
//! ```
//!
//! **Offsets are code points** (end exclusive): brat is a Python program and
//! indexes the decoded text, so that is what its files mean in practice. A
//! `.txt` written with `\r\n` line ends is read by Python 3 with universal
//! newlines, which shifts offsets after each line end; keep `\n` texts.
//!
//! brat stores an entity that crosses a line break as fragments split at the
//! break (`T1<TAB>ORG 0 5;6 12<TAB>Libya National`, fragments' texts joined by
//! a space). Export does the same, and import joins fragments back together
//! when only whitespace with a line break lies between them. Any other
//! discontinuous entity is a [`LossReason::Discontinuous`] and dropped;
//! relations, events, attributes, normalizations and notes are skipped and
//! reported. The pure crate sees a document as a (`.txt`, `.ann`) string pair
//! and never touches files: the CLI maps directories and file pairs to these.

use std::collections::HashSet;

use nomen_core::{Document, OffsetMap, Span};

use crate::error::{quote, FormatError};
use crate::json_fields::{check_span, At};
use crate::report::{kb_ids_dropped, DocLosses, LossReason, LostSpan, Report};

/// One brat document: the file stem and the contents of its `.txt` and `.ann`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BratPair {
    pub name: String,
    pub txt: String,
    pub ann: String,
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// What each annotation kind other than `T` is, for loss reports.
fn kind_name(id: &str) -> &'static str {
    match id.chars().next() {
        Some('R') => "relation",
        Some('E') => "event",
        Some('A') | Some('M') => "attribute",
        Some('N') => "normalization",
        Some('*') => "equivalence",
        Some('#') => "note",
        _ => "unknown",
    }
}

/// Reads one document; its id is `name`. The `.ann` may be empty.
pub fn read_pair(name: &str, txt: &str, ann: &str, doc_index: usize, report: &mut Report) -> Result<Document, FormatError> {
    let map = OffsetMap::new(txt);
    let mut losses = DocLosses { report, doc_index, doc_id: Some(name) };
    let mut spans = Vec::new();
    for (i, raw) in ann.split('\n').enumerate() {
        let line = i + 1;
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        if text.trim().is_empty() {
            continue;
        }
        let Some((id, rest)) = text.split_once('\t') else {
            return Err(FormatError::Line { line, message: format!("expected `ID<TAB>...`, found {}", quote(text)) });
        };
        if !id.starts_with('T') {
            let reason = LossReason::SkippedAnnotation { kind: kind_name(id).to_string(), line_text: text.to_string() };
            losses.other(Some(line), reason);
            continue;
        }
        let (type_and_offsets, stated) = match rest.split_once('\t') {
            Some((head, stated)) => (head, Some(stated)),
            None => (rest, None),
        };
        let Some((label, offsets)) = type_and_offsets.split_once(' ') else {
            return Err(FormatError::Line {
                line,
                message: format!("{id}: expected `LABEL START END`, found {}", quote(type_and_offsets)),
            });
        };
        if label.is_empty() || label.chars().any(char::is_whitespace) {
            return Err(FormatError::Line {
                line,
                message: format!("{id}: expected a label without spaces before the offsets, found {}", quote(label)),
            });
        }
        let fragments = parse_fragments(offsets, id, line)?;
        for &(start, end) in &fragments {
            check_span(start, end, map.len_chars(), At::new(line, id))?;
        }
        let slice = |s: usize, e: usize| map.byte_range(s, e).and_then(|r| txt.get(r)).unwrap_or("");
        let (Some(&(start, _)), Some(&(_, end))) = (fragments.first(), fragments.last()) else { continue };
        let lost = || LostSpan { start, end, label: label.to_string(), text: stated.unwrap_or("").to_string() };

        // Fragments separated only by line breaks (and spaces) are one entity across lines.
        let joins_across_lines = fragments.windows(2).all(|pair| {
            let gap = if pair[0].1 <= pair[1].0 { slice(pair[0].1, pair[1].0) } else { "x" };
            gap.chars().all(char::is_whitespace) && gap.chars().any(is_line_break)
        });
        if !joins_across_lines {
            losses.span(Some(line), lost(), LossReason::Discontinuous { fragments: offsets.to_string() });
            continue;
        }
        if let Some(stated) = stated {
            let covered: Vec<&str> = fragments.iter().map(|&(s, e)| slice(s, e)).collect();
            if stated != covered.join(" ") {
                losses.span(Some(line), lost(), LossReason::TextMismatch { stated: stated.to_string() });
            }
        }
        spans.push(Span::new(start, end, label));
    }
    Ok(Document { id: Some(name.to_string()), text: txt.to_string(), spans, meta: Default::default() })
}

/// `0 5` or `0 5;10 15`.
fn parse_fragments(offsets: &str, id: &str, line: usize) -> Result<Vec<(usize, usize)>, FormatError> {
    let error =
        || FormatError::Line { line, message: format!("{id}: offsets {}: expected `START END` or `START END;START END`", quote(offsets)) };
    offsets
        .split(';')
        .map(|fragment| {
            let numbers: Vec<&str> = fragment.split_whitespace().collect();
            match numbers.as_slice() {
                [s, e] => Ok((s.parse().map_err(|_| error())?, e.parse().map_err(|_| error())?)),
                _ => Err(error()),
            }
        })
        .collect()
}

/// File stems for documents: the id where it is a safe, unique file name,
/// else `doc-00042` (the 0-based position).
pub fn file_stems(docs: &[Document]) -> Vec<String> {
    let mut stems = FileStems::default();
    docs.iter().enumerate().map(|(i, doc)| stems.next(doc, i)).collect()
}

/// Gives documents unique file stems one at a time, for streaming output (see [`file_stems`]).
#[derive(Debug, Default)]
pub struct FileStems {
    /// Lower-cased: two stems must not collide on macOS or Windows either.
    seen: HashSet<String>,
}

impl FileStems {
    pub fn next(&mut self, doc: &Document, doc_index: usize) -> String {
        let safe = |id: &str| {
            !id.is_empty()
                && id.len() <= 200
                && !id.starts_with('.')
                && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        };
        let mut stem = match doc.id.as_deref() {
            Some(id) if safe(id) => id.to_string(),
            _ => format!("doc-{doc_index:05}"),
        };
        while !self.seen.insert(stem.to_ascii_lowercase()) {
            stem = format!("{stem}-{doc_index}");
        }
        stem
    }
}

/// Writes one document under the file stem `name`.
pub fn write_pair(doc: &Document, name: &str, doc_index: usize, report: &mut Report) -> BratPair {
    if doc.id.as_deref() != Some(name) {
        report.note(doc_index, "brat: the document id is the file name; a missing or unsafe id was replaced");
    }
    if !doc.meta.is_empty() {
        report.note(doc_index, "brat: meta is not kept");
    }
    let map = OffsetMap::new(&doc.text);
    let chars: Vec<char> = doc.text.chars().collect();
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    kb_ids_dropped(doc, &mut losses);
    let mut ann = String::new();
    let mut number = 0;
    for span in &doc.spans {
        let covered = map.byte_range(span.start, span.end).and_then(|r| doc.text.get(r));
        let lost = || LostSpan { start: span.start, end: span.end, label: span.label.clone(), text: covered.unwrap_or("").to_string() };
        if covered.is_none() || span.start >= span.end {
            losses.span(None, lost(), LossReason::OutOfText);
            continue;
        }
        if span.label.is_empty() || span.label.chars().any(char::is_whitespace) {
            losses.span(None, lost(), LossReason::LabelNotWritable);
            continue;
        }
        let (mut start, mut end) = (span.start, span.end);
        while start < end && is_line_break(chars[start]) {
            start += 1;
        }
        while end > start && is_line_break(chars[end - 1]) {
            end -= 1;
        }
        if (start, end) != (span.start, span.end) {
            let written = (start < end).then_some((start, end));
            losses.span(None, lost(), LossReason::LineBreakAtEdge { written });
            if written.is_none() {
                continue;
            }
        }
        // Fragments: the runs between line breaks.
        let mut fragments: Vec<(usize, usize)> = Vec::new();
        let mut i = start;
        while i < end {
            let from = i;
            while i < end && !is_line_break(chars[i]) {
                i += 1;
            }
            fragments.push((from, i));
            while i < end && is_line_break(chars[i]) {
                i += 1;
            }
        }
        number += 1;
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = fragments.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
        ann.push_str(&format!("T{number}\t{} {}\t{}\n", span.label, offsets.join(";"), texts.join(" ")));
    }
    BratPair { name: name.to_string(), txt: doc.text.clone(), ann }
}
