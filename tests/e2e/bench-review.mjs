// Benchmark (not a test): corpus review on 5,000 documents (about 3 million
// words) in headless Chromium: how long "Search all documents" takes to answer
// and the inconsistency view to build, measured in the page (submit / click →
// the result painted). The corpus is built at run time from OntoNotes
// (../shared/data/ontonotes, train + dev, with their gold spans) and never written
// to the repository. Prints one JSON line.
// Usage: NOMEN_DIST=... node bench-review.mjs [documents] [words per document]
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, openFiles, SHARED } from './lib/harness.mjs';

const DOCS = Number(process.argv[2] ?? 5000);
const WORDS = Number(process.argv[3] ?? 600);

/** DOCS documents of about WORDS words each: OntoNotes sentences in order (with their spans), cycling. */
function corpus() {
  const dir = path.join(SHARED, 'data/ontonotes');
  const parts = ['train.jsonl', 'dev.jsonl'].flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
  // Every sentence (one per line) with its spans relative to the line.
  const sentences = [];
  for (const part of parts) {
    const chars = Array.from(part.text);
    let start = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (i === chars.length || chars[i] === '\n') {
        const spans = part.spans.filter((s) => s.start >= start && s.end <= i).map((s) => ({ start: s.start - start, end: s.end - start, label: s.label }));
        const text = chars.slice(start, i).join('');
        sentences.push({ text, length: i - start, words: text.split(' ').filter(Boolean).length, spans });
        start = i + 1;
      }
    }
  }
  const lines = [];
  let next = 0;
  let words = 0;
  for (let d = 0; d < DOCS; d++) {
    const texts = [];
    const spans = [];
    let length = 0; // code points
    let count = 0;
    while (count < WORDS) {
      const sentence = sentences[next++ % sentences.length];
      if (texts.length) length += 1; // the newline
      for (const s of sentence.spans) spans.push({ start: s.start + length, end: s.end + length, label: s.label });
      texts.push(sentence.text);
      length += sentence.length;
      count += sentence.words;
    }
    words += count;
    // Edited: the extractor leaves them alone, so it does not compete for the CPU.
    lines.push(JSON.stringify({ id: `bench-${d}`, text: texts.join('\n'), spans, meta: { status: 'edited' } }));
  }
  return { jsonl: lines.join('\n') + '\n', words };
}

const log = (what) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
const { jsonl, words } = corpus();
log(`corpus: ${DOCS} documents, ${words} words, ${jsonl.length} bytes`);
const server = await serve();
const browser = await launch();
const { page, errors } = await openApp(browser, server);
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor({ timeout: 120000 });
log('extractor ready; opening the corpus');
await openFiles(page, [{ name: 'bench.jsonl', text: jsonl }]);
await page.locator('p.message', { hasText: `Opened ${DOCS} documents` }).waitFor({ timeout: 600000 });
log('opened');
// Let the autosave of the imported corpus finish before timing anything.
await page.waitForTimeout(5000);

/** Runs `start` in the page and waits until `selector` is painted; returns ms, the longest task and the message line. */
async function timed(start, selector) {
  return page.evaluate(async ([start, selector]) => {
    const t0 = performance.now();
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    new Function(start)();
    await new Promise((resolve) => {
      const check = () => {
        if (document.querySelector(selector)) requestAnimationFrame(() => resolve());
        else requestAnimationFrame(check);
      };
      check();
    });
    const millis = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return { millis: Math.round(millis), longest_task_ms: Math.round(Math.max(0, ...longTasks)), message: document.querySelector('p.message').textContent };
  }, [start, selector]);
}

/** Closes the review panel, so the next answer is seen when its panel appears. */
async function reset() {
  const close = page.locator('section.review').getByRole('button', { name: 'Close' });
  if (await close.count()) await close.click();
  await page.locator('section.review').waitFor({ state: 'detached' });
}

async function search(pattern, { regex = false } = {}) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    await reset();
    runs.push(await timed(`
      const field = document.querySelector('input[aria-label="Search all documents"]');
      const box = [...document.querySelectorAll('.review-bar label')].find((l) => l.textContent === 'regex').querySelector('input');
      if (box.checked !== ${regex}) box.click();
      field.value = ${JSON.stringify(pattern)};
      field.form.requestSubmit();`, 'section.concordance'));
  }
  runs.sort((a, b) => a.millis - b.millis);
  return { pattern, regex, median_ms: runs[1].millis, longest_task_ms: runs[1].longest_task_ms, answer: runs[1].message };
}

const searches = [
  await search('Taiwan'),
  await search('the'),
  await search('Bank of China'),
  await search('[A-Z][a-z]+ (Bank|Council|Ministry)', { regex: true }),
];
const inconsistencies = [];
for (let i = 0; i < 3; i++) {
  await reset();
  inconsistencies.push(await timed(`
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Inconsistencies').click();`, 'section.inconsistencies:not([aria-busy="true"])'));
}
inconsistencies.sort((a, b) => a.millis - b.millis);
console.log(JSON.stringify({
  docs: DOCS, words, mb: Math.round(jsonl.length / 1e5) / 10,
  searches,
  inconsistencies: { median_ms: inconsistencies[1].millis, longest_task_ms: inconsistencies[1].longest_task_ms, answer: inconsistencies[1].message },
  errors,
}));
await browser.close();
server.close();
