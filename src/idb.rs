//! IndexedDB, the browser's storage for more than a few megabytes, made
//! awaitable: one key-value store per database, opened from the page or from
//! the worker (localStorage exists in neither a worker nor beyond ~5 M
//! characters). Errors come back as text for the message line.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

/// The text of a JS error (a `DOMException`'s message), or its debug form.
pub fn describe(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| format!("{err:?}"))
}

/// Resolves with the request's result once it succeeds, or rejects with its error.
async fn settled(request: &IdbRequest) -> Result<JsValue, String> {
    let request = request.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let failed = request.clone();
        let on_success = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once(move |_: web_sys::Event| {
            let why = failed.error().ok().flatten().map(JsValue::from).unwrap_or_else(|| "an IndexedDB request failed".into());
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_success.forget();
        on_error.forget();
    });
    JsFuture::from(promise).await.map_err(|e| describe(&e))
}

/// An open database and its one object store.
#[derive(Clone)]
pub struct Store {
    db: IdbDatabase,
    name: &'static str,
}

impl Store {
    /// Opens (creating if needed) the database `database` with its store `name`.
    pub async fn open(database: &str, name: &'static str) -> Result<Store, String> {
        let factory: IdbFactory = js_sys::Reflect::get(&js_sys::global(), &"indexedDB".into())
            .ok()
            .filter(|f| !f.is_undefined() && !f.is_null())
            .ok_or("this browser offers no IndexedDB")?
            .unchecked_into();
        let request: IdbOpenDbRequest = factory.open_with_u32(database, 1).map_err(|e| describe(&e))?;
        let on_upgrade = Closure::once(move |event: web_sys::Event| {
            let db: Option<IdbDatabase> = event
                .target()
                .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
                .and_then(|r| r.result().ok())
                .and_then(|r| r.dyn_into().ok());
            if let Some(db) = db {
                let _ = db.create_object_store(name);
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        on_upgrade.forget();
        let db = settled(&request).await?;
        Ok(Store { db: db.dyn_into().map_err(|_| "IndexedDB gave no database".to_string())?, name })
    }

    fn objects(&self, mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
        self.db.transaction_with_str_and_mode(self.name, mode).and_then(|t| t.object_store(self.name)).map_err(|e| describe(&e))
    }

    pub async fn get(&self, key: &str) -> Result<JsValue, String> {
        let request = self.objects(IdbTransactionMode::Readonly)?.get(&key.into()).map_err(|e| describe(&e))?;
        settled(&request).await
    }

    /// Writes `value` under `key`. The transaction is made before the first
    /// await, so puts land in the order they were called.
    pub async fn put(&self, key: &str, value: &JsValue) -> Result<(), String> {
        let request = self.objects(IdbTransactionMode::Readwrite)?.put_with_key(value, &key.into()).map_err(|e| describe(&e))?;
        settled(&request).await.map(|_| ())
    }

    /// Every key and value of the store, in key order (two requests, however many there are).
    pub async fn entries(&self) -> Result<Vec<(String, JsValue)>, String> {
        let objects = self.objects(IdbTransactionMode::Readonly)?;
        let keys = objects.get_all_keys().map_err(|e| describe(&e))?;
        let values = objects.get_all().map_err(|e| describe(&e))?;
        let keys: js_sys::Array = settled(&keys).await?.unchecked_into();
        let values: js_sys::Array = settled(&values).await?.unchecked_into();
        Ok(keys.iter().zip(values.iter()).filter_map(|(key, value)| Some((key.as_string()?, value))).collect())
    }

    /// Puts and deletes in one transaction, in the order given (puts first):
    /// all of them happen or none (IndexedDB transactions are atomic).
    /// Resolves once the transaction is complete.
    pub async fn write(&self, puts: Vec<(String, JsValue)>, deletes: Vec<String>) -> Result<(), String> {
        let transaction = self.db.transaction_with_str_and_mode(self.name, IdbTransactionMode::Readwrite).map_err(|e| describe(&e))?;
        let objects = transaction.object_store(self.name).map_err(|e| describe(&e))?;
        let done = {
            let transaction = transaction.clone();
            Promise::new(&mut |resolve, reject| {
                let on_complete = Closure::once(move |_: web_sys::Event| {
                    let _ = resolve.call0(&JsValue::NULL);
                });
                let failed = transaction.clone();
                let on_failure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                    let why = js_sys::Reflect::get(&failed, &"error".into())
                        .ok()
                        .filter(|e| !e.is_null() && !e.is_undefined())
                        .unwrap_or_else(|| "the IndexedDB transaction was aborted".into());
                    let _ = reject.call1(&JsValue::NULL, &why);
                });
                transaction.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
                transaction.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
                transaction.set_onabort(Some(on_failure.as_ref().unchecked_ref()));
                on_complete.forget();
                on_failure.forget();
            })
        };
        let mut failed = None;
        for (key, value) in &puts {
            if let Err(e) = objects.put_with_key(value, &key.into()) {
                failed = Some(describe(&e));
                break;
            }
        }
        if failed.is_none() {
            for key in &deletes {
                if let Err(e) = objects.delete(&key.into()) {
                    failed = Some(describe(&e));
                    break;
                }
            }
        }
        if let Some(why) = failed {
            // Nothing of this transaction is kept. Its abort rejects `done`,
            // which nobody awaits now: caught, so it is no unhandled rejection.
            let _ = transaction.abort();
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = done.catch(&ignore);
            ignore.forget();
            return Err(why);
        }
        JsFuture::from(done).await.map(|_| ()).map_err(|e| describe(&e))
    }

    pub async fn delete(&self, key: &str) -> Result<(), String> {
        let request = self.objects(IdbTransactionMode::Readwrite)?.delete(&key.into()).map_err(|e| describe(&e))?;
        settled(&request).await.map(|_| ())
    }
}
