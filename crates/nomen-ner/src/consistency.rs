//! One name, one label per document.
//!
//! The tagger decides token by token with a few words of context, so a name
//! seen in full once (`Khalifa Haftar`) may come out as a place or an
//! organisation when it recurs alone (`Haftar rejected...`), or be missed. A
//! news article rarely uses one name for two things, so after tagging:
//! - the surname of a full PERSON name is a PERSON wherever it recurs alone,
//!   also in a spelling variant one letter off (`Hafter`/`Haftar`, guideline 6),
//!   and a title glued into a span before it is cut off (`PM Dbeibeh`);
//! - an abbreviation defined in brackets after a name whose initials it
//!   spells (`Libyan National Army (LNA)`) takes that name's label wherever
//!   it recurs; names joined by a hyphen stay apart (`GNA-LNA`);
//! - any other name the model labelled differently in different places gets
//!   the label it was given most often (ties keep the model's choices).

use std::collections::HashMap;

use nomen_core::{Span, Token};

use crate::features::lex;

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && word.chars().count() >= 3 && word.chars().all(char::is_alphabetic)
}

/// Whether `abbr` spells initials of `words` in order (`LNA` ← `Libyan National Army`).
fn spells_initials(abbr: &str, words: &[&str]) -> bool {
    let initials: Vec<char> = words.iter().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
    let mut it = initials.iter();
    let letters: Vec<char> = abbr.chars().filter(|c| c.is_alphabetic()).collect();
    letters.first().is_some_and(|f| initials.first() == Some(f)) && letters.iter().all(|l| it.any(|i| i == l))
}

/// Same length, at least five letters, one letter different: a spelling variant.
fn is_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() == b.len() && a.len() >= 5 && a[0] == b[0] && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Makes labels consistent within one document; spans stay sorted and disjoint.
pub fn harmonise(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let surface = |s: &Span| -> &str {
        let first = tokens.partition_point(|t| t.start < s.start);
        let last = tokens.partition_point(|t| t.end <= s.end);
        if first < last {
            &text[tokens[first].byte_start..tokens[last - 1].byte_end]
        } else {
            ""
        }
    };
    let span_tokens =
        |s: &Span| -> (usize, usize) { (tokens.partition_point(|t| t.start < s.start), tokens.partition_point(|t| t.end <= s.end)) };

    // Names with a known label: surnames of full person names, defined abbreviations.
    let mut known: HashMap<&str, String> = HashMap::new();
    for (k, s) in spans.iter().enumerate() {
        let (first, end) = span_tokens(s);
        if s.label == "PERSON" && end >= first + 2 {
            let last = tokens[end - 1].text(text);
            if is_name_word(last) {
                known.entry(last).or_insert_with(|| "PERSON".to_string());
            }
        }
        // `Name (ABBR)`: the abbreviation names the same thing.
        if end + 2 < tokens.len()
            && s.label != "PERSON"
            && tokens[end].text(text) == "("
            && tokens[end + 2].text(text) == ")"
            && is_acronym(tokens[end + 1].text(text))
            && spells_initials(tokens[end + 1].text(text), &tokens[first..end].iter().map(|t| t.text(text)).collect::<Vec<_>>())
            && spans.get(k + 1).is_none_or(|next| next.start >= tokens[end + 1].start)
        {
            known.entry(tokens[end + 1].text(text)).or_insert_with(|| s.label.clone());
        }
    }
    let surnames: Vec<&str> = known.iter().filter(|(_, l)| l.as_str() == "PERSON").map(|(n, _)| *n).collect();
    let known_label = |name: &str| -> Option<String> {
        if let Some(l) = known.get(name) {
            return Some(l.clone());
        }
        surnames.iter().any(|s| is_variant(s, name)).then(|| "PERSON".to_string())
    };

    // Majority label of every other name the model found.
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for s in spans {
        *votes.entry(surface(s)).or_default().entry(s.label.as_str()).or_default() += 1;
    }
    let majority = |name: &str| -> Option<&str> {
        let v = votes.get(name)?;
        let total: usize = v.values().sum();
        let (label, n) = v.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        (2 * *n > total).then_some(*label)
    };

    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        let (first, end) = span_tokens(s);
        if first >= end {
            out.push(s.clone());
            continue;
        }
        let words: Vec<&str> = tokens[first..end].iter().map(|t| t.text(text)).collect();
        // `GNA-LNA`: known names joined by hyphens are separate mentions.
        let parts: Vec<&str> = words.iter().copied().filter(|w| *w != "-").collect();
        let hyphen_joined = parts.len() >= 2
            && words.len() == 2 * parts.len() - 1
            && words.iter().skip(1).step_by(2).all(|w| *w == "-")
            && parts.iter().all(|p| known.contains_key(p));
        if hyphen_joined {
            for (k, p) in words.iter().enumerate().step_by(2) {
                let t = &tokens[first + k];
                out.push(Span::new(t.start, t.end, known[p].clone()));
            }
            continue;
        }
        // `PM Dbeibeh`: title words glued before a known surname are not part of the name.
        let last = words[words.len() - 1];
        let lead_is_title = words.len() >= 2
            && crate::features::lexicon_bits(&words[..words.len() - 1])
                .iter()
                .all(|b| b & (lex::TITLE_FIRST | lex::TITLE_INNER | lex::ROLE_NOUN | lex::HONORIFIC) != 0);
        if lead_is_title && known_label(last).as_deref() == Some("PERSON") {
            let t = &tokens[end - 1];
            out.push(Span::new(t.start, t.end, "PERSON"));
            continue;
        }
        let name = surface(s);
        let label = match known_label(name) {
            Some(l) => l,
            None => majority(name).unwrap_or(&s.label).to_string(),
        };
        out.push(Span::new(s.start, s.end, label));
    }

    // Known names the model left untagged.
    if !known.is_empty() {
        let mut covered = vec![false; tokens.len()];
        for s in &out {
            let (first, end) = span_tokens(s);
            covered[first..end.max(first)].iter_mut().for_each(|c| *c = true);
        }
        for (i, t) in tokens.iter().enumerate() {
            if covered[i] {
                continue;
            }
            let word = t.text(text);
            if !is_name_word(word) && !is_acronym(word) {
                continue;
            }
            if let Some(label) = known_label(word) {
                // Not the first part of a longer capitalised name (`Haftar Foundation`).
                let next_is_name =
                    tokens.get(i + 1).is_some_and(|n| n.space_before && n.text(text).chars().next().is_some_and(char::is_uppercase));
                if !next_is_name {
                    out.push(Span::new(t.start, t.end, label));
                }
            }
        }
        out.sort_by_key(|s| (s.start, s.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
        crate::rule_tests::run_rule(text, spans, harmonise)
    }

    #[test]
    fn surnames_and_abbreviations_spread() {
        let out = run(
            "Khalifa Haftar leads the Libyan National Army (LNA). Haftar said the LNA and Haftar would win.",
            &[("Khalifa Haftar", "PERSON"), ("Libyan National Army", "ORG"), ("Haftar", "GPE")],
        );
        let pairs: Vec<(&str, &str)> = out.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("Khalifa Haftar", "PERSON"),
                ("Libyan National Army", "ORG"),
                ("LNA", "ORG"),
                ("Haftar", "PERSON"),
                ("LNA", "ORG"),
                ("Haftar", "PERSON")
            ]
        );
    }

    #[test]
    fn variants_titles_and_hyphens() {
        let out = run(
            "Commander Khalifa Hafter met Ali Omar (AO) and PM Omar. Haftar left. The GNA-AO talks; the UN mission to Libya (UNSMIL).",
            &[
                ("Khalifa Hafter", "PERSON"),
                ("Ali Omar", "PERSON"),
                ("PM Omar", "ORG"),
                ("Haftar", "GPE"),
                ("GNA", "ORG"),
                ("Libya", "GPE"),
                ("UNSMIL", "ORG"),
            ],
        );
        let pairs: Vec<(&str, &str)> = out.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(pairs.contains(&("Omar", "PERSON")), "{pairs:?}");
        assert!(pairs.contains(&("Haftar", "PERSON")), "{pairs:?}");
        assert!(pairs.contains(&("UNSMIL", "ORG")), "{pairs:?}");
        assert!(!pairs.iter().any(|p| p.0 == "AO"), "a person's initials are not a defined abbreviation: {pairs:?}");
    }

    #[test]
    fn initials() {
        assert!(spells_initials("LNA", &["Libyan", "National", "Army"]));
        assert!(spells_initials("GNU", &["Government", "of", "National", "Unity"]));
        assert!(!spells_initials("UNSMIL", &["Libya"]));
    }

    #[test]
    fn majority_label_wins_but_ties_stay() {
        let out = run("Rome and Rome and Rome", &[("Rome", "GPE"), ("Rome", "GPE"), ("Rome", "ORG")]);
        assert!(out.iter().all(|(_, l)| l == "GPE"));
        let out = run("Rome and Rome", &[("Rome", "GPE"), ("Rome", "ORG")]);
        assert_eq!(out[1].1, "ORG");
    }
}
