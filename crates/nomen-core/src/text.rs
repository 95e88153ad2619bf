//! Conversions between the three offset units nomen meets: code points (the
//! core's unit and the file formats'), UTF-8 bytes (Rust slicing) and UTF-16
//! code units (JavaScript strings, the DOM, Label Studio).

/// A precomputed table for converting offsets in one text.
///
/// ASCII text (the common case for English news) needs no table: all three
/// units coincide, so building the map is a single scan.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Byte offset of each code point, plus the text length; empty when ASCII.
    char_to_byte: Vec<u32>,
    /// UTF-16 offset of each code point, plus the total; empty when ASCII.
    char_to_utf16: Vec<u32>,
    len_chars: usize,
}

impl OffsetMap {
    pub fn new(text: &str) -> OffsetMap {
        if text.is_ascii() {
            return OffsetMap { char_to_byte: Vec::new(), char_to_utf16: Vec::new(), len_chars: text.len() };
        }
        let mut char_to_byte = Vec::with_capacity(text.len() + 1);
        let mut char_to_utf16 = Vec::with_capacity(text.len() + 1);
        let mut utf16 = 0u32;
        for (byte, ch) in text.char_indices() {
            char_to_byte.push(byte as u32);
            char_to_utf16.push(utf16);
            utf16 += ch.len_utf16() as u32;
        }
        let len_chars = char_to_byte.len();
        char_to_byte.push(text.len() as u32);
        char_to_utf16.push(utf16);
        OffsetMap { char_to_byte, char_to_utf16, len_chars }
    }

    fn is_identity(&self) -> bool {
        self.char_to_byte.is_empty()
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Number of UTF-16 code units in the text (JavaScript's `text.length`).
    pub fn len_utf16(&self) -> usize {
        if self.is_identity() {
            self.len_chars
        } else {
            self.char_to_utf16[self.len_chars] as usize
        }
    }

    /// Byte offset of code point `char_idx`; `None` past the end.
    pub fn char_to_byte(&self, char_idx: usize) -> Option<usize> {
        if char_idx > self.len_chars {
            return None;
        }
        Some(if self.is_identity() { char_idx } else { self.char_to_byte[char_idx] as usize })
    }

    /// UTF-16 offset of code point `char_idx`; `None` past the end.
    pub fn char_to_utf16(&self, char_idx: usize) -> Option<usize> {
        if char_idx > self.len_chars {
            return None;
        }
        Some(if self.is_identity() { char_idx } else { self.char_to_utf16[char_idx] as usize })
    }

    /// Code point index at byte offset `byte`; `None` unless `byte` is a char boundary.
    pub fn byte_to_char(&self, byte: usize) -> Option<usize> {
        if self.is_identity() {
            return (byte <= self.len_chars).then_some(byte);
        }
        self.char_to_byte.binary_search(&(byte as u32)).ok()
    }

    /// Code point index at UTF-16 offset `unit`; `None` if it splits a surrogate pair or is past the end.
    pub fn utf16_to_char(&self, unit: usize) -> Option<usize> {
        if self.is_identity() {
            return (unit <= self.len_chars).then_some(unit);
        }
        self.char_to_utf16.binary_search(&(unit as u32)).ok()
    }

    /// Byte range of the code point range `start..end`.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        if start > end {
            return None;
        }
        Some(self.char_to_byte(start)?..self.char_to_byte(end)?)
    }
}

/// The text of code points `start..end`, or `None` if the range is out of bounds.
/// Convenient for one-off lookups; build an [`OffsetMap`] for many.
pub fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut indices = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let from = indices.nth(start)?;
    let to = if end == start { from } else { indices.nth(end - start - 1)? };
    Some(&text[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_is_identity() {
        let m = OffsetMap::new("Rome and Tripoli");
        assert_eq!(m.char_to_byte(5), Some(5));
        assert_eq!(m.char_to_utf16(16), Some(16));
        assert_eq!(m.char_to_utf16(17), None);
    }

    #[test]
    fn astral_plane_before_entity() {
        // 🇱🇾 is two code points, each two UTF-16 units and four bytes.
        let text = "🇱🇾 Haftar’s move";
        let m = OffsetMap::new(text);
        let start = 3; // after two flag code points and a space
        assert_eq!(char_slice(text, start, start + 6), Some("Haftar"));
        assert_eq!(m.char_to_byte(start), Some(9));
        assert_eq!(m.char_to_utf16(start), Some(5));
        assert_eq!(m.utf16_to_char(5), Some(3));
        assert_eq!(m.utf16_to_char(1), None, "inside a surrogate pair");
        assert_eq!(m.byte_to_char(2), None, "inside a UTF-8 sequence");
        assert_eq!(m.len_utf16(), text.encode_utf16().count());
    }

    proptest! {
        #[test]
        fn conversions_round_trip(text in "\\PC{0,40}", a in 0usize..50, b in 0usize..50) {
            let m = OffsetMap::new(&text);
            let n = text.chars().count();
            prop_assert_eq!(m.len_chars(), n);
            let (start, end) = (a.min(b), a.max(b));
            if end <= n {
                let bytes = m.byte_range(start, end).unwrap();
                let expected: String = text.chars().skip(start).take(end - start).collect();
                prop_assert_eq!(&text[bytes.clone()], expected.as_str());
                prop_assert_eq!(char_slice(&text, start, end), Some(expected.as_str()));
                prop_assert_eq!(m.byte_to_char(bytes.start), Some(start));
                let u = m.char_to_utf16(end).unwrap();
                let utf16_prefix: usize = text.chars().take(end).map(char::len_utf16).sum();
                prop_assert_eq!(u, utf16_prefix);
                prop_assert_eq!(m.utf16_to_char(u), Some(end));
            } else {
                prop_assert!(m.byte_range(start, end).is_none());
                prop_assert!(char_slice(&text, start, end).is_none());
            }
        }
    }
}
