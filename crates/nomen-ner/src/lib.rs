//! The entity extractors: text in, spans out, no IO.
//!
//! - [`baseline`]: a rule baseline (gazetteer, capitalisation, dates). It is
//!   honest about being a baseline: it exists to make the pipeline real before
//!   a trained model, and it supplies the title lexicon and date rules.
//! - [`model`]: the trained model (an averaged perceptron over BILOU tags,
//!   beam-decoded; word clusters, knowledge and a document memory as
//!   features; TITLE rules), with its compact binary format ([`format`]) and
//!   online updates.
//! - [`train`]: training it from documents, reproducibly.

pub mod aliases;
pub mod baseline;
pub mod clusters;
pub mod consistency;
pub mod conventions;
pub mod datelines;
pub mod document_memory;
pub mod events;
pub mod facilities;
pub mod features;
pub mod format;
mod hash;
pub mod knowledge;
pub mod lexicon;
pub mod memory;
pub mod model;
pub mod organisations;
pub mod places;
pub mod ptb;
pub mod rng;
#[cfg(test)]
mod rule_tests;
pub mod simulate;
pub mod tags;
pub mod titles;
pub mod token_pattern;
pub mod train;
pub mod weights;

pub use format::ModelError;
pub use model::Model;
pub use train::{train, TrainConfig};

use nomen_core::Span;

/// Anything that finds entity spans in raw text.
///
/// Spans are code-point offsets, end exclusive, sorted, non-overlapping.
pub trait Extractor {
    /// A short name for reports ("baseline", "perceptron v2", ...).
    fn name(&self) -> String;
    fn extract(&self, text: &str) -> Vec<Span>;

    /// The same spans as [`Extractor::extract`], each with how sure the
    /// extractor was of it, where it can tell (`None` for rules).
    fn extract_scored(&self, text: &str) -> Vec<ScoredSpan> {
        self.extract(text).into_iter().map(|span| ScoredSpan { span, margin: None }).collect()
    }
}

/// A span and the decoder's margin for it: the smallest, over the span's
/// tokens, of how far the chosen tag scored above the best other allowed tag
/// (in the model's weight units; small means the model hesitated). Spans made
/// by rules on top of the model carry the margin of the tokens they cover.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredSpan {
    pub span: Span,
    pub margin: Option<f32>,
}
