//! Saving the work in the browser, so a reload or a crash loses nothing.
//!
//! The workspace goes to IndexedDB (as UTF-8 bytes; a string saved by an
//! earlier version still loads): localStorage stops at about 5 M
//! characters, which a few thousand articles exceed. A save made by an
//! earlier version in localStorage is read once and moved. If IndexedDB is
//! unavailable, localStorage is used as before. The unsent draft is small and
//! stays in localStorage, and so does the one setting (the document list's
//! order). Saving failures are returned, never swallowed: the
//! app shows them and keeps working in memory. An unreadable save is kept
//! aside, not deleted.

use std::cell::RefCell;

use nomen_session::Workspace;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use crate::idb::{describe, Store};

const DATABASE: &str = "nomen-workspace";
const STORE: &str = "workspace";
const WORKSPACE_KEY: &str = "workspace";
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
    let saved = match &store {
        Ok(store) => match store.get(WORKSPACE_KEY).await {
            Ok(value) => saved_text(value),
            Err(why) => return Restored { workspace: Workspace::default(), problem: Some(format!("Your saved work could not be read ({why}). Nothing was deleted; meanwhile new work is kept in localStorage, which holds about 5 M characters.")) },
        },
        Err(_) => None,
    };
    // A save from before IndexedDB (or from a browser without it).
    let (saved, from_local) = match saved {
        Some(saved) => (Some(saved), false),
        None => (local.as_ref().ok().and_then(|s| s.get_item(LOCAL_WORKSPACE_KEY).ok().flatten()), true),
    };
    let mut restored = Restored { workspace: Workspace::default(), problem: None };
    match (&store, &local) {
        (Ok(store), _) => DB.with(|db| *db.borrow_mut() = Some(store.clone())),
        (Err(_), Ok(_)) => {}
        (Err(idb), Err(local)) => {
            restored.problem = Some(format!(
                "Your work cannot be saved in this browser: {idb}; {local}. Use Export all to keep it before you close the tab."
            ));
        }
    }
    let Some(saved) = saved else { return restored };
    match Workspace::from_json(&saved) {
        Ok(ws) => restored.workspace = ws,
        Err(err) => {
            let kept_at = keep_aside(&saved, from_local, store.as_ref().ok(), local.as_ref().ok()).await;
            restored.problem = Some(format!(
                "The saved work could not be read ({err}). {}",
                match kept_at {
                    Some(at) => format!("It was kept in this browser's storage under “{at}”; nothing was deleted."),
                    None => "It is still in this browser's storage; nothing was deleted.".to_string(),
                }
            ));
        }
    }
    restored
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

/// Moves an unreadable save aside, so the next save does not overwrite it. Returns where it is.
async fn keep_aside(saved: &str, from_local: bool, store: Option<&Store>, local: Option<&Storage>) -> Option<String> {
    if from_local {
        let local = local?;
        local.set_item(LOCAL_UNREADABLE_KEY, saved).ok()?;
        local.remove_item(LOCAL_WORKSPACE_KEY).ok()?;
        return Some(format!("localStorage: {LOCAL_UNREADABLE_KEY}"));
    }
    let store = store?;
    store.put(UNREADABLE_KEY, &JsValue::from_str(saved)).await.ok()?;
    store.delete(WORKSPACE_KEY).await.ok()?;
    Some(format!("IndexedDB: {DATABASE} / {UNREADABLE_KEY}"))
}

fn refused(why: &str) -> String {
    format!("Your work is NOT being saved: the browser refused to store it ({why}). Export all to keep it.")
}

/// Saves the workspace (as [`Workspace::to_json`] gave it). Saves land in the
/// order they are called: each makes its IndexedDB transaction at once.
/// IndexedDB gets the UTF-8 bytes, not a string: copying 12 MB of bytes out of
/// wasm memory and into the database is a copy, where a string would be
/// decoded and cloned character by character (about a second, measured).
pub async fn save(json: String) -> Result<(), String> {
    match DB.with(|db| db.borrow().clone()) {
        Some(store) => {
            let bytes: JsValue = js_sys::Uint8Array::from(json.as_bytes()).into();
            drop(json);
            store.put(WORKSPACE_KEY, &bytes).await.map_err(|why| refused(&why))?;
            // The work now lives in IndexedDB: a copy left by an earlier version only takes room.
            if let Ok(local) = local_storage() {
                let _ = local.remove_item(LOCAL_WORKSPACE_KEY);
            }
            Ok(())
        }
        // Without any storage, still say that nothing is saved and how to keep the work.
        None => local_storage().map_err(|why| refused(&why))?.set_item(LOCAL_WORKSPACE_KEY, &json).map_err(|err| refused(&describe(&err))),
    }
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
