//! The boundary conventions of GUIDELINES.md rule 1, applied to spans.
//!
//! OntoNotes often includes a leading `the` (`the Libyan National Army`), a
//! trailing possessive (`Haftar 's`) or punctuation in a name; our guidelines
//! do not. Training spans are normalised with this, so the model learns our
//! convention, and model output goes through it too as a safety net.
//!
//! The gold seeds keep `the` in dates and amounts (`the past two years`, `the
//! fourth anniversary`), so only name-like labels lose it, and a capitalised
//! `The` inside a sentence is taken to be part of the name (`The Hague`).

use nomen_core::{Span, Token};

/// Labels whose spans keep a leading article (the seeds' convention for dates).
const KEEPS_ARTICLE: &[&str] = &["DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"];

/// The tokens a span covers (whole tokens only: from the first that starts
/// at or after its start to the last that ends by its end).
pub(crate) fn tokens_within<'t>(tokens: &'t [Token], span: &Span) -> &'t [Token] {
    let first = tokens.partition_point(|t| t.start < span.start);
    &tokens[first..first + tokens[first..].partition_point(|t| t.end <= span.end)]
}

/// The text from the first of `words` to the last (`None` for none): the
/// name that a run of tokens spells, as written between them.
pub(crate) fn words_text<'t>(text: &'t str, words: &[Token]) -> Option<&'t str> {
    Some(&text[words.first()?.byte_start..words.last()?.byte_end])
}

fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

fn is_punctuation(word: &str) -> bool {
    word.chars().all(|c| !c.is_alphanumeric())
}

/// Brackets are kept when the span has both halves (`Tripoli (Libya)` would).
fn is_balanced_closer(words: &[&str], k: usize) -> bool {
    let opener = match words[k] {
        ")" => "(",
        "]" => "[",
        _ => return false,
    };
    words[..k].contains(&opener)
}

/// A two-digit year written with its apostrophe (`'69`, `’78`) is a DATE
/// with the apostrophe, as OntoNotes writes it; the tokenizer splits the
/// apostrophe off, so a DATE span of the two digits takes it back when it
/// stands right before them at the start of a word.
pub fn attach_year_apostrophes(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|span| {
            let i = tokens.partition_point(|t| t.start < span.start);
            let is_year = span.label == "DATE"
                && tokens
                    .get(i)
                    .is_some_and(|t| t.end == span.end && t.text(text).len() == 2 && t.text(text).chars().all(|c| c.is_ascii_digit()));
            let apostrophe = i > 0
                && matches!(tokens[i - 1].text(text), "'" | "’")
                && tokens[i - 1].end == span.start
                && (i == 1 || tokens[i - 1].space_before || tokens[i - 2].end < tokens[i - 1].start);
            if is_year && apostrophe {
                Span::new(tokens[i - 1].start, span.end, span.label.clone())
            } else {
                span.clone()
            }
        })
        .collect()
}

/// Fillers of speech, never a name (`Mm.` opens many lines of conversation;
/// unseen in training, a capitalised unknown word, the model took it for a PERSON).
const INTERJECTIONS: &[&str] = &["mm", "mmm", "mhm", "hmm", "hm", "uh", "um", "umm", "er", "erm", "huh"];

/// Drops spans that are one token, a filler of speech.
pub fn drop_interjections(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .filter(|s| {
            let token = tokens.get(tokens.partition_point(|t| t.start < s.start));
            let filler = token
                .is_some_and(|t| t.start == s.start && t.end == s.end && INTERJECTIONS.contains(&t.text(text).to_lowercase().as_str()));
            !filler
        })
        .cloned()
        .collect()
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "–" | "—" | "‐" | "‑")
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// A range written with a dash is one DATE (`March 20–22`, `1990-91`,
/// `2019–2020`, OntoNotes's `1989 - 90`): the model often stops at the dash,
/// because its training text spells ranges with spaces or words. A DATE that
/// ends in a number takes a dash and the number after it when nothing
/// separates them but the dash (or, between two numbers, the dash with a
/// space each side); two DATEs joined that way become one.
pub fn join_date_ranges(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(prev) = out.last_mut() {
            if prev.label == "DATE" && span.label == "DATE" && dash_joins(text, tokens, prev.end, span.start) {
                prev.end = span.end;
                continue;
            }
        }
        out.push(span.clone());
    }
    for i in 0..out.len() {
        if out[i].label != "DATE" {
            continue;
        }
        let last = tokens.partition_point(|t| t.end <= out[i].end);
        let Some(number) = tokens.get(last + 1) else { continue };
        let free = out.get(i + 1).is_none_or(|next| next.start >= number.end);
        if last > 0
            && tokens[last - 1].end == out[i].end
            && is_number(tokens[last - 1].text(text))
            && is_number(number.text(text))
            && free
            && dash_joins(text, tokens, out[i].end, number.start)
        {
            out[i].end = number.end;
        }
    }
    out
}

/// The spans, those for which `relabel` holds with `label` instead of their own (the shape of many rules after tagging).
pub(crate) fn relabel_where(spans: &[Span], label: &str, relabel: impl Fn(&Span) -> bool) -> Vec<Span> {
    spans.iter().map(|span| if relabel(span) { Span::new(span.start, span.end, label) } else { span.clone() }).collect()
}

/// Puts a `label` span over `start..end` in place of the spans it overlaps,
/// unless one of them does not give way (then nothing changes). Whether it
/// was put.
pub(crate) fn put_over(out: &mut Vec<Span>, start: usize, end: usize, label: &str, gives_way: impl Fn(&Span) -> bool) -> bool {
    let overlapping = |s: &Span| s.start < end && start < s.end;
    if out.iter().any(|s| overlapping(s) && !gives_way(s)) {
        return false;
    }
    out.retain(|s| !overlapping(s));
    out.push(Span::new(start, end, label));
    true
}

/// A day of the month (`1` to `31`).
fn is_day(word: &str) -> bool {
    word.len() <= 2 && is_number(word) && word.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// A date written day first (`12 October`, `12-13 October`, `12 to 13 October
/// 2023`, common outside the US) is one DATE: the model, trained on American
/// text, often leaves the day, or the range's first day, as a CARDINAL or a
/// DATE of its own. A DATE that starts with a month takes in the day just
/// before it (unlabelled, a CARDINAL, or a DATE of days only), and that day
/// the day before it when a dash or `to` joins them.
pub fn join_day_first_dates(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    let word = |i: usize| tokens[i].text(text);
    let adjacent = |a: usize, b: usize| text[tokens[a].byte_end..tokens[b].byte_start].chars().all(|c| c == ' ');
    let is_month = |k: usize| tokens.get(k).is_some_and(|t| crate::lexicon::MONTHS.contains(&t.text(text)));
    let mut i = 0;
    while i < out.len() {
        let first = tokens.partition_point(|t| t.start < out[i].start);
        if out[i].label != "DATE" || tokens.get(first).is_none_or(|t| t.start != out[i].start) {
            i += 1;
            continue;
        }
        // `12 October`: the day before the month; `13 October` already whole: the day itself.
        let mut start = if is_month(first) && first > 0 && is_day(word(first - 1)) && adjacent(first - 1, first) {
            first - 1
        } else if is_day(word(first)) && is_month(first + 1) {
            first
        } else {
            i += 1;
            continue;
        };
        // `12-13`, `12 to 13`: the range's first day.
        if start >= 2 && (is_dash(word(start - 1)) || word(start - 1) == "to") && is_day(word(start - 2)) {
            start -= 2;
        }
        if start == first {
            i += 1;
            continue;
        }
        // What covers the days must be a number, a date of days, or nothing.
        let (from, to) = (tokens[start].start, out[i].start);
        let gives_way = |s: &Span| {
            s.label == "CARDINAL"
                || (s.label == "DATE" && tokens_within(tokens, s).iter().all(|t| is_day(t.text(text)) || is_dash(t.text(text))))
        };
        let inside: Vec<usize> = (0..out.len()).filter(|&k| k != i && out[k].start < to && from < out[k].end).collect();
        if inside.iter().any(|&k| !gives_way(&out[k]) || out[k].start < from) {
            i += 1;
            continue;
        }
        out[i].start = from;
        let removed = inside.iter().filter(|&&k| k < i).count();
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !inside.contains(&(k - 1))
        });
        i = i - removed + 1;
    }
    out
}

/// PERSON, ORG and GPE names that run on into a day of the week (`met
/// Meloni Tuesday`, news style for "on Tuesday") end before it, and the day is a DATE.
pub fn cut_trailing_weekdays(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let inside = tokens_within(tokens, span);
        let runs_on = matches!(span.label.as_str(), "PERSON" | "ORG" | "GPE")
            && inside.len() >= 2
            && crate::lexicon::WEEKDAYS.contains(&inside[inside.len() - 1].text(text));
        if runs_on {
            let day = &inside[inside.len() - 1];
            out.push(Span::new(span.start, inside[inside.len() - 2].end, span.label.clone()));
            out.push(Span::new(day.start, day.end, "DATE"));
        } else {
            out.push(span.clone());
        }
    }
    out
}

/// Arabic article forms that join a family name to the name before it (`Fayez al-Sarraj`, `Abdel Fattah el-Sisi`).
const NAME_ARTICLES: &[&str] = &["al", "el", "ad", "ash", "as", "at", "az"];

/// A PERSON goes on through an article joined to a capitalised family name
/// (`Abdel Fattah` + ` el-Sisi`): after a title the model often stops at the
/// small letters, since OntoNotes has few such names. Only when the
/// article, its hyphen and the name are glued together and not labelled.
pub fn join_name_articles(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = spans.to_vec();
    for i in 0..out.len() {
        if out[i].label != "PERSON" {
            continue;
        }
        let after = tokens.partition_point(|t| t.start < out[i].end);
        let (Some(article), Some(hyphen), Some(name)) = (tokens.get(after), tokens.get(after + 1), tokens.get(after + 2)) else {
            continue;
        };
        let glued = hyphen.start == article.end && name.start == hyphen.end && article.start > out[i].end && !article.sent_start;
        let free = out.get(i + 1).is_none_or(|next| next.start >= name.end);
        if glued
            && free
            && NAME_ARTICLES.contains(&article.text(text))
            && hyphen.text(text) == "-"
            && crate::lexicon::is_capitalised(name.text(text))
        {
            out[i].end = name.end;
        }
    }
    out
}

/// Whether one dash token, and nothing else, lies between `end` and `start`,
/// glued to both sides, or spaced on both sides between two numbers.
fn dash_joins(text: &str, tokens: &[Token], end: usize, start: usize) -> bool {
    let i = tokens.partition_point(|t| t.start < end);
    let (Some(dash), Some(next)) = (tokens.get(i), tokens.get(i + 1)) else { return false };
    if !is_dash(dash.text(text)) || next.start != start || i == 0 {
        return false;
    }
    let glued = dash.start == end && next.start == dash.end;
    let spaced = dash.start > end && next.start > dash.end && is_number(tokens[i - 1].text(text)) && is_number(next.text(text));
    glued || spaced
}

/// Normalises spans given the text's tokens; spans that would become empty are dropped.
/// Span ends that do not fall on token boundaries are left as they are.
/// Marks that separate the parts of a byline or a headline, never inside a name.
const SEPARATORS: &[&str] = &["|", "•", "·", "¦"];

pub fn normalize(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let first = tokens.partition_point(|t| t.start < span.start);
        let last = tokens.partition_point(|t| t.end <= span.end);
        if first >= last || tokens[first].start != span.start || tokens[last - 1].end != span.end {
            out.push(span.clone());
            continue;
        }
        let words: Vec<&str> = tokens[first..last].iter().map(|t| t.text(text)).collect();
        let (mut a, mut b) = (0usize, words.len());
        while a < b && is_punctuation(words[a]) && !matches!(words[a], "(" | "[" | "$" | "#") {
            a += 1;
        }
        if a + 1 < b && !KEEPS_ARTICLE.contains(&span.label.as_str()) {
            let w = words[a];
            let mid_sentence_capital = w == "The" && !tokens[first + a].sent_start;
            if (w == "the" || w == "The" || w == "THE") && !mid_sentence_capital {
                a += 1;
            }
        }
        // A name never runs across a separator of a byline or headline
        // (`By Ahmed Salem | Libya Review`): the span ends before it.
        if let Some(k) = (a..b).find(|&k| SEPARATORS.contains(&words[k])) {
            b = k;
        }
        // Trailing possessives and punctuation, in any order (`Army’s.`).
        while b > a
            && (is_possessive(words[b - 1])
                || (is_punctuation(words[b - 1]) && !matches!(words[b - 1], "%" | "$") && !is_balanced_closer(&words[a..b], b - 1 - a)))
        {
            b -= 1;
        }
        if a < b {
            out.push(Span::new(tokens[first + a].start, tokens[first + b - 1].end, span.label.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_rule(text: &str, spans: &[(&str, &str)], rule: fn(&str, &[Token], &[Span]) -> Vec<Span>) -> Vec<(String, String)> {
        crate::rule_tests::run_rule(text, spans, rule)
    }

    #[test]
    fn day_first_dates_are_one_date() {
        let owned = crate::rule_tests::owned;
        let run = |text, spans| with_rule(text, spans, join_day_first_dates);
        assert_eq!(run("met on 12-13 October in Tunis", &[("12-13", "DATE"), ("October", "DATE")]), owned(&[("12-13 October", "DATE")]));
        assert_eq!(
            run("held 12 to 13 October.", &[("12", "CARDINAL"), ("13", "CARDINAL"), ("October", "DATE")]),
            owned(&[("12 to 13 October", "DATE")])
        );
        assert_eq!(
            run("on 12–13 October 2023", &[("12", "CARDINAL"), ("13 October 2023", "DATE")]),
            owned(&[("12–13 October 2023", "DATE")])
        );
        assert_eq!(run("on 5 March", &[("March", "DATE")]), owned(&[("5 March", "DATE")]));
        assert_eq!(
            run("killed 55 in August", &[("55", "CARDINAL"), ("August", "DATE")]),
            owned(&[("55", "CARDINAL"), ("August", "DATE")]),
            "not a day"
        );
        assert_eq!(run("won 3 March 2019", &[("March 2019", "DATE")]), owned(&[("3 March 2019", "DATE")]));
        assert_eq!(
            run("Apollo 11 July 1969", &[("Apollo 11", "PRODUCT"), ("July 1969", "DATE")]),
            owned(&[("Apollo 11", "PRODUCT"), ("July 1969", "DATE")])
        );
        assert_eq!(run("on October 12", &[("October 12", "DATE")]), owned(&[("October 12", "DATE")]));
    }

    #[test]
    fn a_name_does_not_run_on_into_a_weekday() {
        let owned = crate::rule_tests::owned;
        let run = |text, spans| with_rule(text, spans, cut_trailing_weekdays);
        assert_eq!(
            run("Haftar met Meloni Tuesday in Rome", &[("Meloni Tuesday", "PERSON")]),
            owned(&[("Meloni", "PERSON"), ("Tuesday", "DATE")])
        );
        assert_eq!(run("on Black Monday", &[("Black Monday", "EVENT")]), owned(&[("Black Monday", "EVENT")]));
        assert_eq!(
            run("Robinson met Friday", &[("Friday", "PERSON")]),
            owned(&[("Friday", "PERSON")]),
            "a name alone is left to the model"
        );
    }

    #[test]
    fn a_name_ends_before_a_byline_separator() {
        let text = "By Ahmed Salem | Libya Review";
        assert_eq!(norm(text, &[(3, 22, "PERSON")]), ["Ahmed Salem"]);
        assert_eq!(norm(text, &[(9, 29, "PERSON")]), ["Salem"]);
    }

    #[test]
    fn a_year_takes_its_apostrophe_back() {
        let text = "From '69 to ’76, and Rada's 69 fighters.";
        let tokens = nomen_core::tokenize(text);
        let at = |w: &str| text[..text.find(w).unwrap()].chars().count();
        let spans = vec![
            Span::new(at("69"), at("69") + 2, "DATE"),
            Span::new(at("76"), at("76") + 2, "DATE"),
            Span::new(at("69 f"), at("69 f") + 2, "CARDINAL"),
        ];
        let out = attach_year_apostrophes(text, &tokens, &spans);
        assert_eq!(out[0], Span::new(at("'69"), at("69") + 2, "DATE"));
        assert_eq!(out[1], Span::new(at("’76"), at("76") + 2, "DATE"));
        assert_eq!(out[2], spans[2], "not a DATE");
    }

    fn norm(text: &str, spans: &[(usize, usize, &str)]) -> Vec<String> {
        let tokens = nomen_core::tokenize(text);
        let spans: Vec<Span> = spans.iter().map(|&(s, e, l)| Span::new(s, e, l)).collect();
        let doc = nomen_core::Document::new(text).with_spans(normalize(text, &tokens, &spans));
        doc.span_texts().into_iter().map(|t| t.unwrap_or("?").to_string()).collect()
    }

    #[test]
    fn article_possessive_and_punctuation_go() {
        let text = "He met the Libyan National Army’s chief.";
        assert_eq!(norm(text, &[(7, 33, "ORG")]), ["Libyan National Army"]);
        assert_eq!(norm("Saw Haftar's men", &[(4, 12, "PERSON")]), ["Haftar"]);
        assert_eq!(norm("in Tripoli.", &[(3, 11, "GPE")]), ["Tripoli"]);
    }

    #[test]
    fn dates_keep_the_and_names_keep_the_inside_a_sentence() {
        assert_eq!(norm("over the past two years", &[(5, 23, "DATE")]), ["the past two years"]);
        assert_eq!(norm("talks in The Hague", &[(9, 18, "GPE")]), ["The Hague"]);
        assert_eq!(norm("The Pentagon said", &[(0, 12, "ORG")]), ["Pentagon"]);
    }
    #[test]
    fn date_ranges_are_one_date() {
        let run = |text: &str, spans: &[(&str, &str)]| -> Vec<String> {
            let tokens = nomen_core::tokenize(text);
            let at = |w: &str| text[..text.find(w).unwrap()].chars().count();
            let spans: Vec<Span> = spans.iter().map(|(w, l)| Span::new(at(w), at(w) + w.chars().count(), *l)).collect();
            let doc = nomen_core::Document::new(text).with_spans(join_date_ranges(text, &tokens, &spans));
            doc.span_texts().into_iter().map(|t| t.unwrap_or("?").to_string()).collect()
        };
        assert_eq!(run("on March 20–22 in Rome", &[("March 20", "DATE"), ("Rome", "GPE")]), ["March 20–22", "Rome"]);
        assert_eq!(run("the 1990-91 season", &[("1990", "DATE")]), ["1990-91"]);
        assert_eq!(run("the 2019–2020 war", &[("2019", "DATE"), ("2020", "DATE")]), ["2019–2020"]);
        assert_eq!(run("the 1989 - 90 season", &[("1989", "DATE")]), ["1989 - 90"]);
        // Not a range: a dash between words, a dash with space on one side, a number that is not glued.
        assert_eq!(run("Sunday - Monday", &[("Sunday", "DATE"), ("Monday", "DATE")]), ["Sunday", "Monday"]);
        assert_eq!(run("in 2019 -20 fighters", &[("2019", "DATE")]), ["2019"]);
        assert_eq!(run("in 2019—Haftar", &[("2019", "DATE"), ("Haftar", "PERSON")]), ["2019", "Haftar"]);
        assert_eq!(run("in 2011-2014 and 2015-16", &[("2011", "DATE"), ("2015-16", "DATE")]), ["2011-2014", "2015-16"]);
    }

    #[test]
    fn a_person_goes_on_through_an_arabic_article() {
        let run = |text: &str, spans: &[(&str, &str)]| {
            crate::rule_tests::run_rule(text, spans, join_name_articles).into_iter().map(|(t, _)| t).collect::<Vec<_>>()
        };
        assert_eq!(run("President Abdel Fattah el-Sisi said", &[("Abdel Fattah", "PERSON")]), ["Abdel Fattah el-Sisi"]);
        assert_eq!(run("Fayez al-Sarraj met", &[("Fayez", "PERSON")]), ["Fayez al-Sarraj"]);
        // Not glued, not capitalised, already labelled, or not a PERSON: as it was.
        assert_eq!(run("Omar al - Mukhtar", &[("Omar", "PERSON")]), ["Omar"]);
        assert_eq!(run("Omar al-qaida", &[("Omar", "PERSON")]), ["Omar"]);
        assert_eq!(run("Omar al-Qaeda", &[("Omar", "PERSON"), ("al-Qaeda", "ORG")]), ["Omar", "al-Qaeda"]);
        assert_eq!(run("Sirte al-Jadida", &[("Sirte", "GPE")]), ["Sirte"]);
    }

    #[test]
    fn fillers_of_speech_are_no_names() {
        let text = "Mm. Uh, Mhm said Umm Kulthum.";
        let spans = vec![Span::new(0, 2, "PERSON"), Span::new(4, 6, "PERSON"), Span::new(8, 11, "ORG"), Span::new(17, 28, "PERSON")];
        assert_eq!(drop_interjections(text, &nomen_core::tokenize(text), &spans), vec![Span::new(17, 28, "PERSON")]);
    }
}
