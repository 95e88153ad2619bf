//! Test helpers for the rules that rewrite spans after the decoder
//! (`consistency`, `facilities`, `organisations`): spans given by their
//! surface text, in text order, and results read back as (text, label).

use nomen_core::{Span, Token};

/// Runs `rule` on `text` with `spans`, each `(surface, label)` found after the one before.
pub fn run_rule(text: &str, spans: &[(&str, &str)], rule: impl Fn(&str, &[Token], &[Span]) -> Vec<Span>) -> Vec<(String, String)> {
    let tokens = nomen_core::tokenize(text);
    let mut from = 0;
    let spans: Vec<Span> = spans
        .iter()
        .map(|(surface, label)| {
            let byte = from + text[from..].find(surface).unwrap();
            from = byte + surface.len();
            let start = text[..byte].chars().count();
            Span::new(start, start + surface.chars().count(), *label)
        })
        .collect();
    let chars: Vec<char> = text.chars().collect();
    rule(text, &tokens, &spans).into_iter().map(|s| (chars[s.start..s.end].iter().collect(), s.label)).collect()
}

/// `(text, label)` pairs as `run_rule` returns them.
pub fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}
