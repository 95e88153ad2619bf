//! The review panel above the article: the concordance of a search, the
//! inconsistency list, or the adjudication of two analysts' work, whichever
//! is open. It only shows `review::Panel` and sends `ReviewAction`s back.

use nomen_session::batch::Refusal;
use yew::prelude::*;

use crate::components::adjudication_view::AdjudicationView;
use crate::components::concordance::Concordance;
use crate::components::inconsistencies_view::InconsistenciesView;
use crate::review::{Panel, ReviewAction};

#[derive(Properties, PartialEq)]
pub struct ReviewPanelProps {
    pub panel: Panel,
    pub on_action: Callback<ReviewAction>,
}

#[function_component(ReviewPanel)]
pub fn review_panel(props: &ReviewPanelProps) -> Html {
    let on_action = props.on_action.clone();
    match &props.panel {
        Panel::Closed => html! {},
        Panel::Search { rows, total, truncated, refused, undo, labels, suggested } => html! {
            <Concordance rows={rows.clone()} total={*total} truncated={*truncated} refused={refused.clone()}
                undo={undo.clone().map(AttrValue::from)} labels={labels.clone()} suggested={suggested.clone()} on_action={on_action} />
        },
        Panel::Inconsistencies { items, finding, refused, undo, labels } => html! {
            <InconsistenciesView items={items.clone()} finding={*finding} refused={refused.clone()} undo={undo.clone().map(AttrValue::from)}
                labels={labels.clone()} on_action={on_action} />
        },
        Panel::Adjudication { adj } => html! {
            <AdjudicationView adj={adj.clone()} on_action={on_action} />
        },
    }
}

/// What a corpus-wide change refused, listed (never dropped).
pub fn refusals(refused: &[Refusal]) -> Html {
    if refused.is_empty() {
        return html! {};
    }
    html! {
        <details class="refused" open=true>
            <summary>{ format!("{} not changed", refused.len()) }</summary>
            <ul>
                { for refused.iter().take(200).map(|r| html! {
                    <li data-refused="" data-doc={r.doc.clone()} data-start={r.start.to_string()} data-end={r.end.to_string()}>
                        <strong>{ format!("“{}”", r.text) }</strong>{ format!(" in {} at {}–{}: {}", r.doc, r.start, r.end, r.reason) }
                    </li>
                }) }
                if refused.len() > 200 { <li>{ format!("… and {} more", refused.len() - 200) }</li> }
            </ul>
        </details>
    }
}

/// The "Undo that" line after a corpus-wide change.
pub fn undo_line(undo: &Option<AttrValue>, on_action: &Callback<ReviewAction>) -> Html {
    match undo {
        Some(what) => {
            let onclick = on_action.reform(|_: MouseEvent| ReviewAction::UndoBatch);
            html! { <button class="link" onclick={onclick} title="One undo in each document it changed">{ format!("Undo {what}") }</button> }
        }
        None => html! {},
    }
}
