//! Chunked input for the streaming readers: lines of a line-oriented file, or
//! the elements of a top-level JSON list, each with the 1-based line it starts
//! on. Memory stays bounded by the largest line or element, so a 50 MB file
//! converts without being held whole.

use std::io::{BufRead, ErrorKind, Read};

use crate::error::FormatError;

/// Yields the lines of a stream, without their `\n` or `\r\n`, checked as UTF-8.
pub(crate) struct Lines<R> {
    reader: R,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Lines<R> {
        Lines { reader, line: 0, buf: Vec::new() }
    }

    /// The next line and its number, or `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<(usize, String)>, FormatError> {
        self.buf.clear();
        if self.reader.read_until(b'\n', &mut self.buf)? == 0 {
            return Ok(None);
        }
        self.line += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
        }
        let mut bytes = std::mem::take(&mut self.buf);
        if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3); // a byte-order mark from Windows tools
        }
        match String::from_utf8(bytes) {
            Ok(line) => Ok(Some((self.line, line))),
            Err(e) => Err(FormatError::Utf8 { line: self.line, column: e.utf8_error().valid_up_to() + 1 }),
        }
    }
}

/// Yields the elements of a top-level JSON list (`[{...}, {...}]`) as text,
/// without parsing them: the caller parses each one and so can name the line
/// of a bad field.
pub(crate) struct JsonListElements<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    line: usize,
    column: usize,
    state: ListState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListState {
    BeforeOpen,
    InList,
    Done,
}

impl<R: Read> JsonListElements<R> {
    pub fn new(reader: R) -> JsonListElements<R> {
        JsonListElements { reader, buf: Vec::new(), pos: 0, line: 1, column: 0, state: ListState::BeforeOpen }
    }

    fn next_byte(&mut self) -> Result<Option<u8>, FormatError> {
        if self.pos == self.buf.len() {
            self.buf.resize(64 * 1024, 0);
            let n = loop {
                match self.reader.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e.into()),
                }
            };
            self.buf.truncate(n);
            self.pos = 0;
            if n == 0 {
                return Ok(None);
            }
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        Ok(Some(b))
    }

    fn syntax(&self, message: &str) -> FormatError {
        FormatError::Json { line: self.line, column: self.column, message: message.to_string() }
    }

    /// Skips whitespace (and a leading byte-order mark); returns the next other byte.
    fn skip_space(&mut self) -> Result<Option<u8>, FormatError> {
        while let Some(b) = self.next_byte()? {
            let bom = self.line == 1 && self.column <= 3 && matches!(b, 0xEF | 0xBB | 0xBF);
            if !(b.is_ascii_whitespace() || bom) {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    /// The next element's first line and text, or `None` after the closing `]`.
    pub fn next_element(&mut self) -> Result<Option<(usize, String)>, FormatError> {
        if self.state == ListState::BeforeOpen {
            match self.skip_space()? {
                Some(b'[') => self.state = ListState::InList,
                None => return Err(self.syntax("expected a JSON list `[...]` of tasks, found an empty input")),
                Some(_) => return Err(self.syntax("expected a JSON list `[...]` of tasks")),
            }
            // An empty list.
            let first = self.skip_space()?;
            if first == Some(b']') {
                return self.finish();
            }
            return self.element(first);
        }
        if self.state == ListState::Done {
            return Ok(None);
        }
        let first = self.skip_space()?;
        self.element(first)
    }

    /// Reads one element starting with byte `first`, through the `,` or `]` after it.
    fn element(&mut self, first: Option<u8>) -> Result<Option<(usize, String)>, FormatError> {
        let Some(first) = first else { return Err(self.syntax("the list of tasks ends without `]`")) };
        if matches!(first, b',' | b']') {
            return Err(self.syntax("expected a task, found a stray `,` or `]`"));
        }
        let start_line = self.line;
        let mut text = vec![first];
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut byte = Some(first);
        loop {
            if let Some(b) = byte {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            byte = self.next_byte()?;
            match byte {
                None => return Err(self.syntax("the list of tasks ends without `]`")),
                Some(b',') if depth == 0 && !in_string => break,
                Some(b']') if depth == 0 && !in_string => {
                    self.state = ListState::Done;
                    self.expect_end()?;
                    break;
                }
                Some(b) => text.push(b),
            }
        }
        match String::from_utf8(text) {
            Ok(text) => Ok(Some((start_line, text))),
            Err(e) => Err(FormatError::Utf8 { line: start_line, column: e.utf8_error().valid_up_to() + 1 }),
        }
    }

    fn finish(&mut self) -> Result<Option<(usize, String)>, FormatError> {
        self.state = ListState::Done;
        self.expect_end()?;
        Ok(None)
    }

    fn expect_end(&mut self) -> Result<(), FormatError> {
        match self.skip_space()? {
            None => Ok(()),
            Some(_) => Err(self.syntax("expected the end of the input after the list of tasks")),
        }
    }
}
