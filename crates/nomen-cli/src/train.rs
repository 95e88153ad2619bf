//! `nomen train`: a model from annotated documents, reproducibly (fixed seed),
//! with progress on stderr. The shipped model is made with
//! `nomen train --data ../shared/data/ontonotes/train.jsonl --dev ../shared/data/ontonotes/dev.jsonl --out assets/nomen-news.model`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use nomen_ner::knowledge::Knowledge;
use nomen_ner::train::{InputFormat, Phase, Progress};
use nomen_ner::{train, TrainConfig};

use crate::input::read_input;

#[derive(Args)]
pub struct TrainArgs {
    /// Training documents, JSONL {"text", "spans"}. OntoNotes-style files (Penn Treebank
    /// tokens joined by spaces) are the default; pass --raw for raw article text.
    #[arg(long, value_name = "FILE")]
    data: String,
    /// Development documents (same form): each epoch is scored on them and the best kept.
    #[arg(long, value_name = "FILE")]
    dev: Option<String>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    /// The documents are raw text, not Penn Treebank tokens.
    #[arg(long)]
    raw: bool,
    /// Use only the first N training documents (for a quick try).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Score each epoch on only the first N development documents (for a quick try).
    #[arg(long, value_name = "N")]
    dev_limit: Option<usize>,
    /// A folder with the knowledge files of `knowledge/build.py` (vector-clusters.tsv,
    /// places.tsv), built into the model; `cargo xtask train` makes them.
    #[arg(long, value_name = "DIR")]
    knowledge: Option<PathBuf>,
    /// Train token by token with greedy history, as models before the beam decoder were
    /// (the default trains over the decoder's beam: a structured perceptron with early update).
    #[arg(long)]
    token_by_token: bool,
}

pub fn run(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut docs = read_input(&args.data)?;
    if let Some(limit) = args.limit {
        docs.truncate(limit);
    }
    let mut dev = match &args.dev {
        Some(path) => read_input(path)?,
        None => Vec::new(),
    };
    if let Some(limit) = args.dev_limit {
        dev.truncate(limit);
    }
    let knowledge = match &args.knowledge {
        Some(dir) => {
            let read = |name: &str| {
                let path = dir.join(name);
                std::fs::read_to_string(&path).with_context(|| format!("{}: could not read the knowledge file", path.display()))
            };
            Knowledge::from_tsv(&read("vector-clusters.tsv")?, &read("places.tsv")?)
                .with_context(|| format!("{}: a knowledge file is malformed", dir.display()))?
        }
        None => Knowledge::default(),
    };
    let config = TrainConfig {
        epochs: args.epochs,
        input: if args.raw { InputFormat::Raw } else { InputFormat::PtbTokens },
        dev,
        knowledge,
        structured: !args.token_by_token,
        // The file's name, not its path: the same data gives the same model wherever it lies.
        info: format!(
            "trained by nomen train on {} ({} documents)",
            std::path::Path::new(&args.data).file_name().map_or(args.data.as_str().into(), |n| n.to_string_lossy()),
            docs.len()
        ),
        ..TrainConfig::default()
    };
    eprintln!("nomen train: {} documents, {} epochs", docs.len(), config.epochs);
    let model = train(&docs, &config, report);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("{}: could not write the model", args.out.display()))?;
    eprintln!("\nnomen train: wrote {} ({} KB) in {:.0?}", args.out.display(), bytes.len() / 1024, started.elapsed());
    Ok(ExitCode::SUCCESS)
}

fn report(p: &Progress) {
    let mut err = std::io::stderr();
    let _ = match p.phase {
        Phase::Preparing => write!(err, "\rpreparing sentences…"),
        Phase::Clustering => write!(err, "\rlearning word clusters from the training text…"),
        Phase::Training => write!(
            err,
            "\repoch {}/{}: {}/{} sentences, {} token errors   ",
            p.epoch, p.epochs, p.sentences, p.total_sentences, p.token_errors
        ),
        Phase::EpochDone => match p.dev_f1 {
            Some(f1) => {
                writeln!(err, "\repoch {}/{}: {} token errors, dev F1 {f1:.3}                    ", p.epoch, p.epochs, p.token_errors)
            }
            None => writeln!(err, "\repoch {}/{}: {} token errors                    ", p.epoch, p.epochs, p.token_errors),
        },
        Phase::Finished => writeln!(err, "\rdone{:40}", ""),
    };
}
