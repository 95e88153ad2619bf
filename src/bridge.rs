//! The page side of the worker channel: starts the worker, sends requests,
//! and turns its messages into a Yew callback.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::protocol::{Request, Response, WORKER_SCRIPT};

pub struct Bridge {
    worker: Worker,
    // Kept alive for as long as the worker may call it.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Bridge {
    pub fn start(on_response: Callback<Response>) -> Result<Bridge, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(|e| format!("could not start the extractor worker: {e:?}"))?;
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

impl Drop for Bridge {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
