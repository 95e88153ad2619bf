// Benchmark (not a test): extraction throughput of the wasm extractor inside
// its Web Worker in headless Chromium. Prints one JSON line.
// Usage: NOMEN_DIST=... node bench-wasm.mjs INPUT.jsonl
import fs from 'node:fs';
import { serve, launch } from './lib/harness.mjs';

const input = process.argv[2];
const texts = fs.readFileSync(input, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);

const result = await page.evaluate(async (texts) => {
  const worker = new Worker('./nomen-worker_loader.js');
  const next = (kind) => new Promise((resolve) => {
    const handler = (e) => {
      if (e.data[kind]) { worker.removeEventListener('message', handler); resolve(e.data[kind]); }
      if (e.data.Failed) { worker.removeEventListener('message', handler); resolve({ failed: e.data.Failed }); }
    };
    worker.addEventListener('message', handler);
  });
  const ready = await next('Ready');
  const extract = async (id, text) => {
    const answer = next('Extracted');
    worker.postMessage({ Extract: { id, text } });
    return answer;
  };
  await extract(0, texts[0]); // warm-up
  let workerMillis = 0;
  let spans = 0;
  const started = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const answer = await extract(i + 1, texts[i]);
    if (answer.failed) throw new Error(answer.failed.message);
    workerMillis += answer.millis;
    spans += answer.spans.length;
  }
  const roundTripMillis = performance.now() - started;
  worker.terminate();
  return { extractor: ready.extractor, workerMillis, roundTripMillis, spans };
}, texts);

const tokens = texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
console.log(JSON.stringify({
  extractor: result.extractor,
  browser: browser.version(),
  documents: texts.length,
  tokens,
  spans: result.spans,
  seconds: result.workerMillis / 1000,
  tokens_per_second: tokens / (result.workerMillis / 1000),
  round_trip_tokens_per_second: tokens / (result.roundTripMillis / 1000),
}));
await browser.close();
server.close();
