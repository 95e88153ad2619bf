// nomen.html's start-up: the app's wasm, the worker (script and wasm) and the
// model are inside this page as data blocks; nothing is fetched. The app
// starts once its wasm is inflated; the worker starts from a blob: URL when
// the app asks for it (nomenEmbedded.startWorker, see src/embedded.rs) and is
// handed its wasm and the model, which it inflates itself.
(function () {
  'use strict';
  // A data block's text; the element goes (the app replaces the body anyway).
  function take(id) {
    var element = document.getElementById(id);
    if (!element) throw new Error('this copy of nomen.html is incomplete: it has no ' + id);
    var text = element.textContent;
    element.remove();
    return text;
  }

  function fail(err) {
    console.error('nomen could not start', err);
    var note = document.createElement('p');
    note.setAttribute('role', 'alert');
    note.className = 'start-failure';
    note.textContent = 'nomen could not start in this browser: ' + (err && err.message ? err.message : String(err)) +
      '. It needs a current Chrome, Edge, Firefox or Safari with JavaScript and WebAssembly.';
    document.body.appendChild(note);
  }

  try {
    var appWasm = take('nomen-app-wasm');
    var workerScript = take('nomen-worker-js');
    var workerWasm = take('nomen-worker-wasm');
    var model = take('nomen-model');
    var workerUrl = nomenInflate(nomenDecodeBase64(workerScript)).then(function (script) {
      return URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    });
    Promise.all([nomenInflate(nomenDecodeBase64(appWasm)), workerUrl]).then(function (ready) {
      var url = ready[1];
      window.nomenEmbedded = {
        startWorker: function () {
          var worker = new Worker(url, { name: 'nomen-worker' });
          worker.postMessage({ wasm: workerWasm, model: model }); // base64 text, decoded in the worker
          return worker;
        },
      };
      return wasm_bindgen({ module_or_path: ready[0] });
    }).catch(fail);
  } catch (err) {
    fail(err);
  }
})();
