//! `nomen learn`: what the app does when an analyst marks a document done,
//! over files. Corrected documents teach a model their names (and a patterns
//! file its patterns); the result is a learned model file (format version 2)
//! for `nomen extract --model`, the same kind the app's "Export model" saves.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use nomen_ner::memory::Memory;

use crate::engine::model_from;
use crate::input::read_input;

#[derive(Args)]
pub struct LearnArgs {
    /// Corrected documents (JSONL with "text" and "spans", such as the app's export), learned in order; stdin when none.
    files: Vec<String>,
    /// The model to teach (default: the shipped model). A learned model goes on learning.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Prodigy patterns JSONL to add as well.
    #[arg(long, value_name = "FILE")]
    patterns: Option<PathBuf>,
    /// Where to write the learned model.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
}

pub fn run(args: &LearnArgs) -> Result<ExitCode> {
    let model = model_from(args.model.as_deref())?;
    let mut memory = model.memory().clone();
    let mut documents = 0;
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    for file in &files {
        for doc in read_input(file)? {
            memory.learn(&doc.text, &doc.spans);
            documents += 1;
        }
    }
    if let Some(path) = &args.patterns {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}: could not read the patterns file", path.display()))?;
        memory.add_patterns(Memory::from_patterns(&text).with_context(|| format!("{}", path.display()))?);
    }
    let applied = memory.len();
    let bytes = model.with_memory(memory).to_bytes();
    // Written beside the target and renamed, so a failure never leaves half a model.
    let name = args.out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = args.out.with_file_name(format!(".{name}.nomen-tmp-{}", std::process::id()));
    std::fs::write(&temp, &bytes).with_context(|| format!("{}: could not write the model", args.out.display()))?;
    std::fs::rename(&temp, &args.out).with_context(|| format!("{}: could not move the model into place", args.out.display()))?;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "learned from {}: the model now applies {}; wrote {}",
        plural(documents, "document", "documents"),
        plural(applied, "name or pattern", "names and patterns"),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
