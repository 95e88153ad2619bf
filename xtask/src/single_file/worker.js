// The single-file worker's start: the page's first message brings the
// worker's wasm and the model (gzip, base64). The wasm is started here; the
// model is inflated when the worker's Rust asks (nomenEmbedded.model, see
// src/embedded.rs), with progress.
self.onmessage = function (event) {
  self.onmessage = null; // the worker's Rust sets its own handler when it starts
  var wasm = event.data.wasm;
  var model = event.data.model;
  self.nomenEmbedded = {
    model: function (onProgress) { return nomenInflate(nomenDecodeBase64(model), onProgress); },
  };
  nomenInflate(nomenDecodeBase64(wasm)).then(function (bytes) {
    return wasm_bindgen({ module_or_path: bytes });
  }).catch(function (err) {
    // The page's protocol (src/protocol.rs): Response::Failed { id: None, message }.
    self.postMessage({ Failed: { id: null, message: 'the extractor could not start: ' + (err && err.message ? err.message : String(err)) } });
  });
};
