//! A search's hits as a concordance: left context, match, right context,
//! document and current label, one focusable row per hit. Enter opens the
//! document at the hit, a digit labels the focused hit, arrows move between
//! hits, "Label all hits" labels every unlabelled one.

use std::rc::Rc;

use nomen_session::batch::Refusal;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::review_panel::{refusals, undo_line};
use crate::review::{HitRow, ReviewAction};

#[derive(Properties, PartialEq)]
pub struct ConcordanceProps {
    pub rows: Rc<Vec<HitRow>>,
    pub total: usize,
    pub truncated: bool,
    pub refused: Rc<Vec<Refusal>>,
    pub undo: Option<AttrValue>,
    pub labels: Rc<Vec<String>>,
    /// The label offered first (the one most hits have); else the schema's first.
    pub suggested: Option<String>,
    pub on_action: Callback<ReviewAction>,
}

/// Moves focus to the previous or next row.
fn focus_sibling(target: &HtmlElement, next: bool) {
    let sibling = if next { target.next_element_sibling() } else { target.previous_element_sibling() };
    if let Some(element) = sibling.and_then(|s| s.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

#[derive(Properties, PartialEq)]
struct HitLineProps {
    row: HitRow,
    on_action: Callback<ReviewAction>,
}

/// One hit; re-rendered only when its row changes.
#[function_component(HitLine)]
fn hit_line(props: &HitLineProps) -> Html {
    let row = &props.row;
    let index = row.index;
    let onkeydown = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let target: HtmlElement = e.target_unchecked_into();
            match key.as_str() {
                "Enter" => on_action.emit(ReviewAction::OpenHit(index)),
                "ArrowDown" => focus_sibling(&target, true),
                "ArrowUp" => focus_sibling(&target, false),
                k if k.len() == 1 && k.chars().all(|c| c.is_ascii_digit() && c != '0') && !e.ctrl_key() && !e.alt_key() => {
                    if let Some(key) = k.chars().next() {
                        on_action.emit(ReviewAction::LabelHit { hit: index, key });
                    }
                }
                _ => return,
            }
            // Handled here: the page's own shortcuts (1–9 on a text selection) must not act too.
            e.prevent_default();
            e.stop_propagation();
        })
    };
    let ondblclick = props.on_action.reform(move |_: MouseEvent| ReviewAction::OpenHit(index));
    html! {
        <li tabindex="0" data-hit={index.to_string()} data-doc={row.doc.clone()} data-start={row.start.to_string()}
            data-end={row.end.to_string()} data-label={row.label.clone().unwrap_or_default()}
            onkeydown={onkeydown} ondblclick={ondblclick}
            title="Enter: open the document here · 1–9: label this hit · ↑↓: other hits">
            <span class="left">{ &row.left }</span>
            <span class="match">{ &row.matched }</span>
            <span class="right">{ &row.right }</span>
            <span class="where">{ &row.doc }</span>
            <span class="current">{
                match (&row.label, &row.overlaps) {
                    (Some(label), _) => label.clone(),
                    (None, Some(other)) => format!("inside {other}"),
                    (None, None) => "none".to_string(),
                }
            }</span>
        </li>
    }
}

#[function_component(Concordance)]
pub fn concordance(props: &ConcordanceProps) -> Html {
    let label_choice = use_node_ref();
    let on_action = props.on_action.clone();
    let on_label_all = {
        let (choice, on_action) = (label_choice.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(select) = choice.cast::<HtmlSelectElement>() {
                on_action.emit(ReviewAction::LabelAllHits(select.value()));
            }
        })
    };
    let close = on_action.reform(|_: MouseEvent| ReviewAction::Close);
    let shown = props.rows.len();
    html! {
        <section class="review concordance" aria-label="Search results">
            <div class="review-head">
                <strong>{ format!("{} hit{}", props.total, if props.total == 1 { "" } else { "s" }) }</strong>
                if props.truncated { <span class="hint">{ " (the first ones only; narrow the search for the rest)" }</span> }
                if shown < props.total { <span class="hint">{ format!(" — the first {shown} listed") }</span> }
                <span class="spacer" />
                <select ref={label_choice} aria-label="Label for all hits">
                    { for props.labels.iter().enumerate().map(|(i, l)| {
                        let chosen = props.suggested.as_ref().map_or(i == 0, |s| s == l);
                        html! { <option value={l.clone()} selected={chosen}>{ l }</option> }
                    }) }
                </select>
                <button onclick={on_label_all} disabled={props.total == 0} title="Every unlabelled hit gets this label: one undo step per document">{ "Label all hits" }</button>
                { undo_line(&props.undo, &on_action) }
                <button class="link" onclick={close}>{ "Close" }</button>
            </div>
            { refusals(&props.refused) }
            <ol class="hits">
                { for props.rows.iter().map(|row| html! { <HitLine key={row.index} row={row.clone()} on_action={on_action.clone()} /> }) }
            </ol>
            if shown < props.total {
                <button class="link" onclick={on_action.reform(|_: MouseEvent| ReviewAction::ShowMoreHits)}>{ "Show more hits" }</button>
            }
        </section>
    }
}
