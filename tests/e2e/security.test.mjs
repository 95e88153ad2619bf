// Article text and labels are never HTML; nothing goes over the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, openFiles, jsonlDoc, cpSlice, marks, foreignRequests, extractorWorkers, OPEN_FILE } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const VECTORS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '<svg onload="window.__xss = 3"><circle r=5></svg>',
  '"><iframe srcdoc="<script>parent.__xss = 4</script>"></iframe>',
  '<a href="javascript:window.__xss = 5">Tripoli</a>',
  '<style>@import "http://127.0.0.2:9/x.css"; body { background: url(http://127.0.0.2:9/p.png) }</style>',
  '{{constructor.constructor("window.__xss = 6")()}}',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss = 7">',
];

test('XSS vectors in an article stay text and none runs', async () => {
  const { page, context, requests, base } = await openApp(browser, server);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
  const text = `Haftar in Rome.\n${VECTORS.join('\nLibya ')}\nEnd in Tripoli.`;
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
  assert.equal(await page.locator('article.doc').textContent(), text, 'shown literally');
  // Only nomen's own elements: render blocks, marks, and the spans of plain text.
  const tags = await page.$$eval('article.doc *', (els) => [...new Set(els.map((e) => (e.tagName === 'DIV' ? `DIV.${e.className}` : e.tagName)))]);
  assert.deepEqual(tags.filter((t) => !['MARK', 'SPAN', 'DIV.block'].includes(t)), []);
  for (const m of await marks(page)) assert.equal(m.text, cpSlice(text, m.start, m.end));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(dialogs, 0);
  assert.deepEqual(foreignRequests(requests, base), []);
  await context.close();
});

test('labels from a file are text too', async () => {
  const { page, context } = await openApp(browser, server);
  const label = '<img src=x onerror="window.__xss = 8">';
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text: 'Rome', spans: [[0, 4, label]] }) }]);
  await page.locator('article.doc mark').waitFor();
  assert.equal(await page.locator('article.doc mark').getAttribute('data-label'), label);
  assert.equal(await page.locator('.label-bar img, article.doc img').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test('the Content-Security-Policy blocks any request beyond the app, and the app makes none after loading', async () => {
  const { page, context, requests, base } = await openApp(browser, server);
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  // Loading ends when every extractor worker has its model (the second starts once the first is ready).
  const { expected } = await extractorWorkers(page);
  const models = () => requests.filter((u) => u.endsWith('/nomen-news.model')).length;
  for (let i = 0; !OPEN_FILE && i < 200 && models() < expected; i++) await page.waitForTimeout(50);
  const loaded = requests.length;
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text: 'Rome and Tripoli', spans: [[0, 4, 'GPE']] }) }]);
  await page.locator('article.doc mark').waitFor();
  await page.keyboard.press('?');
  await page.keyboard.press('Escape');
  assert.equal(requests.length, loaded, `requests after load: ${requests.slice(loaded).join(', ')}`);
  assert.deepEqual(foreignRequests(requests, base), []);
  const blocked = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    try { await fetch('http://127.0.0.2:9/leak'); } catch { /* refused */ }
    await new Promise((r) => setTimeout(r, 100));
    return violations;
  });
  assert.deepEqual(blocked, ['connect-src']);
  await context.close();
});
