//! The keyboard help overlay (`?`).

use yew::prelude::*;

use crate::keys::HELP;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="panel">
                <h2 id="help-title">{ "Keyboard" }</h2>
                <table class="keys">
                    { for HELP.iter().map(|(keys, what)| html! { <tr><th><kbd>{ *keys }</kbd></th><td>{ *what }</td></tr> }) }
                </table>
                <p class="hint">{ "Labels are snapped to whole words; a leading “the” is kept if you select it. Edits that would overlap another span are refused, with the reason shown." }</p>
                <button class="primary" onclick={on_close}>{ "Close" }</button>
            </div>
        </div>
    }
}
