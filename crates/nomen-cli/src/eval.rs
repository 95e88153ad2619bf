//! `nomen eval`: exact-match span P/R/F1 per label, against a gold JSONL.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use clap::Args;
use nomen_core::errors::ErrorTally;
use nomen_core::eval::Scorer;
use nomen_core::{tokenize, Span};
use nomen_ner::conventions::normalize;
use serde::Serialize;

use crate::engine::EngineArgs;
use crate::input::read_input;

#[derive(Args)]
pub struct EvalArgs {
    /// Gold JSONL: {"id", "text", "spans"} per line.
    #[arg(long)]
    gold: String,
    /// Predictions JSONL with the same ids (or the same order and texts). Runs the extractor when absent.
    #[arg(long)]
    pred: Option<String>,
    /// Score only these labels (comma-separated), e.g. PERSON,ORG,GPE.
    #[arg(long, value_delimiter = ',')]
    labels: Vec<String>,
    /// Apply GUIDELINES.md rule 1 to gold and predicted spans before scoring:
    /// no leading "the" on names, no trailing possessive or punctuation.
    #[arg(long)]
    normalize: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also list the N most frequent kinds of error (a wrong label, a boundary too long or
    /// too short, a missed or spurious span), each with its count and a first example.
    #[arg(long, value_name = "N")]
    errors: Option<usize>,
    /// The extractor to run when --pred is absent.
    #[command(flatten)]
    engine: EngineArgs,
}

/// How fast the extractor ran, when `eval` ran it. Tokens are whitespace-separated
/// words, a count that does not depend on any engine's tokenizer.
#[derive(Serialize)]
struct Speed {
    extractor: String,
    documents: usize,
    tokens: usize,
    seconds: f64,
    tokens_per_second: f64,
}

#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    report: &'a nomen_core::eval::Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    extraction: Option<Speed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<nomen_core::errors::ErrorCount>>,
}

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    let gold = read_input(&args.gold)?;
    let mut speed = None;
    let pred = match &args.pred {
        Some(path) => {
            let pred = read_input(path)?;
            align(&args.gold, &gold, path, pred)?
        }
        None => {
            let extractor = args.engine.load()?;
            let started = Instant::now();
            let pred: Vec<Vec<Span>> = gold.iter().map(|d| extractor.extract(&d.text)).collect();
            let seconds = started.elapsed().as_secs_f64();
            let tokens = gold.iter().map(|d| d.text.split_whitespace().count()).sum();
            speed = Some(Speed {
                extractor: extractor.name(),
                documents: gold.len(),
                tokens,
                seconds,
                tokens_per_second: tokens as f64 / seconds.max(1e-9),
            });
            pred
        }
    };
    let mut scorer = if args.labels.is_empty() { Scorer::new() } else { Scorer::restricted_to(args.labels.clone()) };
    let mut tally = ErrorTally::new();
    let kept = |spans: Vec<Span>| -> Vec<Span> {
        spans.into_iter().filter(|s| args.labels.is_empty() || args.labels.contains(&s.label)).collect()
    };
    for (g, p) in gold.iter().zip(&pred) {
        let (gold_spans, pred_spans) = if args.normalize {
            let tokens = tokenize(&g.text);
            (normalize(&g.text, &tokens, &g.spans), normalize(&g.text, &tokens, p))
        } else {
            (g.spans.clone(), p.clone())
        };
        scorer.add(&gold_spans, &pred_spans);
        if args.errors.is_some() {
            tally.add(&g.text, &kept(gold_spans), &kept(pred_spans));
        }
    }
    let report = scorer.report();
    let errors = args.errors.map(|n| tally.most_frequent().into_iter().take(n).collect::<Vec<_>>());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&Output { report: &report, extraction: speed, errors })?);
    } else {
        print!("{}", report.to_table());
        if let Some(s) = speed {
            println!("\n{}: {} tokens in {:.3} s, {:.0} tokens/s", s.extractor, s.tokens, s.seconds, s.tokens_per_second);
        }
        if let Some(errors) = errors {
            println!("\n{} errors; the most frequent kinds:", tally.total());
            for e in errors {
                println!("{:>6}  {:<40} e.g. {}", e.count, e.description, e.example.replace('\n', " "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Pairs each gold document with its prediction, by id when both have ids,
/// else by position; the texts must match so offsets mean the same thing.
fn align(
    gold_name: &str,
    gold: &[nomen_core::Document],
    pred_name: &str,
    pred: Vec<nomen_core::Document>,
) -> Result<Vec<Vec<nomen_core::Span>>> {
    let by_id: HashMap<&str, &nomen_core::Document> = pred.iter().filter_map(|d| Some((d.id.as_deref()?, d))).collect();
    let mut out = Vec::with_capacity(gold.len());
    for (index, g) in gold.iter().enumerate() {
        let p = match g.id.as_deref().and_then(|id| by_id.get(id)) {
            Some(p) => *p,
            None => match pred.get(index) {
                Some(p) => p,
                None => bail!(
                    "{pred_name}: no prediction for gold document {} ({gold_name}, record {})",
                    g.id.as_deref().unwrap_or("without id"),
                    index + 1
                ),
            },
        };
        if p.text != g.text {
            bail!(
                "{pred_name}: the text of the prediction for gold record {} ({}) differs from the gold text",
                index + 1,
                g.id.as_deref().unwrap_or("without id")
            );
        }
        out.push(p.spans.clone());
    }
    Ok(out)
}
