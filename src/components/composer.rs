//! Adding articles: paste into the box, or open / drop files.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub draft: AttrValue,
    pub ready: bool,
    pub on_input: Callback<String>,
    pub on_add: Callback<()>,
    pub on_files: Callback<web_sys::FileList>,
}

#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let on_input = props.on_input.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_add = props.on_add.reform(|_: MouseEvent| ());
    let on_files = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                on_files.emit(files);
            }
            input.set_value(""); // the same file can be opened again
        })
    };
    html! {
        <section class="composer" aria-label="Add articles">
            <label class="field" for="article-text">{ "Article text" }</label>
            <textarea id="article-text" placeholder="Paste a news article here…"
                value={props.draft.clone()} oninput={on_input} />
            <div class="actions">
                <button class="primary" onclick={on_add} disabled={props.draft.trim().is_empty()}
                    title={if props.ready { "Add this article and find its entities" } else { "The extractor is still loading; the article will be annotated when it is ready" }}>
                    { "Extract entities" }
                </button>
                <label class="file-button">
                    { "Open files…" }
                    <input type="file" multiple=true
                        accept=".txt,.jsonl,.json,.ndjson,.conll,.iob,.bilou,.ann"
                        aria-label="Open files" onchange={on_files} />
                </label>
            </div>
            <p class="hint">{ "Or drop .txt, .jsonl, CoNLL, brat, Label Studio or Hugging Face files anywhere on the page." }</p>
        </section>
    }
}
