//! `nomen extract`: raw text in, JSONL documents with spans out.
//!
//! With `--jobs N` the documents of a block are shared among N threads
//! (`extract_all`) and written in input order, so the output is byte for byte
//! the same whatever N is.

use std::io::{BufWriter, Write};
use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::engine::EngineArgs;
use crate::input::read_input;
use anyhow::Result;
use clap::Args;
use nomen_core::Span;
use nomen_ner::Extractor;

/// Documents extracted (and so held in memory) before their output is written.
const BLOCK: usize = 1024;

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
    /// Threads to extract on (default: all cores); the output keeps the input's order.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
}

/// The spans of each text, in order, extracted on up to `jobs` threads.
///
/// Each thread takes the next unclaimed document from a shared counter, so
/// long and short articles balance out; results go back to their index.
/// Plain scoped threads rather than rayon: one flat list of independent
/// documents needs no work-stealing pool, and no dependency.
fn extract_all(extractor: &(dyn Extractor + Sync), texts: &[&str], jobs: usize) -> Vec<Vec<Span>> {
    let threads = jobs.min(texts.len());
    if threads <= 1 {
        return texts.iter().map(|text| extractor.extract(text)).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(text) = texts.get(index) else { return done };
            done.push((index, extractor.extract(text)));
        }
    };
    let mut results = vec![Vec::new(); texts.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        for handle in handles {
            // A panic in the extractor is a bug: let it surface as it would on one thread.
            let done = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (index, spans) in done {
                results[index] = spans;
            }
        }
    });
    results
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let extractor = args.engine.load()?;
    let jobs = args.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get), NonZeroUsize::get);
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
        for (block_index, block) in docs.chunks(BLOCK).enumerate() {
            let texts: Vec<&str> = block.iter().map(|doc| doc.text.as_str()).collect();
            let spans = extract_all(extractor.as_ref(), &texts, jobs);
            for (offset, (doc, spans)) in block.iter().zip(&spans).enumerate() {
                let index = block_index * BLOCK + offset;
                let id = doc.id.clone().unwrap_or_else(|| match file.as_str() {
                    "-" => format!("stdin-{}", index + 1),
                    _ => format!("{file}#{}", index + 1),
                });
                serde_json::to_writer(&mut out, &Record { id: &id, text: &doc.text, spans })?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
