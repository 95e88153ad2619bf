//! Two kinds of organisation that news names and OntoNotes rarely shows the
//! model, so that it calls them PERSON (the held-out error list of issue 11):
//! - an outlet named by a newspaper's head noun (`Libya Herald`, `LIBYA
//!   OBSERVER`, `Washington Post`), which OntoNotes labels ORG almost every
//!   time; in a byline's capitals the model takes it for a name;
//! - an armed or political group with an Arabic name (`Ansar al-Sharia`,
//!   `Jaish al-Islam`, `Hizb ut-Tahrir`): the first word means supporters,
//!   army, party, front…, and an `al-` joins it to what it is of;
//! - a militia named by a word the model does not know, then a lower-case
//!   noun for an armed group (`the Radaa force`, `the Kaniyat militia`):
//!   GUIDELINES.md makes named militias ORG, and the noun says what the name is;
//! - a group founded or named after OntoNotes was written (2007): the model
//!   reads `Islamic State` as the NORP `Islamic` and a word it never saw,
//!   `Daesh`, as a name.

use nomen_core::{Span, Token};

use crate::conventions::put_over;
use crate::lexicon::is_capitalised;

/// Head nouns of newspapers and agencies, title case; matched in any case.
const OUTLET_HEADS: &[&str] = &["Herald", "Observer", "Times", "Post", "Tribune", "Journal", "Gazette", "Chronicle", "Telegraph"];

/// Labels the model gives such names by mistake, which give way to ORG.
const MISTAKEN: &[&str] = &["PERSON", "GPE", "NORP", "LOC", "PRODUCT", "FAC"];

/// Arabic nouns that open a group's name.
const GROUP_NOUNS: &[&str] =
    &["Ansar", "Jaish", "Jabhat", "Harakat", "Hizb", "Katiba", "Katibat", "Liwa", "Kataib", "Tanzim", "Jamaat", "Saraya", "Majlis"];

/// Lower-case nouns for an armed group: a PERSON just before one names the
/// group (`the Kaniyat militia`). Not `forces`: `Haftar forces` are a man's.
const ARMED_GROUP_NOUNS: &[&str] =
    &["militia", "militias", "brigade", "brigades", "battalion", "battalions", "force", "faction", "militiamen"];

/// Words that open a news agency's name in the languages of the region's
/// agencies (`Agenzia Nova`, `Agence France-Presse`, `Agencia EFE`): the
/// model knows the English word order only, and takes `Agenzia Nova` for a name.
const AGENCY_OPENERS: &[&str] = &["Agenzia", "Agence", "Agencia", "Agência", "Agentur"];

/// International news agencies and channels that report on the region, as
/// they write their names. The model knows most of them in title case; in a
/// byline's capitals (`By AIDAN LEWIS, REUTERS`) it misses them, and it reads
/// an Arabic channel's name (`Al Arabiya`) as a person's.
const OUTLETS: &[&[&str]] = &[
    &["Reuters"],
    &["Associated", "Press"],
    &["AFP"],
    &["ANSA"],
    &["Xinhua"],
    &["Anadolu"],
    &["TASS"],
    &["Al", "Jazeera"],
    &["Al", "Arabiya"],
    &["Al", "Hadath"],
    &["Asharq", "Al-Awsat"],
];

/// Organisations in the news since OntoNotes, by their names and
/// abbreviations (their English names: transliterations vary too much).
const NEWER_THAN_ONTONOTES: &[&[&str]] = &[&["Islamic", "State"], &["ISIS"], &["ISIL"], &["Daesh"], &["Wagner", "Group"]];

/// `HERALD` and `Herald` are the same head; `herald` is a verb or a noun.
/// (Called on every token: no allocation.)
fn is_outlet_head(word: &str) -> bool {
    let all_capitals = word.chars().all(|c| c.is_ascii_uppercase());
    OUTLET_HEADS.iter().any(|h| *h == word || (all_capitals && h.eq_ignore_ascii_case(word)))
}

pub fn relabel_organisations(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let spans = relabel_armed_groups(text, tokens, &relabel_groups(text, tokens, spans));
    let spans = add_agencies(text, tokens, &spans);
    let spans = add_outlets(text, tokens, &spans);
    let spans = relabel_known_organisations(text, tokens, &spans);
    let mut out = add_newer_organisations(text, tokens, &spans);
    for (head, token) in tokens.iter().enumerate() {
        if !is_outlet_head(token.text(text)) || head == 0 {
            continue;
        }
        let covering = out.iter().position(|s| s.start < token.end && token.start < s.end);
        if let Some(i) = covering {
            if !MISTAKEN.contains(&out[i].label.as_str()) || out[i].end != token.end {
                continue;
            }
        }
        // Capitalised words to the left, within the line's sentence.
        let mut first = head;
        while first > 0 && is_capitalised(tokens[first - 1].text(text)) && !tokens[first].sent_start {
            // An article or a byline's `By` opens the phrase, not the name.
            if matches!(tokens[first - 1].text(text), "The" | "THE" | "A" | "By" | "BY") {
                break;
            }
            first -= 1;
        }
        let start = covering.map_or(tokens[first].start, |i| out[i].start.min(tokens[first].start));
        if start == token.start {
            continue;
        }
        // Everything inside must be a mistaken name for the whole to become one ORG.
        let mistaken_or_part = |s: &Span| (MISTAKEN.contains(&s.label.as_str()) || s.label == "ORG") && s.start >= start;
        if put_over(&mut out, start, token.end, "ORG", mistaken_or_part) {
            out.sort_by_key(|s| (s.start, s.end));
        }
    }
    out
}

/// PERSON spans that open with an Arabic group noun joined by `al-` (or `ut-`) are ORG.
fn relabel_groups(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    relabel_as_org(spans, |span| {
        if span.label != "PERSON" {
            return false;
        }
        let words: Vec<&str> = crate::conventions::tokens_within(tokens, span).iter().map(|t| t.text(text)).collect();
        let joined = words
            .windows(2)
            .skip(1)
            .any(|w| matches!(w[0].to_lowercase().as_str(), "al" | "ul" | "ut" | "el" | "ash" | "ad") && w[1] == "-");
        words.first().is_some_and(|w| GROUP_NOUNS.contains(w)) && joined
    })
}

/// The spans, those for which `is_org` holds relabelled ORG.
fn relabel_as_org(spans: &[Span], is_org: impl Fn(&Span) -> bool) -> Vec<Span> {
    crate::conventions::relabel_where(spans, "ORG", is_org)
}

/// The first of `names` (as token sequences) that the tokens from `first` on spell, each word `same` as the name's.
fn name_at<'n>(
    text: &str,
    tokens: &[Token],
    first: usize,
    names: &'n [&'n [&'n str]],
    same: impl Fn(&str, &str) -> bool,
) -> Option<&'n [&'n str]> {
    names
        .iter()
        .copied()
        .find(|name| tokens.len() >= first + name.len() && name.iter().zip(&tokens[first..]).all(|(w, t)| same(w, t.text(text))))
}

/// A span that is exactly one of the lexicon's organisations of the beat
/// (`lexicon::KNOWN_ORGS`: `Eni`, `UNSMIL`, `NOC`…) is an ORG whatever the
/// model read it as (`Italy’s Eni` came out a PERSON).
fn relabel_known_organisations(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    relabel_as_org(spans, |span| {
        let known = crate::conventions::words_text(text, crate::conventions::tokens_within(tokens, span))
            .is_some_and(|name| crate::lexicon::KNOWN_ORGS.contains(&name));
        known && MISTAKEN.contains(&span.label.as_str())
    })
}

/// Each of [`OUTLETS`], in title case or capitals, is an ORG where the model
/// gave it a mistaken label (exactly over the name) or, in capitals, none.
fn add_outlets(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    for first in 0..tokens.len() {
        let as_written_or_in_capitals = |name: &str, written: &str| {
            name == written || (written.len() > 1 && written.eq_ignore_ascii_case(name) && !written.chars().any(char::is_lowercase))
        };
        let Some(name) = name_at(text, tokens, first, OUTLETS, as_written_or_in_capitals) else { continue };
        let (start, end) = (tokens[first].start, tokens[first + name.len() - 1].end);
        let in_capitals = tokens[first..first + name.len()].iter().all(|t| t.text(text).chars().all(|c| !c.is_lowercase()));
        let overlapping: Vec<&Span> = out.iter().filter(|s| s.start < end && start < s.end).collect();
        let mistaken = matches!(overlapping.as_slice(), [s] if s.start == start && s.end == end && MISTAKEN.contains(&s.label.as_str()));
        if mistaken || (overlapping.is_empty() && in_capitals) {
            put_over(&mut out, start, end, "ORG", |_| true);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// An [`AGENCY_OPENERS`] word and the capitalised words after it (joined by
/// hyphens) are an ORG; mistaken spans inside give way, a longer span stays.
fn add_agencies(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    let word = |i: usize| tokens.get(i).filter(|t| !t.sent_start).map(|t| t.text(text));
    for (first, token) in tokens.iter().enumerate() {
        if !AGENCY_OPENERS.contains(&token.text(text)) {
            continue;
        }
        let mut last = first;
        while let Some(w) = word(last + 1) {
            let hyphen_joined = w == "-" && word(last + 2).is_some_and(is_capitalised);
            if !(is_capitalised(w) || hyphen_joined) {
                break;
            }
            last += if hyphen_joined { 2 } else { 1 };
        }
        if last == first {
            continue;
        }
        let (start, end) = (token.start, tokens[last].end);
        let gives_way = |s: &Span| (MISTAKEN.contains(&s.label.as_str()) || s.label == "ORG") && start <= s.start && s.end <= end;
        put_over(&mut out, start, end, "ORG", gives_way);
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// PERSON spans right before an [`ARMED_GROUP_NOUNS`] noun name the group: ORG.
fn relabel_armed_groups(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    relabel_as_org(spans, |span| {
        let next = tokens.partition_point(|t| t.start < span.end);
        span.label == "PERSON" && tokens.get(next).is_some_and(|t| ARMED_GROUP_NOUNS.contains(&t.text(text)))
    })
}

/// Each name of [`NEWER_THAN_ONTONOTES`] is an ORG; a mistaken span over
/// part of it gives way, a span that holds it (`Islamic State in Libya`) stays.
fn add_newer_organisations(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    for first in 0..tokens.len() {
        let Some(name) = name_at(text, tokens, first, NEWER_THAN_ONTONOTES, |name, written| name == written) else { continue };
        let (start, end) = (tokens[first].start, tokens[first + name.len() - 1].end);
        let holds_it = |s: &Span| s.start <= start && end <= s.end && (s.start, s.end) != (start, end);
        // A mistaken label gives way, as does an ORG over part of the name; a longer ORG or anything else stays.
        let gives_way = |s: &Span| MISTAKEN.contains(&s.label.as_str()) || (s.label == "ORG" && !holds_it(s));
        put_over(&mut out, start, end, "ORG", gives_way);
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_tests::{owned, run_rule};

    fn run(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        run_rule(text, spans, relabel_organisations)
    }

    #[test]
    fn outlets_in_a_byline_are_organisations() {
        assert_eq!(
            run("By SAMI ZAPTIA, LIBYA HERALD", &[("SAMI ZAPTIA", "PERSON"), ("LIBYA HERALD", "PERSON")]),
            owned(&[("SAMI ZAPTIA", "PERSON"), ("LIBYA HERALD", "ORG")])
        );
        assert_eq!(run("told the Libya Observer on Monday", &[("Libya", "GPE")]), owned(&[("Libya Observer", "ORG")]));
        assert_eq!(run("LIBYA OBSERVER | Fighters", &[("LIBYA", "ORG")]), owned(&[("LIBYA OBSERVER", "ORG")]), "a part becomes the whole");
        assert_eq!(run("the Washington Post said", &[("Washington Post", "ORG")]), owned(&[("Washington Post", "ORG")]));
        assert_eq!(run("in the Times", &[]), owned(&[]), "no name before the head");
        assert_eq!(run("By Libya Herald reporters.", &[]), owned(&[("Libya Herald", "ORG")]), "a byline's By is not in the name");
        assert_eq!(run("at the trading post", &[]), owned(&[]));
        assert_eq!(run("Monday Times", &[("Monday", "DATE")]), owned(&[("Monday", "DATE")]), "a date is no mistaken name");
    }

    #[test]
    fn arabic_group_names_are_organisations() {
        assert_eq!(run("fighters of Ansar al-Sharia", &[("Ansar al-Sharia", "PERSON")]), owned(&[("Ansar al-Sharia", "ORG")]));
        assert_eq!(run("members of Hizb ut-Tahrir", &[("Hizb ut-Tahrir", "PERSON")]), owned(&[("Hizb ut-Tahrir", "ORG")]));
        assert_eq!(run("the activist Ansar Burney", &[("Ansar Burney", "PERSON")]), owned(&[("Ansar Burney", "PERSON")]), "a given name");
    }

    #[test]
    fn the_beats_known_organisations_are_organisations() {
        assert_eq!(run("Italy’s Eni signed", &[("Italy", "GPE"), ("Eni", "PERSON")]), owned(&[("Italy", "GPE"), ("Eni", "ORG")]));
        assert_eq!(run("the High Council of State said", &[("High Council of State", "GPE")]), owned(&[("High Council of State", "ORG")]));
        assert_eq!(run("Eni Aluko scored", &[("Eni Aluko", "PERSON")]), owned(&[("Eni Aluko", "PERSON")]), "only the whole span");
        assert_eq!(run("on Monday", &[("Monday", "DATE")]), owned(&[("Monday", "DATE")]));
    }

    #[test]
    fn agencies_and_channels_are_organisations() {
        assert_eq!(run("By AIDAN LEWIS, REUTERS", &[("AIDAN LEWIS", "PERSON")]), owned(&[("AIDAN LEWIS", "PERSON"), ("REUTERS", "ORG")]));
        assert_eq!(
            run("he told Al Arabiya on Monday", &[("Al Arabiya", "PERSON"), ("Monday", "DATE")]),
            owned(&[("Al Arabiya", "ORG"), ("Monday", "DATE")])
        );
        assert_eq!(
            run("the Reuters Institute said", &[("Reuters Institute", "ORG")]),
            owned(&[("Reuters Institute", "ORG")]),
            "a longer name"
        );
        assert_eq!(
            run("Paul Reuters said", &[("Paul Reuters", "PERSON")]),
            owned(&[("Paul Reuters", "PERSON")]),
            "part of a person's name"
        );
        assert_eq!(run("reuters", &[]), owned(&[]));
    }

    #[test]
    fn agencies_named_in_their_own_language_are_organisations() {
        assert_eq!(run("according to Agenzia Nova.", &[("Agenzia Nova", "PERSON")]), owned(&[("Agenzia Nova", "ORG")]));
        assert_eq!(run("told Agence France-Presse on Monday", &[("France", "GPE")]), owned(&[("Agence France-Presse", "ORG")]));
        assert_eq!(run("Agencia EFE reported", &[]), owned(&[("Agencia EFE", "ORG")]));
        assert_eq!(run("the Agence said", &[]), owned(&[]), "no name after it");
        assert_eq!(run("Monday", &[("Monday", "DATE")]), owned(&[("Monday", "DATE")]));
    }

    #[test]
    fn a_name_before_an_armed_group_noun_is_the_group() {
        assert_eq!(run("the Kaniyat militia held Tarhuna", &[("Kaniyat", "PERSON")]), owned(&[("Kaniyat", "ORG")]));
        assert_eq!(run("clashed with the Radaa force", &[("Radaa", "PERSON")]), owned(&[("Radaa", "ORG")]));
        assert_eq!(run("Haftar forces advanced", &[("Haftar", "PERSON")]), owned(&[("Haftar", "PERSON")]), "forces are a man's");
        assert_eq!(run("Haftar said the militia left", &[("Haftar", "PERSON")]), owned(&[("Haftar", "PERSON")]), "not next to it");
        assert_eq!(run("the Misrata brigade", &[("Misrata", "GPE")]), owned(&[("Misrata", "GPE")]), "only a mistaken PERSON");
    }

    #[test]
    fn groups_newer_than_the_training_text_are_organisations() {
        assert_eq!(run("Fighters of the Islamic State group attacked", &[("Islamic", "NORP")]), owned(&[("Islamic State", "ORG")]));
        assert_eq!(
            run("ISIS and Daesh are one group", &[("ISIS", "ORG"), ("Daesh", "PERSON")]),
            owned(&[("ISIS", "ORG"), ("Daesh", "ORG")])
        );
        assert_eq!(
            run("the Islamic State in Libya lost Sirte", &[("Islamic State in Libya", "ORG"), ("Sirte", "GPE")]),
            owned(&[("Islamic State in Libya", "ORG"), ("Sirte", "GPE")]),
            "a longer name holds it"
        );
        assert_eq!(run("an Islamic state, he said", &[("Islamic", "NORP")]), owned(&[("Islamic", "NORP")]), "a state, not the group");
        assert_eq!(run("Richard Wagner wrote operas", &[("Richard Wagner", "PERSON")]), owned(&[("Richard Wagner", "PERSON")]));
    }
}
