//! Spans ↔ per-token tags, shared by the token formats (`conll`, `bilou`, `hf`).
//!
//! Export keeps the text's own tokens: the whitespace-separated runs of
//! characters, as written (`Uh-huh`, `let 's`, `11:00`, `/.` stay what they
//! are), and cuts a run only where a span begins or ends inside it
//! (`Haftar's` with `Haftar` marked becomes `Haftar` `'s`). Each line of the
//! text is a sentence. Import rebuilds a text from the tokens (single spaces
//! within a sentence, `\n` between sentences) and decodes the tags back into
//! code-point spans. So a round trip gives the text back exactly when its
//! tokens are separated by one space or one line break and no run had to be
//! cut; anything else (a cut run, two spaces, a tab, a blank line, an entity
//! across a line break, leading or trailing whitespace) is reported as a
//! [`LossReason::TokensSplit`] or [`LossReason::WhitespaceChanged`], never
//! changed silently. [`normalise_with`] computes what comes back.

use nomen_core::{Document, OffsetMap, Span};

use crate::report::{DocLosses, LossReason, LostSpan};

/// How entity positions are spelled in tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `B-X` begins, `I-X` continues, `O` is outside.
    Iob2,
    /// Also `L-X` ends a multi-token entity and `U-X` is a single-token one.
    Bilou,
}

/// The position part of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prefix {
    Outside,
    Begin,
    Inside,
    Last,
    Unit,
}

/// A tag: a prefix and, unless outside, a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    pub prefix: Prefix,
    pub label: &'a str,
}

impl Tag<'_> {
    pub const OUTSIDE: Tag<'static> = Tag { prefix: Prefix::Outside, label: "" };

    pub fn render(&self) -> String {
        let p = match self.prefix {
            Prefix::Outside => return "O".to_string(),
            Prefix::Begin => "B",
            Prefix::Inside => "I",
            Prefix::Last => "L",
            Prefix::Unit => "U",
        };
        format!("{p}-{}", self.label)
    }

    /// Reads `O`, `B-X`, `I-X`, `L-X`, `U-X`, and BIOES's `E-X`/`S-X` (as `L`/`U`).
    pub fn parse(tag: &str) -> Option<Tag<'_>> {
        if tag == "O" {
            return Some(Tag::OUTSIDE);
        }
        let (prefix, label) = tag.split_once('-')?;
        let prefix = match prefix {
            "B" => Prefix::Begin,
            "I" => Prefix::Inside,
            "L" | "E" => Prefix::Last,
            "U" | "S" => Prefix::Unit,
            _ => return None,
        };
        (!label.trim().is_empty()).then_some(Tag { prefix, label })
    }
}

/// What a tag must look like, for error messages.
pub(crate) const TAG_EXPECTED: &str = "a tag: O, or B-, I-, L-, U- (or BIOES E-, S-) followed by a label";

/// One token of an exported sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaggedToken<'d> {
    pub text: &'d str,
    pub tag: Tag<'d>,
}

/// What a CoNLL reader takes for a document separator at the start of a line.
const DOCSTART_WORD: &str = "-DOCSTART-";

/// A piece of a token as written, in code points and bytes.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    bytes: (usize, usize),
    /// The whitespace-separated run it was cut from.
    run: usize,
}

/// The whitespace-separated runs of `text`: code point and byte ranges.
fn runs(text: &str) -> Vec<((usize, usize), (usize, usize))> {
    let mut runs = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut chars = 0;
    for (byte, c) in text.char_indices() {
        match (c.is_whitespace(), open) {
            (true, Some((start, start_byte))) => {
                runs.push(((start, chars), (start_byte, byte)));
                open = None;
            }
            (false, None) => open = Some((chars, byte)),
            _ => {}
        }
        chars += 1;
    }
    if let Some((start, start_byte)) = open {
        runs.push(((start, chars), (start_byte, text.len())));
    }
    runs
}

/// Counts the places where a round trip changes the text, keeping the first.
#[derive(Default)]
struct Changes {
    count: usize,
    first: Option<(usize, String)>,
}

impl Changes {
    fn add(&mut self, at: usize, text: &str) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((at, text.to_string()));
        }
    }
}

/// Lays `doc` out as tagged tokens (the text's own whitespace-separated
/// tokens, cut only where a span boundary falls inside one); returns the
/// sentences (the text's lines).
///
/// Spans that the tags cannot express are reported to `losses` and left out:
/// spans that begin or end on whitespace, spans overlapping an earlier (or, at
/// the same start, longer) span, and spans whose label `check_label` refuses.
/// Whatever would make the text read back differently is reported too. With
/// `avoid_docstart` (CoNLL), a token that would begin with `-DOCSTART-` is
/// cut after its first `-`, so that readers do not split the document there.
pub(crate) fn lay_out<'d>(
    doc: &'d Document,
    scheme: Scheme,
    avoid_docstart: bool,
    check_label: &dyn Fn(&str) -> Option<LossReason>,
    losses: &mut DocLosses<'_>,
) -> Vec<Vec<TaggedToken<'d>>> {
    let text = doc.text.as_str();
    let map = OffsetMap::new(text);
    let runs = runs(text);
    let lost = |s: &Span| LostSpan {
        start: s.start,
        end: s.end,
        label: s.label.clone(),
        text: map.byte_range(s.start, s.end).and_then(|r| text.get(r)).unwrap_or("").to_string(),
    };
    // The run holding code point `at`, if `at` is not whitespace.
    let run_at = |at: usize| {
        let i = runs.partition_point(|r| r.0 .1 <= at);
        runs.get(i).filter(|r| r.0 .0 <= at).map(|_| i)
    };

    let mut order: Vec<&Span> = doc.spans.iter().collect();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.label.cmp(&b.label)));
    let mut kept: Vec<&'d Span> = Vec::new();
    for span in order {
        if span.start >= span.end || span.end > map.len_chars() {
            losses.span(None, lost(span), LossReason::OutOfText);
            continue;
        }
        if let Some(reason) = check_label(&span.label) {
            losses.span(None, lost(span), reason);
            continue;
        }
        if run_at(span.start).is_none() || run_at(span.end - 1).is_none() {
            losses.span(None, lost(span), LossReason::NotTokenAligned);
            continue;
        }
        if let Some(prev) = kept.last() {
            if span.start < prev.end {
                let reason = LossReason::Overlaps { kept_start: prev.start, kept_end: prev.end, kept_label: prev.label.clone() };
                losses.span(None, lost(span), reason);
                continue;
            }
        }
        kept.push(span);
    }

    // Cut the runs where a kept span begins or ends inside one.
    let mut cuts: Vec<usize> = kept.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.dedup();
    let mut split = Changes::default();
    let mut pieces: Vec<Piece> = Vec::with_capacity(runs.len());
    let mut next_cut = 0;
    for (run, &((start, end), (byte_start, byte_end))) in runs.iter().enumerate() {
        let mut piece_start = start;
        while next_cut < cuts.len() && cuts[next_cut] <= start {
            next_cut += 1;
        }
        while next_cut < cuts.len() && cuts[next_cut] < end {
            let cut = cuts[next_cut];
            let bytes = map.byte_range(piece_start, cut).unwrap_or(byte_start..byte_start);
            pieces.push(Piece { start: piece_start, end: cut, bytes: (bytes.start, bytes.end), run });
            piece_start = cut;
            next_cut += 1;
        }
        if piece_start > start {
            split.add(start, &text[byte_start..byte_end]);
            let first_byte = map.byte_range(piece_start, end).map_or(byte_start, |r| r.start);
            pieces.push(Piece { start: piece_start, end, bytes: (first_byte, byte_end), run });
        } else {
            pieces.push(Piece { start, end, bytes: (byte_start, byte_end), run });
        }
    }

    let mut docstart = Changes::default();
    if avoid_docstart && pieces.iter().any(|p| text[p.bytes.0..p.bytes.1].starts_with(DOCSTART_WORD)) {
        let mut cut = Vec::with_capacity(pieces.len() + 1);
        for piece in pieces {
            if text[piece.bytes.0..piece.bytes.1].starts_with(DOCSTART_WORD) {
                docstart.add(piece.start, &text[piece.bytes.0..piece.bytes.1]);
                // `-` is one code point and one byte.
                cut.push(Piece { end: piece.start + 1, bytes: (piece.bytes.0, piece.bytes.0 + 1), ..piece });
                cut.push(Piece { start: piece.start + 1, bytes: (piece.bytes.0 + 1, piece.bytes.1), ..piece });
            } else {
                cut.push(piece);
            }
        }
        pieces = cut;
    }

    // Tags, and which kept span each piece belongs to.
    let mut tags = vec![Tag::OUTSIDE; pieces.len()];
    let mut entity: Vec<Option<usize>> = vec![None; pieces.len()];
    for (k, span) in kept.iter().enumerate() {
        let first = pieces.partition_point(|p| p.start < span.start);
        let last = pieces.partition_point(|p| p.end < span.end);
        for i in first..(last + 1).min(pieces.len()) {
            let prefix = match scheme {
                Scheme::Iob2 if i == first => Prefix::Begin,
                Scheme::Iob2 => Prefix::Inside,
                Scheme::Bilou if first == last => Prefix::Unit,
                Scheme::Bilou if i == first => Prefix::Begin,
                Scheme::Bilou if i == last => Prefix::Last,
                Scheme::Bilou => Prefix::Inside,
            };
            tags[i] = Tag { prefix, label: span.label.as_str() };
            entity[i] = Some(k);
        }
    }

    // Sentences are lines; any other whitespace between tokens reads back as one space.
    let mut spaces = Changes::default();
    let mut sentences: Vec<Vec<TaggedToken<'d>>> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let new_sentence = match i.checked_sub(1).map(|j| &pieces[j]) {
            None => true,
            Some(prev) if prev.run == piece.run => false,
            Some(prev) => {
                let gap = &text[prev.bytes.1..piece.bytes.0];
                let in_entity = entity[i].is_some() && entity[i] == entity[i - 1];
                let breaks = gap.contains('\n') && !in_entity;
                if gap != if breaks { "\n" } else { " " } {
                    spaces.add(prev.end, gap);
                }
                breaks
            }
        };
        if new_sentence {
            sentences.push(Vec::new());
        }
        if let Some(sentence) = sentences.last_mut() {
            sentence.push(TaggedToken { text: &text[piece.bytes.0..piece.bytes.1], tag: tags[i] });
        }
    }
    let (lead_end, trail_start) = match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => (first.bytes.0, last.bytes.1),
        _ => (text.len(), text.len()),
    };
    if lead_end > 0 {
        spaces.add(0, &text[..lead_end]);
    }
    if trail_start < text.len() && !pieces.is_empty() {
        spaces.add(pieces.last().map_or(0, |p| p.end), &text[trail_start..]);
    }

    if let Some((at, token)) = split.first {
        losses.other(None, LossReason::TokensSplit { count: split.count, at, token });
    }
    if let Some((at, token)) = docstart.first {
        losses.other(None, LossReason::DocstartToken { count: docstart.count, at, token });
    }
    if let Some((at, found)) = spaces.first {
        losses.other(None, LossReason::WhitespaceChanged { count: spaces.count, at, found });
    }
    sentences
}

/// Refuses labels that a whitespace-separated column cannot hold.
pub(crate) fn column_label(label: &str) -> Option<LossReason> {
    (label.is_empty() || label.chars().any(char::is_whitespace)).then_some(LossReason::LabelNotWritable)
}

/// Rebuilds a text and its spans from tagged tokens, sentence by sentence.
///
/// Tags are read leniently, the way conlleval does: an `I-X` that follows
/// something other than an open `X` entity starts one (so IOB1 reads too),
/// and a sentence end closes any entity.
#[derive(Debug, Default)]
pub(crate) struct Rebuilder {
    text: String,
    len_chars: usize,
    spans: Vec<Span>,
    open: Option<(usize, usize, String)>, // start, end (code points), label
    sentences: usize,
    first_in_sentence: bool,
}

impl Rebuilder {
    pub fn new() -> Rebuilder {
        Rebuilder::default()
    }

    pub fn start_sentence(&mut self) {
        self.close();
        if self.sentences > 0 {
            self.text.push('\n');
            self.len_chars += 1;
        }
        self.sentences += 1;
        self.first_in_sentence = true;
    }

    pub fn token(&mut self, token: &str, tag: Tag<'_>) {
        if !std::mem::take(&mut self.first_in_sentence) {
            self.text.push(' ');
            self.len_chars += 1;
        }
        let start = self.len_chars;
        self.text.push_str(token);
        self.len_chars += token.chars().count();
        let end = self.len_chars;

        let continues =
            matches!(tag.prefix, Prefix::Inside | Prefix::Last) && self.open.as_ref().is_some_and(|(_, _, label)| label == tag.label);
        match tag.prefix {
            Prefix::Outside => self.close(),
            _ if continues => {
                if let Some(open) = self.open.as_mut() {
                    open.1 = end;
                }
            }
            _ => {
                self.close();
                self.open = Some((start, end, tag.label.to_string()));
            }
        }
        if matches!(tag.prefix, Prefix::Last | Prefix::Unit) {
            self.close();
        }
    }

    fn close(&mut self) {
        if let Some((start, end, label)) = self.open.take() {
            // A span over empty tokens only would be empty; there is nothing to mark.
            if start < end {
                self.spans.push(Span::new(start, end, label));
            }
        }
    }

    pub fn finish(mut self, id: Option<String>) -> Document {
        self.close();
        Document { id, text: self.text, spans: self.spans, meta: Default::default() }
    }
}

/// The document a round trip through a token format gives back: the tokens
/// [`lay_out`] writes joined by single spaces, lines by `\n`, spans moved with
/// their tokens, in position order; id and meta as they were. Spans a token
/// format cannot hold are left out (and reported to `losses`, as are the text
/// changes). For a document without losses this is the document itself.
pub(crate) fn normalise_with(doc: &Document, avoid_docstart: bool, losses: &mut DocLosses<'_>) -> Document {
    let sentences = lay_out(doc, Scheme::Iob2, avoid_docstart, &column_label, losses);
    let mut rebuilder = Rebuilder::new();
    for sentence in &sentences {
        rebuilder.start_sentence();
        for token in sentence {
            rebuilder.token(token.text, token.tag);
        }
    }
    let mut out = rebuilder.finish(doc.id.clone());
    out.meta = doc.meta.clone();
    out
}
