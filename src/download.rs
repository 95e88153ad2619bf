//! Saving a file to the analyst's machine: a Blob, an object URL, a click.

use wasm_bindgen::JsCast;

/// Offers `contents` as a download named `filename`. Errors are returned as text for the status bar.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    save(filename, mime, &wasm_bindgen::JsValue::from_str(contents))
}

/// Offers `bytes` as a download named `filename`.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    save(filename, mime, &js_sys::Uint8Array::from(bytes))
}

fn save(filename: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let fail = |what: &str| format!("could not save {filename}: {what}");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("no Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("no <a>"))?.dyn_into().map_err(|_| fail("no <a>"))?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(|_| fail("could not release the URL"))?;
    Ok(())
}
