//! Dragging a handle of the selected span: where the mouse is let go, the
//! boundary goes. The article's handles say which boundary is held (the
//! returned cell); a listener on the document, installed once, does the rest.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use nomen_session::Boundary;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::dom;
use crate::state::{Action, AppState};

#[hook]
pub fn use_drag(dispatch: UseReducerDispatcher<AppState>) -> Rc<RefCell<Option<Boundary>>> {
    let dragging = use_mut_ref(|| None::<Boundary>);
    {
        let dragging = dragging.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "mouseup", move |event| {
                let Some(boundary) = dragging.borrow_mut().take() else { return };
                let Some(e) = event.dyn_ref::<MouseEvent>() else { return };
                dom::clear_selection();
                match dom::offset_at_point(e.client_x() as f64, e.client_y() as f64) {
                    Some(offset) => dispatch.dispatch(Action::DragBoundary { boundary, offset }),
                    None => dispatch.dispatch(Action::Fail("Let go of the handle over the text to move the span.".into())),
                }
            });
            move || drop(listener)
        });
    }
    dragging
}
