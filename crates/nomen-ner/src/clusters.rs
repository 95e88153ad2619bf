//! Word clusters learned from the training text itself (no downloads exist here).
//!
//! A word is described by the words seen just left and right of it (positive
//! pointwise mutual information over the most frequent context words, the
//! distributional idea behind Brown clusters), and the vocabulary is split in
//! two again and again by spherical 2-means. Each word gets the bit path of
//! its leaf, so path prefixes give clusters at several granularities, used
//! exactly like Brown cluster prefixes: `Tripoli`, `Benghazi` and `Misrata`
//! share a long prefix, so a weight learned for one helps the others and
//! rare or unseen-in-context names.

use std::collections::HashMap;

use crate::hash::{mix, FastMap};
use crate::rng::Rng;

/// A leaf of the cluster tree: `depth` bits, the first split in the highest bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterPath {
    pub bits: u32,
    pub depth: u8,
}

impl ClusterPath {
    /// The first `len` bits (or the whole path if shorter), as a feature value.
    pub fn prefix(&self, len: u8) -> u64 {
        let d = self.depth.min(len);
        let bits = if d < self.depth { self.bits >> (self.depth - d) } else { self.bits };
        mix(d as u64, bits as u64)
    }
}

/// Settings of [`Clusters::learn`].
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
    /// Number of frequent words used as left/right contexts.
    pub context_words: usize,
    /// Maximum depth of the tree (bits of a path).
    pub max_depth: u8,
    /// Nodes with fewer words are not split.
    pub min_split: usize,
    pub iterations: usize,
    /// Context words on each side (1: neighbours; 2: also the words two away).
    pub window: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig { min_count: 3, max_words: 40_000, context_words: 1500, max_depth: 18, min_split: 6, iterations: 8, window: 1 }
    }
}

/// Word → cluster path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    map: FastMap<String, ClusterPath>,
}

impl Clusters {
    pub fn from_entries(entries: impl IntoIterator<Item = (String, ClusterPath)>) -> Clusters {
        Clusters { map: entries.into_iter().collect() }
    }

    /// Entries sorted by word (a stable order for serialisation).
    pub fn entries(&self) -> Vec<(&str, ClusterPath)> {
        let mut v: Vec<(&str, ClusterPath)> = self.map.iter().map(|(w, p)| (w.as_str(), *p)).collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
        v
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The cluster of `word`, backing off to its title-case and lower-case
    /// forms (`HAFTAR` → `Haftar`, sentence-initial `Officials` → `officials`).
    pub fn lookup(&self, word: &str) -> Option<ClusterPath> {
        if self.map.is_empty() {
            return None;
        }
        if let Some(p) = self.map.get(word) {
            return Some(*p);
        }
        // Only capitalised words back off (lower-case ones have no other form here).
        if !word.chars().any(char::is_uppercase) {
            return None;
        }
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        let title: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        if title != word {
            if let Some(p) = self.map.get(&title) {
                return Some(*p);
            }
        }
        self.map.get(&lower).copied()
    }

    /// Learns clusters from sentences of (normalised) words. Deterministic for a seed.
    pub fn learn(sentences: &[Vec<String>], config: &ClusterConfig, seed: u64) -> Clusters {
        // Vocabulary by frequency; ties broken by the word for determinism.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for s in sentences {
            for w in s {
                *counts.entry(w.as_str()).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(&str, usize)> = counts.into_iter().collect();
        by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let vocab: Vec<&str> = by_freq
            .iter()
            .filter(|(w, c)| *c >= config.min_count && !w.chars().any(|ch| ch.is_ascii_digit()))
            .take(config.max_words)
            .map(|(w, _)| *w)
            .collect();
        let word_id: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        let contexts: HashMap<&str, usize> = by_freq.iter().take(config.context_words).enumerate().map(|(i, (w, _))| (*w, i)).collect();
        let n_ctx = config.context_words + 1; // the last id is the sentence boundary
        let window = config.window.clamp(1, 4);
        let dims = 2 * window * n_ctx;

        // Co-occurrence counts: left context in the first half, right context in the second.
        // A fixed hasher: float sums below must run in the same order every time.
        let mut cooc: Vec<FastMap<u32, f32>> = vec![FastMap::default(); vocab.len()];
        let ctx_of = |w: Option<&String>| -> Option<usize> {
            match w {
                None => Some(n_ctx - 1),
                Some(w) => contexts.get(w.as_str()).copied(),
            }
        };
        for s in sentences {
            for (i, w) in s.iter().enumerate() {
                let Some(&id) = word_id.get(w.as_str()) else { continue };
                // One block of dimensions per relative position: -1, +1, -2, +2, ...
                for d in 1..=window {
                    let block = 2 * (d - 1) * n_ctx;
                    let left = if i < d { None } else { s.get(i - d) };
                    if let Some(c) = ctx_of(left) {
                        *cooc[id].entry((block + c) as u32).or_default() += 1.0;
                    }
                    if let Some(c) = ctx_of(s.get(i + d)) {
                        *cooc[id].entry((block + n_ctx + c) as u32).or_default() += 1.0;
                    }
                }
            }
        }
        // Positive PMI with context-distribution smoothing (alpha 0.75), then unit length.
        let mut ctx_mass = vec![0f64; dims];
        let mut total = 0f64;
        for row in &cooc {
            for (&c, &n) in row {
                ctx_mass[c as usize] += n as f64;
                total += n as f64;
            }
        }
        let smoothed: Vec<f64> = ctx_mass.iter().map(|m| m.powf(0.75)).collect();
        let smoothed_total: f64 = smoothed.iter().sum();
        let vectors: Vec<Vec<(u32, f32)>> = cooc
            .iter()
            .map(|row| {
                let word_mass: f64 = row.values().map(|&n| n as f64).sum();
                let mut v: Vec<(u32, f32)> = row
                    .iter()
                    .filter_map(|(&c, &n)| {
                        let p_wc = n as f64 / total;
                        let p_w = word_mass / total;
                        let p_c = smoothed[c as usize] / smoothed_total;
                        let pmi = (p_wc / (p_w * p_c)).ln();
                        (pmi > 0.0).then_some((c, pmi as f32))
                    })
                    .collect();
                v.sort_unstable_by_key(|e| e.0);
                let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for e in &mut v {
                        e.1 /= norm;
                    }
                }
                v
            })
            .collect();

        let mut paths = vec![ClusterPath { bits: 0, depth: 0 }; vocab.len()];
        let mut rng = Rng::new(seed);
        let members: Vec<usize> = (0..vocab.len()).filter(|&i| !vectors[i].is_empty()).collect();
        let mut stack = vec![(members, ClusterPath { bits: 0, depth: 0 })];
        while let Some((members, path)) = stack.pop() {
            if members.len() < config.min_split || path.depth >= config.max_depth {
                for &m in &members {
                    paths[m] = path;
                }
                continue;
            }
            let (left, right) = bisect(&members, &vectors, dims, config.iterations, &mut rng);
            if left.is_empty() || right.is_empty() {
                for &m in &members {
                    paths[m] = path;
                }
                continue;
            }
            let child = |bit: u32| ClusterPath { bits: (path.bits << 1) | bit, depth: path.depth + 1 };
            stack.push((left, child(0)));
            stack.push((right, child(1)));
        }
        Clusters {
            map: vocab.iter().enumerate().filter(|(i, _)| !vectors[*i].is_empty()).map(|(i, w)| (w.to_string(), paths[i])).collect(),
        }
    }
}

fn dot(sparse: &[(u32, f32)], dense: &[f32]) -> f32 {
    sparse.iter().map(|&(i, v)| v * dense[i as usize]).sum()
}

/// Spherical 2-means over `members`: returns the two halves.
fn bisect(members: &[usize], vectors: &[Vec<(u32, f32)>], dims: usize, iterations: usize, rng: &mut Rng) -> (Vec<usize>, Vec<usize>) {
    let mut centroids = [vec![0f32; dims], vec![0f32; dims]];
    // Seeds: a random member, and the member least similar to it among a sample.
    let a = members[rng.below(members.len())];
    for &(i, v) in &vectors[a] {
        centroids[0][i as usize] = v;
    }
    let mut b = members[rng.below(members.len())];
    let mut lowest = f32::MAX;
    for _ in 0..32 {
        let m = members[rng.below(members.len())];
        let s = dot(&vectors[m], &centroids[0]);
        if m != a && s < lowest {
            lowest = s;
            b = m;
        }
    }
    for &(i, v) in &vectors[b] {
        centroids[1][i as usize] = v;
    }
    let mut side = vec![false; members.len()];
    for _ in 0..iterations {
        for (k, &m) in members.iter().enumerate() {
            side[k] = dot(&vectors[m], &centroids[1]) > dot(&vectors[m], &centroids[0]);
        }
        for (c, centroid) in centroids.iter_mut().enumerate() {
            centroid.iter_mut().for_each(|x| *x = 0.0);
            for (k, &m) in members.iter().enumerate() {
                if side[k] == (c == 1) {
                    for &(i, v) in &vectors[m] {
                        centroid[i as usize] += v;
                    }
                }
            }
            let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                centroid.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    let mut halves = (Vec::new(), Vec::new());
    for (k, &m) in members.iter().enumerate() {
        if side[k] {
            halves.1.push(m)
        } else {
            halves.0.push(m)
        }
    }
    halves
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_prefix() {
        let mut sentences = Vec::new();
        for city in ["Tripoli", "Benghazi", "Misrata", "Rome"] {
            for verb in ["arrived in", "flew to", "left"] {
                for person in ["Haftar", "Sarraj", "Conte"] {
                    let s = format!("{person} {verb} {city} today .");
                    sentences.push(s.split(' ').map(String::from).collect::<Vec<_>>());
                }
            }
        }
        let config = ClusterConfig { min_count: 1, context_words: 50, min_split: 2, ..Default::default() };
        let clusters = Clusters::learn(&sentences, &config, 7);
        let shared = |a: &str, b: &str| {
            let (a, b) = (clusters.lookup(a).unwrap(), clusters.lookup(b).unwrap());
            (1..=a.depth.min(b.depth)).take_while(|&n| a.prefix(n) == b.prefix(n)).count()
        };
        assert!(shared("Tripoli", "Rome") > shared("Tripoli", "Haftar"));
        assert!(shared("Sarraj", "Conte") > shared("Sarraj", "Benghazi"));
        assert_eq!(clusters.lookup("TRIPOLI"), clusters.lookup("Tripoli"));
    }
}
