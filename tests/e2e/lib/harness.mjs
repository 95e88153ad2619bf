// Shared set-up for the browser tests: a static server for the built app on a
// random loopback port, headless Debian Chromium, and a record of every request
// and page error so tests can assert none went astray. With NOMEN_OPEN=file the
// same tests open the single-file page (NOMEN_SINGLE_FILE) from file:// instead.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const DIST = process.env.NOMEN_DIST ?? path.resolve('../../target/e2e-dist');
/** nomen.html, the app in one file (`cargo xtask build --single-file`). */
export const SINGLE_FILE = process.env.NOMEN_SINGLE_FILE ?? path.resolve('../../target/e2e-single/nomen.html');
/** Whether the tests open the single file from file:// rather than the served folder. */
export const OPEN_FILE = process.env.NOMEN_OPEN === 'file';
export const SHARED = process.env.NOMEN_SHARED ?? path.resolve('../../../shared');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json',
};

export function serve(dir = DIST) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.join(dir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Where the app is: the served folder, or nomen.html on disk with NOMEN_OPEN=file. */
export function appUrl(server) {
  return OPEN_FILE ? pathToFileURL(SINGLE_FILE).href : `http://127.0.0.1:${server.address().port}/`;
}

/** The requests that went beyond the app: not to its own URL, and not blob: or data: (which never leave the page). */
export function foreignRequests(requests, base) {
  return requests.filter((url) => !url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:'));
}

/**
 * Records what a page asks for and what goes wrong in it: every request's URL,
 * page errors and console errors. Playwright's and puppeteer's pages send the
 * same events, so the Chromium and Firefox tests share it.
 */
export function recordTraffic(page) {
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { requests, errors };
}

/** Opens the app in a fresh context; returns the page plus the requests and errors it made. */
export async function openApp(browser, server) {
  const base = appUrl(server);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const { requests, errors } = recordTraffic(page);
  await page.goto(base);
  await page.getByLabel('Article text').waitFor();
  return { page, context, base, requests, errors };
}

export function seeds() {
  return fs.readFileSync(path.join(SHARED, 'gold/seeds.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** Code-point slice, the unit of every offset in nomen's files and marks. */
export function cpSlice(text, start, end) {
  return Array.from(text).slice(start, end).join('');
}

/** Every mark on the page as {label, start, end, text}. */
export async function marks(page) {
  return page.$$eval('article.doc mark', (ms) => ms.map((m) => ({
    label: m.dataset.label, start: Number(m.dataset.start), end: Number(m.dataset.end), text: m.textContent,
  })));
}

export async function readDownload(download) {
  const file = path.join(os.tmpdir(), `nomen-e2e-${process.pid}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  fs.rmSync(file);
  return text;
}

/** Opens files through the "Open files" picker: [{name, text}]. */
export async function openFiles(page, files) {
  await page.getByLabel('Open files').setInputFiles(files.map(({ name, text }) => ({
    name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8'),
  })));
}

/** One JSONL line of a document: {id, text, spans: [[start, end, label]], status}. */
export function jsonlDoc({ id, text, spans = [], status }) {
  const record = { id, text, spans: spans.map(([start, end, label]) => ({ start, end, label })) };
  if (status) record.meta = { status };
  return JSON.stringify(record);
}

/** Selects the document's code points [start, end) in the article, as a mouse drag would. */
export async function selectText(page, start, end) {
  await page.evaluate(([start, end]) => {
    const article = document.getElementById('doc-view');
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    let seen = 0; // code points before the current node
    let from = null; let to = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const cps = Array.from(node.data);
      const locate = (offset) => cps.slice(0, offset - seen).join('').length; // code points → UTF-16
      if (!from && start <= seen + cps.length) from = [node, locate(start)];
      if (!to && end <= seen + cps.length) to = [node, locate(end)];
      seen += cps.length;
    }
    const range = document.createRange();
    range.setStart(...from);
    range.setEnd(...to);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }, [start, end]);
}

/**
 * Waits for the extractor's workers the page should run (src/pool.rs: one per core as the
 * browser reports them, at most two; the second starts once the first is ready) and returns them.
 */
export async function extractorWorkers(page) {
  const expected = await page.evaluate(() => Math.min(2, Math.max(1, navigator.hardwareConcurrency || 1)));
  for (let i = 0; i < 200 && page.workers().length < expected; i++) await page.waitForTimeout(50);
  return { workers: page.workers(), expected };
}

export async function message(page) {
  return (await page.locator('p.message').textContent()).trim();
}

export const mark = (page, start, end) => page.locator(`article.doc mark[data-start="${start}"][data-end="${end}"]`);

/** About `words` words of real news text, the seeds repeated. */
export function longArticle(words) {
  const texts = seeds().map((s) => s.text);
  const parts = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const t = texts[i % texts.length];
    parts.push(t);
    count += t.split(/\s+/).filter(Boolean).length;
  }
  return parts.join('\n\n');
}

/** OntoNotes dev then train from ../shared, parsed (`{id, text, spans}` per document): the benchmarks' big corpora. */
export function ontonotesDocs() {
  return ['dev.jsonl', 'train.jsonl'].flatMap((name) => fs.readFileSync(path.join(SHARED, 'data/ontonotes', name), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line)));
}

/**
 * A JSONL file of `wanted` OntoNotes texts for the large-import benchmarks:
 * dev and train's parts, then the first ones again under other ids. With
 * `status`, each keeps its gold spans and carries that status; without, text only.
 */
export function ontonotesCorpusFile(wanted, { name, status } = {}) {
  const parts = ontonotesDocs();
  const lines = [];
  for (let i = 0; lines.length < wanted; i++) {
    const { id, text, spans } = parts[i % parts.length];
    const again = i < parts.length ? id : `${id}-again-${Math.floor(i / parts.length)}`;
    lines.push(JSON.stringify(status ? { id: again, text, spans, meta: { status } } : { id: again, text }));
  }
  const file = path.join(os.tmpdir(), `nomen-${name}-${wanted}-${process.pid}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** An init script: main-thread long tasks into `window.__longTasks`, from before the app starts. */
/**
 * Runs in the page before its scripts (`context.addInitScript(recordWorkerRequests, cores)`):
 * the page sees `cores` cores, and `window.__workers` gets, per Worker the page
 * starts, the kind of every message posted to it. A request is `{ Variant: { id, … } }`
 * (serde's external tag), so its kind is its one key; the single file's set-up
 * message has other keys.
 */
export function recordWorkerRequests(cores) {
  Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { configurable: true, get: () => cores });
  const Original = window.Worker;
  window.__workers = [];
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      const sent = [];
      window.__workers.push(sent);
      const post = this.postMessage.bind(this);
      this.postMessage = (data, ...rest) => {
        sent.push(data && typeof data === 'object' ? Object.keys(data)[0] : typeof data);
        return post(data, ...rest);
      };
    }
  };
}

export function recordLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * Presses `key` (n or p) and times keydown → the document list showing another
 * document: `dom_ms` to the change of the list's DOM (a MutationObserver, which
 * runs as soon as the page's render is done), `frame_ms` to the first animation
 * frame that sees it (what the screen can show); `at` is when it was pressed.
 */
export function timeKeystroke(page, key) {
  return page.evaluate(async (key) => {
    const list = document.querySelector('.doc-list');
    const current = () => document.querySelector('.doc-list button[aria-current="true"]')?.dataset.docId;
    const before = current();
    let changedAt = NaN;
    const observer = new MutationObserver(() => {
      if (Number.isNaN(changedAt) && current() !== before) changedAt = performance.now();
    });
    if (list) observer.observe(list, { subtree: true, attributes: true, childList: true });
    const started = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Key${key.toUpperCase()}`, bubbles: true }));
    return new Promise((resolve) => {
      const check = () => {
        if (current() !== before) {
          observer.disconnect();
          const frame = performance.now() - started;
          resolve({ at: started, dom_ms: Number.isNaN(changedAt) ? frame : changedAt - started, frame_ms: frame });
        } else if (performance.now() - started > 10_000) resolve({ at: started, dom_ms: NaN, frame_ms: NaN });
        else requestAnimationFrame(check);
      };
      check();
    });
  }, key);
}

/** The median and the maximum of `values` (NaN, an unanswered keystroke, left out), to 0.1 ms. */
export function medianAndMax(values) {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { median: +(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(1), max: +(sorted[sorted.length - 1] ?? NaN).toFixed(1) };
}

/** Every key of the saved workspace's IndexedDB store with its value as text, as the page has them. */
export function storeContents(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('nomen-workspace');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const store = open.result.transaction('workspace').objectStore('workspace');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onerror = () => reject(values.error);
      values.onsuccess = () => {
        const text = (v) => (v == null ? null : typeof v === 'string' ? v : new TextDecoder().decode(v));
        resolve(Object.fromEntries(keys.result.map((k, i) => [k, text(values.result[i])])));
      };
    };
  }));
}

/**
 * The saved workspace as a reload would read it from IndexedDB, or null if nothing is saved: the
 * manifest with its records in place of their keys (nomen_session::records), or a workspace saved
 * whole under `workspace` by an earlier version. Parsed; the whole-workspace JSON either way.
 */
export async function savedWorkspace(page) {
  const saved = await storeContents(page);
  if (saved.manifest != null) {
    const { records, next_record: _, adjudication_record: adjudication, ...workspace } = JSON.parse(saved.manifest);
    if (adjudication) workspace.adjudication = JSON.parse(saved[adjudication]);
    return { ...workspace, docs: records.map((key) => JSON.parse(saved[key])) };
  }
  return saved.workspace != null ? JSON.parse(saved.workspace) : null;
}

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now: the violations, in short.
 * axe is injected as a script, which the page's CSP (rightly) refuses: open the
 * page in a context made with `{ bypassCSP: true }`.
 */
export async function axeViolations(page) {
  const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.html.slice(0, 120)}`);
}
