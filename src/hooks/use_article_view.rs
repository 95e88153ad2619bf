//! The current document prepared for rendering, once per change.
//!
//! A block whose text and spans did not change keeps its `BlockPart` (the
//! same Rc), so an edit copies and compares one block, not the whole
//! document. A long document appears in steps (`shown`), and a change to
//! many blocks at once (the pre-annotation of a long document arriving)
//! repaints in steps too: blocks past `fresh` keep their last painting until
//! their turn, so the page never freezes. Edits touch a block or two and
//! repaint at once.

use std::rc::Rc;

use yew::prelude::*;

use crate::layout::{self, Block, BlockPart};
use crate::state::AppState;
use crate::uncertainty::UNCERTAIN_BELOW;

/// Blocks rendered at once, then per step: a long document appears at once
/// and fills in without freezing the page.
pub const FIRST_BLOCKS: usize = 30;
pub const MORE_BLOCKS: usize = 30;

/// What the article view needs of the current document.
pub struct View {
    pub id: AttrValue,
    pub blocks: Rc<Vec<Block>>,
    /// What each block paints, shared with the previous view where unchanged.
    pub parts: Rc<Vec<BlockPart>>,
}

/// The view, how many blocks to show, and the first block still to repaint.
pub struct ArticleView {
    pub view: Option<Rc<View>>,
    pub shown: usize,
    pub fresh: usize,
}

#[hook]
pub fn use_article_view(state: &UseReducerHandle<AppState>) -> ArticleView {
    let painted = use_mut_ref(|| None::<Rc<View>>);
    let fresh = use_mut_ref(|| usize::MAX);
    let view: Option<Rc<View>> = {
        let (state, fresh) = (state.clone(), fresh.clone());
        let key = (state.ws.current_id().map(str::to_string), state.ws.generation());
        (*use_memo(key, move |_| {
            state.ws.current().map(|doc| {
                let id = AttrValue::from(doc.id().to_string());
                let blocks = layout::blocks(doc.text(), doc.spans());
                let mut painted = painted.borrow_mut();
                let same_doc = painted.as_deref().filter(|v| v.id == id);
                let confidence = doc.confidence();
                let uncertain: Vec<Option<f32>> =
                    doc.spans().iter().map(|s| confidence.margin(s.start, s.end).filter(|&m| m < UNCERTAIN_BELOW)).collect();
                let before = same_doc.map_or(&[][..], |v| &v.parts[..]);
                let (parts, changed) = layout::paint(doc.text(), &blocks, doc.spans(), &uncertain, before);
                *fresh.borrow_mut() = if same_doc.is_some() && changed > MORE_BLOCKS { FIRST_BLOCKS } else { usize::MAX };
                let view = Rc::new(View { id, blocks: Rc::new(blocks), parts: Rc::new(parts) });
                *painted = Some(view.clone());
                view
            })
        }))
        .clone()
    };

    // Long documents render in steps.
    let shown = use_state(|| FIRST_BLOCKS);
    {
        let shown = shown.clone();
        use_effect_with(view.as_ref().map(|v| v.id.clone()), move |_| shown.set(FIRST_BLOCKS));
    }
    {
        let shown = shown.clone();
        let total = view.as_ref().map_or(0, |v| v.blocks.len());
        use_effect_with((*shown, total), move |&(now, total)| {
            let timer = (now < total).then(|| gloo::timers::callback::Timeout::new(0, move || shown.set(now + MORE_BLOCKS)));
            move || drop(timer)
        });
    }
    // The repaint of many changed blocks, in steps (see `fresh` above).
    let repainting = use_state(|| 0u32);
    let fresh_now = *fresh.borrow();
    {
        let (fresh, repainting) = (fresh.clone(), repainting.clone());
        let total = view.as_ref().map_or(0, |v| v.blocks.len());
        use_effect_with((fresh_now, *repainting, total), move |&(now, step, total)| {
            let timer = (now < total).then(|| {
                gloo::timers::callback::Timeout::new(0, move || {
                    *fresh.borrow_mut() = now + MORE_BLOCKS;
                    repainting.set(step.wrapping_add(1));
                })
            });
            move || drop(timer)
        });
    }
    ArticleView { view, shown: *shown, fresh: fresh_now }
}
