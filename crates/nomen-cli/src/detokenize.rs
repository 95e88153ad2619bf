//! `nomen detokenize`: OntoNotes-style JSONL (Penn Treebank tokens joined by
//! spaces: `-LRB-`, ` `` `, `'s` split) rewritten as the raw text a news article
//! has, spans moved along. The benchmark scores every engine on this form, and
//! on the same text in the typography of web news (`--style news`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use nomen_ner::ptb::RawStyle;
use nomen_ner::train::{styled_documents, InputFormat};

use crate::input::read_input;

#[derive(Args)]
pub struct DetokenizeArgs {
    /// OntoNotes-style JSONL (or `-` for stdin).
    input: String,
    /// Where to write raw-text JSONL (stdout when absent).
    output: Option<std::path::PathBuf>,
    /// `ascii`: plain ASCII text, as the Treebank spells it. `news`: the typography of web
    /// news the extractor is trained with (half the lines with curly quotes and apostrophes,
    /// half with glued em dashes, one in fifty in capitals, one in fifty in headline case)
    #[arg(long, value_enum, default_value_t = Style::Ascii)]
    style: Style,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Style {
    Ascii,
    News,
}

pub fn run(args: &DetokenizeArgs) -> Result<ExitCode> {
    let style = match args.style {
        Style::Ascii => RawStyle::ascii(),
        Style::News => RawStyle::augmented(),
    };
    let docs = styled_documents(&read_input(&args.input)?, InputFormat::PtbTokens, &style, false);
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
