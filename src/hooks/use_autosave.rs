//! Restoring the saved work once, then saving every change.
//!
//! A save is throttled, never postponed: a change is saved right after the
//! frame that shows it (a timeout of 0), unless a save is under way or the
//! last one started less than [`SAVE_COST_FACTOR`] times its own cost ago
//! (writing 5,000 articles takes a while); then the latest workspace is
//! saved when that time is up, at most [`MAX_SAVE_WAIT_MS`] later, whatever
//! the load. So a small
//! workspace is saved at once, and a big one being pre-annotated spends at
//! most a fifth of the main thread on saving and loses at most a few seconds
//! of work. Nothing is saved
//! before the saved work is restored, so an empty workspace never replaces
//! it. Failures are shown, not swallowed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::storage;

/// A save waits until this many times the last save's cost has passed since it started.
pub const SAVE_COST_FACTOR: f64 = 4.0;
/// The longest a change waits to be saved (besides a save under way).
pub const MAX_SAVE_WAIT_MS: f64 = 3000.0;

fn now() -> f64 {
    gloo::utils::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Puts a finished save on the page's performance timeline, as a
/// `performance.measure("nomen-save")` from its start to its end, with what
/// it wrote in `detail` (`serialize_ms` on the main thread, all slices
/// together; `bytes`; `slices`, the transactions of records before the
/// manifest's; `longest_slice_ms`, the most serialising in one of them):
/// benchmarks read it (`tests/e2e/bench-save.mjs`, `bench-import.mjs`);
/// nothing in the page does.
fn record_save(started: f64, written: storage::Written) {
    use js_sys::Reflect;
    let Some(performance) = gloo::utils::window().performance() else { return };
    let (options, detail) = (js_sys::Object::new(), js_sys::Object::new());
    let _ = Reflect::set(&detail, &"serialize_ms".into(), &written.serialize_ms.into());
    let _ = Reflect::set(&detail, &"bytes".into(), &(written.bytes as f64).into());
    let _ = Reflect::set(&detail, &"slices".into(), &(written.slices as f64).into());
    let _ = Reflect::set(&detail, &"longest_slice_ms".into(), &written.longest_slice_ms.into());
    let _ = Reflect::set(&options, &"start".into(), &started.into());
    let _ = Reflect::set(&options, &"end".into(), &now().into());
    let _ = Reflect::set(&options, &"detail".into(), &detail);
    if let Ok(measure) = Reflect::get(&performance, &"measure".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = measure.call2(&performance, &"nomen-save".into(), &options);
    }
}

type Latest = Rc<RefCell<Option<UseReducerHandle<AppState>>>>;

/// The saves: when the last one started and what it cost, whether one is
/// scheduled or under way, and what the latest state is.
struct Saver {
    latest: Latest,
    last_started: Cell<Option<f64>>,
    /// Milliseconds from the start of the last save to its end.
    last_cost: Cell<f64>,
    scheduled: Cell<bool>,
    saving: Cell<bool>,
    saved_generation: Cell<Option<u64>>,
}

impl Saver {
    /// Schedules a save of the latest workspace, unless it is saved or one is coming.
    fn request(self: &Rc<Self>) {
        let Some(state) = self.latest.borrow().clone() else { return };
        if state.restoring
            || self.saved_generation.get() == Some(state.ws.generation())
            || self.saving.get()
            || self.scheduled.replace(true)
        {
            return;
        }
        let pause = (self.last_cost.get() * SAVE_COST_FACTOR).min(MAX_SAVE_WAIT_MS);
        let wait = self.last_started.get().map_or(0.0, |at| (at + pause - now()).max(0.0));
        let me = self.clone();
        gloo::timers::callback::Timeout::new(wait as u32, move || me.save()).forget();
    }

    fn save(self: Rc<Self>) {
        self.scheduled.set(false);
        let Some(state) = self.latest.borrow().clone() else { return };
        let started = now();
        self.last_started.set(Some(started));
        self.saving.set(true);
        self.saved_generation.set(Some(state.ws.generation()));
        // Which records changed (pointers compared, nothing serialised yet): the save serialises them in slices.
        let prepared = storage::prepare(&state.ws);
        let problem = state.storage_problem.clone();
        let dispatch = state.dispatcher();
        wasm_bindgen_futures::spawn_local(async move {
            let result = storage::save(prepared).await;
            self.last_cost.set(now() - started);
            if let Ok(written) = result {
                record_save(started, written);
            }
            self.saving.set(false);
            match result {
                Ok(_) if problem.is_some() => dispatch.dispatch(Action::StorageRecovered),
                Ok(_) => {}
                Err(why) if problem.as_deref() != Some(why.as_str()) => dispatch.dispatch(Action::StorageFailed(why)),
                Err(_) => {}
            }
            // Changes made meanwhile.
            self.request();
        });
    }
}

#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>) {
    // The saved work, read once at start.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let restored = storage::load().await;
                dispatch.dispatch(Action::Restored { workspace: Box::new(restored.workspace), problem: restored.problem });
            });
        });
    }

    // A scheduled save writes the latest state, not the one that scheduled it.
    let latest = use_mut_ref(|| None::<UseReducerHandle<AppState>>);
    *latest.borrow_mut() = Some(state.clone());
    let saver = use_memo((), move |_| {
        Rc::new(Saver {
            latest,
            last_started: Cell::new(None),
            last_cost: Cell::new(0.0),
            scheduled: Cell::new(false),
            saving: Cell::new(false),
            saved_generation: Cell::new(None),
        })
    });
    {
        let saver = (*saver).clone();
        use_effect_with((state.ws.generation(), state.restoring), move |_| saver.request());
    }

    use_effect_with(state.draft.clone(), |draft| {
        // A lost draft is a small loss; the workspace's save reports storage trouble.
        let _ = storage::save_draft(draft);
    });
}
