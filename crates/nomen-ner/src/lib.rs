//! The entity extractors: text in, spans out, no IO.
//!
//! - [`baseline`]: a rule baseline (gazetteer, capitalisation, dates). It is
//!   honest about being a baseline: it exists to make the pipeline real before
//!   a trained model, and it supplies the title lexicon and date rules.
//! - `model` (trained averaged perceptron) arrives with issue 4.

pub mod baseline;
pub mod lexicon;

use nomen_core::Span;

/// Anything that finds entity spans in raw text.
///
/// Spans are code-point offsets, end exclusive, sorted, non-overlapping.
pub trait Extractor {
    /// A short name for reports ("baseline", "perceptron v1", ...).
    fn name(&self) -> String;
    fn extract(&self, text: &str) -> Vec<Span>;
}
