//! Import and export of the annotation formats of the NER ecosystem, shared by
//! the CLI and the browser app.
//!
//! **This crate does no IO of its own**: it parses from `&str` or any
//! [`BufRead`] and writes to `String` or any [`Write`]; the callers open files.
//! Everything becomes a [`nomen_core::Document`] (code-point offsets) in
//! between, and each format module converts to the offsets its own tools use:
//!
//! | name | module | offsets | holds |
//! |---|---|---|---|
//! | `jsonl` | [`jsonl`] | code points | everything |
//! | `doccano` | [`doccano`] | code points | everything (meta as top-level fields) |
//! | `conll` | [`conll`] | tokens (IOB2) | non-overlapping spans; text as tokens and lines |
//! | `bilou` | [`conll`] | tokens (BILOU) | non-overlapping spans; text as tokens and lines |
//! | `brat` | [`brat`] | code points | spans (no meta); `.txt`/`.ann` pairs |
//! | `labelstudio` | [`labelstudio`] | UTF-16 code units | everything |
//! | `hf` | [`hf`] | tokens (IOB2, integer ids) | non-overlapping spans, ids; text as tokens and lines |
//!
//! What a format cannot hold is never dropped silently: reading and writing
//! return a [`Report`] whose [`Loss`]es name each annotation lost and why.
//! Malformed input is a [`FormatError`] naming the line and field. No input
//! makes any function here panic (the fuzz tests in `tests/` check that).

pub mod brat;
mod conll;
mod doccano;
pub mod error;
pub mod hf;
mod json_fields;
mod jsonl;
mod labelstudio;
pub mod report;
mod source;
mod tagging;
pub mod utf8;

use std::fmt;
use std::io::{BufRead, Write};
use std::str::FromStr;

use nomen_core::Document;

pub use brat::BratPair;
pub use error::{FormatError, SpanProblem, Unit};
pub use report::{Loss, LossReason, LostSpan, Note, Report};

use source::{JsonListElements, Lines};
use tagging::Scheme;

/// An annotation format, named as on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jsonl,
    Doccano,
    Conll,
    Bilou,
    Brat,
    LabelStudio,
    Hf,
}

impl Format {
    pub const ALL: [Format; 7] =
        [Format::Jsonl, Format::Doccano, Format::Conll, Format::Bilou, Format::Brat, Format::LabelStudio, Format::Hf];

    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::Conll => "conll",
            Format::Bilou => "bilou",
            Format::Brat => "brat",
            Format::LabelStudio => "labelstudio",
            Format::Hf => "hf",
        }
    }

    /// True for the formats that are one stream of text ([`read`], [`Writer`]);
    /// brat is a pair of files per document instead ([`brat`]).
    pub fn is_stream(self) -> bool {
        self != Format::Brat
    }

    /// True for the formats made of tokens and tags, which hold only
    /// non-overlapping spans that do not begin or end on whitespace, and
    /// give the text back exactly only when its tokens are separated by one
    /// space or one line break and no token had to be cut for a span.
    pub fn is_token_format(self) -> bool {
        matches!(self, Format::Conll | Format::Bilou | Format::Hf)
    }

    /// Guesses a format from a file name (or path) and the first few KB of
    /// its content; `None` when neither says. A directory means brat.
    pub fn guess(path_or_name: &str, content_head: &str) -> Option<Format> {
        let lower = path_or_name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "ann" | "txt" => return Some(Format::Brat),
            "conll" | "conll03" | "iob" | "iob2" | "bio" => return Some(Format::Conll),
            "bilou" | "bioes" => return Some(Format::Bilou),
            _ => {}
        }
        let by_content = Format::guess_content(content_head);
        if by_content.is_some() {
            return by_content;
        }
        match ext {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::LabelStudio),
            _ => None,
        }
    }

    /// Guesses from content alone.
    fn guess_content(head: &str) -> Option<Format> {
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('[') {
            return Some(Format::LabelStudio);
        }
        if head.starts_with('{') {
            let first = head.lines().next().unwrap_or("");
            // The first record may be cut off; look at its keys as text.
            let has = |key: &str| first.contains(&format!("\"{key}\""));
            return Some(if has("tokens") && has("ner_tags") {
                Format::Hf
            } else if has("spans") {
                Format::Jsonl
            } else if has("label") || has("labels") || has("entities") {
                Format::Doccano
            } else {
                Format::Jsonl
            });
        }
        let tag_lines: Vec<&str> = head
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("-DOCSTART-"))
            .filter_map(|l| l.split_whitespace().last())
            .take(200)
            .collect();
        if head.starts_with("-DOCSTART-") || (!tag_lines.is_empty() && tag_lines.iter().all(|t| tagging::Tag::parse(t).is_some())) {
            let bilou = tag_lines.iter().any(|t| t.starts_with("L-") || t.starts_with("U-"));
            return Some(if bilou { Format::Bilou } else { Format::Conll });
        }
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}: expected one of jsonl, doccano, conll, bilou, brat, labelstudio, hf")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .or(match s.trim().to_ascii_lowercase().as_str() {
                "prodigy" | "spacy" | "nomen" => Some(Format::Jsonl),
                "iob" | "iob2" | "conll2003" => Some(Format::Conll),
                "label-studio" | "label_studio" | "ls" => Some(Format::LabelStudio),
                "huggingface" | "datasets" => Some(Format::Hf),
                _ => None,
            })
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// Settings for reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `hf`: the names of integer tags, in id order (see [`hf::parse_tag_names`]).
    pub tag_names: Option<Vec<String>>,
}

/// Settings for writing.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// `hf`: fixed tag names, in id order (must include `"O"`); labels
    /// without `B-`/`I-` tags there are lost. Default: ids in order of first use.
    pub tag_names: Option<Vec<String>>,
}

/// Documents read, and what could not be read into them.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub docs: Vec<Document>,
    pub report: Report,
}

/// Text written, and what could not be written.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    pub text: String,
    /// `hf`: the tag names (ids are positions), for the sidecar.
    pub tag_names: Option<Vec<String>>,
    pub report: Report,
}

/// Reads a whole input of a stream format.
pub fn read(format: Format, input: &str, options: &ReadOptions) -> Result<Imported, FormatError> {
    let mut reader = DocReader::new(format, input.as_bytes(), options)?;
    let mut docs = Vec::new();
    for doc in reader.by_ref() {
        docs.push(doc?);
    }
    Ok(Imported { docs, report: reader.into_report() })
}

/// Writes documents in a stream format.
pub fn write(format: Format, docs: &[Document], options: &WriteOptions) -> Result<Exported, FormatError> {
    let mut writer = Writer::new(format, Vec::new(), options)?;
    for doc in docs {
        writer.write(doc)?;
    }
    let (bytes, finished) = writer.finish()?;
    // Every writer emits whole `str`s, so this cannot fail; map it rather than panic.
    let text = String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    Ok(Exported { text, tag_names: finished.tag_names, report: finished.report })
}

/// Reads documents in brat's pairs: `(name, txt, ann)` each.
pub fn read_brat<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Result<Imported, (usize, FormatError)> {
    let mut imported = Imported::default();
    for (i, (name, txt, ann)) in pairs.into_iter().enumerate() {
        let doc = brat::read_pair(name, txt, ann, i, &mut imported.report).map_err(|e| (i, e))?;
        imported.docs.push(doc);
    }
    Ok(imported)
}

/// Writes documents as brat pairs, named by [`brat::file_stems`].
pub fn write_brat(docs: &[Document]) -> (Vec<BratPair>, Report) {
    let mut report = Report::default();
    let pairs =
        docs.iter().zip(brat::file_stems(docs)).enumerate().map(|(i, (doc, name))| brat::write_pair(doc, &name, i, &mut report)).collect();
    (pairs, report)
}

/// What a round trip through a token format (`conll`, `bilou`, `hf`) gives
/// back for `doc`: its whitespace-separated tokens (cut where a span boundary
/// falls inside one) joined by single spaces, lines by `\n`, spans moved with
/// their tokens; id and meta untouched. Spans a token format cannot hold are
/// left out. For a document the writers report no loss for, this is `doc`.
/// (`conll` and `bilou` also cut a token that begins with `-DOCSTART-`.)
pub fn token_normalised(format: Format, doc: &Document) -> Document {
    let mut report = Report::default();
    let mut losses = report::DocLosses { report: &mut report, doc_index: 0, doc_id: None };
    tagging::normalise_with(doc, matches!(format, Format::Conll | Format::Bilou), &mut losses)
}

/// Streams documents out of a stream format, one at a time, in bounded memory.
///
/// Iteration stops after the first error. Losses and notes gather in
/// [`DocReader::report`] as documents are read.
pub struct DocReader<R> {
    input: Input<R>,
    decoder: Decoder,
    report: Report,
    next_index: usize,
    done: bool,
}

enum Input<R> {
    Lines(Lines<R>),
    List(JsonListElements<R>),
}

enum Decoder {
    Jsonl,
    Doccano,
    Conll(conll::Decoder),
    LabelStudio,
    Hf(hf::Decoder),
}

impl<R: BufRead> DocReader<R> {
    pub fn new(format: Format, reader: R, options: &ReadOptions) -> Result<DocReader<R>, FormatError> {
        let (input, decoder) = match format {
            Format::Jsonl => (Input::Lines(Lines::new(reader)), Decoder::Jsonl),
            Format::Doccano => (Input::Lines(Lines::new(reader)), Decoder::Doccano),
            Format::Conll | Format::Bilou => (Input::Lines(Lines::new(reader)), Decoder::Conll(Default::default())),
            Format::Hf => (Input::Lines(Lines::new(reader)), Decoder::Hf(hf::Decoder::new(options.tag_names.clone()))),
            Format::LabelStudio => (Input::List(JsonListElements::new(reader)), Decoder::LabelStudio),
            Format::Brat => return Err(FormatError::NotAStream(format)),
        };
        Ok(DocReader { input, decoder, report: Report::default(), next_index: 0, done: false })
    }

    /// Losses and notes so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn into_report(self) -> Report {
        self.report
    }

    fn next_doc(&mut self) -> Result<Option<Document>, FormatError> {
        loop {
            let chunk = match &mut self.input {
                Input::Lines(lines) => lines.next_line()?,
                Input::List(list) => list.next_element()?,
            };
            let index = self.next_index;
            let report = &mut self.report;
            let Some((line, text)) = chunk else {
                return Ok(match &mut self.decoder {
                    Decoder::Conll(d) => d.finish(),
                    Decoder::Hf(d) => d.finish(),
                    _ => None,
                });
            };
            let doc = match &mut self.decoder {
                Decoder::Jsonl => jsonl::read_line(line, &text, index, report)?,
                Decoder::Doccano => doccano::read_line(line, &text, index, report)?,
                Decoder::Conll(d) => d.line(line, &text, index, report)?,
                Decoder::Hf(d) => d.line(line, &text)?,
                Decoder::LabelStudio => Some(labelstudio::read_task(line, &text, index, report)?),
            };
            if doc.is_some() {
                return Ok(doc);
            }
        }
    }
}

impl<R: BufRead> Iterator for DocReader<R> {
    type Item = Result<Document, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_doc() {
            Ok(Some(doc)) => {
                self.next_index += 1;
                Some(Ok(doc))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Streams documents into a stream format, one at a time.
pub struct Writer<W> {
    format: Format,
    out: W,
    buf: String,
    next_index: usize,
    tags: Option<hf::TagTable>,
    report: Report,
}

/// What a [`Writer`] reports when done.
#[derive(Debug, Clone, Default)]
pub struct Finished {
    /// `hf`: the tag names in id order, for the sidecar.
    pub tag_names: Option<Vec<String>>,
    pub report: Report,
}

impl<W: Write> Writer<W> {
    pub fn new(format: Format, out: W, options: &WriteOptions) -> Result<Writer<W>, FormatError> {
        if !format.is_stream() {
            return Err(FormatError::NotAStream(format));
        }
        let tags = match (format, &options.tag_names) {
            (Format::Hf, Some(names)) => Some(hf::TagTable::fixed(names.clone())?),
            (Format::Hf, None) => Some(hf::TagTable::growing()),
            _ => None,
        };
        Ok(Writer { format, out, buf: String::new(), next_index: 0, tags, report: Report::default() })
    }

    /// Losses and notes so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    pub fn write(&mut self, doc: &Document) -> Result<(), FormatError> {
        self.buf.clear();
        let (index, report) = (self.next_index, &mut self.report);
        match self.format {
            Format::Jsonl => jsonl::write_doc(doc, index, &mut self.buf, report)?,
            Format::Doccano => doccano::write_doc(doc, index, &mut self.buf, report)?,
            Format::Conll => conll::write_doc(doc, index, Scheme::Iob2, &mut self.buf, report),
            Format::Bilou => conll::write_doc(doc, index, Scheme::Bilou, &mut self.buf, report),
            Format::Hf => {
                let tags = self.tags.get_or_insert_with(hf::TagTable::growing);
                hf::write_doc(doc, index, tags, &mut self.buf, report)?
            }
            Format::LabelStudio => {
                self.buf.push_str(if index == 0 { "[\n" } else { ",\n" });
                labelstudio::write_task(doc, index, &mut self.buf, report)?
            }
            Format::Brat => return Err(FormatError::NotAStream(Format::Brat)),
        }
        self.out.write_all(self.buf.as_bytes())?;
        self.next_index += 1;
        Ok(())
    }

    /// Ends the output (Label Studio's closing bracket) and returns the sink.
    pub fn finish(mut self) -> Result<(W, Finished), FormatError> {
        if self.format == Format::LabelStudio {
            self.out.write_all(if self.next_index == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        let tag_names = self.tags.map(|t| t.names().to_vec());
        Ok((self.out, Finished { tag_names, report: self.report }))
    }
}
