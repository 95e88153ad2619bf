// Benchmark (not a test): what the autosave costs in a workspace of 5,000
// OntoNotes texts, in headless Chromium (issue 15, defect 4 context). Prints one JSON line.
//
// The file is made here, from ../shared/data/ontonotes/dev.jsonl + train.jsonl
// with their spans and meta.status "edited" (so the extractor leaves them
// alone and the numbers are the save's own; the 4,293 parts are followed by
// the first ones again under other ids), and never committed.
//
// Each save is read from the page's performance timeline: the autosave puts a
// `performance.measure("nomen-save")` from the start of a save to the end of
// its IndexedDB write, with `serialize_ms` (the main thread's part before the
// write) and `bytes` (what it wrote) in its detail. Measured: the first save
// after opening the file; saves after moving to another document (n) and after
// deleting a span (five of each, the median); the reload; and a span deleted
// after the reload.
//
// Usage: NOMEN_DIST=target/bench-dist node bench-save.mjs [documents]
import fs from 'node:fs';
import os from 'node:os';
import { serve, launch, ontonotesCorpusFile } from './lib/harness.mjs';

const WANTED = Number(process.argv[2] ?? 5000);

const saves = (page) => page.evaluate(() => performance.getEntriesByName('nomen-save').map((e) => ({ ms: e.duration, ...e.detail })));

/** Waits until the autosave has been quiet for `quiet` ms; returns the saves since `seen`. */
async function settled(page, seen, quiet = 2500) {
  let count = -1;
  let since = Date.now();
  for (;;) {
    const now = (await saves(page)).length;
    if (now !== count) { count = now; since = Date.now(); }
    if (now > seen && Date.now() - since > quiet) break;
    if (Date.now() - since > 120_000) throw new Error('no save within 2 minutes');
    await page.waitForTimeout(100);
  }
  return (await saves(page)).slice(seen);
}

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const round = (save) => ({ ms: Math.round(save.ms), serialize_ms: Math.round(save.serialize_ms), kilobytes: Math.round(save.bytes / 1000) });
const medianOf = (list) => ({
  ms: Math.round(median(list.map((s) => s.ms))),
  serialize_ms: Math.round(median(list.map((s) => s.serialize_ms))),
  kilobytes: Math.round(median(list.map((s) => s.bytes)) / 1000),
});

/** Does `act` five times; each time waits for the save it causes; returns the last save of each. */
async function fiveSaves(page, act) {
  const out = [];
  for (let i = 0; i < 5; i++) {
    const seen = (await saves(page)).length;
    await act();
    const made = await settled(page, seen, 1500);
    out.push(made[made.length - 1]);
  }
  return out;
}

const deleteFirstSpan = (page) => async () => {
  await page.locator('article.doc mark').first().click();
  await page.keyboard.press('Delete');
};

const file = ontonotesCorpusFile(WANTED, { name: 'bench-save', status: 'edited' });
const bytes = fs.statSync(file).size;
const server = await serve();
const browser = await launch();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.getByLabel('Article text').waitFor();
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
const note = (what) => console.error(`[bench-save] ${what}`);
const result = { documents: WANTED, megabytes: +(bytes / 1e6).toFixed(1), browser: browser.version() };

await page.getByLabel('Open files').setInputFiles(file);
await page.waitForFunction((n) => document.querySelector('.doc-list .progress span')?.textContent.includes(`of ${n} done`), WANTED, { timeout: 300_000 });
const first = await settled(page, 0);
result.after_opening = { saves: first.length, largest: round(first.reduce((a, b) => (b.bytes > a.bytes ? b : a))) };
note(`after opening: ${JSON.stringify(result.after_opening)}`);

result.next_document = medianOf(await fiveSaves(page, () => page.keyboard.press('n')));
note(`n: ${JSON.stringify(result.next_document)}`);
result.span_deleted = medianOf(await fiveSaves(page, deleteFirstSpan(page)));
note(`span deleted: ${JSON.stringify(result.span_deleted)}`);

const reloadStarted = Date.now();
await page.reload();
await page.waitForFunction((n) => document.querySelector('.doc-list .progress span')?.textContent.includes(`of ${n} done`), WANTED, { timeout: 120_000 });
result.reload_ms = Date.now() - reloadStarted;
note(`reloaded in ${result.reload_ms} ms`);
await page.locator('article.doc mark').first().waitFor();
result.span_deleted_after_reload = medianOf(await fiveSaves(page, deleteFirstSpan(page)));
note(`span deleted after the reload: ${JSON.stringify(result.span_deleted_after_reload)}`);

console.log(JSON.stringify(result));
await browser.close();
server.close();
fs.rmSync(file);
