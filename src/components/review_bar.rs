//! The entry to corpus review: "Search all documents" (key `/`, handled with
//! the other keys in `hooks/use_keyboard.rs`), the "Inconsistencies" button
//! and "Adjudicate…" (one or two files), and "Resume adjudication" while one
//! is in progress behind a closed view.

use nomen_session::search::Query;
use web_sys::HtmlInputElement;
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
                <input ref={field} id={crate::dom::SEARCH_ID} type="search" aria-label="Search all documents" placeholder="Search all documents ( / )" aria-keyshortcuts="/" />
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
