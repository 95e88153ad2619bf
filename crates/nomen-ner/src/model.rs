//! The trained entity model: an averaged perceptron over BILOU tags, decoded
//! by a beam search and trained over the same beam (structured perceptron).
//!
//! Text goes through [`nomen_core::tokenize`] (the same tokenizer training
//! used), each line is decoded with [`BEAM_WIDTH`] hypotheses, every one
//! extended only by tags allowed after its last, tags become spans, and
//! spans are put into the conventions of
//! GUIDELINES.md, made consistent across the document (one name, one label),
//! and TITLE rules run over the result. All of it is pure Rust
//! with no IO: the CLI reads the model file and the browser fetches it, both
//! hand the bytes to [`Model::from_bytes`].
//!
//! [`Model::update`] is the online learning of issue 7: a perceptron step
//! towards an analyst's corrected document, in the browser.

use nomen_core::{tokenize, Document, Span, Token};

use crate::clusters::Clusters;
use crate::document_memory::{DocumentMemory, Seen};
use crate::features::{self, WordInfo, FEATURE_SET_VERSION};
use crate::format::{ModelError, Reader, Writer, FORMAT_VERSION, PLAIN_VERSION};
use crate::knowledge::{read_clusters, write_clusters, Knowledge};
use crate::memory::Memory;
use crate::tags::{self, Tag, OUTSIDE};
use crate::weights::{Entry, WeightTable};
use crate::{consistency, conventions, datelines, events, facilities, organisations, places, titles, Extractor, ScoredSpan};

/// Most labels a model may have (tags are bytes: 1 + 4 × 63 = 253).
pub const MAX_LABELS: usize = 63;

/// Hypotheses the training's beam keeps at each token (and its choice of
/// the best epoch on dev): the shipped model was trained with 4, so
/// `cargo xtask train` rebuilds it byte for byte only with 4.
pub const TRAINING_BEAM_WIDTH: usize = 4;

/// Hypotheses the decoder keeps at each token. Measured on OntoNotes dev
/// (8 labels, normalised) with the model trained with 4: 4, 0.8699; 5,
/// 0.8703; 6, 0.8709; 8, 0.8713 (all 18 labels 0.852 at 4, 0.853 at 6; dev
/// in news typography 0.866, 0.867; the seeds the same). Tagging with 6
/// takes about 30% more instructions than with 4 (callgrind, 60 dev
/// documents); 8 would cost twice that for 0.0004.
pub const BEAM_WIDTH: usize = 6;

/// How many times [`Model::update`] re-tags a document while it is still wrong.
const UPDATE_PASSES: usize = 5;

/// The size of an online step, in multiples of the model's update step
/// (measured with `nomen simulate`, see BENCHMARKS.md).
pub const UPDATE_STRENGTH: f32 = 1.0;

/// A trained model. Cheap to clone; immutable except through [`Model::update`].
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    labels: Vec<String>,
    clusters: Clusters,
    /// Word-vector clusters and places, built in at training time.
    knowledge: Knowledge,
    weights: WeightTable,
    /// Quantisation step of the weights in the file; kept so bytes round-trip exactly.
    scale: f32,
    /// Size of one online update step, in weight units.
    update_step: f32,
    /// What the model was trained on, for the UI and reports.
    info: String,
    /// What an analyst taught it: names and patterns applied after tagging.
    /// Saved in the file (format version 2), so `nomen extract --model` uses it.
    memory: Memory,
}

/// Token ranges of the lines of a text: a model never tags across a line break.
pub(crate) fn line_segments(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for i in 1..tokens.len() {
        if text[tokens[i - 1].byte_end..tokens[i].byte_start].contains('\n') {
            segments.push(start..i);
            start = i;
        }
    }
    if start < tokens.len() {
        segments.push(start..tokens.len());
    }
    segments
}

/// The best tag allowed after `prev`; the last token may not leave a span open.
pub(crate) fn best_tag(scores: &[f32], prev: Option<Tag>, is_last: bool) -> Tag {
    let mut best = OUTSIDE;
    let mut best_score = f32::NEG_INFINITY;
    for (t, &s) in scores.iter().enumerate() {
        let t = t as Tag;
        if s > best_score && tags::may_follow(prev, t) && !(is_last && tags::is_open(t)) {
            best = t;
            best_score = s;
        }
    }
    best
}

/// Whether a word's earlier tags in the document are a feature of it
/// (capitalised words: names repeat, common words mean little).
pub(crate) fn tracked(w: &WordInfo) -> bool {
    w.is_title_case || w.is_upper
}

/// Per-token feature keys of one line, static part computed once.
pub(crate) struct LineFeatures {
    pub infos: Vec<WordInfo>,
    pub case: features::LineCase,
}

impl LineFeatures {
    pub fn new(text: &str, tokens: &[Token], clusters: &Clusters, knowledge: &Knowledge) -> LineFeatures {
        let infos = features::word_infos(text, tokens, clusters, knowledge);
        let case = features::line_case(&infos);
        LineFeatures { infos, case }
    }

    /// All feature keys of token `i` given the two previous tags and what the
    /// document said of the word before.
    pub fn keys(&self, i: usize, prev: Tag, prev2: Tag, seen: Seen, out: &mut Vec<u32>) {
        out.clear();
        features::static_features(&self.infos, i, self.case, out);
        let w = &self.infos[i];
        features::history_features(w.lower, w.short_shape, w.cluster.map(|c| c.prefix(6)), prev, prev2, seen, out);
    }

    /// What `memory` says of token `i`'s word (0 when the word is not tracked).
    pub fn seen(&self, i: usize, memory: &DocumentMemory) -> Seen {
        let w = &self.infos[i];
        if tracked(w) {
            memory.seen(w.lower)
        } else {
            0
        }
    }

    /// Notes token `i`'s tag in `memory`, if its word is tracked.
    pub fn record(&self, i: usize, tag: Tag, memory: &mut DocumentMemory) {
        let w = &self.infos[i];
        if tracked(w) {
            memory.record(w.lower, tag);
        }
    }
}

impl Model {
    pub(crate) fn from_parts(
        labels: Vec<String>,
        clusters: Clusters,
        knowledge: Knowledge,
        weights: WeightTable,
        scale: f32,
        info: String,
    ) -> Model {
        let update_step = mean_abs_weight(&weights).max(scale);
        Model { labels, clusters, knowledge, weights, scale, update_step, info, memory: Memory::default() }
    }

    /// What the model knows beyond its training text.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Labels the model can predict (the 18 OntoNotes labels and TITLE for the shipped model).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// What the model was trained on.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// This model with what an analyst taught it (see [`Memory`]), to save as a learned model file.
    pub fn with_memory(self, memory: Memory) -> Model {
        Model { memory, ..self }
    }

    /// What the model was taught after training.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// A smaller copy: weights rounded to `factor` times the current step
    /// (`factor` ≥ 1), so more of them round to zero and are dropped.
    pub fn coarsened(&self, factor: f32) -> Model {
        let scale = self.scale * factor.max(1.0);
        Model { weights: self.weights.quantised(scale), scale, ..self.clone() }
    }

    /// A smaller copy without the weights below `steps` quantisation steps
    /// (the many small weights of rare features), at the same precision.
    pub fn pruned(&self, steps: f32) -> Model {
        Model { weights: self.weights.pruned(steps * self.scale * 0.999), ..self.clone() }
    }

    /// Number of (feature, tag) weights.
    pub fn weight_count(&self) -> usize {
        self.weights.weight_count()
    }

    /// Number of words with a cluster.
    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    fn tag_count(&self) -> usize {
        tags::tag_count(self.labels.len())
    }

    /// Beam search over one line: the [`BEAM_WIDTH`] best tag sequences by
    /// total score, each extended by every tag allowed after its last, so a
    /// token's tag can depend on what comes after it (`Hong Kong International
    /// Airport` is weighed as a whole, not word by word). The document's
    /// memory is read as it was at the start of the line and noted after it.
    fn tag_line<const WIDTH: usize>(&self, line: &LineFeatures, memory: &mut DocumentMemory, margins: &mut Vec<f32>) -> Vec<Tag> {
        /// A hypothesis at one position: its total score, tag, margin and the hypothesis it extends.
        #[derive(Clone, Copy)]
        struct Step {
            score: f32,
            tag: Tag,
            margin: f32,
            back: usize,
        }
        let n = line.infos.len();
        if n == 0 {
            return Vec::new();
        }
        let n_tags = self.tag_count();
        let mut steps: Vec<Vec<Step>> = Vec::with_capacity(n);
        let mut static_keys = Vec::with_capacity(64);
        let mut history_keys = Vec::with_capacity(16);
        let mut static_scores = vec![0f32; n_tags];
        let mut scores = vec![0f32; n_tags];
        let mut candidates: Vec<Step> = Vec::new();
        let mut allowed: Vec<Tag> = Vec::with_capacity(n_tags);
        let n_labels = self.labels.len();
        for i in 0..n {
            static_keys.clear();
            features::static_features(&line.infos, i, line.case, &mut static_keys);
            static_scores.iter_mut().for_each(|s| *s = 0.0);
            self.weights.score(&static_keys, &mut static_scores);
            let seen = line.seen(i, memory);
            let w = &line.infos[i];
            let last = i + 1 == n;
            candidates.clear();
            let beam: &[Step] = if i == 0 { &[Step { score: 0.0, tag: HISTORY_START, margin: 0.0, back: 0 }] } else { &steps[i - 1] };
            for (h, hyp) in beam.iter().enumerate() {
                let prev = (i > 0).then_some(hyp.tag);
                let prev2 = (i > 1).then(|| steps[i - 2][hyp.back].tag);
                history_keys.clear();
                features::history_features(
                    w.lower,
                    w.short_shape,
                    w.cluster.map(|c| c.prefix(6)),
                    prev.unwrap_or(HISTORY_START),
                    prev2.unwrap_or(HISTORY_START),
                    seen,
                    &mut history_keys,
                );
                scores.copy_from_slice(&static_scores);
                self.weights.score(&history_keys, &mut scores);
                // This hypothesis' best extensions (at most WIDTH can survive), and its
                // best and second-best allowed tags for the margin.
                allowed.clear();
                tags::next_tags(prev, n_labels, last, &mut allowed);
                let mut top: [(f32, Tag); WIDTH] = [(f32::NEG_INFINITY, OUTSIDE); WIDTH];
                for &tag in &allowed {
                    let s = scores[tag as usize];
                    if s > top[WIDTH - 1].0 {
                        let mut k = WIDTH - 1;
                        while k > 0 && top[k - 1].0 < s {
                            top[k] = top[k - 1];
                            k -= 1;
                        }
                        top[k] = (s, tag);
                    }
                }
                let (best, second) = (top[0].0, top[1].0);
                for &(s, tag) in top.iter().filter(|t| t.0.is_finite()) {
                    let m = if tag == top[0].1 {
                        if second.is_finite() {
                            best - second
                        } else {
                            f32::INFINITY
                        }
                    } else {
                        s - best
                    };
                    candidates.push(Step { score: hyp.score + s, tag, margin: m, back: h });
                }
            }
            let keep = WIDTH.min(candidates.len());
            if candidates.len() > keep {
                candidates.select_nth_unstable_by(keep - 1, |a, b| b.score.total_cmp(&a.score));
                candidates.truncate(keep);
            }
            candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
            steps.push(candidates.clone());
        }
        // Follow the best hypothesis back.
        let mut tags_out = vec![OUTSIDE; n];
        let mut line_margins = vec![0f32; n];
        let mut h = 0;
        for i in (0..n).rev() {
            let step = steps[i][h];
            tags_out[i] = step.tag;
            line_margins[i] = step.margin;
            h = step.back;
        }
        for (i, &t) in tags_out.iter().enumerate() {
            line.record(i, t, memory);
        }
        margins.extend(line_margins);
        tags_out
    }

    /// The text's tokens as the model reads them: a wire story's first
    /// sentence starts after its dateline (training text has none).
    fn tokens(&self, text: &str) -> Vec<Token> {
        let mut tokens = tokenize(text);
        datelines::mark_story_starts(text, &mut tokens, &self.knowledge.places);
        tokens
    }

    /// Tokens, their predicted tags and the decoder's margin of each, for a whole text.
    fn tag_text<const WIDTH: usize>(&self, text: &str) -> (Vec<Token>, Vec<Tag>, Vec<f32>) {
        let tokens = self.tokens(text);
        let mut tags = Vec::with_capacity(tokens.len());
        let mut margins = Vec::with_capacity(tokens.len());
        let mut memory = DocumentMemory::new();
        for seg in line_segments(text, &tokens) {
            let line = LineFeatures::new(text, &tokens[seg], &self.clusters, &self.knowledge);
            tags.extend(self.tag_line::<WIDTH>(&line, &mut memory, &mut margins));
        }
        (tokens, tags, margins)
    }

    fn spans_from_tags(&self, tokens: &[Token], tags: &[Tag]) -> Vec<Span> {
        tags::decode(tags)
            .into_iter()
            .filter_map(|(first, end, label)| Some(Span::new(tokens[first].start, tokens[end - 1].end, self.labels.get(label)?.clone())))
            .collect()
    }

    /// The model's own spans, in the conventions of GUIDELINES.md, without the TITLE rules.
    pub fn predict(&self, text: &str) -> Vec<Span> {
        let (tokens, tags, _) = self.tag_text::<BEAM_WIDTH>(text);
        conventions::normalize(text, &tokens, &self.spans_from_tags(&tokens, &tags))
    }

    /// [`Model::predict`] with the training's beam: how training picks its best epoch.
    pub(crate) fn predict_as_trained(&self, text: &str) -> Vec<Span> {
        let (tokens, tags, _) = self.tag_text::<TRAINING_BEAM_WIDTH>(text);
        conventions::normalize(text, &tokens, &self.spans_from_tags(&tokens, &tags))
    }

    /// The model's spans exactly as tagged: no conventions, no TITLE rules.
    pub fn predict_raw(&self, text: &str) -> Vec<Span> {
        let (tokens, tags, _) = self.tag_text::<BEAM_WIDTH>(text);
        self.spans_from_tags(&tokens, &tags)
    }

    /// One online perceptron step towards `doc`'s spans (an analyst's
    /// correction): the document is tagged and, wherever a tag is wrong, the
    /// weights of its features move towards the correct tag; repeated a few
    /// times while the document is still mis-tagged. Labels the model does not
    /// know yet are added. Spans are snapped out to whole tokens.
    ///
    /// Returns how many tokens of `doc` are tagged differently afterwards.
    pub fn update(&mut self, doc: &Document) -> usize {
        self.update_with(doc, UPDATE_STRENGTH)
    }

    /// [`Model::update`] with steps of `strength` times the model's update step
    /// (`nomen simulate --strength` measures what a strength saves an analyst).
    pub fn update_with(&mut self, doc: &Document, strength: f32) -> usize {
        let step = self.update_step * strength;
        let text = doc.text.as_str();
        let tokens = self.tokens(text);
        for span in &doc.spans {
            if !self.labels.contains(&span.label) && self.labels.len() < MAX_LABELS {
                self.labels.push(span.label.clone());
            }
        }
        let gold = gold_tags(&tokens, &doc.spans, &self.labels);
        let segments = line_segments(text, &tokens);
        let lines: Vec<LineFeatures> =
            segments.iter().map(|seg| LineFeatures::new(text, &tokens[seg.clone()], &self.clusters, &self.knowledge)).collect();
        let tag_all = |model: &Model| {
            let mut memory = DocumentMemory::new();
            let mut margins = Vec::new();
            lines.iter().flat_map(|l| model.tag_line::<BEAM_WIDTH>(l, &mut memory, &mut margins)).collect::<Vec<Tag>>()
        };
        let before = tag_all(self);
        let mut keys = Vec::with_capacity(64);
        let mut scores = vec![0f32; self.tag_count()];
        for _ in 0..UPDATE_PASSES {
            let mut wrong = 0;
            let mut memory = DocumentMemory::new();
            for (seg, line) in segments.iter().zip(&lines) {
                let gold = &gold[seg.clone()];
                let (mut prev, mut prev2) = (None::<Tag>, None::<Tag>);
                for i in 0..gold.len() {
                    line.keys(i, prev.unwrap_or(HISTORY_START), prev2.unwrap_or(HISTORY_START), line.seen(i, &memory), &mut keys);
                    line.record(i, gold[i], &mut memory);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    self.weights.score(&keys, &mut scores);
                    let guess = best_tag(&scores, prev, i + 1 == gold.len());
                    if guess != gold[i] {
                        wrong += 1;
                        for &k in &keys {
                            self.weights.add(k, gold[i], step);
                            self.weights.add(k, guess, -step);
                        }
                    }
                    // Follow the correct history, as the analyst's document has it.
                    prev2 = prev;
                    prev = Some(gold[i]);
                }
            }
            if wrong == 0 {
                break;
            }
        }
        let after = tag_all(self);
        before.iter().zip(&after).filter(|(a, b)| a != b).count()
    }

    /// Tags to final spans: conventions, titles, one label per name, what was learned.
    fn finish(&self, text: &str, tokens: &[Token], tags: &[Tag]) -> Vec<Span> {
        let spans = conventions::normalize(text, tokens, &self.spans_from_tags(tokens, tags));
        let spans = conventions::attach_year_apostrophes(text, tokens, &spans);
        let spans = conventions::join_date_ranges(text, tokens, &spans);
        let spans = conventions::join_day_first_dates(text, tokens, &spans);
        let spans = conventions::cut_trailing_weekdays(text, tokens, &spans);
        let spans = conventions::join_name_articles(text, tokens, &spans);
        let spans = conventions::drop_interjections(text, tokens, &spans);
        let spans = datelines::label_datelines(text, tokens, &spans, &self.knowledge.places);
        let spans = places::relabel_headline_places(text, tokens, &spans, &self.knowledge.places);
        let spans = places::relabel_known_towns(text, tokens, &spans);
        let spans = facilities::add_facilities(text, tokens, &spans);
        let spans = events::add_events(text, tokens, &spans);
        let spans = organisations::relabel_organisations(text, tokens, &spans);
        let spans = titles::free_leading_titles(text, tokens, &spans);
        let spans = titles::free_inner_titles(text, tokens, &spans);
        let spans = consistency::harmonise(text, tokens, &spans);
        self.memory.apply(text, titles::add_titles(text, tokens, &spans))
    }

    /// Serialises the model (see [`crate::format`]): weights quantised to
    /// multiples of the model's scale, written as zig-zag varints by feature.
    pub fn to_bytes(&self) -> Vec<u8> {
        let version = if self.memory.is_empty() { PLAIN_VERSION } else { FORMAT_VERSION };
        let mut w = Writer::new(version);
        w.u32(FEATURE_SET_VERSION);
        w.str(&self.info);
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.f32(self.scale);
        w.f32(self.update_step);

        write_clusters(&mut w, &self.clusters);
        self.knowledge.write(&mut w);

        // Quantise; drop weights that round to zero and rows left empty.
        let mut rows: Vec<(u32, Vec<(u8, i32)>)> = self
            .weights
            .rows()
            .map(|(key, entries)| {
                let mut q: Vec<(u8, i32)> = entries
                    .iter()
                    .map(|e| (e.tag, (e.weight / self.scale).round().clamp(-32767.0, 32767.0) as i32))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                q.sort_unstable_by_key(|e| e.0);
                (key, q)
            })
            .filter(|(_, q)| !q.is_empty())
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        w.varint(rows.len() as u64);
        let mut prev_key = 0u32;
        for (key, _) in &rows {
            w.varint((key - prev_key) as u64);
            prev_key = *key;
        }
        for (_, q) in &rows {
            w.varint(q.len() as u64);
        }
        for (_, q) in &rows {
            let mut prev_tag = 0u8;
            for &(tag, _) in q {
                w.bytes(&[tag - prev_tag]); // tags ascend within a row: small deltas compress well
                prev_tag = tag;
            }
        }
        for (_, q) in &rows {
            for &(_, v) in q {
                w.varint(((v << 1) ^ (v >> 31)) as u32 as u64);
            }
        }
        if version == FORMAT_VERSION {
            w.str(&serde_json::to_string(&self.memory).unwrap_or_default());
        }
        w.finish()
    }

    /// Loads a model from bytes, checking magic, version, length and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader::open(bytes)?;
        let feature_set = r.u32()?;
        if feature_set != FEATURE_SET_VERSION {
            return Err(ModelError::FeatureSetMismatch { found: feature_set, supported: FEATURE_SET_VERSION });
        }
        let info = r.string()?;
        let n_labels = r.count(MAX_LABELS, "the number of labels")?;
        let labels = (0..n_labels).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let n_tags = tags::tag_count(n_labels);
        let scale = r.f32()?;
        let update_step = r.f32()?;
        if !(scale.is_finite() && scale > 0.0 && update_step.is_finite()) {
            return Err(ModelError::Malformed(format!("weight scale {scale} or step {update_step} is not usable")));
        }

        let clusters = read_clusters(&mut r)?;
        let knowledge = Knowledge::read(&mut r)?;

        let n_rows = r.count(r.remaining(), "the number of weight rows")?;
        let mut keys = Vec::with_capacity(n_rows);
        let mut key = 0u64;
        for _ in 0..n_rows {
            key += r.varint()?;
            let k = u32::try_from(key).map_err(|_| ModelError::Malformed("feature keys overflow".into()))?;
            if keys.last().is_some_and(|&prev| prev >= k) {
                return Err(ModelError::Malformed("feature keys are not strictly ascending".into()));
            }
            keys.push(k);
        }
        let lens = (0..n_rows).map(|_| r.count(n_tags, "a row length")).collect::<Result<Vec<_>, _>>()?;
        let total: usize = lens.iter().sum();
        let tag_deltas = r.bytes(total)?;
        let mut rows = Vec::with_capacity(n_rows);
        let mut pos = 0;
        for (&key, &len) in keys.iter().zip(&lens) {
            let mut row = Vec::with_capacity(len);
            let mut tag = 0usize;
            for &d in &tag_deltas[pos..pos + len] {
                tag += d as usize;
                if tag >= n_tags {
                    return Err(ModelError::Malformed(format!("tag {tag} of a weight is not below {n_tags}")));
                }
                let z = r.varint()?;
                let q = ((z >> 1) as i64) ^ -((z & 1) as i64);
                row.push(Entry { tag: tag as u8, weight: q as f32 * scale });
            }
            pos += len;
            rows.push((key, row));
        }
        // Weights are read row by row after all tag bytes: the varints above come in that order.
        let memory = if r.version >= FORMAT_VERSION {
            serde_json::from_str(&r.string()?).map_err(|e| ModelError::Malformed(format!("what the model learned is unreadable: {e}")))?
        } else {
            Memory::default()
        };
        r.expect_end()?;
        Ok(Model { labels, clusters, knowledge, weights: WeightTable::from_rows(rows), scale, update_step, info, memory })
    }
}

/// The history value used before the first token of a line.
pub(crate) const HISTORY_START: Tag = 255;

/// Gold tags of a text's tokens; spans are snapped out to whole tokens and
/// overlapping spans after the first are ignored.
pub(crate) fn gold_tags(tokens: &[Token], spans: &[Span], labels: &[String]) -> Vec<Tag> {
    let mut tags_out = vec![OUTSIDE; tokens.len()];
    for span in spans {
        let Some(label) = labels.iter().position(|l| *l == span.label) else { continue };
        let first = tokens.partition_point(|t| t.end <= span.start);
        let end = tokens.partition_point(|t| t.start < span.end);
        if first >= end || tags_out[first..end].iter().any(|&t| t != OUTSIDE) {
            continue;
        }
        if end - first == 1 {
            tags_out[first] = tags::tag(label, tags::Part::Unit);
        } else {
            tags_out[first] = tags::tag(label, tags::Part::Begin);
            for t in &mut tags_out[first + 1..end - 1] {
                *t = tags::tag(label, tags::Part::Inside);
            }
            tags_out[end - 1] = tags::tag(label, tags::Part::Last);
        }
    }
    tags_out
}

fn mean_abs_weight(weights: &WeightTable) -> f32 {
    let (sum, n) = weights.rows().flat_map(|(_, e)| e).fold((0f64, 0usize), |(s, n), e| (s + e.weight.abs() as f64, n + 1));
    if n == 0 {
        1.0
    } else {
        (sum / n as f64) as f32
    }
}

impl Extractor for Model {
    fn name(&self) -> String {
        match self.memory.len() {
            0 => "perceptron v2".to_string(),
            n => format!("perceptron v2 + {n} learned names and patterns"),
        }
    }

    /// Model spans in the guideline conventions, made consistent across the
    /// document, plus TITLE spans from rules.
    fn extract(&self, text: &str) -> Vec<Span> {
        let (tokens, tags, _) = self.tag_text::<BEAM_WIDTH>(text);
        self.finish(text, &tokens, &tags)
    }

    fn extract_scored(&self, text: &str) -> Vec<ScoredSpan> {
        let (tokens, tags, margins) = self.tag_text::<BEAM_WIDTH>(text);
        self.finish(text, &tokens, &tags)
            .into_iter()
            .map(|span| {
                let first = tokens.partition_point(|t| t.end <= span.start);
                let end = tokens.partition_point(|t| t.start < span.end);
                let margin = margins[first..end.max(first)].iter().copied().fold(f32::INFINITY, f32::min);
                ScoredSpan { span, margin: margin.is_finite().then_some(margin) }
            })
            .collect()
    }
}

#[cfg(test)]
mod learning_tests {
    use super::*;

    /// Whatever the text, the beam decoder gives a valid BILOU sequence on every line.
    #[test]
    fn the_decoder_never_breaks_a_span() {
        let model = Model::from_bytes(include_bytes!("../../../assets/nomen-news.model")).unwrap();
        for text in [
            "Hong Kong International Airport opened on July 6, 1998, said Chek Lap Kok officials.",
            "THE LIBYAN NATIONAL ARMY AND THE GNU MET IN ROME\nBy Staff Reporter",
            "Haftar’s LNA, Dbeibah’s GNU — and the U.S. — met in Palermo from March 3-5.",
            "",
            "a",
        ] {
            let (tokens, tags, margins) = model.tag_text::<BEAM_WIDTH>(text);
            assert_eq!(tags.len(), tokens.len());
            assert_eq!(margins.len(), tokens.len());
            for seg in line_segments(text, &tokens) {
                let line = &tags[seg];
                let mut prev = None;
                for &t in line {
                    assert!(tags::may_follow(prev, t), "{text:?}: {prev:?} then {t}");
                    prev = Some(t);
                }
                assert!(!prev.is_some_and(tags::is_open), "{text:?}: a line ends inside a span");
            }
        }
    }

    fn label_of(model: &Model, text: &str, word: &str) -> Option<String> {
        let at = text.chars().count() - text[text.find(word).unwrap()..].chars().count();
        model.extract(text).into_iter().find(|s| s.start == at).map(|s| s.label)
    }

    /// Agencies write the dash after a dateline as a hyphen; read as one, the
    /// next word looked like the end of a compound and was missed.
    #[test]
    fn a_hyphen_after_a_dateline_opens_the_story() {
        let model = Model::from_bytes(include_bytes!("../../../assets/nomen-news.model")).unwrap();
        for text in ["TRIPOLI (Reuters) - Libyan officials said on Sunday.", "TRIPOLI (Reuters) — Libyan officials said on Sunday."] {
            assert_eq!(label_of(&model, text, "Libyan").as_deref(), Some("NORP"), "{text}");
        }
    }

    /// What the browser does when an analyst marks a corrected document done:
    /// the shipped model must carry the correction over to a new sentence.
    #[test]
    fn a_correction_carries_over_to_the_next_article() {
        let mut model = Model::from_bytes(include_bytes!("../../../assets/nomen-news.model")).unwrap();
        let later = "Officials said Rada would attend.";
        assert_eq!(label_of(&model, later, "Rada").as_deref(), Some("PERSON"), "precondition: the shipped model gets it wrong");
        let text = "Aides said Rada would travel to Tunis. Residents said Rada had left.";
        let corrected = Document::new(text).with_spans(vec![Span::new(11, 15, "ORG"), Span::new(32, 37, "GPE"), Span::new(54, 58, "ORG")]);
        assert!(model.update(&corrected) > 0);
        assert_eq!(model.extract(text), corrected.spans, "the corrected document itself");
        assert_eq!(label_of(&model, later, "Rada").as_deref(), Some("ORG"));
        // Other names are not dragged along.
        assert_eq!(label_of(&model, "Officials said Tripoli would wait.", "Tripoli").as_deref(), Some("GPE"));
    }
}
