// The extractor learns from the analyst's corrections, in the page: a document
// marked done changes how later documents are pre-annotated (its names are
// remembered); what was learned survives a reload; reset forgets it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, appUrl, openFiles, jsonlDoc, marks, readDownload } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const LATER = 'Officials said Rada would attend.';
const labelOf = async (page, word) => (await marks(page)).find((m) => m.text === word)?.label;

async function addArticle(page, text) {
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator(`.doc-list li.current`).waitFor();
  await page.locator('article.doc mark').first().waitFor();
}

/** A fresh browser context and page, with the extractor ready. */
async function freshPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(appUrl(server));
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  return { context, page };
}

/** Opens a document the analyst corrected (the shipped model tags Rada, a militia, a PERSON), still to do. */
async function openCorrection(page) {
  const corrected = 'Aides said Rada would travel to Tunis. Residents said Rada had left.';
  await openFiles(page, [{ name: 'fixed.jsonl', text: jsonlDoc({ id: 'fixed', text: corrected, spans: [[11, 15, 'ORG'], [32, 37, 'GPE'], [54, 58, 'ORG']], status: 'edited' }) }]);
  await page.locator('.doc-list li.current button[data-doc-id="fixed"]').waitFor();
}

test('a correction teaches the extractor; the learned model survives a reload; reset restores it', async () => {
  const { context, page } = await freshPage();

  // Before learning, the shipped model calls Rada (a militia) a person.
  await addArticle(page, LATER);
  assert.equal(await labelOf(page, 'Rada'), 'PERSON', 'precondition: the shipped model gets this wrong');

  // The analyst corrects a document the model got wrong and marks it done.
  await openCorrection(page);
  await page.keyboard.press('d');
  await page.locator('header .engine', { hasText: 'from 1 document' }).waitFor();

  // The untouched earlier document is annotated again, now right.
  await page.locator('.doc-list button', { hasText: 'Officials said' }).click();
  await page.waitForFunction(() => document.querySelector('article.doc mark')?.dataset.label === 'ORG');
  assert.equal(await labelOf(page, 'Rada'), 'ORG');

  // What was learned can be exported for the CLI, as Prodigy patterns.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export names' }).click()]);
  assert.equal(download.suggestedFilename(), 'nomen-names.patterns.jsonl');
  assert.match(await readDownload(download), /^\{"label":"ORG","pattern":"Rada"\}$/m);

  // And as a model file that the CLI extracts with.
  const [modelDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export model' }).click()]);
  assert.equal(modelDownload.suggestedFilename(), 'nomen-learned.model');
  const modelFile = path.join(os.tmpdir(), `nomen-e2e-${process.pid}-learned.model`);
  await modelDownload.saveAs(modelFile);
  const bytes = fs.readFileSync(modelFile);
  assert.equal(bytes.subarray(0, 8).toString(), 'NOMENNER');
  assert.equal(bytes.readUInt32LE(8), 2, 'a learned model is format version 2');
  assert.ok(process.env.NOMEN_CLI, 'NOMEN_CLI must name the nomen binary (cargo xtask test sets it)');
  const out = JSON.parse(execFileSync(process.env.NOMEN_CLI, ['extract', '--model', modelFile], { input: LATER }).toString());
  assert.deepEqual(out.spans.filter((s) => s.start === 15).map((s) => s.label), ['ORG'], 'the CLI uses what the page learned');

  // A reload keeps what was learned.
  await page.reload();
  await page.locator('header .engine', { hasText: 'from 1 document' }).waitFor();
  await addArticle(page, 'Later, officials said Rada would attend the talks.');
  assert.equal(await labelOf(page, 'Rada'), 'ORG');

  // Reset: back to the shipped model, and untouched documents are annotated again.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Reset model' }).click();
  await page.waitForFunction(() => !document.querySelector('header .engine').textContent.includes('remembering'));
  await page.waitForFunction(() => document.querySelector('article.doc mark')?.dataset.label === 'PERSON');
  assert.equal(await labelOf(page, 'Rada'), 'PERSON');
  // And it stays reset after a reload.
  await page.reload();
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  assert.doesNotMatch(await page.locator('header .engine').textContent(), /remembering/);
  await context.close();
});

test('"Learn now" (l) teaches the extractor without marking the document done', async () => {
  const { context, page } = await freshPage();
  await addArticle(page, LATER);
  assert.equal(await labelOf(page, 'Rada'), 'PERSON', 'precondition');
  await openCorrection(page);
  await page.keyboard.press('l');
  await page.locator('header .engine', { hasText: 'from 1 document' }).waitFor();
  assert.equal(await page.locator('.doc-list button[data-doc-id="fixed"] .badge').getAttribute('data-status'), 'edited', 'still to do');
  await page.locator('.doc-list button', { hasText: 'Officials said' }).click();
  await page.waitForFunction(() => document.querySelector('article.doc mark')?.dataset.label === 'ORG');
  await context.close();
});

test('a patterns file labels every occurrence in new articles, and "o" labels all occurrences of a mark', async () => {
  const { context, page } = await freshPage();
  // A string pattern and a token-attribute pattern, as Prodigy writes them.
  await openFiles(page, [{ name: 'names.patterns.jsonl', text: '{"label": "PERSON", "pattern": "Kikli"}\n{"label": "ORG", "pattern": [{"lower": "nawasi"}, {"lower": "brigade"}]}\n' }]);
  await page.locator('header .engine', { hasText: 'remembering 2 names' }).waitFor();
  await addArticle(page, 'Kikli and the Nawasi Brigade met. Officials said Kikli would attend.');
  const found = (await marks(page)).map((m) => [m.text, m.label]);
  assert.deepEqual(found.filter(([t]) => t === 'Kikli'), [['Kikli', 'PERSON'], ['Kikli', 'PERSON']]);
  assert.deepEqual(found.filter(([t]) => t === 'Nawasi Brigade'), [['Nawasi Brigade', 'ORG']]);

  // "Label all occurrences" from a mark reaches a document already edited, too.
  await openFiles(page, [{ name: 'two.jsonl', text: [
    jsonlDoc({ id: 'one', text: 'Rada fighters and Rada commanders.', spans: [[0, 4, 'ORG']], status: 'edited' }),
    jsonlDoc({ id: 'two', text: 'Reports about Rada spread.', spans: [], status: 'edited' }),
  ].join('\n') }]);
  await page.locator('.doc-list li.current button[data-doc-id="one"]').waitFor();
  await page.locator('article.doc mark[data-start="0"]').click();
  await page.keyboard.press('o');
  await page.locator('article.doc mark[data-start="18"]').waitFor();
  assert.deepEqual((await marks(page)).map((m) => [m.start, m.end, m.label]), [[0, 4, 'ORG'], [18, 22, 'ORG']]);
  await page.locator('.doc-list button[data-doc-id="two"]').click();
  await page.locator('article.doc mark[data-start="14"]').waitFor();
  await page.keyboard.press('Control+z'); // undoable, document by document
  await page.locator('article.doc mark').waitFor({ state: 'detached' });
  await context.close();
});
