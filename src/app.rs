//! The root component: owns the store, and performs the side effects the
//! reducer must not: talking to the worker, saving, reading files, reading
//! the DOM selection, downloading. Everything else is in `state` and `components`.

use std::rc::Rc;

use nomen_session::{Boundary, SnapMode, Workspace};
use yew::prelude::*;

use crate::components::aliases_dialog::{AliasDecision, AliasesDialog};
use crate::components::article::{ArticleView as Article, Palette};
use crate::components::comparison::ComparisonView;
use crate::components::composer::Composer;
use crate::components::doc_list::{title_of, DocItem, DocList};
use crate::components::help::Help;
use crate::components::label_bar::LabelBar;
use crate::components::labels_dialog::{LabelEdit, LabelsDialog};
use crate::components::review_bar::ReviewBar;
use crate::components::review_panel::ReviewPanel;
use crate::components::toolbar::Toolbar;
use crate::download::download;
use crate::files::{self, OpenedFile};
use crate::hooks::use_article_view::{use_article_view, ArticleView};
use crate::hooks::use_autosave::use_autosave;
use crate::hooks::use_drag::use_drag;
use crate::hooks::use_inconsistencies::use_inconsistencies;
use crate::hooks::use_keyboard::use_keyboard;
use crate::hooks::use_worker::use_worker;
use crate::protocol::Request;
use crate::state::{Action, AppState, DocOrder, Overlay};
use crate::uncertainty::UNCERTAIN_BELOW;
use crate::{dom, storage};

/// Documents parsed between two repaints while importing.
const IMPORT_STEP: usize = 500;
/// The file "Export clusters" downloads.
const CLUSTERS_FILE: &str = "nomen-clusters.json";
/// Documents listed at once around the current one.
const DOC_LIST_WINDOW: usize = 300;

/// The page starts empty and restoring; the saved work arrives from IndexedDB (see the effect in `App`).
fn initial_state() -> AppState {
    let mut state = AppState::new(Workspace::default(), storage::load_draft(), None);
    state.restoring = true;
    state.doc_order = storage::load_doc_order().and_then(|name| DocOrder::from_name(&name)).unwrap_or_default();
    state
}

/// Reads the files, then imports them as one batch (brat pairs need each other).
fn read_files(list: web_sys::FileList, dispatch: UseReducerDispatcher<AppState>) {
    let files: Vec<gloo::file::File> = (0..list.length()).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
    if files.is_empty() {
        return;
    }
    let source = match files.as_slice() {
        [one] => one.name(),
        many => format!("{} files", many.len()),
    };
    let bytes: u64 = files.iter().map(|f| f.size()).sum();
    dispatch.dispatch(Action::Notify(format!("Reading {source} ({:.1} MB)…", bytes as f64 / 1e6)));
    yew::platform::spawn_local(async move {
        let mut opened = Vec::with_capacity(files.len());
        for file in &files {
            match gloo::file::futures::read_as_bytes(file).await {
                Ok(bytes) => opened.push(OpenedFile::from_bytes(file.name(), &bytes)),
                Err(err) => return dispatch.dispatch(Action::Fail(format!("{}: could not be read ({err})", file.name()))),
            }
        }
        // Parse a few hundred documents at a time, letting the page repaint in between.
        let mut importer = files::Importer::new(opened);
        loop {
            match importer.step(IMPORT_STEP) {
                Ok(files::Step::Reading { fraction, docs }) => {
                    dispatch.dispatch(Action::ImportProgress { source: source.clone(), fraction, docs });
                    gloo::timers::future::TimeoutFuture::new(0).await;
                }
                Ok(files::Step::Done) => break,
                Err(message) => return dispatch.dispatch(Action::Fail(format!("{message}. Nothing was added."))),
            }
        }
        let batch = importer.finish();
        dispatch.dispatch(Action::Import {
            source,
            docs: batch.docs,
            notes: batch.notes,
            patterns: batch.patterns,
            clusters: batch.clusters,
        });
    });
}

/// Compares annotations: one file is gold for the current work; with two, the
/// second is compared against the first (two analysts' agreement).
fn compare_files(list: web_sys::FileList, work: Vec<nomen_core::Document>, dispatch: UseReducerDispatcher<AppState>) {
    let files: Vec<gloo::file::File> = (0..list.length()).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
    if files.is_empty() || files.len() > 2 {
        return dispatch
            .dispatch(Action::Fail("Choose one gold file to compare this work with, or two exports to compare with each other.".into()));
    }
    yew::platform::spawn_local(async move {
        let mut sides = Vec::new();
        for file in &files {
            let bytes = match gloo::file::futures::read_as_bytes(file).await {
                Ok(bytes) => bytes,
                Err(err) => return dispatch.dispatch(Action::Fail(format!("{}: could not be read ({err})", file.name()))),
            };
            let mut importer = files::Importer::new(vec![OpenedFile::from_bytes(file.name(), &bytes)]);
            loop {
                match importer.step(usize::MAX) {
                    Ok(files::Step::Done) => break,
                    Ok(_) => {}
                    Err(message) => return dispatch.dispatch(Action::Fail(message)),
                }
            }
            sides.push((file.name(), importer.finish().docs));
        }
        let result = match sides.as_slice() {
            [(gold, docs)] => crate::evaluate::compare(gold, docs, "this work", &work),
            [(a, first), (b, second)] => crate::evaluate::compare(a, first, b, second),
            _ => unreachable!("one or two files, checked above"),
        };
        dispatch.dispatch(match result {
            Ok(comparison) => Action::Compared(comparison),
            Err(message) => Action::Fail(format!("Cannot compare: {message}.")),
        });
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    let worker = use_worker(&state);
    use_autosave(&state);
    use_keyboard(&state);
    use_inconsistencies(&state);
    let dragging = use_drag(dispatch.clone());
    use_effect_with(state.selected, |_| dom::reveal_selected_mark());
    // A search hit opened with no span yet: select its text, so 1–9 labels it.
    use_effect_with(state.review.reveal, |reveal| {
        if let Some((_, start, end)) = *reveal {
            dom::select_in_article(start, end);
        }
    });
    let ArticleView { view, shown, fresh: fresh_now } = use_article_view(&state);
    let palette = {
        let schema = state.ws.schema().clone();
        use_memo(schema, Palette::new)
    };

    let send = {
        let (worker, dispatch) = (worker.clone(), dispatch.clone());
        move |make: fn(u32) -> Request| {
            if let Err(message) = worker.send(make) {
                dispatch.dispatch(Action::Fail(message));
            }
        }
    };
    let on_reset_model = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| {
            if gloo::dialogs::confirm(
                "Forget the names the extractor learned from your corrections and go back to the shipped model alone?",
            ) {
                send(|id| Request::ResetModel { id });
            }
        })
    };
    let on_export_names = {
        let send = send.clone();
        Callback::from(move |_: MouseEvent| send(|id| Request::ExportPatterns { id }))
    };
    let on_export_model = Callback::from(move |_: MouseEvent| send(|id| Request::ExportModel { id }));

    // Stable callbacks: every block of the article gets them, and a new one would repaint them all.
    let on_select = use_callback(dispatch.clone(), |bounds: (usize, usize), dispatch| {
        // A click that ends a text selection is a selection, not a click on the mark.
        if dom::selection_in_article().is_none() {
            dispatch.dispatch(Action::SelectSpan(Some(bounds)));
        }
    });
    let on_drag_start = {
        let dragging = dragging.clone();
        use_callback((), move |boundary: Boundary, _| *dragging.borrow_mut() = Some(boundary))
    };
    let on_mouse_up = {
        let (dispatch, selected) = (dispatch.clone(), state.selected.is_some());
        Callback::from(move |_: MouseEvent| {
            if selected && dom::selection_in_article().is_some() {
                dispatch.dispatch(Action::SelectSpan(None)); // a new selection: the key will add, not relabel
            }
        })
    };
    let on_label = {
        let dispatch = dispatch.clone();
        Callback::from(move |(label, snap): (String, SnapMode)| {
            let selection = dom::selection_in_article();
            dom::clear_selection();
            dispatch.dispatch(Action::ApplyLabel { label, selection, snap });
        })
    };
    let on_files = {
        let dispatch = dispatch.clone();
        Callback::from(move |files| read_files(files, dispatch.clone()))
    };
    let on_drop = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                read_files(files, dispatch.clone());
            }
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_compare = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                let work = state.ws.docs().iter().map(|d| d.exported()).collect();
                compare_files(list, work, state.dispatcher());
            }
            input.set_value("");
        })
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| {
            let Some(id) = state.ws.current_id() else { return };
            let result = state
                .ws
                .export_document_json(id)
                .map_err(|e| e.to_string())
                .and_then(|json| download(&format!("{id}.json"), "application/json", &json));
            if let Err(message) = result {
                state.dispatch(Action::Fail(message));
            }
        })
    };
    let export_format = use_state(|| nomen_formats::Format::Jsonl);
    let on_export_all = {
        let (state, format) = (state.clone(), *export_format);
        Callback::from(move |_| {
            if let Err(message) = export_all(&state.ws, format) {
                state.dispatch(Action::Fail(message));
            }
        })
    };
    let on_export_format = {
        let export_format = export_format.clone();
        Callback::from(move |name: String| {
            if let Ok(format) = name.parse() {
                export_format.set(format);
            }
        })
    };
    let on_export_clusters = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let count = state.ws.aliases().confirmed().len();
            state.dispatch(match download(CLUSTERS_FILE, "application/json", &state.ws.export_alias_clusters_json()) {
                Ok(()) => {
                    Action::Notify(format!("{count} alias cluster{} exported as {CLUSTERS_FILE}.", if count == 1 { "" } else { "s" }))
                }
                Err(message) => Action::Fail(message),
            });
        })
    };
    // Proposals scan every span of every document: only while the dialog is open, once per change.
    let aliases = {
        let state = state.clone();
        let key = (state.overlay == Overlay::Aliases, state.ws.generation());
        use_memo(key, move |(open, _)| open.then(|| (Rc::new(state.alias_proposals()), Rc::new(state.confirmed_aliases()))))
    };
    // Counting the documents still waiting walks them all: once per change of
    // the documents or of what waits, not at every keystroke's render.
    let annotation_progress = {
        let state = state.clone();
        let key = (state.ws.generation(), state.stale.size(), state.held.len(), state.in_flight.len());
        *use_memo(key, move |_| state.annotation_progress())
    };
    let on_remove_doc = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            // No question asked: undo (Ctrl+Z, or the Undo removal button) brings it back.
            if let Some(id) = state.ws.current_id() {
                state.dispatch(Action::RemoveDocument(id.to_string()));
            }
        })
    };
    let actions: Callback<Action> = {
        let dispatch = dispatch.clone();
        Callback::from(move |action| dispatch.dispatch(action))
    };
    let act = |action: fn() -> Action| actions.reform(move |_: ()| action());

    let current = state.ws.current();
    // The list shows a window around the current document: tens of thousands of
    // entries would cost every render, and n / p still reach every document.
    let docs = state.ordered_docs();
    // Found by address, not by comparing ids with 5,000 others at every render.
    let at = current.and_then(|c| docs.iter().position(|d| std::ptr::eq(*d, c))).unwrap_or(0);
    let first = at.saturating_sub(DOC_LIST_WINDOW / 3).min(docs.len().saturating_sub(DOC_LIST_WINDOW));
    let window = &docs[first..(first + DOC_LIST_WINDOW).min(docs.len())];
    let items: Vec<DocItem> = window
        .iter()
        .map(|d| DocItem {
            id: AttrValue::from(d.id().to_string()),
            title: AttrValue::from(title_of(d.text())),
            status: d.status(),
            uncertain: d.confidence().uncertainty(UNCERTAIN_BELOW).remaining,
        })
        .collect();
    // Stable callbacks: the list's rows render again only when their props change.
    let on_order = use_callback(dispatch.clone(), |order: DocOrder, dispatch| {
        storage::save_doc_order(order.as_str());
        dispatch.dispatch(Action::SetDocOrder(order));
    });
    let on_open = use_callback(dispatch.clone(), |id: AttrValue, dispatch| dispatch.dispatch(Action::Open(id.to_string())));
    let hidden = docs.len() - window.len();

    if state.restoring {
        return html! {
            <div class="app restoring">
                <header class="top"><h1>{ "nomen" }</h1></header>
                <p class="restoring" role="status">{ "Restoring your saved work…" }</p>
            </div>
        };
    }

    html! {
        <div class="app" ondragover={on_drag_over} ondrop={on_drop}>
            <header class="top">
                <h1>{ "nomen" }</h1>
                <span class="tagline">{ "Named entities in news, annotated in your browser. Nothing leaves this machine." }</span>
                {
                    match &state.extractor {
                        Some(name) => html! {
                            <span class="engine">
                                { format!("extractor: {name}") }
                                if state.remembered > 0 {
                                    { format!(", remembering {} name{} from {} document{}", state.remembered, if state.remembered == 1 { "" } else { "s" }, state.learned, if state.learned == 1 { "" } else { "s" }) }
                                }
                                if state.learned > 0 || state.remembered > 0 {
                                    <button class="link" onclick={on_export_names} title="Download the learned names as Prodigy patterns, for nomen extract --patterns">{ "Export names" }</button>
                                    <button class="link" onclick={on_export_model} title="Download the model with what it learned, for nomen extract --model">{ "Export model" }</button>
                                    <button class="link" onclick={on_reset_model}>{ "Reset model" }</button>
                                }
                            </span>
                        },
                        None => html! {
                            <span class="engine" role="status">
                                { "loading the extractor… " }
                                <progress max="100" value={format!("{:.0}", state.loading * 100.0)} aria-label="Loading the extractor" />
                            </span>
                        },
                    }
                }
            </header>
            if let Some(problem) = &state.storage_problem {
                <div class="banner" role="alert">{ problem }</div>
            }
            <div class="columns">
                <aside class="side">
                    <Composer draft={AttrValue::from(state.draft.clone())} ready={state.extractor.is_some()}
                        on_input={actions.reform(Action::EditDraft)} on_add={act(|| Action::AddDraft)} on_files={on_files} />
                    if let Some((source, fraction, docs)) = &state.importing {
                        <div class="importing" role="status">
                            { format!("Importing {source}: {docs} documents so far ") }
                            <progress max="100" value={format!("{:.0}", fraction * 100.0)} aria-label="Import progress" />
                        </div>
                    }
                    if let Some((done, total)) = annotation_progress.filter(|&(_, total)| total > 1) {
                        <div class="importing" role="status">
                            { format!("{} of {} pre-annotated ", thousands(done), thousands(total)) }
                            <progress max={total.to_string()} value={done.to_string()} aria-label="Pre-annotation progress" />
                        </div>
                    }
                    if let Some((source, docs)) = state.duplicates.as_deref() {
                        <div class="notice" role="group" aria-label="Documents already here">
                            { format!("{} document{} from {source} {} already here (same id and text).", docs.len(), if docs.len() == 1 { "" } else { "s" }, if docs.len() == 1 { "is" } else { "are" }) }
                            <button onclick={act(|| Action::AddDuplicates).reform(|_: MouseEvent| ())}>{ "Add them anyway" }</button>
                            <button onclick={act(|| Action::DismissDuplicates).reform(|_: MouseEvent| ())}>{ "Leave them out" }</button>
                        </div>
                    }
                    <label class="file-button compare" title="One file: score this work against it as gold. Two files: how far two analysts' exports agree.">
                        { "Compare with gold or another export…" }
                        <input type="file" multiple=true aria-label="Compare with files" onchange={on_compare} />
                    </label>
                    <DocList items={items} hidden={hidden} current={state.ws.current_id().map(|id| AttrValue::from(id.to_string()))}
                        progress={state.ws.progress()} on_open={on_open}
                        order={state.doc_order} on_order={on_order} />
                </aside>
                <main>
                    <ReviewBar on_search={actions.reform(|q| Action::Review(crate::review::ReviewAction::Search(q)))}
                        on_inconsistencies={actions.reform(|_| Action::Review(crate::review::ReviewAction::ShowInconsistencies))}
                        on_adjudicate={{
                            let state = state.clone();
                            Callback::from(move |list| crate::review_io::adjudicate_files(list, state.ws.docs().iter().map(|d| d.exported()).collect(), state.dispatcher()))
                        }}
                        paused_adjudication={state.ws.adjudication().filter(|_| state.review.view != crate::review::ReviewView::Adjudication).map(|a| a.undecided())}
                        on_resume={actions.reform(|_| Action::Review(crate::review::ReviewAction::ResumeAdjudication))} />
                    <Toolbar
                        can_undo={current.is_some_and(|d| d.can_undo()) || state.ws.last_removed().is_some()}
                        can_redo={current.is_some_and(|d| d.can_redo())}
                        can_accept={current.is_some_and(|d| d.status() == nomen_session::DocStatus::PreAnnotated)}
                        is_done={current.is_some_and(|d| d.status() == nomen_session::DocStatus::Done)}
                        has_selection={state.selected.is_some()}
                        has_docs={current.is_some()}
                        can_extract={current.is_some_and(|d| d.status() == nomen_session::DocStatus::New && (d.held() || state.held.contains(d.id())))}
                        on_extract={act(|| Action::Extract)} on_remove_doc={on_remove_doc}
                        on_undo={act(|| Action::Undo)} on_redo={act(|| Action::Redo)}
                        on_accept={act(|| Action::AcceptAll)} on_done={act(|| Action::MarkDone)} on_learn={act(|| Action::LearnNow)}
                        on_reopen={act(|| Action::Reopen)} on_delete={act(|| Action::DeleteSelected)}
                        on_all_occurrences={act(|| Action::LabelAllOccurrences)}
                        on_export={on_export} on_export_all={on_export_all} on_help={act(|| Action::ToggleHelp)}
                        on_aliases={act(|| Action::ShowOverlay(Overlay::Aliases))}
                        export_format={AttrValue::from(export_format.name())} on_export_format={on_export_format} />
                    <LabelBar schema={state.ws.schema().clone()} on_label={on_label}
                        on_edit_labels={actions.reform(|_| Action::ShowOverlay(Overlay::Labels))} />
                    {{
                        // While the analyst's last action is a removal, the line offers to undo it.
                        let undo_removal = state.ws.last_removed().map(|removed| html! {
                            <>{ " " }<button class="link undo-removal" onclick={act(|| Action::Undo).reform(|_: MouseEvent| ())}
                                aria-keyshortcuts="Control+Z" title={format!("Put “{}” back at its place", title_of(removed.text()))}>
                                { "Undo removal" }
                            </button></>
                        });
                        match &state.message {
                            Some(m) if m.error => html! { <p class="message error" role="alert">{ &m.text }{ for undo_removal }</p> },
                            Some(m) => html! { <p class="message" role="status">{ &m.text }{ for undo_removal }</p> },
                            None => html! { <p class="message" role="status">{ for undo_removal }</p> },
                        }
                    }}
                    <ReviewPanel panel={crate::review::panel(&state)} on_action={actions.reform(Action::Review)} />
                    {
                        match &view {
                            Some(v) => html! {
                                <Article doc_id={v.id.clone()} blocks={v.blocks.clone()} parts={v.parts.clone()}
                                    shown={shown} fresh={fresh_now} selected={state.selected} palette={palette.clone()}
                                    on_select={on_select} on_drag_start={on_drag_start} on_mouse_up={on_mouse_up} />
                            },
                            None => html! {
                                <div class="empty">
                                    <p><strong>{ "No article yet." }</strong></p>
                                    <p>{ "Paste one into “Article text” and press “Extract entities”, open .txt or .jsonl files, or drop them anywhere on this page." }</p>
                                    <p>{ "Then select text and press 1–9 to label it, click a mark to select it, and press ? for all the keys." }</p>
                                </div>
                            },
                        }
                    }
                </main>
            </div>
            {
                match &state.overlay {
                    Overlay::Help => html! { <Help on_close={act(|| Action::Escape)} /> },
                    Overlay::Labels => html! { <LabelsDialog schema={state.ws.schema().clone()} on_edit={actions.reform(label_action)} on_close={act(|| Action::Escape)} /> },
                    Overlay::Aliases => match aliases.as_ref() {
                        Some((proposals, confirmed)) => html! {
                            <AliasesDialog proposals={proposals.clone()} confirmed={confirmed.clone()} schema={state.ws.schema().clone()}
                                on_decide={actions.reform(alias_action)} on_export={on_export_clusters} on_close={act(|| Action::Escape)} />
                        },
                        None => html! {},
                    },
                    Overlay::Comparison(comparison) => html! { <ComparisonView comparison={comparison.clone()} on_close={act(|| Action::Escape)} /> },
                    Overlay::None => html! {},
                }
            }
        </div>
    }
}

/// Downloads every document in `format`. JSONL is the session's own export (it
/// keeps statuses); other formats go through nomen-formats, and if the format
/// cannot hold everything (spans, kb_ids, the exact text) the analyst is told
/// what and asked first.
fn export_all(ws: &nomen_session::Workspace, format: nomen_formats::Format) -> Result<(), String> {
    if format == nomen_formats::Format::Jsonl {
        return download("nomen-annotations.jsonl", "application/jsonl", &ws.export_jsonl());
    }
    let prepared = crate::export::export_workspace(format, ws)?;
    if let Some(question) = prepared.confirmation(format) {
        if !gloo::dialogs::confirm(&question) {
            return Err(prepared.cancelled(format));
        }
    }
    for file in &prepared.files {
        download(&file.name, file.mime, &file.contents)?;
    }
    Ok(())
}

/// 5000 → "5,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The labels dialog's request as the reducer's action.
fn label_action(edit: LabelEdit) -> Action {
    match edit {
        LabelEdit::Add(def) => Action::AddLabel(def),
        LabelEdit::Rename { old, new } => Action::RenameLabel { old, new },
        LabelEdit::Recolour { name, color } => Action::RecolourLabel { name, color },
        LabelEdit::Rekey { name, key } => Action::RekeyLabel { name, key },
        LabelEdit::Remove(name) => Action::RemoveLabel(name),
    }
}

/// The aliases dialog's decision as the reducer's action.
fn alias_action(decision: AliasDecision) -> Action {
    match decision {
        AliasDecision::Confirm { label, names } => Action::ConfirmAliases { label, names },
        AliasDecision::DropVariant { label, name, others } => Action::DropAliasVariant { label, name, others },
        AliasDecision::Dismiss { label, names } => Action::DismissAliases { label, names },
        AliasDecision::Split { kb_id, name } => Action::SplitAlias { kb_id, name },
        AliasDecision::Remove(kb_id) => Action::RemoveAliasCluster(kb_id),
    }
}
