//! The keyboard map's listener: installed once on the document, it turns a
//! key press into an action through the pure `keys` map. What a key means
//! depends on the state (a span selected, a dialog open, the current
//! document), which the listener reads from a cell refreshed every render.
//! In the article, Tab enters the marks, the arrows move a token cursor
//! (shown as the text selection), and Esc with nothing selected lets go of
//! the article, so the keyboard is never trapped there. `/` puts the caret in
//! "Search all documents" (a DOM effect, no action).

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::dom;
use crate::keys::{self, Command};
use crate::state::{Action, AppState, Overlay};

/// What the listener needs to know of the state.
#[derive(Clone, Default)]
struct Context {
    span_selected: bool,
    overlay_open: bool,
    /// The current document's id and title.
    current: Option<String>,
    has_spans: bool,
    cursor: bool,
}

#[hook]
pub fn use_keyboard(state: &UseReducerHandle<AppState>) {
    let context = use_mut_ref(Context::default);
    *context.borrow_mut() = Context {
        span_selected: state.selected.is_some(),
        overlay_open: state.overlay != Overlay::None,
        current: state.ws.current_id().map(str::to_string),
        has_spans: state.ws.current().is_some_and(|d| !d.spans().is_empty()),
        cursor: state.cursor.is_some(),
    };
    // The token cursor is the text selection, so a digit labels it like a mouse selection.
    use_effect_with(state.cursor, |cursor| {
        if let Some((start, end)) = *cursor {
            dom::select_in_article(start, end);
        }
    });
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
                let press = keys::KeyPress {
                    key: e.key(),
                    code: e.code(),
                    ctrl: e.ctrl_key() || e.meta_key(),
                    shift: e.shift_key(),
                    alt: e.alt_key(),
                };
                let Context { span_selected, overlay_open, current, has_spans, cursor } = context.borrow().clone();
                let in_article = dom::in_article(e.target());
                let Some(command) = keys::command_in(&press, span_selected, in_article) else { return };
                if overlay_open && !matches!(command, Command::Help | Command::Escape) {
                    return;
                }
                // No mark to enter: Tab leaves the article as usual.
                if matches!(command, Command::NextSpan | Command::PrevSpan) && !span_selected && !has_spans {
                    return;
                }
                // Esc with nothing selected lets go of the article, so Tab can leave it.
                if command == Command::Escape && in_article && !span_selected && !cursor && !overlay_open {
                    if let Some(element) = gloo::utils::document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = element.blur();
                    }
                }
                e.prevent_default();
                let action = match command {
                    Command::Label { hotkey, snap } => {
                        let selection = dom::selection_in_article();
                        dom::clear_selection();
                        Action::Hotkey { key: hotkey, selection, snap }
                    }
                    Command::NextSpan => Action::NextSpan,
                    Command::PrevSpan => Action::PrevSpan,
                    Command::NextUncertain { forward } => Action::NextUncertain { forward },
                    // Not the reducer's: the caret goes to the field, whose form searches.
                    Command::Search => return dom::focus_search(),
                    Command::Delete => Action::DeleteSelected,
                    // No question asked: Ctrl+Z brings it back.
                    Command::RemoveDocument => match current {
                        Some(id) => Action::RemoveDocument(id),
                        None => Action::Fail("No document to remove.".into()),
                    },
                    Command::AllOccurrences => Action::LabelAllOccurrences,
                    Command::Move { boundary, nudge } => Action::Nudge { boundary, nudge },
                    Command::Cursor { forward, extend } => Action::Cursor { from: dom::selection_in_article(), forward, extend },
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
