//! The document: text with one `<mark>` per span, rendered block by block.
//!
//! Contract (tests rely on it): `<mark data-label data-start data-end>` where
//! start/end are code-point offsets into the document text (a span the
//! extractor was unsure of also has `class="uncertain"` and
//! `data-uncertain` = its margin, two decimals), and the article's
//! text content is exactly the document text (blocks are `<div class="block">`, labels are CSS `::after`, drag
//! handles are empty elements). Text is always a text node, never HTML.

use std::rc::Rc;

use nomen_core::{OffsetMap, Schema, Span};
use nomen_session::Boundary;
use yew::prelude::*;

use crate::dom::ARTICLE_ID;
use crate::layout::{Block, BlockPart};

use super::text_color_on;

/// Label → (background, text colour), shared by every block.
#[derive(PartialEq)]
pub struct Palette(Vec<(String, String, &'static str)>);

impl Palette {
    pub fn new(schema: &Schema) -> Palette {
        Palette(schema.labels.iter().map(|l| (l.name.clone(), l.color.clone(), text_color_on(&l.color))).collect())
    }

    fn style(&self, label: &str) -> String {
        let (bg, fg) = self.0.iter().find(|(n, ..)| n == label).map(|(_, bg, fg)| (bg.as_str(), *fg)).unwrap_or(("#e0e0e0", "#1d1d1f"));
        format!("background-color: {bg}; color: {fg}")
    }
}

#[derive(Properties, PartialEq)]
pub struct BlockProps {
    /// Code-point offset of the block in the document.
    pub start: usize,
    pub text: AttrValue,
    /// The block's spans, in document offsets.
    pub spans: Rc<[Span]>,
    /// For each span, its margin if the extractor was unsure of it.
    pub uncertain: Rc<[Option<f32>]>,
    pub selected: Option<(usize, usize)>,
    pub palette: Rc<Palette>,
    pub on_select: Callback<(usize, usize)>,
    pub on_drag_start: Callback<Boundary>,
    /// Keep showing what was painted before: set while a change to the whole
    /// document (its pre-annotation arriving) repaints block by block.
    #[prop_or_default]
    pub frozen: bool,
}

/// One block of the document; it repaints only when its own props change,
/// and not while it is `frozen`.
pub struct BlockView;

impl Component for BlockView {
    type Message = ();
    type Properties = BlockProps;

    fn create(_: &Context<Self>) -> Self {
        BlockView
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &BlockProps) -> bool {
        !ctx.props().frozen
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        block_html(ctx.props())
    }
}

fn block_html(props: &BlockProps) -> Html {
    let text: &str = &props.text;
    let map = OffsetMap::new(text);
    // Spans are in document offsets; the block's text starts at `props.start`.
    let byte_at = |offset: usize| map.char_to_byte(offset.saturating_sub(props.start)).unwrap_or(text.len());
    let mut nodes: Vec<Html> = Vec::with_capacity(props.spans.len() * 2 + 1);
    let (mut byte, mut chars) = (0usize, props.start);
    for (i, span) in props.spans.iter().enumerate() {
        let span_start = byte_at(span.start);
        if span_start > byte {
            nodes.push(html! { <span data-start={chars.to_string()}>{ &text[byte..span_start] }</span> });
        }
        let span_end = byte_at(span.end);
        let bounds = (span.start, span.end);
        let selected = props.selected == Some(bounds);
        let unsure = props.uncertain.get(i).copied().flatten();
        let title = match unsure {
            Some(_) => format!("{}, uncertain: the extractor hesitated over this one (u goes to the next)", span.label),
            None => span.label.clone(),
        };
        let on_click = props.on_select.reform(move |_: MouseEvent| bounds);
        let handle = |boundary: Boundary, class: &'static str| {
            let on_drag = props.on_drag_start.clone();
            let on_mouse_down = Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                e.stop_propagation();
                on_drag.emit(boundary);
            });
            html! { <span class={classes!("handle", class)} aria-hidden="true" onmousedown={on_mouse_down}></span> }
        };
        nodes.push(html! {
            <mark
                data-label={span.label.clone()}
                data-start={span.start.to_string()}
                data-end={span.end.to_string()}
                data-uncertain={unsure.map(|m| format!("{m:.2}"))}
                class={classes!(selected.then_some("selected"), unsure.is_some().then_some("uncertain"))}
                aria-current={selected.then_some("true")}
                style={props.palette.style(&span.label)}
                title={title}
                onclick={on_click}
            >
                if selected { { handle(Boundary::Start, "start") } }
                { &text[span_start..span_end] }
                if selected { { handle(Boundary::End, "end") } }
            </mark>
        });
        byte = span_end;
        chars = span.end;
    }
    if byte < text.len() {
        nodes.push(html! { <span data-start={chars.to_string()}>{ &text[byte..] }</span> });
    }
    html! { <div class="block">{ for nodes }</div> }
}

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub doc_id: AttrValue,
    pub blocks: Rc<Vec<Block>>,
    /// What each block paints (same order as `blocks`).
    pub parts: Rc<Vec<BlockPart>>,
    /// How many blocks are rendered so far (long documents render in steps).
    pub shown: usize,
    /// Blocks from this one on keep their last painting (see [`BlockProps::frozen`]).
    pub fresh: usize,
    pub selected: Option<(usize, usize)>,
    pub palette: Rc<Palette>,
    pub on_select: Callback<(usize, usize)>,
    pub on_drag_start: Callback<Boundary>,
    pub on_mouse_up: Callback<MouseEvent>,
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let shown = props.shown.min(props.blocks.len());
    let blocks = props.blocks[..shown].iter().zip(props.parts.iter()).enumerate().map(|(i, (block, part))| {
        let selected = props.selected.filter(|(s, e)| block.chars.start <= *s && *e <= block.chars.end);
        let frozen = i >= props.fresh && selected.is_none();
        html! {
            <BlockView
                key={format!("{}@{}", props.doc_id, block.chars.start)}
                start={block.chars.start}
                text={AttrValue::from(part.text.clone())}
                spans={part.spans.clone()}
                uncertain={part.uncertain.clone()}
                selected={selected}
                palette={props.palette.clone()}
                on_select={props.on_select.clone()}
                on_drag_start={props.on_drag_start.clone()}
                frozen={frozen}
            />
        }
    });
    let remaining = props.blocks.len() - shown;
    html! {
        <>
            <article id={ARTICLE_ID} class="doc" tabindex="0" aria-label="Annotated article" onmouseup={props.on_mouse_up.clone()}>
                { for blocks }
            </article>
            if remaining > 0 {
                <p class="rendering" role="status">{ format!("Showing {shown} of {} parts of this long document…", props.blocks.len()) }</p>
            } else if props.fresh < shown {
                <p class="rendering" role="status">{ format!("Marking entities: {} of {shown} parts…", props.fresh) }</p>
            }
        </>
    }
}
