//! The app's model and the actions that change it, as one reducer.
//!
//! No view code, no DOM and no side effects here: every change is an
//! [`Action`]. Side effects (asking the worker, downloads) happen in the
//! components' callbacks, which then dispatch what came back.

use std::rc::Rc;

use nomen_core::{Document, Schema, Span};
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// What is in the "Article text" box.
    pub draft: String,
    /// The annotated document, once the extractor has answered.
    pub doc: Option<Document>,
    pub schema: Schema,
    /// The extractor's name once the worker is ready; `None` while it loads.
    pub extractor: Option<String>,
    /// The request whose answer we wait for; answers to older requests are dropped.
    pub pending: Option<u32>,
    pub next_request: u32,
    /// A one-line account of the last thing that happened, for the status bar.
    pub status: String,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            draft: String::new(),
            doc: None,
            schema: Schema::default_news(),
            extractor: None,
            pending: None,
            next_request: 1,
            status: "Starting the extractor…".to_string(),
        }
    }
}

pub enum Action {
    EditDraft(String),
    ExtractorReady(String),
    /// The draft was sent to the worker as request `id`.
    ExtractRequested(u32),
    Extracted { id: u32, spans: Vec<Span>, millis: f64 },
    Failed(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::EditDraft(text) => next.draft = text,
            Action::ExtractorReady(name) => {
                next.status = format!("Ready: {name}.");
                next.extractor = Some(name);
            }
            Action::ExtractRequested(id) => {
                next.pending = Some(id);
                next.next_request = id + 1;
                next.status = "Finding entities…".to_string();
            }
            Action::Extracted { id, spans, millis } => {
                if next.pending != Some(id) {
                    return self; // an answer for text that has since been replaced
                }
                next.pending = None;
                next.status = format!(
                    "{} entities found by the {} in {millis:.0} ms.",
                    spans.len(),
                    next.extractor.as_deref().unwrap_or("extractor")
                );
                next.doc = Some(Document::new(next.draft.clone()).with_spans(spans));
            }
            Action::Failed(message) => {
                next.pending = None;
                next.status = message;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    fn reduce(state: AppState, action: Action) -> AppState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn stale_answers_are_dropped() {
        let mut state = reduce(AppState::default(), Action::EditDraft("Rome".into()));
        state = reduce(state, Action::ExtractRequested(1));
        state = reduce(state, Action::ExtractRequested(2));
        state = reduce(state, Action::Extracted { id: 1, spans: vec![Span::new(0, 4, "GPE")], millis: 1.0 });
        assert!(state.doc.is_none());
        state = reduce(state, Action::Extracted { id: 2, spans: vec![Span::new(0, 4, "GPE")], millis: 1.0 });
        assert_eq!(state.doc.unwrap().spans, vec![Span::new(0, 4, "GPE")]);
    }
}
