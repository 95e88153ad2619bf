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

#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    key: u32,
    start: u32,
    len: u16,
    cap: u16,
}

#[derive(Debug, Clone, Default)]
pub struct WeightTable {
    /// Open addressing: row index + 1 per slot, 0 = empty. Length is a power of two.
    slots: Vec<u32>,
    rows: Vec<Row>,
    entries: Vec<Entry>,
}

/// Equal when every feature has the same weights, whatever the memory layout.
impl PartialEq for WeightTable {
    fn eq(&self, other: &WeightTable) -> bool {
        let sorted = |row: &[Entry]| {
            let mut v: Vec<(u8, u32)> = row.iter().map(|e| (e.tag, e.weight.to_bits())).collect();
            v.sort_unstable();
            v
        };
        self.rows.len() == other.rows.len() && self.rows().all(|(key, row)| sorted(row) == sorted(other.row(key)))
    }
}

fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b1) as usize) & mask
}

impl WeightTable {
    pub fn new() -> WeightTable {
        WeightTable { slots: vec![0; 16], rows: Vec::new(), entries: Vec::new() }
    }

    /// Builds a table from rows given as (key, entries); keys must be distinct.
    pub fn from_rows(rows: impl IntoIterator<Item = (u32, Vec<Entry>)>) -> WeightTable {
        let mut table = WeightTable::new();
        for (key, entries) in rows {
            let row = table.insert_row(key, entries.len().max(1));
            let r = &mut table.rows[row];
            let start = r.start as usize;
            r.len = entries.len() as u16;
            table.entries[start..start + entries.len()].copy_from_slice(&entries);
        }
        table
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub fn weight_count(&self) -> usize {
        self.rows.iter().map(|r| r.len as usize).sum()
    }

    fn find(&self, key: u32) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(key, mask);
        loop {
            match self.slots[s] {
                0 => return None,
                r if self.rows[r as usize - 1].key == key => return Some(r as usize - 1),
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// The weights of a feature; empty if it has none.
    pub fn row(&self, key: u32) -> &[Entry] {
        match self.find(key) {
            Some(r) => {
                let row = self.rows[r];
                &self.entries[row.start as usize..row.start as usize + row.len as usize]
            }
            None => &[],
        }
    }

    /// Adds the weights of `keys` into `scores` (indexed by tag).
    pub fn score(&self, keys: &[u32], scores: &mut [f32]) {
        for &k in keys {
            for e in self.row(k) {
                if let Some(s) = scores.get_mut(e.tag as usize) {
                    *s += e.weight;
                }
            }
        }
    }

    fn insert_row(&mut self, key: u32, cap: usize) -> usize {
        if (self.rows.len() + 1) * 2 > self.slots.len() {
            self.grow_index();
        }
        let row = self.rows.len();
        self.rows.push(Row { key, start: self.entries.len() as u32, len: 0, cap: cap as u16 });
        self.entries.resize(self.entries.len() + cap, Entry { tag: 0, weight: 0.0 });
        let mask = self.slots.len() - 1;
        let mut s = slot_of(key, mask);
        while self.slots[s] != 0 {
            s = (s + 1) & mask;
        }
        self.slots[s] = row as u32 + 1;
        row
    }

    fn grow_index(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        self.slots = vec![0; size];
        let mask = size - 1;
        for (r, row) in self.rows.iter().enumerate() {
            let mut s = slot_of(row.key, mask);
            while self.slots[s] != 0 {
                s = (s + 1) & mask;
            }
            self.slots[s] = r as u32 + 1;
        }
    }

    /// Adds `delta` to the weight of (`key`, `tag`), creating it if needed.
    pub fn add(&mut self, key: u32, tag: u8, delta: f32) {
        let r = match self.find(key) {
            Some(r) => r,
            None => self.insert_row(key, 2),
        };
        let row = self.rows[r];
        let (start, len) = (row.start as usize, row.len as usize);
        if let Some(e) = self.entries[start..start + len].iter_mut().find(|e| e.tag == tag) {
            e.weight += delta;
            return;
        }
        if len == row.cap as usize {
            // Move the row to the end of the arena with twice the room.
            let cap = (len * 2).clamp(2, u16::MAX as usize);
            let new_start = self.entries.len();
            self.entries.extend_from_within(start..start + len);
            self.entries.resize(new_start + cap, Entry { tag: 0, weight: 0.0 });
            self.rows[r].start = new_start as u32;
            self.rows[r].cap = cap as u16;
        }
        let row = &mut self.rows[r];
        self.entries[row.start as usize + len] = Entry { tag, weight: delta };
        row.len += 1;
    }

    /// Every row as (key, entries), in insertion order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Entry])> {
        self.rows.iter().map(|r| (r.key, &self.entries[r.start as usize..r.start as usize + r.len as usize]))
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
