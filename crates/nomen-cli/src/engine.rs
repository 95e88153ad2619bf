//! Which extractor a command runs: the shipped model (embedded in the binary,
//! the same file the browser loads), a model file (`--model`, e.g. one the
//! app exported after learning), or the rule baseline (`--baseline`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use nomen_ner::baseline::Baseline;
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
}

impl EngineArgs {
    pub fn load(&self) -> Result<Box<dyn Extractor>> {
        if self.baseline {
            return Ok(Box::new(Baseline));
        }
        let model = match &self.model {
            Some(path) => {
                let bytes = std::fs::read(path).with_context(|| format!("{}: could not read the model file", path.display()))?;
                Model::from_bytes(&bytes).with_context(|| format!("{}: not a usable nomen model", path.display()))?
            }
            None => Model::from_bytes(SHIPPED_MODEL).context("the shipped model is damaged (rebuild nomen)")?,
        };
        Ok(Box::new(model))
    }
}
