// In-app evaluation: the current work against a gold file, and two analysts'
// exports against each other, scored as nomen eval scores them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, openFiles, jsonlDoc, mark } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TEXT = 'Haftar met Conte in Rome on Monday.';
const file = (name, spans) => ({ name, text: jsonlDoc({ id: 'talks', text: TEXT, spans }) + '\n' });

async function compareWith(page, files) {
  await page.getByLabel('Compare with files').setInputFiles(files.map(({ name, text }) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })));
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const rows = await dialog.locator('table.scores tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.children].map((c) => c.textContent)));
  return { title: await dialog.locator('h2').textContent(), rows };
}

test('the current work against a gold file: per-label P/R/F1', async () => {
  const { page, context } = await openApp(browser, server);
  await openFiles(page, [file('work.jsonl', [[0, 6, 'PERSON'], [11, 16, 'PERSON'], [20, 24, 'ORG']])]);
  await mark(page, 20, 24).waitFor();
  const { title, rows } = await compareWith(page, [file('gold.jsonl', [[0, 6, 'PERSON'], [11, 16, 'PERSON'], [20, 24, 'GPE'], [28, 34, 'DATE']])]);
  assert.equal(title, 'this work against gold.jsonl');
  const byLabel = Object.fromEntries(rows.map(([label, p, r, f1, n]) => [label, { p, r, f1, n }]));
  assert.deepEqual(byLabel.PERSON, { p: '1.000', r: '1.000', f1: '1.000', n: '2' });
  assert.deepEqual(byLabel.GPE, { p: '0.000', r: '0.000', f1: '0.000', n: '1' });
  assert.deepEqual(byLabel.ALL, { p: '0.667', r: '0.500', f1: '0.571', n: '4' });
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await context.close();
});

test("two analysts' exports: their agreement", async () => {
  const { page, context } = await openApp(browser, server);
  const { title, rows } = await compareWith(page, [
    file('alice.jsonl', [[0, 6, 'PERSON'], [20, 24, 'GPE']]),
    file('bob.jsonl', [[0, 6, 'PERSON'], [20, 24, 'GPE'], [28, 34, 'DATE']]),
  ]);
  assert.equal(title, 'bob.jsonl against alice.jsonl');
  const all = rows.find(([label]) => label === 'ALL');
  assert.deepEqual(all.slice(1), ['0.667', '1.000', '0.800', '2']);
  await context.close();
});
