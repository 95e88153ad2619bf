//! A rule baseline: gazetteers, capitalisation and date patterns.
//!
//! It is a baseline and says so: it has no statistics, over-generates PERSON
//! for unknown capitalised phrases, and knows only the places in its lists.
//! It keeps the pipeline honest end to end until the trained model lands, and
//! remains the reference row "baseline" in BENCHMARKS.md.

use std::sync::OnceLock;

use nomen_core::{tokenize, Span, Token};

use crate::lexicon::{self, is_capitalised};
use crate::Extractor;

#[derive(Debug, Default, Clone)]
pub struct Baseline;

impl Extractor for Baseline {
    fn name(&self) -> String {
        "baseline (rules)".to_string()
    }

    fn extract(&self, text: &str) -> Vec<Span> {
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((len, label)) = match_at(&tokens, &words, i) {
                spans.push(Span::new(tokens[i].start, tokens[i + len - 1].end, label));
                i += len;
            } else {
                i += 1;
            }
        }
        spans
    }
}

/// A phrase as the tokenizer splits it, so `Commander-in-Chief` matches the text's tokens.
type Phrase = Vec<&'static str>;

/// The lexicon lists the rules match, tokenized once.
struct Phrases {
    titles: Vec<Phrase>,
    orgs: Vec<Phrase>,
    places: Vec<Phrase>,
    nationalities: Vec<Phrase>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let tokenized = |list: &'static [&'static str]| list.iter().map(|p| tokenize(p).iter().map(|t| t.text(p)).collect()).collect();
        Phrases {
            titles: tokenized(lexicon::TITLES),
            orgs: tokenized(lexicon::KNOWN_ORGS),
            places: tokenized(lexicon::COUNTRIES_AND_CITIES),
            nationalities: tokenized(lexicon::NATIONALITIES),
        }
    })
}

/// Longest match of any phrase of `list` starting at token `i`, in tokens.
fn phrase_at(words: &[&str], i: usize, list: &[Phrase]) -> Option<usize> {
    list.iter()
        .filter_map(|parts| {
            let end = i + parts.len();
            (end <= words.len() && words[i..end] == parts[..]).then_some(parts.len())
        })
        .max()
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) && (word.starts_with("19") || word.starts_with("20"))
}

fn match_at(tokens: &[Token], words: &[&str], i: usize) -> Option<(usize, &'static str)> {
    if let Some(len) = date_at(words, i) {
        return Some((len, "DATE"));
    }
    if let Some(len) = phrase_at(words, i, &phrases().titles) {
        // A title counts only when a capitalised name or "of" follows, not as a plain noun.
        let next = words.get(i + len).copied().unwrap_or("");
        if is_capitalised(next) || next == "of" || words[i].chars().all(char::is_uppercase) {
            return Some((len, "TITLE"));
        }
    }
    let p = phrases();
    for (list, label) in [(&p.orgs, "ORG"), (&p.places, "GPE"), (&p.nationalities, "NORP")] {
        if let Some(len) = phrase_at(words, i, list) {
            // "Libyan National Army": a nationality that starts a longer name is part of it.
            let longer = capitalised_run(tokens, words, i);
            if label == "NORP" && longer > len {
                break;
            }
            return Some((len, label));
        }
    }
    let len = capitalised_run(tokens, words, i);
    if len == 0 {
        return None;
    }
    let phrase = &words[i..i + len];
    if phrase.iter().any(|w| lexicon::ORG_HEADS.contains(w)) || (len == 1 && is_acronym(phrase[0])) {
        return Some((len, "ORG"));
    }
    if tokens[i].sent_start && len == 1 {
        return None; // a lone capitalised word at sentence start is usually not a name
    }
    Some((len, "PERSON"))
}

fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=6).contains(&n) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// A run of capitalised words, allowing inner `of`, hyphens and Arabic name
/// particles (`Fayez al-Sarraj`, `Government of National Unity`); 0 if none starts at `i`.
fn capitalised_run(tokens: &[Token], words: &[&str], i: usize) -> usize {
    let particle = particle_len(tokens, words, i);
    if particle > 0 && words.get(i + particle).is_some_and(|w| is_capitalised(w)) {
        return particle + capitalised_run(tokens, words, i + particle).max(1);
    }
    if !is_capitalised(words[i]) || lexicon::FUNCTION_WORDS.contains(&words[i]) {
        return 0;
    }
    let mut end = i + 1;
    while end < words.len() {
        let next = words[end];
        let connector = if next == "of" { 1 } else { particle_len(tokens, words, end) };
        if is_capitalised(next) && !lexicon::MONTHS.contains(&next) && !lexicon::WEEKDAYS.contains(&next) {
            end += 1;
        } else if connector > 0 && words.get(end + connector).is_some_and(|w| is_capitalised(w)) {
            end += connector;
        } else {
            break;
        }
    }
    end - i
}

/// Tokens taken by a name-internal connector at `i`: a joined hyphen (1) or
/// `al-`/`el-`/`bin-` (2); 0 otherwise.
fn particle_len(tokens: &[Token], words: &[&str], i: usize) -> usize {
    let joined = |k: usize| tokens.get(k).is_some_and(|t| !t.space_before);
    match words.get(i).copied() {
        Some("-") if joined(i) && joined(i + 1) => 1,
        Some("al" | "el" | "bin" | "Al" | "El") if words.get(i + 1) == Some(&"-") && joined(i + 1) => 2,
        _ => 0,
    }
}

fn date_at(words: &[&str], i: usize) -> Option<usize> {
    let w = words[i];
    let next = words.get(i + 1).copied().unwrap_or("");
    if lexicon::WEEKDAYS.contains(&w) {
        let part_of_day = matches!(next, "morning" | "afternoon" | "evening" | "night");
        return Some(if part_of_day { 2 } else { 1 });
    }
    if lexicon::MONTHS.contains(&w) {
        let mut len = 1;
        if next.chars().all(|c| c.is_ascii_digit()) && !next.is_empty() && next.len() <= 2 {
            len += 1;
            if words.get(i + 2) == Some(&",") && words.get(i + 3).is_some_and(|y| is_year(y)) {
                len += 2;
            }
        } else if is_year(next) {
            len += 1;
        }
        return Some(len);
    }
    if is_year(w) {
        return Some(1);
    }
    let period = |s: &str| matches!(s, "week" | "month" | "year" | "weeks" | "months" | "years" | "days" | "day");
    if matches!(w, "Last" | "last" | "Next" | "next" | "This" | "this") && (period(next) || lexicon::WEEKDAYS.contains(&next)) {
        return Some(2);
    }
    let number = |s: &str| {
        s.chars().all(|c| c.is_ascii_digit())
            || matches!(s.to_ascii_lowercase().as_str(), "two" | "three" | "four" | "five" | "six" | "several" | "few")
    };
    if number(w) && period(next) && words.get(i + 2) == Some(&"ago") {
        return Some(3);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> Vec<(String, String)> {
        Baseline.extract(text).iter().map(|s| (text.chars().skip(s.start).take(s.len()).collect(), s.label.clone())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn finds_the_obvious_entities() {
        assert_eq!(
            extract("Rome— Prime Minister Fayez al-Sarraj met the Libyan National Army on Tuesday."),
            pairs(&[
                ("Rome", "GPE"),
                ("Prime Minister", "TITLE"),
                ("Fayez al-Sarraj", "PERSON"),
                ("Libyan National Army", "ORG"),
                ("Tuesday", "DATE")
            ])
        );
    }

    #[test]
    fn nationality_alone_is_norp() {
        assert_eq!(extract("the Italian government"), pairs(&[("Italian", "NORP")]));
    }

    #[test]
    fn offsets_survive_emoji_and_possessives() {
        let text = "🇱🇾 Haftar’s forces";
        let spans = Baseline.extract(text);
        assert_eq!(spans, vec![Span::new(3, 9, "PERSON")]);
    }
}
