//! Saving the work in the browser, so a reload or a crash loses nothing.
//!
//! The workspace goes to IndexedDB, a record per document and a manifest
//! (`nomen_session::records`: a save writes the documents that changed, as
//! UTF-8 bytes, then the manifest), so a save in a workspace of thousands of
//! articles costs what changed, not the whole. The records are serialised and
//! written in slices of at most [`SLICE_MS`] of serialising (or [`SLICE_BYTES`]),
//! a transaction each, between which the page answers input; the manifest and
//! the deletions go last, in one transaction: a save cut anywhere loads as
//! the work before it or after it (the records' order, not one transaction,
//! is what keeps the store sound).
//! localStorage stops at about 5 M characters, which a few thousand articles
//! exceed. A workspace saved whole by an earlier version (one JSON string or
//! its bytes under `workspace` in IndexedDB, or in localStorage) is read once
//! and moved into records. If IndexedDB is unavailable, localStorage is used
//! as before (the whole workspace as one string). The unsent draft is small
//! and stays in localStorage, and so does the one setting (the document
//! list's order). Saving failures are returned, never swallowed:
//! the app shows them and keeps working in memory. An unreadable save is kept
//! aside, not deleted.

use std::cell::RefCell;

use nomen_session::records::{is_record_key, Records, SavePlan, MANIFEST_KEY, WHOLE_KEY};
use nomen_session::Workspace;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use crate::idb::{describe, Store};

const DATABASE: &str = "nomen-workspace";
const STORE: &str = "workspace";
/// Where an unreadable save is moved, so it can still be recovered by hand.
const UNREADABLE_KEY: &str = "workspace.unreadable";
/// The localStorage keys: the workspace before IndexedDB (and without it), and the draft.
const LOCAL_WORKSPACE_KEY: &str = "nomen.workspace";
const LOCAL_UNREADABLE_KEY: &str = "nomen.workspace.unreadable";
const DRAFT_KEY: &str = "nomen.draft";
/// The document list's order ("as-opened", "least-certain-first"): a setting, not work.
const DOC_ORDER_KEY: &str = "nomen.docOrder";

thread_local! {
    /// The open database, once [`load`] has opened it; `None` means localStorage.
    static DB: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// What the store holds (the records last saved), so a save writes only what changed.
    static RECORDS: RefCell<Records> = RefCell::new(Records::default());
}

fn local_storage() -> Result<Storage, String> {
    match gloo::utils::window().local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no local storage".to_string()),
        Err(err) => Err(format!("local storage is blocked ({})", describe(&err))),
    }
}

/// What was saved: the workspace and a problem to report.
pub struct Restored {
    pub workspace: Workspace,
    pub problem: Option<String>,
}

/// The unsent draft (synchronous: it is in localStorage).
pub fn load_draft() -> String {
    local_storage().ok().and_then(|s| s.get_item(DRAFT_KEY).ok().flatten()).unwrap_or_default()
}

/// Reads the saved workspace, and opens the database that [`save`] writes to.
pub async fn load() -> Restored {
    let local = local_storage();
    let store = Store::open(DATABASE, STORE).await;
    let entries = match &store {
        Ok(store) => match store.entries().await {
            Ok(entries) => entries,
            Err(why) => return Restored { workspace: Workspace::default(), problem: Some(format!("Your saved work could not be read ({why}). Nothing was deleted; meanwhile new work is kept in localStorage, which holds about 5 M characters.")) },
        },
        Err(_) => Vec::new(),
    };
    let mut restored = Restored { workspace: Workspace::default(), problem: None };
    let texts: std::collections::HashMap<String, JsValue> = entries.into_iter().collect();
    let text = |key: &str| texts.get(key).cloned().and_then(saved_text);
    let (manifest, whole) = (text(MANIFEST_KEY), text(WHOLE_KEY));
    match (&store, &local) {
        (Ok(store), _) => DB.with(|db| *db.borrow_mut() = Some(store.clone())),
        (Err(_), Ok(_)) => {}
        (Err(idb), Err(local)) => {
            restored.problem = Some(format!(
                "Your work cannot be saved in this browser: {idb}; {local}. Use Export all to keep it before you close the tab."
            ));
        }
    }
    if manifest.is_some() || whole.is_some() {
        let keys: Vec<String> = texts.keys().cloned().collect();
        match Records::load(manifest.as_deref(), whole.as_deref(), &keys, text) {
            Ok(Some((ws, records))) => {
                RECORDS.with(|r| *r.borrow_mut() = records);
                restored.workspace = ws;
            }
            Ok(None) => {}
            Err(err) => {
                // Everything of the save, as one JSON text: the manifest (or the whole save) and every record.
                let mut kept = serde_json::Map::new();
                for (key, value) in texts.iter().filter(|(k, _)| is_save_key(k)) {
                    kept.insert(key.clone(), saved_text(value.clone()).unwrap_or_default().into());
                }
                let doomed: Vec<String> = kept.keys().cloned().collect();
                // Beside an unreadable save kept earlier, never over it.
                let aside = std::iter::once(UNREADABLE_KEY.to_string())
                    .chain((2..).map(|n| format!("{UNREADABLE_KEY}.{n}")))
                    .find(|key| !texts.contains_key(key))
                    .unwrap_or_default();
                let kept_at = match &store {
                    Ok(store) => keep_aside_records(store, &aside, serde_json::Value::Object(kept).to_string(), doomed).await,
                    Err(_) => None,
                };
                restored.problem = Some(unreadable(&err.to_string(), kept_at));
            }
        }
        return restored;
    }
    // A save from before IndexedDB (or from a browser without it).
    let Some(saved) = local.as_ref().ok().and_then(|s| s.get_item(LOCAL_WORKSPACE_KEY).ok().flatten()) else { return restored };
    match Workspace::from_json(&saved) {
        Ok(ws) => restored.workspace = ws,
        Err(err) => {
            let kept_at = keep_aside_local(&saved, local.as_ref().ok());
            restored.problem = Some(unreadable(&err.to_string(), kept_at));
        }
    }
    restored
}

/// The keys a save consists of: the manifest, the records, a whole save.
fn is_save_key(key: &str) -> bool {
    key == MANIFEST_KEY || key == WHOLE_KEY || is_record_key(key)
}

fn unreadable(err: &str, kept_at: Option<String>) -> String {
    format!(
        "The saved work could not be read ({err}). {}",
        match kept_at {
            Some(at) => format!("It was kept in this browser's storage under “{at}”; nothing was deleted."),
            None => "It is still in this browser's storage; nothing was deleted.".to_string(),
        }
    )
}

/// A save as text: UTF-8 bytes (what [`save`] writes), or a string (saves
/// before bytes, and a save moved aside).
fn saved_text(value: JsValue) -> Option<String> {
    if let Some(text) = value.as_string() {
        return Some(text);
    }
    let bytes = value.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
    Some(String::from_utf8(bytes).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()))
}

/// Moves an unreadable save in localStorage aside, so the next save does not overwrite it. Returns where it is.
fn keep_aside_local(saved: &str, local: Option<&Storage>) -> Option<String> {
    let local = local?;
    local.set_item(LOCAL_UNREADABLE_KEY, saved).ok()?;
    local.remove_item(LOCAL_WORKSPACE_KEY).ok()?;
    Some(format!("localStorage: {LOCAL_UNREADABLE_KEY}"))
}

/// Moves an unreadable save in IndexedDB aside (as one text, in the same
/// transaction that deletes its keys, so it is never in neither place).
async fn keep_aside_records(store: &Store, aside: &str, kept: String, doomed: Vec<String>) -> Option<String> {
    store.write(vec![(aside.to_string(), JsValue::from_str(&kept))], doomed).await.ok()?;
    Some(format!("IndexedDB: {DATABASE} / {aside}"))
}

fn refused(why: &str) -> String {
    format!("Your work is NOT being saved: the browser refused to store it ({why}). Export all to keep it.")
}

/// The main thread's serialising per slice of a save, at most (the slice ends after the record that passes it).
pub const SLICE_MS: f64 = 8.0;
/// The bytes per slice of a save, at most (the slice ends after the record that passes it).
pub const SLICE_BYTES: usize = 1 << 20;

/// A save planned on the main thread: which records changed (not yet serialised).
pub struct Prepared {
    target: Target,
}

enum Target {
    /// IndexedDB: the records that changed and the manifest; what the store holds after.
    Records(Store, SavePlan, Records),
    /// localStorage: the whole workspace.
    Local(String),
}

/// What a save wrote, for the `nomen-save` measure.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Bytes written (records and manifest, or the whole workspace).
    pub bytes: usize,
    /// Milliseconds of serialising on the main thread, all slices together.
    pub serialize_ms: f64,
    /// Transactions of records written before the manifest's.
    pub slices: usize,
    /// The most serialising in one slice, in milliseconds (the puts that follow it are in the same task).
    pub longest_slice_ms: f64,
}

fn now() -> f64 {
    gloo::utils::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Plans a save of what changed since the last successful one (everything,
/// the first time), or serialises the whole workspace without IndexedDB.
pub fn prepare(ws: &Workspace) -> Prepared {
    match DB.with(|db| db.borrow().clone()) {
        Some(store) => {
            let (plan, next) = RECORDS.with(|r| r.borrow().plan(ws));
            Prepared { target: Target::Records(store, plan, next) }
        }
        None => Prepared { target: Target::Local(ws.to_json()) },
    }
}

/// Writes a prepared save. Saves must not overlap (the autosave makes one at
/// a time): each is planned against the last one that succeeded; one that
/// fails hands its record keys back (`Records::abandon`), so the next deletes
/// whatever of it landed. IndexedDB gets UTF-8 bytes, not strings: copying
/// bytes out of wasm memory and into the database is a copy, where a string
/// would be decoded and cloned character by character (about a second for
/// 12 MB, measured).
pub async fn save(prepared: Prepared) -> Result<Written, String> {
    match prepared.target {
        Target::Records(store, plan, next) => {
            let written = write_records(&store, &plan).await;
            let written = match written {
                Ok(written) => written,
                Err(why) => {
                    RECORDS.with(|r| r.borrow_mut().abandon(&plan));
                    return Err(refused(&why));
                }
            };
            RECORDS.with(|r| *r.borrow_mut() = next);
            // The work now lives in IndexedDB: a copy left by an earlier version only takes room.
            if let Ok(local) = local_storage() {
                let _ = local.remove_item(LOCAL_WORKSPACE_KEY);
            }
            Ok(written)
        }
        // Without any storage, still say that nothing is saved and how to keep the work.
        Target::Local(json) => {
            local_storage().map_err(|why| refused(&why))?.set_item(LOCAL_WORKSPACE_KEY, &json).map_err(|err| refused(&describe(&err)))?;
            Ok(Written { bytes: json.len(), ..Written::default() })
        }
    }
}

/// The records in slices, a transaction each (awaiting one lets the page
/// handle input before the next is serialised), then the manifest and the
/// deletions in one transaction.
async fn write_records(store: &Store, plan: &SavePlan) -> Result<Written, String> {
    let bytes = |text: &str| -> JsValue { js_sys::Uint8Array::from(text.as_bytes()).into() };
    let mut written = Written::default();
    let mut pending = plan.records.iter().peekable();
    while pending.peek().is_some() {
        let started = now();
        let (mut puts, mut size) = (Vec::new(), 0);
        while let Some((key, record)) = pending.next_if(|_| size < SLICE_BYTES && now() - started < SLICE_MS) {
            let json = record.to_json();
            size += key.len() + json.len();
            puts.push((key.clone(), bytes(&json)));
        }
        written.serialize_ms += now() - started;
        written.bytes += size;
        written.longest_slice_ms = written.longest_slice_ms.max(now() - started);
        written.slices += 1;
        // The puts are made (copied into the transaction) when it is first polled, in this task.
        store.write(puts, Vec::new()).await?;
    }
    written.bytes += plan.manifest.len();
    store.write(vec![(MANIFEST_KEY.to_string(), bytes(&plan.manifest))], plan.deletes.clone()).await?;
    Ok(written)
}

pub fn save_draft(draft: &str) -> Result<(), String> {
    local_storage()?.set_item(DRAFT_KEY, draft).map_err(|err| format!("The draft could not be saved ({}).", describe(&err)))
}

/// The document list's order chosen last time, if any (localStorage, like the draft).
pub fn load_doc_order() -> Option<String> {
    local_storage().ok()?.get_item(DOC_ORDER_KEY).ok().flatten()
}

/// Keeps the document list's order for next time. A failure only loses the
/// preference (the work is saved elsewhere, with its own banner), so it is ignored.
pub fn save_doc_order(name: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.set_item(DOC_ORDER_KEY, name);
    }
}
