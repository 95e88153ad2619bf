//! One component per file; each gets props and `on…` callbacks, never the reducer.

pub mod adjudication_view;
pub mod aliases_dialog;
pub mod article;
pub mod comparison;
pub mod composer;
pub mod concordance;
pub mod doc_list;
pub mod help;
pub mod inconsistencies_view;
pub mod label_bar;
pub mod labels_dialog;
pub mod review_bar;
pub mod review_panel;
pub mod toolbar;

/// Black or white text, whichever reads better on the `#rrggbb` background.
pub fn text_color_on(background: &str) -> &'static str {
    match nomen_core::labels::contrast_with_black(background) {
        Some(ratio) if ratio < 4.5 => "#ffffff",
        _ => "#1d1d1f",
    }
}
