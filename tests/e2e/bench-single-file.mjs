// Benchmark (not a test): how soon nomen.html opened from file:// is usable
// and its model ready, beside the served folder. Each open is a fresh browser
// context; times are from navigation start, measured in the page (the
// Performance API's clock) by a 5 ms poll installed before the page runs.
// nomen.html is opened in Firefox ESR too (puppeteer-core over WebDriver BiDi) when FIREFOX is installed.
// Prints one JSON line. Usage: NOMEN_SINGLE_FILE=... NOMEN_DIST=... node bench-single-file.mjs [runs]
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serve, launch, SINGLE_FILE } from './lib/harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

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
  // Polled, not observed: a MutationObserver over the page's parsing (megabytes of data blocks) slows Firefox down.
  const timer = setInterval(() => {
    check();
    if (window.__nomenTimes.ready) clearInterval(timer);
  }, 5);
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

if (fs.existsSync(FIREFOX)) {
  const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
  const openInFirefox = async (url) => {
    const context = await firefox.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(observe);
    await page.goto(url);
    await page.waitForFunction(() => window.__nomenTimes?.ready, { timeout: 60000 });
    const times = await page.evaluate(() => window.__nomenTimes);
    await context.close();
    return times;
  };
  await openInFirefox(targets.single_file);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await openInFirefox(targets.single_file));
  result.firefox = { browser: await firefox.version(), ...summary(runs) };
  await firefox.close();
}
console.log(JSON.stringify(result));
