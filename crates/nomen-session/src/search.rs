//! Searching every document at once, and labelling what was found.
//!
//! An analyst who notices one missed "Misrata" wants every other one: the
//! search runs plain text or a regular expression (the `regex` crate, whose
//! matching time is linear in the text, so no pattern can hang the page)
//! over every document, case-insensitive unless asked, by default only where
//! the match is a whole word. Hits are in code points, like every offset in
//! nomen. Labelling hits is one undoable step per document
//! ([`crate::batch`]); a hit that cannot be labelled (it overlaps a span
//! with other bounds) is refused with the reason, never silently skipped.

use std::collections::BTreeMap;

use nomen_core::Span;
use regex::{Regex, RegexBuilder};
use thiserror::Error;

use crate::batch::{apply_plans, BatchOutcome, DocPlan, Refusal};
use crate::entry::DocEntry;
use crate::sorted_spans;
use crate::workspace::Workspace;

/// At most this many hits are kept (and labelled by "Label all hits").
pub const MAX_HITS: usize = 10_000;

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub pattern: String,
    /// `pattern` is a regular expression (else plain text).
    pub regex: bool,
    /// Upper and lower case differ (else they match each other).
    pub match_case: bool,
    /// Only matches that neither start nor end inside a word.
    pub whole_words: bool,
}

impl Query {
    /// Plain text, case-insensitive, whole words: what a search field does by default.
    pub fn text(pattern: &str) -> Query {
        Query { pattern: pattern.to_string(), regex: false, match_case: false, whole_words: true }
    }
}

/// Why a search could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SearchError {
    #[error("type something to search for")]
    Empty,
    #[error("not a regular expression: {0}")]
    BadPattern(String),
}

/// One place found: a document and code points `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: String,
    pub start: usize,
    pub end: usize,
}

/// The hits of one search, in workspace order, at most [`MAX_HITS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// True when there were more than [`MAX_HITS`].
    pub truncated: bool,
    /// Documents with at least one hit.
    pub docs: usize,
}

/// How a hit stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitLabel<'a> {
    /// No span touches it.
    Unlabelled,
    /// A span with exactly these bounds.
    Labelled(&'a str),
    /// Part of (or straddling) a span with other bounds.
    Overlaps(&'a Span),
}

impl HitLabel<'_> {
    /// The label, if the hit is exactly a span.
    pub fn label(&self) -> Option<&str> {
        match self {
            HitLabel::Labelled(label) => Some(label),
            _ => None,
        }
    }
}

fn compile(query: &Query) -> Result<Regex, SearchError> {
    if query.pattern.trim().is_empty() {
        return Err(SearchError::Empty);
    }
    let pattern = if query.regex { query.pattern.clone() } else { regex::escape(query.pattern.trim()) };
    RegexBuilder::new(&pattern).case_insensitive(!query.match_case).build().map_err(|e| SearchError::BadPattern(first_line(&e.to_string())))
}

/// The regex crate's messages span several lines (a caret under the
/// pattern); the last line says what is wrong.
fn first_line(message: &str) -> String {
    message.lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or(message).trim_start_matches("error: ").to_string()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every match of `query` in every document, as code points.
pub fn search(ws: &Workspace, query: &Query) -> Result<Found, SearchError> {
    let re = compile(query)?;
    let mut found = Found::default();
    for entry in ws.docs() {
        let text = entry.text();
        let before = found.hits.len();
        // Code points are counted from the previous match on, so a document is walked once.
        let (mut byte, mut chars) = (0usize, 0usize);
        for m in re.find_iter(text) {
            let matched = m.as_str();
            let trimmed_start = m.start() + (matched.len() - matched.trim_start().len());
            let trimmed_end = m.start() + matched.trim_end().len();
            if trimmed_start >= trimmed_end {
                continue;
            }
            if query.whole_words {
                let inside_before = text[..trimmed_start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_word_char(c) && text[trimmed_start..].starts_with(is_word_char));
                let inside_after =
                    text[trimmed_end..].chars().next().is_some_and(|c| is_word_char(c) && text[..trimmed_end].ends_with(is_word_char));
                if inside_before || inside_after {
                    continue;
                }
            }
            if found.hits.len() == MAX_HITS {
                found.truncated = true;
                break;
            }
            chars += text[byte..trimmed_start].chars().count();
            let start = chars;
            chars += text[trimmed_start..trimmed_end].chars().count();
            byte = trimmed_end;
            found.hits.push(Hit { doc: entry.id().to_string(), start, end: chars });
        }
        found.docs += usize::from(found.hits.len() > before);
        if found.truncated {
            break;
        }
    }
    Ok(found)
}

/// How the hit `start..end` of `entry` is labelled now.
pub fn hit_label(entry: &DocEntry, start: usize, end: usize) -> HitLabel<'_> {
    if let Some(span) = entry.span(start, end) {
        return HitLabel::Labelled(&span.label);
    }
    match sorted_spans::first_overlap(entry.spans(), start, end, None) {
        Some(i) => HitLabel::Overlaps(&entry.spans()[i]),
        None => HitLabel::Unlabelled,
    }
}

/// A hit in its sentence: up to `width` characters either side, on one line.
pub fn concordance(entry: &DocEntry, start: usize, end: usize, width: usize) -> (String, String, String) {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let left_start = start.saturating_sub(width);
    let right_end = (end + width).min(entry.len_chars());
    let left = one_line(entry.slice(left_start, start));
    let right = one_line(entry.slice(end, right_end));
    // A leading/trailing space shows the word gap the join removed.
    let space_before = entry.slice(start.saturating_sub(1), start).chars().all(char::is_whitespace) && start > 0;
    let space_after = entry.slice(end, end + 1).chars().all(char::is_whitespace) && end < entry.len_chars();
    (
        if space_before { format!("{left} ") } else { left },
        entry.slice(start, end).to_string(),
        if space_after { format!(" {right}") } else { right },
    )
}

/// Which hits to label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labelling {
    /// Unlabelled hits only: a hit already labelled (whatever the label) is left alone.
    Unlabelled,
    /// Every hit: an unlabelled one gets the label, a labelled one is relabelled.
    All,
}

/// Labels `hits` as `label`: one undoable step per document; a hit that
/// overlaps a span with other bounds (or text that cannot be a span) is
/// refused with the reason.
pub fn label_hits(ws: &mut Workspace, hits: &[Hit], label: &str, which: Labelling) -> BatchOutcome {
    let mut outcome = BatchOutcome::default();
    if ws.schema().get(label).is_none() {
        outcome.refused.extend(hits.iter().map(|h| Refusal {
            doc: h.doc.clone(),
            start: h.start,
            end: h.end,
            text: String::new(),
            reason: format!("unknown label {label}"),
        }));
        return outcome;
    }
    let index: std::collections::HashMap<&str, usize> = ws.docs().iter().enumerate().map(|(i, d)| (d.id(), i)).collect();
    let mut plans: BTreeMap<usize, DocPlan> = BTreeMap::new();
    for hit in hits {
        let refuse = |reason: String, text: String| Refusal { doc: hit.doc.clone(), start: hit.start, end: hit.end, text, reason };
        let Some(&i) = index.get(hit.doc.as_str()) else {
            outcome.refused.push(refuse("the document is no longer in the workspace".into(), String::new()));
            continue;
        };
        let entry = &ws.docs()[i];
        let text = entry.slice(hit.start, hit.end).to_string();
        if hit.end > entry.len_chars() || hit.start >= hit.end || text.trim() != text {
            outcome.refused.push(refuse("the text there is not a whole name any more".into(), text));
            continue;
        }
        let plan = plans.entry(i).or_default();
        match hit_label(entry, hit.start, hit.end) {
            HitLabel::Labelled(current) if current == label => outcome.unchanged += 1,
            HitLabel::Labelled(_) if which == Labelling::Unlabelled => outcome.unchanged += 1,
            HitLabel::Labelled(_) => {
                plan.remove.push((hit.start, hit.end));
                plan.add.push(Span::new(hit.start, hit.end, label));
                plan.places += 1;
            }
            HitLabel::Overlaps(other) => outcome.refused.push(refuse(
                format!("overlaps “{}” ({}) — remove or shrink that span first", entry.slice(other.start, other.end), other.label),
                text,
            )),
            HitLabel::Unlabelled => {
                // Two hits of one search never overlap (regex matches do not), but be sure.
                if plan.add.iter().any(|s| s.start < hit.end && hit.start < s.end) {
                    outcome.refused.push(refuse("overlaps another hit".into(), text));
                    continue;
                }
                plan.add.push(Span::new(hit.start, hit.end, label));
                plan.places += 1;
            }
        }
    }
    apply_plans(ws, plans, &mut outcome);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocStatus;
    use nomen_core::Document;

    fn ws() -> Workspace {
        let mut ws = Workspace::default();
        let mut a = Document::new("Misrata and MISRATA. Misratan forces left Misrata.");
        a.id = Some("a".into());
        a.spans = vec![Span::new(0, 7, "GPE")];
        let mut b = Document::new("🇱🇾 Misrata port; the Misrata Brigade.");
        b.id = Some("b".into());
        b.spans = vec![Span::new(21, 36, "ORG")];
        ws.add_documents(vec![a, b]).unwrap();
        ws
    }

    fn bounds(found: &Found) -> Vec<(&str, usize, usize)> {
        found.hits.iter().map(|h| (h.doc.as_str(), h.start, h.end)).collect()
    }

    #[test]
    fn plain_text_is_case_insensitive_whole_words_in_code_points() {
        let ws = ws();
        let found = search(&ws, &Query::text("misrata")).unwrap();
        // "Misratan" is not a whole-word match; the flag emoji is two code points.
        assert_eq!(bounds(&found), [("a", 0, 7), ("a", 12, 19), ("a", 42, 49), ("b", 3, 10), ("b", 21, 28)]);
        assert_eq!(found.docs, 2);
        let b = ws.doc("b").unwrap();
        assert_eq!(b.slice(3, 10), "Misrata");

        let cased = Query { match_case: true, ..Query::text("MISRATA") };
        assert_eq!(bounds(&search(&ws, &cased).unwrap()), [("a", 12, 19)]);
        let parts = Query { whole_words: false, ..Query::text("misrata") };
        assert_eq!(search(&ws, &parts).unwrap().hits.len(), 6);
        let dot = Query { whole_words: false, ..Query::text("a.") };
        let dots: Vec<&str> = search(&ws, &dot).unwrap().hits.iter().map(|h| ws.doc(&h.doc).unwrap().slice(h.start, h.end)).collect();
        assert_eq!(dots, ["A.", "a."], "plain text is literal: the dot is no wildcard");
    }

    #[test]
    fn regular_expressions_and_their_errors() {
        let ws = ws();
        let re = Query { regex: true, match_case: true, ..Query::text(r"Misrat\w{2}") };
        assert_eq!(bounds(&search(&ws, &re).unwrap()), [("a", 21, 29)]);
        let bad = Query { regex: true, ..Query::text("Misrata(") };
        let err = search(&ws, &bad).unwrap_err().to_string();
        assert!(err.starts_with("not a regular expression: "), "{err}");
        assert!(!err.contains('\n'));
        assert_eq!(search(&ws, &Query::text("  ")).unwrap_err(), SearchError::Empty);
        let spaced = Query { regex: true, ..Query::text(r"\s+port") };
        assert_eq!(bounds(&search(&ws, &spaced).unwrap()), [("b", 11, 15)], "whitespace is trimmed off a hit");
        let empty = Query { regex: true, ..Query::text("x*") };
        assert!(search(&ws, &empty).unwrap().hits.is_empty(), "empty matches are no hits");
    }

    #[test]
    fn concordance_and_current_labels() {
        let ws = ws();
        let a = ws.doc("a").unwrap();
        assert_eq!(concordance(a, 12, 19, 8), ("ata and ".to_string(), "MISRATA".to_string(), ". Misrat".to_string()));
        assert_eq!(hit_label(a, 0, 7), HitLabel::Labelled("GPE"));
        assert_eq!(hit_label(a, 12, 19), HitLabel::Unlabelled);
        let b = ws.doc("b").unwrap();
        assert!(matches!(hit_label(b, 21, 28), HitLabel::Overlaps(s) if s.label == "ORG"));
    }

    #[test]
    fn labelling_hits_is_one_step_per_document_with_refusals_listed() {
        let mut ws = ws();
        let found = search(&ws, &Query::text("Misrata")).unwrap();
        let outcome = label_hits(&mut ws, &found.hits, "GPE", Labelling::Unlabelled);
        assert_eq!(outcome.changed, 3);
        assert_eq!(outcome.docs, ["a", "b"]);
        assert_eq!(outcome.unchanged, 1, "the labelled one stays");
        assert_eq!(outcome.refused.len(), 1);
        let refusal = &outcome.refused[0];
        assert_eq!((refusal.doc.as_str(), refusal.start, refusal.text.as_str()), ("b", 21, "Misrata"));
        assert_eq!(refusal.reason, "overlaps “Misrata Brigade” (ORG) — remove or shrink that span first");
        assert_eq!(
            outcome.summary("Labelled", "as GPE"),
            "Labelled 3 spans as GPE in 2 documents (one undo step each); 1 already so; 1 refused, listed below."
        );
        let a = ws.doc("a").unwrap();
        assert_eq!(a.spans().len(), 3);
        assert_eq!(a.undo_depth(), 1);
        assert_eq!(a.status(), DocStatus::Edited);
        ws.undo("a").unwrap();
        assert_eq!(ws.doc("a").unwrap().spans(), [Span::new(0, 7, "GPE")]);

        // Relabelling every hit, including the labelled one.
        let found = search(&ws, &Query::text("Misrata")).unwrap();
        let outcome = label_hits(&mut ws, &found.hits[..3], "LOC", Labelling::All);
        assert_eq!((outcome.changed, outcome.unchanged), (3, 0));
        assert_eq!(ws.doc("a").unwrap().spans().iter().filter(|s| s.label == "LOC").count(), 3);
        let unknown = label_hits(&mut ws, &found.hits, "NOPE", Labelling::All);
        assert_eq!((unknown.changed, unknown.refused.len()), (0, 5));
    }
}
