//! What the model knows beyond its training text: word clusters from word
//! vectors trained on far more text than OntoNotes, and a gazetteer of
//! places. Both come from well-kept data with a named licence (GeoNames,
//! ISO 3166, spaCy's CC0 vectors; `knowledge/build.py` turns them into TSV
//! files), are read once at training time and are built into the model file,
//! so the page and the CLI need nothing else at run time.
//!
//! They enter the model only as features ([`crate::features`]): a rare name
//! whose vector lies near `Tripoli`'s, or a token that starts a known place
//! name, gets weights learned from the names that share the property.

use std::collections::HashMap;

use crate::clusters::{ClusterPath, Clusters};
use crate::format::{ModelError, Reader, Writer};
use crate::lexicon::normalize_word;

/// The kinds of place in the gazetteer (two bits in a feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Country = 0,
    Subdivision = 1,
    City = 2,
    Region = 3,
}

impl PlaceKind {
    fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "subdivision" => PlaceKind::Subdivision,
            "city" => PlaceKind::City,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    fn from_byte(b: u8) -> Option<PlaceKind> {
        [PlaceKind::Country, PlaceKind::Subdivision, PlaceKind::City, PlaceKind::Region].get(b as usize).copied()
    }
}

/// A token's place in a gazetteer match: which kind, and where in the name.
/// `0` means no match; otherwise `1 + kind * 4 + part` (part as in BILOU).
pub type PlaceMark = u8;

/// Place names, matched as whole token sequences (longest first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    /// Names as they were given (for the model file), sorted.
    names: Vec<(String, PlaceKind)>,
    /// First token → (tokens of the name, kind), longest names first.
    by_first: HashMap<String, Vec<(Vec<String>, PlaceKind)>>,
}

impl Gazetteer {
    pub fn from_entries(entries: impl IntoIterator<Item = (String, PlaceKind)>) -> Gazetteer {
        let mut names: Vec<(String, PlaceKind)> = entries.into_iter().collect();
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: HashMap<String, Vec<(Vec<String>, PlaceKind)>> = HashMap::new();
        for (name, kind) in &names {
            let words = words_of(name);
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push((words, *kind));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
        }
        Gazetteer { names, by_first }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The mark of each word (normalised token texts): the longest name
    /// starting at a word wins, and matches do not overlap.
    pub fn marks(&self, words: &[&str]) -> Vec<PlaceMark> {
        let mut marks = vec![0; words.len()];
        if self.by_first.is_empty() {
            return marks;
        }
        let mut i = 0;
        while i < words.len() {
            let found = self.by_first.get(words[i]).and_then(|names| {
                names
                    .iter()
                    .find(|(name, _)| i + name.len() <= words.len() && words[i..i + name.len()].iter().zip(name).all(|(a, b)| a == b))
            });
            match found {
                Some((name, kind)) => {
                    let n = name.len();
                    for (j, mark) in marks[i..i + n].iter_mut().enumerate() {
                        let part = match (n, j) {
                            (1, _) => 3,
                            (_, 0) => 0,
                            (n, j) if j + 1 == n => 2,
                            _ => 1,
                        };
                        *mark = 1 + (*kind as u8) * 4 + part;
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        marks
    }
}

fn words_of(name: &str) -> Vec<String> {
    nomen_core::tokenize(name).iter().map(|t| normalize_word(t.text(name)).into_owned()).collect()
}

/// Everything the model knows from outside its training text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Knowledge {
    /// Word clusters from word vectors.
    pub vectors: Clusters,
    pub places: Gazetteer,
}

/// A line of a knowledge file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {problem}")]
pub struct KnowledgeError {
    pub file: &'static str,
    pub line: usize,
    pub problem: String,
}

impl Knowledge {
    /// Reads the TSV files written by `knowledge/build.py`:
    /// `vector-clusters.tsv` (word, depth, bits) and `places.tsv` (name, kind).
    /// Lines starting with `#` are comments.
    pub fn from_tsv(vector_clusters: &str, places: &str) -> Result<Knowledge, KnowledgeError> {
        let rows = |file: &'static str, text: &str, columns: usize| -> Result<Vec<(usize, Vec<String>)>, KnowledgeError> {
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
                .map(|(i, l)| {
                    let cols: Vec<String> = l.split('\t').map(str::to_string).collect();
                    if cols.len() != columns {
                        return Err(KnowledgeError { file, line: i + 1, problem: format!("{} columns, expected {columns}", cols.len()) });
                    }
                    Ok((i + 1, cols))
                })
                .collect()
        };
        let mut clusters = Vec::new();
        for (line, cols) in rows("vector-clusters.tsv", vector_clusters, 3)? {
            let bad = |what: &str| KnowledgeError { file: "vector-clusters.tsv", line, problem: format!("{what} is not a number") };
            let depth: u8 = cols[1].parse().map_err(|_| bad("the depth"))?;
            let bits: u32 = cols[2].parse().map_err(|_| bad("the bits"))?;
            if depth > 32 {
                return Err(KnowledgeError { file: "vector-clusters.tsv", line, problem: format!("depth {depth} is over 32") });
            }
            clusters.push((cols[0].clone(), ClusterPath { bits, depth }));
        }
        let mut names = Vec::new();
        for (line, cols) in rows("places.tsv", places, 2)? {
            let kind = PlaceKind::parse(&cols[1]).ok_or_else(|| KnowledgeError {
                file: "places.tsv",
                line,
                problem: format!("unknown kind {:?}", cols[1]),
            })?;
            names.push((cols[0].clone(), kind));
        }
        Ok(Knowledge { vectors: Clusters::from_entries(clusters), places: Gazetteer::from_entries(names) })
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        write_clusters(w, &self.vectors);
        w.varint(self.places.names.len() as u64);
        let mut last = "";
        for (name, kind) in &self.places.names {
            write_front_coded(w, last, name);
            w.bytes(&[*kind as u8]);
            last = name;
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Knowledge, ModelError> {
        let vectors = read_clusters(r)?;
        let n = r.count(r.remaining(), "the number of place names")?;
        let mut names = Vec::with_capacity(n);
        let mut last = String::new();
        for _ in 0..n {
            let name = read_front_coded(r, &last)?;
            let kind = r.bytes(1)?[0];
            let kind = PlaceKind::from_byte(kind).ok_or_else(|| ModelError::Malformed(format!("place kind {kind} is unknown")))?;
            last = name.clone();
            names.push((name, kind));
        }
        Ok(Knowledge { vectors, places: Gazetteer::from_entries(names) })
    }
}

/// Front coding: sorted words share prefixes with the word before them.
fn write_front_coded(w: &mut Writer, last: &str, word: &str) {
    let shared = last.bytes().zip(word.bytes()).take_while(|(a, b)| a == b).count();
    let shared = (0..=shared).rev().find(|&n| word.is_char_boundary(n)).unwrap_or(0);
    w.varint(shared as u64);
    w.str(&word[shared..]);
}

fn read_front_coded(r: &mut Reader, last: &str) -> Result<String, ModelError> {
    let shared = r.count(last.len(), "a shared word prefix")?;
    let rest = r.string()?;
    let prefix = last.get(..shared).ok_or_else(|| ModelError::Malformed("a word prefix splits a character".into()))?;
    Ok(format!("{prefix}{rest}"))
}

/// Word clusters as (front-coded word, depth, bits), sorted by word.
pub(crate) fn write_clusters(w: &mut Writer, clusters: &Clusters) {
    let entries = clusters.entries();
    w.varint(entries.len() as u64);
    let mut last = "";
    for (word, path) in &entries {
        write_front_coded(w, last, word);
        w.varint(path.depth as u64);
        w.varint(path.bits as u64);
        last = word;
    }
}

pub(crate) fn read_clusters(r: &mut Reader) -> Result<Clusters, ModelError> {
    let n_words = r.count(r.remaining(), "the number of cluster words")?;
    let mut entries = Vec::with_capacity(n_words);
    let mut last = String::new();
    for _ in 0..n_words {
        let word = read_front_coded(r, &last)?;
        let depth = r.count(32, "a cluster depth")? as u8;
        let bits = r.varint()?;
        let bits = u32::try_from(bits).map_err(|_| ModelError::Malformed("a cluster path is too long".into()))?;
        entries.push((word.clone(), ClusterPath { bits, depth }));
        last = word;
    }
    Ok(Clusters::from_entries(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_place_name_wins_and_marks_its_parts() {
        let g = Gazetteer::from_entries([
            ("New York".to_string(), PlaceKind::City),
            ("York".to_string(), PlaceKind::City),
            ("Libya".to_string(), PlaceKind::Country),
        ]);
        let marks = g.marks(&["in", "New", "York", "and", "Libya"]);
        let city = PlaceKind::City as u8 * 4;
        assert_eq!(marks, vec![0, 1 + city, 1 + city + 2, 0, 1 + PlaceKind::Country as u8 * 4 + 3]);
    }

    #[test]
    fn tsv_errors_name_the_file_and_line() {
        let err = Knowledge::from_tsv("# c\nTripoli\t4\t9\nBenghazi\tx\t1\n", "").unwrap_err();
        assert_eq!(err.to_string(), "vector-clusters.tsv: line 3: the depth is not a number");
        let err = Knowledge::from_tsv("", "Libya\tplanet\n").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn knowledge_round_trips_through_the_model_format() {
        let k = Knowledge::from_tsv("Benghazi\t5\t17\nTripoli\t5\t16\n", "Libya\tcountry\nLibyan Desert\tregion\n").unwrap();
        let mut w = Writer::new(crate::format::PLAIN_VERSION);
        k.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        assert_eq!(Knowledge::read(&mut r).unwrap(), k);
        r.expect_end().unwrap();
    }
}
