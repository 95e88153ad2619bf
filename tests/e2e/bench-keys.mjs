// Benchmark (not a test): what `n` and `p` cost in a workspace of 5,000
// OntoNotes texts, in headless Chromium (issue 15, defect 3: keystrokes
// answered within a frame). Prints one JSON line.
//
// The file is made here, from ../shared/data/ontonotes/dev.jsonl + train.jsonl
// with their spans and meta.status "edited" (so the extractor leaves them
// alone and nothing but the keystrokes runs; the 4,293 parts are followed by
// the first ones again under other ids), and never committed.
//
// Each keystroke is timed in the page from keydown to the change of the
// document list's DOM (a MutationObserver: the render is done) and to the
// first animation frame that sees it (what the screen can show), with the
// longest main-thread task around it. With `--profile`, a CPU profile of the
// keystrokes is taken (Chrome DevTools Protocol) and the functions with the
// most self time are printed to stderr. With `--learn`, the documents open
// as pre-annotated and the first is marked done (d): the extractor learns
// from it and annotates the 4,999 others again, and the keystrokes are made
// while it does (the page at its busiest). With `--cores N`, the page is told
// it has N cores (navigator.hardwareConcurrency, by the harness's
// recordWorkerRequests), which sets how many extractor workers it starts.
//
// Usage: NOMEN_DIST=target/bench-dist node bench-keys.mjs [documents] [--profile] [--learn] [--cores N]
import fs from 'node:fs';
import os from 'node:os';
import { serve, launch, ontonotesCorpusFile, recordLongTasks, recordWorkerRequests, timeKeystroke, medianAndMax } from './lib/harness.mjs';

const args = process.argv.slice(2);
const PROFILE = args.includes('--profile');
const LEARN = args.includes('--learn');
const CORES = args.includes('--cores') ? Number(args[args.indexOf('--cores') + 1]) : null;
const WANTED = Number(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--cores') ?? 5000);
const PRESSES = 60;

const file = ontonotesCorpusFile(WANTED, { name: 'bench-keys', status: LEARN ? 'pre_annotated' : 'edited' });
const server = await serve();
const browser = await launch();
const context = await browser.newContext();
await context.addInitScript(recordLongTasks);
if (CORES) await context.addInitScript(recordWorkerRequests, CORES);
const page = await context.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
await page.getByLabel('Open files').setInputFiles(file);
await page.waitForFunction((n) => document.querySelector('.doc-list .progress span')?.textContent.includes(`of ${n} done`), WANTED, { timeout: 120_000 });
await page.locator('article.doc mark').first().waitFor();
await page.waitForTimeout(3000); // the first save
const result = { documents: WANTED, cores: CORES ?? os.availableParallelism(), browser: browser.version(), load_average_at_start: os.loadavg().map((l) => +l.toFixed(2)) };

let cdp = null;
if (PROFILE) {
  cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
const progressText = () => page.evaluate(() => document.querySelector('.importing[role="status"]')?.textContent ?? '');
if (LEARN) {
  await page.keyboard.press('d');
  for (let i = 0; i < 300 && !(await progressText()).includes('pre-annotated'); i++) await page.waitForTimeout(100);
  result.learning = (await progressText()).trim();
}
const keys = [];
for (let i = 0; i < PRESSES && (!LEARN || (await progressText()).includes('pre-annotated')); i++) {
  // Forward through the list, then back: n twice, p once.
  keys.push(await timeKeystroke(page, i % 3 === 2 ? 'p' : 'n'));
  await page.waitForTimeout(150);
}
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].filter(([n]) => !n.startsWith('(idle)') && !n.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.error(`[bench-keys] self time over ${PRESSES} keystrokes (ms):`);
  for (const [name, ms] of top) console.error(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
}
const tasks = await page.evaluate(() => window.__longTasks);
const from = keys[0].at;
const during = tasks.filter((t) => t.at >= from);
const [dom, frame] = [medianAndMax(keys.map((k) => k.dom_ms)), medianAndMax(keys.map((k) => k.frame_ms))];
result.keystrokes = {
  count: keys.length,
  unanswered: keys.filter((k) => Number.isNaN(k.frame_ms)).length,
  dom_median_ms: dom.median,
  dom_max_ms: dom.max,
  frame_median_ms: frame.median,
  frame_max_ms: frame.max,
  within_a_frame: keys.filter((k) => k.frame_ms <= 1000 / 60).length,
  long_tasks: during.length,
  longest_task_ms: Math.round(Math.max(0, ...during.map((t) => t.ms))),
};
result.profiled = PROFILE;
result.learn = LEARN;
if (LEARN) result.learning_at_end = (await progressText()).trim();
result.load_average_at_end = os.loadavg().map((l) => +l.toFixed(2));
console.log(JSON.stringify(result));
await browser.close();
server.close();
fs.rmSync(file);
