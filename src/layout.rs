//! How a document is cut into blocks for rendering. Pure.
//!
//! Each block is a memoised component, so an edit repaints only the block
//! it touches and a long document renders block by block without freezing the
//! page. A block ends after a line break once it has [`MIN_BLOCK_CHARS`], or at
//! a space once it has [`BLOCK_CHARS`], but never inside a span: every span is
//! one `<mark>` in one block. (A block per line would make thousands of tiny
//! components for a long article, and each render step would touch them all.)
//! Blocks are block elements (so the browser can skip laying out those off
//! screen), and a cut inside a paragraph shows as a line break: only
//! paragraphs longer than [`BLOCK_CHARS`] get one.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use nomen_core::Span;

/// Blocks grow to about this many code points before a space may end them.
pub const BLOCK_CHARS: usize = 10_000;
/// A line break ends a block only once it has this many code points.
pub const MIN_BLOCK_CHARS: usize = 500;

/// One block: code-point and byte ranges of the text, and the spans inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub chars: Range<usize>,
    pub bytes: Range<usize>,
    /// Indices into the document's (sorted) spans.
    pub spans: Range<usize>,
}

/// Cuts `text` into blocks; `spans` must be sorted and non-overlapping.
pub fn blocks(text: &str, spans: &[Span]) -> Vec<Block> {
    let mut out = Vec::new();
    let (mut block_start_char, mut block_start_byte, mut first_span) = (0usize, 0usize, 0usize);
    let mut next_span = 0usize; // first span not yet passed
    let mut char_idx = 0usize;
    for (byte, ch) in text.char_indices() {
        // Spans that end at or before this char are passed.
        while next_span < spans.len() && spans[next_span].end <= char_idx {
            next_span += 1;
        }
        let inside_span = next_span < spans.len() && spans[next_span].start < char_idx + 1 && spans[next_span].start <= char_idx;
        let length = char_idx + 1 - block_start_char;
        let boundary = (ch == '\n' && length >= MIN_BLOCK_CHARS) || (length >= BLOCK_CHARS && ch.is_whitespace());
        char_idx += 1;
        if boundary && !inside_span {
            let end_byte = byte + ch.len_utf8();
            let last_span = spans[first_span..].partition_point(|s| s.end <= char_idx) + first_span;
            out.push(Block { chars: block_start_char..char_idx, bytes: block_start_byte..end_byte, spans: first_span..last_span });
            block_start_char = char_idx;
            block_start_byte = end_byte;
            first_span = last_span;
        }
    }
    if block_start_char < char_idx || out.is_empty() {
        out.push(Block { chars: block_start_char..char_idx, bytes: block_start_byte..text.len(), spans: first_span..spans.len() });
    }
    out
}

/// What one block paints: its place, its text and its spans (document
/// offsets). Kept from one render to the next while unchanged, so the article
/// compares an unchanged block by pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockPart {
    /// Code-point offset of the block in the document.
    pub start: usize,
    pub bytes: Range<usize>,
    pub text: Rc<str>,
    pub spans: Rc<[Span]>,
    /// For each of `spans`, its margin if the extractor was unsure of it (tinted).
    pub uncertain: Rc<[Option<f32>]>,
}

/// What each of `blocks` paints, reusing the parts of `before` (the last
/// painting of the same document) where a block's text, spans and uncertain
/// spans did not change. `uncertain[i]` is `spans[i]`'s margin if it is
/// uncertain. Also returns how many blocks changed: an edit changes one or
/// two, a new pre-annotation most of them.
pub fn paint(text: &str, blocks: &[Block], spans: &[Span], uncertain: &[Option<f32>], before: &[BlockPart]) -> (Vec<BlockPart>, usize) {
    let before: HashMap<usize, &BlockPart> = before.iter().map(|p| (p.start, p)).collect();
    let mut changed = 0;
    let parts = blocks
        .iter()
        .map(|b| {
            let slice = &spans[b.spans.clone()];
            let unsure = uncertain.get(b.spans.clone()).unwrap_or(&[]);
            match before.get(&b.chars.start).filter(|p| p.bytes == b.bytes) {
                Some(p) if *p.spans == *slice && *p.uncertain == *unsure => (*p).clone(),
                same_text => {
                    changed += 1;
                    BlockPart {
                        start: b.chars.start,
                        bytes: b.bytes.clone(),
                        text: same_text.map_or_else(|| Rc::from(&text[b.bytes.clone()]), |p| p.text.clone()),
                        spans: Rc::from(slice),
                        uncertain: Rc::from(unsure),
                    }
                }
            }
        })
        .collect();
    (parts, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn an_edit_changes_one_block_and_a_pre_annotation_all() {
        let text = "Haftar met Conte in Rome.\n".repeat(400);
        let spans_of = |every: usize| -> Vec<Span> { (0..400).step_by(every).map(|i| Span::new(i * 26, i * 26 + 6, "PERSON")).collect() };
        let (none, all) = (Vec::new(), spans_of(1));
        let (bare, marked) = (blocks(&text, &none), blocks(&text, &all));
        assert!(marked.len() > 3, "{} blocks", marked.len());
        let sure = vec![None; all.len()];
        let (bare_parts, _) = paint(&text, &bare, &none, &[], &[]);
        let (marked_parts, changed) = paint(&text, &marked, &all, &sure, &bare_parts);
        assert_eq!(changed, marked.len(), "every block gets marks");
        let mut relabelled = all.clone();
        relabelled[5].label = "ORG".into();
        let after = blocks(&text, &relabelled);
        let (after_parts, changed) = paint(&text, &after, &relabelled, &sure, &marked_parts);
        assert_eq!(changed, 1);
        assert_eq!(paint(&text, &marked, &all, &sure, &marked_parts).1, 0);
        // A span that is no longer uncertain (the analyst confirmed it) repaints its block only.
        let mut unsure = sure.clone();
        unsure[5] = Some(0.5);
        let (unsure_parts, changed) = paint(&text, &marked, &all, &unsure, &marked_parts);
        assert_eq!(changed, 1);
        assert_eq!(unsure_parts[0].uncertain[5], Some(0.5));
        assert_eq!(paint(&text, &marked, &all, &sure, &unsure_parts).1, 1);
        // Unchanged blocks keep their text and spans, so props compare by pointer.
        assert!(Rc::ptr_eq(&after_parts[1].spans, &marked_parts[1].spans) && Rc::ptr_eq(&after_parts[0].text, &marked_parts[0].text));
        assert!(!Rc::ptr_eq(&after_parts[0].spans, &marked_parts[0].spans), "the relabelled block is new");
        assert_eq!(&*after_parts[0].text, &text[after[0].bytes.clone()]);
    }

    #[test]
    fn short_lines_share_a_block_and_long_ones_end_one() {
        let text = "Rome—\nHaftar met Conte.\n";
        let spans = [Span::new(0, 4, "GPE"), Span::new(6, 12, "PERSON")];
        assert_eq!(blocks(text, &spans), vec![Block { chars: 0..24, bytes: 0..26, spans: 0..2 }]);
        let line = "x".repeat(MIN_BLOCK_CHARS);
        let text = format!("{line}\n{line}\n{line}");
        let b = blocks(&text, &[]);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].chars, 0..MIN_BLOCK_CHARS + 1, "the line break ends the first block");
    }

    #[test]
    fn a_span_across_a_line_break_keeps_its_block_whole() {
        let text = "New\nYork";
        let b = blocks(text, &[Span::new(0, 8, "GPE")]);
        assert_eq!(b, vec![Block { chars: 0..8, bytes: 0..8, spans: 0..1 }]);
    }

    #[test]
    fn empty_text_is_one_empty_block() {
        assert_eq!(blocks("", &[]), vec![Block { chars: 0..0, bytes: 0..0, spans: 0..0 }]);
    }

    proptest! {
        #[test]
        fn blocks_tile_the_text_and_never_cut_a_span(
            words in proptest::collection::vec("[a-zé🎉]{1,6}[ \n]", 0..400),
            picks in proptest::collection::vec(0usize..400, 0..60),
        ) {
            let text: String = words.concat();
            let n = text.chars().count();
            // Spans over whole words, sorted and disjoint.
            let mut starts: Vec<usize> = vec![];
            let mut pos = 0;
            for w in &words { starts.push(pos); pos += w.chars().count(); }
            let mut spans: Vec<Span> = vec![];
            let mut picks = picks; picks.sort(); picks.dedup();
            for p in picks {
                if p + 1 < starts.len() {
                    let (s, e) = (starts[p], starts[p + 1] - 1);
                    if spans.last().is_none_or(|l| l.end <= s) { spans.push(Span::new(s, e, "X")); }
                }
            }
            let b = blocks(&text, &spans);
            let mut at = (0, 0, 0);
            for block in &b {
                prop_assert_eq!(block.chars.start, at.0);
                prop_assert_eq!(block.bytes.start, at.1);
                prop_assert_eq!(block.spans.start, at.2);
                for s in &spans[block.spans.clone()] {
                    prop_assert!(block.chars.start <= s.start && s.end <= block.chars.end);
                }
                prop_assert_eq!(text[block.bytes.clone()].chars().count(), block.chars.len());
                at = (block.chars.end, block.bytes.end, block.spans.end);
            }
            prop_assert_eq!(at, (n, text.len(), spans.len()));
        }
    }
}
