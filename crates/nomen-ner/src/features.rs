//! Features of a token in context, as hashed 32-bit keys.
//!
//! The model is linear, so everything it knows comes from here: the word and
//! its neighbours, word shape (`Xxxx`, `XX`, `dd`, `x-x`), affixes, word
//! clusters learned from the training text, whether a hyphen glues the token
//! to its neighbour (`al-Sarraj` is `al` `-` `Sarraj` without spaces), the
//! sentence start, lexicon hits (titles, months, nationalities), and the tags
//! already predicted to the left.
//!
//! Features are never materialised as strings: each is a stable 64-bit hash of
//! a template id and its values, folded to 32 bits. The hash is written out
//! here (not `std`'s `DefaultHasher`, which may change between releases) so a
//! model file means the same on every platform and Rust version.

use std::collections::HashMap;
use std::sync::OnceLock;

use nomen_core::Token;

use crate::clusters::ClusterPath;
use crate::hash::{hash_bytes, mix, FNV_OFFSET, FNV_PRIME};
use crate::knowledge::{Knowledge, PlaceMark};
use crate::lexicon::{self, normalize_word};
use crate::tags::Tag;

/// Bumped whenever templates change meaning: a model file records it.
pub const FEATURE_SET_VERSION: u32 = 4;

/// Folds a feature hash to a key; `0` is reserved for "empty" in tables.
fn key(h: u64) -> u32 {
    let k = (h ^ (h >> 32)) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

/// Lexicon membership bits of a token.
pub mod lex {
    pub const TITLE_FIRST: u16 = 1 << 0;
    pub const TITLE_INNER: u16 = 1 << 1;
    pub const ROLE_NOUN: u16 = 1 << 2;
    pub const MONTH: u16 = 1 << 3;
    pub const WEEKDAY: u16 = 1 << 4;
    pub const NATIONALITY: u16 = 1 << 5;
    pub const PLACE: u16 = 1 << 6;
    pub const ORG_HEAD: u16 = 1 << 7;
    pub const KNOWN_ORG: u16 = 1 << 8;
    pub const HONORIFIC: u16 = 1 << 9;
}

/// What the templates need to know about one token, computed once.
#[derive(Debug, Clone, Default)]
pub struct WordInfo {
    pub lower: u64,
    pub shape: u64,
    pub short_shape: u64,
    pub prefixes: [u64; 4],
    pub suffixes: [u64; 4],
    pub cluster: Option<ClusterPath>,
    /// Cluster of the word's vector (see [`crate::knowledge`]).
    pub vector_cluster: Option<ClusterPath>,
    /// Where the word sits in a gazetteer place name, if it does.
    pub place: PlaceMark,
    pub lexicon: u16,
    pub space_before: bool,
    pub sent_start: bool,
    pub is_hyphen: bool,
    pub is_title_case: bool,
    pub is_upper: bool,
    /// Four or more letters and nothing else: the words a headline capitalises.
    pub is_content_word: bool,
}

/// Word shape: `Haftar` → `Xxxxx` (runs cut at `max_run`), `U.S.` → `X.X.`, `2016` → `dddd`.
#[cfg(test)]
fn shape(word: &str, max_run: usize) -> String {
    let mut out = String::new();
    shape_chars(word, max_run, |c| out.push(c));
    out
}

/// Hash of [`shape`] without building the string.
fn shape_hash(word: &str, max_run: usize) -> u64 {
    let mut h = FNV_OFFSET;
    shape_chars(word, max_run, |c| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(FNV_PRIME);
        }
    });
    h
}

fn shape_chars(word: &str, max_run: usize, mut emit: impl FnMut(char)) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            last = s;
            run = 1;
        }
        if run <= max_run {
            emit(s);
        }
    }
}

fn is_hyphen(word: &str) -> bool {
    matches!(word, "-" | "‐" | "‑")
}

/// Token sequences of the lexicon's phrase lists, indexed by first word.
struct PhraseIndex {
    by_first: HashMap<String, Vec<(Vec<String>, u16, u16)>>, // words, bit for first, bit for the rest
    single: HashMap<String, u16>,
}

fn phrase_index() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = PhraseIndex { by_first: HashMap::new(), single: HashMap::new() };
        let mut add = |phrase: &str, first_bit: u16, rest_bit: u16| {
            let words: Vec<String> = nomen_core::tokenize(phrase).iter().map(|t| normalize_word(t.text(phrase)).into_owned()).collect();
            if words.len() == 1 {
                *index.single.entry(words[0].clone()).or_default() |= first_bit;
            } else if let Some(first) = words.first().cloned() {
                index.by_first.entry(first).or_default().push((words, first_bit, rest_bit));
            }
        };
        for t in lexicon::TITLES.iter().chain(lexicon::EXTRA_TITLES) {
            if lexicon::HONORIFICS.contains(t) {
                add(t, lex::HONORIFIC, lex::HONORIFIC);
            } else {
                add(t, lex::TITLE_FIRST, lex::TITLE_INNER);
            }
        }
        for t in lexicon::ROLE_NOUNS.iter().chain(lexicon::EXTRA_ROLE_NOUNS) {
            add(t, lex::ROLE_NOUN, lex::ROLE_NOUN);
        }
        for t in lexicon::MONTHS {
            add(t, lex::MONTH, lex::MONTH);
        }
        for t in lexicon::WEEKDAYS {
            add(t, lex::WEEKDAY, lex::WEEKDAY);
        }
        for t in lexicon::NATIONALITIES {
            add(t, lex::NATIONALITY, lex::NATIONALITY);
        }
        for t in lexicon::COUNTRIES_AND_CITIES {
            add(t, lex::PLACE, lex::PLACE);
        }
        for t in lexicon::ORG_HEADS {
            add(t, lex::ORG_HEAD, lex::ORG_HEAD);
        }
        for t in lexicon::KNOWN_ORGS {
            add(t, lex::KNOWN_ORG, lex::KNOWN_ORG);
        }
        index
    })
}

/// Lexicon bits of each word (multi-word phrases mark every token they cover).
pub fn lexicon_bits(words: &[&str]) -> Vec<u16> {
    let index = phrase_index();
    let mut bits = vec![0u16; words.len()];
    for (i, w) in words.iter().enumerate() {
        if let Some(b) = index.single.get(*w) {
            bits[i] |= *b;
        }
        if let Some(phrases) = index.by_first.get(*w) {
            for (phrase, first_bit, rest_bit) in phrases {
                let end = i + phrase.len();
                if end <= words.len() && words[i..end].iter().zip(phrase).all(|(a, b)| a == b) {
                    bits[i] |= first_bit;
                    for b in &mut bits[i + 1..end] {
                        *b |= rest_bit;
                    }
                }
            }
        }
    }
    bits
}

/// Features of every token of a segment (a line of text).
pub fn word_infos(text: &str, tokens: &[Token], clusters: &crate::clusters::Clusters, knowledge: &Knowledge) -> Vec<WordInfo> {
    // A hyphen that opens a story (`TRIPOLI (Reuters) - Libyan …`, marked by
    // `datelines::mark_story_starts`) is a dash: as `-` the model reads the
    // next word as the end of a hyphenated compound.
    let opens_story = |i: usize| tokens.get(i + 1).is_some_and(|next| next.sent_start);
    let words: Vec<std::borrow::Cow<str>> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| match t.text(text) {
            "-" if opens_story(i) => std::borrow::Cow::Borrowed("--"),
            word => normalize_word(word),
        })
        .collect();
    let plain: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
    let bits = lexicon_bits(&plain);
    let places = knowledge.places.marks(&plain);
    words
        .iter()
        .zip(tokens)
        .zip(bits)
        .zip(places)
        .map(|(((word, token), lexicon), place)| {
            let lower = word.to_lowercase();
            // Byte offsets of the first four and the last four characters.
            let bounds: Vec<usize> = lower.char_indices().map(|(b, _)| b).chain(std::iter::once(lower.len())).collect();
            let n_chars = bounds.len() - 1;
            let mut prefixes = [0u64; 4];
            let mut suffixes = [0u64; 4];
            for n in 1..=4 {
                let k = n.min(n_chars);
                prefixes[n - 1] = mix(n as u64, hash_bytes(&lower.as_bytes()[..bounds[k]]));
                suffixes[n - 1] = mix(10 + n as u64, hash_bytes(&lower.as_bytes()[bounds[n_chars - k]..]));
            }
            let first = word.chars().next().unwrap_or(' ');
            let has_lower = word.chars().any(char::is_lowercase);
            let has_upper = word.chars().any(char::is_uppercase);
            WordInfo {
                lower: hash_bytes(lower.as_bytes()),
                shape: shape_hash(word, 4),
                short_shape: shape_hash(word, 1),
                prefixes,
                suffixes,
                cluster: clusters.lookup(word),
                vector_cluster: knowledge.vectors.lookup(word),
                place,
                lexicon,
                space_before: token.space_before,
                sent_start: token.sent_start,
                is_hyphen: is_hyphen(word),
                is_title_case: first.is_uppercase() && has_lower,
                is_upper: has_upper && !has_lower,
                is_content_word: word.chars().count() >= 4 && word.chars().all(char::is_alphabetic),
            }
        })
        .collect()
}

/// How much a line's capitalisation says about names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCase {
    Normal,
    /// Set in capitals: case says nothing.
    Caps,
    /// A headline in title case (`Haftar’s Visit to Palermo`): every long word capitalised.
    Headline,
}

pub fn line_case(infos: &[WordInfo]) -> LineCase {
    let upper = infos.iter().filter(|w| w.is_upper).count();
    let titled = infos.iter().filter(|w| w.is_title_case).count();
    if upper >= 3 && upper > 2 * titled {
        return LineCase::Caps;
    }
    let content = infos.iter().filter(|w| w.is_content_word).count();
    let content_titled = infos.iter().filter(|w| w.is_content_word && w.is_title_case).count();
    if content >= 4 && content_titled * 5 >= content * 4 {
        return LineCase::Headline;
    }
    LineCase::Normal
}

// Template ids. Values are arbitrary but must never change meaning (see FEATURE_SET_VERSION).
mod template {
    pub const BIAS: u64 = 1;
    pub const LOWER: u64 = 2;
    pub const LOWER_AT: u64 = 3; // + offset
    pub const SHAPE: u64 = 4;
    pub const SHAPE_AT: u64 = 5;
    pub const SHORT_SHAPE: u64 = 6;
    pub const PREFIX: u64 = 7;
    pub const SUFFIX: u64 = 8;
    pub const CLUSTER: u64 = 9;
    pub const CLUSTER_AT: u64 = 10;
    pub const BIGRAM_LEFT: u64 = 11;
    pub const BIGRAM_RIGHT: u64 = 12;
    pub const SHAPE_TRIGRAM: u64 = 13;
    pub const SENT_START_LOWER: u64 = 14;
    pub const GLUE: u64 = 15;
    pub const LEXICON: u64 = 16;
    pub const LEXICON_AT: u64 = 17;
    pub const LEFT_WORD_SHAPE: u64 = 18;
    pub const SHAPE_RIGHT_WORD: u64 = 19;
    pub const CAPS_LINE_LOWER: u64 = 20;
    pub const PREV_TAG: u64 = 21;
    pub const PREV_TAGS: u64 = 22;
    pub const PREV_TAG_LOWER: u64 = 23;
    pub const PREV_TAG_SHAPE: u64 = 24;
    pub const SENT_START_SHAPE: u64 = 25;
    pub const CLUSTER_PAIR: u64 = 26;
    pub const PREV_TAG_CLUSTER: u64 = 27;
    pub const VECTOR_CLUSTER: u64 = 28;
    pub const VECTOR_CLUSTER_AT: u64 = 29;
    pub const PLACE: u64 = 30;
    pub const PLACE_AT: u64 = 31;
    pub const PLACE_SHAPE: u64 = 32;
    pub const SEEN: u64 = 33;
    pub const SEEN_SHAPE: u64 = 34;
    pub const SEEN_PREV_TAG: u64 = 35;
}

const PAD_LEFT: u64 = 0x5eed_0001;
const PAD_RIGHT: u64 = 0x5eed_0002;

/// Features that do not depend on predicted tags, for token `i` of `words`.
pub fn static_features(words: &[WordInfo], i: usize, case: LineCase, out: &mut Vec<u32>) {
    use template::*;
    let at = |offset: isize| -> Option<&WordInfo> {
        let j = i as isize + offset;
        (j >= 0).then(|| words.get(j as usize)).flatten()
    };
    let lower_at = |offset: isize| at(offset).map_or(if offset < 0 { PAD_LEFT } else { PAD_RIGHT }, |w| w.lower);
    let shape_at = |offset: isize| at(offset).map_or(if offset < 0 { PAD_LEFT } else { PAD_RIGHT }, |w| w.short_shape);
    let w = &words[i];
    let mut push = |h: u64| out.push(key(h));

    push(BIAS);
    push(mix(LOWER, w.lower));
    for offset in [-2isize, -1, 1, 2] {
        push(mix(mix(LOWER_AT, offset as u64), lower_at(offset)));
    }
    push(mix(SHAPE, w.shape));
    push(mix(SHORT_SHAPE, w.short_shape));
    for offset in [-1isize, 1] {
        push(mix(mix(SHAPE_AT, offset as u64), at(offset).map_or(PAD_LEFT, |n| n.shape)));
    }
    for p in w.prefixes {
        push(mix(PREFIX, p));
    }
    for s in w.suffixes {
        push(mix(SUFFIX, s));
    }
    if let Some(c) = w.cluster {
        for len in [4u8, 6, 10, 20] {
            push(mix(CLUSTER, c.prefix(len)));
        }
    }
    for offset in [-1isize, 1] {
        if let Some(c) = at(offset).and_then(|n| n.cluster) {
            for len in [4u8, 8, 20] {
                push(mix(mix(CLUSTER_AT, offset as u64), c.prefix(len)));
            }
        }
    }
    if let (Some(a), Some(b)) = (at(-1).and_then(|n| n.cluster), w.cluster) {
        push(mix(CLUSTER_PAIR, mix(a.prefix(6), b.prefix(6))));
    }
    push(mix(BIGRAM_LEFT, mix(lower_at(-1), w.lower)));
    push(mix(BIGRAM_RIGHT, mix(w.lower, lower_at(1))));
    push(mix(SHAPE_TRIGRAM, mix(mix(shape_at(-1), w.short_shape), shape_at(1))));
    push(mix(LEFT_WORD_SHAPE, mix(lower_at(-1), w.short_shape)));
    push(mix(SHAPE_RIGHT_WORD, mix(w.short_shape, lower_at(1))));
    if w.sent_start {
        push(mix(SENT_START_LOWER, w.lower));
        push(mix(SENT_START_SHAPE, w.short_shape));
    }
    // Hyphen glue: is this token attached (no space) to a hyphen on either side?
    let glued_left = !w.space_before && at(-1).is_some_and(|p| p.is_hyphen);
    let glued_right = at(1).is_some_and(|n| n.is_hyphen && !n.space_before) && at(2).is_some_and(|n| !n.space_before);
    let attached_left = !w.space_before && i > 0;
    let attached_right = at(1).is_some_and(|n| !n.space_before);
    let glue = (glued_left as u64) | (glued_right as u64) << 1 | (attached_left as u64) << 2 | (attached_right as u64) << 3;
    push(mix(GLUE, glue));
    push(mix(GLUE, mix(glue, w.short_shape)));
    if w.lexicon != 0 {
        push(mix(LEXICON, w.lexicon as u64));
    }
    for offset in [-1isize, 1] {
        if let Some(n) = at(offset).filter(|n| n.lexicon != 0) {
            push(mix(mix(LEXICON_AT, offset as u64), n.lexicon as u64));
        }
    }
    if let Some(c) = w.vector_cluster {
        for len in [4u8, 8, 12, 16] {
            push(mix(VECTOR_CLUSTER, c.prefix(len)));
        }
    }
    for offset in [-1isize, 1] {
        if let Some(c) = at(offset).and_then(|n| n.vector_cluster) {
            for len in [6u8, 12] {
                push(mix(mix(VECTOR_CLUSTER_AT, offset as u64), c.prefix(len)));
            }
        }
    }
    if w.place != 0 {
        push(mix(PLACE, w.place as u64));
        push(mix(PLACE_SHAPE, mix(w.place as u64, w.short_shape)));
    }
    for offset in [-1isize, 1] {
        if let Some(n) = at(offset).filter(|n| n.place != 0) {
            push(mix(mix(PLACE_AT, offset as u64), n.place as u64));
        }
    }
    if case != LineCase::Normal {
        let kind = case as u64;
        push(mix(CAPS_LINE_LOWER, mix(kind, w.lower)));
        push(mix(CAPS_LINE_LOWER, mix(kind, w.short_shape)));
    }
}

/// Features that depend on the tags already predicted to the left, for a
/// token with the given lower-case hash, short shape and 6-bit cluster prefix,
/// and on how the same word was tagged earlier in the document (`seen`, see
/// [`crate::document_memory`]; Ratinov & Roth's extended prediction history).
pub fn history_features(lower: u64, short_shape: u64, cluster6: Option<u64>, prev: Tag, prev2: Tag, seen: u8, out: &mut Vec<u32>) {
    use template::*;
    if seen != 0 {
        out.push(key(mix(SEEN, seen as u64)));
        out.push(key(mix(SEEN_SHAPE, mix(seen as u64, short_shape))));
        out.push(key(mix(SEEN_PREV_TAG, mix(seen as u64, prev as u64))));
    }
    out.push(key(mix(PREV_TAG, prev as u64)));
    out.push(key(mix(PREV_TAGS, mix(prev as u64, prev2 as u64))));
    out.push(key(mix(PREV_TAG_LOWER, mix(prev as u64, lower))));
    out.push(key(mix(PREV_TAG_SHAPE, mix(prev as u64, short_shape))));
    if let Some(c) = cluster6 {
        out.push(key(mix(PREV_TAG_CLUSTER, mix(prev as u64, c))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_hash_is_the_hash_of_the_shape() {
        assert_eq!(shape_hash("al-Sarraj", 4), hash_bytes(shape("al-Sarraj", 4).as_bytes()));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Haftar", 4), "Xxxxx");
        assert_eq!(shape("U.S.", 4), "X.X.");
        assert_eq!(shape("2016", 1), "d");
        assert_eq!(shape("al", 4), "xx");
    }

    #[test]
    fn lexicon_marks_multiword_titles() {
        let bits = lexicon_bits(&["the", "Prime", "Minister", "said"]);
        assert_eq!(bits[0], 0);
        assert!(bits[1] & lex::TITLE_FIRST != 0);
        assert!(bits[2] & lex::TITLE_INNER != 0);
    }
}
