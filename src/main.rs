//! The browser app: a thin Yew shell over the core crates.
//!
//! `state` holds the model and the actions that change it (the Elm pattern);
//! `components` render it; `download` is the one place that makes files.
//! Everything about text, spans and extraction lives in the core crates.

mod app;
mod components;
mod download;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
