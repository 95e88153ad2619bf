//! Saving the work in the browser (localStorage), so a reload or a crash loses
//! nothing. Saving failures are returned, never swallowed: the app shows them
//! and keeps working in memory. An unreadable save is kept aside, not deleted.

use nomen_session::Workspace;
use web_sys::Storage;

const WORKSPACE_KEY: &str = "nomen.workspace";
const DRAFT_KEY: &str = "nomen.draft";
/// Where an unreadable save is moved, so it can still be recovered by hand.
const UNREADABLE_KEY: &str = "nomen.workspace.unreadable";

fn storage() -> Result<Storage, String> {
    match gloo::utils::window().local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no local storage".to_string()),
        Err(err) => Err(format!("local storage is blocked ({})", describe(&err))),
    }
}

fn describe(err: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(err, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// What was saved: the workspace, the unsent draft, and a problem to report.
pub struct Restored {
    pub workspace: Workspace,
    pub draft: String,
    pub problem: Option<String>,
}

pub fn load() -> Restored {
    let mut restored = Restored { workspace: Workspace::default(), draft: String::new(), problem: None };
    let storage = match storage() {
        Ok(s) => s,
        Err(why) => {
            restored.problem = Some(format!("Your work cannot be saved in this browser: {why}. Export it before you close the tab."));
            return restored;
        }
    };
    restored.draft = storage.get_item(DRAFT_KEY).ok().flatten().unwrap_or_default();
    if let Ok(Some(saved)) = storage.get_item(WORKSPACE_KEY) {
        match Workspace::from_json(&saved) {
            Ok(ws) => restored.workspace = ws,
            Err(err) => {
                let kept = storage.set_item(UNREADABLE_KEY, &saved).is_ok();
                restored.problem = Some(format!(
                    "The saved work could not be read ({err}). {}",
                    if kept {
                        format!("It was kept in this browser's storage under “{UNREADABLE_KEY}”; nothing was deleted.")
                    } else {
                        "It is still in this browser's storage; nothing was deleted.".to_string()
                    }
                ));
                // Do not overwrite the unreadable save with an empty workspace.
                let _ = storage.remove_item(WORKSPACE_KEY).is_ok() && kept;
            }
        }
    }
    restored
}

pub fn save(ws: &Workspace) -> Result<(), String> {
    storage()?.set_item(WORKSPACE_KEY, &ws.to_json()).map_err(|err| {
        format!("Your work is NOT being saved: the browser refused to store it ({}). Export all to keep it.", describe(&err))
    })
}

pub fn save_draft(draft: &str) -> Result<(), String> {
    storage()?.set_item(DRAFT_KEY, draft).map_err(|err| format!("The draft could not be saved ({}).", describe(&err)))
}
