//! The worker side: receives requests, runs the extractor, posts responses.
//! Runs in a `DedicatedWorkerGlobalScope`; nothing here touches the DOM.

use nomen_ner::baseline::Baseline;
use nomen_ner::Extractor;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{Request, Response};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(response: &Response) {
    match serde_wasm_bindgen::to_value(response) {
        Ok(value) => {
            if let Err(err) = scope().post_message(&value) {
                web_sys::console::error_2(&"nomen worker: could not post".into(), &err);
            }
        }
        Err(err) => web_sys::console::error_1(&format!("nomen worker: could not encode: {err}").into()),
    }
}

fn now() -> f64 {
    scope().performance().map(|p| p.now()).unwrap_or(0.0)
}

pub fn start() {
    let extractor = Baseline;
    post(&Response::Ready { extractor: extractor.name() });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request: Request = match serde_wasm_bindgen::from_value(event.data()) {
            Ok(r) => r,
            Err(err) => return post(&Response::Failed { id: None, message: format!("unreadable request: {err}") }),
        };
        match request {
            Request::Extract { id, text } => {
                let started = now();
                let spans = extractor.extract(&text);
                post(&Response::Extracted { id, spans, millis: now() - started });
            }
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}
