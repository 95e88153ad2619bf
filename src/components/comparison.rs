//! The result of comparing annotations: per-label precision, recall and F1.

use yew::prelude::*;

use crate::evaluate::Comparison;

#[derive(Properties, PartialEq)]
pub struct ComparisonProps {
    pub comparison: Comparison,
    pub on_close: Callback<()>,
}

#[function_component(ComparisonView)]
pub fn comparison_view(props: &ComparisonProps) -> Html {
    let c = &props.comparison;
    let row = |s: &nomen_core::eval::LabelScore, total: bool| {
        html! {
            <tr class={classes!(total.then_some("total"))}>
                <th>{ &s.label }</th>
                <td>{ format!("{:.3}", s.precision) }</td>
                <td>{ format!("{:.3}", s.recall) }</td>
                <td>{ format!("{:.3}", s.f1) }</td>
                <td>{ s.support }</td>
            </tr>
        }
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="comparison-title">
            <div class="panel">
                <h2 id="comparison-title">{ format!("{} against {}", c.compared, c.reference) }</h2>
                <p class="hint">
                    { format!("{} document{} compared", c.matched, if c.matched == 1 { "" } else { "s" }) }
                    if c.unmatched > 0 { { format!("; {} of {} not found and not scored", c.unmatched, c.reference) } }
                    { ". A span counts only if start, end and label all match (as in nomen eval)." }
                </p>
                <table class="scores" aria-label="Scores per label">
                    <tr><th>{ "label" }</th><th>{ "precision" }</th><th>{ "recall" }</th><th>{ "F1" }</th><th>{ "in reference" }</th></tr>
                    { for c.report.per_label.iter().map(|s| row(s, false)) }
                    { row(&c.report.overall, true) }
                </table>
                <button class="primary" onclick={on_close}>{ "Close" }</button>
            </div>
        </div>
    }
}
