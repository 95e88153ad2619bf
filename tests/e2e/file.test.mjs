// Opened from disk (file://): nomen.html, the app in one file, needs nothing
// beside it and makes no request; the folder build says what to open instead.
// (The workflow, persistence, security, learning and skeleton tests also run
// against nomen.html from file://: `cargo xtask test` runs them with NOMEN_OPEN=file.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, DIST, SINGLE_FILE, openFiles, jsonlDoc, mark, recordTraffic, extractorWorkers } from './lib/harness.mjs';

let browser, alone;
before(async () => {
  browser = await launch();
  // The file on its own in an empty folder, as an analyst who was mailed it has it.
  alone = fs.mkdtempSync(path.join(os.tmpdir(), 'nomen-single-'));
  fs.copyFileSync(SINGLE_FILE, path.join(alone, 'nomen.html'));
});
after(async () => {
  await browser?.close();
  if (alone) fs.rmSync(alone, { recursive: true, force: true });
});

/** Opens a file:// URL in a fresh context, recording requests, workers and errors. */
async function openFile(url, init) {
  const context = await browser.newContext({ acceptDownloads: true });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const { requests, errors } = recordTraffic(page);
  await page.goto(url);
  return { context, page, requests, errors };
}

/** Records each worker's progress reports while it loads the model (Response::Loading), one list per worker:
 * with two workers the reports interleave, and the second may still be loading when the first is ready. */
function recordProgress() {
  const Native = window.Worker;
  window.__progress = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      const reports = [];
      window.__progress.push(reports);
      this.addEventListener('message', (e) => { if (e.data?.Loading) reports.push(e.data.Loading); });
    }
  };
}

test('nomen.html alone in a folder starts from file://: the model inside it, the worker from a blob: URL, no request', async () => {
  const url = pathToFileURL(path.join(alone, 'nomen.html')).href;
  const { context, page, requests, errors } = await openFile(url, recordProgress);
  await page.getByLabel('Article text').waitFor();
  const engine = page.locator('header .engine', { hasText: 'extractor:' });
  await engine.waitFor();
  assert.doesNotMatch(await engine.textContent(), /baseline|could not/, 'the trained model, not the fallback');
  // Each worker inflated the model in steps, each reported, up to its whole length.
  const model = fs.statSync(path.resolve('../../assets/nomen-news.model')).size;
  await page.waitForFunction((size) => window.__progress.length > 0
    && window.__progress.every((reports) => reports.at(-1)?.loaded === size), model);
  for (const reports of await page.evaluate(() => window.__progress)) {
    assert.ok(reports.length > 1, `${reports.length} progress reports`);
    assert.deepEqual(reports.at(-1), { loaded: model, total: model });
  }
  await page.getByLabel('Article text').fill('Khalifa Haftar met officials in Benghazi on Monday.');
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark', { hasText: 'Benghazi' }).waitFor();
  const { workers, expected } = await extractorWorkers(page);
  assert.equal(workers.length, expected, 'the extractor runs in Web Workers, one per core up to two');
  for (const worker of workers) assert.match(worker.url(), /^blob:/);
  // The page itself, and the worker made from it in memory: nothing else, not even a file beside it.
  assert.deepEqual(requests.filter((u) => u !== url && !u.startsWith('blob:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a damaged nomen.html says its model could not be unpacked and works on with the rule baseline', async () => {
  // Bytes in the middle of the model's data block changed, as a broken download or copy would.
  const html = fs.readFileSync(SINGLE_FILE, 'utf8');
  const at = html.indexOf('id="nomen-model">') + 200_000;
  const damaged = path.join(alone, 'damaged.html');
  fs.writeFileSync(damaged, html.slice(0, at) + 'AAAA'.repeat(50) + html.slice(at + 200));
  const { context, page } = await openFile(pathToFileURL(damaged).href);
  const engine = page.locator('header .engine', { hasText: 'extractor:' });
  await engine.waitFor();
  assert.match(await engine.textContent(), /could not be loaded: the model inside this page could not be unpacked/);
  await page.getByLabel('Article text').fill('Khalifa Haftar met officials in Benghazi on Monday.');
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
  await context.close();
});

test('nomen.html: its policy allows only its own script and a blob: worker, no request at all', async () => {
  const html = fs.readFileSync(SINGLE_FILE, 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /^default-src 'none';/);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval';/);
  assert.match(csp, /worker-src blob:;/);
  assert.doesNotMatch(csp, /'self'|connect-src|'unsafe-eval'|https?:|\*/);
  // What it loads must not be pulled in from beside it or from anywhere: every script is inline or a data block.
  assert.doesNotMatch(html, /<script[^>]* src=|<link rel="stylesheet"/);
  const { context, page } = await openFile(pathToFileURL(SINGLE_FILE).href);
  await page.getByLabel('Article text').waitFor();
  const violations = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    try { await fetch('http://127.0.0.2:9/leak'); } catch { /* refused */ }
    const image = new Image();
    image.src = 'http://127.0.0.2:9/pixel.png';
    const script = document.createElement('script');
    script.textContent = 'window.__ran = 1';
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 200));
    return seen.sort();
  });
  assert.deepEqual(violations, ['connect-src', 'img-src', 'script-src-elem']);
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  await context.close();
});

// The 3 MB aim is for the release build, whose size BENCHMARKS.md reports (`cargo xtask bench
// --single-file`); this test build's wasm is larger (opt-level 2, no LTO). What a test can hold
// for any build: the heavy parts travel compressed, so the file is far smaller than they are.
test('nomen.html carries its wasm and model compressed: well under their own size', () => {
  const bytes = fs.statSync(SINGLE_FILE).size;
  const parts = ['nomen-app_bg.wasm', 'nomen-worker_bg.wasm', 'nomen-news.model'].map((f) => fs.statSync(path.join(DIST, f)).size);
  const raw = parts.reduce((a, b) => a + b, 0);
  assert.ok(bytes < 0.8 * raw, `nomen.html is ${bytes} bytes; its wasm and model alone are ${raw}`);
});

test('nomen.html in a browser that stores nothing: the red banner says so and how to keep the work', async () => {
  const { context, page } = await openFile(pathToFileURL(SINGLE_FILE).href, () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined });
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  const banner = page.locator('.banner[role="alert"]');
  await banner.waitFor();
  // Said on opening (no storage at all), then on each save tried: either way, how to keep the work.
  assert.match(await banner.textContent(), /(cannot be saved in this browser|NOT being saved).*Export all/);
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text: 'Rome', spans: [[0, 4, 'GPE']] }) }]);
  await mark(page, 0, 4).waitFor();
  // After a save was tried, the banner still says that nothing is kept, and how to keep it.
  await page.locator('.banner', { hasText: 'NOT being saved' }).waitFor();
  assert.match(await banner.textContent(), /NOT being saved.*Export all/);
  await context.close();
});

test('the folder build opened from file:// says what happened and what to open instead', async () => {
  const { context, page } = await openFile(pathToFileURL(path.join(DIST, 'index.html')).href);
  const notice = page.locator('.file-notice[role="alert"]');
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /cannot start from this folder opened as a file/);
  assert.match(text, /Open nomen\.html instead/);
  assert.match(text, /serve this folder/);
  assert.equal(await page.getByLabel('Article text').count(), 0);
  await context.close();
});
