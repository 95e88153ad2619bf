// Corpus review: search every document and label the hits (and undo it),
// fix an inconsistency in one action, adjudicate two analysts' exports into
// gold and export it. The DOM contract: [data-hit] rows, [data-inconsistent]
// items, [data-diff][data-kind] differences.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, openFiles, jsonlDoc, cpSlice, message, readDownload, mark } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

// Marked edited, so the extractor leaves them alone during the test.
const DOCS = [
  { id: 'one', text: 'Misrata fell quiet. Forces from MISRATA moved on; Misratan fighters stayed.', spans: [[0, 7, 'GPE']], status: 'edited' },
  { id: 'two', text: '🇱🇾 In Misrata, the Misrata Military Council met.', spans: [[19, 43, 'ORG']], status: 'edited' },
  { id: 'three', text: 'Nothing about that city here.', spans: [], status: 'edited' },
];
const jsonl = (docs) => docs.map(jsonlDoc).join('\n') + '\n';

async function hits(page) {
  return page.$$eval('[data-hit]', (rows) => rows.map((r) => ({
    hit: Number(r.dataset.hit), doc: r.dataset.doc, start: Number(r.dataset.start), end: Number(r.dataset.end), label: r.dataset.label,
  })));
}

test('a search over every document labels its hits, one undo step per document, and is undone', async () => {
  const { page, context, errors } = await openApp(browser, server);
  await openFiles(page, [{ name: 'corpus.jsonl', text: jsonl(DOCS) }]);
  await mark(page, 0, 7).waitFor();

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  const field = page.getByLabel('Search all documents');
  assert.equal(await field.evaluate((el) => el === document.activeElement), true, '/ puts the caret in the search field');
  await field.fill('misrata');
  await field.press('Enter');
  await page.locator('[data-hit]').first().waitFor();
  const found = await hits(page);
  // Case-insensitive, whole words ("Misratan" is not a hit), code points (the flag is two).
  const byId = Object.fromEntries(DOCS.map((d) => [d.id, d.text]));
  assert.deepEqual(found.map((h) => [h.doc, h.start, h.end, h.label]), [
    ['one', 0, 7, 'GPE'], ['one', 32, 39, ''], ['two', 6, 13, ''], ['two', 19, 26, ''],
  ]);
  for (const h of found) assert.equal(cpSlice(byId[h.doc], h.start, h.end).toLowerCase(), 'misrata');
  const row = page.locator('[data-hit="1"]');
  assert.match(await row.textContent(), /Forces from MISRATA moved on/);

  // Label all hits: the unlabelled ones; the one inside the council's name is refused, and listed.
  await page.getByLabel('Label for all hits').selectOption('GPE');
  await page.getByRole('button', { name: 'Label all hits' }).click();
  await page.locator('[data-refused]').waitFor();
  assert.equal(await message(page), 'Labelled 2 spans as GPE in 2 documents (one undo step each); 1 already so; 1 refused, listed below.');
  assert.deepEqual((await hits(page)).map((h) => h.label), ['GPE', 'GPE', 'GPE', '']);
  assert.match(await page.locator('[data-refused]').textContent(), /“Misrata” in two at 19–26: overlaps “Misrata Military Council” \(ORG\)/);

  // Undo that: one undo in each document, and the hits are unlabelled again.
  await page.getByRole('button', { name: 'Undo labelling the hits as GPE' }).click();
  assert.deepEqual((await hits(page)).map((h) => h.label), ['GPE', '', '', '']);

  // A digit labels the focused hit; Enter opens its document there.
  await page.locator('[data-hit="2"]').focus();
  await page.keyboard.press('5');
  await page.locator('[data-hit="2"][data-label="LOC"]').waitFor();
  await page.locator('[data-hit="2"]').focus();
  await page.keyboard.press('Enter');
  await mark(page, 6, 13).waitFor();
  assert.equal(await page.locator('.doc-list [aria-current="true"]').getAttribute('data-doc-id'), 'two');
  // Undo in the document takes back the one step the hit's label was.
  await page.keyboard.press('Control+z');
  await mark(page, 6, 13).waitFor({ state: 'detached' });
  assert.equal((await hits(page))[2].label, '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an inconsistency is listed with its counts and fixed in one action', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const docs = [
    { id: 'a', text: 'Tripoli and Tripoli again, and Tripoli.', spans: [[0, 7, 'GPE'], [12, 19, 'GPE'], [31, 38, 'LOC']], status: 'edited' },
    { id: 'b', text: 'In Tripoli the Bank of Tripoli opened.', spans: [[15, 30, 'ORG']], status: 'edited' },
    { id: 'c', text: 'Misrata and Misrata.', spans: [[0, 7, 'GPE'], [12, 19, 'GPE']], status: 'edited' },
  ];
  await openFiles(page, [{ name: 'corpus.jsonl', text: jsonl(docs) }]);
  await mark(page, 0, 7).waitFor();
  await page.getByRole('button', { name: 'Inconsistencies' }).click();
  const item = page.locator('[data-inconsistent][data-text="Tripoli"]');
  await item.waitFor();
  assert.equal(await page.locator('[data-inconsistent]').count(), 1, 'Misrata is consistent; the bank\'s Tripoli is part of another name');
  assert.equal(await item.locator('.summary').textContent(), 'Tripoli: GPE 2, LOC 1, unlabelled 1');

  await item.getByRole('button', { name: 'Make all GPE' }).click();
  await item.waitFor({ state: 'detached' });
  assert.equal(await message(page), 'Changed 2 spans of “Tripoli” to GPE in 2 documents (one undo step each); 2 already so.');
  // Every Tripoli outside the bank is GPE now.
  const field = page.getByLabel('Search all documents');
  await field.fill('Tripoli');
  await field.press('Enter');
  await page.locator('[data-hit]').first().waitFor();
  assert.deepEqual((await hits(page)).map((h) => h.label), ['GPE', 'GPE', 'GPE', 'GPE', '']);

  // Undone as one action, it is listed again.
  await page.getByRole('button', { name: 'Inconsistencies' }).click();
  await page.getByRole('button', { name: 'Undo making “Tripoli” GPE' }).click();
  await item.waitFor();
  assert.equal(await item.locator('.summary').textContent(), 'Tripoli: GPE 2, LOC 1, unlabelled 1');
  assert.deepEqual(errors, []);
  await context.close();
});

test("two analysts' exports are adjudicated into gold, added as done and exported", async () => {
  const { page, context, errors } = await openApp(browser, server);
  const text = 'Haftar met Conte in Rome at the Bank of America on Monday.';
  const second = 'Sarraj flew to Tunis.';
  const alice = jsonl([
    { id: 'talks', text, spans: [[0, 6, 'PERSON'], [11, 16, 'PERSON'], [20, 24, 'GPE'], [32, 47, 'ORG']] },
    { id: 'trip', text: second, spans: [[0, 6, 'PERSON'], [15, 20, 'GPE']] },
  ]);
  const bob = jsonl([
    { id: 'talks', text, spans: [[0, 6, 'PERSON'], [20, 24, 'LOC'], [32, 36, 'ORG'], [40, 47, 'GPE'], [51, 57, 'DATE']] },
    { id: 'trip', text: second, spans: [[0, 6, 'PERSON'], [15, 20, 'LOC']] },
  ]);
  await page.getByLabel('Adjudicate files').setInputFiles([
    { name: 'alice.jsonl', mimeType: 'text/plain', buffer: Buffer.from(alice) },
    { name: 'bob.jsonl', mimeType: 'text/plain', buffer: Buffer.from(bob) },
  ]);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Adjudicate: alice.jsonl (A) and bob.jsonl (B)');
  const diffs = () => dialog.locator('[data-diff]').evaluateAll((ds) => ds.map((d) => [d.dataset.kind, Number(d.dataset.start), Number(d.dataset.end), d.dataset.decision]));
  assert.deepEqual(await diffs(), [['only-a', 11, 16, ''], ['label', 20, 24, ''], ['boundary', 32, 47, ''], ['only-b', 51, 57, '']]);
  // Both versions are visible in the text.
  const boundary = dialog.locator('[data-diff="2"]');
  assert.equal(await boundary.locator('[data-side="a"]').textContent(), 'A: “Bank of America” ORG');
  assert.equal(await boundary.locator('[data-side="b"]').textContent(), 'B: “Bank” ORG, “America” GPE');
  // The agreement per label is beside it.
  const agreement = await dialog.getByRole('table', { name: 'Agreement per label' }).locator('tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(agreement.find(([label]) => label === 'PERSON'), ['PERSON', '0.800', '3']);

  // Keys on the focused difference, buttons, then "Take all" for the rest.
  await dialog.locator('[data-diff="0"]').focus();
  await page.keyboard.press('a');
  await page.locator('[data-diff="1"]').focus();
  await page.keyboard.press('b');
  await page.locator('[data-diff="2"]').focus();
  await dialog.getByRole('button', { name: 'Take A', exact: true }).click();
  await dialog.getByRole('button', { name: 'Take all B' }).click();
  assert.deepEqual((await diffs()).map((d) => d[3]), ['a', 'b', 'a', 'b']);
  const add = dialog.getByRole('button', { name: 'Add adjudicated documents' });
  assert.equal(await add.isDisabled(), true, 'the second document is still undecided');
  await dialog.getByRole('button', { name: 'Next with differences' }).click();
  assert.deepEqual(await diffs(), [['label', 15, 20, '']]);
  await dialog.getByRole('button', { name: 'Take all A' }).click();
  await add.click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(await message(page), /^Added 2 adjudicated documents \(marked done\) from alice\.jsonl and bob\.jsonl/);
  assert.equal(await page.locator('[data-status="done"]').count(), 2);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all' }).click()]);
  const gold = (await readDownload(download)).trim().split('\n').map((l) => JSON.parse(l));
  const spans = (doc) => doc.spans.map((s) => [s.start, s.end, s.label]);
  assert.deepEqual(gold.map((d) => [d.id, d.meta.status]), [['talks', 'done'], ['trip', 'done']]);
  assert.deepEqual(spans(gold[0]), [[0, 6, 'PERSON'], [11, 16, 'PERSON'], [20, 24, 'LOC'], [32, 47, 'ORG'], [51, 57, 'DATE']]);
  assert.deepEqual(spans(gold[1]), [[0, 6, 'PERSON'], [15, 20, 'GPE']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an adjudication half done is where the analyst left it after a reload, and can be closed, resumed and discarded', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const text = 'Haftar met Conte in Rome at the Bank of America on Monday.';
  const alice = jsonl([
    { id: 'talks', text, spans: [[0, 6, 'PERSON'], [11, 16, 'PERSON'], [20, 24, 'GPE']] },
    { id: 'trip', text: 'Sarraj flew to Tunis and Rome.', spans: [[0, 6, 'PERSON'], [15, 20, 'GPE']] },
  ]);
  const bob = jsonl([
    { id: 'talks', text, spans: [[0, 6, 'PERSON'], [20, 24, 'LOC'], [51, 57, 'DATE']] },
    { id: 'trip', text: 'Sarraj flew to Tunis and Rome.', spans: [[0, 6, 'ORG'], [15, 20, 'LOC'], [25, 29, 'GPE']] },
  ]);
  await page.getByLabel('Adjudicate files').setInputFiles([
    { name: 'alice.jsonl', mimeType: 'text/plain', buffer: Buffer.from(alice) },
    { name: 'bob.jsonl', mimeType: 'text/plain', buffer: Buffer.from(bob) },
  ]);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const diffs = () => dialog.locator('[data-diff]').evaluateAll((ds) => ds.map((d) => [d.dataset.kind, d.dataset.decision, d.classList.contains('focused')]));
  await dialog.locator('[data-diff="0"]').focus();
  await page.keyboard.press('a');
  await dialog.locator('[data-diff="1"]').focus();
  await page.keyboard.press('b'); // the focus moves on to the next undecided difference
  assert.deepEqual(await diffs(), [['only-a', 'a', false], ['label', 'b', false], ['only-b', '', true]]);
  await dialog.getByRole('button', { name: 'Next document' }).click();
  await dialog.locator('[data-diff="1"]').focus();
  await page.keyboard.press('b');
  const position = () => dialog.locator('.adj-nav span').textContent();
  const before = { position: await position(), diffs: await diffs() };
  assert.match(before.position, /^Document 2 of 2: trip · 2 of 3 differences left here · 3 left in all/);

  // Saved with the workspace: a reload opens it where it was.
  await page.waitForTimeout(500);
  await page.reload();
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Adjudicate: alice.jsonl (A) and bob.jsonl (B)');
  assert.equal(await position(), before.position);
  assert.deepEqual(await diffs(), before.diffs, 'decisions and the focused difference kept');
  await dialog.getByRole('button', { name: 'Previous document' }).click();
  assert.deepEqual((await diffs()).map((d) => d[1]), ['a', 'b', '']);
  // The agreement is the same as before the reload (computed again).
  const agreement = await dialog.getByRole('table', { name: 'Agreement per label' }).locator('tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(agreement.find(([label]) => label === 'PERSON'), ['PERSON', '0.500', '3']);

  // Closed, it is kept; "Resume adjudication" opens it again, and Take B still works on the focus.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Resume adjudication (3 left)' }).click();
  await dialog.waitFor();
  await dialog.locator('[data-diff="2"]').focus();
  await dialog.getByRole('button', { name: 'Take B', exact: true }).click();
  await page.waitForTimeout(500);
  await page.reload();
  await dialog.waitFor();
  assert.deepEqual((await diffs()).map((d) => d[1]), ['a', 'b', 'b']);
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(await message(page), /^Discarded the adjudication of alice\.jsonl and bob\.jsonl \(4 decisions\)\./);
  assert.equal(await page.getByRole('button', { name: /Resume adjudication/ }).count(), 0);
  await page.waitForTimeout(500);
  await page.reload();
  await page.getByLabel('Article text').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await dialog.count(), 0, 'discarded for good');
  assert.deepEqual(errors, []);
  await context.close();
});
