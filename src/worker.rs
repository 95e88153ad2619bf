//! The worker side: loads the shipped model and what was learned before (the
//! name memory, from IndexedDB), then answers requests: extract, learn from a
//! corrected document, reset, export; as a helper of the page's primary
//! worker (`pool.rs`), it takes the primary's memory (`Follow`) and never
//! writes it. Each span found goes with the
//! extractor's margin for it (`uncertainty::find`). Runs in a `DedicatedWorkerGlobalScope`;
//! nothing here touches the DOM, so the page never freezes on this work.
//! The model is fetched from beside the page, or, in the single-file page,
//! inflated from inside it (`embedded`); either way with progress reports.

use std::cell::RefCell;
use std::rc::Rc;

use nomen_ner::baseline::Baseline;
use nomen_ner::memory::Memory;
use nomen_ner::{Extractor, Model};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

use crate::embedded;
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
    /// Names the analyst's corrections taught, applied after the extractor.
    memory: Memory,
    /// Documents learned from since the last reset.
    learned: u32,
    /// A helper of the primary worker (`Request::Follow`): it never writes
    /// what was learned to IndexedDB, so there is one writer.
    follower: bool,
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
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| match serde_wasm_bindgen::from_value(event.data()) {
            Ok(request) => handle(&state, request),
            Err(err) => post(&Response::Failed { id: None, message: format!("unreadable request: {err}") }),
        })
    };
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // the handler lives as long as the worker
    wasm_bindgen_futures::spawn_local(async move {
        match model_store::load().await {
            Ok(Some((json, learned))) => match serde_json::from_str::<Memory>(&json) {
                Ok(memory) => {
                    let mut s = state.borrow_mut();
                    s.memory = memory;
                    s.learned = learned;
                }
                Err(err) => {
                    post(&Response::Failed { id: None, message: format!("what was learned before is unreadable ({err}); starting afresh") })
                }
            },
            Ok(None) => {}
            Err(why) => web_sys::console::warn_1(&format!("nomen worker: nothing learned can be kept: {why}").into()),
        }
        load_shipped(state);
    });
}

fn handle(state: &Shared, request: Request) {
    let mut s = state.borrow_mut();
    let State { engine, memory, learned, follower } = &mut *s;
    let id = request.id();
    let Some(engine) = engine.as_ref() else {
        // The page asks only after Ready; say so rather than drop the request.
        return post(&Response::Failed { id: Some(id), message: "the extractor is still loading".into() });
    };
    let extractor: &dyn Extractor = match engine {
        Engine::Model(model) => model.as_ref(),
        Engine::Baseline(baseline) => baseline,
    };
    match request {
        Request::Extract { id, text } => {
            let started = now();
            let spans = crate::uncertainty::find(extractor, memory, &text);
            post(&Response::Extracted { id, spans, millis: now() - started });
        }
        Request::Learn { id, doc } => {
            let names = memory.learn(&doc.text, &doc.spans);
            *learned += 1;
            post(&Response::Learned { id, names, remembered: memory.len(), learned: *learned });
            if !*follower {
                keep(memory, *learned, id);
            }
        }
        Request::ExportPatterns { id } => post(&Response::Patterns { id, jsonl: memory.to_patterns() }),
        Request::ExportModel { id } => match engine {
            Engine::Model(model) => post(&Response::ModelFile { id, bytes: model.as_ref().clone().with_memory(memory.clone()).to_bytes() }),
            Engine::Baseline(_) => post(&Response::Failed {
                id: Some(id),
                message: "the trained model is not loaded (the rule baseline is running), so there is no model to export; Export names gives what was learned".into(),
            }),
        },
        Request::AddPatterns { id, jsonl } => match Memory::from_patterns(&jsonl) {
            Ok(more) => {
                let added = memory.add_patterns(more);
                post(&Response::PatternsAdded { id, added, remembered: memory.len() });
                if !*follower {
                    keep(memory, *learned, id);
                }
            }
            Err(err) => post(&Response::Failed { id: Some(id), message: format!("patterns: {err}") }),
        },
        Request::Snapshot { id } => match serde_json::to_string(memory) {
            Ok(json) => post(&Response::Snapshot { id, memory: json, learned: *learned }),
            Err(err) => post(&Response::Failed { id: Some(id), message: format!("what was learned could not be written out ({err})") }),
        },
        Request::Follow { id, memory: json, learned: count } => match serde_json::from_str::<Memory>(&json) {
            Ok(taken) => {
                *memory = taken;
                *learned = count;
                *follower = true;
                post(&Response::Following { id, remembered: memory.len() });
            }
            Err(err) => post(&Response::Failed { id: Some(id), message: format!("the primary worker's memory is unreadable ({err})") }),
        },
        Request::ResetModel { id } => {
            *memory = Memory::default();
            *learned = 0;
            let name = extractor.name();
            if *follower {
                return post(&Response::Reset { id, extractor: name });
            }
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = model_store::clear().await {
                    post(&Response::Failed { id: Some(id), message: format!("what was learned could not be deleted ({why})") });
                }
            });
            post(&Response::Reset { id, extractor: name });
        }
    }
}

/// Saves what was learned in IndexedDB, in the background; a failure names request `id`.
fn keep(memory: &Memory, learned: u32, id: u32) {
    let json = serde_json::to_string(memory).unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(why) = model_store::save(&json, learned).await {
            post(&Response::Failed {
                id: Some(id),
                message: format!("what was learned could not be kept in this browser ({why}); it is used until the page closes"),
            });
        }
    });
}

/// Works on with the rule baseline, and says why in the extractor's name.
fn use_baseline(state: &Shared, why: String) {
    let baseline = Baseline;
    let name = format!("{} (the trained model could not be loaded: {why})", baseline.name());
    let (learned, remembered) = {
        let mut s = state.borrow_mut();
        s.engine = Some(Engine::Baseline(baseline));
        (s.learned, s.memory.len())
    };
    post(&Response::Ready { extractor: name, learned, remembered });
}

/// Loads the shipped model with progress reports, then posts Ready: from
/// inside the single-file page if it carries the model, else fetched from beside the page.
fn load_shipped(state: Shared) {
    match embedded::model_inflater() {
        Some(inflate) => load_embedded(state, inflate),
        None => fetch_shipped(state),
    }
}

/// The model carried inside the single-file page, inflated by its script with progress reports.
fn load_embedded(state: Shared, inflate: js_sys::Function) {
    let on_progress = Closure::<dyn FnMut(f64, f64)>::new(|loaded, total| post(&Response::Loading { loaded, total }));
    let promise = inflate.call1(&JsValue::NULL, on_progress.as_ref());
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = match promise {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise)).await,
            Err(err) => Err(err),
        };
        drop(on_progress); // no progress is reported after the promise settles
        match bytes {
            Ok(bytes) => install(&state, &js_sys::Uint8Array::new(&bytes).to_vec()),
            Err(err) => use_baseline(&state, format!("the model inside this page could not be unpacked ({})", crate::idb::describe(&err))),
        }
    });
}

/// Reads the model file's bytes; posts Ready with the model, or with the baseline and why.
fn install(state: &Shared, bytes: &[u8]) {
    let started = now();
    match Model::from_bytes(bytes) {
        Ok(model) => {
            let name = model_name(&model, &format!("{} KB, loaded in {:.0} ms", bytes.len() / 1024, now() - started));
            let (learned, remembered) = {
                let mut s = state.borrow_mut();
                s.engine = Some(Engine::Model(Box::new(model)));
                (s.learned, s.memory.len())
            };
            post(&Response::Ready { extractor: name, learned, remembered });
        }
        Err(err) => use_baseline(state, err.to_string()),
    }
}

/// Fetches the shipped model from beside the page with progress reports.
fn fetch_shipped(state: Shared) {
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
            match request.response() {
                Ok(buffer) => install(&state, &js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(_) => give_up(format!("{MODEL_FILE} could not be read")),
            }
        })
    };
    request.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    if request.send().is_err() {
        give_up(format!("could not fetch {MODEL_FILE}"));
    }
}
