//! Finding many exact texts in a corpus at whole-word places, fast.
//!
//! The inconsistency view looks for every labelled text (tens of thousands of
//! them) in every document (millions of words) on the page's main thread, so
//! the scan must not look at every byte once per text. A text is cut into
//! pieces: a run of word characters, or any one other character. Every
//! piece-ending prefix of every text goes into one hash table, keyed by a hash
//! that is extended piece by piece: at each place a word can start, the scan
//! hashes the document's next piece, looks it up, and goes on to the next
//! piece only while some longer text does. A place therefore costs a look-up
//! or two, whatever the number of texts.
//!
//! "Whole words" is the rule of `search`: a place may not start or end
//! between two word characters (alphanumeric or `_`). Piece starts are exactly
//! the places a word can start, and piece ends the places one can end.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Which ASCII bytes are word characters (the rest of a text decodes first).
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether the character at byte `at` of `text` (a character boundary before
/// the end) is a word character, and its length in bytes.
#[inline(always)]
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        b if b < 0x80 => (ASCII_WORD[b as usize], 1),
        _ => text[at..].chars().next().map_or((false, 1), |c| (is_word_char(c), c.len_utf8())),
    }
}

/// Where the piece of `text` starting at byte `at` ends: a run of word
/// characters, or one other character (`at` itself at the end of the text).
#[inline]
pub(crate) fn piece_end(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return at;
    }
    let (word, len) = word_char_at(text, at);
    let mut end = at + len;
    if word {
        while end < text.len() {
            let (word, len) = word_char_at(text, end);
            if !word {
                break;
            }
            end += len;
        }
    }
    end
}

/// True if byte `at` of `text` is inside a word: a word character either side.
pub(crate) fn inside_word(text: &str, at: usize) -> bool {
    at > 0 && at < text.len() && text[..at].ends_with(is_word_char) && word_char_at(text, at).0
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from `hash`: a prefix's hash is extended by
/// each piece, never computed anew.
#[inline(always)]
fn extend_hash(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    hash
}

/// A prefix of a labelled text with its hash: equal when the texts are.
#[derive(Debug, Clone, Copy)]
struct Key<'a> {
    hash: u64,
    text: &'a str,
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Key<'_> {}

/// Takes a [`Key`]'s hash as it is and mixes its bits (FNV's low bits, which
/// pick the table's bucket, are weak): MurmurHash3's 64-bit finaliser.
#[derive(Default)]
struct MixKey(u64);

impl Hasher for MixKey {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = extend_hash(self.0, bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// What a piece-ending prefix of some labelled text is.
#[derive(Debug, Clone, Copy, Default)]
struct Prefix {
    /// The number of the text that is exactly this prefix.
    text: Option<u32>,
    /// True if a longer text goes on from here.
    longer: bool,
}

/// Bits in [`Lexicon::first_pieces`]: 32 KiB, a few percent of them set by
/// the first pieces of 40,000 texts.
const FIRST_PIECE_BITS: u32 = 18;

/// The bit of [`Lexicon::first_pieces`] for a first piece's hash.
fn first_piece_bit(hash: u64) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FIRST_PIECE_BITS)) as usize
}

/// Texts, numbered in the order added, with their prefixes for the scan.
pub(crate) struct Lexicon<'a> {
    names: Vec<&'a str>,
    prefixes: HashMap<Key<'a>, Prefix, BuildHasherDefault<MixKey>>,
    /// The bytes a text can start with: places starting otherwise need no hash.
    first_bytes: [bool; 256],
    /// A bit set by the hash of each text's first piece: most words that
    /// start no text are turned away here, without a look-up in the big table.
    first_pieces: Vec<u64>,
    /// True if some text ends in a space: otherwise a prefix ending in one
    /// needs no look-up, as it only leads on to the next piece.
    space_ends: bool,
}

impl<'a> Lexicon<'a> {
    pub(crate) fn new() -> Lexicon<'a> {
        Lexicon {
            names: Vec::new(),
            prefixes: HashMap::default(),
            first_bytes: [false; 256],
            first_pieces: vec![0; 1 << (FIRST_PIECE_BITS - 6)],
            space_ends: false,
        }
    }

    /// The texts, by number.
    pub(crate) fn names(&self) -> &[&'a str] {
        &self.names
    }

    /// The number of `text`, added if new.
    pub(crate) fn add(&mut self, text: &'a str) -> u32 {
        let whole = Key { hash: extend_hash(FNV_OFFSET, text.as_bytes()), text };
        if let Some(n) = self.prefixes.get(&whole).and_then(|p| p.text) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(text);
        if let Some(&first) = text.as_bytes().first() {
            self.first_bytes[first as usize] = true;
        }
        self.space_ends |= text.ends_with(' ');
        let (mut hash, mut start, mut end) = (FNV_OFFSET, 0, piece_end(text, 0));
        let bit = first_piece_bit(extend_hash(FNV_OFFSET, &text.as_bytes()[..end]));
        self.first_pieces[bit / 64] |= 1 << (bit % 64);
        while end < text.len() {
            hash = extend_hash(hash, &text.as_bytes()[start..end]);
            self.prefixes.entry(Key { hash, text: &text[..end] }).or_default().longer = true;
            (start, end) = (end, piece_end(text, end));
        }
        self.prefixes.entry(whole).or_default().text = Some(n);
        n
    }

    /// The longest text at byte `at` of `text` (a piece start, whose piece
    /// ends at `first_end`) that ends at a piece end no later than `limit`:
    /// its number and its end.
    #[inline]
    pub(crate) fn longest_at(&self, text: &'a str, at: usize, first_end: usize, limit: usize) -> Option<(u32, usize)> {
        if !self.first_bytes[text.as_bytes()[at] as usize] {
            return None;
        }
        let bytes = text.as_bytes();
        let mut hash = extend_hash(FNV_OFFSET, &bytes[at..first_end]);
        let bit = first_piece_bit(hash);
        if self.first_pieces[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut best = None;
        let (mut start, mut end) = (at, first_end);
        while end <= limit {
            if start > at {
                hash = extend_hash(hash, &bytes[start..end]);
            }
            // "the " is a prefix only if "the " + the next piece may be one: that look-up says.
            let inner_space = start > at && !self.space_ends && bytes[start..end] == *b" ";
            if !inner_space {
                let Some(prefix) = self.prefixes.get(&Key { hash, text: &text[at..end] }) else { break };
                if let Some(n) = prefix.text {
                    best = Some((n, end));
                }
                if !prefix.longer {
                    break;
                }
            }
            if end == text.len() {
                break;
            }
            (start, end) = (end, piece_end(text, end));
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (start, end) of the pieces of `text`, in bytes.
    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let end = piece_end(text, at);
            out.push(&text[at..end]);
            at = end;
        }
        out
    }

    #[test]
    fn pieces_are_word_runs_or_single_other_characters() {
        assert_eq!(
            pieces("Zoë's 1,200 «Ústí»  x_y🇱🇾"),
            ["Zoë", "'", "s", " ", "1", ",", "200", " ", "«", "Ústí", "»", " ", " ", "x_y", "🇱", "🇾"]
        );
        assert_eq!(pieces(""), Vec::<&str>::new());
        assert!(inside_word("Zoë", 2) && !inside_word("Zoë", 0) && !inside_word("Zoë", 4) && !inside_word("a b", 1));
    }

    /// The text found at byte `at` of `text` and the part of `text` it covers.
    fn longest<'a>(lexicon: &Lexicon<'a>, text: &'a str, at: usize, limit: usize) -> Option<(&'a str, &'a str)> {
        lexicon.longest_at(text, at, piece_end(text, at), limit).map(|(n, end)| (lexicon.names()[n as usize], &text[at..end]))
    }

    #[test]
    fn the_longest_text_that_ends_at_a_piece_end_within_the_limit() {
        let mut lexicon = Lexicon::new();
        let names = ["New", "New York", "New York City", "York", "U.S.", "$"];
        for (i, name) in names.iter().enumerate() {
            assert_eq!(lexicon.add(name), i as u32);
        }
        assert_eq!(lexicon.add("New York"), 1, "a text added again keeps its number");
        assert_eq!(lexicon.names(), names);
        let text = "New York City Hall; New Yorkers; New York Cit; U.S. $5";
        let end = text.len();
        assert_eq!(longest(&lexicon, text, 0, end), Some(("New York City", "New York City")));
        assert_eq!(longest(&lexicon, text, 0, 12), Some(("New York", "New York")), "the limit (a span) cuts it short");
        assert_eq!(longest(&lexicon, text, 20, end), Some(("New", "New")), "not inside \"Yorkers\"");
        assert_eq!(longest(&lexicon, text, 33, end), Some(("New York", "New York")), "\"Cit\" is no text");
        assert_eq!(longest(&lexicon, text, 47, end), Some(("U.S.", "U.S.")));
        assert_eq!(longest(&lexicon, text, 52, end), Some(("$", "$")));
        assert_eq!(longest(&lexicon, text, 4, end), Some(("York", "York")));
        assert_eq!(longest(&lexicon, text, 14, end), None);
        assert_eq!(longest(&lexicon, "New  York", 0, 9), Some(("New", "New")), "two spaces are another text");
        assert_eq!(longest(&lexicon, "York City", 0, 9), Some(("York", "York")));

        // Once a text ends in a space, prefixes ending in one count too.
        lexicon.add("York ");
        assert_eq!(longest(&lexicon, "York City", 0, 9), Some(("York ", "York ")));
        assert_eq!(longest(&lexicon, "York", 0, 4), Some(("York", "York")));
    }

    /// What [`Lexicon::longest_at`] must answer, the slow way: every text tried at `at`.
    fn naive_longest(names: &[String], text: &str, at: usize, limit: usize) -> Option<(u32, usize)> {
        let fits = |name: &&String| {
            let end = at + name.len();
            end <= limit && text[at..].starts_with(name.as_str()) && !inside_word(text, end)
        };
        let best = names.iter().filter(fits).max_by_key(|name| name.len())?;
        let n = names.iter().position(|name| name == best)?;
        Some((n as u32, at + best.len()))
    }

    proptest::proptest! {
        #[test]
        fn the_scan_finds_what_trying_every_text_finds(
            text in proptest::collection::vec(proptest::sample::select(&["a", "b", "ab", " ", "  ", ".", "é", "_", "1", "\n"][..]), 0..16),
            names in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(&["a", "b", "ab", " ", ".", "é", "_1"][..]), 1..4), 1..8),
            cut in 0usize..20,
        ) {
            let text: String = text.concat();
            let mut unique: Vec<String> = Vec::new();
            for name in names.iter().map(|parts| parts.concat()) {
                if !unique.contains(&name) {
                    unique.push(name);
                }
            }
            let mut lexicon = Lexicon::new();
            for name in &unique {
                lexicon.add(name);
            }
            let mut at = 0;
            while at < text.len() {
                let first_end = piece_end(&text, at);
                for limit in [text.len(), (at + cut).min(text.len())] {
                    let limit = (0..=limit).rev().find(|&l| text.is_char_boundary(l)).unwrap_or(0);
                    proptest::prop_assert_eq!(lexicon.longest_at(&text, at, first_end, limit), naive_longest(&unique, &text, at, limit), "at {} of {:?}", at, text);
                }
                at = first_end;
            }
        }
    }
}
