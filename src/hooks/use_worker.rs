//! The extractor's Web Worker as a hook. It starts the worker once, gives
//! every request a unique id from one counter (the answer echoes it, see
//! `protocol.rs`), sends what the state asks for (documents to annotate, at
//! most [`EXTRACTIONS_IN_FLIGHT`] at a time; documents to learn from;
//! patterns), and turns the worker's messages into actions. Extraction
//! answers are handed to the reducer in batches, one action per
//! [`BATCH_MILLIS`], so 5,000 answers are a few hundred state changes and
//! renders, not 5,000.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::bridge::Bridge;
use crate::download::{download, download_bytes};
use crate::protocol::{Request, Response};
use crate::state::{Action, AppState, Extraction, EXTRACTIONS_IN_FLIGHT};

/// How long extraction answers are gathered before the reducer gets them.
pub const BATCH_MILLIS: u32 = 60;
/// The file "Export names" downloads.
const PATTERNS_FILE: &str = "nomen-names.patterns.jsonl";
/// The file "Export model" downloads.
const MODEL_FILE: &str = "nomen-learned.model";

/// The page's end of the worker: sends requests, each with a fresh id.
#[derive(Clone)]
pub struct WorkerHandle {
    bridge: Rc<RefCell<Option<Bridge>>>,
    next_id: Rc<Cell<u32>>,
}

impl PartialEq for WorkerHandle {
    fn eq(&self, other: &WorkerHandle) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

impl WorkerHandle {
    /// Sends the request `make` builds around a fresh id, and returns that id.
    pub fn send(&self, make: impl FnOnce(u32) -> Request) -> Result<u32, String> {
        let bridge = self.bridge.borrow();
        let bridge = bridge.as_ref().ok_or("the extractor worker is not running")?;
        let id = self.next_id.get();
        self.next_id.set(id.checked_add(1).unwrap_or(1));
        bridge.send(&make(id))?;
        Ok(id)
    }
}

/// Extraction answers waiting for the next batch.
struct Batcher {
    answers: RefCell<Vec<Extraction>>,
    scheduled: Cell<bool>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl Batcher {
    fn push(self: &Rc<Self>, answer: Extraction) {
        self.answers.borrow_mut().push(answer);
        if !self.scheduled.replace(true) {
            let me = self.clone();
            gloo::timers::callback::Timeout::new(BATCH_MILLIS, move || me.flush()).forget();
        }
    }

    fn flush(&self) {
        self.scheduled.set(false);
        let answers = std::mem::take(&mut *self.answers.borrow_mut());
        if !answers.is_empty() {
            self.dispatch.dispatch(Action::Extracted(answers));
        }
    }
}

fn on_response(dispatch: UseReducerDispatcher<AppState>, batcher: Rc<Batcher>) -> Callback<Response> {
    Callback::from(move |response| {
        let action = match response {
            Response::Extracted { id, spans, millis } => return batcher.push(Extraction { request: id, spans, millis }),
            Response::Loading { loaded, total } => Action::ExtractorLoading(if total > 0.0 { loaded / total } else { 0.0 }),
            Response::Ready { extractor, learned, remembered } => Action::ExtractorReady { name: extractor, learned, remembered },
            Response::Reset { extractor, .. } => Action::ModelReset { name: extractor },
            Response::PatternsAdded { added, remembered, .. } => Action::PatternsAdded { added, remembered },
            Response::Learned { names, remembered, learned, .. } => Action::Learned { names, remembered, learned },
            Response::Patterns { jsonl, .. } => match download(PATTERNS_FILE, "application/jsonl", &jsonl) {
                Ok(()) => Action::Notify(format!(
                    "Learned names exported as Prodigy patterns: use them with `nomen extract --patterns {PATTERNS_FILE}`."
                )),
                Err(message) => Action::Fail(message),
            },
            Response::ModelFile { bytes, .. } => match download_bytes(MODEL_FILE, "application/octet-stream", &bytes) {
                Ok(()) => {
                    Action::Notify(format!("The model with what it learned is exported: use it with `nomen extract --model {MODEL_FILE}`."))
                }
                Err(message) => Action::Fail(message),
            },
            Response::Failed { id, message } => {
                // Answers that came before the failure are the reducer's first.
                batcher.flush();
                Action::RequestFailed { request: id, message }
            }
        };
        dispatch.dispatch(action);
    })
}

#[hook]
pub fn use_worker(state: &UseReducerHandle<AppState>) -> WorkerHandle {
    let handle = (*use_memo((), |_| WorkerHandle { bridge: Rc::new(RefCell::new(None)), next_id: Rc::new(Cell::new(1)) })).clone();

    // Started once.
    {
        let (bridge, dispatch) = (handle.bridge.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let batcher = Rc::new(Batcher { answers: RefCell::default(), scheduled: Cell::new(false), dispatch: dispatch.clone() });
            match Bridge::start(on_response(dispatch.clone(), batcher)) {
                Ok(started) => *bridge.borrow_mut() = Some(started),
                Err(message) => dispatch.dispatch(Action::Fail(message)),
            }
        });
    }

    // Documents awaiting the extractor, a window at a time, from the current one on.
    {
        let (state, handle) = (state.clone(), handle.clone());
        let deps = (state.ws.generation(), state.extractor.is_some(), state.in_flight.len(), state.stale.len(), state.held.len());
        use_effect_with(deps, move |&(_, ready, in_flight, _, _)| {
            if ready && in_flight < EXTRACTIONS_IN_FLIGHT {
                let mut sent = Vec::new();
                for (doc, text) in state.awaiting_extraction(EXTRACTIONS_IN_FLIGHT - in_flight) {
                    match handle.send(|id| Request::Extract { id, text }) {
                        Ok(id) => sent.push((id, doc)),
                        Err(message) => {
                            state.dispatch(Action::Fail(message));
                            break;
                        }
                    }
                }
                if !sent.is_empty() {
                    state.dispatch(Action::ExtractRequested(sent));
                }
            }
        });
    }

    // Documents marked done (or "Learn now") go to the worker to learn from.
    {
        let (state, handle) = (state.clone(), handle.clone());
        use_effect_with((state.learn_queue.len(), state.extractor.is_some()), move |&(queued, ready)| {
            if queued > 0 && ready {
                for doc in &state.learn_queue {
                    if let Err(message) = handle.send(|id| Request::Learn { id, doc: doc.clone() }) {
                        state.dispatch(Action::Fail(message));
                    }
                }
                state.dispatch(Action::LearnSent);
            }
        });
    }

    // Patterns (from files, or "label all occurrences") go to the worker's memory.
    {
        let (state, handle) = (state.clone(), handle.clone());
        use_effect_with((state.pattern_queue.len(), state.extractor.is_some()), move |&(queued, ready)| {
            if queued > 0 && ready {
                for jsonl in &state.pattern_queue {
                    if let Err(message) = handle.send(|id| Request::AddPatterns { id, jsonl: jsonl.clone() }) {
                        state.dispatch(Action::Fail(message));
                    }
                }
                state.dispatch(Action::PatternsSent);
            }
        });
    }
    handle
}
