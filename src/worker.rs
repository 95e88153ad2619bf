//! The worker side: loads the model (a learned one from IndexedDB if there is
//! one, else the shipped file), then answers requests: extract, learn from a
//! corrected document, reset, export. Runs in a `DedicatedWorkerGlobalScope`;
//! nothing here touches the DOM, so the page never freezes on this work.

use std::cell::RefCell;
use std::rc::Rc;

use nomen_ner::baseline::Baseline;
use nomen_ner::{Extractor, Model};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

use crate::model_store;
use crate::protocol::{Request, Response, MODEL_FILE};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(response: &Response) {
    let serializer = serde_wasm_bindgen::Serializer::new();
    match serde::Serialize::serialize(response, &serializer) {
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

#[derive(Default)]
struct State {
    engine: Option<Engine>,
    /// Documents the model has learned from since the shipped one.
    learned: u32,
}

type Shared = Rc<RefCell<State>>;

/// The model's name for the page (which adds how many documents it learned from).
fn model_name(model: &Model, detail: &str) -> String {
    format!("{} ({detail})", model.name())
}

pub fn start() {
    let state: Shared = Rc::new(RefCell::new(State::default()));
    let on_message = {
        let state = state.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match serde_wasm_bindgen::from_value(event.data()) {
                Ok(request) => handle(&state, request),
                Err(err) => post(&Response::Failed { id: None, message: format!("unreadable request: {err}") }),
            }
        })
    };
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // the handler lives as long as the worker
    wasm_bindgen_futures::spawn_local(async move {
        match model_store::load().await {
            Ok(Some((bytes, learned))) => match Model::from_bytes(&bytes) {
                Ok(model) => {
                    let name = model_name(&model, "with what it learned, kept in this browser");
                    *state.borrow_mut() = State { engine: Some(Engine::Model(Box::new(model))), learned };
                    post(&Response::Ready { extractor: name, learned });
                }
                Err(err) => {
                    post(&Response::Failed { id: None, message: format!("the learned model kept in this browser is unreadable ({err}); using the shipped one") });
                    load_shipped(state);
                }
            },
            Ok(None) => load_shipped(state),
            Err(why) => {
                web_sys::console::warn_1(&format!("nomen worker: no learned model store: {why}").into());
                load_shipped(state);
            }
        }
    });
}

fn handle(state: &Shared, request: Request) {
    let mut s = state.borrow_mut();
    let Some(engine) = s.engine.as_mut() else {
        // The page asks only after Ready; say so rather than drop the request.
        return post(&Response::Failed { id: None, message: "the extractor is still loading".into() });
    };
    match (request, engine) {
        (Request::Extract { id, text }, engine) => {
            let started = now();
            let spans = match engine {
                Engine::Model(model) => model.extract(&text),
                Engine::Baseline(baseline) => baseline.extract(&text),
            };
            post(&Response::Extracted { id, spans, millis: now() - started });
        }
        (Request::Learn { id, doc }, Engine::Model(model)) => {
            let changed = model.update(&doc);
            let bytes = model.to_bytes();
            s.learned += 1;
            let learned = s.learned;
            post(&Response::Learned { id, changed, learned });
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = model_store::save(&bytes, learned).await {
                    post(&Response::Failed { id: None, message: format!("the learned model could not be kept in this browser ({why}); it is used until the page closes") });
                }
            });
        }
        (Request::Learn { id, .. }, Engine::Baseline(_)) => {
            post(&Response::Failed { id: Some(id), message: "the rule baseline cannot learn; the trained model did not load".into() });
        }
        (Request::ExportModel, Engine::Model(model)) => post(&Response::Model { bytes: model.to_bytes() }),
        (Request::ExportModel, Engine::Baseline(_)) => {
            post(&Response::Failed { id: None, message: "there is no trained model to export; the rule baseline is in use".into() });
        }
        (Request::ResetModel, _) => {
            drop(s);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = model_store::clear().await {
                    post(&Response::Failed { id: None, message: format!("the learned model could not be deleted ({why})") });
                }
                load_shipped(state);
            });
        }
    }
}

/// Works on with the rule baseline, and says why in the extractor's name.
fn use_baseline(state: &Shared, why: String) {
    let baseline = Baseline;
    let name = format!("{} (the trained model could not be loaded: {why})", baseline.name());
    *state.borrow_mut() = State { engine: Some(Engine::Baseline(baseline)), learned: 0 };
    post(&Response::Ready { extractor: name, learned: 0 });
}

/// Fetches the shipped model with progress reports, then posts Ready.
fn load_shipped(state: Shared) {
    let give_up = |why: String| use_baseline(&state, why);
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
        let (request, state) = (request.clone(), state.clone());
        Closure::<dyn FnMut()>::new(move || {
            let give_up = |why: String| use_baseline(&state, why);
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
                    let name = model_name(&model, &format!("{} KB, loaded in {:.0} ms", bytes.len() / 1024, now() - started));
                    *state.borrow_mut() = State { engine: Some(Engine::Model(Box::new(model))), learned: 0 };
                    post(&Response::Ready { extractor: name, learned: 0 });
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
