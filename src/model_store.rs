//! Where the worker keeps what it learned from the analyst (the name memory,
//! as JSON): IndexedDB, since localStorage is not available in workers. The
//! shipped model is never changed; "reset" deletes what was learned.

use wasm_bindgen::JsValue;

use crate::idb::Store;

/// The database and store of what was learned; the page's work is in another database.
const DATABASE: &str = "nomen";
const STORE: &str = "models";
const MEMORY_KEY: &str = "learned-names";
const COUNT_KEY: &str = "learned-documents";

/// What was learned (JSON) and from how many documents, if anything was saved.
pub async fn load() -> Result<Option<(String, u32)>, String> {
    let store = Store::open(DATABASE, STORE).await?;
    let Some(json) = store.get(MEMORY_KEY).await?.as_string() else { return Ok(None) };
    let count = store.get(COUNT_KEY).await?;
    Ok(Some((json, count.as_f64().unwrap_or(0.0) as u32)))
}

pub async fn save(json: &str, learned: u32) -> Result<(), String> {
    let store = Store::open(DATABASE, STORE).await?;
    store.put(MEMORY_KEY, &JsValue::from_str(json)).await?;
    store.put(COUNT_KEY, &JsValue::from(learned)).await
}

pub async fn clear() -> Result<(), String> {
    let store = Store::open(DATABASE, STORE).await?;
    store.delete(MEMORY_KEY).await?;
    store.delete(COUNT_KEY).await
}
