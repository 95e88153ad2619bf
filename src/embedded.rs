//! The single-file page (`nomen.html`, built by `cargo xtask build
//! --single-file`) has no files beside it: its start-up script carries the
//! worker and the model inside the page and offers them through one global,
//! `nomenEmbedded`. This module is the one place that looks for it; the
//! ordinary page, which has no such global, fetches its files as before.
//!
//! - In the page: `nomenEmbedded.startWorker()` returns the extractor's
//!   `Worker`, started from a `blob:` URL.
//! - In the worker: `nomenEmbedded.model(onProgress)` returns a promise of the
//!   model's bytes (a `Uint8Array`), inflated with the browser's
//!   `DecompressionStream`, calling `onProgress(inflated, total)` as it goes.

use wasm_bindgen::{JsCast, JsValue};

/// The name of the global the single-file page defines.
pub const GLOBAL: &str = "nomenEmbedded";

/// `nomenEmbedded[name]` as a function, if the single-file page defined it.
fn function(name: &str) -> Option<js_sys::Function> {
    let embedded = js_sys::Reflect::get(&js_sys::global(), &GLOBAL.into()).ok().filter(JsValue::is_object)?;
    js_sys::Reflect::get(&embedded, &name.into()).ok()?.dyn_into().ok()
}

/// The page side: what starts the worker, in the single-file page.
pub fn worker_starter() -> Option<js_sys::Function> {
    function("startWorker")
}

/// The worker side: what inflates the model carried in the single-file page.
pub fn model_inflater() -> Option<js_sys::Function> {
    function("model")
}
