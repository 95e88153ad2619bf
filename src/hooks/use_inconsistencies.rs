//! Finding the inconsistency list off the click. When the review panel asks
//! for it (`Review::finding`), the session's `find_pausing` runs as a local
//! task that gives the browser a turn every [`DOCS_PER_STEP`] documents, so
//! the page paints ("Finding inconsistencies…") and answers input meanwhile;
//! its answer comes back as an action like any other, and the reducer drops
//! it if the workspace changed since (the hook then finds again).

use std::cell::Cell;
use std::rc::Rc;

use nomen_session::inconsistencies;
use yew::prelude::*;

use crate::review::{ReviewAction, ReviewView};
use crate::state::{Action, AppState};

/// Documents scanned between two turns of the browser: about 60 ms of work
/// on the 5,000-document benchmark corpus (BENCHMARKS.md).
const DOCS_PER_STEP: usize = 500;

#[hook]
pub fn use_inconsistencies(state: &UseReducerHandle<AppState>) {
    let wanted = state.review.finding && state.review.view == ReviewView::Inconsistencies;
    let state = state.clone();
    use_effect_with((wanted, state.ws.generation()), move |&(wanted, generation)| {
        let cancelled = Rc::new(Cell::new(false));
        if wanted {
            let (ws, dispatch, cancelled) = (state.ws.clone(), state.dispatcher(), cancelled.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // A search no longer wanted stops at its next pause: its task is never woken again, and dropped.
                let pause = || {
                    let cancelled = cancelled.clone();
                    async move {
                        if cancelled.get() {
                            std::future::pending::<()>().await;
                        }
                        gloo::timers::future::TimeoutFuture::new(0).await;
                    }
                };
                let items = inconsistencies::find_pausing(&ws, DOCS_PER_STEP, pause).await;
                if !cancelled.get() {
                    dispatch.dispatch(Action::Review(ReviewAction::InconsistenciesFound { generation, items: items.into() }));
                }
            });
        }
        move || cancelled.set(true)
    });
}
