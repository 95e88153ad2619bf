//! `nomen extract`: raw text in, JSONL documents with spans out.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use crate::engine::EngineArgs;
use crate::input::read_input;

/// One output line, fields in the order people read them.
#[derive(serde::Serialize)]
struct Record<'a> {
    id: &'a str,
    text: &'a str,
    spans: &'a [nomen_core::Span],
}

#[derive(Args)]
pub struct ExtractArgs {
    /// Input files: .txt (one article each) or .jsonl (a "text" and optional "id" per line).
    /// Reads stdin when none is given or for `-`.
    files: Vec<String>,
    #[command(flatten)]
    engine: EngineArgs,
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let extractor = args.engine.load()?;
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for file in &files {
        // One bad file is reported and the batch goes on, as in ripgrep.
        let docs = match read_input(file) {
            Ok(read) => read,
            Err(err) => {
                eprintln!("nomen: error: {err:#}");
                failed = true;
                continue;
            }
        };
        for (index, mut doc) in docs.into_iter().enumerate() {
            doc.spans = extractor.extract(&doc.text);
            let id = doc.id.clone().unwrap_or_else(|| match file.as_str() {
                "-" => format!("stdin-{}", index + 1),
                _ => format!("{file}#{}", index + 1),
            });
            serde_json::to_writer(&mut out, &Record { id: &id, text: &doc.text, spans: &doc.spans })?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
