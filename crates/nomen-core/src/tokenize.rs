//! A tokenizer for raw English news that keeps exact offsets.
//!
//! It starts from Unicode word boundaries (UAX #29, via `unicode-segmentation`)
//! and then applies the few rules that make its tokens comparable to the Penn
//! Treebank tokens of OntoNotes, which the extractor is trained on:
//! - possessive and contraction clitics split off: `Haftar’s` → `Haftar` `’s`,
//!   `don't` → `do` `n't`;
//! - hyphens split between words (`al-Sarraj` → `al` `-` `Sarraj`), with
//!   [`Token::space_before`] false so features can still see the compound;
//! - abbreviations keep their period: `Mr.`, `U.S.`, `Gen.`, `Jan.`;
//! - dashes, quotes and brackets are tokens of their own (`Rome—` → `Rome` `—`).
//!
//! Sentence starts are marked heuristically (after `.`, `!`, `?` before an
//! upper-case word, and at every line break), which is what news needs.

use unicode_segmentation::UnicodeSegmentation;

/// One token. Offsets are code points into the text (end exclusive), with the
/// matching byte range for slicing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Whitespace (or the start of text) precedes this token.
    pub space_before: bool,
    /// This token begins a sentence.
    pub sent_start: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Abbreviations that keep their final period (lower-cased, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "rep", "sen", "gov",
    "pres", "rev", "hon", "amb", "messrs", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "ltd", "co", "bros", "vs", "etc", "no", "nos", "vol", "approx", "dept", "est", "fig", "al",
];

/// Abbreviations after which a capitalised word does not start a sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "rep", "sen", "gov", "pres", "rev",
    "hon", "amb", "mt", "no", "vs",
];

/// Words that open sentences and hardly ever continue a name. After "U.S."
/// or a single capital with a period ("World War I."), one of these says the
/// period also ended the sentence; any other capitalised word ("U.S.
/// Embassy", "George W. Bush") continues it.
const SENTENCE_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our",
    "but", "and", "or", "so", "yet", "in", "on", "at", "for", "as", "after", "before", "when", "while", "if", "there", "here", "however",
    "meanwhile", "some", "many", "most", "one", "no", "not", "what", "who", "why", "how", "since", "although", "though", "yesterday",
    "today", "also",
];

fn is_sentence_opener(word: &str) -> bool {
    SENTENCE_OPENERS.contains(&word.to_lowercase().as_str())
}

/// Clitics split off the end of a word, longest first. Apostrophe is `'` or `’`.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "s'"];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_wordlike(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Raw pieces as byte ranges, with whether whitespace precedes them.
    let mut pieces: Vec<(usize, usize, bool, bool)> = Vec::new(); // (start, end, space_before, newline_before)
    let mut space = true;
    let mut newline = true;
    for (byte, seg) in text.split_word_bound_indices() {
        if seg.chars().all(char::is_whitespace) {
            space = true;
            newline |= seg.contains('\n');
            continue;
        }
        split_piece(text, byte, byte + seg.len(), &mut |s, e| {
            pieces.push((s, e, space, newline));
            space = false;
            newline = false;
        });
    }
    merge_abbreviations(text, &mut pieces);

    // Code point offsets, computed in one pass alongside the byte offsets.
    let mut tokens = Vec::with_capacity(pieces.len());
    let mut chars_so_far = 0usize;
    let mut byte_so_far = 0usize;
    for &(bs, be, space_before, newline_before) in &pieces {
        chars_so_far += text[byte_so_far..bs].chars().count();
        let start = chars_so_far;
        chars_so_far += text[bs..be].chars().count();
        byte_so_far = be;
        tokens.push(Token { start, end: chars_so_far, byte_start: bs, byte_end: be, space_before, sent_start: newline_before });
    }
    mark_sentence_starts(text, &mut tokens);
    tokens
}

/// Splits one word-boundary segment into clitics and words, calling `emit` for each.
fn split_piece(text: &str, start: usize, end: usize, emit: &mut impl FnMut(usize, usize)) {
    let seg = &text[start..end];
    if !is_wordlike(seg) {
        // Multi-character punctuation like `...` or `--` stays together; other runs split per char.
        if seg.chars().all(|c| c == '.') || seg.chars().all(|c| c == '-') {
            emit(start, end);
        } else {
            // A combining mark can attach to whitespace (UAX #29 rule WB4); never emit the whitespace.
            for (i, c) in seg.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                emit(start + i, start + i + c.len_utf8());
            }
        }
        return;
    }
    let lower: String = seg.chars().map(|c| if c == '’' { '\'' } else { c.to_ascii_lowercase() }).collect();
    for clitic in CLITICS {
        if clitic == &"s'" {
            continue; // a trailing bare apostrophe is already its own segment
        }
        if lower.len() > clitic.len() && lower.ends_with(clitic) {
            // `lower` replaced ’ (3 bytes) with ' (1 byte): find the split in `seg` by chars.
            let clitic_chars = clitic.chars().count();
            let split_char = seg.chars().count() - clitic_chars;
            let split_byte = seg.char_indices().nth(split_char).map(|(b, _)| b).unwrap_or(seg.len());
            let (word, tail) = seg.split_at(split_byte);
            let tail_ok = if *clitic == "n't" {
                is_apostrophe(tail.chars().nth(1).unwrap_or(' '))
            } else {
                is_apostrophe(tail.chars().next().unwrap_or(' '))
            };
            if tail_ok && !word.is_empty() {
                emit(start, start + split_byte);
                emit(start + split_byte, end);
                return;
            }
        }
    }
    emit(start, end);
}

/// Re-attaches a following `.` to abbreviations (`Mr .` → `Mr.`, `U.S .` → `U.S.`).
/// A single capital keeps its period only when no sentence opens after it
/// ("George W. Bush", but "World War I. The war" ends a sentence).
fn merge_abbreviations(text: &str, pieces: &mut Vec<(usize, usize, bool, bool)>) {
    let mut out: Vec<(usize, usize, bool, bool)> = Vec::with_capacity(pieces.len());
    for (i, &piece) in pieces.iter().enumerate() {
        let (s, e, space_before, _) = piece;
        if let Some(prev) = out.last_mut() {
            let word = &text[prev.0..prev.1];
            let single_capital = word.chars().count() == 1;
            let sentence_follows = pieces.get(i + 1).is_some_and(|next| is_sentence_opener(&text[next.0..next.1]));
            if !space_before && &text[s..e] == "." && prev.1 == s && is_abbreviation(word) && !(single_capital && sentence_follows) {
                prev.1 = e;
                continue;
            }
        }
        out.push(piece);
    }
    *pieces = out;
}

fn is_abbreviation(word: &str) -> bool {
    // Initialisms with inner periods: U.S, U.N, e.g (the final period is missing).
    let initialism = word.contains('.') && word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    // Single capital initials: "J. Smith".
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initialism || initial || ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

fn mark_sentence_starts(text: &str, tokens: &mut [Token]) {
    if let Some(first) = tokens.first_mut() {
        first.sent_start = true;
    }
    let mut after_terminal = false;
    for i in 0..tokens.len() {
        let t = tokens[i].text(text);
        if after_terminal && tokens[i].space_before {
            let first = t.chars().next().unwrap_or(' ');
            if first.is_uppercase() || first.is_ascii_digit() || matches!(first, '“' | '"' | '‘' | '(') {
                tokens[i].sent_start = true;
            }
            after_terminal = false;
        }
        if matches!(t, "." | "!" | "?" | "..." | "…") {
            after_terminal = true;
        } else if t.ends_with('.') && t.len() > 1 {
            let stem = t.trim_end_matches('.').to_ascii_lowercase();
            // "U.S." may end a sentence ("… in the U.S. The talks …"), not when a name goes on
            // ("U.S. Embassy"); "Mr." never does.
            after_terminal = !TITLE_ABBREVIATIONS.contains(&stem.as_str())
                && stem.contains('.')
                && tokens.get(i + 1).is_some_and(|next| is_sentence_opener(next.text(text)));
        } else if !matches!(t, "”" | "\"" | "’" | "'" | ")") {
            after_terminal = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn news_dateline_and_dash() {
        assert_eq!(texts("Rome— In a rather"), ["Rome", "—", "In", "a", "rather"]);
    }

    #[test]
    fn possessives_and_contractions() {
        assert_eq!(texts("Haftar’s office"), ["Haftar", "’s", "office"]);
        assert_eq!(texts("Sarraj's deputy"), ["Sarraj", "'s", "deputy"]);
        assert_eq!(texts("he didn’t go"), ["he", "did", "n’t", "go"]);
        assert_eq!(texts("Martyrs’ Square"), ["Martyrs", "’", "Square"]);
    }

    #[test]
    fn hyphenated_names_split_but_joined() {
        let text = "Fayez al-Sarraj, Deputy Commander-in-Chief";
        assert_eq!(texts(text), ["Fayez", "al", "-", "Sarraj", ",", "Deputy", "Commander", "-", "in", "-", "Chief"]);
        let toks = tokenize(text);
        assert!(toks[1].space_before && !toks[2].space_before && !toks[3].space_before);
    }

    #[test]
    fn abbreviations_keep_periods() {
        assert_eq!(
            texts("Mr. Boulos met U.S. officials and the PM."),
            ["Mr.", "Boulos", "met", "U.S.", "officials", "and", "the", "PM", "."]
        );
        assert_eq!(texts("Gen. Haftar"), ["Gen.", "Haftar"]);
    }

    #[test]
    fn curly_quotes_are_tokens() {
        assert_eq!(texts("“Islamist” delegates"), ["“", "Islamist", "”", "delegates"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(texts("$1,200.50 in 2016, 5%"), ["$", "1,200.50", "in", "2016", ",", "5", "%"]);
    }

    #[test]
    fn offsets_are_code_points_after_emoji() {
        let text = "🇱🇾🎉 Haftar met Dbeibeh";
        let toks = tokenize(text);
        let haftar = toks.iter().find(|t| t.text(text) == "Haftar").unwrap();
        assert_eq!((haftar.start, haftar.end), (4, 10));
    }

    #[test]
    fn initials_end_sentences_only_before_an_opener() {
        let text = "He met U.S. Embassy staff and George W. Bush in the U.S. The war was World War I. It ended.";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert!(words.contains(&"W.") && words.contains(&"U.S."), "{words:?}");
        assert_eq!(words[words.len() - 5..], ["I", ".", "It", "ended", "."]);
        let starts: Vec<&str> = toks.iter().filter(|t| t.sent_start).map(|t| t.text(text)).collect();
        assert_eq!(starts, ["He", "The", "It"], "not Embassy, not Bush");
    }

    #[test]
    fn sentence_starts() {
        let text = "Haftar met Mr. Boulos. The talks ended.\nTripoli was calm";
        let starts: Vec<&str> = tokenize(text).iter().filter(|t| t.sent_start).map(|t| t.text(text)).collect();
        assert_eq!(starts, ["Haftar", "The", "Tripoli"]);
    }

    proptest! {
        #[test]
        fn tokens_cover_non_space_text_in_order(text in "[\\PC\\s’“”—-]{0,80}") {
            let toks = tokenize(&text);
            let chars: Vec<char> = text.chars().collect();
            let mut prev_end = 0;
            for t in &toks {
                prop_assert!(t.start < t.end, "empty token");
                prop_assert!(t.start >= prev_end, "tokens out of order");
                // What lies between tokens is whitespace only.
                prop_assert!(chars[prev_end..t.start].iter().all(|c| c.is_whitespace()));
                let s: String = chars[t.start..t.end].iter().collect();
                prop_assert_eq!(s.as_str(), t.text(&text));
                prop_assert!(!s.chars().all(char::is_whitespace));
                prev_end = t.end;
            }
            prop_assert!(chars[prev_end..].iter().all(|c| c.is_whitespace()));
        }
    }
}
