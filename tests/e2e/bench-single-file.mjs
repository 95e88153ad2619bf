// Benchmark (not a test): how soon nomen.html opened from file:// is usable
// and its model ready, beside the served folder. Each open is a fresh browser
// context; times are from navigation start, measured in the page (the
// Performance API's clock) by an observer installed before the page runs.
// Prints one JSON line. Usage: NOMEN_SINGLE_FILE=... NOMEN_DIST=... node bench-single-file.mjs [runs]
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { serve, launch, SINGLE_FILE } from './lib/harness.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const server = await serve();
const browser = await launch();

/** Records when the article box appears (usable) and when the extractor is named (model ready). */
function observe() {
  window.__nomenTimes = {};
  const check = () => {
    const times = window.__nomenTimes;
    if (!times.usable && document.getElementById('article-text')) times.usable = performance.now();
    if (!times.ready && document.querySelector('header .engine')?.textContent.includes('extractor:')) {
      times.ready = performance.now();
      times.engine = document.querySelector('header .engine').textContent;
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

async function open(url) {
  const context = await browser.newContext();
  await context.addInitScript(observe);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__nomenTimes?.ready, null, { timeout: 60000 });
  const times = await page.evaluate(() => window.__nomenTimes);
  await context.close();
  return times;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (runs) => ({
  usable_median_ms: median(runs.map((r) => r.usable)),
  usable_max_ms: Math.max(...runs.map((r) => r.usable)),
  ready_median_ms: median(runs.map((r) => r.ready)),
  ready_max_ms: Math.max(...runs.map((r) => r.ready)),
  engine: runs[0].engine,
});

const targets = {
  single_file: pathToFileURL(SINGLE_FILE).href,
  served: `http://127.0.0.1:${server.address().port}/`,
};
const result = { browser: browser.version(), runs: RUNS, bytes: fs.statSync(SINGLE_FILE).size };
for (const [name, url] of Object.entries(targets)) {
  await open(url); // a first open, not counted: the browser's own start-up
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await open(url));
  result[name] = summary(runs);
}
await browser.close();
server.close();
console.log(JSON.stringify(result));
