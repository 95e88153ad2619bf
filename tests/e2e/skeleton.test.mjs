// The walking skeleton: paste an article, extract in the page, check every
// mark against the text's code points, export and validate the download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, seeds, cpSlice, marks, readDownload, foreignRequests, extractorWorkers } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const LABELS = ['PERSON', 'TITLE', 'ORG', 'GPE', 'LOC', 'FAC', 'NORP', 'EVENT', 'DATE'];

test('seed 000: marks match the text and the export is valid', async () => {
  const { page, context, errors, requests, base } = await openApp(browser, server);
  const seed = seeds()[0];
  await page.getByLabel('Article text').fill(seed.text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();

  const found = await marks(page);
  assert.ok(found.length >= 20, `only ${found.length} marks on a 2,500-character article`);
  for (const m of found) {
    assert.ok(LABELS.includes(m.label), `unknown label ${m.label}`);
    assert.equal(m.text, cpSlice(seed.text, m.start, m.end), `mark ${m.start}..${m.end} shows other text`);
  }
  // The whole article is shown, in order, exactly once.
  assert.equal(await page.locator('article.doc').textContent(), seed.text);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.json$/);
  const exported = JSON.parse(await readDownload(download));
  assert.equal(exported.text, seed.text);
  assert.deepEqual(exported.spans, found.map(({ start, end, label }) => ({ start, end, label })));
  assert.deepEqual(errors, []);
  const { workers, expected } = await extractorWorkers(page);
  assert.equal(workers.length, expected, 'the extractor runs in Web Workers, one per core up to two');
  assert.deepEqual(foreignRequests(requests, base), [], 'no request leaves the app\'s origin');
  await context.close();
});

test('offsets are code points even after emoji and other astral-plane characters', async () => {
  const { page, context } = await openApp(browser, server);
  const text = '🇱🇾🎉 “Tripoli” — Prime Minister Fayez al-Sarraj met Khalifa Haftar’s envoy in Rome on Tuesday.';
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
  const found = await marks(page);
  const rome = found.find((m) => m.text === 'Rome');
  assert.ok(rome, 'Rome is marked');
  assert.equal(rome.start, Array.from(text).indexOf('R', 40)); // a code-point index, not UTF-16
  assert.notEqual(rome.start, text.indexOf('Rome'), 'UTF-16 index would differ here');
  for (const m of found) assert.equal(m.text, cpSlice(text, m.start, m.end));
  await context.close();
});
