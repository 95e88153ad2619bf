// Benchmark (not a test): UI latency on long articles in headless Chromium,
// measured in the page with the Performance API. Prints one JSON line.
// Usage: NOMEN_DIST=... node bench-ui.mjs
import { serve, launch, openApp, longArticle } from './lib/harness.mjs';

const server = await serve();
const browser = await launch();

/** Paste `text`, press Extract, and time until every block is rendered with its marks. */
async function pasteToHighlighted(page, text) {
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  return page.evaluate(async (text) => {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const area = document.getElementById('article-text');
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const started = performance.now();
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Extract entities').click();
    // Done when marks exist and no "Showing n of m parts" note is left.
    await new Promise((resolve) => {
      const check = () => {
        if (document.querySelector('article.doc mark') && !document.querySelector('p.rendering')) resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    const millis = performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return {
      millis,
      marks: document.querySelectorAll('article.doc mark').length,
      longest_task_ms: Math.max(0, ...longTasks),
      message: document.querySelector('p.message').textContent,
    };
  }, text);
}

/** Relabels marks by key, timing keydown → DOM change, and whether it landed before the next frame. */
async function editLatency(page, edits) {
  return page.evaluate(async (edits) => {
    const article = document.getElementById('doc-view');
    const results = [];
    const all = [...article.querySelectorAll('mark')];
    for (let i = 0; i < edits; i++) {
      const mark = all[Math.floor((i * all.length) / edits)];
      const [start, end] = [mark.dataset.start, mark.dataset.end];
      mark.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      // A relabel to a label the mark does not have (the same label is refused, rightly).
      const [key, target] = mark.dataset.label === 'ORG' ? ['4', 'GPE'] : ['3', 'ORG'];
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const now = article.querySelector(`mark[data-start="${start}"][data-end="${end}"]`);
          if (now && now.dataset.label === target) { observer.disconnect(); resolve(performance.now()); }
        });
        observer.observe(article, { subtree: true, attributes: true, childList: true });
        setTimeout(() => { observer.disconnect(); resolve(NaN); }, 5000);
      });
      const started = performance.now();
      document.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Digit${key}`, bubbles: true }));
      const done = await changed;
      // Until the frame that shows it: the next animation frame after the DOM changed.
      const painted = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      results.push({ millis: done - started, to_frame: painted - started });
    }
    const failed = results.filter((r) => Number.isNaN(r.millis)).length;
    if (failed) throw new Error(`${failed} edits did not repaint within 5 s`);
    const sorted = results.map((r) => r.millis).sort((a, b) => a - b);
    const frames = results.map((r) => r.to_frame).sort((a, b) => a - b);
    return {
      edits,
      median_ms: sorted[Math.floor(sorted.length / 2)],
      max_ms: sorted[sorted.length - 1],
      median_to_frame_ms: frames[Math.floor(frames.length / 2)],
      // A frame is 16.7 ms at 60 Hz.
      within_a_frame: results.filter((r) => r.millis <= 16.7).length,
    };
  }, edits);
}

const result = {};
for (const words of [10_000, 100_000]) {
  const { page, context } = await openApp(browser, server);
  const text = longArticle(words);
  const opened = await pasteToHighlighted(page, text);
  const edit = await editLatency(page, 20);
  result[words] = { words: text.split(/\s+/).filter(Boolean).length, characters: Array.from(text).length, ...opened, edit };
  await context.close();
}
console.log(JSON.stringify({ browser: browser.version(), ...result }));
await browser.close();
server.close();
