//! `nomen detokenize`: OntoNotes-style JSONL (Penn Treebank tokens joined by
//! spaces: `-LRB-`, ` `` `, `'s` split) rewritten as the raw text a news article
//! has, spans moved along. The benchmark scores every engine on this form.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use nomen_ner::train::{eval_documents, InputFormat};

use crate::input::read_input;

#[derive(Args)]
pub struct DetokenizeArgs {
    /// OntoNotes-style JSONL (or `-` for stdin).
    input: String,
    /// Where to write raw-text JSONL (stdout when absent).
    output: Option<std::path::PathBuf>,
}

pub fn run(args: &DetokenizeArgs) -> Result<ExitCode> {
    let docs = eval_documents(&read_input(&args.input)?, InputFormat::PtbTokens, false);
    let mut out = String::new();
    for doc in &docs {
        out += &serde_json::to_string(doc)?;
        out.push('\n');
    }
    match &args.output {
        Some(path) => std::fs::write(path, out).with_context(|| format!("{}: could not write", path.display()))?,
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
