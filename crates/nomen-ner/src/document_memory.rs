//! How each capitalised word was tagged earlier in the same document.
//!
//! A name is usually introduced unambiguously ("the Libyan National Army")
//! and later repeated in harder contexts ("LNA forces", "Haftar's"). Ratinov
//! and Roth (2009) call the fix *extended prediction history*: while a
//! document is tagged left to right, the labels already given to a word are a
//! feature of its later occurrences. Training does the same with the model's
//! own predictions, so the weights learn how far to trust it.

use std::collections::HashMap;

use crate::tags::{self, Tag};

/// What [`DocumentMemory::seen`] reports: `0` for a word not seen before (or
/// not tracked), `1` for one seen only outside entities, `2 + label` for the
/// label it was given most often.
pub type Seen = u8;

/// Label counts per word of one document (index 0: outside; 1 + label).
#[derive(Debug, Default)]
pub struct DocumentMemory {
    counts: HashMap<u64, Vec<u16>>,
}

impl DocumentMemory {
    pub fn new() -> DocumentMemory {
        DocumentMemory::default()
    }

    /// The majority label given to this word so far (ties: the first label in order).
    pub fn seen(&self, word: u64) -> Seen {
        let Some(counts) = self.counts.get(&word) else { return 0 };
        let (best, _) = counts.iter().enumerate().fold((0, 0), |(bi, bc), (i, &c)| if c > bc { (i, c) } else { (bi, bc) });
        (1 + best).min(Seen::MAX as usize) as Seen
    }

    /// Notes that `word` was tagged `tag`.
    pub fn record(&mut self, word: u64, tag: Tag) {
        let slot = tags::split(tag).map_or(0, |(label, _)| 1 + label);
        let counts = self.counts.entry(word).or_default();
        if counts.len() <= slot {
            counts.resize(slot + 1, 0);
        }
        counts[slot] = counts[slot].saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{tag, Part, OUTSIDE};

    #[test]
    fn reports_the_majority_label() {
        let mut m = DocumentMemory::new();
        assert_eq!(m.seen(7), 0);
        m.record(7, OUTSIDE);
        assert_eq!(m.seen(7), 1);
        m.record(7, tag(3, Part::Unit));
        m.record(7, tag(3, Part::Begin));
        assert_eq!(m.seen(7), 2 + 3);
    }
}
