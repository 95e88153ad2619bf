//! One component per file; each gets props and `on…` callbacks, never the reducer.

pub mod article;
pub mod legend;
