//! Restoring the saved work once, then saving every change.
//!
//! A save is throttled, never postponed: a change is saved right after the
//! frame that shows it (a timeout of 0), unless the last save started less
//! than [`SAVE_COST_FACTOR`] times its own cost ago (writing 5,000 articles
//! takes a while); then the latest workspace is saved when that time is up,
//! at most [`MAX_SAVE_WAIT_MS`] later, whatever the load. So a small
//! workspace is saved at once, and a big one being pre-annotated spends at
//! most a fifth of the main thread on saving and loses at most a few seconds
//! of work. Nothing is saved
//! before the saved work is restored, so an empty workspace never replaces
//! it. Failures are shown, not swallowed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Action, AppState};
use crate::storage;

/// A save waits until this many times the last save's cost has passed since it started.
pub const SAVE_COST_FACTOR: f64 = 4.0;
/// The longest a change waits to be saved.
pub const MAX_SAVE_WAIT_MS: f64 = 2000.0;

fn now() -> f64 {
    gloo::utils::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// When the last save started and what it cost, and whether one is scheduled.
#[derive(Default)]
struct Saver {
    last_started: Cell<Option<f64>>,
    /// Milliseconds the last save kept the main thread busy.
    last_cost: Cell<f64>,
    scheduled: Cell<bool>,
    saved_generation: Cell<Option<u64>>,
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

    // The state a scheduled save writes: the latest, not the one that scheduled it.
    let latest = use_mut_ref(|| None::<UseReducerHandle<AppState>>);
    *latest.borrow_mut() = Some(state.clone());
    let saver = use_memo((), |_| Rc::new(Saver::default()));
    {
        let saver = (*saver).clone();
        use_effect_with((state.ws.generation(), state.restoring), move |&(generation, restoring)| {
            if !restoring && saver.saved_generation.get() != Some(generation) && !saver.scheduled.replace(true) {
                let pause = (saver.last_cost.get() * SAVE_COST_FACTOR).min(MAX_SAVE_WAIT_MS);
                let wait = saver.last_started.get().map_or(0.0, |at| (at + pause - now()).max(0.0));
                gloo::timers::callback::Timeout::new(wait as u32, move || save_latest(&saver, &latest)).forget();
            }
        });
    }

    use_effect_with(state.draft.clone(), |draft| {
        // A lost draft is a small loss; the workspace's save reports storage trouble.
        let _ = storage::save_draft(draft);
    });
}

fn save_latest(saver: &Rc<Saver>, latest: &Rc<RefCell<Option<UseReducerHandle<AppState>>>>) {
    saver.scheduled.set(false);
    let Some(state) = latest.borrow().clone() else { return };
    let started = now();
    saver.last_started.set(Some(started));
    saver.saved_generation.set(Some(state.ws.generation()));
    let json = state.ws.to_json();
    saver.last_cost.set(now() - started);
    let problem = state.storage_problem.clone();
    let dispatch = state.dispatcher();
    wasm_bindgen_futures::spawn_local(async move {
        match storage::save(json).await {
            Ok(()) if problem.is_some() => dispatch.dispatch(Action::StorageRecovered),
            Ok(()) => {}
            Err(why) if problem.as_deref() != Some(why.as_str()) => dispatch.dispatch(Action::StorageFailed(why)),
            Err(_) => {}
        }
    });
}
