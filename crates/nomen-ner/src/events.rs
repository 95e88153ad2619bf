//! Named events that the model misses or reads as something else
//! (GUIDELINES.md's EVENT: "a named event: conference, operation, war"):
//! - a military operation, `Operation` and its capitalised name (`Operation
//!   Volcano of Rage`, `Operation Iraqi Freedom`), which OntoNotes labels EVENT
//!   almost every time, but whose words the model tags one by one;
//! - a named storm (`Storm Daniel`, `Hurricane Katrina`), EVENT in OntoNotes
//!   too, where the model takes the storm's given name for a PERSON;
//! - a war, revolution or uprising named by the words before its head noun
//!   (`First Libyan Civil War`, `Arab Spring`, `Cold War`), which the model
//!   reads as an ORG; an ordinal before a war is part of its name, as in
//!   GUIDELINES.md's `second Libyan Civil War`;
//! - a conference or summit named by its place (`Palermo conference`, the
//!   example GUIDELINES.md gives; OntoNotes would label only the place).

use nomen_core::{Span, Token};

use crate::lexicon::is_capitalised;

/// Words that open an event's name, the name following them.
const OPENERS: &[&[&str]] = &[&["Operation"], &["Tropical", "Storm"], &["Storm"], &["Hurricane"], &["Typhoon"], &["Cyclone"]];

/// Nouns that make a place before them the name of a meeting.
const MEETINGS: &[&str] = &["conference", "Conference", "summit", "Summit"];

/// Head nouns of a named war or revolution, capitalised.
const CONFLICT_HEADS: &[&str] = &["War", "Revolution", "Uprising", "Intifada", "Spring"];

/// Ordinals that may open a war's name.
const ORDINALS: &[&str] =
    &["first", "second", "third", "fourth", "fifth", "First", "Second", "Third", "Fourth", "Fifth", "1st", "2nd", "3rd", "4th", "5th"];

/// Labels of spans inside an event's name that give way to it.
const GIVES_WAY: &[&str] = &["PERSON", "GPE", "ORG", "NORP", "LOC", "WORK_OF_ART", "PRODUCT", "FAC"];

/// Words that may sit inside an operation's name without a capital.
const NAME_GLUE: &[&str] = &["of", "al", "el", "-"];

pub fn add_events(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    let word = |i: usize| tokens.get(i).map(|t| t.text(text));
    let mut i = 0;
    while i < tokens.len() {
        let Some(opener) = OPENERS.iter().find(|o| o.iter().enumerate().all(|(k, w)| word(i + k) == Some(*w))) else {
            i += 1;
            continue;
        };
        // The name: capitalised words after the opener, glue only between two of them.
        let mut end = i + opener.len();
        while let Some(w) = word(end) {
            let glued = NAME_GLUE.contains(&w) && word(end + 1).is_some_and(is_capitalised) && end > i + opener.len();
            if tokens[end].sent_start || !(is_capitalised(w) || glued) {
                break;
            }
            end += if glued { 2 } else { 1 };
        }
        if end > i + opener.len() {
            let (start, stop) = (tokens[i].start, tokens[end - 1].end);
            replace_with_event(&mut out, start, stop);
        }
        i = end.max(i + 1);
    }
    add_conflicts(text, tokens, &mut out);
    // `Palermo conference`: a place span, then the meeting noun.
    for (k, token) in tokens.iter().enumerate().skip(1) {
        if !MEETINGS.contains(&token.text(text)) {
            continue;
        }
        let place = out.iter().find(|s| s.label == "GPE" && s.end == tokens[k - 1].end).map(|s| s.start);
        let followed_by_name = word(k + 1).is_some_and(is_capitalised) && !tokens.get(k + 1).is_some_and(|t| t.sent_start);
        if let (Some(start), false) = (place, followed_by_name) {
            replace_with_event(&mut out, start, token.end);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// `First Libyan Civil War`, `Arab Spring`, `World War II`; and an ordinal
/// before the model's own EVENT ending in `war` (`second` + `Libyan civil war`).
fn add_conflicts(text: &str, tokens: &[Token], out: &mut Vec<Span>) {
    let word = |i: usize| tokens[i].text(text);
    for head in 1..tokens.len() {
        if !CONFLICT_HEADS.contains(&word(head)) || tokens[head].sent_start {
            continue;
        }
        // Capitalised words and ordinals to the left, within the sentence (not a sentence's `The`).
        let mut first = head;
        while first > 0 && !tokens[first].sent_start {
            let prev = word(first - 1);
            let opens_sentence = tokens[first - 1].sent_start && matches!(prev, "The" | "A" | "An" | "In" | "During" | "After");
            if (is_capitalised(prev) || ORDINALS.contains(&prev)) && !opens_sentence && !CONFLICT_HEADS.contains(&prev) {
                first -= 1;
            } else {
                break;
            }
        }
        if first == head {
            continue;
        }
        // `World War II`.
        let mut last = head;
        if tokens.get(head + 1).is_some_and(|t| matches!(t.text(text), "I" | "II" | "III")) {
            last += 1;
        }
        replace_with_event(out, tokens[first].start, tokens[last].end);
    }
    // `second` + EVENT `Libyan civil war`.
    let mut ordinals = Vec::new();
    for event in out.iter_mut().filter(|s| s.label == "EVENT") {
        let at = tokens.partition_point(|t| t.start < event.start);
        let ends_in_war = crate::conventions::tokens_within(tokens, event).last().is_some_and(|t| t.text(text).eq_ignore_ascii_case("war"));
        if at > 0 && ends_in_war && ORDINALS.contains(&word(at - 1)) {
            ordinals.push(tokens[at - 1].start);
            event.start = tokens[at - 1].start;
        }
    }
    out.retain(|s| !(s.label == "ORDINAL" && ordinals.contains(&s.start)));
}

/// Puts an EVENT over `start..end` unless a span that does not give way
/// overlaps it or one runs past it; the spans inside it go.
fn replace_with_event(out: &mut Vec<Span>, start: usize, end: usize) {
    let inside_and_giving_way = |s: &Span| start <= s.start && s.end <= end && GIVES_WAY.contains(&s.label.as_str());
    crate::conventions::put_over(out, start, end, "EVENT", inside_and_giving_way);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_tests::{owned, run_rule};

    fn run(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        run_rule(text, spans, add_events)
    }

    #[test]
    fn operations_are_events() {
        assert_eq!(run("Operation Volcano of Rage began", &[]), owned(&[("Operation Volcano of Rage", "EVENT")]));
        assert_eq!(run("during Operation Iraqi Freedom .", &[("Iraqi", "NORP")]), owned(&[("Operation Iraqi Freedom", "EVENT")]));
        assert_eq!(run("the operation ended", &[]), owned(&[]), "no name");
        assert_eq!(run("Operation of the plant stopped", &[]), owned(&[]), "glue needs a name before it");
        assert_eq!(
            run("the US-led Operation Enduring Freedom", &[("US-led Operation Enduring Freedom", "ORG")]),
            owned(&[("US-led Operation Enduring Freedom", "ORG")]),
            "a span that begins before the name keeps it"
        );
    }

    #[test]
    fn named_storms_are_events() {
        assert_eq!(
            run("Storm Daniel struck Derna", &[("Daniel", "PERSON"), ("Derna", "GPE")]),
            owned(&[("Storm Daniel", "EVENT"), ("Derna", "GPE")])
        );
        assert_eq!(run("after Hurricane Katrina", &[("Katrina", "PERSON")]), owned(&[("Hurricane Katrina", "EVENT")]));
        assert_eq!(run("a storm hit", &[]), owned(&[]));
    }

    #[test]
    fn wars_and_revolutions_are_events() {
        assert_eq!(
            run("The First Libyan Civil War ended", &[("First Libyan Civil War", "ORG")]),
            owned(&[("First Libyan Civil War", "EVENT")])
        );
        assert_eq!(run("diplomats said the Arab Spring had", &[("Arab Spring", "ORG")]), owned(&[("Arab Spring", "EVENT")]));
        assert_eq!(run("since World War II .", &[]), owned(&[("World War II", "EVENT")]));
        assert_eq!(
            run("during the second Libyan civil war, rival", &[("second", "ORDINAL"), ("Libyan civil war", "EVENT")]),
            owned(&[("second Libyan civil war", "EVENT")])
        );
        assert_eq!(run("the war ended", &[]), owned(&[]));
        assert_eq!(run("War broke out", &[]), owned(&[]), "a head that opens the sentence");
        assert_eq!(run("in Spring 2011", &[("Spring 2011", "DATE")]), owned(&[("Spring 2011", "DATE")]));
    }

    #[test]
    fn a_place_before_conference_names_the_meeting() {
        assert_eq!(
            run("at the Palermo conference in 2018", &[("Palermo", "GPE"), ("2018", "DATE")]),
            owned(&[("Palermo conference", "EVENT"), ("2018", "DATE")])
        );
        assert_eq!(
            run("the Berlin Conference on Libya", &[("Berlin", "GPE"), ("Libya", "GPE")]),
            owned(&[("Berlin Conference", "EVENT"), ("Libya", "GPE")])
        );
        assert_eq!(run("a conference in Rome", &[("Rome", "GPE")]), owned(&[("Rome", "GPE")]));
        assert_eq!(
            run("the Arab League summit", &[("Arab League", "ORG")]),
            owned(&[("Arab League", "ORG")]),
            "an organisation's meeting is not named by a place"
        );
        assert_eq!(run("the Berlin Conference Center", &[("Berlin", "GPE")]), owned(&[("Berlin", "GPE")]), "a longer name");
    }
}
