//! The label bar: each label's colour and hotkey.

use nomen_core::Schema;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub schema: Schema,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    html! {
        <div class="legend" aria-label="Labels">
            { for props.schema.labels.iter().map(|l| html! {
                <span class="chip" style={format!("background-color: {}", l.color)} title={l.description.clone()}>
                    if let Some(key) = l.hotkey { <kbd>{ key }</kbd> }
                    { &l.name }
                </span>
            }) }
        </div>
    }
}
