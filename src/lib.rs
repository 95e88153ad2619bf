//! The browser app: a thin Yew shell over the core crates, plus the Web Worker
//! that runs the extractor off the main thread.
//!
//! - `state`: the model and the actions that change it (the Elm pattern).
//! - `app`: the root component; its effects are the custom hooks in `hooks`.
//! - `components`: one component per file, rendering the state.
//! - `protocol`: the messages between page and worker.
//! - `bridge` (page side) and `worker` (worker side) of that channel; `pool`: which of
//!   the page's workers (one per core, at most two) gets each request.
//! - `dom`: the one place that reads DOM selections (UTF-16) as code points.
//! - `storage`: autosave in the browser; `files`: opened and dropped files.
//! - `keys` and `layout`: the keyboard map and the render blocks, both pure.
//! - `download`: the one place that makes files.
//! - `embedded`: what the single-file page (nomen.html) carries inside it.
//! - `review`: corpus review (search, inconsistencies, adjudication) beside the workspace.
//! - `uncertainty`: the extractor's margin per span from the worker, and the page's threshold.
//!
//! Everything about text, spans and extraction lives in the core crates.

pub mod app;
pub mod bridge;
pub mod components;
pub mod dom;
pub mod download;
pub mod embedded;
pub mod evaluate;
pub mod export;
pub mod files;
pub mod hooks;
pub mod idb;
pub mod keys;
pub mod layout;
pub mod model_store;
pub mod pool;
pub mod protocol;
pub mod review;
pub mod review_io;
pub mod state;
pub mod storage;
pub mod uncertainty;
pub mod worker;
