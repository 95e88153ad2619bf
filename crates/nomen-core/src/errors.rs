//! Kinds of extraction error, for error analysis: what an exact-match score
//! counts as one false positive and one false negative is often a single
//! mistake ("ORG read as GPE", "DATE cut short"). Each gold span and each
//! predicted span that does not match exactly is given one kind, and the
//! kinds are counted over a corpus, with an example of each.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::span::Span;

/// How a gold and a predicted span disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ErrorKind {
    /// Same boundaries, another label: `ORG → GPE`.
    Label { gold: String, predicted: String },
    /// Same label, other boundaries.
    Boundary { label: String, shape: BoundaryShape },
    /// Overlapping, with other boundaries and another label.
    LabelAndBoundary { gold: String, predicted: String },
    /// A gold span nothing overlaps.
    Missed { label: String },
    /// A predicted span no gold span overlaps.
    Spurious { label: String },
}

/// How predicted boundaries differ from gold ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum BoundaryShape {
    /// The prediction covers the gold span and more.
    TooLong,
    /// The prediction lies inside the gold span.
    TooShort,
    /// Neither contains the other.
    Shifted,
    /// Several predictions share one gold span, or one prediction several gold spans.
    Split,
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorKind::Label { gold, predicted } => write!(f, "{gold} labelled {predicted}"),
            ErrorKind::Boundary { label, shape } => {
                let shape = match shape {
                    BoundaryShape::TooLong => "too long",
                    BoundaryShape::TooShort => "too short",
                    BoundaryShape::Shifted => "shifted",
                    BoundaryShape::Split => "split or merged",
                };
                write!(f, "{label} {shape}")
            }
            ErrorKind::LabelAndBoundary { gold, predicted } => write!(f, "{gold} labelled {predicted}, other boundaries"),
            ErrorKind::Missed { label } => write!(f, "{label} missed"),
            ErrorKind::Spurious { label } => write!(f, "{label} where there is none"),
        }
    }
}

/// One kind's count and a first example (gold text → predicted text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCount {
    pub kind: ErrorKind,
    pub description: String,
    pub count: usize,
    pub example: String,
}

/// Error kinds counted over many documents.
#[derive(Debug, Clone, Default)]
pub struct ErrorTally {
    counts: BTreeMap<ErrorKind, (usize, String)>,
}

fn overlaps(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

impl ErrorTally {
    pub fn new() -> ErrorTally {
        ErrorTally::default()
    }

    /// Adds one document: `text` is used for the examples only.
    pub fn add(&mut self, text: &str, gold: &[Span], pred: &[Span]) {
        let exact: HashSet<&Span> = gold.iter().filter(|g| pred.contains(g)).collect();
        let slice = |s: &Span| -> String { text.chars().skip(s.start).take(s.end - s.start).collect() };
        let mut note = |kind: ErrorKind, example: String| {
            let entry = self.counts.entry(kind).or_insert((0, example));
            entry.0 += 1;
        };
        let wrong_gold: Vec<&Span> = gold.iter().filter(|g| !exact.contains(g)).collect();
        let wrong_pred: Vec<&Span> = pred.iter().filter(|p| !exact.contains(p)).collect();
        // Each wrong gold span is one error, judged by the predictions over it.
        for g in &wrong_gold {
            let over: Vec<&&Span> = wrong_pred.iter().filter(|p| overlaps(g, p)).collect();
            let kind = match over.as_slice() {
                [] => ErrorKind::Missed { label: g.label.clone() },
                [p] if p.start == g.start && p.end == g.end => ErrorKind::Label { gold: g.label.clone(), predicted: p.label.clone() },
                [p] if p.label == g.label => {
                    let shape = if p.start <= g.start && p.end >= g.end {
                        BoundaryShape::TooLong
                    } else if p.start >= g.start && p.end <= g.end {
                        BoundaryShape::TooShort
                    } else {
                        BoundaryShape::Shifted
                    };
                    let shape = if wrong_gold.iter().filter(|h| overlaps(h, p)).count() > 1 { BoundaryShape::Split } else { shape };
                    ErrorKind::Boundary { label: g.label.clone(), shape }
                }
                [p] => ErrorKind::LabelAndBoundary { gold: g.label.clone(), predicted: p.label.clone() },
                _ => match over.iter().find(|p| p.label != g.label) {
                    None => ErrorKind::Boundary { label: g.label.clone(), shape: BoundaryShape::Split },
                    Some(other) => ErrorKind::LabelAndBoundary { gold: g.label.clone(), predicted: other.label.clone() },
                },
            };
            let predicted: Vec<String> = over.iter().map(|p| format!("{} {}", slice(p), p.label)).collect();
            let predicted = if predicted.is_empty() { "nothing".to_string() } else { predicted.join(" + ") };
            note(kind, format!("{} {} → {}", slice(g), g.label, predicted));
        }
        // Predictions that touch no gold span are errors of their own.
        for p in wrong_pred.iter().filter(|p| !gold.iter().any(|g| overlaps(g, p))) {
            note(ErrorKind::Spurious { label: p.label.clone() }, format!("nothing → {} {}", slice(p), p.label));
        }
    }

    /// Kinds from the most frequent down (ties by kind).
    pub fn most_frequent(&self) -> Vec<ErrorCount> {
        let mut v: Vec<ErrorCount> = self
            .counts
            .iter()
            .map(|(kind, (count, example))| ErrorCount {
                kind: kind.clone(),
                description: kind.to_string(),
                count: *count,
                example: example.clone(),
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind)));
        v
    }

    /// Number of errors counted.
    pub fn total(&self) -> usize {
        self.counts.values().map(|(c, _)| c).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, gold: &[Span], pred: &[Span]) -> Vec<String> {
        let mut t = ErrorTally::new();
        t.add(text, gold, pred);
        t.most_frequent().into_iter().map(|e| e.description).collect()
    }

    #[test]
    fn each_disagreement_gets_one_kind() {
        let text = "Haftar met Dbeibeh in Tripoli on Tuesday morning.";
        let gold = [Span::new(0, 6, "PERSON"), Span::new(11, 18, "PERSON"), Span::new(22, 29, "GPE"), Span::new(33, 48, "DATE")];
        assert!(kinds(text, &gold, &gold).is_empty());
        let pred = [Span::new(0, 6, "ORG"), Span::new(22, 29, "GPE"), Span::new(33, 40, "DATE"), Span::new(49, 50, "ORG")];
        let mut got = kinds(text, &gold, &pred);
        got.sort();
        assert_eq!(got, ["DATE too short", "ORG where there is none", "PERSON labelled ORG", "PERSON missed"]);
    }

    #[test]
    fn one_prediction_over_two_names_is_a_merge() {
        let text = "Rome Paris";
        let gold = [Span::new(0, 4, "GPE"), Span::new(5, 10, "GPE")];
        let pred = [Span::new(0, 10, "GPE")];
        let t = {
            let mut t = ErrorTally::new();
            t.add(text, &gold, &pred);
            t
        };
        assert_eq!(t.total(), 2);
        assert_eq!(t.most_frequent()[0].description, "GPE split or merged");
        assert_eq!(t.most_frequent()[0].example, "Rome GPE → Rome Paris GPE");
    }
}
