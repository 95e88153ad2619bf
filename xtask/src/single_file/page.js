// nomen.html's start-up: the app's wasm, the worker (script and wasm) and the
// model are inside this page as data blocks; nothing is fetched. The worker
// starts from a blob: URL at once and is handed its wasm and the model, which
// it inflates itself, while the app's wasm is inflated and started here; the
// app takes the worker over with nomenEmbedded.startWorker (src/embedded.rs).
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
    function newWorker(url) {
      var worker = new Worker(url, { name: 'nomen-worker' });
      worker.postMessage({ wasm: workerWasm, model: model }); // base64 text, decoded in the worker
      return worker;
    }
    // The worker starts at once, so that it loads the model while the app starts; what it
    // says before the app listens (progress, Ready) is held and handed over with it.
    var early = workerUrl.then(function (url) {
      var held = [];
      var hold = function (event) { held.push(event.data); };
      var worker = newWorker(url);
      worker.addEventListener('message', hold);
      return { url: url, worker: worker, held: held, hold: hold };
    });
    Promise.all([nomenInflate(nomenDecodeBase64(appWasm)), early]).then(function (ready) {
      var started = ready[1];
      var url = started.url;
      window.nomenEmbedded = {
        startWorker: function () {
          if (!started) return newWorker(url); // asked again: a fresh worker
          var handed = started;
          started = null;
          handed.worker.removeEventListener('message', handed.hold);
          // Replayed once the app has set its handler, which it does as soon as this returns.
          queueMicrotask(function () {
            handed.held.forEach(function (data) { handed.worker.dispatchEvent(new MessageEvent('message', { data: data })); });
          });
          return handed.worker;
        },
      };
      return wasm_bindgen({ module_or_path: ready[0] });
    }).catch(fail);
  } catch (err) {
    fail(err);
  }
})();
