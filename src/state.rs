//! The app's model and the actions that change it, as one reducer.
//!
//! No view code and no DOM here: every change is an [`Action`], so the
//! transitions can be tested, undone and saved in one place.

use std::rc::Rc;

use nomen_core::{Document, Schema};
use nomen_ner::baseline::Baseline;
use nomen_ner::Extractor;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What is in the "Article text" box.
    pub draft: String,
    /// The annotated document, once the extractor has run.
    pub doc: Option<Document>,
    pub schema: Schema,
    /// A one-line account of the last thing that happened, for the status bar.
    pub status: String,
}

impl Default for AppState {
    fn default() -> Self {
        AppState { draft: String::new(), doc: None, schema: Schema::default_news(), status: String::new() }
    }
}

pub enum Action {
    EditDraft(String),
    /// Run the extractor on the draft; `elapsed_ms` is measured by the caller (the clock is the DOM's).
    Extract,
    SetStatus(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::EditDraft(text) => next.draft = text,
            Action::Extract => {
                let extractor = Baseline;
                let spans = extractor.extract(&next.draft);
                next.status = format!("{} entities found by the {}", spans.len(), extractor.name());
                next.doc = Some(Document::new(next.draft.clone()).with_spans(spans));
            }
            Action::SetStatus(status) => next.status = status,
        }
        Rc::new(next)
    }
}
