//! Messages between the page and the extractor's Web Worker.
//!
//! Plain serde types, sent with serde-wasm-bindgen; every request carries an
//! id that its response echoes, so late answers for a stale text are ignored.

use nomen_core::{Document, Span};
use serde::{Deserialize, Serialize};

/// The file the worker is loaded from (trunk's loader-shim name for worker bins).
pub const WORKER_SCRIPT: &str = "./nomen-worker_loader.js";

/// The model the worker loads, relative to the page (copied from assets/ at build time).
pub const MODEL_FILE: &str = "./nomen-news.model";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Find entities in `text`.
    Extract { id: u32, text: String },
    /// Learn the names of a document the analyst corrected, and keep them in IndexedDB.
    Learn { id: u32, doc: Document },
    /// Apply these patterns too (Prodigy patterns JSONL: string and token-attribute patterns).
    AddPatterns { jsonl: String },
    /// Forget what was learned: back to the shipped model alone.
    ResetModel,
    /// Send what was learned, as Prodigy patterns JSONL (for `nomen extract --patterns`).
    ExportPatterns,
    /// Send the model with what it learned, as a model file (for `nomen extract --model`).
    ExportModel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The model is being fetched: bytes so far, and in all (0 when unknown).
    Loading { loaded: f64, total: f64 },
    /// The worker is running; `extractor` names what it extracts with,
    /// `learned` counts the documents it has learned from and `remembered` the names.
    Ready { extractor: String, learned: u32, remembered: usize },
    /// A `Learn` request was done: `names` were new or changed; `remembered` in all.
    Learned { id: u32, names: usize, remembered: usize, learned: u32 },
    /// Patterns were added: `added` new or changed names, `remembered` in all.
    PatternsAdded { added: usize, remembered: usize },
    Patterns { jsonl: String },
    /// A learned model file (format version 2); sent as a `Uint8Array`, not an array of numbers.
    ModelFile {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    Extracted { id: u32, spans: Vec<Span>, millis: f64 },
    Failed { id: Option<u32>, message: String },
}
