//! BILOU tags: how a sequence labeller sees spans.
//!
//! The model predicts one tag per token; a span of label `L` over tokens
//! `i..j` is `U-L` when it is one token long, else `B-L I-L … L-L`. BILOU
//! (rather than BIO) gives the model separate weights for the first, inner
//! and last token of a name, which helps with boundaries such as `the` and
//! titles before a name. Tag ids are dense: `0` is `O`, then four per label.

use nomen_core::{Span, Token};

/// A tag id: `0` is outside, `1 + 4 * label + part` otherwise.
pub type Tag = u8;

pub const OUTSIDE: Tag = 0;

/// Where a token sits inside its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

pub fn tag(label: usize, part: Part) -> Tag {
    (1 + 4 * label + part as usize) as Tag
}

/// Number of tags for `n_labels` labels.
pub fn tag_count(n_labels: usize) -> usize {
    1 + 4 * n_labels
}

/// The label index and part of a tag, `None` for `O`.
pub fn split(tag: Tag) -> Option<(usize, Part)> {
    if tag == OUTSIDE {
        return None;
    }
    let t = tag as usize - 1;
    let part = match t % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((t / 4, part))
}

/// Whether `next` may follow `prev` (`None` = start of sequence).
pub fn may_follow(prev: Option<Tag>, next: Tag) -> bool {
    let open_label = prev.and_then(split).and_then(|(label, part)| match part {
        Part::Begin | Part::Inside => Some(label),
        Part::Last | Part::Unit => None,
    });
    match (open_label, split(next)) {
        (Some(open), Some((label, Part::Inside | Part::Last))) => open == label,
        (Some(_), _) => false,
        (None, None) => true,
        (None, Some((_, part))) => matches!(part, Part::Begin | Part::Unit),
    }
}

/// The tags that may follow `prev` (`None` = start), in tag order, into
/// `out`: inside a span only its continuation, else `O` or a new span. With
/// `last`, none that leaves a span open. The same set as [`may_follow`], listed.
pub fn next_tags(prev: Option<Tag>, n_labels: usize, last: bool, out: &mut Vec<Tag>) {
    match prev.and_then(split) {
        Some((label, Part::Begin | Part::Inside)) => {
            if !last {
                out.push(tag(label, Part::Inside));
            }
            out.push(tag(label, Part::Last));
        }
        _ => {
            out.push(OUTSIDE);
            for label in 0..n_labels {
                if !last {
                    out.push(tag(label, Part::Begin));
                }
                out.push(tag(label, Part::Unit));
            }
        }
    }
}

/// Whether a tag leaves a span open (so the sequence may not end on it).
pub fn is_open(tag: Tag) -> bool {
    matches!(split(tag), Some((_, Part::Begin | Part::Inside)))
}

/// Tags for `tokens` from spans in code points. Spans whose ends do not fall
/// on token boundaries make the sentence unusable for training: `None`.
/// Spans with labels not in `labels` are ignored (left `O`).
pub fn encode(tokens: &[Token], spans: &[Span], labels: &[String]) -> Option<Vec<Tag>> {
    let mut tags = vec![OUTSIDE; tokens.len()];
    for span in spans {
        let Some(label) = labels.iter().position(|l| *l == span.label) else { continue };
        let first = tokens.iter().position(|t| t.start == span.start)?;
        let last = tokens.iter().position(|t| t.end == span.end)?;
        if last < first || tags[first..=last].iter().any(|&t| t != OUTSIDE) {
            return None;
        }
        if first == last {
            tags[first] = tag(label, Part::Unit);
        } else {
            tags[first] = tag(label, Part::Begin);
            for t in &mut tags[first + 1..last] {
                *t = tag(label, Part::Inside);
            }
            tags[last] = tag(label, Part::Last);
        }
    }
    Some(tags)
}

/// Spans (token index ranges, end exclusive, with label index) from tags.
/// Lenient with ill-formed sequences: a span ends where its label changes or
/// a new one begins, so every non-`O` tag ends up inside exactly one span.
pub fn decode(tags: &[Tag]) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (first token, label)
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            None => {
                if let Some((first, label)) = open.take() {
                    spans.push((first, i, label));
                }
            }
            Some((label, part)) => {
                let continues = matches!(open, Some((_, l)) if l == label) && matches!(part, Part::Inside | Part::Last);
                if !continues {
                    if let Some((first, l)) = open.take() {
                        spans.push((first, i, l));
                    }
                    open = Some((i, label));
                }
                if matches!(part, Part::Last | Part::Unit) {
                    if let Some((first, l)) = open.take() {
                        spans.push((first, i + 1, l));
                    }
                }
            }
        }
    }
    if let Some((first, label)) = open {
        spans.push((first, tags.len(), label));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_tags_lists_what_may_follow() {
        let n_labels = 3;
        for prev in std::iter::once(None).chain((0..tag_count(n_labels) as Tag).map(Some)) {
            for last in [false, true] {
                let mut listed = Vec::new();
                next_tags(prev, n_labels, last, &mut listed);
                listed.sort_unstable();
                let expected: Vec<Tag> =
                    (0..tag_count(n_labels) as Tag).filter(|&t| may_follow(prev, t) && !(last && is_open(t))).collect();
                assert_eq!(listed, expected, "after {prev:?}, last {last}");
            }
        }
    }

    #[test]
    fn transitions() {
        let per_b = tag(0, Part::Begin);
        assert!(may_follow(None, per_b));
        assert!(!may_follow(None, tag(0, Part::Inside)));
        assert!(may_follow(Some(per_b), tag(0, Part::Last)));
        assert!(!may_follow(Some(per_b), tag(1, Part::Last)));
        assert!(!may_follow(Some(per_b), OUTSIDE));
        assert!(may_follow(Some(tag(0, Part::Unit)), tag(1, Part::Begin)));
    }

    #[test]
    fn encode_decode_round_trip() {
        let text = "Prime Minister Fayez al-Sarraj met Haftar";
        let tokens = nomen_core::tokenize(text);
        let labels = vec!["PERSON".to_string(), "TITLE".to_string()];
        let spans = vec![Span::new(0, 14, "TITLE"), Span::new(15, 30, "PERSON"), Span::new(35, 41, "PERSON")];
        let tags = encode(&tokens, &spans, &labels).unwrap();
        assert_eq!(decode(&tags), vec![(0, 2, 1), (2, 6, 0), (7, 8, 0)]);
        // A boundary inside a token cannot be encoded.
        assert!(encode(&tokens, &[Span::new(0, 3, "TITLE")], &labels).is_none());
    }

    #[test]
    fn decode_is_lenient() {
        let b = tag(0, Part::Begin);
        let i = tag(1, Part::Inside);
        assert_eq!(decode(&[b, i, OUTSIDE, b]), vec![(0, 1, 0), (1, 2, 1), (3, 4, 0)]);
    }
}
