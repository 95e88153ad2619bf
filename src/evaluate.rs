//! Comparing annotations in the app: the current work against a gold file, or
//! two analysts' exports against each other (agreement). Pure, and scored by
//! the same exact-match scorer as `nomen eval`.

use std::collections::HashMap;

use nomen_core::eval::{Report, Scorer};
use nomen_core::Document;

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub reference: String,
    pub compared: String,
    pub report: Report,
    /// Documents found on both sides (by id, else by identical text).
    pub matched: usize,
    /// Reference documents with no counterpart, which are not scored.
    pub unmatched: usize,
}

/// Scores `compared` against `reference`, document by document.
pub fn compare(reference_name: &str, reference: &[Document], compared_name: &str, compared: &[Document]) -> Result<Comparison, String> {
    let by_id: HashMap<&str, &Document> = compared.iter().filter_map(|d| Some((d.id.as_deref()?, d))).collect();
    let by_text: HashMap<&str, &Document> = compared.iter().map(|d| (d.text.as_str(), d)).collect();
    let mut scorer = Scorer::new();
    let (mut matched, mut unmatched) = (0, 0);
    for r in reference {
        let found = r.id.as_deref().and_then(|id| by_id.get(id)).filter(|c| c.text == r.text).or_else(|| by_text.get(r.text.as_str()));
        match found {
            Some(c) => {
                scorer.add(&r.spans, &c.spans);
                matched += 1;
            }
            None => unmatched += 1,
        }
    }
    if matched == 0 {
        return Err(format!("no document of {reference_name} is in {compared_name} (documents are matched by id and text)"));
    }
    Ok(Comparison { reference: reference_name.into(), compared: compared_name.into(), report: scorer.report(), matched, unmatched })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::Span;

    fn doc(id: &str, text: &str, spans: Vec<Span>) -> Document {
        Document::new(text).with_id(id).with_spans(spans)
    }

    #[test]
    fn documents_match_by_id_or_text_and_are_scored_exactly() {
        let gold = [doc("a", "Haftar in Rome", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "GPE")]), doc("b", "Misrata", vec![])];
        let work = [doc("other-id", "Haftar in Rome", vec![Span::new(0, 6, "PERSON"), Span::new(10, 14, "ORG")])];
        let c = compare("gold.jsonl", &gold, "this work", &work).unwrap();
        assert_eq!((c.matched, c.unmatched), (1, 1));
        assert_eq!(c.report.get("PERSON").unwrap().f1, 1.0);
        assert_eq!(c.report.overall.f1, 0.5);
        assert!(compare("gold.jsonl", &gold[1..], "this work", &work).unwrap_err().starts_with("no document of gold.jsonl"));
    }
}
