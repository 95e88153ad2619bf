//! Times `inconsistencies::find` natively on the corpus the browser benchmark
//! builds (tests/e2e/bench-review.mjs): OntoNotes train + dev sentences in
//! order, cycled, with their gold spans, into documents of about 600 words.
//! A profiling aid for BENCHMARKS.md's "Corpus review" section, not a test.
//!
//! `NOMEN_DUMP=file` writes every summary line to `file` (to compare two versions).
//!
//! `cargo run --profile release-native -p nomen-session --example inconsistency_timing -- [docs] [words] [ontonotes dir]`

use std::time::Instant;

use nomen_core::{Document, Span};
use nomen_session::{inconsistencies, Workspace};
use serde::Deserialize;

#[derive(Deserialize)]
struct Part {
    text: String,
    spans: Vec<Span>,
}

struct Sentence {
    text: String,
    chars: usize,
    words: usize,
    spans: Vec<Span>,
}

fn sentences(dir: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for file in ["train.jsonl", "dev.jsonl"] {
        let path = format!("{dir}/{file}");
        let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let part: Part = serde_json::from_str(line).expect("an OntoNotes part");
            let chars: Vec<char> = part.text.chars().collect();
            let mut start = 0;
            for i in 0..=chars.len() {
                if i == chars.len() || chars[i] == '\n' {
                    let text: String = chars[start..i].iter().collect();
                    let spans = part
                        .spans
                        .iter()
                        .filter(|s| s.start >= start && s.end <= i)
                        .map(|s| Span::new(s.start - start, s.end - start, s.label.clone()))
                        .collect();
                    let words = text.split(' ').filter(|w| !w.is_empty()).count();
                    out.push(Sentence { text, chars: i - start, words, spans });
                    start = i + 1;
                }
            }
        }
    }
    out
}

fn corpus(sentences: &[Sentence], docs: usize, words_per_doc: usize) -> (Vec<Document>, usize) {
    let mut next = 0;
    let mut words = 0;
    let mut out = Vec::with_capacity(docs);
    for d in 0..docs {
        let (mut texts, mut spans, mut length, mut count) = (Vec::new(), Vec::new(), 0, 0);
        while count < words_per_doc {
            let sentence = &sentences[next % sentences.len()];
            next += 1;
            if !texts.is_empty() {
                length += 1;
            }
            spans.extend(sentence.spans.iter().map(|s| Span::new(s.start + length, s.end + length, s.label.clone())));
            texts.push(sentence.text.as_str());
            length += sentence.chars;
            count += sentence.words;
        }
        words += count;
        let mut doc = Document::new(texts.join("\n")).with_spans(spans);
        doc.id = Some(format!("bench-{d}"));
        out.push(doc);
    }
    (out, words)
}

/// Time this thread has run on a CPU, in ms (Linux; the machine is shared, so wall time alone misleads).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()).map_or(f64::NAN, |ns| ns / 1e6)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let docs = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let words = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(600);
    let dir = args.get(3).cloned().unwrap_or_else(|| "../shared/data/ontonotes".into());
    let (corpus, total_words) = corpus(&sentences(&dir), docs, words);
    let spans: usize = corpus.iter().map(|d| d.spans.len()).sum();
    let mut ws = Workspace::default();
    ws.add_documents(corpus).expect("valid documents");
    println!("{docs} documents, {total_words} words, {spans} spans");
    for run in 1..=3 {
        let (t, cpu) = (Instant::now(), cpu_ms());
        let found = inconsistencies::find(&ws);
        let cpu = cpu_ms() - cpu;
        let places: usize = found.iter().map(|i| i.total()).sum();
        println!("run {run}: {} texts, {places} places, {:.0} ms ({cpu:.0} ms on a CPU)", found.len(), t.elapsed().as_secs_f64() * 1e3);
        if let (1, Ok(path)) = (run, std::env::var("NOMEN_DUMP")) {
            let summaries: Vec<String> = found.iter().map(|i| i.summary()).collect();
            std::fs::write(path, summaries.join("\n")).expect("the dump file");
        }
    }
}
