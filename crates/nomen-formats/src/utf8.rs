//! Bytes to text, saying what was not UTF-8.
//!
//! A file from an old Windows tool or a cut download can hold bytes that are
//! not UTF-8. Replacing them with U+FFFD silently would change the text the
//! analyst annotates without a word; refusing outright would stop them from
//! working on the rest. [`decode`] replaces them and returns how many bytes
//! were replaced and where the first one was, for the caller to show (the
//! app) or to refuse with (the CLI).

use std::fmt;

/// Text decoded from bytes, and what had to be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub invalid: Option<InvalidBytes>,
}

/// Bytes that were not UTF-8: how many, and where the first one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBytes {
    /// Invalid bytes in all (each run became one U+FFFD).
    pub count: usize,
    /// 1-based line of the first.
    pub line: usize,
    /// 1-based byte within that line.
    pub column: usize,
    /// 0-based byte offset in the input.
    pub offset: usize,
}

impl fmt::Display for InvalidBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} byte{} not UTF-8, the first at line {}, byte {} of the line (byte {} of the file)",
            self.count,
            if self.count == 1 { " is" } else { "s are" },
            self.line,
            self.column,
            self.offset
        )
    }
}

/// Decodes `bytes` as UTF-8 (after a byte-order mark, which is dropped),
/// replacing each run of invalid bytes with U+FFFD and saying so.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut count = 0;
    let mut first = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(offset);
            count += chunk.invalid().len();
            offset += chunk.invalid().len();
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    let invalid = first.map(|offset| {
        let before = &bytes[..offset];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        InvalidBytes { count, line: before.iter().filter(|&&b| b == b'\n').count() + 1, column: offset - line_start + 1, offset }
    });
    Decoded { text, invalid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_is_kept_and_a_bom_dropped() {
        assert_eq!(decode("\u{feff}Zoë 🇱🇾".as_bytes()), Decoded { text: "Zoë 🇱🇾".into(), invalid: None });
    }

    #[test]
    fn invalid_bytes_are_counted_and_located() {
        // Latin-1 "é" (0xE9) twice on line 2, and a cut-off emoji at the end.
        let decoded = decode(b"Rome\nCaf\xE9 and caf\xE9\n\xF0\x9F\x87");
        assert_eq!(decoded.text, "Rome\nCaf\u{FFFD} and caf\u{FFFD}\n\u{FFFD}");
        let invalid = decoded.invalid.unwrap();
        assert_eq!(invalid, InvalidBytes { count: 5, line: 2, column: 4, offset: 8 });
        assert_eq!(invalid.to_string(), "5 bytes are not UTF-8, the first at line 2, byte 4 of the line (byte 8 of the file)");
    }
}
