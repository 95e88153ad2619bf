//! Editing the label schema: add, rename, recolour, re-key, remove.

use nomen_core::labels::LabelDef;
use nomen_core::Schema;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the analyst asked of the schema; the page turns it into an action.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelEdit {
    Add(LabelDef),
    Rename { old: String, new: String },
    Recolour { name: String, color: String },
    Rekey { name: String, key: Option<char> },
    Remove(String),
}

#[derive(Properties, PartialEq)]
pub struct LabelsDialogProps {
    pub schema: Schema,
    pub on_edit: Callback<LabelEdit>,
    pub on_close: Callback<()>,
}

/// Light colours for new labels: black text stays readable on all of them.
const NEW_COLOURS: &[&str] = &["#ffe0b3", "#d4f0f0", "#e8d9ff", "#fbd3e9", "#e2f0cb", "#ffd6d6", "#d6e4ff"];

#[function_component(LabelsDialog)]
pub fn labels_dialog(props: &LabelsDialogProps) -> Html {
    let new_name = use_state(String::new);
    let rows = props.schema.labels.iter().map(|l| {
        let name = l.name.clone();
        let act = props.on_edit.clone();
        let on_rename = {
            let (name, act) = (name.clone(), act.clone());
            Callback::from(move |e: Event| {
                let new = e.target_unchecked_into::<HtmlInputElement>().value().trim().to_string();
                if !new.is_empty() && new != name {
                    act.emit(LabelEdit::Rename { old: name.clone(), new });
                }
            })
        };
        let on_colour = {
            let (name, act) = (name.clone(), act.clone());
            Callback::from(move |e: Event| {
                act.emit(LabelEdit::Recolour { name: name.clone(), color: e.target_unchecked_into::<HtmlInputElement>().value() });
            })
        };
        let on_key = {
            let (name, act) = (name.clone(), act.clone());
            Callback::from(move |e: Event| {
                let key = e.target_unchecked_into::<HtmlSelectElement>().value().chars().next();
                act.emit(LabelEdit::Rekey { name: name.clone(), key });
            })
        };
        let on_remove = {
            let (name, act) = (name.clone(), act.clone());
            Callback::from(move |_: MouseEvent| act.emit(LabelEdit::Remove(name.clone())))
        };
        let current_key = l.hotkey.map(String::from).unwrap_or_default();
        html! {
            <tr key={l.name.clone()}>
                <td><input type="text" value={l.name.clone()} aria-label={format!("Name of {}", l.name)} onchange={on_rename} /></td>
                <td><input type="color" value={l.color.clone()} aria-label={format!("Colour of {}", l.name)} onchange={on_colour} /></td>
                <td>
                    <select aria-label={format!("Key of {}", l.name)} onchange={on_key}>
                        <option value="" selected={current_key.is_empty()}>{ "none" }</option>
                        { for ('1'..='9').map(|k| html! { <option value={k.to_string()} selected={current_key == k.to_string()}>{ k }</option> }) }
                    </select>
                </td>
                <td><button onclick={on_remove}>{ "Remove" }</button></td>
            </tr>
        }
    });
    let on_new_name = {
        let new_name = new_name.clone();
        Callback::from(move |e: InputEvent| new_name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_add = {
        let (new_name, act, count) = (new_name.clone(), props.on_edit.clone(), props.schema.labels.len());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = new_name.trim().to_uppercase();
            if name.is_empty() {
                return;
            }
            act.emit(LabelEdit::Add(LabelDef {
                name,
                description: String::new(),
                color: NEW_COLOURS[count % NEW_COLOURS.len()].to_string(),
                hotkey: None,
            }));
            new_name.set(String::new());
        })
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="labels-title">
            <div class="panel">
                <h2 id="labels-title">{ "Labels" }</h2>
                <table class="labels">
                    <tr><th>{ "name" }</th><th>{ "colour" }</th><th>{ "key" }</th><th></th></tr>
                    { for rows }
                </table>
                <form onsubmit={on_add} class="add-label">
                    <input type="text" placeholder="NEW_LABEL" aria-label="New label name" value={(*new_name).clone()} oninput={on_new_name} />
                    <button type="submit">{ "Add label" }</button>
                </form>
                <p class="hint">{ "Renaming a label renames it on every span of every document. Text on marks switches between black and white to stay readable." }</p>
                <button class="primary" onclick={on_close}>{ "Done" }</button>
            </div>
        </div>
    }
}
