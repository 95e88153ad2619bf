//! What an analyst decided about names, remembered for the next article.
//!
//! A perceptron update from one corrected article moves weights that every
//! article shares; measured with `nomen simulate`, it costs an analyst more
//! edits on the next articles than it saves (BENCHMARKS.md). What carries over
//! on a beat is names: the analyst said "Kikli" is a PERSON and "Rada" an ORG.
//! The memory keeps those decisions and applies them to later text: a
//! token-aligned mention of a remembered name gets the analyst's label, added
//! if the extractor missed it.
//!
//! Learning keeps evidence per name: how often the analyst gave it each label,
//! and how often it stood in a corrected article without being that entity
//! ("Wall Street" alone vs. inside "Wall Street Journal", "Foreign" in a
//! ministry's name). A name is applied only while its evidence is
//! [`RELIABLE`]; measured, applying every name ever labelled cost more edits
//! than it saved on varied news. Only names are learned: capitalised, and not
//! dates, times, numbers or titles, whose words ("Monday", "this year",
//! "head") differ from article to article.
//!
//! Patterns the analyst adds (a patterns file, "label all occurrences") always
//! apply. The memory reads and writes Prodigy's patterns JSONL:
//! `{"label", "pattern"}` a line, the pattern a string or a list of token
//! attributes ([`TokenPattern`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use nomen_core::{tokenize, Span, Token};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::aliases;
use crate::token_pattern::TokenPattern;

/// Names need this many characters to be remembered ("US" alone is too ambiguous).
const MIN_CHARS: usize = 3;

/// Other spellings of a name are matched when its skeleton keeps this many
/// letters ("Hafter" → "hftr"); shorter ones ("Rada" → "rd") collide too often.
const MIN_SKELETON: usize = 4;

/// A learned name applies when at least this share of its mentions in
/// corrected articles had its label (tuned with `nomen simulate`).
pub const RELIABLE: f64 = 0.75;

/// Labels whose words are not names.
const NOT_NAMES: &[&str] = &["DATE", "TIME", "TITLE", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Surface form → the label it gets: the analyst's string patterns and the
    /// learned names whose evidence is reliable.
    pub names: BTreeMap<String, String>,
    /// The analyst's token-attribute patterns.
    #[serde(default)]
    pub token_patterns: Vec<TokenPattern>,
    /// What corrected articles showed of each learned name.
    #[serde(default)]
    pub evidence: BTreeMap<String, Evidence>,
}

/// How a name was seen in corrected articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Times the analyst gave it each label.
    pub labels: BTreeMap<String, u32>,
    /// Times it stood, token-aligned, where the analyst marked no entity of exactly that extent.
    pub other: u32,
}

impl Evidence {
    /// The label to apply, if the evidence is reliable.
    pub fn decision(&self) -> Option<&String> {
        let (label, &count) = self.labels.iter().max_by_key(|(label, &count)| (count, std::cmp::Reverse(*label)))?;
        let seen = self.labels.values().sum::<u32>() + self.other;
        (count as f64 >= RELIABLE * seen as f64).then_some(label)
    }
}

/// One line of a patterns file with a string pattern.
#[derive(Serialize, Deserialize)]
struct Pattern {
    label: String,
    pattern: String,
}

#[derive(Debug, Error, PartialEq)]
pub enum PatternError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
}

/// The text a span covers (code-point offsets).
pub(crate) fn slice(text: &str, span: &Span) -> String {
    text.chars().skip(span.start).take(span.len()).collect()
}

fn is_name(surface: &str, label: &str) -> bool {
    surface.chars().count() >= MIN_CHARS && surface.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(&label)
}

/// Token-aligned mentions of `names` in `text`: (start, end, name), code points.
/// Names are looked up by their first character, so the cost is the number of
/// tokens times the names sharing a first letter, not tokens times all names.
fn mentions<'a>(names: impl Iterator<Item = &'a String>, text: &str, tokens: &[Token]) -> Vec<(usize, usize, &'a String)> {
    let ends: HashSet<usize> = tokens.iter().map(|t| t.end).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut by_first: HashMap<char, Vec<(Vec<char>, &String)>> = HashMap::new();
    for name in names {
        let want: Vec<char> = name.chars().collect();
        if let Some(&first) = want.first() {
            by_first.entry(first).or_default().push((want, name));
        }
    }
    let mut found = Vec::new();
    for t in tokens {
        for (want, name) in by_first.get(&chars[t.start]).into_iter().flatten() {
            let end = t.start + want.len();
            if end <= chars.len() && chars[t.start..end] == want[..] && ends.contains(&end) {
                found.push((t.start, end, *name));
            }
        }
    }
    found
}

/// The transliteration skeleton of a name plus how it ends: a vowel (or the
/// feminine -ah / -eh) or which consonant. Demonyms differ from their
/// places only there (Californian / California, Israeli / Israel, Yugoslav /
/// Yugoslavia), transliterations do not (Haftar / Hafter, Misrata / Misurata).
fn spelling_key(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    let vowel = |c: &char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let ending = match letters.as_slice() {
        [.., v, 'h'] if vowel(v) => 'V',
        [.., c] if vowel(c) => 'V',
        [.., c] => *c,
        [] => ' ',
    };
    format!("{}{ending}", aliases::skeleton(name))
}

impl Memory {
    /// A memory of string patterns (surface form, label), as "label all occurrences" makes.
    pub fn of_names(names: impl IntoIterator<Item = (String, String)>) -> Memory {
        Memory { names: names.into_iter().collect(), ..Memory::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.token_patterns.is_empty()
    }

    /// Names and patterns that apply.
    pub fn len(&self) -> usize {
        self.names.len() + self.token_patterns.len()
    }

    /// Learns the names of an article the analyst corrected. Returns how many
    /// names now apply that did not, or apply with another label.
    pub fn learn(&mut self, text: &str, gold: &[Span]) -> usize {
        let tokens = tokenize(text);
        let mut labelled: HashMap<(usize, usize), &str> = HashMap::new();
        for g in gold {
            let name = slice(text, g);
            if is_name(&name, &g.label) {
                labelled.insert((g.start, g.end), &g.label);
                *self.evidence.entry(name).or_default().labels.entry(g.label.clone()).or_default() += 1;
            }
        }
        let unlabelled: Vec<String> = mentions(self.evidence.keys(), text, &tokens)
            .into_iter()
            .filter(|(start, end, _)| !labelled.contains_key(&(*start, *end)))
            .map(|(_, _, name)| name.clone())
            .collect();
        for name in unlabelled {
            if let Some(e) = self.evidence.get_mut(&name) {
                e.other += 1;
            }
        }
        let mut changed = 0;
        for (name, evidence) in &self.evidence {
            match evidence.decision() {
                Some(label) if self.names.get(name) != Some(label) => {
                    self.names.insert(name.clone(), label.clone());
                    changed += 1;
                }
                None => {
                    self.names.remove(name);
                }
                _ => {}
            }
        }
        changed
    }

    /// Adds what a patterns file says (see [`Memory::from_patterns`]). Returns how many patterns are new.
    pub fn add_patterns(&mut self, more: Memory) -> usize {
        let mut added = 0;
        for (name, label) in more.names {
            if self.names.get(&name) != Some(&label) {
                self.evidence.remove(&name);
                self.names.insert(name, label);
                added += 1;
            }
        }
        for pattern in more.token_patterns {
            if !self.token_patterns.contains(&pattern) {
                self.token_patterns.push(pattern);
                added += 1;
            }
        }
        added
    }

    /// Applies the remembered names and patterns to the extractor's spans of `text`.
    pub fn apply(&self, text: &str, spans: Vec<Span>) -> Vec<Span> {
        self.apply_marked(text, spans).into_iter().map(|(span, _)| span).collect()
    }

    /// [`Memory::apply`], each span marked with whether the memory gave it:
    /// added it, labelled it, or knows a spelling of it with that label. (The
    /// page shows those as certain; one pass instead of applying the memory
    /// twice, once alone to find out.)
    pub fn apply_marked(&self, text: &str, spans: Vec<Span>) -> Vec<(Span, bool)> {
        if self.is_empty() {
            return spans.into_iter().map(|span| (span, false)).collect();
        }
        // Every mention of a name or pattern: (length, tie-breaker, start, end, label).
        let tokens = tokenize(text);
        let mut found: Vec<(usize, String, usize, usize, &String)> = mentions(self.names.keys(), text, &tokens)
            .into_iter()
            .map(|(start, end, name)| (end - start, name.clone(), start, end, &self.names[name]))
            .collect();
        // Other spellings of remembered names (Hafter for Haftar), as many tokens
        // long. They only fill gaps: a spelling the extractor tagged, or one the
        // analyst has been seen to label (its own evidence decides), is left alone;
        // measured, English names collide too often (London / Linden, German / Gorman).
        let variants = self.spellings();
        let longest = variants.values().map(|v| v.1).max().unwrap_or(0);
        let mut other_spellings = Vec::new();
        for i in 0..tokens.len() {
            for n in 1..=longest.min(tokens.len() - i) {
                let surface = &text[tokens[i].byte_start..tokens[i + n - 1].byte_end];
                if surface.contains('\n') || !surface.starts_with(char::is_uppercase) {
                    break;
                }
                if self.evidence.contains_key(surface) || self.names.contains_key(surface) {
                    continue;
                }
                if let Some(&(label, tokens_long)) = variants.get(&spelling_key(surface)) {
                    if tokens_long == n {
                        other_spellings.push((
                            tokens[i + n - 1].end - tokens[i].start,
                            surface.to_string(),
                            tokens[i].start,
                            tokens[i + n - 1].end,
                            label,
                        ));
                    }
                }
            }
        }
        for pattern in &self.token_patterns {
            for i in 0..tokens.len() {
                for end in pattern.match_ends(text, &tokens, i) {
                    let (start, end) = (tokens[i].start, tokens[end - 1].end);
                    found.push((end - start, pattern.pattern.to_string(), start, end, &pattern.label));
                }
            }
        }
        // The extractor's spans take the label of a name or pattern of exactly their extent.
        let mut out: Vec<(Span, bool)> = spans
            .into_iter()
            .map(|mut s| {
                let label = self.names.get(&slice(text, &s)).or_else(|| found.iter().find(|f| (f.2, f.3) == (s.start, s.end)).map(|f| f.4));
                let given = match label {
                    Some(label) => {
                        s.label = label.clone();
                        true
                    }
                    None => other_spellings.iter().any(|o| (o.2, o.3) == (s.start, s.end) && *o.4 == s.label),
                };
                (s, given)
            })
            .collect();
        found.extend(other_spellings);
        // Mentions the extractor missed: longest first (then by pattern, then by
        // position), never over another span.
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
        for (_, _, start, end, label) in found {
            if !out.iter().any(|(s, _)| s.start < end && start < s.end) {
                out.push((Span::new(start, end, label.clone()), true));
            }
        }
        out.sort_by_key(|(s, _)| (s.start, s.end));
        out
    }

    /// Remembered names by transliteration skeleton ([`spelling_key`]),
    /// with their label and length in tokens. Skeletons of fewer than
    /// [`MIN_SKELETON`] letters, or shared by names of different labels, are left out.
    fn spellings(&self) -> HashMap<String, (&String, usize)> {
        let mut by_skeleton: HashMap<String, Option<(&String, usize)>> = HashMap::new();
        for (name, label) in &self.names {
            let key = spelling_key(name);
            if key.chars().filter(|c| c.is_alphabetic()).count() <= MIN_SKELETON {
                continue;
            }
            let entry = (label, tokenize(name).len());
            by_skeleton
                .entry(key)
                .and_modify(|e| {
                    if *e != Some(entry) {
                        *e = None
                    }
                })
                .or_insert(Some(entry));
        }
        by_skeleton.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
    }

    /// The memory as Prodigy patterns JSONL: `{"label": "PERSON", "pattern": "Kikli"}` a line,
    /// then the token-attribute patterns.
    pub fn to_patterns(&self) -> String {
        let strings =
            self.names.iter().map(|(pattern, label)| serde_json::to_string(&Pattern { label: label.clone(), pattern: pattern.clone() }));
        let tokens = self.token_patterns.iter().map(serde_json::to_string);
        strings.chain(tokens).map(|line| line.unwrap_or_default() + "\n").collect()
    }

    /// Reads Prodigy patterns JSONL: string patterns and token-attribute patterns.
    pub fn from_patterns(input: &str) -> Result<Memory, PatternError> {
        let mut memory = Memory::default();
        for (i, line) in input.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let fail = |message: String| PatternError::Line { line: i + 1, message };
            let value: serde_json::Value = serde_json::from_str(line).map_err(|e| fail(format!("invalid JSON: {e}")))?;
            let label = value.get("label").and_then(|l| l.as_str()).filter(|l| !l.trim().is_empty());
            let label = label.ok_or_else(|| fail("\"label\": expected a non-empty string".into()))?;
            match value.get("pattern") {
                Some(serde_json::Value::String(p)) if !p.trim().is_empty() => {
                    memory.names.insert(p.clone(), label.to_string());
                }
                Some(list @ serde_json::Value::Array(_)) => {
                    let pattern = TokenPattern::parse(label, list).map_err(fail)?;
                    if !memory.token_patterns.contains(&pattern) {
                        memory.token_patterns.push(pattern);
                    }
                }
                _ => return Err(fail("\"pattern\": expected a non-empty string or a list of token specs".into())),
            }
        }
        Ok(memory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spans_the_memory_gives_are_marked() {
        let memory = Memory::of_names([("Rada".to_string(), "ORG".to_string())]);
        let text = "Later Kikli and Rada left; Rada spoke in Tripoli.";
        let model = vec![Span::new(6, 11, "PERSON"), Span::new(16, 20, "PERSON"), Span::new(41, 48, "GPE")];
        assert_eq!(
            memory.apply_marked(text, model.clone()),
            vec![
                (Span::new(6, 11, "PERSON"), false),
                (Span::new(16, 20, "ORG"), true),
                (Span::new(27, 31, "ORG"), true),
                (Span::new(41, 48, "GPE"), false),
            ],
            "the model's own spans unmarked; relabelled and added ones marked"
        );
        assert_eq!(memory.apply(text, model.clone()), memory.apply_marked(text, model).into_iter().map(|(s, _)| s).collect::<Vec<_>>());
    }

    #[test]
    fn names_carry_over_to_the_next_article() {
        let mut memory = Memory::default();
        let text = "Kikli met Rada in Tripoli on Monday.";
        let gold = [Span::new(0, 5, "PERSON"), Span::new(10, 14, "ORG"), Span::new(18, 25, "GPE"), Span::new(29, 35, "DATE")];
        assert_eq!(memory.learn(text, &gold), 3, "not the date");
        let next = "Later Kikli and Rada left; Kikli spoke.";
        let spans = memory.apply(next, vec![Span::new(6, 11, "ORG")]);
        assert_eq!(spans, vec![Span::new(6, 11, "PERSON"), Span::new(16, 20, "ORG"), Span::new(27, 32, "PERSON")]);
    }

    #[test]
    fn longer_names_win_wherever_they_start() {
        let memory = Memory::of_names([("Abu Salim".into(), "GPE".into()), ("Salim Brigade".into(), "ORG".into())]);
        assert_eq!(memory.apply("Abu Salim Brigade", vec![]), vec![Span::new(4, 17, "ORG")]);
    }

    #[test]
    fn only_whole_tokens_are_matched() {
        let memory = Memory::of_names([("Rome".to_string(), "GPE".to_string())]);
        assert_eq!(memory.apply("Romeo in Rome.", vec![]), vec![Span::new(9, 13, "GPE")]);
    }

    #[test]
    fn patterns_round_trip_and_errors_name_the_line() {
        let memory = Memory::of_names([("Kikli".into(), "PERSON".into()), ("Rada".into(), "ORG".into())]);
        let text = memory.to_patterns();
        assert_eq!(text, "{\"label\":\"PERSON\",\"pattern\":\"Kikli\"}\n{\"label\":\"ORG\",\"pattern\":\"Rada\"}\n");
        assert_eq!(Memory::from_patterns(&text).unwrap(), memory);
        let err = Memory::from_patterns("{\"label\":\"ORG\",\"pattern\":\"Rada\"}\n{\"label\":\"ORG\",\"pattern\":[{\"pos\":\"PROPN\"}]}")
            .unwrap_err();
        assert!(err.to_string().starts_with("line 2: \"pattern\" token 1: \"pos\" needs spaCy's tagger"), "{err}");
        let err = Memory::from_patterns("{\"label\":\"ORG\",\"pattern\":7}").unwrap_err();
        assert_eq!(err.to_string(), "line 1: \"pattern\": expected a non-empty string or a list of token specs");
    }

    #[test]
    fn a_name_often_seen_as_no_entity_is_not_applied() {
        let mut memory = Memory::default();
        memory.learn("Wall Street fell.", &[Span::new(0, 11, "ORG")]);
        assert_eq!(memory.names.get("Wall Street").map(String::as_str), Some("ORG"));
        // Twice inside a longer name: no longer reliable, so no longer applied.
        let text = "The Wall Street Journal and the Wall Street Journal.";
        assert_eq!(memory.learn(text, &[Span::new(4, 23, "ORG"), Span::new(32, 51, "ORG")]), 1, "the journal is new");
        assert_eq!(memory.evidence["Wall Street"], Evidence { labels: [("ORG".to_string(), 1)].into(), other: 2 });
        assert!(!memory.names.contains_key("Wall Street"));
        assert_eq!(memory.apply("Wall Street rose.", vec![]), vec![]);
    }

    #[test]
    fn other_spellings_of_a_name_get_its_label() {
        let mut memory = Memory::default();
        memory.learn(
            "Haftar met Misrata elders and Californians.",
            &[Span::new(0, 6, "PERSON"), Span::new(11, 18, "GPE"), Span::new(30, 42, "NORP")],
        );
        let text = "Hafter flew to Misurata, then to California.";
        assert_eq!(memory.apply(text, vec![]), vec![Span::new(0, 6, "PERSON"), Span::new(15, 23, "GPE")], "not California");
        // Another spelling only fills a gap; what the extractor tagged stays its call.
        assert_eq!(memory.apply(text, vec![Span::new(0, 6, "ORG")]), vec![Span::new(0, 6, "ORG"), Span::new(15, 23, "GPE")]);
    }

    #[test]
    fn token_patterns_label_what_they_match_and_round_trip() {
        let file = "{\"label\":\"ORG\",\"pattern\":[{\"lower\":\"house\"},{\"lower\":\"of\"},{\"lower\":\"representatives\"}]}\n{\"label\":\"PERSON\",\"pattern\":\"Kikli\"}\n";
        let memory = Memory::from_patterns(file).unwrap();
        assert_eq!(memory.len(), 2);
        let text = "Kikli addressed the house of Representatives.";
        assert_eq!(memory.apply(text, vec![]), vec![Span::new(0, 5, "PERSON"), Span::new(20, 44, "ORG")]);
        assert_eq!(Memory::from_patterns(&memory.to_patterns()).unwrap(), memory);
        let saved: Memory = serde_json::from_str(&serde_json::to_string(&memory).unwrap()).unwrap();
        assert_eq!(saved.apply(text, vec![]), memory.apply(text, vec![]), "patterns survive a save");
        assert_eq!(
            serde_json::from_str::<Memory>("{\"names\":{}}").unwrap(),
            Memory::default(),
            "saves from before evidence and token patterns load"
        );
    }
}
