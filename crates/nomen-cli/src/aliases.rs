//! `nomen aliases`: proposes clusters of spelling variants (Haftar / Hafter)
//! from the spans of annotated documents, or from the extractor's spans when a
//! document has none. Prints them, or the cluster list as JSON.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use nomen_core::OffsetMap;
use nomen_ner::aliases::propose;

use crate::engine::EngineArgs;
use crate::input::read_input;

#[derive(Args)]
pub struct AliasesArgs {
    /// JSONL documents (annotated or not) or .txt articles; stdin when none.
    files: Vec<String>,
    /// Print the clusters as JSON.
    #[arg(long)]
    json: bool,
    /// The extractor for documents without spans.
    #[command(flatten)]
    engine: EngineArgs,
}

pub fn run(args: &AliasesArgs) -> Result<ExitCode> {
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let extractor = args.engine.load()?;
    let mut mentions: Vec<(String, String)> = Vec::new();
    for file in &files {
        for mut doc in read_input(file)? {
            if doc.spans.is_empty() {
                doc.spans = extractor.extract(&doc.text);
            }
            let map = OffsetMap::new(&doc.text);
            for span in &doc.spans {
                if let Some(range) = map.byte_range(span.start, span.end) {
                    mentions.push((doc.text[range].to_string(), span.label.clone()));
                }
            }
        }
    }
    let clusters = propose(mentions.iter().map(|(s, l)| (s.as_str(), l.as_str())));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&clusters)?);
    } else if clusters.is_empty() {
        println!("no spelling variants found among {} mentions", mentions.len());
    } else {
        for c in &clusters {
            let members: Vec<String> = c.members.iter().map(|(s, n)| format!("{s} ({n})")).collect();
            println!("{:<28} {}", c.kb_id, members.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
