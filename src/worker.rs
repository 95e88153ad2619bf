//! The worker side: loads the model, then answers requests. Runs in a
//! `DedicatedWorkerGlobalScope`; nothing here touches the DOM. Loading the
//! model (1-2 MB) and extracting happen here so the page never freezes.

use std::cell::RefCell;
use std::rc::Rc;

use nomen_ner::baseline::Baseline;
use nomen_ner::{Extractor, Model};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

use crate::protocol::{Request, Response, MODEL_FILE};

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

/// What extracts: the trained model, or the rule baseline when the model could not be loaded.
enum Engine {
    Model(Box<Model>),
    Baseline(Baseline),
}

impl Engine {
    fn extractor(&self) -> &dyn Extractor {
        match self {
            Engine::Model(model) => model.as_ref(),
            Engine::Baseline(baseline) => baseline,
        }
    }
}

pub fn start() {
    let engine: Shared = Rc::new(RefCell::new(None));
    let on_message = {
        let engine = engine.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let request: Request = match serde_wasm_bindgen::from_value(event.data()) {
                Ok(r) => r,
                Err(err) => return post(&Response::Failed { id: None, message: format!("unreadable request: {err}") }),
            };
            let engine = engine.borrow();
            let Some(engine) = engine.as_ref() else {
                // The page asks only after Ready; say so rather than drop the request.
                let id = match request {
                    Request::Extract { id, .. } => Some(id),
                };
                return post(&Response::Failed { id, message: "the extractor is still loading".into() });
            };
            match request {
                Request::Extract { id, text } => {
                    let started = now();
                    let spans = engine.extractor().extract(&text);
                    post(&Response::Extracted { id, spans, millis: now() - started });
                }
            }
        })
    };
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // the handler lives as long as the worker
    load_model(engine);
}

type Shared = Rc<RefCell<Option<Engine>>>;

/// Works on with the rule baseline, and says why in the extractor's name.
fn use_baseline(engine: &Shared, why: String) {
    let baseline = Baseline;
    let name = format!("{} (the trained model could not be loaded: {why})", baseline.name());
    *engine.borrow_mut() = Some(Engine::Baseline(baseline));
    post(&Response::Ready { extractor: name });
}

/// Fetches the model with progress reports, then posts Ready.
fn load_model(engine: Shared) {
    let give_up = |why: String| use_baseline(&engine, why);
    let request = match XmlHttpRequest::new() {
        Ok(r) => r,
        Err(_) => return give_up("no XMLHttpRequest in this worker".into()),
    };
    request.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    if request.open("GET", MODEL_FILE).is_err() {
        return give_up(format!("could not request {MODEL_FILE}"));
    }
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        post(&Response::Loading { loaded: e.loaded(), total: if e.length_computable() { e.total() } else { 0.0 } });
    });
    request.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let on_done = {
        let (request, engine) = (request.clone(), engine.clone());
        Closure::<dyn FnMut()>::new(move || {
            let give_up = |why: String| use_baseline(&engine, why);
            let status = request.status().unwrap_or(0);
            if status != 200 {
                return give_up(format!("{MODEL_FILE} answered HTTP {status}"));
            }
            let bytes = match request.response() {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => return give_up(format!("{MODEL_FILE} could not be read")),
            };
            let started = now();
            match Model::from_bytes(&bytes) {
                Ok(model) => {
                    let name = format!("{} ({} KB, loaded in {:.0} ms)", model.name(), bytes.len() / 1024, now() - started);
                    *engine.borrow_mut() = Some(Engine::Model(Box::new(model)));
                    post(&Response::Ready { extractor: name });
                }
                Err(err) => give_up(err.to_string()),
            }
        })
    };
    request.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    if request.send().is_err() {
        give_up(format!("could not fetch {MODEL_FILE}"));
    }
}
