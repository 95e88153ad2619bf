// nomen.html opened from file:// in Firefox too: Debian's firefox-esr driven by
// puppeteer-core over WebDriver BiDi (no browser download). The Chromium tests
// cover every feature; these check what could differ in another engine on a
// file:// page: the blob: worker and the model inside the page, editing and
// undo, storage across a reload, an export, no request, XSS inert, and the
// folder build's message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { DIST, SINGLE_FILE, seeds, cpSlice, recordTraffic } from './lib/harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const URL_OF_FILE = pathToFileURL(SINGLE_FILE).href;

let browser;
before(async () => {
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
});
after(async () => { await browser?.close(); });

/** A fresh user context (its own storage) with a page at `url`, recording requests and errors. */
async function open(url) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const { requests, errors } = recordTraffic(page);
  // Every download the page offers, as text: the Blob it gives to URL.createObjectURL for an <a download>
  // (the page's other object URL is the worker's script).
  await page.evaluateOnNewDocument(() => {
    window.__downloads = [];
    const make = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
      if (blob.type !== 'text/javascript') window.__downloads.push(blob.text());
      return make(blob);
    };
  });
  await page.goto(url);
  return { context, page, requests, errors };
}

const marks = (page) => page.$$eval('article.doc mark', (ms) => ms.map((m) => ({
  label: m.dataset.label, start: Number(m.dataset.start), end: Number(m.dataset.end), text: m.textContent,
})));

async function clickButton(page, name) {
  await page.$$eval('button', (bs, name) => bs.find((b) => b.textContent === name).click(), name);
}

/** Selects the document's code points [start, end) in the article (one text node holds them here). */
async function selectText(page, start, end) {
  await page.evaluate(([start, end]) => {
    const walker = document.createTreeWalker(document.getElementById('doc-view'), NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const cps = Array.from(node.data);
      if (start >= seen && end <= seen + cps.length) {
        const units = (n) => cps.slice(0, n - seen).join('').length;
        const range = document.createRange();
        range.setStart(node, units(start));
        range.setEnd(node, units(end));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return;
      }
      seen += cps.length;
    }
    throw new Error(`no text node holds ${start}..${end}`);
  }, [start, end]);
}

test('Firefox: nomen.html from file:// extracts in its blob: worker, edits, undoes, exports and keeps the work over a reload', async () => {
  const { context, page, requests, errors } = await open(URL_OF_FILE);
  await page.waitForFunction(() => document.querySelector('header .engine')?.textContent.includes('extractor:'));
  const engine = await page.$eval('header .engine', (e) => e.textContent);
  assert.doesNotMatch(engine, /baseline|could not/, 'the trained model, not the fallback');

  const seed = seeds()[0];
  await page.$eval('#article-text', (area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, seed.text);
  await clickButton(page, 'Extract entities');
  await page.waitForSelector('article.doc mark');
  const found = await marks(page);
  assert.ok(found.length >= 20, `only ${found.length} marks`);
  for (const m of found) assert.equal(m.text, cpSlice(seed.text, m.start, m.end));

  // Delete the first mark, label its text again by key, undo that: the mark is gone again.
  const first = found[0];
  await page.click(`article.doc mark[data-start="${first.start}"]`);
  await page.keyboard.press('Delete');
  await page.waitForSelector(`article.doc mark[data-start="${first.start}"]`, { hidden: true });
  await selectText(page, first.start, first.end);
  await page.keyboard.down('Shift');
  await page.keyboard.press('Digit4'); // Shift keeps the exact characters; 4 is GPE
  await page.keyboard.up('Shift');
  await page.waitForSelector(`article.doc mark[data-start="${first.start}"][data-label="GPE"]`);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyZ');
  await page.keyboard.up('Control');
  await page.waitForSelector(`article.doc mark[data-start="${first.start}"]`, { hidden: true });
  const edited = await marks(page);
  assert.equal(edited.length, found.length - 1);

  await clickButton(page, 'Export JSON');
  await page.waitForFunction(() => window.__downloads.length === 1);
  const exported = JSON.parse(await page.evaluate(() => window.__downloads[0]));
  assert.deepEqual(exported.spans, edited.map(({ start, end, label }) => ({ start, end, label })));

  await page.reload();
  await page.waitForSelector('article.doc mark');
  assert.deepEqual(await marks(page), edited, 'the work is back after a reload');
  assert.equal(await page.$('.banner'), null, 'storage works: no banner');
  assert.deepEqual(requests.filter((u) => u !== URL_OF_FILE && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Firefox: article text stays text and the policy refuses any request', async () => {
  const { context, page } = await open(URL_OF_FILE);
  await page.waitForFunction(() => document.querySelector('header .engine')?.textContent.includes('extractor:'));
  const text = 'Haftar in Rome. <img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script> End in Tripoli.';
  await page.$eval('#article-text', (area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, text);
  await clickButton(page, 'Extract entities');
  await page.waitForSelector('article.doc mark');
  assert.equal(await page.$eval('article.doc', (a) => a.textContent), text);
  assert.equal(await page.$$eval('article.doc img, article.doc script', (els) => els.length), 0);
  const outcome = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    let fetched = true;
    try { await fetch('http://127.0.0.2:9/leak'); } catch { fetched = false; }
    await new Promise((r) => setTimeout(r, 200));
    return { xss: window.__xss, fetched, seen };
  });
  assert.deepEqual(outcome, { xss: undefined, fetched: false, seen: ['connect-src'] });
  await context.close();
});

test('Firefox: the folder build opened from file:// says what to open instead', async () => {
  const { context, page } = await open(pathToFileURL(path.join(DIST, 'index.html')).href);
  await page.waitForSelector('.file-notice[role="alert"]');
  const text = await page.$eval('.file-notice', (n) => n.textContent);
  assert.match(text, /Open nomen\.html instead/);
  assert.equal(await page.$('#article-text'), null);
  await context.close();
});
