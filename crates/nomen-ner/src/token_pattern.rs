//! Token-attribute patterns, as in Prodigy's patterns files and spaCy's
//! `Matcher`: `[{"lower": "house"}, {"lower": "of"}, {"is_title": true, "op": "+"}]`.
//!
//! They match nomen's tokens (`nomen_core::tokenize`), which split hyphens and
//! clitics as spaCy's English tokenizer does, so most spaCy patterns carry over.
//! Attributes that need a tagger or parser (`pos`, `tag`, `lemma`, `dep`,
//! `ent_type`, ...) are refused with a message rather than silently never
//! matching, and so are regular expressions.

use nomen_core::Token;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The attributes a token spec may test (lower-case, as Prodigy writes them;
/// spaCy's upper-case keys are accepted too).
pub const SUPPORTED: &[&str] = &[
    "orth", "text", "lower", "length", "shape", "is_alpha", "is_ascii", "is_digit", "is_lower", "is_upper", "is_title", "is_punct",
    "is_space", "like_num", "op",
];

/// One token-attribute pattern with its label. Kept as the JSON it was read
/// from, so that writing it back gives the analyst's own pattern; serialised
/// as a patterns line, and checked again when read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PatternLine", into = "PatternLine")]
pub struct TokenPattern {
    pub label: String,
    pub pattern: Value,
    specs: Vec<Spec>,
}

/// A line of a patterns file.
#[derive(Serialize, Deserialize)]
struct PatternLine {
    label: String,
    pattern: Value,
}

impl TryFrom<PatternLine> for TokenPattern {
    type Error = String;

    fn try_from(line: PatternLine) -> Result<TokenPattern, String> {
        TokenPattern::parse(&line.label, &line.pattern)
    }
}

impl From<TokenPattern> for PatternLine {
    fn from(p: TokenPattern) -> PatternLine {
        PatternLine { label: p.label, pattern: p.pattern }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Spec {
    tests: Vec<Test>,
    op: Op,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    One,
    Optional,
    OneOrMore,
    ZeroOrMore,
    Not,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// A string attribute against a set of values (one for a plain value, several for `IN`), or not in it.
    Text {
        attr: TextAttr,
        values: Vec<String>,
        negate: bool,
    },
    Flag {
        attr: FlagAttr,
        want: bool,
    },
    Length(Vec<usize>, bool),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TextAttr {
    Orth,
    Lower,
    Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FlagAttr {
    Alpha,
    Ascii,
    Digit,
    Lower,
    Upper,
    Title,
    Punct,
    Space,
    LikeNum,
}

impl TokenPattern {
    /// Reads the `pattern` list of one patterns line. The error says which token and key.
    pub fn parse(label: &str, pattern: &Value) -> Result<TokenPattern, String> {
        let list = pattern.as_array().ok_or("\"pattern\": expected a string or a list of token specs")?;
        if list.is_empty() {
            return Err("\"pattern\": the list of token specs is empty".into());
        }
        let specs = list
            .iter()
            .enumerate()
            .map(|(i, spec)| parse_spec(spec).map_err(|e| format!("\"pattern\" token {}: {e}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        if specs.iter().all(|s| matches!(s.op, Op::Optional | Op::ZeroOrMore | Op::Not)) {
            return Err("\"pattern\": every token spec is optional or negated, so it would match nothing".into());
        }
        Ok(TokenPattern { label: label.to_string(), pattern: pattern.clone(), specs })
    }

    /// Ends (in tokens, exclusive) of every match that starts at token `start`.
    pub fn match_ends(&self, text: &str, tokens: &[Token], start: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        self.walk(text, tokens, 0, start, &mut ends);
        ends.sort_unstable();
        ends.dedup();
        ends.retain(|&end| end > start);
        ends
    }

    fn walk(&self, text: &str, tokens: &[Token], spec: usize, at: usize, ends: &mut Vec<usize>) {
        let Some(s) = self.specs.get(spec) else {
            ends.push(at);
            return;
        };
        let here = |i: usize| tokens.get(i).is_some_and(|t| s.tests.iter().all(|test| test.holds(t.text(text))));
        match s.op {
            Op::One => {
                if here(at) {
                    self.walk(text, tokens, spec + 1, at + 1, ends);
                }
            }
            Op::Not => {
                if at < tokens.len() && !here(at) {
                    self.walk(text, tokens, spec + 1, at + 1, ends);
                }
            }
            Op::Optional => {
                self.walk(text, tokens, spec + 1, at, ends);
                if here(at) {
                    self.walk(text, tokens, spec + 1, at + 1, ends);
                }
            }
            Op::OneOrMore | Op::ZeroOrMore => {
                if s.op == Op::ZeroOrMore {
                    self.walk(text, tokens, spec + 1, at, ends);
                }
                let mut i = at;
                while here(i) {
                    i += 1;
                    self.walk(text, tokens, spec + 1, i, ends);
                }
            }
        }
    }
}

fn parse_spec(spec: &Value) -> Result<Spec, String> {
    let object = spec.as_object().ok_or("expected an object such as {\"lower\": \"tripoli\"}")?;
    let mut tests = Vec::new();
    let mut op = Op::One;
    for (key, value) in object {
        let attr = key.to_ascii_lowercase();
        match attr.as_str() {
            "op" => {
                op = match value.as_str() {
                    Some("?") => Op::Optional,
                    Some("+") => Op::OneOrMore,
                    Some("*") => Op::ZeroOrMore,
                    Some("!") => Op::Not,
                    Some("1") => Op::One,
                    _ => return Err(format!("\"{key}\": expected one of \"?\", \"+\", \"*\", \"!\", \"1\"")),
                }
            }
            "orth" | "text" | "lower" | "shape" => {
                let attr = match attr.as_str() {
                    "lower" => TextAttr::Lower,
                    "shape" => TextAttr::Shape,
                    _ => TextAttr::Orth,
                };
                let (values, negate) = values_of(key, value, |v| v.as_str().map(str::to_string), "a string")?;
                tests.push(Test::Text { attr, values, negate });
            }
            "length" => {
                let (values, negate) = values_of(key, value, |v| v.as_u64().map(|n| n as usize), "a whole number")?;
                tests.push(Test::Length(values, negate));
            }
            "is_alpha" | "is_ascii" | "is_digit" | "is_lower" | "is_upper" | "is_title" | "is_punct" | "is_space" | "like_num" => {
                let want = value.as_bool().ok_or_else(|| format!("\"{key}\": expected true or false"))?;
                let attr = match attr.as_str() {
                    "is_alpha" => FlagAttr::Alpha,
                    "is_ascii" => FlagAttr::Ascii,
                    "is_digit" => FlagAttr::Digit,
                    "is_lower" => FlagAttr::Lower,
                    "is_upper" => FlagAttr::Upper,
                    "is_title" => FlagAttr::Title,
                    "is_punct" => FlagAttr::Punct,
                    "is_space" => FlagAttr::Space,
                    _ => FlagAttr::LikeNum,
                };
                tests.push(Test::Flag { attr, want });
            }
            "pos" | "tag" | "morph" | "lemma" | "dep" | "ent_type" | "ent_iob" | "ent_id" | "norm" | "is_sent_start" => {
                return Err(format!(
                    "\"{key}\" needs spaCy's tagger or parser, which nomen does not have; use one of: {}",
                    SUPPORTED.join(", ")
                ))
            }
            _ => return Err(format!("\"{key}\" is not a token attribute nomen knows; use one of: {}", SUPPORTED.join(", "))),
        }
    }
    Ok(Spec { tests, op })
}

/// A plain value, or `{"IN": [...]}` / `{"NOT_IN": [...]}` (also `==` / `!=`); `REGEX` is refused.
fn values_of<T>(key: &str, value: &Value, one: impl Fn(&Value) -> Option<T>, what: &str) -> Result<(Vec<T>, bool), String> {
    if let Some(v) = one(value) {
        return Ok((vec![v], false));
    }
    let object = value.as_object().ok_or_else(|| format!("\"{key}\": expected {what} or {{\"IN\": [...]}}"))?;
    let [(predicate, list)] = object.iter().collect::<Vec<_>>()[..] else {
        return Err(format!("\"{key}\": expected exactly one predicate such as {{\"IN\": [...]}}"));
    };
    let negate = match predicate.to_ascii_uppercase().as_str() {
        "IN" => false,
        "NOT_IN" => true,
        "==" => return one(list).map(|v| (vec![v], false)).ok_or_else(|| format!("\"{key}\": \"==\" expects {what}")),
        "!=" => return one(list).map(|v| (vec![v], true)).ok_or_else(|| format!("\"{key}\": \"!=\" expects {what}")),
        "REGEX" => return Err(format!("\"{key}\": REGEX is not supported; list the values with IN")),
        other => return Err(format!("\"{key}\": predicate \"{other}\" is not supported; use IN, NOT_IN, == or !=")),
    };
    let items = list.as_array().ok_or_else(|| format!("\"{key}\": {predicate} expects a list"))?;
    let values = items
        .iter()
        .map(|v| one(v).ok_or_else(|| format!("\"{key}\": {predicate} expects a list of {what}s")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((values, negate))
}

impl Test {
    fn holds(&self, token: &str) -> bool {
        match self {
            Test::Text { attr, values, negate } => {
                let value = match attr {
                    TextAttr::Orth => token.to_string(),
                    TextAttr::Lower => token.to_lowercase(),
                    TextAttr::Shape => shape(token),
                };
                values.contains(&value) != *negate
            }
            Test::Length(values, negate) => values.contains(&token.chars().count()) != *negate,
            Test::Flag { attr, want } => flag(*attr, token) == *want,
        }
    }
}

fn flag(attr: FlagAttr, token: &str) -> bool {
    let mut chars = token.chars();
    match attr {
        FlagAttr::Alpha => token.chars().all(char::is_alphabetic),
        FlagAttr::Ascii => token.is_ascii(),
        FlagAttr::Digit => token.chars().all(|c| c.is_ascii_digit()),
        FlagAttr::Lower => token.chars().any(char::is_alphabetic) && !token.chars().any(char::is_uppercase),
        FlagAttr::Upper => token.chars().any(char::is_alphabetic) && !token.chars().any(char::is_lowercase),
        FlagAttr::Title => chars.next().is_some_and(char::is_uppercase) && !chars.any(char::is_uppercase),
        FlagAttr::Punct => token.chars().all(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())),
        FlagAttr::Space => token.chars().all(char::is_whitespace),
        FlagAttr::LikeNum => {
            let digits: String = token.chars().filter(|c| !matches!(c, ',' | '.')).collect();
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
                || [
                    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand", "million",
                    "billion",
                ]
                .contains(&token.to_lowercase().as_str())
        }
    }
}

/// spaCy's word shape: X for capitals, x for small letters, d for digits, other
/// characters kept; a run of one kind longer than four is cut to four.
pub fn shape(token: &str) -> String {
    let mut out = String::new();
    let (mut last, mut run) = (None, 0);
    for c in token.chars() {
        let s = if c.is_alphabetic() {
            if c.is_uppercase() {
                'X'
            } else {
                'x'
            }
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        run = if Some(s) == last { run + 1 } else { 1 };
        last = Some(s);
        if run <= 4 {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_core::tokenize;
    use serde_json::json;

    fn matches(pattern: Value, text: &str) -> Vec<String> {
        let p = TokenPattern::parse("ORG", &pattern).unwrap();
        let tokens = tokenize(text);
        (0..tokens.len())
            .flat_map(|i| p.match_ends(text, &tokens, i).into_iter().map(move |e| (i, e)))
            .map(|(i, e)| text[tokens[i].byte_start..tokens[e - 1].byte_end].to_string())
            .collect()
    }

    #[test]
    fn attributes_and_operators_match_as_in_spacy() {
        let text = "The House of Representatives met the house of Saud in Tripoli.";
        assert_eq!(
            matches(json!([{"lower": "house"}, {"lower": "of"}, {"is_title": true}]), text),
            ["House of Representatives", "house of Saud"]
        );
        assert_eq!(matches(json!([{"LOWER": "house"}, {"lower": "of"}, {"IS_TITLE": true, "OP": "?"}]), "house of cards"), ["house of"]);
        assert_eq!(matches(json!([{"orth": {"IN": ["Tripoli", "Sirte"]}}]), text), ["Tripoli"]);
        assert_eq!(matches(json!([{"shape": "Xxxxx"}, {"shape": "dd"}]), "Brega 17 and Ajdabiya 4"), ["Brega 17"]);
        assert_eq!(matches(json!([{"is_upper": true, "op": "+"}]), "the GNU and LNA"), ["GNU", "LNA"]);
        assert_eq!(matches(json!([{"lower": "a"}, {"op": "!", "lower": "b"}]), "a b a c"), ["a c"]);
        assert_eq!(
            matches(json!([{"like_num": true}, {"lower": "people"}]), "1,200 people and three people"),
            ["1,200 people", "three people"]
        );
        assert_eq!(shape("Haftar2019"), "Xxxxxdddd");
    }

    #[test]
    fn star_and_plus_give_every_length() {
        let ends = |pattern: Value| {
            let p = TokenPattern::parse("X", &pattern).unwrap();
            let text = "New New New York";
            p.match_ends(text, &tokenize(text), 0)
        };
        assert_eq!(ends(json!([{"orth": "New", "op": "+"}, {"orth": "York"}])), [4]);
        assert_eq!(ends(json!([{"orth": "New", "op": "+"}])), [1, 2, 3]);
        assert_eq!(ends(json!([{"orth": "New"}, {"orth": "New", "op": "*"}])), [1, 2, 3]);
    }

    #[test]
    fn what_cannot_be_matched_is_refused_with_a_reason() {
        let err = |pattern: Value| TokenPattern::parse("X", &pattern).unwrap_err();
        assert_eq!(
            err(json!([{"pos": "PROPN"}])).split(';').next().unwrap(),
            "\"pattern\" token 1: \"pos\" needs spaCy's tagger or parser, which nomen does not have"
        );
        assert_eq!(
            err(json!([{"lower": "a"}, {"text": {"REGEX": "^x"}}])),
            "\"pattern\" token 2: \"text\": REGEX is not supported; list the values with IN"
        );
        assert_eq!(
            err(json!([{"lower": "a", "op": "?"}])),
            "\"pattern\": every token spec is optional or negated, so it would match nothing"
        );
        assert_eq!(err(json!([])), "\"pattern\": the list of token specs is empty");
        assert_eq!(err(json!([{"is_title": "yes"}])), "\"pattern\" token 1: \"is_title\": expected true or false");
        assert!(err(json!([{"colour": "red"}])).starts_with("\"pattern\" token 1: \"colour\" is not a token attribute nomen knows"));
    }
}
