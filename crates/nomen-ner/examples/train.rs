//! Trains the news model on OntoNotes and reports on it: `nomen train` with
//! the experimenter's knobs (history, pruning, quantum, clusters) and a longer
//! report, the source of the numbers in the issue reports.
//!
//! ```text
//! cargo build -p nomen-ner --profile release-native --examples
//! target/release-native/examples/train --train ../shared/data/ontonotes/train.jsonl \
//!     --dev ../shared/data/ontonotes/dev.jsonl --seeds ../shared/gold/seeds.jsonl \
//!     --out assets/nomen-news.model [--epochs 10] [--limit 500] [--dev-limit 100] [--quantum 0.5]
//!     [--coarsen 3] [--prune 2] [--history predicted|unconstrained|gold] [--no-normalize] [--no-clusters] [--show]
//! `--model FILE --text "..."` prints the spans of one text.
//! ```
//! With `--model FILE` instead of `--train`, it only evaluates an existing model.

use std::time::Instant;

use nomen_core::{tokenize, Document};
use nomen_ner::train::{eval_documents, evaluate, History, InputFormat, Phase, TrainConfig, NEWS_LABELS};
use nomen_ner::{Extractor, Model};

fn read_jsonl(path: &str, limit: usize) -> Vec<Document> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1)))
        .collect()
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let limit: usize = arg(&args, "--limit").map_or(usize::MAX, |v| v.parse().expect("--limit N"));
    let dev_limit: usize = arg(&args, "--dev-limit").map_or(usize::MAX, |v| v.parse().expect("--dev-limit N"));
    let dev_raw = arg(&args, "--dev").map(|p| read_jsonl(&p, dev_limit)).unwrap_or_default();
    let news: Vec<String> = NEWS_LABELS.iter().map(|s| s.to_string()).collect();

    if let Some(out) = arg(&args, "--dump-dev") {
        // Raw dev text with OntoNotes-convention spans, for running other systems on it.
        let docs = eval_documents(&dev_raw, InputFormat::PtbTokens, false);
        let lines: Vec<String> = docs.iter().map(|d| serde_json::to_string(d).expect("json")).collect();
        std::fs::write(&out, lines.join("\n") + "\n").expect("write dev dump");
        return;
    }
    if let Some(pred_path) = arg(&args, "--score") {
        // Scores another system's predictions (JSONL, one per gold document, same order).
        let gold_path = arg(&args, "--gold");
        let gold = match &gold_path {
            Some(p) => read_jsonl(p, usize::MAX),
            None => eval_documents(&dev_raw, InputFormat::PtbTokens, false),
        };
        let preds = read_jsonl(&pred_path, usize::MAX);
        let normalise = |d: &Document| {
            let tokens = tokenize(&d.text);
            Document { spans: nomen_ner::conventions::normalize(&d.text, &tokens, &d.spans), ..d.clone() }
        };
        for normalize in [false, true] {
            for labels in [news.clone(), vec![]] {
                let mut scorer = if labels.is_empty() {
                    nomen_core::eval::Scorer::new()
                } else {
                    nomen_core::eval::Scorer::restricted_to(labels.clone())
                };
                for (g, p) in gold.iter().zip(&preds) {
                    let (g, p) = if normalize && gold_path.is_none() {
                        (normalise(g), normalise(p))
                    } else if normalize {
                        (g.clone(), normalise(p))
                    } else {
                        (g.clone(), p.clone())
                    };
                    scorer.add(&g.spans, &p.spans);
                }
                let r = scorer.report();
                if labels.is_empty() {
                    println!("all labels: P {:.3} R {:.3} F1 {:.3}", r.overall.precision, r.overall.recall, r.overall.f1);
                } else {
                    println!("\n{} {}:\n{}", pred_path, if normalize { "normalised" } else { "raw conventions" }, r.to_table());
                }
            }
        }
        return;
    }

    let model = if let Some(path) = arg(&args, "--model") {
        let bytes = std::fs::read(&path).expect("read model");
        Model::from_bytes(&bytes).expect("load model")
    } else {
        let train_path = arg(&args, "--train").expect("--train FILE or --model FILE");
        let docs = read_jsonl(&train_path, limit);
        let mut config = TrainConfig {
            info: "OntoNotes 5.0 English (CoNLL-2012 v12 train split), LDC2013T19".into(),
            dev: dev_raw.clone(),
            ..TrainConfig::default()
        };
        if let Some(e) = arg(&args, "--epochs") {
            config.epochs = e.parse().expect("--epochs N");
        }
        if let Some(q) = arg(&args, "--quantum") {
            config.quantum = q.parse().expect("--quantum X");
        }
        if let Some(h) = arg(&args, "--history") {
            config.history = match h.as_str() {
                "predicted" => History::Predicted,
                "gold" => History::Gold,
                _ => History::PredictedUnconstrained,
            };
        }
        if args.iter().any(|a| a == "--no-normalize") {
            config.normalize_spans = false;
        }
        if let (Some(w), Some(cc)) = (arg(&args, "--cluster-window"), config.clusters.as_mut()) {
            cc.window = w.parse().expect("--cluster-window N");
        }
        if args.iter().any(|a| a == "--no-clusters") {
            config.clusters = None;
        }
        let started = Instant::now();
        let model = nomen_ner::train(&docs, &config, |p| {
            if p.phase != Phase::Training || p.sentences % 20000 == 0 {
                eprintln!(
                    "[{:>6.1}s] {:?} epoch {}/{} sentences {}/{} (skipped {}) errors {} dev F1 {}",
                    started.elapsed().as_secs_f64(),
                    p.phase,
                    p.epoch,
                    p.epochs,
                    p.sentences,
                    p.total_sentences,
                    p.skipped_sentences,
                    p.token_errors,
                    p.dev_f1.map_or("-".into(), |f| format!("{f:.4}"))
                );
            }
        });
        println!("training time: {:.1} s ({} docs)", started.elapsed().as_secs_f64(), docs.len());
        if let Some(out) = arg(&args, "--out") {
            std::fs::write(&out, model.to_bytes()).expect("write model");
            println!("wrote {out}");
        }
        model
    };

    let model = match arg(&args, "--coarsen") {
        Some(f) => model.coarsened(f.parse().expect("--coarsen FACTOR")),
        None => model,
    };
    let model = match arg(&args, "--prune") {
        Some(f) => model.pruned(f.parse().expect("--prune STEPS")),
        None => model,
    };
    if let Some(out) = arg(&args, "--out").filter(|_| arg(&args, "--coarsen").is_some() || arg(&args, "--prune").is_some()) {
        std::fs::write(&out, model.to_bytes()).expect("write model");
        println!("wrote {out}");
    }
    if let Some(text) = arg(&args, "--text") {
        for s in model.extract(&text) {
            println!("{:<8} {}", s.label, nomen_core::text::char_slice(&text, s.start, s.end).unwrap_or("?"));
        }
        return;
    }
    let bytes = model.to_bytes();
    let gz = gzip_len(&bytes);
    println!(
        "model: {} bytes, {} gzip bytes, {} weights, {} cluster words, labels {:?}",
        bytes.len(),
        gz.map_or("?".into(), |g| g.to_string()),
        model.weight_count(),
        model.cluster_count(),
        model.labels()
    );
    let reloaded = Model::from_bytes(&bytes).expect("round trip");
    assert!(reloaded == model, "round trip changed the model");

    if !dev_raw.is_empty() {
        for normalize in [false, true] {
            let dev = eval_documents(&dev_raw, InputFormat::PtbTokens, normalize);
            let predict = |t: &str| if normalize { model.predict(t) } else { model.predict_raw(t) };
            let r = evaluate(predict, &dev, &news);
            println!(
                "\nOntoNotes dev, 8 news labels, {} (gold and output):\n{}",
                if normalize { "normalised" } else { "raw OntoNotes conventions" },
                r.to_table()
            );
            let all = evaluate(predict, &dev, &[]);
            println!("all 18 labels: P {:.3} R {:.3} F1 {:.3}", all.overall.precision, all.overall.recall, all.overall.f1);
        }
        let dev = eval_documents(&dev_raw, InputFormat::PtbTokens, true);
        let full = evaluate(|t| model.extract(t), &dev, &news);
        println!("\nOntoNotes dev, 8 news labels, normalised, full pipeline (consistency + TITLE rules):\n{}", full.to_table());
        // Speed: whole pipeline (tokenize + features + tagging + conventions + titles) on one core.
        let dev = eval_documents(&dev_raw, InputFormat::PtbTokens, true);
        let tokens: usize = dev.iter().map(|d| tokenize(&d.text).len()).sum();
        let started = Instant::now();
        let mut n = 0;
        for d in &dev {
            n += model.extract(&d.text).len();
        }
        let secs = started.elapsed().as_secs_f64();
        println!("\nspeed: {tokens} tokens in {secs:.2} s = {:.0} tokens/s ({n} spans)", tokens as f64 / secs);
    }

    if let Some(path) = arg(&args, "--seeds") {
        let seeds = read_jsonl(&path, usize::MAX);
        let with_title: Vec<String> = news.iter().cloned().chain(["TITLE".to_string()]).collect();
        for (name, labels) in [("without TITLE", &news), ("with TITLE", &with_title)] {
            let r = evaluate(|t| model.extract(t), &seeds, labels);
            println!("\nseeds {name}, full pipeline (normalised output):\n{}", r.to_table());
            let raw = evaluate(|t| model.predict_raw(t), &seeds, labels);
            println!(
                "seeds {name}, raw model output (no conventions, no TITLE rules): P {:.3} R {:.3} F1 {:.3}",
                raw.overall.precision, raw.overall.recall, raw.overall.f1
            );
        }
        if args.iter().any(|a| a == "--show") {
            for d in &seeds {
                let pred = model.extract(&d.text);
                let gold: std::collections::HashSet<_> = d.spans.iter().collect();
                let predset: std::collections::HashSet<_> = pred.iter().collect();
                let show = |s: &nomen_core::Span| nomen_core::text::char_slice(&d.text, s.start, s.end).unwrap_or("?").to_string();
                for s in &pred {
                    if !gold.contains(s) {
                        println!("FP {:<8} {}", s.label, show(s));
                    }
                }
                for s in &d.spans {
                    if !predset.contains(s) {
                        println!("FN {:<8} {}", s.label, show(s));
                    }
                }
            }
        }
    }
}

fn gzip_len(bytes: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .arg("-9c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    // Write from another thread: gzip's output would fill its pipe while we block on input.
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    Some(out.stdout.len())
}
