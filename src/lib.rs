//! The browser app: a thin Yew shell over the core crates, plus the Web Worker
//! that runs the extractor off the main thread.
//!
//! - `state`: the model and the actions that change it (the Elm pattern).
//! - `components`: one component per file, rendering the state.
//! - `protocol`: the messages between page and worker.
//! - `bridge` (page side) and `worker` (worker side) of that channel.
//! - `download`: the one place that makes files.
//!
//! Everything about text, spans and extraction lives in the core crates.

pub mod app;
pub mod bridge;
pub mod components;
pub mod download;
pub mod protocol;
pub mod state;
pub mod worker;
