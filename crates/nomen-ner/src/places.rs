//! Places the model mistakes for something else:
//! - in headlines set in capitals (`LIBYA’S PARLIAMENT APPROVES NEW
//!   GOVERNMENT`): OntoNotes has almost no such lines, so the model reads a
//!   word in capitals as an acronym, an ORG, or a PERSON. In a line with no
//!   lower-case letter, a span that is exactly a place the gazetteer knows
//!   (matched in title case, as `datelines` does) is a GPE;
//! - the beat's towns, which the lexicon knows (`lexicon::COUNTRIES_AND_CITIES`)
//!   but OntoNotes never showed the model (`Zintan’s brigades` as a PERSON):
//!   a one-word PERSON, ORG or NORP that is one of them is a GPE. Not the
//!   names that are also given names (`Chad`, `Jordan`).

use nomen_core::{Span, Token};

use crate::datelines::is_known_place;
use crate::knowledge::Gazetteer;
use crate::model::line_segments;

/// Places of the lexicon that are also given names, left to the model.
const ALSO_GIVEN_NAMES: &[&str] = &["Chad", "Jordan", "Georgia", "Washington", "Israel", "America"];

/// A PERSON, ORG or NORP that is, word for word, a town or country of the lexicon is a GPE.
pub fn relabel_known_towns(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    crate::conventions::relabel_where(spans, "GPE", |span| {
        let words = crate::conventions::tokens_within(tokens, span);
        let whole = words.first().is_some_and(|w| w.start == span.start) && words.last().is_some_and(|w| w.end == span.end);
        let town = whole
            && crate::conventions::words_text(text, words)
                .is_some_and(|name| crate::lexicon::COUNTRIES_AND_CITIES.contains(&name) && !ALSO_GIVEN_NAMES.contains(&name));
        town && matches!(span.label.as_str(), "PERSON" | "ORG" | "NORP")
    })
}

/// Labels a place in capitals is mistaken for.
const MISTAKEN: &[&str] = &["ORG", "PERSON", "PRODUCT", "WORK_OF_ART"];

pub fn relabel_headline_places(text: &str, tokens: &[Token], spans: &[Span], places: &Gazetteer) -> Vec<Span> {
    let mut out = spans.to_vec();
    for line in line_segments(text, tokens) {
        let words = &tokens[line];
        let in_capitals = words.iter().filter(|t| t.text(text).chars().any(char::is_alphabetic)).count() >= 2
            && words.iter().all(|t| !t.text(text).chars().any(char::is_lowercase));
        if !in_capitals {
            continue;
        }
        let (first, last) = (words[0].start, words[words.len() - 1].end);
        for span in out.iter_mut().filter(|s| first <= s.start && s.end <= last && MISTAKEN.contains(&s.label.as_str())) {
            let inside = crate::conventions::tokens_within(tokens, span);
            if is_known_place(text, inside, places) {
                span.label = "GPE".into();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PlaceKind;
    use crate::rule_tests::{owned, run_rule};

    fn run(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        let places = Gazetteer::from_entries(["Libya", "Tripoli", "Abu Dhabi"].map(|p| (p.to_string(), PlaceKind::City)));
        run_rule(text, spans, |text, tokens, spans| relabel_headline_places(text, tokens, spans, &places))
    }

    #[test]
    fn the_beats_towns_are_places() {
        let run = |text: &str, spans: &[(&str, &str)]| run_rule(text, spans, relabel_known_towns);
        assert_eq!(run("Zintan’s brigades fought", &[("Zintan", "PERSON")]), owned(&[("Zintan", "GPE")]));
        assert_eq!(run("forces controlled Tarhuna.", &[("Tarhuna", "PERSON")]), owned(&[("Tarhuna", "GPE")]));
        assert_eq!(run("Chad said he would run", &[("Chad", "PERSON")]), owned(&[("Chad", "PERSON")]), "also a given name");
        assert_eq!(run("talks in Abu Dhabi joining both", &[("Abu Dhabi", "ORG")]), owned(&[("Abu Dhabi", "GPE")]), "several words");
        assert_eq!(run("the Misrata Brigade", &[("Misrata Brigade", "ORG")]), owned(&[("Misrata Brigade", "ORG")]), "the whole name only");
        assert_eq!(run("the Abu Dhabi Fund", &[("Abu Dhabi Fund", "ORG")]), owned(&[("Abu Dhabi Fund", "ORG")]), "the whole name only");
    }

    #[test]
    fn a_place_in_a_headline_in_capitals_is_a_place() {
        assert_eq!(run("LIBYA’S PARLIAMENT APPROVES NEW GOVERNMENT", &[("LIBYA", "ORG")]), owned(&[("LIBYA", "GPE")]));
        assert_eq!(run("TALKS IN ABU DHABI\nBody text.", &[("ABU DHABI", "PERSON")]), owned(&[("ABU DHABI", "GPE")]));
        assert_eq!(run("LIBYA GAS CO SIGNS DEAL", &[("LIBYA GAS CO", "ORG")]), owned(&[("LIBYA GAS CO", "ORG")]), "a longer name");
        assert_eq!(run("Libya Herald said", &[("Libya", "ORG")]), owned(&[("Libya", "ORG")]), "not a line in capitals");
        assert_eq!(run("TRIPOLI", &[("TRIPOLI", "ORG")]), owned(&[("TRIPOLI", "ORG")]), "one word is no headline");
    }
}
