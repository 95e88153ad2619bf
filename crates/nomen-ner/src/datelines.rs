//! Datelines: the place, date and agency that open a wire story
//! (`TRIPOLI, Dec 3 (Reuters) -`, `BENGHAZI, Libya (AP) —`,
//! `ROME (AGENZIA NOVA) -`, `(ANSAmed) - TRIPOLI, MAY 3 -`, `Rome— In a rather…`).
//!
//! OntoNotes has none, so the model reads the place in capitals as an
//! acronym or a name, the date after it as a name, and the story's first word
//! as the middle of a sentence (`ROME - Libyan Prime Minister …` loses its
//! NORP). The dateline's shape says what each part is: the dash ends it, the
//! story starts after it ([`mark_story_starts`], before tagging), and the
//! parts are labelled after tagging ([`label_datelines`]).
//!
//! A line opens with a dateline when it reads: a place (one to three words in
//! capitals, or a place name the gazetteer knows in title case), then
//! optionally `, Region` (a place the gazetteer knows), `, Month Day[, Year]` and `(Agency)`, then a dash
//! (a hyphen only after one of those), and the story on the same line.

use std::ops::Range;

use nomen_core::{Span, Token};

use crate::knowledge::Gazetteer;
use crate::lexicon::{is_capitalised, normalize_word};

/// Months as a dateline writes them, lower-cased: the full name, or a
/// wire service's abbreviation (with its period, if any, in the token).
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
    "sept.", "oct.", "nov.", "dec.",
];

/// The parts of one dateline, as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub place: Range<usize>,
    pub region: Option<Range<usize>>,
    pub date: Option<Range<usize>>,
    pub agency: Option<Range<usize>>,
    /// The dash that ends the dateline.
    pub dash: usize,
}

/// Sets `sent_start` on the first word after each dateline: the story's first sentence starts there.
pub fn mark_story_starts(text: &str, tokens: &mut [Token], places: &Gazetteer) {
    for dateline in find_datelines(text, tokens, places) {
        if let Some(next) = tokens.get_mut(dateline.dash + 1) {
            next.sent_start = true;
        }
    }
}

/// Labels each dateline's parts: the place GPE (when the gazetteer knows it,
/// a region follows it, or the model did not call it an ORG), the region
/// GPE, the date DATE, the agency ORG. Spans of the model over those parts give way.
pub fn label_datelines(text: &str, tokens: &[Token], spans: &[Span], places: &Gazetteer) -> Vec<Span> {
    let datelines = find_datelines(text, tokens, places);
    if datelines.is_empty() {
        return spans.to_vec();
    }
    let mut out = spans.to_vec();
    for d in datelines {
        let span_of = |r: &Range<usize>, label: &str| Span::new(tokens[r.start].start, tokens[r.end - 1].end, label);
        let model_says_org =
            out.iter().any(|s| s.label == "ORG" && s.start == tokens[d.place.start].start && s.end == tokens[d.place.end - 1].end);
        let mut parts = Vec::new();
        if d.region.is_some() || !model_says_org || is_known_place(text, &tokens[d.place.clone()], places) {
            parts.push(span_of(&d.place, "GPE"));
        }
        if let Some(r) = &d.region {
            parts.push(span_of(r, "GPE"));
        }
        if let Some(r) = &d.date {
            parts.push(span_of(r, "DATE"));
        }
        if let Some(r) = &d.agency {
            parts.push(span_of(r, "ORG"));
        }
        for part in parts {
            out.retain(|s| s.end <= part.start || part.end <= s.start);
            out.push(part);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// Every dateline in the text, one at most per line, at the line's start.
pub fn find_datelines(text: &str, tokens: &[Token], places: &Gazetteer) -> Vec<Dateline> {
    (0..tokens.len())
        .filter(|&i| i == 0 || text[tokens[i - 1].byte_end..tokens[i].byte_start].contains('\n'))
        .filter_map(|i| dateline_at(text, tokens, i, places))
        .collect()
}

fn dateline_at(text: &str, tokens: &[Token], line_start: usize, places: &Gazetteer) -> Option<Dateline> {
    let word = |i: usize| tokens.get(i).map(|t| t.text(text));
    // Another line begins: the dateline ends with its line.
    let same_line = |i: usize| i < tokens.len() && !text[tokens[i - 1].byte_end..tokens[i].byte_start].contains('\n');
    // `(Agency)` at token `i`: one to four capitalised words in parentheses.
    let agency_at = |i: usize| {
        let start = i + 1;
        let mut end = start;
        while end < start + 4 && same_line(end) && word(end).is_some_and(|w| is_capitalised(w) || w == "&") {
            end += 1;
        }
        (word(i) == Some("(") && end > start && word(end) == Some(")") && same_line(end)).then_some(start..end)
    };

    // An Italian agency's style puts itself first: `(ANSAmed) - TRIPOLI, MAY 3 - …`.
    let mut agency = None;
    let mut first = line_start;
    if let Some(leading) = agency_at(line_start) {
        let dash = leading.end + 1;
        if !(same_line(dash) && word(dash).is_some_and(|w| matches!(normalize_word(w).as_ref(), "-" | "--")) && same_line(dash + 1)) {
            return None;
        }
        first = dash + 1;
        agency = Some(leading);
    }

    let mut i = first;
    while i < first + 3 && (i == first || same_line(i)) && word(i).is_some_and(is_in_capitals) {
        i += 1;
    }
    let place = if i > first {
        first..i
    } else {
        // A place name in title case, if the gazetteer knows it (`Rome—`, `Tripoli (Reuters) -`).
        let known = (first + 1..=(first + 3).min(tokens.len())).rev().find(|&end| {
            tokens[first..end].iter().all(|t| is_capitalised(t.text(text))) && is_known_place(text, &tokens[first..end], places)
        })?;
        first..known
    };
    if place.clone().map(|j| letters(tokens[j].text(text))).sum::<usize>() < 3 {
        return None;
    }
    i = place.end;

    // `, Region` (not a month: that is the date).
    let mut region = None;
    if word(i) == Some(",") && same_line(i) && same_line(i + 1) && word(i + 1).is_some_and(|w| is_capitalised(w) && !is_month(w)) {
        let start = i + 1;
        let mut end = start;
        while end < start + 3 && same_line(end) && word(end).is_some_and(|w| is_capitalised(w) && !is_month(w)) {
            end += 1;
        }
        // Not a place: a sentence in capitals (`CALIFORNIA, A TREND - SETTER in franchising …`).
        if !is_known_place(text, &tokens[start..end], places) {
            return None;
        }
        region = Some(start..end);
        i = end;
    }

    // `[,] Month Day[, Year]`.
    let mut date = None;
    let month_at = if word(i) == Some(",") && same_line(i) { i + 1 } else { i };
    if same_line(month_at) && word(month_at).is_some_and(is_month) && same_line(month_at + 1) && word(month_at + 1).is_some_and(is_day) {
        let mut end = month_at + 2;
        if word(end) == Some(",") && same_line(end + 1) && word(end + 1).is_some_and(is_year) {
            end += 2;
        } else if same_line(end) && word(end).is_some_and(is_year) {
            end += 1;
        }
        date = Some(month_at..end);
        i = end;
    }

    // `(Agency)`.
    if word(i) == Some("(") && same_line(i) {
        let after_place = agency_at(i)?;
        i = after_place.end + 1;
        agency = Some(after_place);
    }

    // A hyphen after a bare place is a compound (`Georgia - Pacific`, `HOME - SALE`): it takes a dash.
    let bare = region.is_none() && date.is_none() && agency.is_none();
    let hyphen = |i: usize| same_line(i) && word(i) == Some("-");
    let dash = if hyphen(i) && hyphen(i + 1) {
        // `--`, as two tokens.
        i += 1;
        true
    } else {
        word(i).filter(|_| same_line(i)).is_some_and(|w| match normalize_word(w).as_ref() {
            "--" => true,
            "-" => !bare,
            _ => false,
        })
    };
    // The story starts on the dateline's line (a company and its town over a paragraph do not),
    // in small letters (a line all in capitals is a headline, whatever its commas and dashes).
    let mut story = (i + 1..tokens.len()).take_while(|&j| same_line(j)).map(|j| tokens[j].text(text));
    let story_in_small_letters = story.any(|w| w.chars().any(char::is_lowercase));
    (dash && story_in_small_letters).then_some(Dateline { place, region, date, agency, dash: i })
}

/// Letters, all of them capitals, and more than one (`TRIPOLI`, `N'DJAMENA`; not `A`).
fn is_in_capitals(word: &str) -> bool {
    letters(word) >= 2
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
        && word.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c))
}

fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

fn is_month(word: &str) -> bool {
    MONTHS.contains(&word.to_lowercase().as_str())
}

fn is_day(word: &str) -> bool {
    word.len() <= 2 && word.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// The words, written in title case (`ABU DHABI` → `Abu Dhabi`), are one place name the gazetteer knows.
pub(crate) fn is_known_place(text: &str, words: &[Token], places: &Gazetteer) -> bool {
    let titled: Vec<String> = words.iter().map(|t| title_case(&normalize_word(t.text(text)))).collect();
    let titled: Vec<&str> = titled.iter().map(String::as_str).collect();
    let marks = places.marks(&titled);
    // One name over all the words: its first word begins it (part 0, or 3 for a one-word name).
    !marks.is_empty() && marks.iter().all(|&m| m != 0) && matches!((marks[0] - 1) % 4, 0 | 3) && {
        let last = (marks[marks.len() - 1] - 1) % 4;
        if marks.len() == 1 {
            last == 3
        } else {
            last == 2
        }
    }
}

fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut at_start = true;
    for c in word.chars() {
        if at_start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        at_start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PlaceKind;

    fn places() -> Gazetteer {
        Gazetteer::from_entries(["Tripoli", "Benghazi", "Libya", "Rome", "Abu Dhabi", "Misrata"].map(|p| (p.to_string(), PlaceKind::City)))
    }

    fn labelled(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        crate::rule_tests::run_rule(text, spans, |text, tokens, spans| label_datelines(text, tokens, spans, &places()))
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        crate::rule_tests::owned(pairs)
    }

    #[test]
    fn a_wire_dateline_is_a_place_a_date_and_an_agency() {
        let text = "TRIPOLI, Dec 3 (Reuters) - The Islamic State group claimed the attack.";
        assert_eq!(
            labelled(text, &[("TRIPOLI", "ORG"), ("Dec 3", "PERSON"), ("Reuters", "ORG")]),
            owned(&[("TRIPOLI", "GPE"), ("Dec 3", "DATE"), ("Reuters", "ORG")])
        );
    }

    #[test]
    fn a_region_and_a_year_belong_to_the_dateline() {
        let text = "MISRATA, Libya, Jan. 5, 2024 (Reuters) — Fighting resumed.";
        assert_eq!(labelled(text, &[]), owned(&[("MISRATA", "GPE"), ("Libya", "GPE"), ("Jan. 5, 2024", "DATE"), ("Reuters", "ORG")]));
    }

    #[test]
    fn a_place_of_two_words_and_an_agency_in_capitals() {
        let text = "ABU DHABI (AGENZIA NOVA) -- The UAE said.";
        assert_eq!(labelled(text, &[("ABU DHABI", "PERSON"), ("NOVA", "FAC")]), owned(&[("ABU DHABI", "GPE"), ("AGENZIA NOVA", "ORG")]));
    }

    #[test]
    fn an_unknown_place_the_model_calls_an_organisation_stays_one() {
        // `UNITED NATIONS (AP) —` opens stories written at the UN's headquarters.
        let text = "UNITED NATIONS (AP) — The Security Council voted.";
        assert_eq!(labelled(text, &[("UNITED NATIONS", "ORG")]), owned(&[("UNITED NATIONS", "ORG"), ("AP", "ORG")]));
        // Unknown to the gazetteer but not an organisation: still the place.
        assert_eq!(labelled("ZAWIYA (Reuters) - Clashes.", &[("ZAWIYA", "PERSON")]), owned(&[("ZAWIYA", "GPE"), ("Reuters", "ORG")]));
    }

    #[test]
    fn an_agency_may_come_first() {
        let text = "(ANSAmed) - TRIPOLI, MAY 3 - The Libyan parliament met.";
        assert_eq!(
            labelled(text, &[("TRIPOLI", "ORG"), ("MAY 3", "PERSON")]),
            owned(&[("ANSAmed", "ORG"), ("TRIPOLI", "GPE"), ("MAY 3", "DATE")])
        );
        // Parentheses that open a line and go on otherwise are no dateline.
        let text = "(Reuters) said nothing.";
        assert_eq!(find_datelines(text, &nomen_core::tokenize(text), &places()), vec![]);
    }

    #[test]
    fn a_known_place_in_title_case_opens_a_dateline_too() {
        assert_eq!(labelled("Rome— In a rather surprising move", &[]), owned(&[("Rome", "GPE")]));
    }

    #[test]
    fn only_a_line_that_opens_with_one_and_ends_in_a_dash() {
        // Capitals without the dash are a headline; a dash mid-line is not a dateline.
        for text in [
            "BREAKING NEWS: Haftar meets Dbeibah",
            "HAFTAR MEETS DBEIBAH",
            "He said TRIPOLI - and nothing else.",
            "The LNA - as before",
            // A hyphen after a bare place is a compound; a line that ends at the dash heads a paragraph.
            "Georgia - Pacific's sales climbed.",
            "FAST - FOOD chains are in a slump.",
            "CENTRUST SAVINGS BANK (Miami) --\nMoody's downgraded its debt.",
            "SIMILARLY, WHEN CHEN SHUI - BIAN NEGOTIATES WITH BEIJING, NO ONE WILL OBJECT",
            "CALIFORNIA, A TREND - SETTER in franchising rules, stirs a controversy.",
        ] {
            let tokens = nomen_core::tokenize(text);
            assert_eq!(find_datelines(text, &tokens, &places()), vec![], "{text}");
        }
        // A second line can open with one.
        let text = "A headline\nBENGHAZI (AP) — Forces loyal to Khalifa Haftar attacked.";
        assert_eq!(
            labelled(text, &[("BENGHAZI", "PERSON"), ("Khalifa Haftar", "PERSON")]),
            owned(&[("BENGHAZI", "GPE"), ("AP", "ORG"), ("Khalifa Haftar", "PERSON")])
        );
    }

    #[test]
    fn the_story_starts_after_the_dash() {
        let text = "ROME (Reuters) - Libyan Prime Minister Abdul Hamid Dbeibah met them.";
        let mut tokens = nomen_core::tokenize(text);
        let libyan = tokens.iter().position(|t| t.text(text) == "Libyan").unwrap();
        assert!(!tokens[libyan].sent_start);
        mark_story_starts(text, &mut tokens, &places());
        assert!(tokens[libyan].sent_start);
    }
}
