//! Every text labelled differently in different places (or labelled in some
//! and not others), with its counts per label, and one action to make it
//! consistent: the majority label, or a chosen one, everywhere. While the
//! list is being found (in steps, by `use_inconsistencies`) the section is
//! `aria-busy` and says so; the last list stays until the new one arrives.

use std::rc::Rc;

use nomen_session::batch::Refusal;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::review_panel::{refusals, undo_line};
use crate::review::{InconsistencyList, ReviewAction};

/// Texts listed at once.
const SHOWN: usize = 100;
/// The choice meaning "no label" in the select.
const NO_LABEL: &str = "";

#[derive(Properties, PartialEq)]
pub struct InconsistenciesProps {
    pub items: InconsistencyList,
    /// The list is being found again.
    pub finding: bool,
    pub refused: Rc<Vec<Refusal>>,
    pub undo: Option<AttrValue>,
    pub labels: Rc<Vec<String>>,
    pub on_action: Callback<ReviewAction>,
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    index: usize,
    items: InconsistencyList,
    labels: Rc<Vec<String>>,
    on_action: Callback<ReviewAction>,
}

#[function_component(Item)]
fn item(props: &ItemProps) -> Html {
    let choice = use_node_ref();
    let index = props.index;
    let Some(item) = props.items.get(index) else { return html! {} };
    let majority = item.majority().map(str::to_string);
    let apply_majority = majority
        .clone()
        .map(|label| props.on_action.reform(move |_: MouseEvent| ReviewAction::MakeConsistent { item: index, label: Some(label.clone()) }));
    let apply_chosen = {
        let (choice, on_action) = (choice.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(select) = choice.cast::<HtmlSelectElement>() else { return };
            let value = select.value();
            on_action.emit(ReviewAction::MakeConsistent { item: index, label: (value != NO_LABEL).then_some(value) });
        })
    };
    let text = &item.text;
    html! {
        <li data-inconsistent="" data-text={text.clone()}>
            <span class="summary">{ item.summary() }</span>
            if let (Some(label), Some(onclick)) = (majority.clone(), apply_majority) {
                <button onclick={onclick} title="The most frequent label, in every place of this text: one undo step per document">{ format!("Make all {label}") }</button>
            }
            <select ref={choice} aria-label={format!("Label for every “{text}”")}>
                { for props.labels.iter().map(|l| html! { <option value={l.clone()} selected={Some(l) == majority.as_ref()}>{ l }</option> }) }
                <option value={NO_LABEL}>{ "no label" }</option>
            </select>
            <button onclick={apply_chosen}>{ "Apply everywhere" }</button>
        </li>
    }
}

#[function_component(InconsistenciesView)]
pub fn inconsistencies_view(props: &InconsistenciesProps) -> Html {
    let close = props.on_action.reform(|_: MouseEvent| ReviewAction::Close);
    let total = props.items.len();
    html! {
        <section class="review inconsistencies" aria-label="Inconsistencies" aria-busy={if props.finding { "true" } else { "false" }}>
            <div class="review-head">
                if props.finding {
                    <strong>{ "Finding inconsistencies…" }</strong>
                } else {
                    <strong>{ format!("{total} text{} labelled inconsistently", if total == 1 { "" } else { "s" }) }</strong>
                }
                <span class="hint">{ " (exact text, case-sensitive, whole words; a place inside a longer span does not count)" }</span>
                <span class="spacer" />
                { undo_line(&props.undo, &props.on_action) }
                <button class="link" onclick={close}>{ "Close" }</button>
            </div>
            { refusals(&props.refused) }
            if total == 0 && !props.finding { <p class="hint">{ "Every labelled text is labelled the same everywhere." }</p> }
            <ul class="inconsistent">
                { for props.items.iter().take(SHOWN).enumerate().map(|(index, item)| html! {
                    <Item key={item.text.clone()} index={index} items={props.items.clone()} labels={props.labels.clone()} on_action={props.on_action.clone()} />
                }) }
            </ul>
            if total > SHOWN { <p class="hint">{ format!("… and {} more; fix these first.", total - SHOWN) }</p> }
        </section>
    }
}
