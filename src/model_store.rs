//! Where the worker keeps what it learned from the analyst (the name memory,
//! as JSON): IndexedDB, since localStorage is not available in workers. The
//! shipped model is never changed; "reset" deletes what was learned.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode, WorkerGlobalScope};

const DATABASE: &str = "nomen";
const STORE: &str = "models";
const MEMORY_KEY: &str = "learned-names";
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

/// What was learned (JSON) and from how many documents, if anything was saved.
pub async fn load() -> Result<Option<(String, u32)>, String> {
    let store = store(IdbTransactionMode::Readonly).await?;
    let json = settled(&store.get(&MEMORY_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    let Some(json) = json.as_string() else { return Ok(None) };
    let count = settled(&store.get(&COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(Some((json, count.as_f64().unwrap_or(0.0) as u32)))
}

pub async fn save(json: &str, learned: u32) -> Result<(), String> {
    let store = store(IdbTransactionMode::Readwrite).await?;
    settled(&store.put_with_key(&JsValue::from_str(json), &MEMORY_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    settled(&store.put_with_key(&JsValue::from(learned), &COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(())
}

pub async fn clear() -> Result<(), String> {
    let store = store(IdbTransactionMode::Readwrite).await?;
    settled(&store.delete(&MEMORY_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    settled(&store.delete(&COUNT_KEY.into()).map_err(describe)?).await.map_err(describe)?;
    Ok(())
}
