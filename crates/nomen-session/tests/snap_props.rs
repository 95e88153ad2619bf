//! Snapping and nudging on random texts: results lie in the text, sit on
//! token boundaries, never start or end with whitespace (so `AddSpan`
//! accepts them), and snapping again changes nothing.

mod common;

use nomen_core::tokenize;
use nomen_session::{Boundary, Nudge, SnapMode, TokenIndex};
use proptest::prelude::*;

fn is_boundary(starts: &[usize], ends: &[usize], (s, e): (usize, usize)) -> bool {
    starts.contains(&s) && ends.contains(&e)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn snapped_selections_are_clean_token_spans(text in common::text(), a in 0usize..80, b in 0usize..80) {
        let index = TokenIndex::new(&text);
        let tokens = tokenize(&text);
        let starts: Vec<usize> = tokens.iter().map(|t| t.start).collect();
        let ends: Vec<usize> = tokens.iter().map(|t| t.end).collect();
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (a.min(b), a.max(b));
        for mode in [SnapMode::Expand, SnapMode::Contract, SnapMode::Strict] {
            if let Some((s, e)) = index.snap(&text, start, end, mode) {
                prop_assert!(s < e && e <= chars.len());
                prop_assert!(is_boundary(&starts, &ends, (s, e)));
                prop_assert!(!chars[s].is_whitespace() && !chars[e - 1].is_whitespace());
                prop_assert_eq!(index.snap(&text, s, e, mode), Some((s, e)), "idempotent in {:?}", mode);
                prop_assert_eq!(index.snap(&text, s, e, SnapMode::Strict), Some((s, e)));
                match mode {
                    SnapMode::Expand => prop_assert!(s < end && start < e, "overlaps the selection"),
                    SnapMode::Contract | SnapMode::Strict => prop_assert!(start <= s && e <= end, "inside the selection"),
                    SnapMode::Exact => unreachable!("not a token mode"),
                }
            }
        }
        let exact = index.snap(&text, start, end, SnapMode::Exact);
        prop_assert_eq!(exact, (start < end).then_some((start, end)), "exact keeps the selection as it is");
        if let (Some(outer), Some(inner)) = (index.snap(&text, start, end, SnapMode::Expand), index.snap(&text, start, end, SnapMode::Contract)) {
            prop_assert!(outer.0 <= inner.0 && inner.1 <= outer.1, "contract within expand");
        }
    }

    #[test]
    fn nudges_grow_and_shrink_back(text in common::text(), pick in any::<usize>(), len in 0usize..3) {
        let tokens = tokenize(&text);
        prop_assume!(!tokens.is_empty());
        let first = pick % tokens.len();
        let last = (first + len).min(tokens.len() - 1);
        let index = TokenIndex::new(&text);
        let span = (tokens[first].start, tokens[last].end);
        for boundary in [Boundary::Start, Boundary::End] {
            if let Some(grown) = index.nudge(span.0, span.1, boundary, Nudge::Grow) {
                prop_assert!(grown.0 <= span.0 && span.1 <= grown.1 && grown != span);
                prop_assert_eq!(index.nudge(grown.0, grown.1, boundary, Nudge::Shrink), Some(span));
            }
            if let Some(shrunk) = index.nudge(span.0, span.1, boundary, Nudge::Shrink) {
                prop_assert!(span.0 <= shrunk.0 && shrunk.1 <= span.1 && shrunk.0 < shrunk.1);
                prop_assert_eq!(index.nudge(shrunk.0, shrunk.1, boundary, Nudge::Grow), Some(span));
            }
        }
    }
}
