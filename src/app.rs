//! The root component: owns the store and wires actions to the view.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::article::ArticleView;
use crate::components::legend::Legend;
use crate::download::download;
use crate::state::{Action, AppState};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

    let on_input = {
        let state = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::EditDraft(area.value()));
        })
    };
    let on_extract = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::Extract))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| {
            let Some(doc) = &state.doc else { return };
            let record = serde_json::json!({ "text": doc.text, "spans": doc.spans });
            let name = format!("{}.json", doc.id.as_deref().unwrap_or("nomen-article"));
            if let Err(err) = download(&name, "application/json", &record.to_string()) {
                state.dispatch(Action::SetStatus(err));
            }
        })
    };

    html! {
        <>
            <header class="top">
                <h1>{ "nomen" }</h1>
                <span class="tagline">{ "Named entities in news, annotated in your browser. Nothing leaves this machine." }</span>
            </header>
            <main>
                <label class="field" for="article-text">{ "Article text" }</label>
                <textarea id="article-text" placeholder="Paste a news article here, then press “Extract entities”."
                    value={state.draft.clone()} oninput={on_input} />
                <div class="actions">
                    <button class="primary" onclick={on_extract} disabled={state.draft.trim().is_empty()}>{ "Extract entities" }</button>
                    <button onclick={on_export} disabled={state.doc.is_none()}>{ "Export JSON" }</button>
                    <span class="status" role="status">{ &state.status }</span>
                </div>
                <Legend schema={state.schema.clone()} />
                {
                    match &state.doc {
                        Some(doc) => html! { <ArticleView doc={doc.clone()} schema={state.schema.clone()} /> },
                        None => html! { <p class="empty">{ "No article yet. Paste one above and press “Extract entities” to see people, titles, organisations, places, nationalities, events and dates highlighted." }</p> },
                    }
                }
            </main>
        </>
    }
}
