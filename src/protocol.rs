//! Messages between the page and the extractor's Web Worker.
//!
//! Plain serde types, sent with serde-wasm-bindgen. Every request carries an
//! id, unique for the page's lifetime (the page's worker pool, `pool.rs`, hands
//! them out from one counter for all its workers), and every answer to a request echoes it, failures
//! included: so late answers for a stale text are ignored, and a failure
//! names the request it belongs to. Messages the worker sends on its own
//! (loading progress, Ready at start, a failure to read what it learned
//! before) carry no id. The page may run several workers (`pool.rs`): the same
//! messages, with `Snapshot` and `Follow` to bring a helper to the primary's state.

use nomen_core::{Document, Span};
use serde::{Deserialize, Serialize};

/// The file the worker is loaded from (trunk's loader-shim name for worker bins).
pub const WORKER_SCRIPT: &str = "./nomen-worker_loader.js";

/// The model the worker loads, relative to the page (copied from assets/ at build time).
pub const MODEL_FILE: &str = "./nomen-news.model";

/// A span the extractor found, and how sure it was: the beam decoder's margin
/// (how far the chosen tag scored above the best other, in the model's weight
/// units; small means it hesitated). `None` for a span that did not come from
/// the model's decoder (the rule baseline; names and patterns the analyst
/// taught), which the page treats as certain. See `uncertainty.rs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub span: Span,
    pub margin: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Find entities in `text`.
    Extract { id: u32, text: String },
    /// Learn the names of a document the analyst corrected, and keep them in IndexedDB.
    Learn { id: u32, doc: Document },
    /// Apply these patterns too (Prodigy patterns JSONL: string and token-attribute patterns).
    AddPatterns { id: u32, jsonl: String },
    /// Forget what was learned: back to the shipped model alone.
    ResetModel { id: u32 },
    /// Send what was learned, as Prodigy patterns JSONL (for `nomen extract --patterns`).
    ExportPatterns { id: u32 },
    /// Send the model with what it learned, as a model file (for `nomen extract --model`).
    ExportModel { id: u32 },
    /// Send what was learned as it is now (the name memory as JSON), for a
    /// helper worker to take (`pool.rs`); asked of the primary worker only.
    Snapshot { id: u32 },
    /// Become a helper of the primary worker: take its `memory` (JSON, from
    /// `Snapshot`) and `learned` count in place of your own, and from now on
    /// never write what was learned to IndexedDB (the primary keeps it).
    Follow { id: u32, memory: String, learned: u32 },
}

impl Request {
    /// The id its answer echoes.
    pub fn id(&self) -> u32 {
        match self {
            Request::Extract { id, .. }
            | Request::Learn { id, .. }
            | Request::AddPatterns { id, .. }
            | Request::ResetModel { id }
            | Request::ExportPatterns { id }
            | Request::ExportModel { id }
            | Request::Snapshot { id }
            | Request::Follow { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The model is being fetched: bytes so far, and in all (0 when unknown).
    Loading {
        loaded: f64,
        total: f64,
    },
    /// The worker is running; `extractor` names what it extracts with,
    /// `learned` counts the documents it has learned from and `remembered` the names.
    Ready {
        extractor: String,
        learned: u32,
        remembered: usize,
    },
    /// A `Learn` request was done: `names` were new or changed; `remembered` in all.
    Learned {
        id: u32,
        names: usize,
        remembered: usize,
        learned: u32,
    },
    /// Patterns were added: `added` new or changed names, `remembered` in all.
    PatternsAdded {
        id: u32,
        added: usize,
        remembered: usize,
    },
    /// What was learned was forgotten: the worker runs `extractor` alone again.
    Reset {
        id: u32,
        extractor: String,
    },
    Patterns {
        id: u32,
        jsonl: String,
    },
    /// A learned model file (format version 2); sent as a `Uint8Array`, not an array of numbers.
    ModelFile {
        id: u32,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// The spans found in an `Extract` request's text, each with the extractor's margin.
    Extracted {
        id: u32,
        spans: Vec<Found>,
        millis: f64,
    },
    /// What was learned, for a helper worker (the answer to `Snapshot`).
    Snapshot {
        id: u32,
        memory: String,
        learned: u32,
    },
    /// The helper took the primary's memory (the answer to `Follow`): `remembered` names.
    Following {
        id: u32,
        remembered: usize,
    },
    /// A request failed (`id` is that request's), or the worker itself (`id` is `None`).
    Failed {
        id: Option<u32>,
        message: String,
    },
}

impl Response {
    /// The request this answers, if any.
    pub fn request(&self) -> Option<u32> {
        match self {
            Response::Loading { .. } | Response::Ready { .. } => None,
            Response::Learned { id, .. }
            | Response::PatternsAdded { id, .. }
            | Response::Reset { id, .. }
            | Response::Patterns { id, .. }
            | Response::ModelFile { id, .. }
            | Response::Extracted { id, .. }
            | Response::Snapshot { id, .. }
            | Response::Following { id, .. } => Some(*id),
            Response::Failed { id, .. } => *id,
        }
    }
}
