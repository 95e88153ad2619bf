//! The keyboard map's listener: installed once on the document, it turns a
//! key press into an action through the pure `keys` map. What a key means
//! depends on the state (a span selected, a dialog open, the current
//! document), which the listener reads from a cell refreshed every render.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::doc_list::{confirm_removal, title_of};
use crate::dom;
use crate::keys::{self, Command};
use crate::state::{Action, AppState, Overlay};

/// What the listener needs to know of the state.
#[derive(Clone, Default)]
struct Context {
    span_selected: bool,
    overlay_open: bool,
    /// The current document's id and title.
    current: Option<(String, String)>,
}

#[hook]
pub fn use_keyboard(state: &UseReducerHandle<AppState>) {
    let context = use_mut_ref(Context::default);
    *context.borrow_mut() = Context {
        span_selected: state.selected.is_some(),
        overlay_open: state.overlay != Overlay::None,
        current: state.ws.current().map(|d| (d.id().to_string(), title_of(d.text()))),
    };
    let dispatch = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = EventListener::new_with_options(
            &gloo::utils::document(),
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |event| {
                let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
                if dom::is_typing_target(e.target()) && e.key() != "Escape" {
                    return;
                }
                let press = keys::KeyPress { key: e.key(), code: e.code(), ctrl: e.ctrl_key() || e.meta_key(), shift: e.shift_key(), alt: e.alt_key() };
                let Context { span_selected, overlay_open, current } = context.borrow().clone();
                let Some(command) = keys::command(&press, span_selected) else { return };
                if overlay_open && !matches!(command, Command::Help | Command::Escape) {
                    return;
                }
                e.prevent_default();
                let action = match command {
                    Command::Label { hotkey, exact } => {
                        let selection = dom::selection_in_article();
                        dom::clear_selection();
                        Action::Hotkey { key: hotkey, selection, exact }
                    }
                    Command::NextSpan => Action::NextSpan,
                    Command::PrevSpan => Action::PrevSpan,
                    Command::Delete => Action::DeleteSelected,
                    Command::RemoveDocument => match current {
                        Some((id, title)) if confirm_removal(&title) => Action::RemoveDocument(id),
                        Some(_) => return,
                        None => Action::Fail("No document to remove.".into()),
                    },
                    Command::AllOccurrences => Action::LabelAllOccurrences,
                    Command::Move { boundary, nudge } => Action::Nudge { boundary, nudge },
                    Command::Undo => Action::Undo,
                    Command::Redo => Action::Redo,
                    Command::Extract => Action::Extract,
                    Command::AcceptAll => Action::AcceptAll,
                    Command::MarkDone => Action::MarkDone,
                    Command::LearnNow => Action::LearnNow,
                    Command::NextDoc => Action::NextDoc,
                    Command::PrevDoc => Action::PrevDoc,
                    Command::Aliases => Action::ShowOverlay(Overlay::Aliases),
                    Command::Help => Action::ToggleHelp,
                    Command::Escape => Action::Escape,
                };
                dispatch.dispatch(action);
            },
        );
        move || drop(listener)
    });
}
