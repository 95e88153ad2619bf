//! Exact-match span scoring: a predicted span counts only if start, end and
//! label all equal a gold span's (the CoNLL / spaCy `ents_p/r/f` convention).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores accumulated over many documents.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    per_label: BTreeMap<String, Counts>,
    /// When set, spans with other labels are ignored on both sides.
    only: Option<HashSet<String>>,
}

impl Scorer {
    pub fn new() -> Scorer {
        Scorer::default()
    }

    /// Scores only these labels (others are dropped from gold and prediction alike).
    pub fn restricted_to<I: IntoIterator<Item = S>, S: Into<String>>(labels: I) -> Scorer {
        Scorer { per_label: BTreeMap::new(), only: Some(labels.into_iter().map(Into::into).collect()) }
    }

    fn keeps(&self, label: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(label))
    }

    /// Adds one document's gold and predicted spans.
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        let gold: HashSet<&Span> = gold.iter().filter(|s| self.keeps(&s.label)).collect();
        let pred: HashSet<&Span> = pred.iter().filter(|s| self.keeps(&s.label)).collect();
        for s in &pred {
            let c = self.per_label.entry(s.label.clone()).or_default();
            if gold.contains(s) {
                c.tp += 1
            } else {
                c.fp += 1
            }
        }
        for s in gold.difference(&pred) {
            self.per_label.entry(s.label.clone()).or_default().fn_ += 1;
        }
    }

    pub fn report(&self) -> Report {
        let mut overall = Counts::default();
        for c in self.per_label.values() {
            overall.add(*c);
        }
        let per_label = self.per_label.iter().map(|(l, c)| LabelScore::new(l, *c)).collect();
        Report { per_label, overall: LabelScore::new("ALL", overall) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelScore {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Number of gold spans.
    pub support: usize,
    pub counts: Counts,
}

impl LabelScore {
    fn new(label: &str, counts: Counts) -> LabelScore {
        LabelScore {
            label: label.to_string(),
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            support: counts.tp + counts.fn_,
            counts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub per_label: Vec<LabelScore>,
    pub overall: LabelScore,
}

impl Report {
    pub fn get(&self, label: &str) -> Option<&LabelScore> {
        self.per_label.iter().find(|s| s.label == label)
    }

    /// A fixed-width table for terminals and Markdown code blocks.
    pub fn to_table(&self) -> String {
        let mut out = format!("{:<12} {:>6} {:>6} {:>6} {:>7}\n", "label", "P", "R", "F1", "gold");
        for s in self.per_label.iter().chain(std::iter::once(&self.overall)) {
            out += &format!("{:<12} {:>6.3} {:>6.3} {:>6.3} {:>7}\n", s.label, s.precision, s.recall, s.f1, s.support);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let gold = [Span::new(0, 4, "GPE"), Span::new(10, 16, "PERSON")];
        let pred = [Span::new(0, 4, "GPE"), Span::new(10, 15, "PERSON"), Span::new(20, 23, "ORG")];
        let mut scorer = Scorer::new();
        scorer.add(&gold, &pred);
        let report = scorer.report();
        assert_eq!(report.get("GPE").unwrap().f1, 1.0);
        let person = report.get("PERSON").unwrap();
        assert_eq!((person.counts.tp, person.counts.fp, person.counts.fn_), (0, 1, 1));
        assert_eq!(report.overall.counts, Counts { tp: 1, fp: 2, fn_: 1 });
        assert!((report.overall.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((report.overall.recall - 0.5).abs() < 1e-9);
    }

    #[test]
    fn restriction_drops_other_labels() {
        let mut scorer = Scorer::restricted_to(["GPE"]);
        scorer.add(&[Span::new(0, 4, "GPE"), Span::new(5, 9, "CARDINAL")], &[Span::new(0, 4, "GPE")]);
        assert_eq!(scorer.report().overall.f1, 1.0);
    }
}
