//! Spelling variants of one name, proposed as clusters: Haftar / Hafter,
//! Zoubie / Zubi, Misrata / Misurata, al-Sarraj / Sarraj. English news
//! transliterates Arabic names inconsistently; the analyst confirms or splits
//! what is proposed here, and the cluster becomes a `kb_id` (spaCy's field).
//!
//! Two surface forms of the same label are proposed together when their
//! transliteration skeletons are equal: lower case, accents and the Arabic
//! article (al-, el-, Al ) dropped, a final h after a vowel dropped (the
//! feminine ending -a / -ah / -eh), vowels after the first letter dropped,
//! doubled letters collapsed. The skeleton ignores exactly what transliterations
//! disagree on (vowels, articles, doubling) and keeps what they share (consonants).
//! Names of different lengths in words are not merged: "Khalifa Haftar" and
//! "Haftar" may or may not be one person, which is the analyst's call.

use std::collections::BTreeMap;

use serde::Serialize;

/// A proposed cluster: one label, two or more spellings, how often each was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// A stable id for the cluster: the label and the most frequent spelling.
    pub kb_id: String,
    pub label: String,
    /// Spellings, most frequent first.
    pub members: Vec<(String, usize)>,
}

/// Articles that prefix Arabic names in English transliteration.
const ARTICLES: &[&str] = &["al-", "el-", "al ", "el ", "al‑", "el‑"];

/// Folds the accented Latin letters transliterations use.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        '‘' | '’' | 'ʿ' | 'ʾ' | '\'' => '\'',
        other => other,
    }
}

/// Labels of names, the only ones clustered (titles and dates are not entities with a kb_id).
const NAME_LABELS: &[&str] = &["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"];

/// The transliteration skeleton of one word. Acronyms are compared as they
/// are: GNA and GNU are two governments, not two spellings.
fn word_skeleton(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        return word.to_lowercase();
    }
    let mut word: String = word.chars().flat_map(char::to_lowercase).map(fold).collect();
    for article in ARTICLES {
        if let Some(rest) = word.strip_prefix(article) {
            word = rest.to_string();
        }
    }
    // The feminine ending is written -a, -ah or -eh (Dbeiba / Dbeibeh): a final h after a vowel goes.
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
    let letters = match letters.as_slice() {
        [.., v, 'h'] if matches!(v, 'a' | 'e') && letters.len() > 2 => &letters[..letters.len() - 1],
        all => all,
    };
    let mut out = String::new();
    for (i, &c) in letters.iter().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The skeleton of a name: its words' skeletons, in order.
pub fn skeleton(name: &str) -> String {
    let mut rest = name;
    for article in ARTICLES {
        if rest.len() > article.len() && rest.get(..article.len()).is_some_and(|head| head.eq_ignore_ascii_case(article)) {
            rest = &rest[article.len()..];
        }
    }
    rest.split_whitespace().map(word_skeleton).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Proposes clusters from `(surface, label)` mentions: spellings of one label
/// with the same skeleton. Only groups of two or more spellings are proposed.
pub fn propose<'a>(mentions: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Cluster> {
    let mentions: Vec<(&str, &str)> = mentions.into_iter().filter(|(_, label)| NAME_LABELS.contains(label)).collect();
    // A headline's "HAFTAR" is the name seen elsewhere as "Haftar", not an acronym.
    let is_caps = |s: &str| s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let mixed: BTreeMap<String, &str> = mentions.iter().filter(|(s, _)| !is_caps(s)).map(|(s, _)| (s.to_lowercase(), *s)).collect();
    let mut groups: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
    for (surface, label) in mentions {
        let as_written = if is_caps(surface) { mixed.get(&surface.to_lowercase()).copied().unwrap_or(surface) } else { surface };
        let key = skeleton(as_written);
        if key.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue; // too little left to compare
        }
        *groups.entry((label.to_string(), key)).or_default().entry(surface.to_string()).or_default() += 1;
    }
    link_surnames(&mut groups);
    groups
        .into_iter()
        .filter(|(_, spellings)| spellings.len() > 1)
        .map(|((label, _), spellings)| {
            let mut members: Vec<(String, usize)> = spellings.into_iter().collect();
            members.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Cluster { kb_id: format!("{label}:{}", members[0].0), label, members }
        })
        .collect()
}

/// A person named once in full and then by surname ("Abdulsalam Zoubie" …
/// "Mr. Zubi") is proposed as one cluster, when exactly one full name of
/// the documents ends in that surname's skeleton. "Haftar" after both
/// "Khalifa Haftar" and "Saddam Haftar" is left alone: which one is meant is
/// the analyst's call, and no proposal is better than a wrong one.
fn link_surnames(groups: &mut BTreeMap<(String, String), BTreeMap<String, usize>>) {
    let mut full_names: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for (_, key) in groups.keys().filter(|(label, key)| label == "PERSON" && key.contains(' ')) {
        if let Some(surname) = key.rsplit(' ').next() {
            full_names.entry(surname).or_default().push(key);
        }
    }
    let moves: Vec<((String, String), (String, String))> = groups
        .keys()
        .filter(|(label, key)| label == "PERSON" && !key.contains(' '))
        .filter_map(|(label, key)| match full_names.get(key.as_str())?.as_slice() {
            [only] => Some(((label.clone(), key.clone()), (label.clone(), (*only).clone()))),
            _ => None,
        })
        .collect();
    for (from, to) in moves {
        if let Some(spellings) = groups.remove(&from) {
            let target = groups.entry(to).or_default();
            for (spelling, count) in spellings {
                *target.entry(spelling).or_default() += count;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_share_a_skeleton() {
        for (a, b) in [
            ("Haftar", "Hafter"),
            ("Zoubie", "Zubi"),
            ("Misrata", "Misurata"),
            ("al-Sarraj", "Sarraj"),
            ("Dbeibeh", "Dbeiba"),
            ("Salamé", "Salame"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        assert_eq!(skeleton("LNA’s"), "lns", "no panic on a multi-byte character where an article would end");
        for (a, b) in [("Haftar", "Hafez"), ("Tripoli", "Tobruk"), ("Khalifa Haftar", "Haftar"), ("GNA", "GNU"), ("LNA", "UN")] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn clusters_group_spellings_of_one_label() {
        let mentions = [
            ("Haftar", "PERSON"),
            ("Haftar", "PERSON"),
            ("Hafter", "PERSON"),
            ("Tripoli", "GPE"),
            ("Misrata", "GPE"),
            ("Misurata", "GPE"),
            ("Haftar", "ORG"),
            ("head", "TITLE"),
            ("Head", "TITLE"),
            ("HAFTAR", "PERSON"),
        ];
        let clusters = propose(mentions);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].kb_id, "GPE:Misrata");
        assert_eq!(clusters[1].kb_id, "PERSON:Haftar");
        assert_eq!(clusters[1].members, vec![("Haftar".to_string(), 2), ("HAFTAR".to_string(), 1), ("Hafter".to_string(), 1)]);
    }

    #[test]
    fn a_surname_joins_the_one_full_name_it_can_mean() {
        let clusters = propose([("Abdulsalam Zoubie", "PERSON"), ("Zubi", "PERSON"), ("Zubi", "PERSON")]);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].members, vec![("Zubi".to_string(), 2), ("Abdulsalam Zoubie".to_string(), 1)]);
        // Two Haftars: the surname alone is not proposed with either.
        let clusters = propose([("Khalifa Haftar", "PERSON"), ("Saddam Haftar", "PERSON"), ("Haftar", "PERSON")]);
        assert!(clusters.is_empty(), "{clusters:?}");
        // Only people: "Army" is not the Libyan National Army.
        assert!(propose([("Libyan National Army", "ORG"), ("Army", "ORG")]).is_empty());
    }
}
