//! What an analyst decided about names, remembered for the next article.
//!
//! A perceptron update from one corrected article moves weights that every
//! article shares; measured with `nomen simulate`, it costs an analyst more
//! edits on the next articles than it saves (BENCHMARKS.md). What carries over
//! on a beat is names: the analyst said "Kikli" is a PERSON and "Rada" an ORG.
//! The memory keeps those decisions and applies them to later text: a
//! token-aligned mention of a remembered name gets the analyst's label, added
//! if the extractor missed it. It is a list of Prodigy-style string patterns,
//! and reads and writes that format (`{"label", "pattern"}` a line).
//!
//! Only names are remembered: capitalised, and not dates, times, numbers or
//! titles, whose words ("Monday", "this year", "head") differ from article to
//! article. Spans the analyst deleted are not remembered as "never": measured,
//! that did more harm than good on varied news.

use std::collections::{BTreeMap, HashMap, HashSet};

use nomen_core::{tokenize, Span};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Names need this many characters to be remembered ("US" alone is too ambiguous).
const MIN_CHARS: usize = 3;

/// Labels whose words are not names.
const NOT_NAMES: &[&str] = &["DATE", "TIME", "TITLE", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Surface form → the label the analyst gave it last.
    pub names: BTreeMap<String, String>,
}

/// One line of a patterns file.
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

fn slice(text: &str, span: &Span) -> String {
    text.chars().skip(span.start).take(span.len()).collect()
}

fn is_name(surface: &str, label: &str) -> bool {
    surface.chars().count() >= MIN_CHARS
        && surface.chars().next().is_some_and(char::is_uppercase)
        && !NOT_NAMES.contains(&label)
}

impl Memory {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Learns the names of an article the analyst corrected. Returns how many were new or changed.
    pub fn learn(&mut self, text: &str, gold: &[Span]) -> usize {
        let mut new = 0;
        for g in gold {
            let name = slice(text, g);
            if is_name(&name, &g.label) && self.names.get(&name) != Some(&g.label) {
                self.names.insert(name, g.label.clone());
                new += 1;
            }
        }
        new
    }

    /// Applies the remembered names to the extractor's spans of `text`.
    pub fn apply(&self, text: &str, spans: Vec<Span>) -> Vec<Span> {
        if self.is_empty() {
            return spans;
        }
        let mut out: Vec<Span> = spans
            .into_iter()
            .map(|mut s| {
                if let Some(label) = self.names.get(&slice(text, &s)) {
                    s.label = label.clone();
                }
                s
            })
            .collect();
        // Mentions the extractor missed: longest names first (then by name, then by
        // position), never over another span. Names are looked up by their first
        // character, so the cost is the number of tokens, not tokens times names.
        let tokens = tokenize(text);
        let ends: HashSet<usize> = tokens.iter().map(|t| t.end).collect();
        let chars: Vec<char> = text.chars().collect();
        let mut by_first: HashMap<char, Vec<(Vec<char>, &String, &String)>> = HashMap::new();
        for (name, label) in &self.names {
            let want: Vec<char> = name.chars().collect();
            if let Some(&first) = want.first() {
                by_first.entry(first).or_default().push((want, name, label));
            }
        }
        let mut found: Vec<(usize, &String, usize, usize, &String)> = Vec::new();
        for t in &tokens {
            for (want, name, label) in by_first.get(&chars[t.start]).into_iter().flatten() {
                let end = t.start + want.len();
                if end <= chars.len() && chars[t.start..end] == want[..] && ends.contains(&end) {
                    found.push((want.len(), name, t.start, end, label));
                }
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| a.2.cmp(&b.2)));
        for (_, _, start, end, label) in found {
            if !out.iter().any(|s| s.start < end && start < s.end) {
                out.push(Span::new(start, end, label.clone()));
            }
        }
        out.sort_by_key(|s| (s.start, s.end));
        out
    }

    /// The memory as Prodigy patterns JSONL: `{"label": "PERSON", "pattern": "Kikli"}` a line.
    pub fn to_patterns(&self) -> String {
        self.names
            .iter()
            .map(|(pattern, label)| serde_json::to_string(&Pattern { label: label.clone(), pattern: pattern.clone() }).unwrap_or_default() + "\n")
            .collect()
    }

    /// Reads Prodigy patterns JSONL with string patterns (token-attribute patterns are refused by line).
    pub fn from_patterns(input: &str) -> Result<Memory, PatternError> {
        let mut memory = Memory::default();
        for (i, line) in input.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let fail = |message: String| PatternError::Line { line: i + 1, message };
            let value: serde_json::Value = serde_json::from_str(line).map_err(|e| fail(format!("invalid JSON: {e}")))?;
            let label = value.get("label").and_then(|l| l.as_str()).ok_or_else(|| fail("\"label\": expected a string".into()))?;
            match value.get("pattern") {
                Some(serde_json::Value::String(p)) if !p.trim().is_empty() => {
                    memory.names.insert(p.clone(), label.to_string());
                }
                Some(serde_json::Value::Array(_)) => {
                    return Err(fail("\"pattern\": token-attribute patterns are not supported yet; use a string".into()))
                }
                _ => return Err(fail("\"pattern\": expected a non-empty string".into())),
            }
        }
        Ok(memory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let memory = Memory { names: [("Abu Salim".into(), "GPE".into()), ("Salim Brigade".into(), "ORG".into())].into() };
        assert_eq!(memory.apply("Abu Salim Brigade", vec![]), vec![Span::new(4, 17, "ORG")]);
    }

    #[test]
    fn only_whole_tokens_are_matched() {
        let memory = Memory { names: [("Rome".to_string(), "GPE".to_string())].into() };
        assert_eq!(memory.apply("Romeo in Rome.", vec![]), vec![Span::new(9, 13, "GPE")]);
    }

    #[test]
    fn patterns_round_trip_and_errors_name_the_line() {
        let memory = Memory { names: [("Kikli".into(), "PERSON".into()), ("Rada".into(), "ORG".into())].into() };
        let text = memory.to_patterns();
        assert_eq!(text, "{\"label\":\"PERSON\",\"pattern\":\"Kikli\"}\n{\"label\":\"ORG\",\"pattern\":\"Rada\"}\n");
        assert_eq!(Memory::from_patterns(&text).unwrap(), memory);
        let err = Memory::from_patterns("{\"label\":\"ORG\",\"pattern\":\"Rada\"}\n{\"label\":\"ORG\",\"pattern\":[{\"lower\":\"rada\"}]}").unwrap_err();
        assert_eq!(err.to_string(), "line 2: \"pattern\": token-attribute patterns are not supported yet; use a string");
    }
}
