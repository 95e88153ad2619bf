//! Finding the inconsistency list off the click. When the review panel asks
//! for it (`Review::finding`), the session's `find_pausing` runs as a local
//! task that gives the browser a turn every [`DOCS_PER_STEP`] documents, so
//! the page paints ("Finding inconsistencies…") and answers input meanwhile;
//! its answer comes back as an action like any other. Each request has a
//! number; a newer request stops the search for an older one at its next
//! pause, and the reducer takes only the latest request's answer.

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
    let wanted = state.review.finding.filter(|_| state.review.view == ReviewView::Inconsistencies);
    let state = state.clone();
    use_effect_with(wanted, move |&wanted| {
        let cancelled = Rc::new(Cell::new(false));
        if let Some(request) = wanted {
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
                    dispatch.dispatch(Action::Review(ReviewAction::InconsistenciesFound { request, items: items.into() }));
                }
            });
        }
        move || cancelled.set(true)
    });
}
