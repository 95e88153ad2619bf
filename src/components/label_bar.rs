//! The label bar: one button per label, with its colour and hotkey.
//! Clicking applies the label like its key does (Shift+click keeps exact characters: `SnapMode::Exact`).

use nomen_core::Schema;
use nomen_session::SnapMode;
use yew::prelude::*;

use super::text_color_on;
use crate::keys::snap_mode;

#[derive(Properties, PartialEq)]
pub struct LabelBarProps {
    pub schema: Schema,
    /// (label, how the selection becomes bounds)
    pub on_label: Callback<(String, SnapMode)>,
    pub on_edit_labels: Callback<()>,
}

#[function_component(LabelBar)]
pub fn label_bar(props: &LabelBarProps) -> Html {
    // A mousedown on a button would clear the text selection the label is for.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let on_edit = props.on_edit_labels.reform(|_: MouseEvent| ());
    html! {
        <div class="label-bar" role="toolbar" aria-label="Labels">
            { for props.schema.labels.iter().map(|l| {
                let name = l.name.clone();
                let on_click = props.on_label.reform(move |e: MouseEvent| (name.clone(), snap_mode(e.shift_key())));
                let style = format!("background-color: {}; color: {}", l.color, text_color_on(&l.color));
                html! {
                    <button class="chip" style={style} title={l.description.clone()} data-label={l.name.clone()}
                        onmousedown={keep_selection.clone()} onclick={on_click}>
                        if let Some(key) = l.hotkey { <kbd>{ key }</kbd> }
                        { &l.name }
                    </button>
                }
            }) }
            <button class="link" onclick={on_edit}>{ "Edit labels…" }</button>
        </div>
    }
}
