//! Named squares, roads, bridges and airports (GUIDELINES.md's FAC: "a named
//! building, road, square, airport, ship") that the model left unlabelled.
//!
//! OntoNotes has few of them, so the model rarely tags one, and a plural
//! possessive in the name (`Martyrs’ Square`) breaks what it does know into a
//! PERSON and nothing. A capitalised head noun of a facility after one or more
//! capitalised words is taken as a FAC with them, when the model labelled
//! neither the head nor anything that runs past the name. The heads are the
//! ones OntoNotes labels FAC almost every time they end a name (not `Street`:
//! `Wall Street` is a market, and mostly unlabelled there).

use nomen_core::{Span, Token};

use crate::lexicon::is_capitalised;

const FACILITY_HEADS: &[&str] = &["Square", "Road", "Avenue", "Boulevard", "Bridge", "Airport", "Airbase"];

/// Labels of spans inside a facility's name that give way to it.
const GIVES_WAY: &[&str] = &["PERSON", "GPE", "ORG", "NORP", "LOC", "WORK_OF_ART", "PRODUCT"];

/// Words that may sit inside a facility's name without a capital.
const NAME_GLUE: &[&str] = &["of", "al", "el", "-", "'", "’", "'s", "’s"];

/// Adds a FAC span for each unlabelled facility name; spans inside the name
/// (a PERSON `Martyrs`, a GPE `Tripoli` in `Tripoli International Airport`) give way to it.
pub fn add_facilities(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = spans.to_vec();
    for (head, token) in tokens.iter().enumerate() {
        let word = token.text(text);
        if !FACILITY_HEADS.contains(&word) || head == 0 || token.sent_start {
            continue;
        }
        if out.iter().any(|s| s.start < token.end && token.start < s.end) {
            continue;
        }
        // The name goes on past the head (`Airport Road`, `Triborough Bridge and Tunnel Authority`).
        let word_at = |i: usize| tokens.get(i).filter(|t| !t.sent_start).map(|t| t.text(text));
        let goes_on = word_at(head + 1).is_some_and(is_capitalised)
            || (matches!(word_at(head + 1), Some("and" | "&")) && word_at(head + 2).is_some_and(is_capitalised));
        if goes_on {
            continue;
        }
        // The name: capitalised words (and the glue between them) to the head's left, within the sentence.
        let mut first = head;
        while first > 0 {
            let prev = tokens[first - 1].text(text);
            let glue = NAME_GLUE.contains(&prev) && first - 1 > 0 && !tokens[first - 1].sent_start;
            if is_capitalised(prev) && !matches!(prev, "The" | "A" | "An") || glue {
                first -= 1;
                if tokens[first].sent_start {
                    break;
                }
            } else {
                break;
            }
        }
        // A name starts with a capitalised word, not with glue.
        let name_from = |mut first: usize| {
            while first < head && !is_capitalised(tokens[first].text(text)) {
                first += 1;
            }
            first
        };
        first = name_from(first);
        // A span that begins before the name and runs into it keeps its words, as does
        // one inside it that is not a name (a TITLE, a DATE).
        let name_start = tokens[first].start;
        let keeps =
            |s: &&Span| s.end > name_start && s.start < token.start && (s.start < name_start || !GIVES_WAY.contains(&s.label.as_str()));
        if let Some(end) = out.iter().filter(keeps).map(|s| s.end).max() {
            first = name_from(tokens.partition_point(|t| t.start < end));
        }
        if first == head {
            continue;
        }
        let (start, end) = (tokens[first].start, token.end);
        out.retain(|s| !(s.start >= start && s.end <= end));
        out.push(Span::new(start, end, "FAC"));
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_tests::{owned, run_rule};

    fn run(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        run_rule(text, spans, add_facilities)
    }

    #[test]
    fn a_possessive_square_is_one_facility() {
        assert_eq!(
            run("They gathered in Martyrs’ Square on Friday.", &[("Martyrs", "PERSON"), ("Friday", "DATE")]),
            owned(&[("Martyrs’ Square", "FAC"), ("Friday", "DATE")])
        );
        assert_eq!(run("They gathered in Tahrir Square.", &[]), owned(&[("Tahrir Square", "FAC")]));
        assert_eq!(
            run("Flights left Tripoli International Airport.", &[("Tripoli", "GPE")]),
            owned(&[("Tripoli International Airport", "FAC")])
        );
        assert_eq!(run("the Bridge of Sighs and the Brooklyn Bridge", &[]), owned(&[("Brooklyn Bridge", "FAC")]));
    }

    #[test]
    fn what_the_model_labelled_or_what_is_not_a_name_stays() {
        assert_eq!(
            run("on Airport Road in Tripoli", &[("Airport Road", "FAC"), ("Tripoli", "GPE")]),
            owned(&[("Airport Road", "FAC"), ("Tripoli", "GPE")])
        );
        assert_eq!(run("the road to the airport", &[]), owned(&[]));
        assert_eq!(run("the Triborough Bridge and Tunnel Authority", &[]), owned(&[]), "the name goes on");
        assert_eq!(run("Square deals were made.", &[]), owned(&[]), "a sentence's first word is no head");
        assert_eq!(run("the Road ahead", &[]), owned(&[]), "no capitalised word before it");
        // A span that runs into the name from the left keeps its words.
        assert_eq!(
            run("Prime Minister Dbeibeh Square", &[("Prime Minister", "TITLE")]),
            owned(&[("Prime Minister", "TITLE"), ("Dbeibeh Square", "FAC")])
        );
    }
}
