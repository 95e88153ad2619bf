//! The app's model and the actions that change it, as one reducer (the Elm
//! pattern of Yew's todomvc).
//!
//! Documents, spans, statuses, undo and the label schema live in a
//! [`nomen_session::Workspace`]; this module only turns user intents into calls
//! on it and keeps what the page itself needs (the selected span, the message
//! line, requests in flight). No view code, no DOM and no side effects here:
//! asking the worker, saving and downloading happen in `app.rs`, which then
//! dispatches what came back.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashSet;
use std::rc::Rc;

use nomen_core::labels::LabelDef;
use nomen_core::{Document, Span};
use nomen_session::{AliasProposal, Applied, Boundary, Edit, EditError, Nudge, SnapMode, Workspace};
use yew::Reducible;

use crate::uncertainty::UNCERTAIN_BELOW;

/// The line under the toolbar: what just happened, or why something was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// How the document list (and `n`, `p`, `d`) goes through the documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocOrder {
    /// Workspace order: as the documents were opened.
    #[default]
    AsOpened,
    /// The documents whose pre-annotation had the most uncertain spans first
    /// (`nomen_session::Confidence`; ties by the smallest margin, then as opened).
    LeastCertainFirst,
}

impl DocOrder {
    /// The name kept in the browser's settings and used by the order control.
    pub fn as_str(self) -> &'static str {
        match self {
            DocOrder::AsOpened => "as-opened",
            DocOrder::LeastCertainFirst => "least-certain-first",
        }
    }

    pub fn from_name(name: &str) -> Option<DocOrder> {
        [DocOrder::AsOpened, DocOrder::LeastCertainFirst].into_iter().find(|o| o.as_str() == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    Labels,
    Aliases,
    Comparison(crate::evaluate::Comparison),
}

/// A confirmed alias cluster as the Aliases dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedCluster {
    pub kb_id: String,
    pub label: String,
    /// Names and how many spans have each.
    pub members: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub ws: Workspace,
    /// What is in the "Article text" box.
    pub draft: String,
    /// The span selected for keyboard editing, by its bounds, in the current document.
    pub selected: Option<(usize, usize)>,
    /// The keyboard's token cursor: whole tokens of the current document, shown
    /// as the text selection (a digit labels it like a mouse selection).
    pub cursor: Option<(usize, usize)>,
    pub message: Option<Message>,
    /// The extractor's name once the worker is ready; `None` while it loads.
    pub extractor: Option<String>,
    /// Loading progress of the model, 0 to 1, while `extractor` is `None`.
    pub loading: f64,
    /// Documents the extractor has learned from, and names it remembers (kept in the worker).
    pub learned: u32,
    pub remembered: usize,
    /// Prodigy patterns (JSONL) waiting to be sent to the worker.
    pub pattern_queue: Vec<String>,
    /// Documents marked done, waiting to be sent to the worker to learn from.
    pub learn_queue: Vec<Document>,
    /// Untouched documents to annotate again because the model changed. It
    /// may hold thousands of ids and loses a few at each batch of requests,
    /// while the state before the action keeps its own copy: a persistent set
    /// (structural sharing) makes that copy cheap, where a hash set was copied
    /// whole at every batch.
    pub stale: StaleSet,
    /// Documents not to send to the extractor until the analyst asks (`e`)
    /// because the extractor failed on them (for this session only: after a
    /// reload it is tried again). Documents whose pre-annotation the analyst
    /// undid are held by the workspace itself (`DocEntry::held`), which is saved.
    pub held: BTreeSet<String>,
    /// Extraction requests in flight: request id → document id. The page
    /// keeps at most the pool's window of them (`Pool::window`), so a big import
    /// never floods the worker's queue and a model change reaches the
    /// current document first.
    pub in_flight: BTreeMap<u32, String>,
    /// Where the next look for documents awaiting the extractor starts: just
    /// after the last one asked for, unless the current document itself
    /// waits. Without it every batch of requests would walk again over all
    /// the documents already asked for (5,000 after learning), from the
    /// current one on. Only a starting point: the look still wraps around all.
    pub extraction_cursor: Option<usize>,
    /// Opened documents that were already here (same id and text), held back
    /// until the analyst asks to add them anyway: where they came from, and them.
    pub duplicates: Option<Rc<(String, Vec<Document>)>>,
    /// An import under way: what, how far (0 to 1), documents so far.
    pub importing: Option<(String, f64, usize)>,
    /// Why saving in the browser fails, if it does: the work is then only in memory.
    pub storage_problem: Option<String>,
    /// The saved work is still being read (IndexedDB answers asynchronously):
    /// nothing is saved meanwhile, so an empty workspace never replaces it.
    pub restoring: bool,
    pub overlay: Overlay,
    /// Search, inconsistencies and adjudication across the corpus (`review.rs`).
    pub review: crate::review::Review,
    /// How the document list is ordered (kept in the browser's settings by `app.rs`).
    pub doc_order: DocOrder,
}

/// See [`AppState::stale`].
pub type StaleSet = rpds::HashTrieSet<String, archery::RcK, IdHasher>;

/// FxHash for document ids (`FxBuildHasher` with the `Debug` the state needs).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher;

impl std::hash::BuildHasher for IdHasher {
    type Hasher = rustc_hash::FxHasher;
    fn build_hasher(&self) -> Self::Hasher {
        rustc_hash::FxHasher::default()
    }
}

impl AppState {
    pub fn new(ws: Workspace, draft: String, message: Option<Message>) -> AppState {
        AppState {
            ws,
            draft,
            selected: None,
            cursor: None,
            message,
            extractor: None,
            loading: 0.0,
            learned: 0,
            remembered: 0,
            pattern_queue: Vec::new(),
            learn_queue: Vec::new(),
            stale: StaleSet::new_with_hasher_with_ptr_kind(IdHasher),
            held: BTreeSet::new(),
            extraction_cursor: None,
            in_flight: BTreeMap::new(),
            duplicates: None,
            importing: None,
            storage_problem: None,
            restoring: false,
            overlay: Overlay::None,
            review: crate::review::Review::default(),
            doc_order: DocOrder::default(),
        }
    }

    /// The documents in the order the list shows them and `n` / `p` / `d` follow.
    pub fn ordered_docs(&self) -> Vec<&nomen_session::DocEntry> {
        match self.doc_order {
            DocOrder::AsOpened => self.ws.docs().iter().map(|d| &**d).collect(),
            DocOrder::LeastCertainFirst => self.ws.least_certain_first(UNCERTAIN_BELOW),
        }
    }

    /// The document after (or before) the current one in [`AppState::ordered_docs`].
    fn doc_beside(&self, forward: bool) -> Option<String> {
        let id = self.ws.current_id()?;
        if self.doc_order == DocOrder::AsOpened {
            let beside = if forward { self.ws.next_doc(id) } else { self.ws.prev_doc(id) };
            return beside.map(|d| d.id().to_string());
        }
        let order = self.ordered_docs();
        let at = order.iter().position(|d| d.id() == id)?;
        let beside = if forward { order.get(at + 1) } else { at.checked_sub(1).and_then(|i| order.get(i)) };
        beside.map(|d| d.id().to_string())
    }

    /// The next document after `id` that is not done in the list's order, wrapping; never `id`.
    fn next_not_done(&self, id: &str) -> Option<String> {
        if self.doc_order == DocOrder::AsOpened {
            return self.ws.next_not_done(id).map(|d| d.id().to_string());
        }
        let order = self.ordered_docs();
        let at = order.iter().position(|d| d.id() == id)?;
        let (before, after) = order.split_at(at);
        after.iter().skip(1).chain(before).find(|d| d.status() != nomen_session::DocStatus::Done).map(|d| d.id().to_string())
    }

    /// Up to `limit` documents waiting for the extractor and not yet asked
    /// for (new ones, and untouched ones annotated by a model that has changed
    /// since), from the current document on, so what the analyst sees comes first.
    pub fn awaiting_extraction(&self, limit: usize) -> Vec<(String, String)> {
        let docs = self.ws.docs();
        let asked: FxHashSet<&str> = self.in_flight.values().map(String::as_str).collect();
        let current = self.ws.current_id().and_then(|id| self.ws.index_of(id));
        let current_waits = current.is_some_and(|i| self.wants_extraction(&docs[i]) && !asked.contains(docs[i].id()));
        let at = match self.extraction_cursor {
            Some(next) if next < docs.len() && !current_waits => next,
            _ => current.unwrap_or(0),
        };
        docs[at..]
            .iter()
            .chain(&docs[..at])
            .filter(|d| self.wants_extraction(d) && !asked.contains(d.id()))
            .take(limit)
            .map(|d| (d.id().to_string(), d.text().to_string()))
            .collect()
    }

    fn wants_extraction(&self, doc: &nomen_session::DocEntry) -> bool {
        use nomen_session::DocStatus::{New, PreAnnotated};
        match doc.status() {
            New => !doc.held() && !self.held.contains(doc.id()),
            PreAnnotated => self.stale.contains(doc.id()),
            _ => false,
        }
    }

    /// How far the extractor has come: (documents annotated, documents it
    /// should annotate), while some still wait; `None` when none does.
    pub fn annotation_progress(&self) -> Option<(usize, usize)> {
        let docs = self.ws.docs();
        // A new document waits until its answer comes; an untouched one to
        // annotate again leaves `stale` when it is asked for, so while asked
        // for it is counted here, or the bar would end before the answers.
        let being_annotated_again = self
            .in_flight
            .values()
            .filter(|id| self.ws.doc(id).is_some_and(|d| d.status() == nomen_session::DocStatus::PreAnnotated))
            .count();
        let waiting = docs.iter().filter(|d| self.wants_extraction(d)).count() + being_annotated_again;
        let held = docs.iter().filter(|d| d.status() == nomen_session::DocStatus::New && (d.held() || self.held.contains(d.id()))).count();
        let total = docs.len() - held;
        (waiting > 0).then_some((total - waiting, total))
    }

    /// Alias clusters proposed from the spans of every document (by
    /// `nomen_ner::aliases`), without what the analyst already decided.
    pub fn alias_proposals(&self) -> Vec<AliasProposal> {
        let proposed = nomen_ner::aliases::propose(self.ws.mentions())
            .into_iter()
            .map(|cluster| AliasProposal { label: cluster.label, members: cluster.members, extends: None })
            .collect();
        self.ws.pending_aliases(proposed)
    }

    /// The confirmed clusters, each name with how many spans have it.
    pub fn confirmed_aliases(&self) -> Vec<ConfirmedCluster> {
        self.ws
            .confirmed_aliases_counted()
            .into_iter()
            .map(|(c, counted)| ConfirmedCluster {
                kb_id: c.kb_id.clone(),
                label: c.label.clone(),
                members: counted.into_iter().map(|(name, n)| (name.to_string(), n)).collect(),
            })
            .collect()
    }

    /// Marks every untouched document for annotation by the changed model.
    fn model_changed(&mut self) -> usize {
        // Everything untouched waits again: from the current document on.
        self.extraction_cursor = None;
        self.stale = StaleSet::new_with_hasher_with_ptr_kind(IdHasher);
        for doc in self.ws.docs().iter().filter(|d| d.status() == nomen_session::DocStatus::PreAnnotated) {
            self.stale.insert_mut(doc.id().to_string());
        }
        self.stale.size()
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }

    fn refuse(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }
}

/// The most extraction requests the primary extractor worker holds at once
/// (a helper holds fewer: `pool::HELPER_IN_FLIGHT`; `Pool::window` adds them up).
pub const EXTRACTIONS_IN_FLIGHT: usize = 64;

/// One answer of the extractor (the page hands them over in batches).
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub request: u32,
    pub spans: Vec<crate::protocol::Found>,
    pub millis: f64,
}

pub enum Action {
    /// The saved work was read: it becomes the workspace, and saving may begin.
    Restored {
        workspace: Box<Workspace>,
        problem: Option<String>,
    },
    EditDraft(String),
    /// Add the draft as a new document (the worker then pre-annotates it).
    AddDraft,
    ImportProgress {
        source: String,
        fraction: f64,
        docs: usize,
    },
    /// Documents read from files; `source` names them for the message line.
    Import {
        source: String,
        docs: Vec<Document>,
        notes: Vec<String>,
        patterns: Vec<String>,
        clusters: Vec<String>,
    },
    /// Add the opened documents that were already here, as copies (their ids get a suffix).
    AddDuplicates,
    /// Leave them out.
    DismissDuplicates,
    PatternsSent,
    PatternsAdded {
        added: usize,
        remembered: usize,
    },
    /// Give every occurrence of the selected span's text its label, in every
    /// document, and remember it for new articles.
    LabelAllOccurrences,
    ExtractorLoading(f64),
    ExtractorReady {
        name: String,
        learned: u32,
        remembered: usize,
    },
    /// The learn queue was sent to the worker.
    LearnSent,
    /// The worker learned from a document: `names` new, `remembered` in all.
    Learned {
        names: usize,
        remembered: usize,
        learned: u32,
    },
    /// These documents were sent to the extractor: (request id, document id).
    ExtractRequested(Vec<(u32, String)>),
    /// The extractor's answers that arrived since the last batch.
    Extracted(Vec<Extraction>),
    /// A request failed (`request` is its id), or the worker itself did (`None`).
    RequestFailed {
        request: Option<u32>,
        message: String,
    },
    /// The worker forgot what it learned and runs `name` alone again.
    ModelReset {
        name: String,
    },
    Open(String),
    NextDoc,
    PrevDoc,
    SelectSpan(Option<(usize, usize)>),
    NextSpan,
    PrevSpan,
    /// Select the next (or previous) uncertain span of the current document, wrapping (`u`, `Shift+U`).
    NextUncertain {
        forward: bool,
    },
    /// Order the document list (and `n` / `p` / `d`) another way.
    SetDocOrder(DocOrder),
    /// Label the text selection `selection` (if any) or relabel the selected span.
    ApplyLabel {
        label: String,
        selection: Option<(usize, usize)>,
        /// How the selection becomes bounds (`Exact` with Shift: the characters as they are).
        snap: SnapMode,
    },
    /// The same, by hotkey.
    Hotkey {
        key: char,
        selection: Option<(usize, usize)>,
        snap: SnapMode,
    },
    DeleteSelected,
    /// Move the token cursor a word (`extend`: grow or shrink its end by one),
    /// from the text selection `from` if any, else from the cursor or the selected span.
    Cursor {
        from: Option<(usize, usize)>,
        forward: bool,
        extend: bool,
    },
    Nudge {
        boundary: Boundary,
        nudge: Nudge,
    },
    /// A drag handle dropped at `offset`: move that boundary there (snapped to a token).
    DragBoundary {
        boundary: Boundary,
        offset: usize,
    },
    Undo,
    Redo,
    /// Ask the extractor for the current document again (after its pre-annotation was undone).
    Extract,
    AcceptAll,
    MarkDone,
    /// Teach the extractor the current document's names now (it stays as it is).
    LearnNow,
    Reopen,
    RemoveDocument(String),
    AddLabel(LabelDef),
    RenameLabel {
        old: String,
        new: String,
    },
    RecolourLabel {
        name: String,
        color: String,
    },
    RekeyLabel {
        name: String,
        key: Option<char>,
    },
    RemoveLabel(String),
    /// Confirm names of one label as one entity (a new cluster, or a confirmed one grown).
    ConfirmAliases {
        label: String,
        names: Vec<String>,
    },
    /// Drop a variant from a proposal: it is not the entity the `others` are.
    DropAliasVariant {
        label: String,
        name: String,
        others: Vec<String>,
    },
    /// Dismiss a whole proposal: it is not proposed again.
    DismissAliases {
        label: String,
        names: Vec<String>,
    },
    /// Take a name out of a confirmed cluster.
    SplitAlias {
        kb_id: String,
        name: String,
    },
    RemoveAliasCluster(String),
    ShowOverlay(Overlay),
    /// A comparison of annotations is ready to show.
    Compared(crate::evaluate::Comparison),
    ToggleHelp,
    Escape,
    StorageFailed(String),
    StorageRecovered,
    Notify(String),
    Fail(String),
    /// Corpus review: search, inconsistencies, adjudication (see `review.rs`).
    Review(crate::review::ReviewAction),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Cheap when Yew holds no other reference; a copy otherwise.
        let mut s = Rc::unwrap_or_clone(self);
        s.apply(action);
        Rc::new(s)
    }
}

impl AppState {
    fn current_id(&self) -> Option<String> {
        self.ws.current_id().map(str::to_string)
    }

    /// Applies an edit to the current document and reports the outcome.
    fn edit(&mut self, edit: Edit) {
        let Some(id) = self.current_id() else {
            return self.refuse("Add an article first.");
        };
        let result = self.ws.apply(&id, edit);
        self.outcome(result);
    }

    fn outcome(&mut self, result: Result<Applied, EditError>) {
        match result {
            Ok(applied) => {
                if applied.focus.is_some() {
                    self.selected = applied.focus;
                }
                self.info(capitalise(&applied.summary));
            }
            Err(err) => self.refuse(capitalise(&err.to_string())),
        }
        // A selection that no longer names a span is dropped.
        if let (Some((start, end)), Some(doc)) = (self.selected, self.ws.current()) {
            if doc.span(start, end).is_none() {
                self.selected = None;
            }
        }
    }

    fn open(&mut self, id: Option<String>) {
        match id {
            Some(id) => {
                if let Err(err) = self.ws.set_current(&id) {
                    return self.refuse(err.to_string());
                }
                self.selected = None;
                self.cursor = None;
                let doc = self.ws.current().map(|d| (d.status(), d.spans().len()));
                if let Some((status, spans)) = doc {
                    self.info(format!("{spans} spans, {status}. {}", self.ws.progress()));
                }
            }
            None => self.info("No more documents that way."),
        }
    }

    /// A text selection makes a new span; without one, the selected span is relabelled.
    /// (The text selection wins: the analyst made it after selecting the span.)
    fn label_selection(&mut self, label: String, selection: Option<(usize, usize)>, snap: SnapMode) {
        let Some((start, end)) = selection else {
            return match self.selected {
                Some((start, end)) => self.edit(Edit::Relabel { start, end, label }),
                None => self.refuse(format!("Select some text (or click a mark) first, then press the key for {label}.")),
            };
        };
        let Some(doc) = self.ws.current() else { return self.refuse("Add an article first.") };
        match doc.snap(start, end, snap) {
            Some((start, end)) => {
                self.edit(Edit::AddSpan { start, end, label });
                if self.selected.is_some() {
                    self.cursor = None;
                }
            }
            None => self.refuse("The selection holds no word to label."),
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::EditDraft(text) => self.draft = text,
            Action::AddDraft => {
                if self.draft.trim().is_empty() {
                    return self.refuse("Paste an article into the box first.");
                }
                let doc = Document::new(std::mem::take(&mut self.draft));
                match self.ws.add_documents(vec![doc]) {
                    Ok(ids) => {
                        self.open(ids.into_iter().next());
                        self.info("Finding entities…");
                    }
                    Err(err) => self.refuse(err.to_string()),
                }
            }
            Action::ImportProgress { source, fraction, docs } => self.importing = Some((source, fraction, docs)),
            Action::Import { source, docs, notes, patterns, clusters } => {
                self.importing = None;
                let count = docs.len();
                let pattern_files = patterns.len();
                self.pattern_queue.extend(patterns);
                // Checked when read, so they cannot fail here.
                let joined: usize = clusters.iter().filter_map(|list| self.ws.import_alias_clusters_json(list).ok()).sum();
                if count == 0 && !clusters.is_empty() {
                    return self.info(format!(
                        "Read alias clusters from {source}: {joined} name{} joined a cluster; see Aliases (k).",
                        plural(joined)
                    ));
                }
                if count == 0 && pattern_files > 0 {
                    return self.info(format!("Read patterns from {source}; they apply to new and untouched documents."));
                }
                // Documents already here (same id and same text) wait for the analyst's word.
                let (docs, already): (Vec<Document>, Vec<Document>) = docs
                    .into_iter()
                    .partition(|doc| doc.id.as_deref().and_then(|id| self.ws.doc(id)).is_none_or(|here| here.text() != doc.text));
                let fresh = docs.len();
                match self.ws.add_documents(docs) {
                    Ok(ids) => {
                        if let Some(first) = ids.into_iter().next() {
                            self.open(Some(first));
                        }
                        let mut text = if fresh == 0 && !already.is_empty() {
                            format!("Nothing new in {source}.")
                        } else {
                            format!("Opened {fresh} document{} from {source}.", plural(fresh))
                        };
                        if !already.is_empty() {
                            let n = already.len();
                            text += &format!(
                                " {n} {} already here (same id and text) and {} not added; “Add them anyway” adds {} as copies.",
                                if n == 1 { "was" } else { "were" },
                                if n == 1 { "was" } else { "were" },
                                if n == 1 { "it" } else { "them" }
                            );
                            self.duplicates = Some(Rc::new((source.clone(), already)));
                        } else {
                            self.duplicates = None;
                        }
                        for note in notes {
                            text += &format!(" {note}");
                        }
                        self.info(text);
                    }
                    Err(err) => self.refuse(format!("{source}: {err}. Nothing was added.")),
                }
            }
            Action::AddDuplicates => {
                let Some(pending) = self.duplicates.take() else { return };
                let (source, docs) = Rc::unwrap_or_clone(pending);
                let count = docs.len();
                match self.ws.add_documents(docs) {
                    Ok(ids) => {
                        if let Some(first) = ids.into_iter().next() {
                            self.open(Some(first));
                        }
                        self.info(format!("Added {count} document{} from {source} again, as copies.", plural(count)));
                    }
                    Err(err) => self.refuse(format!("{source}: {err}. Nothing was added.")),
                }
            }
            Action::DismissDuplicates => {
                if let Some(pending) = self.duplicates.take() {
                    let n = pending.1.len();
                    self.info(format!("Left out {n} document{} already here.", plural(n)));
                }
            }
            Action::PatternsSent => self.pattern_queue.clear(),
            Action::PatternsAdded { added, remembered } => {
                self.remembered = remembered;
                let again = if added > 0 { self.model_changed() } else { 0 };
                self.info(format!("{added} name{} added to what the extractor remembers ({remembered} in all); annotating {again} untouched document{} again.", plural(added), plural(again)));
            }
            Action::LabelAllOccurrences => self.label_all_occurrences(),
            // The header shows these; the message line may hold something more important.
            Action::ExtractorLoading(fraction) => self.loading = fraction,
            Action::ExtractorReady { name, learned, remembered } => {
                self.remembered = remembered;
                // A second Ready is a model change (a reset): annotate untouched documents again.
                if self.extractor.is_some() {
                    let again = self.model_changed();
                    self.info(format!("Back to the shipped model; annotating {again} untouched document{} again.", plural(again)));
                }
                self.extractor = Some(name);
                self.learned = learned;
            }
            Action::LearnSent => self.learn_queue.clear(),
            Action::Learned { names, remembered, learned } => {
                self.learned = learned;
                self.remembered = remembered;
                let again = if names > 0 { self.model_changed() } else { 0 };
                self.info(format!(
                    "Learned {names} new name{} from your corrections ({remembered} remembered); annotating {again} untouched document{} again.",
                    plural(names),
                    plural(again)
                ));
            }
            Action::ExtractRequested(requests) => {
                if let Some(at) = requests.last().and_then(|(_, doc)| self.ws.index_of(doc)) {
                    self.extraction_cursor = Some(at + 1);
                }
                for (request, doc) in requests {
                    self.stale.remove_mut(doc.as_str());
                    self.in_flight.insert(request, doc);
                }
            }
            Action::Extracted(answers) => {
                for answer in answers {
                    self.extracted(answer);
                }
            }
            Action::RequestFailed { request, message } => match request.and_then(|r| self.in_flight.remove(&r)) {
                Some(doc) => {
                    // Not asked again until the analyst says so (e), or it would fail in a loop.
                    self.held.insert(doc.clone());
                    self.refuse(format!("The extractor could not annotate {doc}: {message}. Press e on it to try again."));
                }
                None => {
                    self.importing = None;
                    self.refuse(format!("The extractor: {message}"));
                }
            },
            Action::ModelReset { name } => {
                self.remembered = 0;
                self.learned = 0;
                self.extractor = Some(name);
                let again = self.model_changed();
                self.info(format!("Back to the shipped model; annotating {again} untouched document{} again.", plural(again)));
            }
            Action::Open(id) => self.open(Some(id)),
            Action::NextDoc => self.open(self.doc_beside(true)),
            Action::PrevDoc => self.open(self.doc_beside(false)),
            Action::SelectSpan(bounds) => {
                self.selected = bounds;
                if bounds.is_some() {
                    self.cursor = None;
                }
                if let (Some((start, end)), Some(doc)) = (bounds, self.ws.current()) {
                    if let Some(span) = doc.span(start, end) {
                        let text = doc.slice(start, end).to_string();
                        let label = span.label.clone();
                        self.info(format!(
                            "Selected {label} “{text}”. Press 1–9 to relabel, Delete to remove, Shift/Ctrl + arrows to move."
                        ));
                    }
                }
            }
            Action::NextSpan | Action::PrevSpan => {
                let Some(doc) = self.ws.current() else { return };
                let found = if matches!(action, Action::NextSpan) {
                    doc.next_span(self.selected).or_else(|| doc.next_span(None))
                } else {
                    doc.prev_span(self.selected).or_else(|| doc.prev_span(None))
                };
                let bounds = found.map(|s| (s.start, s.end));
                self.apply(Action::SelectSpan(bounds));
            }
            Action::NextUncertain { forward } => self.next_uncertain(forward),
            Action::SetDocOrder(order) => {
                self.doc_order = order;
                self.info(match order {
                    DocOrder::AsOpened => "Documents in the order they were opened.",
                    DocOrder::LeastCertainFirst => {
                        "Documents with the most spans the extractor was unsure of first; n, p and d follow this order."
                    }
                });
            }
            Action::ApplyLabel { label, selection, snap } => self.label_selection(label, selection, snap),
            Action::Hotkey { key, selection, snap } => match self.ws.schema().by_hotkey(key) {
                Some(label) => {
                    let label = label.name.clone();
                    self.label_selection(label, selection, snap);
                }
                None => self.refuse(format!("No label has the key {key}.")),
            },
            Action::DeleteSelected => match self.selected {
                Some((start, end)) => {
                    self.edit(Edit::RemoveSpan { start, end });
                    // The next span (or else the previous) is selected, so the keyboard goes on from here.
                    if let Some(doc) = self.ws.current().filter(|d| d.span(start, end).is_none()) {
                        self.selected =
                            doc.next_span(Some((start, end))).or_else(|| doc.prev_span(Some((start, end)))).map(|s| (s.start, s.end));
                    }
                }
                None => self.refuse("Select a span first (click it, or press Tab)."),
            },
            Action::Cursor { from, forward, extend } => self.move_cursor(from, forward, extend),
            Action::Nudge { boundary, nudge } => {
                let Some((start, end)) = self.selected else { return self.refuse("Select a span first.") };
                let moved = self.ws.current().and_then(|d| d.nudge(start, end, boundary, nudge));
                match moved {
                    Some((new_start, new_end)) => self.edit(Edit::MoveBoundary { start, end, new_start, new_end }),
                    None => self.refuse("The span cannot move further that way."),
                }
            }
            Action::DragBoundary { boundary, offset } => {
                let Some((start, end)) = self.selected else { return };
                let Some(doc) = self.ws.current() else { return };
                let wanted = match boundary {
                    Boundary::Start if offset < end => doc.snap(offset, end, SnapMode::Expand),
                    Boundary::End if offset > start => doc.snap(start, offset, SnapMode::Expand),
                    _ => None,
                };
                match wanted {
                    Some((new_start, new_end)) => self.edit(Edit::MoveBoundary { start, end, new_start, new_end }),
                    None => self.refuse("A span cannot end before it starts."),
                }
            }
            // Workspace-level undo first: when the analyst's last action was a
            // removal, Ctrl+Z puts that document back (see `Workspace::restore_removed`).
            Action::Undo if self.ws.last_removed().is_some() => self.restore_removed(),
            Action::Undo | Action::Redo => {
                let Some(id) = self.current_id() else { return };
                let result = if matches!(action, Action::Undo) { self.ws.undo(&id) } else { self.ws.redo(&id) };
                let status = result.as_ref().ok().map(|applied| applied.status);
                self.outcome(result);
                if status == Some(nomen_session::DocStatus::New) {
                    // The analyst undid the pre-annotation: the workspace holds the
                    // document from the extractor (saved too), and redo keeps every step.
                    let said = self.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
                    self.info(format!("{said}. The document stays without pre-annotation: redo (Ctrl+Shift+Z) brings it back, e asks the extractor again."));
                }
            }
            Action::Extract => {
                let Some(id) = self.current_id() else { return self.refuse("Add an article first.") };
                let new = self.ws.current().is_some_and(|d| d.status() == nomen_session::DocStatus::New);
                if !new {
                    return self.refuse("This document already has annotations; undo them first to ask the extractor again.");
                }
                self.held.remove(&id);
                if let Err(err) = self.ws.release_extraction(&id) {
                    return self.refuse(capitalise(&err.to_string()));
                }
                self.info("Finding entities…");
            }
            Action::AcceptAll => self.edit(Edit::AcceptAll),
            Action::MarkDone => {
                let Some(id) = self.current_id() else { return };
                let result = self.ws.apply(&id, Edit::MarkDone);
                let done = result.is_ok();
                self.outcome(result);
                if done {
                    // The analyst signed these spans off: the extractor learns from them.
                    if let Some(doc) = self.ws.doc(&id) {
                        self.learn_queue.push(doc.exported());
                    }
                    let next = self.next_not_done(&id);
                    let progress = self.ws.progress();
                    if let Some(next) = next {
                        self.open(Some(next));
                    }
                    self.info(format!("Marked done: {progress}."));
                }
            }
            Action::LearnNow => {
                let Some(doc) = self.ws.current() else { return };
                self.learn_queue.push(doc.exported());
                self.info("Teaching the extractor this document's names; untouched documents will be annotated again.");
            }
            Action::Reopen => self.edit(Edit::Reopen),
            Action::RemoveDocument(id) => match self.ws.remove_document(&id) {
                Ok(removed) => {
                    self.selected = None;
                    self.cursor = None;
                    self.stale.remove_mut(id.as_str());
                    self.held.remove(&id);
                    // Requests in flight for it stay listed: their answers are dropped quietly.
                    let title = crate::components::doc_list::title_of(removed.text());
                    let spans = removed.spans().len();
                    self.info(format!(
                        "Removed “{title}” ({spans} span{}) — Undo (Ctrl+Z) brings it back. {}",
                        plural(spans),
                        self.ws.progress()
                    ));
                }
                Err(err) => self.refuse(capitalise(&err.to_string())),
            },
            Action::AddLabel(def) => {
                let name = def.name.clone();
                let result = self.ws.add_label(def);
                self.schema_result(result, format!("Added the label {name}."));
            }
            Action::RenameLabel { old, new } => {
                let result = self.ws.rename_label(&old, &new);
                self.schema_result(result, format!("Renamed {old} to {new} everywhere."));
            }
            Action::RecolourLabel { name, color } => {
                let result = self.ws.set_label_color(&name, &color);
                self.schema_result(result, format!("New colour for {name}."));
            }
            Action::RekeyLabel { name, key } => {
                let result = self.ws.set_label_hotkey(&name, key);
                let what = key.map(|k| format!("{name} now has the key {k}.")).unwrap_or(format!("{name} has no key now."));
                self.schema_result(result, what);
            }
            Action::RemoveLabel(name) => {
                let result = self.ws.remove_label(&name);
                self.schema_result(result, format!("Removed the label {name}."));
            }
            Action::ConfirmAliases { label, names } => match self.ws.confirm_aliases(&label, &names) {
                Ok(kb_id) => self.info(format!("{} confirmed as one {label}: their spans export with kb_id “{kb_id}”.", names.join(", "))),
                Err(err) => self.refuse(capitalise(&err.to_string())),
            },
            Action::DropAliasVariant { label, name, others } => {
                self.ws.keep_aliases_apart(&label, &name, &others);
                self.info(format!("“{name}” is kept apart from {}.", others.join(", ")));
            }
            Action::DismissAliases { label, names } => {
                self.ws.dismiss_aliases(&label, &names);
                self.info(format!("Dismissed: {} ({label}) will not be proposed together again.", names.join(", ")));
            }
            Action::SplitAlias { kb_id, name } => match self.ws.split_alias(&kb_id, &name) {
                Ok(()) => {
                    let left = if self.ws.aliases().cluster(&kb_id).is_some() { "" } else { "; one name is no cluster, so it is gone" };
                    self.info(format!("“{name}” taken out of {kb_id}{left}."));
                }
                Err(err) => self.refuse(capitalise(&err.to_string())),
            },
            Action::RemoveAliasCluster(kb_id) => match self.ws.remove_alias_cluster(&kb_id) {
                Ok(cluster) => self.info(format!("Removed {kb_id}: {} will not be proposed together again.", cluster.names.join(", "))),
                Err(err) => self.refuse(capitalise(&err.to_string())),
            },
            Action::ShowOverlay(overlay) => self.overlay = overlay,
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help { Overlay::None } else { Overlay::Help };
            }
            Action::Compared(comparison) => {
                self.info(format!(
                    "Compared {} against {}: F1 {:.3}.",
                    comparison.compared, comparison.reference, comparison.report.overall.f1
                ));
                self.overlay = Overlay::Comparison(comparison);
            }
            Action::Escape => {
                if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                } else {
                    self.selected = None;
                    self.cursor = None;
                }
            }
            Action::Restored { workspace, problem } => {
                self.ws = *workspace;
                self.restoring = false;
                self.selected = None;
                // An adjudication in progress is shown as it was left.
                if self.ws.adjudication().is_some() {
                    self.review.view = crate::review::ReviewView::Adjudication;
                }
                // A problem reading the save is said once; a failing save sets the banner itself.
                if let Some(problem) = problem {
                    self.refuse(problem);
                }
            }
            Action::StorageFailed(why) => self.storage_problem = Some(why),
            Action::StorageRecovered => self.storage_problem = None,
            Action::Notify(text) => self.info(text),
            Action::Review(action) => crate::review::reduce(self, action),
            Action::Fail(text) => {
                self.importing = None;
                self.refuse(text);
            }
        }
    }

    /// Puts the last removed document back at its place (see [`Action::Undo`]).
    fn restore_removed(&mut self) {
        let Some(id) = self.ws.restore_removed() else { return };
        let title = self.ws.doc(&id).map(|d| crate::components::doc_list::title_of(d.text())).unwrap_or_default();
        self.selected = None;
        self.cursor = None;
        let more = if self.ws.last_removed().is_some() { " Ctrl+Z again brings back the one removed before it." } else { "" };
        self.info(format!("Restored “{title}” at its place.{more}"));
    }

    /// Moves the token cursor (see [`Action::Cursor`]) and says what it covers.
    fn move_cursor(&mut self, from: Option<(usize, usize)>, forward: bool, extend: bool) {
        let Some(doc) = self.ws.current() else { return self.refuse("Add an article first.") };
        let index = doc.token_index();
        let tokens = index.tokens();
        let base = from.or(self.cursor).or(self.selected);
        let moved = match base {
            None if forward => tokens.first().map(|t| (t.start, t.end)),
            None => tokens.last().map(|t| (t.start, t.end)),
            Some((start, end)) if extend => {
                let end = if forward { index.end_after(end) } else { index.end_before(end).filter(|&e| e > start) };
                end.map(|end| (start, end))
            }
            Some((_, end)) if forward => tokens.get(tokens.partition_point(|t| t.start < end)).map(|t| (t.start, t.end)),
            Some((start, _)) => tokens.partition_point(|t| t.end <= start).checked_sub(1).map(|i| (tokens[i].start, tokens[i].end)),
        };
        match moved {
            Some((start, end)) => {
                let text = doc.slice(start, end).to_string();
                self.cursor = Some((start, end));
                self.selected = None;
                self.info(format!("“{text}”: press 1–9 to label it, Shift + → / ← to grow or shrink it."));
            }
            None if extend => self.refuse("The selection cannot grow or shrink further that way."),
            None => self.info(if forward { "The end of the document." } else { "The start of the document." }),
        }
    }

    /// One answer of the extractor becomes the document's pre-annotation,
    /// unless the analyst got there first or the document is gone.
    fn extracted(&mut self, Extraction { request, spans, millis }: Extraction) {
        let Some(id) = self.in_flight.remove(&request) else { return };
        if self.held.contains(&id) || self.ws.doc(&id).is_some_and(|d| d.held()) {
            // Asked before the analyst undid the pre-annotation: it stays undone.
            return;
        }
        let margins: Vec<(Span, f32)> = spans.iter().filter_map(|f| Some((f.span.clone(), f.margin?))).collect();
        let (known, unknown) = self.ws.split_known_labels(spans.into_iter().map(|f| f.span).collect());
        let count = known.len();
        match self.ws.apply(&id, Edit::PreAnnotate { spans: known }) {
            Ok(_) | Err(EditError::SameSpans) => {
                // The same spans again (a changed model) may come with other margins.
                self.ws.set_confidence(&id, margins);
                let skipped = if unknown.is_empty() {
                    String::new()
                } else {
                    format!(" ({} with labels outside the schema left out)", unknown.len())
                };
                if self.ws.current_id() == Some(id.as_str()) {
                    let unsure = self.ws.current().map_or(0, |d| d.confidence().uncertainty(UNCERTAIN_BELOW).remaining);
                    let unsure = if unsure > 0 { format!(" {unsure} uncertain (tinted; u goes to them).") } else { String::new() };
                    // An answer arrives whenever the worker is done: it does not hide a refusal the analyst may not have read yet.
                    if !self.message.as_ref().is_some_and(|m| m.error) {
                        self.info(format!("{count} entities found in {millis:.0} ms{skipped}.{unsure}"));
                    }
                }
            }
            // The document was removed meanwhile: nothing to say.
            Err(EditError::UnknownDocument { .. }) => {}
            // The analyst was quicker: their spans stay, and the message says why.
            Err(err @ EditError::StalePreAnnotation { .. }) => {
                if self.ws.current_id() == Some(id.as_str()) {
                    self.info(capitalise(&err.to_string()));
                }
            }
            Err(err) => self.refuse(capitalise(&err.to_string())),
        }
    }

    /// Selects the next (or previous) uncertain span of the current document,
    /// from the selected span or the token cursor, wrapping around.
    fn next_uncertain(&mut self, forward: bool) {
        let Some(doc) = self.ws.current() else { return self.refuse("Add an article first.") };
        let confidence = doc.confidence();
        match confidence.next_uncertain(self.selected.or(self.cursor), UNCERTAIN_BELOW, forward) {
            Some((start, end)) => {
                let left = confidence.uncertainty(UNCERTAIN_BELOW).remaining;
                let label = doc.span(start, end).map(|s| s.label.clone()).unwrap_or_default();
                let text = doc.slice(start, end).to_string();
                self.selected = Some((start, end));
                self.cursor = None;
                self.info(format!(
                    "Uncertain {label} “{text}” ({left} uncertain span{} left here): 1–9 relabels it, Delete removes it, a accepts all; u goes on.",
                    plural(left)
                ));
            }
            None => self.info("No uncertain span left in this document: the extractor was sure of the rest, or you have seen to it."),
        }
    }

    /// The selected span's text gets its label wherever it occurs as whole
    /// tokens, in every document (one undoable step each, all or none), and is remembered.
    fn label_all_occurrences(&mut self) {
        let Some((start, end)) = self.selected else { return self.refuse("Select a span first (click it, or press Tab).") };
        let Some(doc) = self.ws.current() else { return };
        let Some(span) = doc.span(start, end) else { return };
        let (name, label) = (doc.slice(start, end).to_string(), span.label.clone());
        let memory = nomen_ner::memory::Memory::of_names([(name.clone(), label.clone())]);
        let occurrences: Vec<(String, Vec<(usize, usize)>)> = self
            .ws
            .docs()
            .iter()
            .map(|doc| {
                let found = memory.apply(doc.text(), doc.spans().to_vec());
                let bounds = found.iter().filter(|w| doc.slice(w.start, w.end) == name).map(|w| (w.start, w.end)).collect();
                (doc.id().to_string(), bounds)
            })
            .collect();
        match self.ws.label_all(&label, &occurrences) {
            Ok(done) => {
                self.pattern_queue.push(memory.to_patterns());
                self.info(format!(
                    "Labelled {} more occurrence{} of “{name}” as {label} in {} document{}; new articles will get it too.",
                    done.changed,
                    plural(done.changed),
                    done.docs,
                    plural(done.docs)
                ));
            }
            Err(refusals) => {
                let listed: Vec<String> = refusals.iter().take(3).map(ToString::to_string).collect();
                let more = refusals.len().saturating_sub(listed.len());
                let more = if more > 0 { format!("; and {more} more") } else { String::new() };
                self.refuse(format!(
                    "Nothing labelled: {} occurrence{} of “{name}” cannot be {label}: {}{more}.",
                    refusals.len(),
                    plural(refusals.len()),
                    listed.join("; ")
                ));
            }
        }
    }

    fn schema_result(&mut self, result: Result<(), nomen_session::SchemaError>, ok: String) {
        match result {
            Ok(()) => self.info(ok),
            Err(err) => self.refuse(capitalise(&err.to_string())),
        }
    }
}

/// "s" after a count other than one.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The text with its first letter capitalised.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nomen_session::DocStatus;

    const TEXT: &str = "Prime Minister Fayez al-Sarraj met Khalifa Haftar in Rome on Tuesday.";

    fn run(mut state: AppState, actions: Vec<Action>) -> AppState {
        for action in actions {
            state = (*Rc::new(state).reduce(action)).clone();
        }
        state
    }

    /// A state with TEXT added and pre-annotated with PERSON "Khalifa Haftar" and GPE "Rome".
    /// TEXT added as a document, the extractor ready, and the id of the document that awaits it.
    fn awaiting() -> (AppState, String) {
        let state = run(
            AppState::new(Workspace::default(), TEXT.into(), None),
            vec![Action::AddDraft, Action::ExtractorReady { name: "test".into(), learned: 0, remembered: 0 }],
        );
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().expect("the new document awaits the extractor");
        (state, doc)
    }

    fn annotated() -> AppState {
        let (state, doc) = awaiting();
        run(
            state,
            vec![Action::ExtractRequested(vec![(7, doc)]), extracted(7, vec![Span::new(35, 49, "PERSON"), Span::new(53, 57, "GPE")])],
        )
    }

    fn extracted(request: u32, spans: Vec<Span>) -> Action {
        Action::Extracted(vec![Extraction { request, spans: certain(spans), millis: 1.0 }])
    }

    /// Spans as the worker sends them, without a margin.
    fn certain(spans: Vec<Span>) -> Vec<crate::protocol::Found> {
        spans.into_iter().map(|span| crate::protocol::Found { span, margin: None }).collect()
    }

    /// `n` documents `d0`, `d1`… ("Rome 0.", …) opened from one file, with `open` the current one.
    fn imported(n: usize, open: &str) -> AppState {
        let docs: Vec<Document> = (0..n).map(|i| Document { id: Some(format!("d{i}")), ..Document::new(format!("Rome {i}.")) }).collect();
        run(
            AppState::new(Workspace::default(), String::new(), None),
            vec![
                Action::Import { source: "docs.jsonl".into(), docs, notes: vec![], patterns: vec![], clusters: vec![] },
                Action::Open(open.into()),
            ],
        )
    }

    fn spans(state: &AppState) -> Vec<(usize, usize, String)> {
        state.ws.current().unwrap().spans().iter().map(|s| (s.start, s.end, s.label.clone())).collect()
    }

    #[test]
    fn a_new_article_is_asked_for_once_and_pre_annotated() {
        let state = run(AppState::new(Workspace::default(), TEXT.into(), None), vec![Action::AddDraft]);
        assert_eq!(state.draft, "");
        assert_eq!(state.awaiting_extraction(usize::MAX).len(), 1);
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().unwrap();
        let state = run(state, vec![Action::ExtractRequested(vec![(1, doc)])]);
        assert!(state.awaiting_extraction(usize::MAX).is_empty(), "not asked twice");
        let state = annotated();
        assert_eq!(state.ws.current().unwrap().status(), DocStatus::PreAnnotated);
        assert_eq!(spans(&state).len(), 2);
    }

    #[test]
    fn learning_on_demand_queues_the_document_and_leaves_its_status() {
        let state = run(annotated(), vec![Action::LearnNow]);
        assert_eq!(state.learn_queue.len(), 1);
        assert_eq!(state.learn_queue[0].spans.len(), 2);
        assert_eq!(state.ws.current().unwrap().status(), DocStatus::PreAnnotated, "not marked done");
        let empty = run(AppState::new(Workspace::default(), String::new(), None), vec![Action::LearnNow]);
        assert!(empty.learn_queue.is_empty(), "nothing to learn from");
    }

    #[test]
    fn marking_done_queues_learning_and_learning_re_annotates_untouched_documents() {
        let state = run(annotated(), vec![Action::EditDraft("Misrata".into()), Action::AddDraft, Action::PrevDoc, Action::MarkDone]);
        assert_eq!(state.learn_queue.len(), 1);
        assert_eq!(state.learn_queue[0].spans.len(), 2);
        let state = run(state, vec![Action::LearnSent]);
        assert!(state.learn_queue.is_empty());
        // "Misrata" awaits its first extraction; pretend it was pre-annotated.
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().unwrap();
        let state = run(state, vec![Action::ExtractRequested(vec![(20, doc.clone())]), extracted(20, vec![])]);
        assert!(state.awaiting_extraction(usize::MAX).is_empty());
        let state = run(state, vec![Action::Learned { names: 3, remembered: 3, learned: 1 }]);
        assert_eq!(state.learned, 1);
        let again: Vec<String> = state.awaiting_extraction(usize::MAX).into_iter().map(|(id, _)| id).collect();
        assert_eq!(again, vec![doc.clone()], "only the untouched document, not the done one");
        // The progress counts it as waiting until its answer comes, not only until it is asked for.
        assert_eq!(state.annotation_progress(), Some((1, 2)));
        let asked = run(state, vec![Action::ExtractRequested(vec![(21, doc.clone())])]);
        assert_eq!(asked.annotation_progress(), Some((1, 2)), "asked for, not yet annotated again");
        let answered = run(asked, vec![extracted(21, vec![])]);
        assert_eq!(answered.annotation_progress(), None);
    }

    #[test]
    fn label_all_occurrences_reaches_every_document_and_is_remembered() {
        let state = run(
            annotated(),
            vec![
                Action::EditDraft("Khalifa Haftar and Rome; Rome again.".into()),
                Action::AddDraft,
                Action::PrevDoc,
                Action::SelectSpan(Some((53, 57))),
                Action::LabelAllOccurrences,
            ],
        );
        let second = state.ws.docs()[1].spans().to_vec();
        assert_eq!(second, vec![Span::new(19, 23, "GPE"), Span::new(25, 29, "GPE")]);
        assert_eq!(state.pattern_queue, vec!["{\"label\":\"GPE\",\"pattern\":\"Rome\"}\n".to_string()]);
        assert!(state.message.unwrap().text.starts_with("Labelled 2 more occurrences of “Rome” as GPE in 1 document"));
    }

    #[test]
    fn answers_to_unknown_requests_change_nothing() {
        let before = annotated();
        let after = run(before.clone(), vec![extracted(99, vec![])]);
        assert_eq!(spans(&after), spans(&before));
    }

    #[test]
    fn a_hotkey_labels_the_selection_snapped_to_tokens() {
        let state = run(annotated(), vec![Action::Hotkey { key: '9', selection: Some((62, 65)), snap: SnapMode::Expand }]);
        assert!(spans(&state).contains(&(61, 68, "DATE".into())), "{:?}", spans(&state));
        assert_eq!(state.selected, Some((61, 68)));
        let exact = run(annotated(), vec![Action::Hotkey { key: '9', selection: Some((62, 65)), snap: SnapMode::Exact }]);
        assert!(spans(&exact).contains(&(62, 65, "DATE".into())));
    }

    #[test]
    fn a_text_selection_wins_over_the_selected_span() {
        let state = run(
            annotated(),
            vec![Action::SelectSpan(Some((53, 57))), Action::Hotkey { key: '9', selection: Some((61, 68)), snap: SnapMode::Expand }],
        );
        assert!(spans(&state).contains(&(53, 57, "GPE".into())), "Rome keeps its label");
        assert!(spans(&state).contains(&(61, 68, "DATE".into())));
        let relabelled = run(
            annotated(),
            vec![Action::SelectSpan(Some((53, 57))), Action::Hotkey { key: '3', selection: None, snap: SnapMode::Expand }],
        );
        assert!(spans(&relabelled).contains(&(53, 57, "ORG".into())));
    }

    #[test]
    fn an_overlap_is_refused_with_its_reason_and_changes_nothing() {
        let before = annotated();
        let after = run(before.clone(), vec![Action::Hotkey { key: '1', selection: Some((31, 40)), snap: SnapMode::Expand }]);
        assert_eq!(spans(&after), spans(&before));
        let message = after.message.unwrap();
        assert!(message.error && message.text.contains("overlaps “Khalifa Haftar” (PERSON)"), "{}", message.text);
    }

    #[test]
    fn dragging_an_end_snaps_to_the_token_under_the_mouse() {
        let state =
            run(annotated(), vec![Action::SelectSpan(Some((35, 49))), Action::DragBoundary { boundary: Boundary::End, offset: 51 }]);
        assert!(spans(&state).contains(&(35, 52, "PERSON".into())), "{:?}", spans(&state));
        let backwards =
            run(annotated(), vec![Action::SelectSpan(Some((35, 49))), Action::DragBoundary { boundary: Boundary::End, offset: 30 }]);
        assert!(backwards.message.unwrap().error);
    }

    #[test]
    fn undo_restores_and_mark_done_moves_on() {
        let state = run(annotated(), vec![Action::SelectSpan(Some((53, 57))), Action::DeleteSelected]);
        assert_eq!(spans(&state).len(), 1);
        let state = run(state, vec![Action::Undo]);
        assert_eq!(spans(&state).len(), 2);
        let state = run(state, vec![Action::EditDraft("Misrata".into()), Action::AddDraft, Action::PrevDoc, Action::MarkDone]);
        assert_eq!(state.ws.progress().done, 1);
        assert_eq!(state.ws.current().unwrap().text(), "Misrata", "on to the next document to do");
    }

    #[test]
    fn undoing_the_pre_annotation_keeps_redo_and_does_not_ask_the_extractor_again() {
        let state = run(
            annotated(),
            vec![
                Action::Hotkey { key: '9', selection: Some((61, 68)), snap: SnapMode::Expand },
                Action::SelectSpan(Some((53, 57))),
                Action::DeleteSelected,
                Action::Undo,
                Action::Undo,
                Action::Undo,
            ],
        );
        assert!(spans(&state).is_empty(), "the pre-annotation is undone");
        assert_eq!(state.ws.current().unwrap().status(), DocStatus::New);
        assert!(state.awaiting_extraction(usize::MAX).is_empty(), "not sent to the extractor again");
        // A late answer for it (asked before the undo) is dropped too.
        let state = run(state, vec![Action::Undo]);
        assert_eq!(state.message.as_ref().unwrap().text, "Nothing to undo");
        assert!(state.awaiting_extraction(usize::MAX).is_empty(), "still not asked after a refused undo");
        let state = run(state, vec![Action::Redo, Action::Redo, Action::Redo]);
        assert_eq!(spans(&state), vec![(35, 49, "PERSON".into()), (61, 68, "DATE".into())], "redo brings back every step");
        assert_eq!(run(state, vec![Action::Redo]).message.unwrap().text, "Nothing to redo");
        // Asked again on purpose (e), the extractor answers as for a new document.
        let state = run(annotated(), vec![Action::Undo, Action::Extract]);
        assert_eq!(state.awaiting_extraction(usize::MAX).len(), 1);
    }

    #[test]
    fn an_answer_arriving_after_the_pre_annotation_was_undone_is_dropped() {
        let state = run(annotated(), vec![Action::Learned { names: 1, remembered: 1, learned: 1 }]);
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().expect("untouched: annotated again");
        let state = run(state, vec![Action::ExtractRequested(vec![(30, doc)]), Action::Undo]);
        let state = run(state, vec![extracted(30, vec![Span::new(53, 57, "GPE")])]);
        assert!(spans(&state).is_empty());
        assert!(state.ws.current().unwrap().can_redo(), "redo survives the late answer");
    }

    #[test]
    fn documents_already_here_are_added_only_when_asked() {
        let doc = |id: &str, text: &str| Document { id: Some(id.into()), ..Document::new(text) };
        let open = |docs| Action::Import { source: "a.jsonl".into(), docs, notes: vec![], patterns: vec![], clusters: vec![] };
        let state = run(AppState::new(Workspace::default(), String::new(), None), vec![open(vec![doc("a", "Rome."), doc("b", "Paris.")])]);
        let state = run(state, vec![open(vec![doc("a", "Rome."), doc("b", "Paris, again."), doc("c", "Oslo.")])]);
        let ids: Vec<&str> = state.ws.docs().iter().map(|d| d.id()).collect();
        assert_eq!(ids, vec!["a", "b", "b-2", "c"], "same id and text: held back; same id, other text: added");
        let message = state.message.clone().unwrap().text;
        assert!(message.starts_with("Opened 2 documents from a.jsonl. 1 was already here (same id and text)"), "{message}");
        assert_eq!(state.duplicates.as_deref().map(|(_, d)| d.len()), Some(1));
        let added = run(state.clone(), vec![Action::AddDuplicates]);
        assert_eq!(added.ws.docs().len(), 5);
        assert_eq!(added.ws.docs()[4].id(), "a-2");
        assert!(added.duplicates.is_none());
        let dismissed = run(state, vec![Action::DismissDuplicates]);
        assert_eq!(dismissed.ws.docs().len(), 4);
        assert!(dismissed.duplicates.is_none());
    }

    #[test]
    fn a_removed_document_is_gone_and_answers_for_it_are_dropped_quietly() {
        let state = run(
            AppState::new(Workspace::default(), TEXT.into(), None),
            vec![Action::AddDraft, Action::EditDraft("Misrata".into()), Action::AddDraft],
        );
        let asked = state.awaiting_extraction(usize::MAX);
        let state = run(state, vec![Action::ExtractRequested(vec![(1, asked[0].0.clone())]), Action::RemoveDocument(asked[0].0.clone())]);
        assert_eq!(state.ws.docs().len(), 1);
        assert!(state.message.as_ref().unwrap().text.starts_with("Removed “Misrata” (0 spans) — Undo (Ctrl+Z) brings it back."));
        let state = run(state, vec![extracted(1, vec![Span::new(53, 57, "GPE")])]);
        assert!(state.message.as_ref().unwrap().text.starts_with("Removed “Misrata”"), "no word about the dropped answer");
        assert!(!state.message.unwrap().error);
    }

    /// Ctrl+Z after a removal brings the document back at its place; once
    /// the analyst has edited since, Ctrl+Z is the current document's again.
    #[test]
    fn undo_after_a_removal_restores_the_document_at_its_place() {
        let state = run(
            annotated(),
            vec![Action::EditDraft("Misrata".into()), Action::AddDraft, Action::EditDraft("Sirte".into()), Action::AddDraft],
        );
        let ids: Vec<String> = state.ws.docs().iter().map(|d| d.id().to_string()).collect();
        let state = run(state, vec![Action::Open(ids[0].clone()), Action::SelectSpan(Some((35, 49))), Action::DeleteSelected]);
        let before = state.ws.clone();
        let state = run(state, vec![Action::RemoveDocument(ids[0].clone()), Action::NextDoc]);
        assert_eq!(state.ws.docs().len(), 2);
        let state = run(state, vec![Action::Undo]);
        assert_eq!(
            state.message.as_ref().unwrap().text,
            "Restored “Prime Minister Fayez al-Sarraj met Khalifa Haftar in Rome on…” at its place."
        );
        assert_eq!(state.ws, before, "back first, with its spans, and current again");
        let state = run(state, vec![Action::Undo]);
        assert_eq!(spans(&state).len(), 2, "then Ctrl+Z undoes its own last edit (the deletion)");

        // Two removals come back newest first.
        let state = run(state, vec![Action::RemoveDocument(ids[1].clone()), Action::RemoveDocument(ids[2].clone()), Action::Undo]);
        assert!(state.message.as_ref().unwrap().text.ends_with("Ctrl+Z again brings back the one removed before it."));
        let state = run(state, vec![Action::Undo]);
        let back: Vec<&str> = state.ws.docs().iter().map(|d| d.id()).collect();
        assert_eq!(back, ids.iter().map(String::as_str).collect::<Vec<_>>());

        // An edit after the removal: Ctrl+Z undoes the edit, and the removal stays.
        let state = run(state, vec![Action::RemoveDocument(ids[2].clone()), Action::Open(ids[0].clone()), Action::AcceptAll, Action::Undo]);
        assert_eq!(state.ws.docs().len(), 2);
        assert!(state.ws.last_removed().is_none());
    }

    /// The document whose pre-annotation was undone is still held after a reload.
    #[test]
    fn an_undone_pre_annotation_is_not_asked_for_again_after_a_reload() {
        let state = run(annotated(), vec![Action::Undo]);
        assert!(state.ws.current().unwrap().held());
        let reloaded = Workspace::from_json(&state.ws.to_json()).unwrap();
        let fresh = run(
            AppState::new(Workspace::default(), String::new(), None),
            vec![
                Action::Restored { workspace: Box::new(reloaded), problem: None },
                Action::ExtractorReady { name: "test".into(), learned: 0, remembered: 0 },
            ],
        );
        assert!(fresh.awaiting_extraction(usize::MAX).is_empty());
        assert_eq!(fresh.annotation_progress(), None);
        let asked = run(fresh, vec![Action::Extract]);
        assert_eq!(asked.awaiting_extraction(usize::MAX).len(), 1, "e asks again");
        assert!(Workspace::from_json(&asked.ws.to_json()).unwrap().docs().iter().all(|d| !d.held()), "and that is saved");
    }

    #[test]
    fn a_failed_request_names_its_document_which_waits_until_asked_again() {
        let state = run(AppState::new(Workspace::default(), TEXT.into(), None), vec![Action::AddDraft]);
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().unwrap();
        let state = run(
            state,
            vec![
                Action::ExtractRequested(vec![(3, doc.clone())]),
                Action::RequestFailed { request: Some(3), message: "out of memory".into() },
            ],
        );
        let message = state.message.clone().unwrap();
        assert!(message.error && message.text.contains(&format!("could not annotate {doc}: out of memory")), "{}", message.text);
        assert!(state.in_flight.is_empty());
        assert!(state.awaiting_extraction(usize::MAX).is_empty(), "not retried in a loop");
        let state = run(state, vec![Action::Extract]);
        assert_eq!(state.awaiting_extraction(usize::MAX).len(), 1, "asked again on request");
        let other = run(state, vec![Action::RequestFailed { request: None, message: "patterns: line 2".into() }]);
        assert_eq!(other.message.unwrap().text, "The extractor: patterns: line 2");
    }

    #[test]
    fn the_next_look_for_waiting_documents_starts_after_the_last_asked_for() {
        let state = run(imported(6, "d0"), vec![Action::ExtractRequested(vec![(1, "d0".into()), (2, "d2".into())])]);
        let ids = |state: &AppState| state.awaiting_extraction(usize::MAX).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(ids(&state), ["d3", "d4", "d5", "d1"], "from the cursor on, and none lost behind it");
        let moved = run(state.clone(), vec![Action::Open("d4".into())]);
        assert_eq!(ids(&moved), ["d4", "d5", "d1", "d3"], "the analyst moved to a waiting document: from it");
        let moved = run(state.clone(), vec![Action::Open("d2".into())]);
        assert_eq!(ids(&moved), ["d3", "d4", "d5", "d1"], "to one already asked for: on from the cursor");
        assert_eq!(state.annotation_progress(), Some((0, 6)));
    }

    #[test]
    fn extraction_starts_at_the_current_document_and_progress_is_counted() {
        let state = imported(5, "d3");
        let first: Vec<String> = state.awaiting_extraction(3).into_iter().map(|(id, _)| id).collect();
        assert_eq!(first, vec!["d3", "d4", "d0"]);
        assert_eq!(state.annotation_progress(), Some((0, 5)));
        let state = run(
            state,
            vec![
                Action::ExtractRequested(vec![(1, "d3".into()), (2, "d4".into())]),
                Action::Extracted(vec![
                    Extraction { request: 1, spans: certain(vec![Span::new(0, 4, "GPE")]), millis: 1.0 },
                    Extraction { request: 2, spans: vec![], millis: 1.0 },
                ]),
            ],
        );
        assert_eq!(state.annotation_progress(), Some((2, 5)));
        let next: Vec<String> = state.awaiting_extraction(usize::MAX).into_iter().map(|(id, _)| id).collect();
        assert_eq!(next, vec!["d0", "d1", "d2"]);
    }

    #[test]
    fn a_keyboard_only_correction_with_the_token_cursor() {
        // Prime Minister Fayez al-Sarraj met Khalifa Haftar in Rome on Tuesday.
        let cursor = |from, forward, extend| Action::Cursor { from, forward, extend };
        let state = run(annotated(), vec![Action::NextSpan, Action::DeleteSelected]);
        assert_eq!(spans(&state), vec![(53, 57, "GPE".into())]);
        assert_eq!(state.selected, Some((53, 57)), "after Delete the next span is selected");
        // From Rome: the next word is "on", then "Tuesday".
        let state = run(state, vec![cursor(None, true, false), cursor(None, true, false)]);
        assert_eq!(state.cursor, Some((61, 68)));
        assert_eq!(state.selected, None);
        assert!(state.message.as_ref().unwrap().text.starts_with("“Tuesday”"));
        let at = state.cursor;
        let state = run(state, vec![Action::Hotkey { key: '9', selection: at, snap: SnapMode::Expand }]);
        assert!(spans(&state).contains(&(61, 68, "DATE".into())));
        assert_eq!((state.selected, state.cursor), (Some((61, 68)), None));
        // Back to "Khalifa", grown to "Khalifa Haftar", labelled PERSON again.
        let state = run(state, vec![cursor(Some((35, 42)), true, true)]);
        assert_eq!(state.cursor, Some((35, 49)));
        let state = run(
            state,
            vec![
                cursor(None, true, true),
                cursor(None, false, true),
                Action::Hotkey { key: '1', selection: Some((35, 49)), snap: SnapMode::Expand },
            ],
        );
        assert!(spans(&state).contains(&(35, 49, "PERSON".into())));
        // At the edges the cursor stays, and says so.
        let start = run(annotated(), vec![cursor(Some((0, 5)), false, false)]);
        assert_eq!(start.message.unwrap().text, "The start of the document.");
        let shrink = run(annotated(), vec![cursor(Some((0, 5)), false, true)]);
        assert!(shrink.message.unwrap().error);
    }

    /// Two documents naming Haftar three ways, pre-annotated. Two full names
    /// end in Haftar, so the surname alone is not linked to either.
    fn haftar_twice() -> AppState {
        let state = annotated();
        let second = "Hafter’s forces and Haftar’s allies; Misrata; Saddam Haftar.";
        let state = run(state, vec![Action::EditDraft(second.into()), Action::AddDraft]);
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().unwrap();
        run(
            state,
            vec![
                Action::ExtractRequested(vec![(8, doc)]),
                extracted(
                    8,
                    vec![Span::new(0, 6, "PERSON"), Span::new(20, 26, "PERSON"), Span::new(37, 44, "GPE"), Span::new(46, 59, "PERSON")],
                ),
            ],
        )
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aliases_are_proposed_confirmed_and_split_through_actions() {
        let state = haftar_twice();
        let proposals = state.alias_proposals();
        assert_eq!(proposals.len(), 1, "{proposals:?}");
        assert_eq!(proposals[0].label, "PERSON");
        assert_eq!(proposals[0].members, vec![("Haftar".to_string(), 1), ("Hafter".to_string(), 1)]);
        assert!(state.confirmed_aliases().is_empty());

        let generation = state.ws.generation();
        let state = run(state, vec![Action::ConfirmAliases { label: "PERSON".into(), names: proposals[0].names() }]);
        assert!(state.ws.generation() > generation, "a decision is saved like any change");
        assert!(state.alias_proposals().is_empty());
        let confirmed = state.confirmed_aliases();
        assert_eq!(
            confirmed,
            vec![ConfirmedCluster {
                kb_id: "PERSON:Haftar".into(),
                label: "PERSON".into(),
                members: vec![("Haftar".into(), 1), ("Hafter".into(), 1)]
            }]
        );
        assert!(state.ws.export_jsonl().contains("\"kb_id\":\"PERSON:Haftar\""));
        assert!(state.message.as_ref().unwrap().text.contains("kb_id “PERSON:Haftar”"));

        // The cluster and the decisions survive the autosave.
        let reloaded = Workspace::from_json(&state.ws.to_json()).unwrap();
        assert_eq!(reloaded.aliases(), state.ws.aliases());

        let state = run(state, vec![Action::SplitAlias { kb_id: "PERSON:Haftar".into(), name: "Hafter".into() }]);
        assert!(state.confirmed_aliases().is_empty());
        assert!(state.alias_proposals().is_empty(), "what was split is not proposed again");
        assert!(!state.ws.export_jsonl().contains("kb_id"));
        let refused = run(state, vec![Action::SplitAlias { kb_id: "PERSON:Haftar".into(), name: "Hafter".into() }]);
        assert!(refused.message.unwrap().error);
    }

    #[test]
    fn dismissed_proposals_and_dropped_variants_stay_decided() {
        let dismissed = run(haftar_twice(), vec![Action::DismissAliases { label: "PERSON".into(), names: names(&["Haftar", "Hafter"]) }]);
        assert!(dismissed.alias_proposals().is_empty());
        let dropped = run(
            haftar_twice(),
            vec![Action::DropAliasVariant { label: "PERSON".into(), name: "Hafter".into(), others: names(&["Haftar"]) }],
        );
        assert!(dropped.alias_proposals().is_empty());
        let removed = run(
            haftar_twice(),
            vec![
                Action::ConfirmAliases { label: "PERSON".into(), names: names(&["Haftar", "Hafter"]) },
                Action::RemoveAliasCluster("PERSON:Haftar".into()),
            ],
        );
        assert!(removed.confirmed_aliases().is_empty());
        assert!(removed.alias_proposals().is_empty());
        assert!(removed.message.unwrap().text.starts_with("Removed PERSON:Haftar"));
    }

    /// An extractor's answer with margins: (start, end, label, margin).
    fn scored(request: u32, spans: &[(usize, usize, &str, Option<f32>)]) -> Extraction {
        let spans = spans.iter().map(|&(s, e, l, margin)| crate::protocol::Found { span: Span::new(s, e, l), margin }).collect();
        Extraction { request, spans, millis: 1.0 }
    }

    #[test]
    fn an_answer_does_not_hide_a_refusal() {
        let (state, doc) = awaiting();
        let answer = scored(7, &[(0, 14, "TITLE", Some(3.0))]);
        let refused = Action::Fail("empty.txt: the file is empty".into());
        let state = run(state, vec![Action::ExtractRequested(vec![(7, doc)]), refused, Action::Extracted(vec![answer])]);
        let message = state.message.as_ref().unwrap();
        assert!(message.error && message.text.starts_with("empty.txt"), "{message:?}");
        assert_eq!(state.ws.current().unwrap().spans().len(), 1, "the answer is applied all the same");
    }

    #[test]
    fn uncertain_spans_are_kept_until_edited_and_u_goes_through_them() {
        let (state, doc) = awaiting();
        let answer = scored(
            7,
            &[
                (0, 14, "TITLE", Some(3.0)),
                (15, 30, "PERSON", Some(40.0)),
                (35, 49, "PERSON", Some(0.4)),
                (53, 57, "GPE", None),
                (61, 68, "DATE", Some(12.0)),
            ],
        );
        let state = run(state, vec![Action::ExtractRequested(vec![(7, doc)]), Action::Extracted(vec![answer])]);
        assert_eq!(state.message.as_ref().unwrap().text, "5 entities found in 1 ms. 3 uncertain (tinted; u goes to them).");
        let margins = |state: &AppState| state.ws.current().unwrap().confidence().margins().to_vec();
        assert_eq!(margins(&state).len(), 4, "a span with no margin (a taught name) is certain");

        let u = Action::NextUncertain { forward: true };
        let state = run(state, vec![Action::NextUncertain { forward: true }]);
        assert_eq!(state.selected, Some((0, 14)));
        assert!(state.message.as_ref().unwrap().text.starts_with("Uncertain TITLE “Prime Minister” (3 uncertain spans left here)"));
        let state = run(state, vec![u]);
        assert_eq!(state.selected, Some((35, 49)), "the confident Fayez al-Sarraj is skipped");
        let state = run(state, vec![Action::NextUncertain { forward: true }, Action::NextUncertain { forward: true }]);
        assert_eq!(state.selected, Some((0, 14)), "wraps around");
        let state = run(state, vec![Action::NextUncertain { forward: false }]);
        assert_eq!(state.selected, Some((61, 68)), "Shift+U wraps backwards");

        // Relabelling it (5: LOC) makes it certain; u goes on from there.
        let state = run(state, vec![Action::Hotkey { key: '5', selection: None, snap: SnapMode::Expand }]);
        assert_eq!(spans(&state)[4], (61, 68, "LOC".to_string()));
        assert_eq!(state.ws.current().unwrap().confidence().margin(61, 68), None);
        let state = run(state, vec![Action::NextUncertain { forward: true }]);
        assert_eq!(state.selected, Some((0, 14)));
        // From the token cursor too.
        let state = run(state, vec![Action::Escape, Action::Cursor { from: Some((50, 52)), forward: true, extend: false }]);
        assert_eq!(state.cursor, Some((53, 57)));
        let state = run(state, vec![Action::NextUncertain { forward: false }]);
        assert_eq!((state.selected, state.cursor), (Some((35, 49)), None));

        // Marking the document done confirms the rest.
        let state = run(state, vec![Action::MarkDone, Action::NextUncertain { forward: true }]);
        assert!(margins(&state).is_empty());
        assert!(state.message.as_ref().unwrap().text.starts_with("No uncertain span left in this document"));
    }

    #[test]
    fn a_late_answer_brings_no_margins_to_an_edited_document() {
        let state = run(AppState::new(Workspace::default(), TEXT.into(), None), vec![Action::AddDraft]);
        let (doc, _) = state.awaiting_extraction(usize::MAX).pop().unwrap();
        let state = run(
            state,
            vec![
                Action::ExtractRequested(vec![(7, doc)]),
                Action::ApplyLabel { label: "GPE".into(), selection: Some((53, 57)), snap: SnapMode::Exact },
                Action::Extracted(vec![scored(7, &[(35, 49, "PERSON", Some(0.4))])]),
            ],
        );
        assert_eq!(spans(&state), vec![(53, 57, "GPE".to_string())], "the analyst's work stays");
        assert!(state.ws.current().unwrap().confidence().is_empty());
    }

    #[test]
    fn the_list_orders_least_certain_first_and_n_p_and_d_follow_it() {
        let texts = ["Rome and Paris.", "Haftar met Conte.", "Nothing here."];
        let docs: Vec<Document> =
            texts.iter().enumerate().map(|(i, t)| Document { id: Some(format!("d{i}")), ..Document::new(*t) }).collect();
        let state = run(
            AppState::new(Workspace::default(), String::new(), None),
            vec![Action::Import { source: "three.jsonl".into(), docs, notes: vec![], patterns: vec![], clusters: vec![] }],
        );
        let asked: Vec<(u32, String)> =
            state.awaiting_extraction(usize::MAX).into_iter().enumerate().map(|(i, (id, _))| (i as u32, id)).collect();
        let request = |doc: &str| asked.iter().find(|(_, id)| id == doc).unwrap().0;
        let state = run(
            state,
            vec![
                Action::ExtractRequested(asked.clone()),
                Action::Extracted(vec![
                    scored(request("d0"), &[(0, 4, "GPE", Some(0.5)), (9, 14, "GPE", Some(30.0))]),
                    scored(request("d1"), &[(0, 6, "PERSON", Some(2.0)), (11, 16, "PERSON", Some(1.0))]),
                    scored(request("d2"), &[]),
                ]),
            ],
        );
        let order = |state: &AppState| state.ordered_docs().iter().map(|d| d.id().to_string()).collect::<Vec<_>>();
        assert_eq!(order(&state), ["d0", "d1", "d2"], "as opened");
        let state = run(state, vec![Action::SetDocOrder(DocOrder::LeastCertainFirst), Action::Open("d1".into())]);
        assert_eq!(order(&state), ["d1", "d0", "d2"], "two uncertain spans, one, none");
        let state = run(state, vec![Action::NextDoc]);
        assert_eq!(state.ws.current_id(), Some("d0"));
        let state = run(state, vec![Action::NextDoc, Action::NextDoc]);
        assert_eq!(state.ws.current_id(), Some("d2"));
        assert_eq!(state.message.as_ref().unwrap().text, "No more documents that way.");
        let state = run(state, vec![Action::PrevDoc]);
        assert_eq!(state.ws.current_id(), Some("d0"));
        // Done in d1 goes on to the next in this order; d1 keeps its place.
        let state = run(state, vec![Action::Open("d1".into()), Action::MarkDone]);
        assert_eq!(state.ws.current_id(), Some("d0"));
        assert_eq!(order(&state), ["d1", "d0", "d2"]);
        let state = run(state, vec![Action::SetDocOrder(DocOrder::AsOpened), Action::NextDoc]);
        assert_eq!(state.ws.current_id(), Some("d1"));
        assert_eq!(DocOrder::from_name(DocOrder::LeastCertainFirst.as_str()), Some(DocOrder::LeastCertainFirst));
        assert_eq!(DocOrder::from_name("sideways"), None);
    }
}
