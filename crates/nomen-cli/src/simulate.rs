//! `nomen simulate`: how much learning from corrections saves an analyst.
//! Each gold document in turn is pre-annotated, corrected to gold (edits
//! counted), and, with learning, taught to the model; then the same without
//! learning. The result is a learning curve in edits per 100 gold entities.

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use nomen_core::tokenize;
use nomen_ner::conventions::normalize;
use nomen_ner::simulate::{least_confident_first, per_hundred, simulate, Cost, EditKinds, Learning, ReviewValue};
use serde::Serialize;

use crate::engine::model_from;
use crate::input::read_input;

#[derive(Args)]
pub struct SimulateArgs {
    /// Gold documents, corrected in file order.
    #[arg(long)]
    gold: String,
    /// Only documents whose meta.genre starts with one of these (e.g. nw/,bn/ for OntoNotes news).
    #[arg(long, value_delimiter = ',')]
    genre: Vec<String>,
    /// Labels of the analyst's schema (others are ignored on both sides).
    #[arg(long, value_delimiter = ',', default_value = "PERSON,TITLE,ORG,GPE,LOC,FAC,NORP,EVENT,DATE")]
    labels: Vec<String>,
    /// Put gold spans into GUIDELINES.md conventions first (for OntoNotes gold).
    #[arg(long)]
    normalize: bool,
    /// Documents per point of the curve.
    #[arg(long, default_value_t = 20)]
    window: usize,
    /// Use only the first N documents.
    #[arg(long)]
    limit: Option<usize>,
    /// A model file (default: the shipped model).
    #[arg(long)]
    model: Option<std::path::PathBuf>,
    /// How the extractor learns: "memory" (the analyst's decisions on names, what the app does)
    /// or "model" (online perceptron updates).
    #[arg(long, default_value = "memory")]
    learn: String,
    /// With --learn model: step size, in multiples of the model's update step.
    #[arg(long, default_value_t = nomen_ner::model::UPDATE_STRENGTH)]
    strength: f32,
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Point {
    documents: String,
    gold: usize,
    without_learning: f64,
    with_learning: f64,
}

#[derive(Serialize)]
struct Output {
    documents: usize,
    window: usize,
    curve: Vec<Point>,
    /// Edits per 100 gold entities on every document after the first `window`, without and with learning.
    after_first_window: (f64, f64),
    /// The same edits by kind (counts), without and with learning.
    kinds_after_first_window: (EditKinds, EditKinds),
    /// Of the edits without learning after the first window, those about a text
    /// seen in an earlier article: the most that learning names could save.
    recurring_after_first_window: usize,
    reduction_percent: f64,
    /// How many of the extractor's wrong spans are among its 20% least confident spans.
    least_confident: ReviewValue,
}

pub fn run(args: &SimulateArgs) -> Result<ExitCode> {
    let mut docs = read_input(&args.gold)?;
    if !args.genre.is_empty() {
        docs.retain(|d| d.meta.get("genre").and_then(|g| g.as_str()).is_some_and(|g| args.genre.iter().any(|p| g.starts_with(p.as_str()))));
    }
    if let Some(limit) = args.limit {
        docs.truncate(limit);
    }
    if docs.len() <= args.window || args.window == 0 {
        bail!("{}: {} documents; the curve needs more than one window of {}", args.gold, docs.len(), args.window);
    }
    if args.normalize {
        for doc in &mut docs {
            let tokens = tokenize(&doc.text);
            doc.spans = normalize(&doc.text, &tokens, &doc.spans);
        }
    }
    let model = model_from(args.model.as_deref())?;
    let keep: Vec<&str> = args.labels.iter().map(String::as_str).collect();
    let learning = match args.learn.as_str() {
        "memory" => Learning::Memory,
        "model" => Learning::Model(args.strength),
        other => bail!("--learn {other}: expected memory or model"),
    };
    let without = simulate(&model, &docs, &keep, Learning::None);
    let with = simulate(&model, &docs, &keep, learning);
    let gold = |c: &[Cost]| c.iter().map(|c| c.gold).sum::<usize>();
    let curve: Vec<Point> = without
        .chunks(args.window)
        .zip(with.chunks(args.window))
        .enumerate()
        .map(|(i, (a, b))| Point {
            documents: format!("{}-{}", i * args.window + 1, i * args.window + a.len()),
            gold: gold(a),
            without_learning: per_hundred(a),
            with_learning: per_hundred(b),
        })
        .collect();
    let after = (per_hundred(&without[args.window..]), per_hundred(&with[args.window..]));
    let kinds = |c: &[Cost]| {
        c.iter().fold(EditKinds::default(), |mut k, c| {
            k += c.kinds;
            k
        })
    };
    let output = Output {
        documents: docs.len(),
        window: args.window,
        curve,
        after_first_window: after,
        kinds_after_first_window: (kinds(&without[args.window..]), kinds(&with[args.window..])),
        recurring_after_first_window: without[args.window..].iter().map(|c| c.recurring).sum(),
        reduction_percent: 100.0 * (after.0 - after.1) / after.0.max(1e-9),
        least_confident: least_confident_first(&model, &docs, &keep, 0.2),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&output)?);
    } else {
        println!("{:<12} {:>6} {:>18} {:>15}", "documents", "gold", "without learning", "with learning");
        for p in &output.curve {
            println!("{:<12} {:>6} {:>18.1} {:>15.1}", p.documents, p.gold, p.without_learning, p.with_learning);
        }
        println!(
            "\nafter the first {} documents: {:.1} → {:.1} edits per 100 gold entities ({:+.1}%)",
            args.window, after.0, after.1, -output.reduction_percent
        );
        for (name, k) in [("without", output.kinds_after_first_window.0), ("with", output.kinds_after_first_window.1)] {
            println!("  {name:<8} learning: {} relabel, {} boundary, {} delete, {} add", k.relabel, k.boundary, k.delete, k.add);
        }
        let edits = output.kinds_after_first_window.0.total();
        println!(
            "  {} of those {edits} edits ({:.0}%) are about a text seen in an earlier article: the most that learning names could save",
            output.recurring_after_first_window,
            100.0 * output.recurring_after_first_window as f64 / edits.max(1) as f64
        );
        let r = output.least_confident;
        println!(
            "\nreviewing the {:.0}% least confident spans first ({} of {}) finds {} of the extractor's {} wrong spans ({:.0}%)",
            100.0 * r.share,
            r.reviewed,
            r.predicted,
            r.wrong_among_reviewed,
            r.wrong,
            r.caught_percent()
        );
    }
    Ok(ExitCode::SUCCESS)
}
