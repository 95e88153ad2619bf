//! The annotated article: text with one `<mark>` per span.
//!
//! Contract (tests rely on it): `<mark data-label data-start data-end>` where
//! start/end are code-point offsets into the document text, and the mark's
//! text content is exactly that slice. Text is always a text node, never HTML.

use nomen_core::{Document, OffsetMap, Schema};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub doc: Document,
    pub schema: Schema,
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = &props.doc;
    let map = OffsetMap::new(&doc.text);
    let mut spans = doc.spans.clone();
    spans.sort_by_key(|s| (s.start, s.end));
    let mut nodes: Vec<Html> = Vec::with_capacity(spans.len() * 2 + 1);
    let mut cursor = 0usize; // byte offset
    for span in &spans {
        let Some(range) = map.byte_range(span.start, span.end) else { continue };
        if range.start < cursor {
            continue; // overlapping spans are not shown twice; the core refuses them on edit
        }
        nodes.push(html! { { &doc.text[cursor..range.start] } });
        let color = props.schema.get(&span.label).map(|l| l.color.clone()).unwrap_or_else(|| "#e0e0e0".into());
        nodes.push(html! {
            <mark
                data-label={span.label.clone()}
                data-start={span.start.to_string()}
                data-end={span.end.to_string()}
                style={format!("background-color: {color}")}
                title={span.label.clone()}
            >{ &doc.text[range.clone()] }</mark>
        });
        cursor = range.end;
    }
    nodes.push(html! { { &doc.text[cursor..] } });
    html! { <article class="doc" aria-label="Annotated article">{ for nodes }</article> }
}
