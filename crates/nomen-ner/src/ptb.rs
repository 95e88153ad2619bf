//! Turning OntoNotes' Penn Treebank tokens back into raw-looking text.
//!
//! The model only ever sees text through [`nomen_core::tokenize`], at
//! training time as at run time, so the two can never disagree about what a
//! token is. OntoNotes text is pre-tokenised (`-LRB-`, ` `` `, `''`, `'s`
//! split off, `/.` escapes), so each sentence is first rebuilt as a news
//! writer would have typed it: brackets and quotes restored, no space before
//! commas or clitics, and, at random with a fixed seed, curly quotes and
//! apostrophes, em dashes and the odd all-caps headline line, so that
//! features learned here carry over to raw articles.

use nomen_core::{Document, Span};

use crate::rng::Rng;

/// How often each raw-text variant is used. Zero everywhere gives plain ASCII.
#[derive(Debug, Clone)]
pub struct RawStyle {
    /// `“…”` instead of `"…"` for PTB quotes.
    pub curly_quotes: f64,
    /// `’s` instead of `'s`.
    pub curly_apostrophes: f64,
    /// `—` glued to its neighbours instead of ` -- `.
    pub em_dashes: f64,
    /// A whole sentence in capitals, as in a headline.
    pub caps_sentences: f64,
    /// A sentence in headline title case: every word of four letters or more capitalised.
    pub headline_sentences: f64,
}

impl RawStyle {
    /// Plain ASCII text: deterministic, used for evaluation.
    pub fn ascii() -> RawStyle {
        RawStyle { curly_quotes: 0.0, curly_apostrophes: 0.0, em_dashes: 0.0, caps_sentences: 0.0, headline_sentences: 0.0 }
    }

    /// A mix resembling web news, for training.
    pub fn augmented() -> RawStyle {
        RawStyle { curly_quotes: 0.5, curly_apostrophes: 0.5, em_dashes: 0.5, caps_sentences: 0.02, headline_sentences: 0.02 }
    }
}

fn no_space_before(tok: &str) -> bool {
    matches!(tok, "," | "." | ";" | ":" | "?" | "!" | "%" | "-RRB-" | "-RSB-" | "-RCB-" | "''" | "'" | "..." | "/." | "/?" | "/!")
        || is_clitic(tok)
}

fn no_space_after(tok: &str) -> bool {
    matches!(tok, "-LRB-" | "-LSB-" | "-LCB-" | "``" | "`" | "$" | "#")
}

fn is_clitic(tok: &str) -> bool {
    let lower = tok.to_ascii_lowercase();
    matches!(lower.as_str(), "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "n't")
}

/// Rebuilds one PTB document as raw text (sentences stay one per line) and
/// maps its spans. Spans that start or end inside a dropped token are dropped.
pub fn to_raw(doc: &Document, style: &RawStyle, rng: &mut Rng) -> Document {
    let mut out = String::with_capacity(doc.text.len());
    let mut out_chars = 0usize;
    // For each source token: (source start, source end, target start, target end) in code points.
    let mut map: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut src = 0usize; // code point offset of the current line in the source
    for (line_no, line) in doc.text.split('\n').enumerate() {
        if line_no > 0 {
            out.push('\n');
            out_chars += 1;
        }
        let curly = rng.chance(style.curly_quotes);
        let curly_apostrophe = rng.chance(style.curly_apostrophes);
        let em_dash = rng.chance(style.em_dashes);
        let caps = rng.chance(style.caps_sentences);
        let headline = !caps && rng.chance(style.headline_sentences);
        let mut glue_next = true; // no space before the first token of a line
        let mut straight_quote_open = false;
        let mut prev: &str = "";
        let mut tok_start = src;
        for tok in line.split(' ') {
            let tok_len = tok.chars().count();
            let (start, end) = (tok_start, tok_start + tok_len);
            tok_start = end + 1;
            if tok.is_empty() {
                continue;
            }
            // A sentence-final period after an abbreviation ("Inc. .") is not typed twice.
            if tok == "." && prev.ends_with('.') && prev.len() > 1 {
                continue;
            }
            let mut glue_before = no_space_before(tok);
            let mut glue_after = no_space_after(tok);
            let surface: String = match tok {
                "-LRB-" => "(".into(),
                "-RRB-" => ")".into(),
                "-LSB-" => "[".into(),
                "-RSB-" => "]".into(),
                "-LCB-" => "{".into(),
                "-RCB-" => "}".into(),
                "``" => (if curly { "“" } else { "\"" }).into(),
                "''" => (if curly { "”" } else { "\"" }).into(),
                "`" => (if curly { "‘" } else { "'" }).into(),
                "'" => (if curly_apostrophe { "’" } else { "'" }).into(),
                "\"" => {
                    // Straight quotes alternate between opening and closing.
                    straight_quote_open = !straight_quote_open;
                    if straight_quote_open {
                        glue_after = true
                    } else {
                        glue_before = true
                    }
                    (if curly {
                        if straight_quote_open {
                            "“"
                        } else {
                            "”"
                        }
                    } else {
                        "\""
                    })
                    .into()
                }
                "--" if em_dash => {
                    glue_before = true;
                    glue_after = true;
                    "—".into()
                }
                t if t.len() == 2 && t.starts_with('/') => t[1..].into(),
                t if is_clitic(t) && curly_apostrophe => t.replace('\'', "’"),
                t => t.into(),
            };
            let surface = if caps {
                upper_same_length(&surface)
            } else if headline && surface.chars().count() >= 4 && surface.chars().all(char::is_alphabetic) {
                let mut chars = surface.chars();
                chars.next().map(|c| upper_same_length(&c.to_string()) + chars.as_str()).unwrap_or_default()
            } else {
                surface
            };
            if !(glue_next || glue_before) {
                out.push(' ');
                out_chars += 1;
            }
            let n = surface.chars().count();
            out.push_str(&surface);
            map.push((start, end, out_chars, out_chars + n));
            out_chars += n;
            glue_next = glue_after;
            prev = tok;
        }
        src += line.chars().count() + 1;
    }
    let spans = doc
        .spans
        .iter()
        .filter_map(|s| {
            let first = map.iter().find(|m| m.0 == s.start)?;
            let last = map.iter().find(|m| m.1 == s.end)?;
            Some(Span::new(first.2, last.3, s.label.clone()))
        })
        .collect();
    Document { id: doc.id.clone(), text: out, spans, meta: doc.meta.clone() }
}

/// Upper-cases letters whose capital is a single code point (`ß` stays), so offsets hold.
fn upper_same_length(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str, spans: Vec<Span>, style: &RawStyle) -> Document {
        to_raw(&Document::new(text).with_spans(spans), style, &mut Rng::new(1))
    }

    #[test]
    fn ptb_tokens_become_raw_text() {
        let doc = raw(
            "`` The U.S. -LRB- Washington -RRB- did n't say , '' Haftar 's aide said /.",
            vec![Span::new(7, 11, "GPE"), Span::new(18, 28, "GPE"), Span::new(52, 58, "PERSON")],
            &RawStyle::ascii(),
        );
        assert_eq!(doc.text, "\"The U.S. (Washington) didn't say,\" Haftar's aide said.");
        assert_eq!(doc.span_texts(), vec![Some("U.S."), Some("Washington"), Some("Haftar")]);
    }

    #[test]
    fn curly_style_and_lines() {
        let style = RawStyle { curly_quotes: 1.0, curly_apostrophes: 1.0, em_dashes: 1.0, caps_sentences: 0.0, headline_sentences: 0.0 };
        let doc = raw("Rome -- `` Hi '' .\nHaftar 's men", vec![Span::new(19, 25, "PERSON")], &style);
        assert_eq!(doc.text, "Rome—“Hi”.\nHaftar’s men");
        assert_eq!(doc.span_texts(), vec![Some("Haftar")]);
    }

    #[test]
    fn abbreviation_final_period_is_not_doubled() {
        let doc = raw("He joined Acme Inc. .", vec![Span::new(10, 19, "ORG")], &RawStyle::ascii());
        assert_eq!(doc.text, "He joined Acme Inc.");
        assert_eq!(doc.span_texts(), vec![Some("Acme Inc.")]);
    }
}
