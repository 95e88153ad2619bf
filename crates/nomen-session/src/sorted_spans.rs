//! Lookups in a document's span list, kept sorted so each one is a binary search.
//!
//! A long article can carry 10,000 spans and every keystroke is an edit, so
//! nothing here scans the list. The invariant every function relies on:
//! the spans are non-overlapping and sorted by `start`, hence also by `end`,
//! so a span is identified by its `(start, end)` alone.

use nomen_core::Span;

/// Index of the span with exactly these bounds.
pub(crate) fn find_exact(spans: &[Span], start: usize, end: usize) -> Option<usize> {
    let i = spans.partition_point(|s| s.start < start);
    spans.get(i).filter(|s| s.start == start && s.end == end).map(|_| i)
}

/// The first span sharing a code point with `start..end`, ignoring the one at
/// index `except` (the span being moved does not overlap itself).
pub(crate) fn first_overlap(spans: &[Span], start: usize, end: usize, except: Option<usize>) -> Option<usize> {
    // Spans ending at or before `start` cannot overlap; the rest are in start order.
    let first = spans.partition_point(|s| s.end <= start);
    (first..spans.len()).take_while(|&i| spans[i].start < end).find(|&i| Some(i) != except)
}

/// Inserts a span that overlaps none of `spans`, keeping the order.
pub(crate) fn insert(spans: &mut Vec<Span>, span: Span) {
    let i = spans.partition_point(|s| s.start < span.start);
    spans.insert(i, span);
}

/// The span containing code point `offset`, if any.
pub(crate) fn containing(spans: &[Span], offset: usize) -> Option<usize> {
    let i = spans.partition_point(|s| s.end <= offset);
    spans.get(i).filter(|s| s.start <= offset).map(|_| i)
}

/// True if the spans are sorted and non-overlapping: the invariant above.
pub(crate) fn is_sorted_disjoint(spans: &[Span]) -> bool {
    spans.windows(2).all(|w| w[0].end <= w[1].start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans() -> Vec<Span> {
        vec![Span::new(0, 5, "A"), Span::new(6, 10, "B"), Span::new(15, 20, "C")]
    }

    #[test]
    fn exact_lookup_needs_both_bounds() {
        let s = spans();
        assert_eq!(find_exact(&s, 6, 10), Some(1));
        assert_eq!(find_exact(&s, 6, 9), None);
        assert_eq!(find_exact(&s, 7, 10), None);
        assert_eq!(find_exact(&s, 30, 31), None);
    }

    #[test]
    fn overlap_finds_neighbours_but_not_touching_ones() {
        let s = spans();
        assert_eq!(first_overlap(&s, 5, 6, None), None, "the gap between A and B");
        assert_eq!(first_overlap(&s, 10, 15, None), None, "touching B and C is fine");
        assert_eq!(first_overlap(&s, 9, 16, None), Some(1));
        assert_eq!(first_overlap(&s, 9, 16, Some(1)), Some(2));
        assert_eq!(first_overlap(&s, 0, 100, Some(0)), Some(1));
    }

    #[test]
    fn insert_keeps_order() {
        let mut s = spans();
        insert(&mut s, Span::new(11, 13, "D"));
        insert(&mut s, Span::new(25, 26, "E"));
        assert!(is_sorted_disjoint(&s));
        assert_eq!(find_exact(&s, 11, 13), Some(2));
    }

    #[test]
    fn containing_offset() {
        let s = spans();
        assert_eq!(containing(&s, 0), Some(0));
        assert_eq!(containing(&s, 5), None);
        assert_eq!(containing(&s, 19), Some(2));
        assert_eq!(containing(&s, 20), None);
    }
}
