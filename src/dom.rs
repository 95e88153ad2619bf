//! Where the app meets the DOM's idea of text: selections and caret positions
//! are UTF-16 offsets into text nodes; the core wants code points into the
//! document. This module is the only place that converts between the two.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

/// The id of the element that shows the current document.
pub const ARTICLE_ID: &str = "doc-view";
/// The id of the "Search all documents" field (`/` puts the caret there).
pub const SEARCH_ID: &str = "search-all";

fn article() -> Option<Element> {
    gloo::utils::document().get_element_by_id(ARTICLE_ID)
}

/// The code-point offset, in the document, of the DOM point (`node`, `offset`).
/// The article's text content is exactly the document text (labels are CSS,
/// drag handles are empty), so the text before the point gives its offset.
fn offset_of(article: &Element, node: &Node, offset: u32) -> Option<usize> {
    let range = gloo::utils::document().create_range().ok()?;
    range.set_start(article, 0).ok()?;
    range.set_end(node, offset).ok()?;
    let before = String::from(range.to_string());
    Some(before.chars().count())
}

fn range_offsets(range: &Range) -> Option<(usize, usize)> {
    let article = article()?;
    let common = range.common_ancestor_container().ok()?;
    if !article.contains(Some(&common)) {
        return None;
    }
    let start = offset_of(&article, &range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = offset_of(&article, &range.end_container().ok()?, range.end_offset().ok()?)?;
    Some((start.min(end), start.max(end)))
}

/// The text selected inside the article, in code points; `None` when nothing
/// (or nothing inside the article) is selected.
pub fn selection_in_article() -> Option<(usize, usize)> {
    let selection = gloo::utils::window().get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let (start, end) = range_offsets(&selection.get_range_at(0).ok()?)?;
    (start < end).then_some((start, end))
}

/// The DOM point (text node, UTF-16 offset) at code point `offset` of the
/// article, found by walking its text nodes in order.
fn point_at(node: &Node, offset: &mut usize) -> Option<(Node, u32)> {
    if node.node_type() == Node::TEXT_NODE {
        let text = node.node_value().unwrap_or_default();
        let count = text.chars().count();
        if *offset <= count {
            let units: usize = text.chars().take(*offset).map(char::len_utf16).sum();
            return Some((node.clone(), units as u32));
        }
        *offset -= count;
        return None;
    }
    let mut child = node.first_child();
    while let Some(c) = child {
        if let Some(found) = point_at(&c, offset) {
            return Some(found);
        }
        child = c.next_sibling();
    }
    None
}

/// Selects the document's code points `start..end` in the article, as a
/// mouse drag would (the keyboard's token cursor is this selection).
pub fn select_in_article(start: usize, end: usize) {
    let Some(article) = article() else { return };
    let (Some((start_node, start_unit)), Some((end_node, end_unit))) =
        (point_at(&article, &mut start.clone()), point_at(&article, &mut end.clone()))
    else {
        return;
    };
    let Ok(range) = gloo::utils::document().create_range() else { return };
    if range.set_start(&start_node, start_unit).is_err() || range.set_end(&end_node, end_unit).is_err() {
        return;
    }
    if let Ok(Some(selection)) = gloo::utils::window().get_selection() {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
    if let Some(element) = start_node.parent_element() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// True when `target` is the article or inside it (the keyboard is "in the text").
pub fn in_article(target: Option<web_sys::EventTarget>) -> bool {
    let Some(node) = target.and_then(|t| t.dyn_into::<Node>().ok()) else { return false };
    article().is_some_and(|article| article.contains(Some(&node)))
}

pub fn clear_selection() {
    if let Ok(Some(selection)) = gloo::utils::window().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}

/// The document offset under the screen point (`x`, `y`), for drag handles.
pub fn offset_at_point(x: f64, y: f64) -> Option<usize> {
    // caretRangeFromPoint is Chromium's and WebKit's; not in every web-sys build, so call it by name.
    let document = gloo::utils::document();
    let function = js_sys::Reflect::get(&document, &"caretRangeFromPoint".into()).ok()?;
    let function: js_sys::Function = function.dyn_into().ok()?;
    let range: Range = function.call2(&document, &x.into(), &y.into()).ok()?.dyn_into().ok()?;
    let article = article()?;
    let node = range.start_container().ok()?;
    if !article.contains(Some(&node)) {
        return None;
    }
    offset_of(&article, &node, range.start_offset().ok()?)
}

/// Scrolls the selected mark into view, if it is off screen.
pub fn reveal_selected_mark() {
    if let Some(article) = article() {
        if let Ok(Some(mark)) = article.query_selector("mark.selected") {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            mark.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// Puts the caret in "Search all documents", its text selected (key `/`).
pub fn focus_search() {
    let field = gloo::utils::document().get_element_by_id(SEARCH_ID).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = field {
        let _ = input.focus();
        input.select();
    }
}

/// True when a key press belongs to a text field (typing there is not a shortcut).
pub fn is_typing_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<Element>().ok()) else { return false };
    match element.tag_name().as_str() {
        // A file picker or a button keeps focus after use; keys there are still shortcuts.
        "INPUT" => !matches!(
            element.get_attribute("type").unwrap_or_default().as_str(),
            "file" | "button" | "submit" | "checkbox" | "radio" | "color" | "range"
        ),
        "TEXTAREA" | "SELECT" => true,
        _ => element.has_attribute("contenteditable"),
    }
}
