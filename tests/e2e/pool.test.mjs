// The extractor workers as a pool (src/pool.rs): with two cores the page runs
// two workers, and a multi-document import is extracted by both; what the
// analyst teaches (d) reaches both, so documents pre-annotated afterwards carry
// it whichever worker annotated them; the page says "Learned" once and asks for
// each untouched document's re-annotation once. With one core, one worker.
// (While the analyst is at work the helper takes nothing new: src/pool.rs's
// native tests check that; bench-keys.mjs measures what it is for.)
//
// The page's Worker is wrapped (before the app starts) to count the workers and
// record what each is sent; navigator.hardwareConcurrency is set so the result
// does not depend on the machine that runs the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, appUrl, openFiles, jsonlDoc, marks, recordTraffic, recordWorkerRequests } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** Runs in the page before its scripts: every text the message line shows, in order (the workers are recorded by `recordWorkerRequests`). */
function recordMessages() {
  window.__messages = [];
  new MutationObserver(() => {
    const text = document.querySelector('p.message')?.textContent?.trim();
    if (text && text !== window.__messages[window.__messages.length - 1]) window.__messages.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function freshPage(cores) {
  const context = await browser.newContext();
  await context.addInitScript(recordWorkerRequests, cores);
  await context.addInitScript(recordMessages);
  const page = await context.newPage();
  const { errors } = recordTraffic(page);
  await page.goto(appUrl(server));
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  return { context, page, errors };
}

/** How many of each request every worker has been sent: [{ Extract: n, Learn: n, … }]. */
const sentCounts = (page) => page.evaluate(() => window.__workers.map((sent) => sent.reduce((counts, kind) => ({ ...counts, [kind]: (counts[kind] ?? 0) + 1 }), {})));
const extractsSent = async (page) => (await sentCounts(page)).map((c) => c.Extract ?? 0);

/** Articles about Rada (a militia the shipped model calls a person), of different lengths. */
const radaArticles = (prefix, n) => Array.from({ length: n }, (_, i) => ({
  id: `${prefix}-${i}`,
  text: `${'Residents of the old quarter gathered in the square. '.repeat(i % 4)}Officials said Rada would attend meeting ${i + 1}.`,
}));

async function labelsOfRada(page, id) {
  await page.locator(`.doc-list button[data-doc-id="${id}"]`).click();
  await page.locator(`.doc-list li.current button[data-doc-id="${id}"]`).waitFor();
  await page.locator('article.doc mark').first().waitFor();
  return (await marks(page)).filter((m) => m.text === 'Rada').map((m) => m.label);
}

const waitAllPreAnnotated = (page, ids) => page.waitForFunction((ids) => ids.every((id) =>
  document.querySelector(`.doc-list button[data-doc-id="${id}"] .badge`)?.dataset.status === 'pre_annotated'), ids);

test('two cores: two workers share an import, learning reaches both, and is reported once', async () => {
  const { context, page, errors } = await freshPage(2);
  // The helper starts once the primary is ready, and extracts once it has the primary's state.
  await page.waitForFunction(() => window.__workers.length === 2 && window.__workers[1].includes('Follow'));

  // Before learning: an import annotated by both workers, with the shipped model's mistake.
  const first = radaArticles('before', 6);
  await openFiles(page, [{ name: 'before.jsonl', text: first.map(jsonlDoc).join('\n') }]);
  await waitAllPreAnnotated(page, first.map((d) => d.id));
  assert.ok((await extractsSent(page)).every((n) => n > 0), `both workers extract: ${JSON.stringify(await sentCounts(page))}`);
  assert.deepEqual(await labelsOfRada(page, 'before-0'), ['PERSON'], 'precondition: the shipped model gets Rada wrong');

  // The analyst corrects a document and marks it done: the Learn goes to both workers.
  const corrected = 'Aides said Rada would travel to Tunis. Residents said Rada had left.';
  await openFiles(page, [{ name: 'fixed.jsonl', text: jsonlDoc({ id: 'fixed', text: corrected, spans: [[11, 15, 'ORG'], [32, 37, 'GPE'], [54, 58, 'ORG']], status: 'edited' }) }]);
  await page.locator('.doc-list li.current button[data-doc-id="fixed"]').waitFor();
  const beforeLearning = await extractsSent(page);
  await page.evaluate(() => { window.__messages = []; });
  await page.keyboard.press('d');
  await page.locator('header .engine', { hasText: 'from 1 document' }).waitFor();
  assert.deepEqual((await sentCounts(page)).map((c) => c.Learn), [1, 1], 'each worker learns the correction once');

  // The untouched documents are annotated again, now right, each once.
  await page.locator('.importing[role="status"]').waitFor({ state: 'detached' });
  for (const { id } of first) assert.deepEqual(await labelsOfRada(page, id), ['ORG'], `${id} after learning`);
  const again = (await extractsSent(page)).map((n, i) => n - beforeLearning[i]);
  assert.equal(again.reduce((a, b) => a + b, 0), first.length, `each untouched document is asked for once more: ${again}`);
  // (Two identical Learned actions in a row would leave the DOM as one does: src/pool.rs's native
  // tests check that only the primary's answer becomes an action; this checks what the analyst reads.)
  const learned = (await page.evaluate(() => window.__messages)).filter((m) => m.startsWith('Learned'));
  assert.equal(learned.length, 1, `one Learned message: ${JSON.stringify(learned)}`);
  assert.match(learned[0], new RegExp(`; annotating ${first.length} untouched documents again\\.$`));

  // New documents after learning carry it, whichever worker annotated them. The clicks above
  // count as the analyst at work, during which the helper takes nothing new (YIELD_MILLIS,
  // 500 ms, in src/hooks/use_worker.rs): the import comes after a pause.
  await page.waitForTimeout(700);
  const beforeImport = await extractsSent(page);
  const later = radaArticles('after', 8);
  await openFiles(page, [{ name: 'after.jsonl', text: later.map(jsonlDoc).join('\n') }]);
  await waitAllPreAnnotated(page, later.map((d) => d.id));
  const byWorker = (await extractsSent(page)).map((n, i) => n - beforeImport[i]);
  assert.ok(byWorker.every((n) => n > 0), `both workers annotate the new import: ${byWorker}`);
  for (const { id } of later) assert.deepEqual(await labelsOfRada(page, id), ['ORG'], `${id}, annotated after learning`);

  // Exports go to the primary alone.
  assert.equal((await sentCounts(page))[1].ExportPatterns, undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one core: one worker does everything', async () => {
  const { context, page, errors } = await freshPage(1);
  const docs = radaArticles('solo', 3);
  await openFiles(page, [{ name: 'solo.jsonl', text: docs.map(jsonlDoc).join('\n') }]);
  await waitAllPreAnnotated(page, docs.map((d) => d.id));
  assert.equal(await page.evaluate(() => window.__workers.length), 1);
  assert.deepEqual(await extractsSent(page), [3]);
  assert.deepEqual(errors, []);
  await context.close();
});
