//! Training the model: documents in, [`Model`] out, reproducible for a seed.
//!
//! 1. Each document is turned into raw-looking text (OntoNotes is PTB
//!    tokenised, see [`crate::ptb`]), tokenised with the run-time tokenizer,
//!    and its spans put into the guideline conventions.
//! 2. Word clusters are learned from the same text ([`crate::clusters`]).
//! 3. An averaged perceptron is trained over BILOU tags for a few epochs as a
//!    structured perceptron: each line is decoded with the run-time beam
//!    search, and the weights move towards the gold tags as soon as they fall
//!    out of the beam (early update). The document memory sees the model's
//!    own predictions, as at run time.
//! 4. Weights are averaged, quantised and pruned into a compact [`Model`].
//!
//! Single-threaded and pure, so it runs the same natively and in wasm.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use nomen_core::eval::{Report, Scorer};
use nomen_core::{tokenize, Document, Span};

use crate::clusters::{ClusterConfig, Clusters};
use crate::conventions;
use crate::document_memory::DocumentMemory;
use crate::knowledge::Knowledge;
use crate::lexicon::normalize_word;
use crate::model::{best_tag, line_segments, tracked, LineFeatures, Model, HISTORY_START, MAX_LABELS};
use crate::ptb::{self, RawStyle};
use crate::rng::Rng;
use crate::tags::{self, Tag};
use crate::weights::{Entry, WeightTable};

/// The 18 OntoNotes labels and TITLE: what the shipped model predicts.
pub const ALL_LABELS: &[&str] = &[
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
    "QUANTITY", "ORDINAL", "CARDINAL", "TITLE",
];

/// The labels of GUIDELINES.md that OntoNotes has (TITLE comes from rules).
pub const NEWS_LABELS: &[&str] = &["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE"];

/// What the training documents look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// OntoNotes: PTB tokens joined by spaces, one sentence per line.
    PtbTokens,
    /// Raw text as an analyst sees it.
    Raw,
}

#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Labels to learn; spans with other labels are treated as outside.
    pub labels: Vec<String>,
    pub input: InputFormat,
    /// Raw-text variants mixed into PTB input (curly quotes, capitals...).
    pub style: RawStyle,
    /// Put gold spans into the guideline conventions before training.
    pub normalize_spans: bool,
    /// Word clusters; `None` trains without them.
    pub clusters: Option<ClusterConfig>,
    /// Word-vector clusters and places (see [`crate::knowledge`]), built into the model.
    pub knowledge: Knowledge,
    /// Quantisation step as a fraction of the mean absolute weight; weights
    /// below half a step are pruned. Larger is smaller and coarser.
    pub quantum: f32,
    /// Weights smaller than this many quantisation steps are dropped at the
    /// end: a third of the weights for a fraction of a point of F1 (0 keeps all).
    pub prune_steps: f32,
    /// Evaluated after each epoch (same format as the training documents);
    /// the epoch with the best F1 is kept.
    pub dev: Vec<Document>,
    /// Labels the dev F1 is computed on.
    pub dev_labels: Vec<String>,
    /// Recorded in the model (what it was trained on).
    pub info: String,
    /// Which previous tags the history features see while training.
    pub history: History,
    /// Train as a structured perceptron over the decoder's beam (early
    /// update, Collins & Roark 2004), as the model is used; `false` trains
    /// token by token with greedy history (the model of 1cc553a).
    pub structured: bool,
}

/// The left context a perceptron is trained with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// Its own predictions, chosen among the tags allowed after the previous
    /// prediction (exactly as at run time).
    Predicted,
    /// Its own predictions, but chosen among all tags, so that one wrong
    /// `B-` tag does not force a run of wrong `I-` tags and updates.
    PredictedUnconstrained,
    /// The gold tags (teacher forcing).
    Gold,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 20261125,
            labels: ALL_LABELS.iter().map(|s| s.to_string()).collect(),
            input: InputFormat::PtbTokens,
            style: RawStyle::augmented(),
            normalize_spans: true,
            clusters: Some(ClusterConfig::default()),
            knowledge: Knowledge::default(),
            quantum: 0.5,
            prune_steps: 3.0,
            dev: Vec::new(),
            dev_labels: NEWS_LABELS.iter().map(|s| s.to_string()).collect(),
            info: String::new(),
            history: History::PredictedUnconstrained,
            structured: true,
        }
    }
}

/// What training is doing, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Preparing,
    Clustering,
    Training,
    EpochDone,
    Finished,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    /// 1-based epoch (0 before training starts).
    pub epoch: usize,
    pub epochs: usize,
    /// Sentences (lines) seen in this epoch, and in total per epoch.
    pub sentences: usize,
    pub total_sentences: usize,
    /// Tokens mis-tagged so far in this epoch (before the update).
    pub token_errors: usize,
    /// Dev F1 after this epoch, when a dev set was given.
    pub dev_f1: Option<f64>,
    /// Training sentences left out because a gold span does not fall on
    /// token boundaries of the run-time tokenizer (known after `Preparing`).
    pub skipped_sentences: usize,
}

/// Keys are already hashes: the identity is a good enough hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u32(&mut self, k: u32) {
        self.0 = (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A weight with what averaging needs (lazy update, as in Collins 2002).
#[derive(Debug, Clone, Copy)]
struct TrainEntry {
    tag: Tag,
    weight: f32,
    /// Sum of the weight over all past instances up to `stamp`.
    total: f64,
    stamp: u32,
}

#[derive(Default)]
struct AveragedPerceptron {
    rows: HashMap<u32, Vec<TrainEntry>, BuildHasherDefault<KeyHasher>>,
    /// Number of tokens seen (the averaging clock).
    now: u32,
}

impl AveragedPerceptron {
    fn score(&self, keys: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for k in keys {
            if let Some(row) = self.rows.get(k) {
                for e in row {
                    scores[e.tag as usize] += e.weight;
                }
            }
        }
    }

    fn update(&mut self, keys: &[u32], gold: Tag, guess: Tag) {
        self.add(keys, &[(gold, 1.0), (guess, -1.0)]);
    }

    /// Adds `delta` to the weight of each (key, tag).
    fn add(&mut self, keys: &[u32], deltas: &[(Tag, f32)]) {
        let now = self.now;
        for &k in keys {
            let row = self.rows.entry(k).or_default();
            for &(tag, delta) in deltas {
                let e = match row.iter_mut().position(|e| e.tag == tag) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(TrainEntry { tag, weight: 0.0, total: 0.0, stamp: now });
                        row.last_mut().expect("just pushed")
                    }
                };
                e.total += (now - e.stamp) as f64 * e.weight as f64;
                e.stamp = now;
                e.weight += delta;
            }
        }
    }

    /// Averaged weights, rounded to multiples of `scale` (zeros dropped) if given.
    fn averaged(&self, scale: Option<f32>) -> Rows {
        let now = self.now.max(1) as f64;
        let mut rows: Vec<(u32, Vec<Entry>)> = self
            .rows
            .iter()
            .map(|(&k, row)| {
                let entries = row
                    .iter()
                    .filter_map(|e| {
                        let avg = ((e.total + (self.now - e.stamp) as f64 * e.weight as f64) / now) as f32;
                        let weight = match scale {
                            Some(s) => (avg / s).round() * s,
                            None => avg,
                        };
                        (weight != 0.0).then_some(Entry { tag: e.tag, weight })
                    })
                    .collect::<Vec<_>>();
                (k, entries)
            })
            .filter(|(_, e)| !e.is_empty())
            .collect();
        rows.sort_unstable_by_key(|r| r.0); // deterministic table layout
        rows
    }
}

fn argmax(scores: &[f32]) -> Tag {
    let mut best = 0;
    for (t, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = t;
        }
    }
    best as Tag
}

/// Training lines with their static features, flattened.
struct Corpus {
    /// Line range of each document: lines are tagged in order within a document.
    docs: Vec<std::ops::Range<usize>>,
    /// Token range of each line.
    lines: Vec<std::ops::Range<usize>>,
    /// The word of each token for the document's memory (`None`: not tracked).
    memory_word: Vec<Option<u64>>,
    /// Static feature keys of token `t` are `keys[key_start[t]..key_start[t + 1]]`.
    keys: Vec<u32>,
    key_start: Vec<usize>,
    /// What history features need per token: lower-case hash, short shape, cluster prefix.
    history: Vec<(u64, u64, Option<u64>)>,
    gold: Vec<Tag>,
}

/// A document as raw text with spans in the guideline conventions, ready to tag or score.
fn to_raw(doc: &Document, input: InputFormat, style: &RawStyle, normalize: bool, rng: &mut Rng) -> Document {
    let mut raw = match input {
        InputFormat::PtbTokens => ptb::to_raw(doc, style, rng),
        InputFormat::Raw => doc.clone(),
    };
    if normalize {
        let tokens = tokenize(&raw.text);
        raw.spans = conventions::normalize(&raw.text, &tokens, &raw.spans);
    }
    raw
}

/// Documents as the evaluation sees them: raw ASCII text (for PTB input) and
/// spans raw or in the guideline conventions.
pub fn eval_documents(docs: &[Document], input: InputFormat, normalize: bool) -> Vec<Document> {
    styled_documents(docs, input, &RawStyle::ascii(), normalize)
}

/// Documents as raw text in `style` (the same for the same documents: the
/// random choices are seeded), to measure how the extractor copes with
/// curly quotes, glued dashes and capitals that plain ASCII text lacks.
pub fn styled_documents(docs: &[Document], input: InputFormat, style: &RawStyle, normalize: bool) -> Vec<Document> {
    let mut rng = Rng::new(0);
    docs.iter().map(|d| to_raw(d, input, style, normalize, &mut rng)).collect()
}

/// Exact-match scores of `extract` on `docs`, restricted to `labels` (all if empty).
pub fn evaluate(extract: impl Fn(&str) -> Vec<Span>, docs: &[Document], labels: &[String]) -> Report {
    let mut scorer = if labels.is_empty() { Scorer::new() } else { Scorer::restricted_to(labels.iter().cloned()) };
    for d in docs {
        scorer.add(&d.spans, &extract(&d.text));
    }
    scorer.report()
}

/// A document as raw text, the token ranges of its usable lines and their gold tags.
type PreparedDoc = (Document, Vec<std::ops::Range<usize>>, Vec<Vec<Tag>>);

/// Weight rows as (feature key, weights).
type Rows = Vec<(u32, Vec<Entry>)>;

fn prepare(docs: &[Document], config: &TrainConfig, labels: &[String], rng: &mut Rng) -> (Vec<PreparedDoc>, usize) {
    let mut skipped = 0;
    let prepared = docs
        .iter()
        .map(|doc| {
            let raw = to_raw(doc, config.input, &config.style, config.normalize_spans, rng);
            let tokens = tokenize(&raw.text);
            let mut kept = Vec::new();
            let mut gold = Vec::new();
            for seg in line_segments(&raw.text, &tokens) {
                let toks = &tokens[seg.clone()];
                let (start, end) = (toks[0].start, toks[toks.len() - 1].end);
                let spans: Vec<Span> = raw
                    .spans
                    .iter()
                    .filter(|s| s.start >= start && s.end < end + 1)
                    .map(|s| absorb_final_period(&raw.text, toks, s))
                    .collect();
                match tags::encode(toks, &spans, labels) {
                    Some(t) => {
                        kept.push(seg);
                        gold.push(t);
                    }
                    None => skipped += 1,
                }
            }
            (raw, kept, gold)
        })
        .collect();
    (prepared, skipped)
}

/// OntoNotes ends a sentence on `U.S` `.`; the run-time tokenizer reads the
/// raw `U.S.` as one token. A span that stops just before such a period
/// takes it in, so it still ends on a token boundary (the tokenizer's view).
fn absorb_final_period(text: &str, tokens: &[nomen_core::Token], span: &Span) -> Span {
    let inside = tokens.iter().find(|t| t.start < span.end && span.end < t.end);
    match inside {
        Some(t) if t.end == span.end + 1 && t.text(text).ends_with('.') => Span::new(span.start, t.end, span.label.clone()),
        _ => span.clone(),
    }
}

/// Feature keys of token `t` of the corpus with the given history.
fn corpus_keys(corpus: &Corpus, t: usize, prev: Option<Tag>, prev2: Option<Tag>, seen: u8, out: &mut Vec<u32>) {
    out.clear();
    out.extend_from_slice(&corpus.keys[corpus.key_start[t]..corpus.key_start[t + 1]]);
    let (lower, shape, cluster) = corpus.history[t];
    crate::features::history_features(lower, shape, cluster, prev.unwrap_or(HISTORY_START), prev2.unwrap_or(HISTORY_START), seen, out);
}

/// One line of structured training: the decoder's beam search
/// ([`crate::model::TRAINING_BEAM_WIDTH`]) with the current weights; as soon as the
/// gold tags fall out of the beam (or at the end, if the best sequence is
/// wrong), the weights move towards the gold prefix and away from the best
/// one (early update). Returns the number of tokens tagged wrong.
fn train_line_structured(
    perceptron: &mut AveragedPerceptron,
    corpus: &Corpus,
    line: std::ops::Range<usize>,
    memory: &mut DocumentMemory,
    n_tags: usize,
) -> usize {
    #[derive(Clone, Copy)]
    struct Step {
        score: f32,
        tag: Tag,
        back: usize,
        gold: bool,
    }
    let n = line.len();
    let gold = &corpus.gold[line.clone()];
    let seen: Vec<u8> = line.clone().map(|t| corpus.memory_word[t].map_or(0, |w| memory.seen(w))).collect();
    let mut steps: Vec<Vec<Step>> = Vec::with_capacity(n);
    let mut keys = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_tags];
    let mut candidates: Vec<Step> = Vec::new();
    let mut stop = n;
    for i in 0..n {
        let t = line.start + i;
        candidates.clear();
        let start = [Step { score: 0.0, tag: HISTORY_START, back: 0, gold: true }];
        let beam: &[Step] = if i == 0 { &start } else { &steps[i - 1] };
        let last = i + 1 == n;
        for (h, hyp) in beam.iter().enumerate() {
            let prev = (i > 0).then_some(hyp.tag);
            let prev2 = (i > 1).then(|| steps[i - 2][hyp.back].tag);
            corpus_keys(corpus, t, prev, prev2, seen[i], &mut keys);
            perceptron.score(&keys, &mut scores);
            for (tag, &s) in scores.iter().enumerate() {
                let tag = tag as Tag;
                if tags::may_follow(prev, tag) && !(last && tags::is_open(tag)) {
                    candidates.push(Step { score: hyp.score + s, tag, back: h, gold: hyp.gold && tag == gold[i] });
                }
            }
        }
        let keep = crate::model::TRAINING_BEAM_WIDTH.min(candidates.len());
        if candidates.len() > keep {
            candidates.select_nth_unstable_by(keep - 1, |a, b| b.score.total_cmp(&a.score));
            candidates.truncate(keep);
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        perceptron.now += 1;
        let gold_kept = candidates.iter().any(|c| c.gold);
        steps.push(candidates.clone());
        if !gold_kept {
            stop = i + 1;
            break;
        }
    }
    // The best sequence up to where decoding stopped.
    let mut predicted = vec![crate::tags::OUTSIDE; stop];
    let mut h = 0;
    for i in (0..stop).rev() {
        predicted[i] = steps[i][h].tag;
        h = steps[i][h].back;
    }
    let wrong = predicted.iter().zip(gold).filter(|(p, g)| p != g).count() + (n - stop);
    if predicted[..] != gold[..stop] {
        let mut gold_keys = Vec::with_capacity(64);
        for i in 0..stop {
            let t = line.start + i;
            let history = |seq: &[Tag]| ((i > 0).then(|| seq[i - 1]), (i > 1).then(|| seq[i - 2]));
            let (gp, gp2) = history(gold);
            let (pp, pp2) = history(&predicted);
            if (gold[i], gp, gp2) == (predicted[i], pp, pp2) {
                continue;
            }
            corpus_keys(corpus, t, gp, gp2, seen[i], &mut gold_keys);
            corpus_keys(corpus, t, pp, pp2, seen[i], &mut keys);
            perceptron.add(&gold_keys, &[(gold[i], 1.0)]);
            perceptron.add(&keys, &[(predicted[i], -1.0)]);
        }
    }
    // The document remembers what the decoder chose, as at run time.
    for (i, &tag) in predicted.iter().enumerate() {
        if let Some(w) = corpus.memory_word[line.start + i] {
            memory.record(w, tag);
        }
    }
    wrong
}

/// Trains a model on `docs`. `progress` is called now and then and after each epoch.
pub fn train(docs: &[Document], config: &TrainConfig, mut progress: impl FnMut(&Progress)) -> Model {
    let mut rng = Rng::new(config.seed);
    let labels: Vec<String> = config.labels.iter().take(MAX_LABELS).cloned().collect();
    let n_tags = tags::tag_count(labels.len());
    let mut report = Progress {
        phase: Phase::Preparing,
        epoch: 0,
        epochs: config.epochs,
        sentences: 0,
        total_sentences: 0,
        token_errors: 0,
        dev_f1: None,
        skipped_sentences: 0,
    };
    progress(&report);
    let (prepared, skipped) = prepare(docs, config, &labels, &mut rng);
    report.skipped_sentences = skipped;

    report.phase = Phase::Clustering;
    progress(&report);
    let clusters = match &config.clusters {
        Some(cc) => {
            let sentences: Vec<Vec<String>> = prepared
                .iter()
                .flat_map(|(raw, segs, _)| {
                    let tokens = tokenize(&raw.text);
                    segs.iter()
                        .map(|seg| tokens[seg.clone()].iter().map(|t| normalize_word(t.text(&raw.text)).into_owned()).collect())
                        .collect::<Vec<_>>()
                })
                .collect();
            Clusters::learn(&sentences, cc, config.seed)
        }
        None => Clusters::default(),
    };

    let knowledge = &config.knowledge;
    let mut corpus = Corpus {
        docs: Vec::new(),
        lines: Vec::new(),
        memory_word: Vec::new(),
        keys: Vec::new(),
        key_start: vec![0],
        history: Vec::new(),
        gold: Vec::new(),
    };
    let mut scratch = Vec::with_capacity(64);
    for (raw, segs, gold) in &prepared {
        let tokens = tokenize(&raw.text);
        let first_line = corpus.lines.len();
        for (seg, gold) in segs.iter().zip(gold) {
            let line = LineFeatures::new(&raw.text, &tokens[seg.clone()], &clusters, knowledge);
            let first = corpus.gold.len();
            for (i, w) in line.infos.iter().enumerate() {
                scratch.clear();
                crate::features::static_features(&line.infos, i, line.case, &mut scratch);
                corpus.keys.extend_from_slice(&scratch);
                corpus.key_start.push(corpus.keys.len());
                corpus.history.push((w.lower, w.short_shape, w.cluster.map(|c| c.prefix(6))));
                corpus.memory_word.push(tracked(w).then_some(w.lower));
            }
            corpus.gold.extend_from_slice(gold);
            corpus.lines.push(first..corpus.gold.len());
        }
        corpus.docs.push(first_line..corpus.lines.len());
    }
    drop(prepared);
    let dev_docs = eval_documents(&config.dev, config.input, config.normalize_spans);

    report.phase = Phase::Training;
    report.total_sentences = corpus.lines.len();
    let mut perceptron = AveragedPerceptron::default();
    let mut order: Vec<usize> = (0..corpus.docs.len()).collect();
    let mut keys = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_tags];
    let mut best: Option<(f64, Rows)> = None;
    for epoch in 1..=config.epochs {
        rng.shuffle(&mut order);
        report.epoch = epoch;
        report.token_errors = 0;
        report.phase = Phase::Training;
        let mut done = 0;
        for &d in &order {
            let mut memory = DocumentMemory::new();
            for l in corpus.docs[d].clone() {
                done += 1;
                let line = corpus.lines[l].clone();
                if config.structured {
                    report.token_errors += train_line_structured(&mut perceptron, &corpus, line.clone(), &mut memory, n_tags);
                    if done % 5000 == 0 {
                        report.sentences = done;
                        progress(&report);
                    }
                    continue;
                }
                let (mut prev, mut prev2) = (None::<Tag>, None::<Tag>);
                for t in line.clone() {
                    let seen = corpus.memory_word[t].map_or(0, |w| memory.seen(w));
                    corpus_keys(&corpus, t, prev, prev2, seen, &mut keys);
                    perceptron.score(&keys, &mut scores);
                    let guess = match config.history {
                        History::Predicted => best_tag(&scores, prev, t + 1 == line.end),
                        History::PredictedUnconstrained | History::Gold => argmax(&scores),
                    };
                    let gold = corpus.gold[t];
                    if guess != gold {
                        report.token_errors += 1;
                        perceptron.update(&keys, gold, guess);
                    }
                    perceptron.now += 1;
                    let seen_tag = if config.history == History::Gold { gold } else { guess };
                    if let Some(w) = corpus.memory_word[t] {
                        memory.record(w, seen_tag);
                    }
                    prev2 = prev;
                    prev = Some(seen_tag);
                }
                if done % 5000 == 0 {
                    report.sentences = done;
                    progress(&report);
                }
            }
        }
        report.sentences = corpus.lines.len();
        report.phase = Phase::EpochDone;
        report.dev_f1 = None;
        if !dev_docs.is_empty() {
            let weights = perceptron.averaged(None);
            let model = Model::from_parts(
                labels.clone(),
                clusters.clone(),
                knowledge.clone(),
                WeightTable::from_rows(weights.clone()),
                1.0,
                String::new(),
            );
            let f1 = evaluate(|t| model.predict_as_trained(t), &dev_docs, &config.dev_labels).overall.f1;
            report.dev_f1 = Some(f1);
            if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
                best = Some((f1, weights));
            }
        }
        progress(&report);
    }

    let weights = match best {
        Some((_, w)) => w,
        None => perceptron.averaged(None),
    };
    drop(perceptron);
    let mean_abs = {
        let (s, n) = weights.iter().flat_map(|(_, e)| e).fold((0f64, 0usize), |(s, n), e| (s + e.weight.abs() as f64, n + 1));
        if n == 0 {
            1.0
        } else {
            (s / n as f64) as f32
        }
    };
    let scale = (config.quantum * mean_abs).max(f32::MIN_POSITIVE);
    let quantised = weights
        .into_iter()
        .map(|(k, entries)| {
            let e: Vec<Entry> = entries
                .into_iter()
                .map(|e| Entry { tag: e.tag, weight: (e.weight / scale).round().clamp(-32767.0, 32767.0) * scale })
                .filter(|e| e.weight != 0.0)
                .collect();
            (k, e)
        })
        .filter(|(_, e)| !e.is_empty());
    let model = Model::from_parts(labels, clusters, knowledge.clone(), WeightTable::from_rows(quantised), scale, config.info.clone())
        .pruned(config.prune_steps);
    report.phase = Phase::Finished;
    progress(&report);
    model
}
