//! `conll` (IOB2 tags) and `bilou` (BILOU tags): the CoNLL-2003 layout that
//! spaCy's `convert -c ner`, seqeval and most NER tooling read.
//!
//! ```text
//! -DOCSTART- -X- -X- O
//!
//! Haftar B-PERSON
//! met O
//! ```
//!
//! One `token tag` line per token (a space between; TAB and extra middle
//! columns such as POS are accepted on import, the tag being the last column;
//! columns are split at ASCII spaces and TABs only), a blank line after each
//! sentence, and `-DOCSTART- -X- -X- O` before each document. The format has
//! no offsets and no whitespace: export writes the text's own
//! whitespace-separated tokens, one sentence per line of text, cut only where
//! a span boundary falls inside a token, and import rebuilds the text as
//! tokens joined by single spaces and sentences by `\n` (see
//! [`crate::tagging`]: what would not come back exactly is a loss). Ids and
//! `meta` have no place here and are dropped with a note.

use nomen_core::Document;

use crate::error::{quote, FormatError};
use crate::report::{kb_ids_dropped, DocLosses, Report};
use crate::tagging::{self, column_label, Rebuilder, Scheme, Tag, TAG_EXPECTED};

/// The line that starts each document.
pub(crate) const DOCSTART: &str = "-DOCSTART- -X- -X- O";

pub(crate) fn write_doc(doc: &Document, doc_index: usize, scheme: Scheme, out: &mut String, report: &mut Report) {
    let name = if scheme == Scheme::Iob2 { "conll" } else { "bilou" };
    if doc.id.is_some() {
        report.note(doc_index, format!("{name}: document ids are not kept"));
    }
    if !doc.meta.is_empty() {
        report.note(doc_index, format!("{name}: meta is not kept"));
    }
    let mut losses = DocLosses { report, doc_index, doc_id: doc.id.as_deref() };
    kb_ids_dropped(doc, &mut losses);
    let sentences = tagging::lay_out(doc, scheme, true, &column_label, &mut losses);
    out.push_str(DOCSTART);
    out.push_str("\n\n");
    for sentence in &sentences {
        for token in sentence {
            out.push_str(token.text);
            out.push(' ');
            out.push_str(&token.tag.render());
            out.push('\n');
        }
        out.push('\n');
    }
}

/// Reads CoNLL lines into documents, one document per `-DOCSTART-` (or one in
/// all when the file has none).
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    /// The document being read, if one has begun.
    doc: Option<Rebuilder>,
    in_sentence: bool,
}

impl Decoder {
    pub fn line(&mut self, line: usize, text: &str, doc_index: usize, report: &mut Report) -> Result<Option<Document>, FormatError> {
        let is_column_space = |c: char| c == ' ' || c == '\t';
        if text.trim_matches(is_column_space).is_empty() {
            self.in_sentence = false;
            return Ok(None);
        }
        if text.trim_start().starts_with("-DOCSTART-") {
            let finished = self.finish();
            self.doc = Some(Rebuilder::new());
            return Ok(finished);
        }
        let columns: Vec<&str> = text.split(is_column_space).filter(|c| !c.is_empty()).collect();
        let (Some(&token), Some(&tag)) = (columns.first(), columns.last()) else { return Ok(None) };
        if columns.len() < 2 {
            return Err(FormatError::Line {
                line,
                message: format!("expected a token and its tag separated by a space or TAB, found one column {}", quote(text)),
            });
        }
        if columns.len() > 2 {
            report.note(doc_index, "conll: middle columns (such as POS and chunk tags) were dropped");
        }
        let Some(tag) = Tag::parse(tag) else {
            return Err(FormatError::Line { line, message: format!("tag {}: expected {TAG_EXPECTED}", quote(tag)) });
        };
        let doc = self.doc.get_or_insert_with(Rebuilder::new);
        if !self.in_sentence {
            doc.start_sentence();
            self.in_sentence = true;
        }
        doc.token(token, tag);
        Ok(None)
    }

    /// The document in progress, if any.
    pub fn finish(&mut self) -> Option<Document> {
        self.in_sentence = false;
        self.doc.take().map(|doc| doc.finish(None))
    }
}
