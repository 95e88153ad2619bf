//! The documents, their review status and the overall progress, in the
//! order chosen above them (as opened, or least certain first).
//!
//! Each row is its own component, keyed by document id, that renders again
//! only when its own props change: moving to the next document (n, p)
//! repaints the two rows whose "current" mark changed and the one row that
//! comes into the window, not the 300 listed (`on_open` must be a stable
//! callback for that, see `app.rs`).

use nomen_session::{DocStatus, Progress};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::DocOrder;

#[derive(Clone, PartialEq)]
pub struct DocItem {
    pub id: AttrValue,
    pub title: AttrValue,
    pub status: DocStatus,
    /// Spans the extractor was unsure of that the analyst has not seen to yet.
    pub uncertain: usize,
}

#[derive(Properties, PartialEq)]
pub struct DocListProps {
    pub items: Vec<DocItem>,
    /// Documents not listed (the list shows a window around the current one).
    pub hidden: usize,
    pub current: Option<AttrValue>,
    pub progress: Progress,
    pub on_open: Callback<AttrValue>,
    pub order: DocOrder,
    pub on_order: Callback<DocOrder>,
}

#[function_component(DocList)]
pub fn doc_list(props: &DocListProps) -> Html {
    if props.items.is_empty() {
        return html! {};
    }
    let percent = (props.progress.done * 100).checked_div(props.progress.total).unwrap_or(0);
    let on_order = props.on_order.reform(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        DocOrder::from_name(&name).unwrap_or_default()
    });
    let option = |order: DocOrder, text: &'static str| {
        html! { <option value={order.as_str()} selected={props.order == order}>{ text }</option> }
    };
    html! {
        <nav class="doc-list" aria-label="Documents">
            <div class="progress" title={props.progress.to_string()}>
                <span>{ props.progress.to_string() }</span>
                <progress max="100" value={percent.to_string()} aria-label="Documents done" />
            </div>
            <div class="order" title="Least certain first: the documents whose pre-annotation had the most spans the extractor was unsure of come first (n, p and d follow this order)">
                <label for="doc-order">{ "Order" }</label>
                <select id="doc-order" onchange={on_order}>
                    { option(DocOrder::AsOpened, "as opened") }
                    { option(DocOrder::LeastCertainFirst, "least certain first") }
                </select>
            </div>
            <ol>
                { for props.items.iter().map(|item| html! {
                    <DocRow key={item.id.as_str()} item={item.clone()} current={props.current.as_ref() == Some(&item.id)}
                        on_open={props.on_open.clone()} />
                }) }
            </ol>
            if props.hidden > 0 {
                <p class="hint">{ format!("{} more documents not listed here: n and p move through all of them.", props.hidden) }</p>
            }
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct DocRowProps {
    item: DocItem,
    current: bool,
    on_open: Callback<AttrValue>,
}

/// One document of the list.
#[function_component(DocRow)]
fn doc_row(props: &DocRowProps) -> Html {
    let DocRowProps { item, current, .. } = props;
    let on_open = props.on_open.reform({
        let id = item.id.clone();
        move |_: MouseEvent| id.clone()
    });
    html! {
        <li class={classes!(current.then_some("current"))}>
            <button onclick={on_open} aria-current={current.then_some("true")} data-doc-id={item.id.clone()}>
                <span class="title">{ &item.title }</span>
                if item.uncertain > 0 {
                    <span class="unsure" data-uncertain-spans={item.uncertain.to_string()}
                        title={format!("{} span{} the extractor was unsure of, not yet seen to", item.uncertain, if item.uncertain == 1 { "" } else { "s" })}>
                        // Seen as "3 ?", heard as "3 uncertain".
                        { item.uncertain }<span aria-hidden="true">{ " ?" }</span><span class="sr-only">{ " uncertain" }</span>
                    </span>
                }
                <span class={classes!("badge", item.status.as_str().to_string())} data-status={item.status.as_str()}>
                    { item.status.to_string() }
                </span>
            </button>
        </li>
    }
}

/// A document's name in the list: its first line, shortened.
pub fn title_of(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("(empty)");
    let mut title: String = line.chars().take(60).collect();
    // Only as far as the 61st character: a first line may be a whole article.
    if line.chars().nth(60).is_some() {
        title.push('…');
    }
    title
}
