//! Adjudication: two analysts' annotations of the same documents, every
//! difference shown in the text with both versions, decided one by one
//! ("Take A" a, "Take B" b) or for the rest of the document ("Take all A"
//! Shift+A, "Take all B" Shift+B); agreements are kept. The agreement per
//! label is shown beside it; the result joins the workspace marked done.

use std::sync::Arc;

use nomen_core::Span;
use nomen_session::adjudicate::{Adjudication, Diff, Presence, Side};
use yew::prelude::*;

use crate::review::ReviewAction;

#[derive(Properties, PartialEq)]
pub struct AdjudicationProps {
    /// With the document on screen (`adj.doc`) and its focused difference (`adj.focus`).
    pub adj: Arc<Adjudication>,
    pub on_action: Callback<ReviewAction>,
}

/// One side's version of a difference: “Bank of America” ORG, or nothing.
fn version(text: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return "no entity".to_string();
    }
    let slice = |s: &Span| nomen_core::text::char_slice(text, s.start, s.end).unwrap_or("").to_string();
    spans.iter().map(|s| format!("“{}” {}", slice(s), s.label)).collect::<Vec<_>>().join(", ")
}

fn decision_name(diff: &Diff) -> &'static str {
    match diff.decision {
        Some(Side::A) => "a",
        Some(Side::B) => "b",
        None => "",
    }
}

#[function_component(AdjudicationView)]
pub fn adjudication_view(props: &AdjudicationProps) -> Html {
    let adj = &props.adj;
    let on_action = props.on_action.clone();
    let Some(doc) = adj.docs.get(adj.doc) else { return html! {} };
    let text = doc.text.as_str();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |cp: usize| chars.get(cp).map_or(text.len(), |(b, _)| *b);
    let slice = |start: usize, end: usize| &text[byte(start)..byte(end)];

    // The text in pieces: plain, agreed spans, differences, in order (they never overlap).
    enum Piece<'a> {
        Agreed(&'a Span),
        Diff(usize, &'a Diff),
    }
    let mut pieces: Vec<(usize, usize, Piece)> = doc.agreed.iter().map(|s| (s.start, s.end, Piece::Agreed(s))).collect();
    pieces.extend(doc.diffs.iter().enumerate().map(|(i, d)| (d.start, d.end, Piece::Diff(i, d))));
    pieces.sort_by_key(|(start, _, _)| *start);
    let mut nodes: Vec<Html> = Vec::new();
    let mut at = 0;
    for (start, end, piece) in pieces {
        if start > at {
            nodes.push(html! { <span>{ slice(at, start) }</span> });
        }
        match piece {
            Piece::Agreed(span) => nodes.push(html! {
                <mark class="agreed" data-label={span.label.clone()} data-start={span.start.to_string()} data-end={span.end.to_string()}>{ slice(span.start, span.end) }</mark>
            }),
            Piece::Diff(i, diff) => {
                let focused = adj.focus == Some(i);
                let onfocus = on_action.reform(move |_: FocusEvent| ReviewAction::AdjFocus(i));
                let onkeydown = {
                    let on_action = on_action.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        let action = match e.key().as_str() {
                            "a" => ReviewAction::Take { diff: Some(i), side: Side::A },
                            "b" => ReviewAction::Take { diff: Some(i), side: Side::B },
                            "A" => ReviewAction::TakeAll(Side::A),
                            "B" => ReviewAction::TakeAll(Side::B),
                            _ => return,
                        };
                        e.prevent_default();
                        on_action.emit(action);
                    })
                };
                nodes.push(html! {
                    <span class={classes!("diff", focused.then_some("focused"), diff.decision.map(|_| "decided"))} tabindex="0"
                        data-diff={i.to_string()} data-kind={diff.kind.as_str()} data-decision={decision_name(diff)}
                        data-start={diff.start.to_string()} data-end={diff.end.to_string()}
                        onfocus={onfocus} onkeydown={onkeydown}
                        aria-label={format!("{}: A {}; B {}", diff.kind.as_str(), version(text, &diff.a), version(text, &diff.b))}>
                        <span class="diff-text">{ slice(start, end) }</span>
                        <span class="side a" data-side="a">{ format!("A: {}", version(text, &diff.a)) }</span>
                        <span class="side b" data-side="b">{ format!("B: {}", version(text, &diff.b)) }</span>
                    </span>
                });
            }
        }
        at = at.max(end);
    }
    if at < chars.len() {
        nodes.push(html! { <span>{ slice(at, chars.len()) }</span> });
    }

    let take = |side: Side| on_action.reform(move |_: MouseEvent| ReviewAction::Take { diff: None, side });
    let take_all = |side: Side| on_action.reform(move |_: MouseEvent| ReviewAction::TakeAll(side));
    let show = |to: usize| on_action.reform(move |_: MouseEvent| ReviewAction::AdjShowDoc(to));
    let undecided = adj.undecided();
    let here = doc.undecided();
    let presence = match doc.presence {
        Presence::Both => String::new(),
        Presence::OnlyA => format!(" — only in {} (A)", adj.a_name),
        Presence::OnlyB => format!(" — only in {} (B)", adj.b_name),
    };
    let next_with_work = adj
        .docs
        .iter()
        .enumerate()
        .skip(adj.doc + 1)
        .chain(adj.docs.iter().enumerate().take(adj.doc))
        .find(|(_, d)| d.undecided() > 0)
        .map(|(i, _)| i);
    let report = &adj.agreement;
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="adjudication-title"
            onkeydown={|e: KeyboardEvent| e.stop_propagation() /* the page's shortcuts would act on the document behind */}>
            <div class="panel adjudication">
                <h2 id="adjudication-title">{ format!("Adjudicate: {} (A) and {} (B)", adj.a_name, adj.b_name) }</h2>
                <div class="adj-nav">
                    <button onclick={show(adj.doc.saturating_sub(1))} disabled={adj.doc == 0}>{ "Previous document" }</button>
                    <span>{ format!("Document {} of {}: {}{presence} · {here} of {} difference{} left here · {undecided} left in all",
                        adj.doc + 1, adj.docs.len(), doc.id.clone().unwrap_or_else(|| "(no id)".into()), doc.diffs.len(), if doc.diffs.len() == 1 { "" } else { "s" }) }</span>
                    <button onclick={show(adj.doc + 1)} disabled={adj.doc + 1 >= adj.docs.len()}>{ "Next document" }</button>
                    if let Some(next) = next_with_work {
                        <button class="link" onclick={show(next)}>{ "Next with differences" }</button>
                    }
                </div>
                <div class="adj-actions">
                    <button onclick={take(Side::A)} aria-keyshortcuts="a" title="a: A's version of the focused difference">{ "Take A" }</button>
                    <button onclick={take(Side::B)} aria-keyshortcuts="b" title="b: B's version of the focused difference">{ "Take B" }</button>
                    <button onclick={take_all(Side::A)} aria-keyshortcuts="Shift+A" title="Shift+A: A for every undecided difference of this document">{ "Take all A" }</button>
                    <button onclick={take_all(Side::B)} aria-keyshortcuts="Shift+B" title="Shift+B: B for every undecided difference of this document">{ "Take all B" }</button>
                    <span class="hint">{ "Tab to a difference, then a or b. Agreements are kept." }</span>
                </div>
                <article class="adj-text" aria-label="Document with differences">{ for nodes }</article>
                <table class="scores" aria-label="Agreement per label">
                    <tr><th>{ "label" }</th><th>{ "agreement (F1, A as reference)" }</th><th>{ "in A" }</th></tr>
                    { for report.per_label.iter().chain(std::iter::once(&report.overall)).map(|s| html! {
                        <tr><th>{ &s.label }</th><td>{ format!("{:.3}", s.f1) }</td><td>{ s.support }</td></tr>
                    }) }
                </table>
                <div class="adj-finish">
                    <button class="primary" onclick={on_action.reform(|_: MouseEvent| ReviewAction::AddAdjudicated)} disabled={undecided > 0}
                        title="The adjudicated documents join the workspace, marked done">
                        { "Add adjudicated documents" }
                    </button>
                    if undecided > 0 { <span class="hint">{ format!(" {undecided} difference{} still to decide", if undecided == 1 { "" } else { "s" }) }</span> }
                    <button class="link" onclick={on_action.reform(|_: MouseEvent| ReviewAction::Close)}
                        title="Keeps the adjudication and its decisions: “Resume adjudication” opens it again">{ "Close" }</button>
                    <button class="link" onclick={on_action.reform(|_: MouseEvent| ReviewAction::DiscardAdjudication)}
                        title="Ends this adjudication without adding anything">{ "Discard" }</button>
                </div>
            </div>
        </div>
    }
}
