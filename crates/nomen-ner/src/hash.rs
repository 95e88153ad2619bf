//! The one hash of the extractor: FNV-1a, written out here (not `std`'s
//! `DefaultHasher`, which may change between releases) so that feature keys,
//! and so a model file, mean the same on every platform and Rust version; and
//! a SplitMix64 finaliser to combine hashes. Also the `Hasher` for the
//! string-keyed maps of the model (much faster than SipHash on short words;
//! the keys come from our own model file).

use std::collections::HashMap;

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over bytes: stable across platforms and releases.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines two hashes (order matters); the finaliser of SplitMix64.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.rotate_left(23) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a as a `Hasher`, for maps keyed by words.
#[derive(Default)]
pub(crate) struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(FNV_PRIME);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FnvHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        // A model file depends on these exact values.
        assert_eq!(hash_bytes(b"a"), 0xaf63_dc4c_8601_ec8c); // the published FNV-1a test vector
        assert_eq!(hash_bytes(b""), FNV_OFFSET);
        assert_ne!(mix(1, 2), mix(2, 1));
    }
}
