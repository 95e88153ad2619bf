//! The model file format: small, versioned, checked.
//!
//! ```text
//! magic     8 bytes  "NOMENNER"
//! version   u32 LE   FORMAT_VERSION
//! length    u64 LE   length of the whole file, checksum included
//! body      ...      sections written by `Model::to_bytes` (varints, columnar arrays)
//! crc32     u32 LE   CRC-32 (IEEE) of everything before it
//! ```
//! Version 2 is a learned model: version 1's body followed by what the
//! analyst taught it (the name memory and patterns, as JSON). A model with
//! nothing learned is still written as version 1, byte for byte the shipped file.
//! The header is checked before the checksum so that a file from another
//! version or a truncated download gets an error that says so, rather than
//! "checksum mismatch". Reading never panics on bad input: every read is
//! bounds-checked and reports [`ModelError`].

use thiserror::Error;

pub const MAGIC: &[u8; 8] = b"NOMENNER";
/// The newest version this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// Version 1: a trained model alone.
pub const PLAIN_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 8;
const CRC_LEN: usize = 4;

/// Why model bytes could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ModelError {
    #[error("not a nomen model file (the first bytes are not \"NOMENNER\")")]
    BadMagic,
    #[error("model format version {found} is not supported; this build reads version {supported}")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("model file is truncated: {actual} bytes, the header says {expected}")]
    Truncated { expected: u64, actual: u64 },
    #[error("model file is corrupt: checksum {found:08x}, expected {expected:08x}")]
    ChecksumMismatch { expected: u32, found: u32 },
    #[error("model was built with feature set {found}; this build computes feature set {supported}")]
    FeatureSetMismatch { found: u32, supported: u32 },
    #[error("model file is malformed: {0}")]
    Malformed(String),
}

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

static CRC_TABLE: [u32; 256] = crc_table();

/// CRC-32 as in zip, gzip and PNG.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    c ^ 0xffff_ffff
}

/// Builds a body; [`Writer::finish`] wraps it in header and checksum.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(version: u32) -> Writer {
        let mut buf = Vec::new();
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&version.to_le_bytes());
        buf.extend_from_slice(&0u64.to_le_bytes()); // length, patched in finish
        Writer { buf }
    }

    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }

    pub fn finish(mut self) -> Vec<u8> {
        let total = (self.buf.len() + CRC_LEN) as u64;
        self.buf[12..20].copy_from_slice(&total.to_le_bytes());
        let crc = crc32(&self.buf);
        self.buf.extend_from_slice(&crc.to_le_bytes());
        self.buf
    }
}

/// Reads a body after checking header, length and checksum.
pub struct Reader<'a> {
    body: &'a [u8],
    pos: usize,
    /// The file's format version (1 to [`FORMAT_VERSION`]).
    pub version: u32,
}

impl<'a> Reader<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Reader<'a>, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            // A prefix of the magic is a truncated file, anything else is not ours.
            return Err(if !bytes.is_empty() && MAGIC.starts_with(bytes) {
                ModelError::Truncated { expected: HEADER_LEN as u64, actual: bytes.len() as u64 }
            } else {
                ModelError::BadMagic
            });
        }
        if bytes.len() < HEADER_LEN + CRC_LEN {
            return Err(ModelError::Truncated { expected: (HEADER_LEN + CRC_LEN) as u64, actual: bytes.len() as u64 });
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if !(PLAIN_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(ModelError::UnsupportedVersion { found: version, supported: FORMAT_VERSION });
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&bytes[12..20]);
        let expected = u64::from_le_bytes(len);
        if (bytes.len() as u64) < expected {
            return Err(ModelError::Truncated { expected, actual: bytes.len() as u64 });
        }
        if (bytes.len() as u64) > expected || expected < (HEADER_LEN + CRC_LEN) as u64 {
            return Err(ModelError::Malformed(format!("{} bytes where the header says {expected}", bytes.len())));
        }
        let (data, crc) = bytes.split_at(bytes.len() - CRC_LEN);
        let found = crc32(data);
        let expected_crc = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
        if found != expected_crc {
            return Err(ModelError::ChecksumMismatch { expected: expected_crc, found });
        }
        Ok(Reader { body: &data[HEADER_LEN..], pos: 0, version })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.body.len());
        let end = end.ok_or_else(|| ModelError::Malformed(format!("a section runs past the end (offset {})", self.pos)))?;
        let s = &self.body[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Malformed("varint longer than 64 bits".into()))
    }

    /// A varint that must fit `usize` and be at most `max` (guards allocations).
    pub fn count(&mut self, max: usize, what: &str) -> Result<usize, ModelError> {
        let v = self.varint()?;
        if v > max as u64 {
            return Err(ModelError::Malformed(format!("{what} is {v}, more than {max}")));
        }
        Ok(v as usize)
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        self.take(n)
    }

    pub fn string(&mut self) -> Result<String, ModelError> {
        let n = self.count(self.remaining(), "a string length")?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| ModelError::Malformed("a string is not UTF-8".into()))
    }

    pub fn remaining(&self) -> usize {
        self.body.len() - self.pos
    }

    pub fn expect_end(&self) -> Result<(), ModelError> {
        if self.remaining() != 0 {
            return Err(ModelError::Malformed(format!("{} unread bytes at the end", self.remaining())));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn header_errors_are_typed() {
        let mut w = Writer::new(PLAIN_VERSION);
        w.str("hello");
        w.varint(300);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        assert_eq!(r.string().unwrap(), "hello");
        assert_eq!(r.varint().unwrap(), 300);
        assert!(r.expect_end().is_ok());

        assert_eq!(Reader::open(b"PK\x03\x04 zip file").err(), Some(ModelError::BadMagic));
        assert!(matches!(Reader::open(&bytes[..bytes.len() - 1]), Err(ModelError::Truncated { .. })));
        assert!(matches!(Reader::open(&bytes[..5]), Err(ModelError::Truncated { .. })));
        let mut flipped = bytes.clone();
        flipped[21] ^= 1;
        assert!(matches!(Reader::open(&flipped), Err(ModelError::ChecksumMismatch { .. })));
        let mut v3 = bytes.clone();
        v3[8] = 3;
        assert_eq!(Reader::open(&v3).err(), Some(ModelError::UnsupportedVersion { found: 3, supported: 2 }));
    }
}
