//! Turning a mouse selection into token-aligned span bounds, and moving a
//! span's boundary one token at a time from the keyboard.
//!
//! Browsers select characters; entities are made of tokens. [`TokenIndex::snap`]
//! is spaCy's `Doc.char_span(start, end, alignment_mode)` over nomen's
//! tokenizer, with three modes, and a fourth that keeps the characters:
//!
//! - [`SnapMode::Expand`] grows the selection to whole tokens,
//! - [`SnapMode::Contract`] shrinks it to the whole tokens inside,
//! - [`SnapMode::Strict`] returns `None` unless it already is whole tokens,
//! - [`SnapMode::Exact`] keeps the selection as it is (`Shift`+digit in the
//!   app: a part of a word on purpose); the edit then refuses whitespace at
//!   its ends, with the reason.
//!
//! In the three token modes whitespace at either end is dropped first (a double-click
//! selection often takes the following space). Expand and Contract then apply
//! GUIDELINES.md rule 1 the way a machine can, token by token:
//!
//! - punctuation tokens at either end go (`Tripoli,` → `Tripoli`, `(LNA)` → `LNA`,
//!   `Rome—` → `Rome`, `“Islamist”` → `Islamist`);
//! - a possessive or contraction clitic at either end goes (`Haftar’s` → `Haftar`),
//!   even when only part of it was selected;
//! - a leading `the` stays: whether it is part of the name (`The Hague`) is the
//!   analyst's call, and a selection that includes it is taken as that call;
//! - periods inside a token stay (`U.S.`, `Gen.`, `Inc.` are single tokens), and so
//!   do `%` and currency signs, which belong to PERCENT and MONEY spans.
//!
//! Strict mode does no such trimming: it answers "is this exactly whole tokens?".
//!
//! Tokenizing is linear in the text, so a document tokenizes once into a
//! [`TokenIndex`] (cached by [`crate::DocEntry`]) and every snap or nudge after
//! that is a binary search.

use nomen_core::{tokenize, Token};

/// How a selection is aligned to tokens; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapMode {
    #[default]
    Expand,
    Contract,
    Strict,
    /// The selected characters as they are.
    Exact,
}

/// Which end of a span a key moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    Start,
    End,
}

/// Whether a key makes the span one token longer or shorter at that end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudge {
    Grow,
    Shrink,
}

/// The tokens of one text, for binary searches by code point offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenIndex {
    tokens: Vec<Token>,
}

/// Tokens dropped from either end of a snapped selection: punctuation that
/// never begins or ends a name (sentence marks, quotes, brackets, dashes).
fn is_edge_punctuation(token: &str) -> bool {
    token.chars().all(|c| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '…'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '"'
                | '\''
                | '«'
                | '»'
                | '‹'
                | '›'
                | '—'
                | '–'
                | '-'
        )
    })
}

/// Possessive and contraction clitics as the tokenizer splits them off.
fn is_clitic(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(chars.next(), Some('\'' | '’')) && matches!(chars.next(), Some('s' | 'S')) && chars.next().is_none()
}

impl TokenIndex {
    pub fn new(text: &str) -> TokenIndex {
        TokenIndex { tokens: tokenize(text) }
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Aligns the selection `start..end` to tokens; `None` if nothing of it is
    /// left (only whitespace or punctuation, or not aligned in Strict mode).
    /// `text` must be the text this index was built from.
    pub fn snap(&self, text: &str, start: usize, end: usize, mode: SnapMode) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        // Tokens cover every non-whitespace character, so working on token
        // indices drops the whitespace at both ends for free.
        let touching = self.touching(start, end);
        let inside = self.inside(start, end);
        let (first, last) = match mode {
            SnapMode::Expand => touching?,
            SnapMode::Contract => inside?,
            SnapMode::Exact => return Some((start, end)),
            SnapMode::Strict => {
                return if touching.is_some() && touching == inside { self.bounds(touching?) } else { None };
            }
        };
        self.bounds(self.trim_punctuation(text, first, last)?)
    }

    /// Indices of the first and last tokens sharing a code point with `start..end`.
    fn touching(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.partition_point(|t| t.end <= start);
        let after = self.tokens.partition_point(|t| t.start < end);
        (first < after).then(|| (first, after - 1))
    }

    /// Indices of the first and last tokens lying wholly inside `start..end`.
    fn inside(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.partition_point(|t| t.start < start);
        let after = self.tokens.partition_point(|t| t.end <= end);
        (first < after).then(|| (first, after - 1))
    }

    fn bounds(&self, (first, last): (usize, usize)) -> Option<(usize, usize)> {
        Some((self.tokens.get(first)?.start, self.tokens.get(last)?.end))
    }

    /// Drops punctuation and clitic tokens at the edges (see the module documentation).
    fn trim_punctuation(&self, text: &str, mut first: usize, mut last: usize) -> Option<(usize, usize)> {
        let word = |i: usize| self.tokens[i].text(text);
        let droppable = |i: usize| is_edge_punctuation(word(i)) || is_clitic(word(i));
        while first <= last {
            if droppable(last) {
                if last == first {
                    return None;
                }
                last -= 1;
            } else if droppable(first) {
                first += 1;
            } else {
                return Some((first, last));
            }
        }
        None
    }

    /// The largest token start before `offset`.
    pub fn start_before(&self, offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.start < offset);
        i.checked_sub(1).map(|i| self.tokens[i].start)
    }

    /// The smallest token start after `offset`.
    pub fn start_after(&self, offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.start <= offset);
        self.tokens.get(i).map(|t| t.start)
    }

    /// The largest token end before `offset`.
    pub fn end_before(&self, offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end < offset);
        i.checked_sub(1).map(|i| self.tokens[i].end)
    }

    /// The smallest token end after `offset`.
    pub fn end_after(&self, offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end <= offset);
        self.tokens.get(i).map(|t| t.end)
    }

    /// The bounds of `start..end` after moving one boundary by one token;
    /// `None` at the edge of the text or when shrinking would leave nothing.
    /// The result may overlap a neighbouring span: applying it as an
    /// [`crate::Edit::MoveBoundary`] says so.
    pub fn nudge(&self, start: usize, end: usize, boundary: Boundary, nudge: Nudge) -> Option<(usize, usize)> {
        let moved = match (boundary, nudge) {
            (Boundary::Start, Nudge::Grow) => (self.start_before(start)?, end),
            (Boundary::Start, Nudge::Shrink) => (self.start_after(start)?, end),
            (Boundary::End, Nudge::Grow) => (start, self.end_after(end)?),
            (Boundary::End, Nudge::Shrink) => (start, self.end_before(end)?),
        };
        (moved.0 < moved.1).then_some(moved)
    }
}

/// [`TokenIndex::snap`] for a one-off selection; tokenizes the whole `text`,
/// so a caller snapping often in one document should keep a [`TokenIndex`]
/// (or use [`crate::DocEntry::snap`], which caches it).
pub fn snap(text: &str, start: usize, end: usize, mode: SnapMode) -> Option<(usize, usize)> {
    TokenIndex::new(text).snap(text, start, end, mode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::text::char_slice;

    /// Snaps the first occurrence of `selection` in `text` and returns the snapped text.
    fn check(text: &str, selection: &str, mode: SnapMode) -> Option<String> {
        let byte = text.find(selection).expect("selection is in the text");
        let start = text[..byte].chars().count();
        let end = start + selection.chars().count();
        let (s, e) = snap(text, start, end, mode)?;
        Some(char_slice(text, s, e)?.to_string())
    }

    const ARTICLE: &str = "Prime Minister Fayez al-Sarraj met Haftar’s envoy in Tripoli, “Islamist” delegates said (LNA).";

    #[test]
    fn expand_grows_to_whole_tokens_and_drops_the_space() {
        assert_eq!(check(ARTICLE, "ime Minister Fa", SnapMode::Expand).as_deref(), Some("Prime Minister Fayez"));
        assert_eq!(check("in Tripoli today", "Tripoli ", SnapMode::Expand).as_deref(), Some("Tripoli"));
        assert_eq!(check(ARTICLE, " Tripoli", SnapMode::Expand).as_deref(), Some("Tripoli"));
    }

    #[test]
    fn expand_trims_punctuation_and_possessives() {
        assert_eq!(check(ARTICLE, "Tripoli, ", SnapMode::Expand).as_deref(), Some("Tripoli"));
        assert_eq!(check(ARTICLE, "Haftar’s", SnapMode::Expand).as_deref(), Some("Haftar"));
        assert_eq!(check(ARTICLE, "Haftar’", SnapMode::Expand).as_deref(), Some("Haftar"), "a partly selected clitic");
        assert_eq!(check(ARTICLE, "“Islamist”", SnapMode::Expand).as_deref(), Some("Islamist"));
        assert_eq!(check(ARTICLE, "(LNA).", SnapMode::Expand).as_deref(), Some("LNA"));
        assert_eq!(check("Rome— In a rather", "Rome—", SnapMode::Expand).as_deref(), Some("Rome"));
        assert_eq!(check("Sarraj's deputy", "Sarraj's", SnapMode::Expand).as_deref(), Some("Sarraj"));
    }

    #[test]
    fn expand_keeps_what_belongs_to_names() {
        assert_eq!(check(ARTICLE, "al-Sarr", SnapMode::Expand).as_deref(), Some("al-Sarraj"));
        assert_eq!(check("the U.S. said", "U.S", SnapMode::Expand).as_deref(), Some("U.S."));
        assert_eq!(check("Gen. Haftar", "Gen", SnapMode::Expand).as_deref(), Some("Gen."));
        assert_eq!(check("up 5% today", "5%", SnapMode::Expand).as_deref(), Some("5%"));
        assert_eq!(check("in Martyrs’ Square today", "Martyrs’ Square", SnapMode::Expand).as_deref(), Some("Martyrs’ Square"));
    }

    #[test]
    fn a_leading_the_is_the_analysts_call() {
        assert_eq!(check("in The Hague today", "The Hague", SnapMode::Expand).as_deref(), Some("The Hague"));
        assert_eq!(check("the Libyan National Army", "the Libyan", SnapMode::Expand).as_deref(), Some("the Libyan"));
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(check(ARTICLE, ", ", SnapMode::Expand), None);
        assert_eq!(check("a  b", "  ", SnapMode::Expand), None);
        assert_eq!(snap("Rome", 2, 2, SnapMode::Expand), None);
        assert_eq!(snap("Rome", 3, 2, SnapMode::Expand), None);
        assert_eq!(snap("Rome", 10, 12, SnapMode::Expand), None, "past the text");
    }

    #[test]
    fn contract_shrinks_to_whole_tokens() {
        assert_eq!(check(ARTICLE, "ime Minister Fa", SnapMode::Contract).as_deref(), Some("Minister"));
        assert_eq!(check(ARTICLE, "Tripoli, “Isl", SnapMode::Contract).as_deref(), Some("Tripoli"));
        assert_eq!(check(ARTICLE, "ripol", SnapMode::Contract), None);
    }

    #[test]
    fn exact_keeps_the_selected_characters() {
        assert_eq!(check(ARTICLE, "ime Minister", SnapMode::Exact).as_deref(), Some("ime Minister"));
        assert_eq!(check(ARTICLE, "Prime Minister ", SnapMode::Exact).as_deref(), Some("Prime Minister "));
        assert_eq!(snap("Rome", 2, 2, SnapMode::Exact), None, "an empty selection is none");
    }

    #[test]
    fn strict_needs_alignment_but_forgives_spaces() {
        assert_eq!(check(ARTICLE, "Prime Minister ", SnapMode::Strict).as_deref(), Some("Prime Minister"));
        assert_eq!(check(ARTICLE, "ime Minister", SnapMode::Strict), None);
        assert_eq!(check(ARTICLE, "Tripoli,", SnapMode::Strict).as_deref(), Some("Tripoli,"), "no punctuation trimming");
    }

    #[test]
    fn offsets_are_code_points_after_emoji() {
        let text = "🇱🇾🎉 Haftar’s men";
        assert_eq!(snap(text, 5, 9, SnapMode::Expand), Some((4, 10)));
    }

    #[test]
    fn nudges_move_one_token() {
        let text = "Prime Minister Fayez al-Sarraj met";
        let index = TokenIndex::new(text);
        // "Minister" is 6..14.
        assert_eq!(index.nudge(6, 14, Boundary::Start, Nudge::Grow), Some((0, 14)));
        assert_eq!(index.nudge(6, 14, Boundary::End, Nudge::Grow), Some((6, 20)));
        assert_eq!(index.nudge(0, 14, Boundary::Start, Nudge::Shrink), Some((6, 14)));
        assert_eq!(index.nudge(0, 14, Boundary::End, Nudge::Shrink), Some((0, 5)));
        // "al-Sarraj" is 21..30 as three tokens; the hyphen is one of them.
        assert_eq!(index.nudge(21, 30, Boundary::End, Nudge::Shrink), Some((21, 24)));
        assert_eq!(index.nudge(6, 14, Boundary::End, Nudge::Shrink), None, "would leave nothing");
        assert_eq!(index.nudge(6, 14, Boundary::Start, Nudge::Shrink), None);
        assert_eq!(index.nudge(0, 5, Boundary::Start, Nudge::Grow), None, "start of text");
        assert_eq!(index.nudge(31, 34, Boundary::End, Nudge::Grow), None, "end of text");
    }
}
