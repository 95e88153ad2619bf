//! The root component: owns the store and wires actions to the view.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::bridge::Bridge;
use crate::components::article::ArticleView;
use crate::components::legend::Legend;
use crate::download::download;
use crate::protocol::{Request, Response};
use crate::state::{Action, AppState};

fn on_worker_response(dispatch: UseReducerDispatcher<AppState>) -> Callback<Response> {
    Callback::from(move |response| {
        dispatch.dispatch(match response {
            Response::Ready { extractor } => Action::ExtractorReady(extractor),
            Response::Extracted { id, spans, millis } => Action::Extracted { id, spans, millis },
            Response::Failed { message, .. } => Action::Failed(message),
        })
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let bridge = use_mut_ref(|| None::<Rc<Bridge>>);
    {
        let (bridge, dispatch) = (bridge.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            match Bridge::start(on_worker_response(dispatch.clone())) {
                Ok(started) => *bridge.borrow_mut() = Some(Rc::new(started)),
                Err(message) => dispatch.dispatch(Action::Failed(message)),
            }
        });
    }

    let on_input = {
        let state = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::EditDraft(area.value()));
        })
    };
    let on_extract = {
        let (state, bridge) = (state.clone(), bridge.clone());
        Callback::from(move |_| {
            let id = state.next_request;
            let sent = match bridge.borrow().as_ref() {
                Some(bridge) => bridge.send(&Request::Extract { id, text: state.draft.clone() }),
                None => Err("The extractor is not running.".to_string()),
            };
            state.dispatch(match sent {
                Ok(()) => Action::ExtractRequested(id),
                Err(message) => Action::Failed(message),
            });
        })
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| {
            let Some(doc) = &state.doc else { return };
            let record = serde_json::json!({ "text": doc.text, "spans": doc.spans });
            let name = format!("{}.json", doc.id.as_deref().unwrap_or("nomen-article"));
            if let Err(err) = download(&name, "application/json", &record.to_string()) {
                state.dispatch(Action::Failed(err));
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
                    <button class="primary" onclick={on_extract} disabled={state.draft.trim().is_empty() || state.extractor.is_none()}>{ "Extract entities" }</button>
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
