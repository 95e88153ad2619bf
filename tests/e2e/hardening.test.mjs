// Defects found by trying the app as a new user (issue 15): undo at the bottom
// of history, removing documents and opening a file twice, request ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  serve, launch, openApp, marks, openFiles, jsonlDoc, selectText, message, mark, SHARED, savedWorkspace, axeViolations,
} from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const TEXT = 'Prime Minister Fayez al-Sarraj met Khalifa Haftar in Rome on Tuesday.\nThe LNA said talks would resume.';
const spanList = async (page) => (await marks(page)).map(({ start, end, label }) => [start, end, label]);
const badge = (page, id) => page.locator(`.doc-list button[data-doc-id="${id}"] .badge`);

test('undoing the pre-annotation keeps it undone, redo brings back every step, and the bottom says so', async () => {
  const { page, context, errors } = await openApp(browser, server);
  await page.getByLabel('Article text').fill(TEXT);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await mark(page, 53, 57).waitFor(); // Rome, from the extractor
  await mark(page, 53, 57).click();
  await page.keyboard.press('Delete');
  await mark(page, 53, 57).waitFor({ state: 'detached' });
  await selectText(page, 95, 101); // "resume": an edit the extractor would not make
  await page.keyboard.press('8');
  await mark(page, 95, 101).waitFor();
  const edited = await spanList(page);

  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  assert.deepEqual(await spanList(page), [], 'the pre-annotation is undone');
  assert.match(await message(page), /stays without pre-annotation/);
  // Give a re-extraction every chance to happen: it must not.
  await page.waitForTimeout(1500);
  assert.deepEqual(await spanList(page), [], 'not pre-annotated again behind the analyst\'s back');
  const id = await page.locator('.doc-list button[aria-current="true"]').getAttribute('data-doc-id');
  assert.equal(await badge(page, id).getAttribute('data-status'), 'new');
  await page.keyboard.press('Control+z');
  assert.equal(await message(page), 'Nothing to undo');

  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Shift+Z');
  assert.deepEqual(await spanList(page), edited, 'redo brings back the pre-annotation and both edits');
  assert.equal(await page.getByRole('button', { name: 'Redo' }).isDisabled(), true);

  // Undone again, the extractor is asked again only on request (e).
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  await page.getByRole('button', { name: 'Find entities' }).waitFor();
  await page.keyboard.press('e');
  await mark(page, 53, 57).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a document is removed without a question and Ctrl+Z brings it back at its place; an opened file already here is not doubled', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const file = {
    name: 'two.jsonl',
    text: [jsonlDoc({ id: 'one', text: 'Rome and Paris.', spans: [[0, 4, 'GPE']] }), jsonlDoc({ id: 'two', text: 'Misrata.', spans: [[0, 7, 'GPE']] })].join('\n') + '\n',
  };
  await openFiles(page, [file]);
  await mark(page, 0, 4).waitFor();
  const listed = () => page.locator('.doc-list button[data-doc-id]').evaluateAll((bs) => bs.map((b) => b.dataset.docId));
  const current = () => page.locator('.doc-list button[aria-current="true"]').getAttribute('data-doc-id');
  assert.deepEqual(await listed(), ['one', 'two']);

  // The same file again: nothing doubles, and the page says so.
  await openFiles(page, [file]);
  await page.getByRole('group', { name: 'Documents already here' }).waitFor();
  assert.match(await message(page), /Nothing new in two\.jsonl\. 2 were already here \(same id and text\)/);
  assert.deepEqual(await listed(), ['one', 'two']);
  await page.getByRole('button', { name: 'Leave them out' }).click();
  assert.deepEqual(await listed(), ['one', 'two']);
  // Asked for, they come in as copies.
  await openFiles(page, [file]);
  await page.getByRole('button', { name: 'Add them anyway' }).click();
  assert.deepEqual(await listed(), ['one', 'two', 'one-2', 'two-2']);

  // Remove by button: gone at once, no question; Ctrl+Z puts it back at its place, current again.
  await page.locator('.doc-list button[data-doc-id="two"]').click();
  await mark(page, 0, 7).click();
  await page.keyboard.press('Delete'); // an edit of its own, kept through removal and restoring
  await mark(page, 0, 7).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Remove document' }).click();
  await page.locator('.doc-list button[data-doc-id="two"]').waitFor({ state: 'detached' });
  assert.match(await message(page), /^Removed “Misrata\.” \(0 spans\) — Undo \(Ctrl\+Z\) brings it back\./);
  assert.equal(await current(), 'one-2', 'its successor is open');
  await page.keyboard.press('Control+z');
  await page.locator('.doc-list button[data-doc-id="two"]').waitFor();
  assert.deepEqual(await listed(), ['one', 'two', 'one-2', 'two-2']);
  assert.equal(await current(), 'two');
  assert.equal(await message(page), 'Restored “Misrata.” at its place.');
  await page.keyboard.press('Control+z'); // now the document's own history: the deleted span
  await mark(page, 0, 7).waitFor();

  // By key (Shift+Delete), twice; the Undo removal button brings back the newest first.
  await page.keyboard.press('Shift+Delete');
  await page.keyboard.press('Shift+Delete');
  await page.waitForFunction(() => document.querySelectorAll('.doc-list button[data-doc-id]').length === 2);
  assert.deepEqual(await listed(), ['one', 'two-2']);
  await page.getByRole('button', { name: 'Undo removal' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.doc-list button[data-doc-id]').length === 3);
  assert.deepEqual(await listed(), ['one', 'one-2', 'two-2']);
  assert.match(await message(page), /Ctrl\+Z again brings back the one removed before it\./);
  // An edit since the removal: Ctrl+Z is the document's again, and the removal stays.
  await page.keyboard.press('a'); // accept all in one-2
  await page.getByRole('button', { name: 'Undo removal' }).waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  assert.deepEqual(await listed(), ['one', 'one-2', 'two-2']);
  assert.deepEqual(dialogs, [], 'nothing was asked');

  // Removals are saved like any change.
  await page.waitForTimeout(500);
  await page.reload();
  await page.getByLabel('Article text').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.doc-list button[data-doc-id]').length === 3);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page whose worker messages, both ways, are recorded in window.__sent and window.__answers. */
async function recordingWorker({ withoutModel = false } = {}) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    const Native = window.Worker;
    window.__sent = [];
    window.__answers = [];
    window.__sentTo = []; // which worker (by order of start) each of __sent went to
    let workers = 0;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.index = workers++;
        this.addEventListener('message', (e) => window.__answers.push(e.data));
      }
      postMessage(message, ...rest) {
        window.__sent.push(message);
        window.__sentTo.push(this.index);
        return super.postMessage(message, ...rest);
      }
    };
  });
  if (withoutModel) await context.route('**/nomen-news.model', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.getByLabel('Article text').waitFor();
  return { page, context, errors };
}

test('a document whose pre-annotation was undone is not pre-annotated again after a reload', async () => {
  const { page, context, errors } = await recordingWorker();
  await page.getByLabel('Article text').fill(TEXT);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await mark(page, 53, 57).waitFor();
  await page.keyboard.press('Control+z');
  await page.getByRole('button', { name: 'Find entities' }).waitFor();
  assert.deepEqual(await spanList(page), []);
  // Saved as held.
  let saved;
  for (let i = 0; i < 50 && !(saved?.docs?.[0]?.held); i++) { await page.waitForTimeout(100); saved = await savedWorkspace(page); }
  assert.equal(saved.docs[0].held, true, 'the hold is saved');
  assert.equal(saved.docs[0].status, 'new');

  await page.reload();
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor(); // the worker is ready
  await page.locator('.doc-list button[data-doc-id]').first().waitFor();
  // Give a re-extraction every chance to happen: it must not.
  await page.waitForTimeout(1500);
  assert.deepEqual(await spanList(page), [], 'no spans came back');
  const extractions = (await page.evaluate(() => window.__sent)).filter((m) => typeof m === 'object' && 'Extract' in m);
  assert.deepEqual(extractions, [], 'no extraction request was sent after the reload');
  await page.getByRole('button', { name: 'Find entities' }).waitFor();
  // Asked for (e), the extractor runs, and that is saved too.
  await page.keyboard.press('e');
  await mark(page, 53, 57).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** [kind, id] of each recorded message ({Extract: {id, text}} → ['Extract', 7]). */
const tagged = (messages) => messages.filter((m) => typeof m === 'object').map((m) => { const [kind] = Object.keys(m); return [kind, m[kind]?.id]; });

test('every request to the worker has its own id, and every answer echoes it, failures included', async () => {
  const { page, context, errors } = await recordingWorker({ withoutModel: true });
  await page.locator('header .engine', { hasText: 'could not be loaded' }).waitFor(); // the rule baseline runs
  const docs = ['Rome and Paris.', 'Haftar in Benghazi.', 'Misrata on Monday.'].map((text, i) => jsonlDoc({ id: `d${i}`, text }));
  await openFiles(page, [{ name: 'three.jsonl', text: docs.join('\n') + '\n' }]);
  await page.waitForFunction(() => document.querySelectorAll('.doc-list .badge[data-status="pre_annotated"]').length === 3);
  await page.keyboard.press('d'); // learn from d0
  await page.keyboard.press('l'); // and from d1, now current
  await page.getByRole('button', { name: 'Export model' }).waitFor();
  await page.getByLabel('Article text').fill('Sarraj met Conte in Rome.');
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.doc-list .badge[data-status="pre_annotated"]').length >= 2
    && window.__answers.filter((a) => a.Extracted).length >= 4);
  await page.getByRole('button', { name: 'Export model' }).click(); // fails: no trained model to export
  await page.waitForFunction(() => window.__answers.some((a) => a.Failed));

  const sentTo = await page.evaluate(() => window.__sentTo);
  const posts = (await page.evaluate(() => window.__sent)).map((m, i) => [m, sentTo[i]]).filter(([m]) => typeof m === 'object');
  const sent = tagged(posts.map(([m]) => m));
  const answers = tagged(await page.evaluate(() => window.__answers));
  const ids = sent.map(([, id]) => id);
  assert.ok(ids.every((id) => Number.isInteger(id)), `every request has an id: ${JSON.stringify(sent)}`);
  // With two workers (src/pool.rs) a change of what the extractor knows goes to each under one id; nothing else shares one.
  const perWorker = posts.map(([, worker], i) => `${worker}:${ids[i]}`);
  assert.equal(new Set(perWorker).size, perWorker.length, `no id is sent twice to a worker: ${JSON.stringify(sent)}`);
  for (const id of new Set(ids)) {
    const kinds = sent.filter(([, i]) => i === id).map(([kind]) => kind);
    assert.ok(kinds.length === 1 || kinds.every((k) => ['Learn', 'AddPatterns', 'ResetModel'].includes(k) && k === kinds[0]), `ids are unique: ${JSON.stringify(sent)}`);
  }
  const byId = new Map(sent.map(([kind, id]) => [id, kind]));
  const count = (kind) => [...byId.values()].filter((k) => k === kind).length;
  assert.ok(count('Learn') === 2 && count('Extract') >= 4, JSON.stringify(sent));
  const expected = { Extracted: 'Extract', Learned: 'Learn', ModelFile: 'ExportModel' };
  for (const [kind, id] of answers.filter(([k]) => !['Loading', 'Ready'].includes(k))) {
    assert.ok(byId.has(id), `${kind} answers request ${id}, which was sent`);
    if (expected[kind]) assert.equal(byId.get(id), expected[kind], `${kind} echoes the id of its ${expected[kind]}`);
  }
  const [, failedId] = answers.find(([k]) => k === 'Failed');
  assert.equal(byId.get(failedId), 'ExportModel', 'the failure names the request that failed');
  assert.match(await message(page), /the trained model is not loaded/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('axe-core finds no WCAG 2.1 A/AA violation on the main views and dialogs', async () => {
  // axe is injected as a script, which the page's CSP would (rightly) refuse.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.getByLabel('Article text').waitFor();
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  const views = {};
  views.empty = await axeViolations(page);

  await page.getByLabel('Article text').fill(TEXT);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await mark(page, 53, 57).waitFor();
  views.annotated = await axeViolations(page);
  await mark(page, 53, 57).click();
  views['a span selected'] = await axeViolations(page);
  await page.keyboard.press('Escape');

  const file = { name: 'again.jsonl', text: jsonlDoc({ id: 'x', text: 'Haftar and Hafter in Rome.', spans: [[0, 6, 'PERSON'], [11, 17, 'PERSON']] }) + '\n' };
  await openFiles(page, [file]);
  await openFiles(page, [file]);
  await page.getByRole('group', { name: 'Documents already here' }).waitFor();
  views['documents already here'] = await axeViolations(page);

  await page.keyboard.press('?');
  await page.getByRole('dialog').waitFor();
  views.help = await axeViolations(page);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Edit labels…' }).click();
  await page.getByRole('dialog').waitFor();
  views.labels = await axeViolations(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('k');
  await page.getByRole('dialog').waitFor();
  views.aliases = await axeViolations(page);
  await page.keyboard.press('Escape');

  for (const [view, violations] of Object.entries(views)) assert.deepEqual(violations, [], `${view}: ${violations.join('; ')}`);
  await context.close();
});

test('a whole correction by keyboard alone: Tab into the marks, Delete keeps one selected, the token cursor labels new spans', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const spans = [[0, 14, 'TITLE'], [15, 30, 'PERSON'], [35, 49, 'PERSON'], [53, 57, 'GPE']];
  await openFiles(page, [{ name: 'talks.jsonl', text: jsonlDoc({ id: 'talks', text: TEXT, spans, status: 'pre_annotated' }) + '\n' }]);
  await mark(page, 53, 57).waitFor();
  const selectedMark = async () => page.locator('article.doc mark[aria-current="true"]').evaluate((m) => [Number(m.dataset.start), Number(m.dataset.end)]);
  const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

  // Tab to the article, as a keyboard user would.
  for (let i = 0; i < 60 && (await focused()) !== 'doc-view'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'doc-view', 'the article is reachable with Tab');
  await page.keyboard.press('Tab');
  assert.deepEqual(await selectedMark(), [0, 14], 'Tab enters the marks from the article');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.deepEqual(await selectedMark(), [35, 49]);
  await page.keyboard.press('Delete');
  await mark(page, 35, 49).waitFor({ state: 'detached' });
  assert.deepEqual(await selectedMark(), [53, 57], 'after Delete the next span is selected');
  await page.keyboard.press('3'); // Rome: GPE → ORG

  // The token cursor: → twice from Rome is "Tuesday"; a digit labels it.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.match(await message(page), /^“Tuesday”/);
  await page.keyboard.press('9');
  await mark(page, 61, 68).waitFor();
  // Back five words to "Khalifa", Shift+→ grows it to "Khalifa Haftar", 1 labels it.
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  assert.match(await message(page), /^“Khalifa”/);
  await page.keyboard.press('Shift+ArrowRight');
  assert.match(await message(page), /^“Khalifa Haftar”/);
  await page.keyboard.press('1');
  await mark(page, 35, 49).waitFor();
  assert.deepEqual(await spanList(page), [[0, 14, 'TITLE'], [15, 30, 'PERSON'], [35, 49, 'PERSON'], [53, 57, 'ORG'], [61, 68, 'DATE']]);
  await page.keyboard.press('d');
  assert.equal(await badge(page, 'talks').getAttribute('data-status'), 'done');

  // Esc deselects, Esc again lets go of the article, and Tab moves on: no keyboard trap.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await focused(), 'doc-view');
  assert.deepEqual(errors, []);
  await context.close();
});

/** The saved workspace's documents as {id: status}, read from IndexedDB as a reload would. */
const savedStatuses = async (page) => {
  const ws = await savedWorkspace(page);
  return ws ? Object.fromEntries(ws.docs.map((d) => [d.doc.id, d.status])) : {};
};

test('while a big import is pre-annotated, corrections are saved within seconds and survive a reload', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const texts = ['dev.jsonl', 'train.jsonl'].flatMap((name) => fs.readFileSync(path.join(SHARED, 'data/ontonotes', name), 'utf8').split('\n').filter(Boolean))
    .slice(0, 2000).map((line) => JSON.parse(line)).map(({ id, text }) => JSON.stringify({ id, text }));
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  await openFiles(page, [{ name: 'big.jsonl', text: texts.join('\n') + '\n' }]);
  await page.locator('article.doc mark').first().waitFor({ timeout: 60_000 });
  await page.locator('.importing[role="status"]', { hasText: 'of 2,000 pre-annotated' }).waitFor();
  const first = await page.locator('.doc-list button[aria-current="true"]').getAttribute('data-doc-id');
  await page.keyboard.press('d'); // done, while the others are still being annotated
  const statuses = async () => (await savedStatuses(page))[first];
  let saved;
  for (let i = 0; i < 100 && saved !== 'done'; i++) {
    saved = await statuses();
    if (saved !== 'done') await page.waitForTimeout(100);
  }
  assert.equal(saved, 'done', 'saved within 10 s of the change');
  assert.ok(await page.locator('.importing[role="status"]').count() > 0, 'still pre-annotating when it was saved');
  await page.reload();
  await page.locator(`.doc-list button[data-doc-id="${first}"] .badge[data-status="done"]`).waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('n and p in a long list repaint the rows that changed, not the whole list', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const docs = Array.from({ length: 600 }, (_, i) => jsonlDoc({ id: `row${i}`, text: `Report ${i}: Haftar met Conte in Rome.`, spans: [[0, 6, 'ORG']], status: 'edited' }));
  await openFiles(page, [{ name: 'many.jsonl', text: docs.join('\n') + '\n' }]);
  await page.locator('.doc-list .progress span', { hasText: 'of 600 done' }).waitFor();
  await page.locator('.doc-list button[data-doc-id="row0"][aria-current="true"]').waitFor();
  // Into the middle of the list, where the window of listed documents moves with every step.
  for (let i = 0; i < 150; i++) await page.keyboard.press('n');
  await page.locator('.doc-list button[data-doc-id="row150"][aria-current="true"]').waitFor();
  /** Presses `key` and waits for `id` to be current; returns which rows' DOM changed (by document id). */
  const touched = (key, id) => page.evaluate(async ([key, id]) => {
    const list = document.querySelector('.doc-list ol');
    const rows = new Set();
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        const row = node?.closest?.('li') ?? (r.addedNodes[0] ?? r.removedNodes[0]);
        const button = row?.querySelector?.('button[data-doc-id]');
        rows.add(button?.dataset.docId ?? '(list)');
      }
    });
    observer.observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
    document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await new Promise((resolve) => {
      const check = () => (document.querySelector(`.doc-list button[data-doc-id="${id}"][aria-current="true"]`) ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return [...rows].sort();
  }, [key, id]);
  const listed = await page.$$eval('.doc-list button[data-doc-id]', (bs) => bs.map((b) => b.dataset.docId));
  assert.equal(listed.length, 300, 'a window of the list');
  const forward = await touched('n', 'row151');
  assert.ok(forward.includes('row150') && forward.includes('row151'), `the rows that stopped and started being current: ${forward}`);
  assert.ok(forward.length <= 5, `only the rows that changed (and the one coming into the window): ${forward}`);
  const back = await touched('p', 'row150');
  assert.ok(back.length <= 5, `p too: ${back}`);
  // The list still says the same thing as before: every row, in order, the current one marked.
  const now = await page.$$eval('.doc-list button[data-doc-id]', (bs) => bs.map((b) => b.dataset.docId));
  assert.deepEqual(now, listed);
  assert.deepEqual(await page.$$eval('.doc-list button[aria-current="true"]', (bs) => bs.map((b) => b.dataset.docId)), ['row150']);
  assert.deepEqual(errors, []);
  await context.close();
});
