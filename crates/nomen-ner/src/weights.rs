//! The weight table of a trained model: feature key → a few (tag, weight) pairs.
//!
//! Most features have weights for only a handful of the 77 tags, so rows are
//! sparse and packed into one arena; an open-addressing index on the (already
//! hashed) keys finds a row in one or two probes. Rows can grow, so the same
//! table serves inference and the online updates of the browser.

/// One weight of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub tag: u8,
    pub weight: f32,
}

/// A slot of the open-addressing index, holding its row's place in the arena
/// so that a lookup touches one slot and one run of entries.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    /// Feature key; 0 = empty (keys are never 0, see `features::key`).
    key: u32,
    start: u32,
    len: u16,
    cap: u16,
}

#[derive(Debug, Clone)]
pub struct WeightTable {
    /// Length is a power of two, at most half full.
    slots: Vec<Slot>,
    rows: usize,
    entries: Vec<Entry>,
}

impl Default for WeightTable {
    fn default() -> Self {
        WeightTable::new()
    }
}

/// Equal when every feature has the same weights, whatever the memory layout.
impl PartialEq for WeightTable {
    fn eq(&self, other: &WeightTable) -> bool {
        let sorted = |row: &[Entry]| {
            let mut v: Vec<(u8, u32)> = row.iter().map(|e| (e.tag, e.weight.to_bits())).collect();
            v.sort_unstable();
            v
        };
        self.rows == other.rows && self.rows().all(|(key, row)| sorted(row) == sorted(other.row(key)))
    }
}

fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) as usize) & mask
}

impl WeightTable {
    pub fn new() -> WeightTable {
        WeightTable { slots: vec![Slot::default(); 16], rows: 0, entries: Vec::new() }
    }

    /// Builds a table from rows given as (key, entries); keys must be distinct and non-zero.
    pub fn from_rows(rows: impl IntoIterator<Item = (u32, Vec<Entry>)>) -> WeightTable {
        let rows: Vec<(u32, Vec<Entry>)> = rows.into_iter().collect();
        let mut table = WeightTable::new();
        table.slots = vec![Slot::default(); (rows.len() * 2 + 16).next_power_of_two()];
        table.entries.reserve(rows.iter().map(|r| r.1.len()).sum());
        for (key, entries) in rows {
            let s = table.insert_row(key, entries.len().max(1));
            let start = table.slots[s].start as usize;
            table.slots[s].len = entries.len() as u16;
            table.entries[start..start + entries.len()].copy_from_slice(&entries);
        }
        table
    }

    pub fn row_count(&self) -> usize {
        self.rows
    }

    pub fn weight_count(&self) -> usize {
        self.slots.iter().map(|s| s.len as usize).sum()
    }

    /// The slot holding `key`, or the empty slot where it would go.
    fn probe(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(key, mask);
        loop {
            let k = self.slots[s].key;
            if k == key || k == 0 {
                return s;
            }
            s = (s + 1) & mask;
        }
    }

    /// The weights of a feature; empty if it has none.
    pub fn row(&self, key: u32) -> &[Entry] {
        let slot = self.slots[self.probe(key)];
        if slot.key == 0 {
            return &[];
        }
        &self.entries[slot.start as usize..slot.start as usize + slot.len as usize]
    }

    /// Adds the weights of `keys` into `scores` (indexed by tag).
    ///
    /// Scoring is bound by memory latency: the rows live all over a table of
    /// megabytes. So all slots are looked up first, as independent loads the
    /// CPU can overlap, and only then are the entries summed.
    pub fn score(&self, keys: &[u32], scores: &mut [f32]) {
        const BATCH: usize = 32;
        let mut found = [(0u32, 0u16); BATCH];
        for chunk in keys.chunks(BATCH) {
            let mut n = 0;
            for &k in chunk {
                let slot = self.slots[self.probe(k)];
                if slot.key != 0 {
                    found[n] = (slot.start, slot.len);
                    n += 1;
                }
            }
            for &(start, len) in &found[..n] {
                for e in &self.entries[start as usize..start as usize + len as usize] {
                    if let Some(s) = scores.get_mut(e.tag as usize) {
                        *s += e.weight;
                    }
                }
            }
        }
    }

    /// Only the weights with `|w| >= min_abs`.
    pub fn pruned(&self, min_abs: f32) -> WeightTable {
        let mut rows: Vec<(u32, Vec<Entry>)> = self
            .rows()
            .map(|(k, row)| (k, row.iter().copied().filter(|e| e.weight.abs() >= min_abs).collect::<Vec<_>>()))
            .filter(|(_, row)| !row.is_empty())
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        WeightTable::from_rows(rows)
    }

    /// The same weights rounded to multiples of `step`; those that round to zero are dropped.
    pub fn quantised(&self, step: f32) -> WeightTable {
        let mut rows: Vec<(u32, Vec<Entry>)> = self
            .rows()
            .map(|(k, row)| {
                let row = row
                    .iter()
                    .map(|e| Entry { tag: e.tag, weight: (e.weight / step).round().clamp(-32767.0, 32767.0) * step })
                    .filter(|e| e.weight != 0.0)
                    .collect();
                (k, row)
            })
            .filter(|(_, row): &(u32, Vec<Entry>)| !row.is_empty())
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        WeightTable::from_rows(rows)
    }

    /// Inserts an empty row for a key that is not present; returns its slot.
    fn insert_row(&mut self, key: u32, cap: usize) -> usize {
        if (self.rows + 1) * 2 > self.slots.len() {
            self.grow_index();
        }
        let s = self.probe(key);
        self.slots[s] = Slot { key, start: self.entries.len() as u32, len: 0, cap: cap as u16 };
        self.entries.resize(self.entries.len() + cap, Entry { tag: 0, weight: 0.0 });
        self.rows += 1;
        s
    }

    fn grow_index(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.key != 0) {
            let s = self.probe(slot.key);
            self.slots[s] = slot;
        }
    }

    /// Adds `delta` to the weight of (`key`, `tag`), creating it if needed.
    pub fn add(&mut self, key: u32, tag: u8, delta: f32) {
        let mut s = self.probe(key);
        if self.slots[s].key == 0 {
            s = self.insert_row(key, 2);
        }
        let slot = self.slots[s];
        let (start, len) = (slot.start as usize, slot.len as usize);
        if let Some(e) = self.entries[start..start + len].iter_mut().find(|e| e.tag == tag) {
            e.weight += delta;
            return;
        }
        if len == slot.cap as usize {
            // Move the row to the end of the arena with twice the room.
            let cap = (len * 2).clamp(2, u16::MAX as usize);
            let new_start = self.entries.len();
            self.entries.extend_from_within(start..start + len);
            self.entries.resize(new_start + cap, Entry { tag: 0, weight: 0.0 });
            self.slots[s].start = new_start as u32;
            self.slots[s].cap = cap as u16;
        }
        let slot = &mut self.slots[s];
        self.entries[slot.start as usize + len] = Entry { tag, weight: delta };
        slot.len += 1;
    }

    /// Every row as (key, entries), in no particular order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Entry])> {
        self.slots.iter().filter(|s| s.key != 0).map(|s| (s.key, &self.entries[s.start as usize..s.start as usize + s.len as usize]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_find_and_grow() {
        let mut t = WeightTable::new();
        for k in 1..1000u32 {
            t.add(k * 7919, (k % 5) as u8, 1.0);
            t.add(k * 7919, (k % 5) as u8, 0.5);
            t.add(k * 7919, 9, -1.0);
            t.add(k * 7919, 10, 2.0); // forces a row move (capacity 2)
        }
        assert_eq!(t.row_count(), 999);
        let row = t.row(7919 * 42);
        assert_eq!(row.len(), 3);
        assert!(row.contains(&Entry { tag: 2, weight: 1.5 }));
        assert!(row.contains(&Entry { tag: 10, weight: 2.0 }));
        assert!(t.row(3).is_empty());
        let mut scores = [0f32; 12];
        t.score(&[7919 * 42, 3], &mut scores);
        assert_eq!(scores[9], -1.0);
    }
}
