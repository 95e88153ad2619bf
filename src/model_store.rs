//! Where the worker keeps a model that learned from the analyst: IndexedDB
//! (localStorage is not available in workers, and holds strings only). The
//! shipped model is never overwritten; "reset" deletes the learned one.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode, WorkerGlobalScope};

const DATABASE: &str = "nomen";
const STORE: &str = "models";
const MODEL_KEY: &str = "learned-model";
const COUNT_KEY: &str = "learned-documents";

/// Resolves with the request's result once it succeeds, or rejects.
fn settled(request: &IdbRequest) -> JsFuture {
    let request = request.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &"an IndexedDB request failed".into());
        });
        request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_success.forget();
        on_error.forget();
    }))
}

fn describe(err: JsValue) -> String {
    err.as_string().unwrap_or_else(|| format!("{err:?}"))
}

async fn open() -> Result<IdbDatabase, String> {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    let factory = scope.indexed_db().map_err(describe)?.ok_or("this browser offers no IndexedDB")?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).map_err(describe)?;
    let on_upgrade = Closure::once(move |event: web_sys::Event| {
        let db: Option<IdbDatabase> = event
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    on_upgrade.forget();
    let db = settled(&request).await.map_err(describe)?;
    db.dyn_into().map_err(|_| "IndexedDB gave no database".to_string())
}

async fn store(mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
    let db = open().await?;
    db.transaction_with_str_and_mode(STORE, mode).and_then(|t| t.object_store(STORE)).map_err(describe)
}

/// The learned model and how many documents it learned from, if one was saved.
pub async fn load() -> Result<Option<(Vec<u8>, u32)>, String> {
    let store = store(IdbTransactionMode::Readonly).await?;
    let bytes = settled(&store.get(&MODEL_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    if bytes.is_undefined() || bytes.is_null() {
        return Ok(None);
    }
    let count = settled(&store.get(&COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(Some((Uint8Array::new(&bytes).to_vec(), count.as_f64().unwrap_or(0.0) as u32)))
}

pub async fn save(bytes: &[u8], learned: u32) -> Result<(), String> {
    let store = store(IdbTransactionMode::Readwrite).await?;
    let array = Uint8Array::from(bytes);
    settled(&store.put_with_key(&array, &MODEL_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    settled(&store.put_with_key(&JsValue::from(learned), &COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(())
}

pub async fn clear() -> Result<(), String> {
    let store = store(IdbTransactionMode::Readwrite).await?;
    settled(&store.delete(&MODEL_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    settled(&store.delete(&COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(())
}
