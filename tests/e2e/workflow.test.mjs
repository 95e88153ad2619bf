// The correction workflow in a real browser: add, delete, relabel, move a
// boundary (keys and drag), refuse an overlap, undo/redo, documents, labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serve, launch, openApp, marks, openFiles, jsonlDoc, selectText, message, mark, readDownload,
} from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TEXT = 'Prime Minister Fayez al-Sarraj met Khalifa Haftar in Rome on Tuesday.\nThe LNA said talks would resume.';
const SPANS = [[0, 14, 'TITLE'], [15, 30, 'PERSON'], [35, 49, 'PERSON'], [53, 57, 'GPE']];

/** A fresh page with one document whose spans the test controls (the extractor is not involved). */
async function withDoc(extra = []) {
  const app = await openApp(browser, server);
  await openFiles(app.page, [{ name: 'talks.jsonl', text: [jsonlDoc({ id: 'talks', text: TEXT, spans: SPANS, status: 'pre_annotated' }), ...extra].join('\n') + '\n' }]);
  await mark(app.page, 53, 57).waitFor();
  return app;
}

const spanList = async (page) => (await marks(page)).map(({ start, end, label }) => [start, end, label]);

/** The screen position of the middle of the document's code points [start, end). */
async function textPoint(page, start, end) {
  await selectText(page, start, end);
  const box = await page.evaluate(() => {
    const r = window.getSelection().getRangeAt(0).getBoundingClientRect();
    window.getSelection().removeAllRanges();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  return box;
}

test('select a word with the mouse and press a hotkey: a span snapped to the word', async () => {
  const { page, context } = await withDoc();
  const { x, y } = await textPoint(page, 61, 68); // "Tuesday"
  await page.mouse.dblclick(x, y);
  await page.keyboard.press('9');
  await mark(page, 61, 68).waitFor();
  assert.equal(await mark(page, 61, 68).getAttribute('data-label'), 'DATE');
  assert.match(await message(page), /^Added DATE/);
  // A partial selection grows to whole tokens; Shift keeps the exact characters.
  await selectText(page, 75, 76); // "N" of "LNA"
  await page.keyboard.press('3');
  await mark(page, 74, 77).waitFor();
  await page.keyboard.press('Escape');
  await selectText(page, 83, 86); // "tal" of "talks"
  await page.keyboard.press('Shift+Digit8');
  await mark(page, 83, 86).waitFor();
  assert.equal(await mark(page, 83, 86).getAttribute('data-label'), 'EVENT');
  await context.close();
});

test('clicking a label button labels the selection like its key', async () => {
  const { page, context } = await withDoc();
  await selectText(page, 61, 68);
  await page.locator('.label-bar button[data-label="DATE"]').click();
  await mark(page, 61, 68).waitFor();
  await context.close();
});

test('click a mark, then Delete removes it and a digit relabels it', async () => {
  const { page, context } = await withDoc();
  await mark(page, 53, 57).click();
  assert.equal(await mark(page, 53, 57).getAttribute('aria-current'), 'true');
  await page.keyboard.press('Delete');
  await mark(page, 53, 57).waitFor({ state: 'detached' });
  assert.match(await message(page), /^Removed GPE/);
  await mark(page, 35, 49).click();
  await page.keyboard.press('3');
  assert.equal(await mark(page, 35, 49).getAttribute('data-label'), 'ORG');
  await context.close();
});

test('Tab walks through the marks once one is selected', async () => {
  const { page, context } = await withDoc();
  await mark(page, 0, 14).click();
  await page.keyboard.press('Tab');
  assert.equal(await mark(page, 15, 30).getAttribute('aria-current'), 'true');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await mark(page, 0, 14).getAttribute('aria-current'), 'true');
  await context.close();
});

test('move a boundary with the keyboard and with a drag handle', async () => {
  const { page, context } = await withDoc();
  await mark(page, 35, 49).click();
  await page.keyboard.press('Shift+ArrowRight'); // end grows over "in"
  await mark(page, 35, 52).waitFor();
  await page.keyboard.press('Shift+ArrowLeft');
  await mark(page, 35, 49).waitFor();
  await mark(page, 53, 57).click();
  await page.keyboard.press('Control+ArrowLeft'); // start grows over "in"
  await mark(page, 50, 57).waitFor();
  await page.keyboard.press('Control+z');
  await mark(page, 53, 57).waitFor();

  // Drag the end handle of "Khalifa Haftar" over the word "in".
  await mark(page, 35, 49).click();
  const handle = mark(page, 35, 49).locator('.handle.end');
  const from = await handle.boundingBox();
  const to = await textPoint(page, 50, 52);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await mark(page, 35, 52).waitFor();
  assert.match(await message(page), /^Moved/);
  await context.close();
});

test('an edit that would overlap another span is refused, with the reason shown', async () => {
  const { page, context } = await withDoc();
  const before = await spanList(page);
  await selectText(page, 31, 40); // "met Khali", grows to "met Khalifa" over the PERSON span
  await page.keyboard.press('1');
  const alert = page.locator('p.message.error[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /overlaps “Khalifa Haftar” \(PERSON\)/);
  assert.deepEqual(await spanList(page), before);
  // Moving a boundary into a neighbour is refused too.
  await mark(page, 35, 49).click();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight'); // 35..52 then over "Rome"
  await alert.waitFor();
  assert.match(await alert.textContent(), /overlaps/);
  await context.close();
});

test('undo and redo every kind of edit with Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y', async () => {
  const { page, context } = await withDoc();
  const original = await spanList(page);
  await mark(page, 53, 57).click();
  await page.keyboard.press('Delete'); // remove
  await mark(page, 35, 49).click();
  await page.keyboard.press('4'); // relabel
  await selectText(page, 61, 68);
  await page.keyboard.press('9'); // add
  const edited = await spanList(page);
  assert.notDeepEqual(edited, original);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  assert.deepEqual(await spanList(page), original);
  await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+Shift+Z');
  assert.deepEqual(await spanList(page), edited);
  assert.equal(await page.getByRole('button', { name: 'Redo' }).isDisabled(), true);
  await context.close();
});

test('documents: list with status and progress, accept all, mark done, next/previous by key', async () => {
  const second = jsonlDoc({ id: 'second', text: 'Misrata and Benghazi.', spans: [[0, 7, 'GPE']] });
  const { page, context } = await withDoc([second]);
  const badge = (id) => page.locator(`.doc-list button[data-doc-id="${id}"] .badge`);
  assert.equal(await badge('talks').getAttribute('data-status'), 'pre_annotated');
  await page.keyboard.press('a'); // accept all
  assert.equal(await badge('talks').getAttribute('data-status'), 'edited');
  await page.keyboard.press('d'); // done, and on to the next document to do
  assert.equal(await badge('talks').getAttribute('data-status'), 'done');
  await mark(page, 0, 7).waitFor();
  assert.match(await page.locator('.doc-list .progress').textContent(), /1 of 2 done/);
  await page.keyboard.press('p');
  await mark(page, 53, 57).waitFor();
  await page.keyboard.press('n');
  await mark(page, 0, 7).waitFor();
  await context.close();
});

test('the help overlay lists the keys; labels can be added, renamed and re-keyed', async () => {
  const { page, context } = await withDoc();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Ctrl \+ Z/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Edit labels…' }).click();
  await page.getByLabel('New label name').fill('militia');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Key of MILITIA').selectOption('');
  await page.getByLabel('Name of GPE').fill('PLACE');
  await page.getByLabel('Name of GPE').press('Enter'); // change fires
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  assert.equal(await mark(page, 53, 57).getAttribute('data-label'), 'PLACE');
  assert.equal(await page.locator('.label-bar button[data-label="MILITIA"]').count(), 1);
  await context.close();
});

test('Export JSON downloads the current document with its status', async () => {
  const { page, context } = await withDoc();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const doc = JSON.parse(await readDownload(download));
  assert.equal(doc.id, 'talks');
  assert.equal(doc.text, TEXT);
  assert.deepEqual(doc.spans.map((s) => [s.start, s.end, s.label]), SPANS);
  assert.equal(doc.meta.status, 'pre_annotated');
  await context.close();
});
