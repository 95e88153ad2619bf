//! The document's actions: undo, redo, find entities again, accept, done, remove, delete, aliases, export.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub can_accept: bool,
    pub is_done: bool,
    pub has_selection: bool,
    pub has_docs: bool,
    /// The current document's pre-annotation was undone: the extractor may be asked again.
    pub can_extract: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_accept: Callback<()>,
    pub on_done: Callback<()>,
    pub on_learn: Callback<()>,
    pub on_reopen: Callback<()>,
    pub on_delete: Callback<()>,
    pub on_extract: Callback<()>,
    /// Remove the current document from the workspace (after a confirmation).
    pub on_remove_doc: Callback<()>,
    pub on_all_occurrences: Callback<()>,
    pub on_export: Callback<()>,
    pub on_export_all: Callback<()>,
    /// The format "Export all" writes, by its name (`jsonl`, `conll`, ...).
    pub export_format: AttrValue,
    pub on_export_format: Callback<String>,
    pub on_help: Callback<()>,
    pub on_aliases: Callback<()>,
}

fn click(cb: &Callback<()>) -> Callback<MouseEvent> {
    cb.reform(|_: MouseEvent| ())
}

#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    html! {
        <div class="toolbar" role="toolbar" aria-label="Document actions">
            <button onclick={click(&p.on_undo)} disabled={!p.can_undo} title="Ctrl+Z">{ "Undo" }</button>
            <button onclick={click(&p.on_redo)} disabled={!p.can_redo} title="Ctrl+Shift+Z or Ctrl+Y">{ "Redo" }</button>
            <button onclick={click(&p.on_delete)} disabled={!p.has_selection} title="Delete">{ "Delete span" }</button>
            <button onclick={click(&p.on_all_occurrences)} disabled={!p.has_selection} title="o: in every document, and in new ones">{ "Label all occurrences" }</button>
            if p.can_extract {
                <button onclick={click(&p.on_extract)} title="e: ask the extractor for this document again">{ "Find entities" }</button>
            }
            <span class="sep" />
            <button onclick={click(&p.on_accept)} disabled={!p.can_accept} title="a">{ "Accept all" }</button>
            if p.is_done {
                <button onclick={click(&p.on_reopen)}>{ "Reopen" }</button>
            } else {
                <button class="primary" onclick={click(&p.on_done)} disabled={!p.has_docs} title="d">{ "Mark done" }</button>
            }
            <button onclick={click(&p.on_learn)} disabled={!p.has_docs} title="l: teach the extractor this document's names now, without marking it done">{ "Learn now" }</button>
            <button onclick={click(&p.on_remove_doc)} disabled={!p.has_docs} title="Shift+Delete: remove this document from the workspace (Ctrl+Z brings it back)">{ "Remove document" }</button>
            <span class="sep" />
            <button onclick={click(&p.on_aliases)} disabled={!p.has_docs} title="k: spelling variants of one name, exported as kb_id">{ "Aliases" }</button>
            <button onclick={click(&p.on_export)} disabled={!p.has_docs}>{ "Export JSON" }</button>
            <button onclick={click(&p.on_export_all)} disabled={!p.has_docs}>{ "Export all" }</button>
            <select aria-label="Export format" title="The format of “Export all”"
                onchange={p.on_export_format.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())}>
                { for crate::export::MENU.iter().map(|(format, words)| html! {
                    <option value={format.name()} selected={p.export_format == format.name()}>{ *words }</option>
                }) }
            </select>
            <button class="help" onclick={click(&p.on_help)} title="?" aria-label="Keyboard help">{ "?" }</button>
        </div>
    }
}
