// Benchmark (not a test): opening a JSONL of 5,000 OntoNotes texts through the
// file input, in headless Chromium (issue 15, defects 3 and 4). Prints one JSON line.
//
// The file is made here, from ../shared/data/ontonotes/dev.jsonl + train.jsonl
// (texts only, so the extractor pre-annotates every one; the 4,293 parts there
// are followed by the first ones again under other ids), and never committed.
//
// Measured, in the page (Performance API): the time until the list and the
// first document are usable; until every document is pre-annotated; the main
// thread's long tasks (over 50 ms) meanwhile; keystrokes answered during the
// run (n / p, keydown to the article's change); a reload in the middle (what
// the autosave had kept); the reload of the finished workspace; and `d`
// (learning) in it, which re-annotates every untouched document.
//
// Usage: NOMEN_DIST=target/bench-dist node bench-import.mjs [documents]
import fs from 'node:fs';
import os from 'node:os';
import { serve, launch, ontonotesCorpusFile, recordLongTasks, savedWorkspace, timeKeystroke, medianAndMax } from './lib/harness.mjs';

const WANTED = Number(process.argv[2] ?? 5000);

const progressText = () => document.querySelector('.importing[role="status"]')?.textContent ?? '';

async function waitFor(page, fn, arg, timeout = 600_000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 100 });
}

/** Medians and maxima of keystroke timings. */
function keystrokeSummary(keys) {
  const [dom, frame] = [medianAndMax(keys.map((k) => k.dom_ms)), medianAndMax(keys.map((k) => k.frame_ms))];
  return {
    count: keys.length,
    unanswered: keys.filter((k) => Number.isNaN(k.frame_ms)).length,
    median_ms: frame.median,
    max_ms: frame.max,
    dom_median_ms: dom.median,
    dom_max_ms: dom.max,
  };
}

/**
 * The long tasks over 100 ms, each with the autosave's part it overlaps, if
 * any (from the `nomen-save` measures: `serialize` is the main thread's work
 * before the write, `write` the rest of the save).
 */
async function attributed(page, tasks, from, to, over = 100) {
  const saves = await page.evaluate(() => performance.getEntriesByName('nomen-save').map((e) => ({ start: e.startTime, end: e.startTime + e.duration, ...e.detail })));
  return tasks
    .filter((t) => t.at >= from && t.at <= to && t.ms > over)
    .map((t) => {
      const end = t.at + t.ms;
      const save = saves.find((s) => s.start < end && t.at < s.end);
      const part = !save ? 'no save' : t.at <= save.start + (save.serialize_ms ?? 0) + 1 && save.start <= end ? 'save: serialize' : 'save: write';
      return {
        at_ms: Math.round(t.at - from),
        ms: Math.round(t.ms),
        during: part,
        ...(save ? { save: { ms: Math.round(save.end - save.start), serialize_ms: Math.round(save.serialize_ms ?? 0), kilobytes: Math.round((save.bytes ?? 0) / 1000), slices: save.slices, longest_slice_ms: save.longest_slice_ms && Math.round(save.longest_slice_ms) } } : {}),
      };
    });
}

const summary = (tasks, from, to) => {
  const within = tasks.filter((t) => t.at >= from && t.at <= to).map((t) => t.ms);
  return {
    long_tasks: within.length,
    longest_task_ms: Math.round(Math.max(0, ...within)),
    over_200ms: within.filter((ms) => ms > 200).length,
    busy_ms: Math.round(within.reduce((a, b) => a + b, 0)),
  };
};

const file = ontonotesCorpusFile(WANTED, { name: 'bench' });
const bytes = fs.statSync(file).size;
const server = await serve();
const browser = await launch();
const base = `http://127.0.0.1:${server.address().port}/`;
const context = await browser.newContext();
await context.addInitScript(recordLongTasks);
const page = await context.newPage();
await page.goto(base);
await page.getByLabel('Article text').waitFor();
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();

const note = (what) => console.error(`[bench-import] ${what}`);
const loadAverage = () => os.loadavg().map((l) => +l.toFixed(2));
const result = { documents: WANTED, megabytes: +(bytes / 1e6).toFixed(1), browser: browser.version(), load_average_at_start: loadAverage() };

// Open the file.
const started = await page.evaluate(() => performance.now());
await page.getByLabel('Open files').setInputFiles(file);
await waitFor(page, () => document.querySelector('article.doc mark') && document.querySelectorAll('.doc-list button[data-doc-id]').length > 0);
const usable = await page.evaluate(() => performance.now());
result.usable_ms = Math.round(usable - started);
note(`usable after ${result.usable_ms} ms`);

/** What a reload would bring back now: the saved workspace's documents and statuses (read from IndexedDB). */
async function saved(page) {
  const ws = (await savedWorkspace(page)) ?? { docs: [] };
  const status = (s) => ws.docs.filter((d) => d.status === s).length;
  return { documents: ws.docs.length, done: status('done'), edited: status('edited'), pre_annotated: status('pre_annotated'), new: status('new') };
}

// Keystrokes during the run, and a correction in the middle: is it saved within seconds?
const keys = [];
let midRun = null;
const excluded = []; // the bench's own reads of the save, left out of the long tasks
for (let i = 0; ; i++) {
  const text = await page.evaluate(progressText);
  if (!text.includes('pre-annotated')) break;
  keys.push(await timeKeystroke(page, i % 2 ? 'p' : 'n'));
  const last = keys[keys.length - 1];
  note(`${text.trim()}; keystroke ${last.dom_ms.toFixed(1)} ms to the DOM, ${last.frame_ms.toFixed(1)} ms to a frame`);
  if (i === 4 && !midRun) {
    // A span deleted and a document marked done while the import is pre-annotated…
    await page.locator('article.doc mark').first().click();
    await page.keyboard.press('Delete');
    await page.keyboard.press('d');
    const at = await page.evaluate(() => performance.now());
    const progress = (await page.evaluate(progressText)).trim();
    await page.waitForTimeout(3000);
    const from = await page.evaluate(() => performance.now());
    note('reading what the autosave kept…');
    const kept = await Promise.race([saved(page), new Promise((r) => setTimeout(() => r('no answer from IndexedDB within 60 s'), 60_000))]);
    midRun = { at_ms: Math.round(at - started), progress, saved_3s_later: kept };
    note(`mid-run: ${JSON.stringify(midRun)}`);
    excluded.push([from, await page.evaluate(() => performance.now())]);
  }
  await page.waitForTimeout(1000);
}
await waitFor(page, () => !document.querySelector('.importing[role="status"]'));
const finished = await page.evaluate(() => performance.now());
result.all_pre_annotated_ms = Math.round(finished - started);
note(`all pre-annotated after ${result.all_pre_annotated_ms} ms`);
const tasks = (await page.evaluate(() => window.__longTasks)).filter((t) => !excluded.some(([a, b]) => t.at >= a && t.at <= b));
result.during_import = summary(tasks, started, finished);
result.keystrokes = keystrokeSummary(keys);
result.during_import.over_100ms = await attributed(page, tasks, started, finished);
result.during_import.long_tasks_by_part = (await attributed(page, tasks, started, finished, 50)).reduce((counts, t) => ({ ...counts, [t.during]: (counts[t.during] ?? 0) + 1 }), {});
result.mid_run = midRun;

// The finished workspace, reloaded.
await page.waitForTimeout(3000);
const reloadStarted = Date.now();
await page.reload();
await waitFor(page, (n) => document.querySelector('.doc-list .progress span')?.textContent.includes(`of ${n} done`), WANTED, 120_000);
result.reload_ms = Date.now() - reloadStarted;
result.reload_progress = (await page.locator('.doc-list .progress span').textContent()).trim();
note(`reloaded in ${result.reload_ms} ms`);
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
await page.locator('article.doc mark').first().waitFor();

// Learning in the finished workspace: every untouched document is annotated again.
// On an untouched document (not the one marked done mid-run).
const currentStatus = () => page.evaluate(() => document.querySelector('.doc-list button[aria-current="true"] .badge')?.dataset.status);
for (let i = 0; i < 5 && (await currentStatus()) !== 'pre_annotated'; i++) await page.keyboard.press('n');
const learnStarted = await page.evaluate(() => performance.now());
await page.keyboard.press('d');
for (let i = 0; i < 300 && !(await page.evaluate(progressText)).includes('pre-annotated'); i++) await page.waitForTimeout(100);
note(`after d: ${(await page.locator('p.message').textContent()).trim()} / ${(await page.evaluate(progressText)).trim()}`);
const learnKeys = [];
for (;;) {
  if (!(await page.evaluate(progressText)).includes('pre-annotated')) break;
  learnKeys.push(await timeKeystroke(page, learnKeys.length % 2 ? 'p' : 'n'));
  await page.waitForTimeout(1000);
}
const learnFinished = await page.evaluate(() => performance.now());
result.after_learning = {
  re_annotated_ms: Math.round(learnFinished - learnStarted),
  ...summary(await page.evaluate(() => window.__longTasks), learnStarted, learnFinished),
  keystrokes: keystrokeSummary(learnKeys),
};

result.load_average_at_end = loadAverage();
console.log(JSON.stringify(result));
await browser.close();
server.close();
fs.rmSync(file);
