//! The extractor's Web Workers as a hook. It starts the pool's workers (one
//! per core, at most two; `pool.rs` decides what goes where and whose answer
//! counts), gives every request a unique id from one counter (the answer
//! echoes it, see `protocol.rs`), sends what the state asks for (documents to annotate, at
//! most the pool's window at a time: a helper holds fewer, and takes none
//! while the analyst was at work within the last [`YIELD_MILLIS`]); documents to learn from;
//! patterns), and turns the worker's messages into actions. Extraction
//! answers are handed to the reducer in batches, one action per
//! [`BATCH_MILLIS`], so 5,000 answers are a few hundred state changes and
//! renders, not 5,000.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::bridge::Bridge;
use crate::download::{download, download_bytes};
use crate::pool::{pool_size, Effect, Pool};
use crate::protocol::{Request, Response};
use crate::state::{Action, AppState, Extraction};

/// How long extraction answers are gathered before the reducer gets them.
pub const BATCH_MILLIS: u32 = 60;
/// The file "Export names" downloads.
const PATTERNS_FILE: &str = "nomen-names.patterns.jsonl";
/// The file "Export model" downloads.
const MODEL_FILE: &str = "nomen-learned.model";

/// The page's end of the extractor workers: sends requests, each with a
/// fresh id, to the worker(s) the pool picks (`pool.rs`).
#[derive(Clone)]
pub struct WorkerHandle {
    shared: Rc<Shared>,
}

/// The pool's bookkeeping, the running workers (by the pool's index; `None`
/// for one that could not start or was stopped) and where answers go.
struct Shared {
    pool: RefCell<Pool>,
    bridges: RefCell<Vec<Option<Bridge>>>,
    batcher: Rc<Batcher>,
    dispatch: UseReducerDispatcher<AppState>,
    /// When the analyst last pressed a key, clicked or scrolled (ms since the epoch).
    last_input: Rc<Cell<f64>>,
    /// Listeners that set `last_input`, kept for the page's lifetime.
    _input_listeners: Vec<gloo::events::EventListener>,
}

impl PartialEq for WorkerHandle {
    fn eq(&self, other: &WorkerHandle) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
    }
}

impl WorkerHandle {
    /// Sends the request `make` builds around a fresh id, and returns that id.
    pub fn send(&self, make: impl FnOnce(u32) -> Request) -> Result<u32, String> {
        if !self.shared.bridges.borrow().first().is_some_and(Option::is_some) {
            return Err("the extractor worker is not running".into());
        }
        // The borrow ends before anything is posted or dispatched.
        let (id, effects) = self.shared.pool.borrow_mut().send(make);
        carry_out(&self.shared, effects)?;
        Ok(id)
    }

    /// How many extraction requests may be in flight now: the pool's window,
    /// the helpers left out while the analyst was at work within [`YIELD_MILLIS`].
    fn window_now(&self) -> usize {
        let at_work = js_sys::Date::now() - self.shared.last_input.get() < YIELD_MILLIS;
        let mut pool = self.shared.pool.borrow_mut();
        pool.set_yielding(at_work);
        pool.window()
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

/// How long after a key, a click or a scroll the analyst counts as at work,
/// and the helper workers leave a core to the page.
pub const YIELD_MILLIS: f64 = 500.0;

/// Listeners (capture, passive) that note the time of every key, click and
/// scroll in `last_input`.
fn listen_for_input(last_input: &Rc<Cell<f64>>) -> Vec<gloo::events::EventListener> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let options = gloo::events::EventListenerOptions { phase: gloo::events::EventListenerPhase::Capture, passive: true };
    ["keydown", "pointerdown", "wheel"]
        .into_iter()
        .map(|kind| {
            let last_input = last_input.clone();
            gloo::events::EventListener::new_with_options(&window, kind, options, move |_| last_input.set(js_sys::Date::now()))
        })
        .collect()
}

/// `navigator.hardwareConcurrency`, or 0 where the browser does not say.
fn cores() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(0.0)
}

/// Starts the next worker; its answers come to [`receive`] with its index.
fn start_worker(shared: &Rc<Shared>) {
    let index = shared.bridges.borrow().len();
    let weak = Rc::downgrade(shared);
    let on_response = Callback::from(move |response| {
        if let Some(shared) = weak.upgrade() {
            receive(&shared, index, response);
        }
    });
    let started = Bridge::start(on_response);
    let failed = started.as_ref().err().cloned();
    shared.bridges.borrow_mut().push(started.ok());
    match failed {
        Some(message) if index == 0 => shared.dispatch.dispatch(Action::Fail(message)),
        // A helper that cannot start is only a loss of speed: the primary does its work.
        Some(message) => gloo::console::warn!(format!("nomen: extractor helper {index} not started: {message}")),
        None => {}
    }
}

fn receive(shared: &Rc<Shared>, from: usize, response: Response) {
    let effects = shared.pool.borrow_mut().receive(from, response);
    if let Err(message) = carry_out(shared, effects) {
        shared.dispatch.dispatch(Action::Fail(message));
    }
}

/// Does what the pool decided; the first request that could not be posted is the error.
fn carry_out(shared: &Rc<Shared>, effects: Vec<Effect>) -> Result<(), String> {
    let mut result = Ok(());
    for effect in effects {
        match effect {
            Effect::Post { worker, request } => {
                let posted = match shared.bridges.borrow().get(worker) {
                    Some(Some(bridge)) => bridge.send(&request),
                    _ => Err("the extractor worker is not running".into()),
                };
                if result.is_ok() {
                    result = posted;
                }
            }
            Effect::Start => start_worker(shared),
            Effect::Stop { worker, why } => {
                gloo::console::warn!(format!("nomen: extractor helper {worker} stopped: {why}"));
                // Dropping the bridge terminates the worker; not from inside its own message
                // handler, which may be the one running now.
                let stopped = shared.bridges.borrow_mut().get_mut(worker).and_then(Option::take);
                gloo::timers::callback::Timeout::new(0, move || drop(stopped)).forget();
            }
            Effect::Log(message) => gloo::console::warn!(format!("nomen: {message}")),
            Effect::Answer(response) => answer(shared, response),
        }
    }
    result
}

/// Extraction answers wait for the next batch; anything else is an action at once,
/// after the extraction answers that came before it (a change of model must
/// find the documents those answers annotated).
fn answer(shared: &Shared, response: Response) {
    let action = match response {
        Response::Extracted { id, spans, millis } => return shared.batcher.push(Extraction { request: id, spans, millis }),
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
        Response::Failed { id, message } => Action::RequestFailed { request: id, message },
        // Between the workers only (`pool.rs` never hands these over).
        Response::Snapshot { .. } | Response::Following { .. } => return,
    };
    shared.batcher.flush();
    shared.dispatch.dispatch(action);
}

#[hook]
pub fn use_worker(state: &UseReducerHandle<AppState>) -> WorkerHandle {
    let dispatch = state.dispatcher();
    let handle = (*use_memo((), move |_| {
        let batcher = Rc::new(Batcher { answers: RefCell::default(), scheduled: Cell::new(false), dispatch: dispatch.clone() });
        let pool = Pool::new(pool_size(cores()));
        let last_input = Rc::new(Cell::new(f64::NEG_INFINITY));
        let _input_listeners = listen_for_input(&last_input);
        WorkerHandle {
            shared: Rc::new(Shared {
                pool: RefCell::new(pool),
                bridges: RefCell::default(),
                batcher,
                dispatch,
                last_input,
                _input_listeners,
            }),
        }
    }))
    .clone();

    // The primary started once; it starts the helpers when it is ready (`pool.rs`).
    {
        let shared = handle.shared.clone();
        use_effect_with((), move |_| start_worker(&shared));
    }

    // Documents awaiting the extractor, a window at a time, from the current one on.
    {
        let (state, handle) = (state.clone(), handle.clone());
        let deps = (state.ws.generation(), state.extractor.is_some(), state.in_flight.len(), state.stale.size(), state.held.len());
        use_effect_with(deps, move |&(_, ready, in_flight, _, _)| {
            // While the analyst is at work the helpers finish what they hold and leave a core to the page.
            let window = handle.window_now();
            if ready && in_flight < window {
                let mut sent = Vec::new();
                for (doc, text) in state.awaiting_extraction(window - in_flight) {
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
                send_queue(&state, &handle, &state.learn_queue, |id, doc| Request::Learn { id, doc }, Action::LearnSent);
            }
        });
    }

    // Patterns (from files, or "label all occurrences") go to the worker's memory.
    {
        let (state, handle) = (state.clone(), handle.clone());
        use_effect_with((state.pattern_queue.len(), state.extractor.is_some()), move |&(queued, ready)| {
            if queued > 0 && ready {
                send_queue(&state, &handle, &state.pattern_queue, |id, jsonl| Request::AddPatterns { id, jsonl }, Action::PatternsSent);
            }
        });
    }
    handle
}

/// Sends every queued item to the worker as the request `request` makes, then
/// tells the reducer the queue went out (`sent`); a request that cannot be
/// sent is said, and the rest still go.
fn send_queue<T: Clone>(
    state: &UseReducerHandle<AppState>,
    handle: &WorkerHandle,
    queue: &[T],
    request: impl Fn(u32, T) -> Request,
    sent: Action,
) {
    for item in queue {
        if let Err(message) = handle.send(|id| request(id, item.clone())) {
            state.dispatch(Action::Fail(message));
        }
    }
    state.dispatch(sent);
}
