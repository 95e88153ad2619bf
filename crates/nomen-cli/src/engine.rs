//! Which extractor a command runs: the shipped model (embedded in the binary,
//! the same file the browser loads), a model file (`--model`), or the rule
//! baseline (`--baseline`); with `--patterns`, names from a Prodigy patterns
//! file (such as the app's "Export names") are applied after it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use nomen_core::Span;
use nomen_ner::baseline::Baseline;
use nomen_ner::memory::Memory;
use nomen_ner::{Extractor, Model};

/// The model the app ships, compiled in so `nomen` works from anywhere.
const SHIPPED_MODEL: &[u8] = include_bytes!("../../../assets/nomen-news.model");

#[derive(Args, Debug, Clone)]
pub struct EngineArgs {
    /// A model file to extract with (default: the model shipped with nomen).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    model: Option<PathBuf>,
    /// Use the rule baseline instead of a trained model.
    #[arg(long)]
    baseline: bool,
    /// Prodigy patterns JSONL ({"label", "pattern"}, the pattern a string or a list of token attributes) applied after the extractor.
    #[arg(long, value_name = "FILE")]
    patterns: Option<PathBuf>,
}

/// An extractor followed by remembered names.
struct WithPatterns {
    inner: Box<dyn Extractor + Send + Sync>,
    memory: Memory,
}

impl Extractor for WithPatterns {
    fn name(&self) -> String {
        format!("{} + {} patterns", self.inner.name(), self.memory.len())
    }

    fn extract(&self, text: &str) -> Vec<Span> {
        self.memory.apply(text, self.inner.extract(text))
    }
}

impl EngineArgs {
    /// Send + Sync: `nomen extract --jobs N` shares one extractor between threads.
    pub fn load(&self) -> Result<Box<dyn Extractor + Send + Sync>> {
        let extractor = self.load_extractor()?;
        let Some(path) = &self.patterns else { return Ok(extractor) };
        let text = std::fs::read_to_string(path).with_context(|| format!("{}: could not read the patterns file", path.display()))?;
        let memory = Memory::from_patterns(&text).with_context(|| format!("{}", path.display()))?;
        Ok(Box::new(WithPatterns { inner: extractor, memory }))
    }

    fn load_extractor(&self) -> Result<Box<dyn Extractor + Send + Sync>> {
        if self.baseline {
            return Ok(Box::new(Baseline));
        }
        Ok(Box::new(model_from(self.model.as_deref())?))
    }
}

/// The model compiled into this binary.
pub fn shipped_model() -> Result<Model> {
    Model::from_bytes(SHIPPED_MODEL).context("the shipped model is damaged (rebuild nomen)")
}

/// A model file, or the shipped model when `path` is `None`.
pub fn model_from(path: Option<&std::path::Path>) -> Result<Model> {
    match path {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("{}: could not read the model file", path.display()))?;
            Model::from_bytes(&bytes).with_context(|| format!("{}: not a usable nomen model", path.display()))
        }
        None => shipped_model(),
    }
}
