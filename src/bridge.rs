//! The page side of the worker channel: starts the worker, sends requests,
//! and turns its messages into a Yew callback.
//!
//! The worker starts from its script beside the page, or, in the single-file
//! page (`nomen.html`, which has nothing beside it), from the `blob:` URL
//! that the page's start-up script makes (`nomenEmbedded.startWorker()`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::embedded;
use crate::protocol::{Request, Response, WORKER_SCRIPT};

pub struct Bridge {
    worker: Worker,
    // Kept alive for as long as the worker may call it.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Bridge {
    pub fn start(on_response: Callback<Response>) -> Result<Bridge, String> {
        let worker = new_worker().map_err(|e| format!("could not start the extractor worker: {}", crate::idb::describe(&e)))?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let response = serde_wasm_bindgen::from_value(event.data())
                .unwrap_or_else(|err| Response::Failed { id: None, message: format!("unreadable worker message: {err}") });
            on_response.emit(response);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Bridge { worker, _on_message: on_message })
    }

    pub fn send(&self, request: &Request) -> Result<(), String> {
        let value = serde_wasm_bindgen::to_value(request).map_err(|e| e.to_string())?;
        self.worker.post_message(&value).map_err(|e| format!("could not reach the extractor worker: {e:?}"))
    }
}

/// The worker: made by the single-file page's start-up script if it offers one, else from [`WORKER_SCRIPT`].
fn new_worker() -> Result<Worker, JsValue> {
    match embedded::worker_starter() {
        Some(start) => {
            start.call0(&JsValue::NULL)?.dyn_into::<Worker>().map_err(|_| JsValue::from_str("nomenEmbedded.startWorker gave no Worker"))
        }
        None => Worker::new(WORKER_SCRIPT),
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
