//! Alias clusters: spelling variants of one name (Haftar / Hafter) proposed
//! from the workspace's spans, confirmed or split by the analyst. A confirmed
//! cluster's `kb_id` goes on its spans in JSON exports.

use std::rc::Rc;

use nomen_core::Schema;
use nomen_session::AliasProposal;
use yew::prelude::*;

use crate::components::text_color_on;
use crate::state::ConfirmedCluster;

/// What the analyst decided about a proposal or a cluster; the page turns it into an action.
#[derive(Debug, Clone, PartialEq)]
pub enum AliasDecision {
    /// These names of one label are one entity.
    Confirm {
        label: String,
        names: Vec<String>,
    },
    /// `name` is not the entity the `others` are.
    DropVariant {
        label: String,
        name: String,
        others: Vec<String>,
    },
    /// The whole proposal is wrong.
    Dismiss {
        label: String,
        names: Vec<String>,
    },
    /// Take `name` out of a confirmed cluster.
    Split {
        kb_id: String,
        name: String,
    },
    Remove(String),
}

#[derive(Properties, PartialEq)]
pub struct AliasesDialogProps {
    /// Proposals the analyst has not decided on yet.
    pub proposals: Rc<Vec<AliasProposal>>,
    pub confirmed: Rc<Vec<ConfirmedCluster>>,
    /// For the labels' colours.
    pub schema: Schema,
    pub on_decide: Callback<AliasDecision>,
    /// Download the confirmed clusters as JSON.
    pub on_export: Callback<()>,
    pub on_close: Callback<()>,
}

fn label_badge(schema: &Schema, label: &str) -> Html {
    // Colours come from the schema, whose colours are checked to be #rrggbb.
    let style = schema.get(label).map(|l| format!("background: {}; color: {}", l.color, text_color_on(&l.color))).unwrap_or_default();
    html! { <span class="alias-label" style={style}>{ label.to_string() }</span> }
}

fn mentions(count: usize) -> String {
    format!("{count} mention{}", if count == 1 { "" } else { "s" })
}

/// One variant with its count and a button that takes it out.
fn variant(name: &str, count: usize, title: &str, on_drop: Callback<MouseEvent>) -> Html {
    html! {
        <li class="variant">
            <span class="name">{ name.to_string() }</span>
            <span class="count" title={mentions(count)}>{ format!("×{count}") }</span>
            <button class="drop" onclick={on_drop} title={title.to_string()} aria-label={format!("Take “{name}” out")}>{ "✕" }</button>
        </li>
    }
}

#[function_component(AliasesDialog)]
pub fn aliases_dialog(props: &AliasesDialogProps) -> Html {
    let act = props.on_decide.clone();
    let proposals = props.proposals.iter().map(|p| {
        let names = p.names();
        let label = p.label.clone();
        let variants = p.members.iter().map(|(name, count)| {
            let others: Vec<String> = names.iter().filter(|n| *n != name).cloned().collect();
            let (label, dropped) = (label.clone(), name.clone());
            let on_drop = act.reform(move |_: MouseEvent| AliasDecision::DropVariant {
                label: label.clone(),
                name: dropped.clone(),
                others: others.clone(),
            });
            variant(name, *count, "Not the same entity: never propose it with these names", on_drop)
        });
        let on_confirm = {
            let (label, names) = (p.label.clone(), names.clone());
            act.reform(move |_: MouseEvent| AliasDecision::Confirm { label: label.clone(), names: names.clone() })
        };
        let on_dismiss = {
            let (label, names) = (p.label.clone(), names.clone());
            act.reform(move |_: MouseEvent| AliasDecision::Dismiss { label: label.clone(), names: names.clone() })
        };
        html! {
            <li class="cluster proposal" data-label={p.label.clone()}>
                <div class="cluster-head">
                    { label_badge(&props.schema, &p.label) }
                    if let Some(kb_id) = &p.extends {
                        <span class="extends">{ format!("adds to {kb_id}") }</span>
                    }
                </div>
                <ul class="variants">{ for variants }</ul>
                <div class="cluster-actions">
                    <button class="primary" onclick={on_confirm}>{ "Confirm" }</button>
                    <button onclick={on_dismiss} title="None of these names are one entity">{ "Dismiss" }</button>
                </div>
            </li>
        }
    });
    let confirmed = props.confirmed.iter().map(|c| {
        let variants = c.members.iter().map(|(name, count)| {
            let (kb_id, name_owned) = (c.kb_id.clone(), name.clone());
            let on_split = act.reform(move |_: MouseEvent| AliasDecision::Split { kb_id: kb_id.clone(), name: name_owned.clone() });
            variant(name, *count, "Split: take this name out of the cluster", on_split)
        });
        let on_remove = {
            let kb_id = c.kb_id.clone();
            act.reform(move |_: MouseEvent| AliasDecision::Remove(kb_id.clone()))
        };
        let total: usize = c.members.iter().map(|(_, n)| n).sum();
        html! {
            <li class="cluster confirmed" data-kb-id={c.kb_id.clone()} key={c.kb_id.clone()}>
                <div class="cluster-head">
                    { label_badge(&props.schema, &c.label) }
                    <code class="kb-id" title="kb_id in exports">{ c.kb_id.clone() }</code>
                    <span class="total">{ mentions(total) }</span>
                </div>
                <ul class="variants">{ for variants }</ul>
                <div class="cluster-actions">
                    <button onclick={on_remove} title="Not one entity after all">{ "Remove" }</button>
                </div>
            </li>
        }
    });
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="aliases-title">
            <div class="panel aliases">
                <h2 id="aliases-title">{ "Aliases" }</h2>
                <p class="hint">{ "Spelling variants of one name, found across all documents. Confirmed clusters give their spans a kb_id in JSON and JSONL exports (spaCy’s Span.kb_id_)." }</p>
                <h3>{ format!("Proposed ({})", props.proposals.len()) }</h3>
                if props.proposals.is_empty() {
                    <p class="empty-note">{ "No spelling variants found yet. When two names of one label differ only the way transliterations do (Haftar / Hafter, Misrata / Misurata, al-Sarraj / Sarraj), they are proposed here." }</p>
                } else {
                    <ul class="clusters">{ for proposals }</ul>
                }
                <h3>{ format!("Confirmed ({})", props.confirmed.len()) }</h3>
                if props.confirmed.is_empty() {
                    <p class="empty-note">{ "None yet. Confirm a proposal to give its names one kb_id." }</p>
                } else {
                    <ul class="clusters">{ for confirmed }</ul>
                }
                <div class="dialog-actions">
                    <button onclick={on_export} disabled={props.confirmed.is_empty()} title="The confirmed clusters as JSON: kb_id, label, names, mentions">{ "Export clusters" }</button>
                    <button class="primary" onclick={on_close}>{ "Done" }</button>
                </div>
            </div>
        </div>
    }
}
