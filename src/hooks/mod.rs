//! The root component's effects as custom hooks, one concern a file, so
//! `App` only wires them together and renders.
//!
//! - `use_worker`: the extractor's Web Worker (request ids, batched answers).
//! - `use_autosave`: restoring the saved work once, saving every change.
//! - `use_keyboard`: the keyboard map's listener.
//! - `use_drag`: the drag handles of the selected span.
//! - `use_article_view`: the current document cut into render blocks, painted in steps.
//! - `use_inconsistencies`: the inconsistency list found in steps, off the click.

pub mod use_article_view;
pub mod use_autosave;
pub mod use_drag;
pub mod use_inconsistencies;
pub mod use_keyboard;
pub mod use_worker;
