//! Spans ↔ per-token tags, shared by the token formats (`conll`, `bilou`, `hf`).
//!
//! Export tokenizes with [`nomen_core::tokenize`] and tags each token; import
//! rebuilds a text from the tokens (single spaces within a sentence, `\n`
//! between sentences) and decodes the tags back into code-point spans. Token
//! formats keep no whitespace, so the rebuilt text is the *normalised* form of
//! the original: [`normalise`] computes it directly, and a round trip through
//! a token format is lossless exactly when it yields `normalise(doc)`.
//!
//! Sentence breaks come from `Token::sent_start`, except that a break is never
//! put inside an entity (the tokenizer's sentence splitting is a heuristic,
//! and a tag sequence cannot continue an entity across sentences).

use nomen_core::{tokenize, Document, OffsetMap, Span};

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

/// Tokenizes `doc` and tags its tokens; returns the sentences.
///
/// Spans that the tags cannot express are reported to `losses` and left out:
/// spans off token boundaries, spans overlapping an earlier (or, at the same
/// start, longer) span, and spans whose label `check_label` refuses.
pub(crate) fn lay_out<'d>(
    doc: &'d Document,
    scheme: Scheme,
    check_label: &dyn Fn(&str) -> Option<LossReason>,
    losses: &mut DocLosses<'_>,
) -> Vec<Vec<TaggedToken<'d>>> {
    let tokens = tokenize(&doc.text);
    let map = OffsetMap::new(&doc.text);
    let lost = |s: &Span| LostSpan {
        start: s.start,
        end: s.end,
        label: s.label.clone(),
        text: map.byte_range(s.start, s.end).and_then(|r| doc.text.get(r)).unwrap_or("").to_string(),
    };

    let mut order: Vec<&Span> = doc.spans.iter().collect();
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.label.cmp(&b.label)));

    // Kept spans as token ranges (first, last inclusive), in order, not overlapping.
    let mut kept: Vec<(usize, usize, &'d str, &Span)> = Vec::new();
    for span in order {
        if span.start >= span.end || span.end > map.len_chars() {
            losses.span(None, lost(span), LossReason::OutOfText);
            continue;
        }
        if let Some(reason) = check_label(&span.label) {
            losses.span(None, lost(span), reason);
            continue;
        }
        let first = tokens.binary_search_by_key(&span.start, |t| t.start).ok();
        let last = tokens.binary_search_by_key(&span.end, |t| t.end).ok();
        let (Some(first), Some(last)) = (first, last) else {
            losses.span(None, lost(span), LossReason::NotTokenAligned);
            continue;
        };
        if first > last {
            losses.span(None, lost(span), LossReason::NotTokenAligned);
            continue;
        }
        if let Some(&(_, prev_last, _, prev)) = kept.last() {
            if first <= prev_last {
                let reason = LossReason::Overlaps {
                    kept_start: prev.start,
                    kept_end: prev.end,
                    kept_label: prev.label.clone(),
                };
                losses.span(None, lost(span), reason);
                continue;
            }
        }
        kept.push((first, last, span.label.as_str(), span));
    }

    let mut tags = vec![Tag::OUTSIDE; tokens.len()];
    let mut sentence_break: Vec<bool> = tokens.iter().map(|t| t.sent_start).collect();
    for &(first, last, label, _) in &kept {
        for (i, tag) in tags.iter_mut().enumerate().take(last + 1).skip(first) {
            let prefix = match scheme {
                Scheme::Iob2 if i == first => Prefix::Begin,
                Scheme::Iob2 => Prefix::Inside,
                Scheme::Bilou if first == last => Prefix::Unit,
                Scheme::Bilou if i == first => Prefix::Begin,
                Scheme::Bilou if i == last => Prefix::Last,
                Scheme::Bilou => Prefix::Inside,
            };
            *tag = Tag { prefix, label };
        }
        // Never break a sentence inside an entity.
        for brk in sentence_break.iter_mut().take(last + 1).skip(first + 1) {
            *brk = false;
        }
    }

    let mut sentences: Vec<Vec<TaggedToken<'d>>> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if sentence_break[i] || sentences.is_empty() {
            sentences.push(Vec::new());
        }
        if let Some(sentence) = sentences.last_mut() {
            sentence.push(TaggedToken { text: token.text(&doc.text), tag: tags[i] });
        }
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

        let continues = matches!(tag.prefix, Prefix::Inside | Prefix::Last)
            && self.open.as_ref().is_some_and(|(_, _, label)| label == tag.label);
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


/// The document a lossless round trip through a token format gives back:
/// tokens joined by single spaces, sentences by `\n`, spans moved with their
/// tokens, in position order; id and meta as they were. Spans a token format
/// cannot hold are left out (and reported to `losses`).
pub(crate) fn normalise_with(doc: &Document, scheme: Scheme, losses: &mut DocLosses<'_>) -> Document {
    let sentences = lay_out(doc, scheme, &column_label, losses);
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
