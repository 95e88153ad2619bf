// Benchmark (not a test): the extractor worker pool (src/pool.rs) against one
// worker, in the same build and the same minutes, so a shared, loaded machine
// slows both alike. The page is told it has 1 or 2 cores
// (navigator.hardwareConcurrency, which sets the pool's size), then opens N
// OntoNotes texts through the file input; measured in the page: the time
// until every document is pre-annotated, how many extraction requests each
// worker got, and the main thread's long tasks (over 50 ms) meanwhile.
// Prints one JSON line per run, and the machine's load average beside it.
//
// Usage: NOMEN_DIST=../../target/bench-dist node bench-pool.mjs [documents] [cores,cores,…]
//   e.g. node bench-pool.mjs 5000 2,1,2,1
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, ontonotesDocs, recordWorkerRequests, recordLongTasks } from './lib/harness.mjs';

const WANTED = Number(process.argv[2] ?? 5000);
const RUNS = (process.argv[3] ?? '2,1,2,1').split(',').map(Number);

const parts = ontonotesDocs();
const lines = [];
for (let i = 0; lines.length < WANTED; i++) {
  const { id, text } = parts[i % parts.length];
  lines.push(JSON.stringify({ id: `${id}-${i}`, text }));
}
const file = path.join(os.tmpdir(), `nomen-bench-pool-${WANTED}-${process.pid}.jsonl`);
fs.writeFileSync(file, lines.join('\n') + '\n');

const server = await serve();
const browser = await launch();
for (const cores of RUNS) {
  const context = await browser.newContext();
  await context.addInitScript(recordWorkerRequests, cores);
  await context.addInitScript(recordLongTasks);
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  // Every worker ready (the second starts once the first is), then a quiet second.
  await page.waitForFunction((n) => window.__workers.length === Math.min(2, n), cores);
  await page.waitForTimeout(1500);
  const loadBefore = os.loadavg()[0];
  const started = await page.evaluate(() => { window.__longTasks = []; return performance.now(); });
  await page.getByLabel('Open files').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('article.doc mark'), null, { timeout: 600_000 });
  await page.waitForFunction(() => !document.querySelector('.importing[role="status"]'), null, { timeout: 600_000, polling: 100 });
  const finished = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => window.__longTasks.map((task) => task.ms));
  console.log(JSON.stringify({
    documents: WANTED,
    cores,
    all_pre_annotated_ms: Math.round(finished - started),
    extracts_per_worker: await page.evaluate(() => window.__workers.map((sent) => sent.filter((kind) => kind === 'Extract').length)),
    long_tasks: tasks.length,
    longest_task_ms: Math.round(Math.max(0, ...tasks)),
    busy_ms: Math.round(tasks.reduce((a, b) => a + b, 0)),
    load_average: [loadBefore, os.loadavg()[0]].map((l) => +l.toFixed(1)),
  }));
  await context.close();
}
await browser.close();
server.close();
fs.rmSync(file);
