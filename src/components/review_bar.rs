//! The entry to corpus review: "Search all documents" (key `/`), the
//! "Inconsistencies" button and "Adjudicate…" (one or two files), and
//! "Resume adjudication" while one is in progress behind a closed view.

use gloo::events::{EventListener, EventListenerOptions};
use nomen_session::search::Query;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReviewBarProps {
    pub on_search: Callback<Query>,
    pub on_inconsistencies: Callback<()>,
    /// The files chosen for adjudication (one: against the current work; two: A and B).
    pub on_adjudicate: Callback<web_sys::FileList>,
    /// Differences left in the adjudication in progress, if one is and its view is closed.
    #[prop_or_default]
    pub paused_adjudication: Option<usize>,
    #[prop_or_default]
    pub on_resume: Callback<()>,
}

#[function_component(ReviewBar)]
pub fn review_bar(props: &ReviewBarProps) -> Html {
    let field = use_node_ref();
    let (regex, match_case, whole_words) = (use_state(|| false), use_state(|| false), use_state(|| true));
    // "/" anywhere but in a text field puts the caret in the search field.
    {
        let field = field.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
                    if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() || crate::dom::is_typing_target(e.target()) {
                        return;
                    }
                    if let Some(input) = field.cast::<HtmlInputElement>() {
                        e.prevent_default();
                        e.stop_immediate_propagation();
                        let _ = input.focus();
                        input.select();
                    }
                },
            );
            move || drop(listener)
        });
    }
    let onsubmit = {
        let (field, on_search) = (field.clone(), props.on_search.clone());
        let (regex, match_case, whole_words) = (regex.clone(), match_case.clone(), whole_words.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = field.cast::<HtmlInputElement>() else { return };
            on_search.emit(Query { pattern: input.value(), regex: *regex, match_case: *match_case, whole_words: *whole_words });
        })
    };
    let toggle = |flag: &UseStateHandle<bool>| {
        let flag = flag.clone();
        Callback::from(move |e: Event| flag.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let on_files = {
        let on_adjudicate = props.on_adjudicate.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                on_adjudicate.emit(list);
            }
            input.set_value("");
        })
    };
    let on_inconsistencies = props.on_inconsistencies.reform(|_: MouseEvent| ());
    html! {
        <div class="review-bar">
            <form class="search" role="search" onsubmit={onsubmit}>
                <input ref={field} type="search" aria-label="Search all documents" placeholder="Search all documents ( / )" aria-keyshortcuts="/" />
                <label title="The text is a regular expression"><input type="checkbox" checked={*regex} onchange={toggle(&regex)} />{ "regex" }</label>
                <label title="Upper and lower case differ"><input type="checkbox" checked={*match_case} onchange={toggle(&match_case)} />{ "match case" }</label>
                <label title="Only where the match is whole words"><input type="checkbox" checked={*whole_words} onchange={toggle(&whole_words)} />{ "whole words" }</label>
                <button type="submit">{ "Search" }</button>
            </form>
            <button type="button" onclick={on_inconsistencies} title="Texts labelled differently in different places, or labelled in some and not others">{ "Inconsistencies" }</button>
            <label class="file-button" title="Two analysts' exports (A and B), or one file to adjudicate against this work (A)">
                { "Adjudicate…" }
                <input type="file" multiple=true aria-label="Adjudicate files" onchange={on_files} />
            </label>
            if let Some(left) = props.paused_adjudication {
                <button type="button" onclick={props.on_resume.reform(|_: MouseEvent| ())} title="The adjudication in progress, as you left it">
                    { format!("Resume adjudication ({left} left)") }
                </button>
            }
        </div>
    }
}
