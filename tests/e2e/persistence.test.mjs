// No lost work: reload restores everything, import then export is identical,
// files can be dropped, and a storage failure is said out loud.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serve, launch, appUrl, openApp, marks, openFiles, jsonlDoc, selectText, mark, readDownload, savedWorkspace, storeContents, message,
} from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const docList = (page) => page.$$eval('.doc-list button[data-doc-id]', (bs) => bs.map((b) => [b.dataset.docId, b.querySelector('.badge').dataset.status]));

test('a reload brings back every document, span, status and the draft', async () => {
  const { page, context } = await openApp(browser, server);
  await openFiles(page, [{
    name: 'two.jsonl',
    text: [
      jsonlDoc({ id: 'a', text: 'Haftar met Conte in Rome.', spans: [[0, 6, 'PERSON'], [20, 24, 'GPE']] }),
      jsonlDoc({ id: 'b', text: '🇱🇾 Misrata and Benghazi on Monday.', spans: [[3, 10, 'GPE']] }),
    ].join('\n'),
  }]);
  await mark(page, 20, 24).waitFor();
  await mark(page, 20, 24).click();
  await page.keyboard.press('Delete');
  await selectText(page, 11, 16);
  await page.keyboard.press('1');
  await mark(page, 11, 16).waitFor();
  await page.keyboard.press('n');
  await mark(page, 3, 10).waitFor();
  await page.keyboard.press('d'); // done, and on to the next document to do: "a"
  await mark(page, 11, 16).waitFor();
  await page.getByLabel('Article text').fill('A draft not yet sent');
  const open = async (id) => {
    await page.locator(`.doc-list button[data-doc-id="${id}"]`).click();
    await page.locator(`.doc-list li.current button[data-doc-id="${id}"]`).waitFor();
    return marks(page);
  };
  const before = { docs: await docList(page), a: await open('a'), b: await open('b') };
  assert.deepEqual(before.docs, [['a', 'edited'], ['b', 'done']]);

  await page.reload();
  await page.locator('.doc-list').waitFor();
  assert.deepEqual(await docList(page), before.docs);
  assert.deepEqual(await marks(page), before.b, 'the current document is still the current one');
  assert.deepEqual(await open('a'), before.a);
  assert.deepEqual(await open('b'), before.b);
  assert.equal(await page.getByLabel('Article text').inputValue(), 'A draft not yet sent');
  await context.close();
});

test('import then Export all gives back the same documents, and again byte for byte', async () => {
  const lines = [
    jsonlDoc({ id: 'emoji', text: '👩‍👩‍👧 “Haftar’s” men — in Tripoli.', spans: [[10, 16, 'PERSON'], [27, 34, 'GPE']], status: 'edited' }),
    jsonlDoc({ id: 'combining', text: 'Zoubie and Zubi\u0301 in Rome', spans: [[0, 6, 'PERSON'], [11, 16, 'PERSON']], status: 'done' }),
    jsonlDoc({ id: 'plain', text: 'No entities here.', status: 'edited' }),
  ];
  const exportAll = async (page) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all' }).click()]);
    return readDownload(download);
  };
  const first = await openApp(browser, server);
  await openFiles(first.page, [{ name: 'in.jsonl', text: lines.join('\n') + '\n' }]);
  await first.page.locator('.doc-list button[data-doc-id="plain"]').waitFor();
  const exported = await exportAll(first.page);
  const parsed = exported.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(parsed, lines.map((l) => JSON.parse(l)));
  await first.context.close();

  const second = await openApp(browser, server);
  await openFiles(second.page, [{ name: 'again.jsonl', text: exported }]);
  await second.page.locator('.doc-list button[data-doc-id="plain"]').waitFor();
  assert.equal(await exportAll(second.page), exported);
  await second.context.close();
});

test('files dropped on the page are opened', async () => {
  const { page, context } = await openApp(browser, server);
  const content = jsonlDoc({ id: 'dropped', text: 'Dropped in Tobruk.', spans: [[11, 17, 'GPE']] });
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.jsonl', { type: 'application/json' }));
    return dt;
  }, content);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await mark(page, 11, 17).waitFor();
  assert.equal(await page.locator('.doc-list button[data-doc-id="dropped"]').count(), 1);
  await context.close();
});

test('a malformed file is refused with its name and line, and nothing is added', async () => {
  const { page, context } = await openApp(browser, server);
  await openFiles(page, [{ name: 'broken.jsonl', text: '{"text": "fine"}\n{"text": "x", "spans": [{"start": 0, "end": 9, "label": "GPE"}]}\n' }]);
  const alert = page.locator('p.message.error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^broken\.jsonl \(jsonl\): line 2/);
  assert.equal(await page.locator('.doc-list button').count(), 0);
  await context.close();
});

test('when the browser refuses to store, the page says so and keeps working in memory', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const full = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    Storage.prototype.setItem = full;
    IDBObjectStore.prototype.put = full;
  });
  const page = await context.newPage();
  await page.goto(appUrl(server));
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text: 'Rome', spans: [[0, 4, 'GPE']] }) }]);
  const banner = page.locator('.banner[role="alert"]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /NOT being saved.*quota/);
  await mark(page, 0, 4).click();
  await page.keyboard.press('Delete');
  await mark(page, 0, 4).waitFor({ state: 'detached' });
  await context.close();
});

/** The workspace as saved in IndexedDB (a manifest and a record per document), as one JSON text. */
const savedText = async (page) => {
  const saved = await savedWorkspace(page);
  return saved && JSON.stringify(saved);
};

/** Waits until the saved workspace contains `needle` (saves run after the frame, in the background). */
async function waitForSaved(page, needle) {
  for (let i = 0; i < 200; i++) {
    const json = await savedText(page);
    if (json?.includes(needle)) return json;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the saved workspace never contained ${needle}`);
}

test('work larger than localStorage holds (about 5 M characters) survives a reload', async () => {
  const { page, context } = await openApp(browser, server);
  const paragraph = 'Haftar met officials in Benghazi and Tripoli on Monday to discuss the crisis. '.repeat(100);
  const lines = [];
  for (let i = 0; i < 800; i++) lines.push(jsonlDoc({ id: `long${i}`, text: `Report ${i}. ${paragraph}`, spans: [[0, 6, 'ORG']], status: 'edited' }));
  const text = lines.join('\n') + '\n';
  assert.ok(text.length > 6_000_000, `${text.length} characters`);
  await openFiles(page, [{ name: 'long.jsonl', text }]);
  await page.locator('p.message', { hasText: 'Opened 800 documents' }).waitFor({ timeout: 60_000 });
  await mark(page, 0, 6).click();
  await page.keyboard.press('1'); // relabel, so there is an edit to keep
  await page.locator('article.doc mark[data-start="0"][data-label="PERSON"]').waitFor();
  await waitForSaved(page, '"label":"PERSON"');
  assert.equal(await page.locator('.banner[role="alert"]').count(), 0, 'no storage failure');

  await page.reload();
  await page.locator('.doc-list').waitFor();
  assert.match(await page.locator('.doc-list').textContent(), /500 more documents/);
  await page.locator('article.doc mark[data-start="0"][data-label="PERSON"]').waitFor();
  await context.close();
});

test('work saved by an earlier version in localStorage is restored and moved to IndexedDB', async () => {
  // A save as the earlier version wrote it: made by this page, then put where that version kept it.
  const first = await openApp(browser, server);
  await openFiles(first.page, [{ name: 'old.jsonl', text: jsonlDoc({ id: 'old', text: 'Haftar met Conte in Rome.', spans: [[0, 6, 'PERSON']], status: 'done' }) }]);
  await mark(first.page, 0, 6).waitFor();
  const json = await waitForSaved(first.page, '"old"');
  await first.context.close();

  const context = await browser.newContext();
  await context.addInitScript((saved) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('nomen.workspace', saved);
      sessionStorage.setItem('seeded', '1');
    }
  }, json);
  const page = await context.newPage();
  await page.goto(appUrl(server));
  await page.locator('.doc-list button[data-doc-id="old"]').waitFor();
  await mark(page, 0, 6).waitFor();
  await page.waitForFunction(() => localStorage.getItem('nomen.workspace') === null);
  assert.ok((await savedText(page)).includes('"old"'), 'now in IndexedDB');
  await page.reload();
  await page.locator('.doc-list button[data-doc-id="old"]').waitFor();
  await context.close();
});

test('an unreadable save is kept aside, never deleted, and the page says where', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('nomen.workspace', '{"version": 2, "docs": [broken');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const page = await context.newPage();
  await page.goto(appUrl(server));
  const message = page.locator('p.message.error', { hasText: 'could not be read' });
  await message.waitFor();
  assert.match(await message.textContent(), /kept in this browser's storage under “localStorage: nomen\.workspace\.unreadable”/);
  assert.equal(await page.evaluate(() => localStorage.getItem('nomen.workspace.unreadable')), '{"version": 2, "docs": [broken');
  await context.close();
});

test('a large import shows its progress and ends with every document', async () => {
  const { page, context } = await openApp(browser, server);
  const lines = [];
  for (let i = 0; i < 20000; i++) {
    lines.push(jsonlDoc({ id: `n${i}`, text: `Report ${i}: Haftar met officials in Benghazi and Tripoli on Monday to discuss the crisis.`, spans: [[10 + String(i).length, 16 + String(i).length, 'PERSON']] }));
  }
  const text = lines.join('\n') + '\n';
  const seen = page.evaluate(() => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const bar = document.querySelector('.importing progress');
      if (bar && Number(bar.value) > 0) { observer.disconnect(); resolve(Number(bar.value)); }
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  }));
  await openFiles(page, [{ name: 'big.jsonl', text }]);
  const progress = await seen;
  assert.ok(progress > 0 && progress < 100, `progress ${progress}`);
  await page.locator('p.message', { hasText: 'Opened 20000 documents from big.jsonl' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.importing').count(), 0);
  assert.equal(await page.locator('.doc-list li').count(), 300);
  assert.match(await page.locator('.doc-list').textContent(), /19700 more documents/);
  await context.close();
});

/** Replaces the store's contents with `entries` (key → text), as another version of the page could have left them. */
const replaceStore = (page, entries) => page.evaluate((entries) => new Promise((resolve, reject) => {
  const open = indexedDB.open('nomen-workspace');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction('workspace', 'readwrite');
    const store = tx.objectStore('workspace');
    store.clear();
    for (const [key, text] of Object.entries(entries)) store.put(text, key);
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
}), entries);

test('a save writes a record per document and a manifest; one edit rewrites one record', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const docs = ['Haftar met Conte in Rome.', 'Misrata fell quiet.', 'Sarraj flew to Tunis.'].map((text, i) => jsonlDoc({ id: `r${i}`, text, spans: [[0, 6, 'PERSON']], status: 'edited' }));
  await openFiles(page, [{ name: 'three.jsonl', text: docs.join('\n') + '\n' }]);
  await mark(page, 0, 6).waitFor();
  const recordKeys = (contents) => Object.keys(contents).filter((k) => k.startsWith('doc:')).sort();
  // The records land in one transaction and the manifest in the next: wait until the manifest names all three.
  const saved = (contents) => contents?.manifest && JSON.parse(contents.manifest).records.length === 3 && recordKeys(contents).length === 3;
  let before;
  for (let i = 0; i < 100 && !saved(before); i++) { await page.waitForTimeout(50); before = await storeContents(page); }
  assert.deepEqual(Object.keys(before).filter((k) => !k.startsWith('doc:')), ['manifest']);
  assert.ok(!before.manifest.includes('Misrata'), 'the manifest holds no text');
  assert.deepEqual(JSON.parse(before.manifest).records, recordKeys(before));
  // One edit in r0: its record is replaced (under a new key), the two others are untouched.
  await mark(page, 0, 6).click();
  await page.keyboard.press('Delete');
  let after;
  for (let i = 0; i < 100 && (after?.manifest ?? before.manifest) === before.manifest; i++) { await page.waitForTimeout(50); after = await storeContents(page); }
  const [old0, ...rest] = JSON.parse(before.manifest).records;
  const now = JSON.parse(after.manifest).records;
  assert.deepEqual(now.slice(1), rest, 'the other documents keep their records');
  assert.notEqual(now[0], old0);
  assert.equal(after[old0], undefined, 'the old record is gone');
  assert.deepEqual(JSON.parse(after[now[0]]).doc.spans, []);
  for (const key of rest) assert.equal(after[key], before[key]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a big save is written in slices before its manifest: cut there, it loads as before, and what it left is deleted', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const small = ['Haftar met Conte in Rome.', 'Misrata fell quiet.', 'Sarraj flew to Tunis.'].map((text, i) => jsonlDoc({ id: `s${i}`, text, spans: [[0, 6, 'PERSON']], status: 'edited' }));
  await openFiles(page, [{ name: 'small.jsonl', text: small.join('\n') + '\n' }]);
  await mark(page, 0, 6).waitFor();
  await waitForSaved(page, '"s2"');
  const named = (contents) => [...JSON.parse(contents.manifest).records, 'manifest'].sort();
  const leftovers = (contents) => Object.keys(contents).filter((k) => k.startsWith('doc:') && !named(contents).includes(k));

  // The tab "closes" just before a manifest is written: records land, the manifest never does.
  // Each transaction that holds records is counted.
  const cutBeforeManifest = (times) => page.evaluate((times) => {
    const put = IDBObjectStore.prototype.put;
    window.__recordTransactions = new Set();
    let cuts = times;
    IDBObjectStore.prototype.put = function (value, key) {
      if (key === 'manifest' && cuts > 0) {
        cuts -= 1;
        throw new DOMException('cut before the manifest', 'AbortError');
      }
      if (String(key).startsWith('doc:')) window.__recordTransactions.add(this.transaction);
      return put.call(this, value, key);
    };
  }, times);
  const paragraph = 'Haftar met officials in Benghazi and Tripoli on Monday to discuss the crisis. '.repeat(60);
  const big = Array.from({ length: 400 }, (_, i) => jsonlDoc({ id: `b${i}`, text: `Report ${i}. ${paragraph}`, spans: [[0, 6, 'ORG']], status: 'edited' }));
  assert.ok(big.join('\n').length > 1_500_000, 'more than one slice (1 MB) of records');
  await cutBeforeManifest(1);
  await openFiles(page, [{ name: 'big.jsonl', text: big.join('\n') + '\n' }]);
  await page.locator('.banner[role="alert"]', { hasText: 'NOT being saved' }).waitFor({ timeout: 60_000 });
  const cut = await storeContents(page);
  assert.ok(await page.evaluate(() => window.__recordTransactions.size) >= 2, 'the records were written in several transactions');
  assert.ok(leftovers(cut).length > 0, 'records written before the manifest that was cut');
  assert.deepEqual(JSON.parse(cut.manifest).records.length, 3, 'the manifest is the one before the save');

  // Reloaded there: the work before the cut save, and the next save deletes what it left.
  await page.reload();
  await page.locator('.doc-list .progress span', { hasText: 'of 3 done' }).waitFor();
  await mark(page, 0, 6).click();
  await page.keyboard.press('Delete');
  await mark(page, 0, 6).waitFor({ state: 'detached' });
  let after;
  for (let i = 0; i < 100 && (!after || leftovers(after).length > 0 || Object.keys(after).length !== named(after).length); i++) { await page.waitForTimeout(50); after = await storeContents(page); }
  assert.deepEqual(Object.keys(after).sort(), named(after), 'no record left behind');

  // Cut again, and the page goes on: its next save (after an edit) writes everything and deletes what the cut one left.
  await cutBeforeManifest(1);
  await openFiles(page, [{ name: 'big.jsonl', text: big.join('\n') + '\n' }]);
  await page.locator('.banner[role="alert"]', { hasText: 'NOT being saved' }).waitFor({ timeout: 60_000 });
  assert.ok(leftovers(await storeContents(page)).length > 0);
  await page.keyboard.press('n');
  await page.locator('.banner[role="alert"]').waitFor({ state: 'detached', timeout: 30_000 });
  for (let i = 0; i < 100 && (!after || JSON.parse(after.manifest).records.length !== 403 || leftovers(after).length > 0); i++) { await page.waitForTimeout(100); after = await storeContents(page); }
  assert.equal(JSON.parse(after.manifest).records.length, 403);
  assert.deepEqual(Object.keys(after).sort(), named(after), 'no record left behind');
  await page.reload();
  await page.locator('.doc-list .progress span', { hasText: 'of 403 done' }).waitFor();
  assert.deepEqual(errors.filter((e) => !e.includes('cut before the manifest')), []);
  await context.close();
});

test('a workspace saved whole in IndexedDB by an earlier version loads and moves into records', async () => {
  const { page, context, errors } = await openApp(browser, server);
  await openFiles(page, [{ name: 'old.jsonl', text: jsonlDoc({ id: 'old', text: 'Haftar met Conte in Rome.', spans: [[0, 6, 'PERSON']], status: 'done' }) }]);
  await mark(page, 0, 6).waitFor();
  await waitForSaved(page, '"old"');
  // As the earlier version left it: the whole workspace's JSON under `workspace`, as UTF-8 bytes or text.
  const whole = JSON.stringify(await savedWorkspace(page));
  await replaceStore(page, { workspace: whole });
  await page.reload();
  await page.locator('.doc-list button[data-doc-id="old"][aria-current="true"] .badge[data-status="done"]').waitFor();
  await mark(page, 0, 6).waitFor();
  let contents;
  for (let i = 0; i < 100 && !(contents?.manifest); i++) { await page.waitForTimeout(50); contents = await storeContents(page); }
  assert.deepEqual(Object.keys(contents).sort(), [...JSON.parse(contents.manifest).records, 'manifest'].sort(), 'moved: no whole save left');
  await page.reload();
  await mark(page, 0, 6).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a damaged record store is kept aside whole, never deleted, and the page says why and where', async () => {
  const { page, context } = await openApp(browser, server);
  await openFiles(page, [{ name: 'one.jsonl', text: jsonlDoc({ id: 'one', text: 'Misrata fell quiet.', spans: [[0, 7, 'GPE']], status: 'edited' }) }]);
  await mark(page, 0, 7).waitFor();
  await waitForSaved(page, '"one"');
  const contents = await storeContents(page);
  const [key] = JSON.parse(contents.manifest).records;
  const damaged = { manifest: contents.manifest }; // its record lost
  await replaceStore(page, damaged);
  await page.reload();
  const error = page.locator('p.message.error', { hasText: 'could not be read' });
  await error.waitFor();
  assert.equal(await error.textContent(), `The saved work could not be read (the saved workspace is damaged: the record ${key} is missing). It was kept in this browser's storage under “IndexedDB: nomen-workspace / workspace.unreadable”; nothing was deleted.`);
  const kept = await storeContents(page);
  assert.deepEqual(JSON.parse(kept['workspace.unreadable']), damaged);
  assert.deepEqual(kept.manifest ? JSON.parse(kept.manifest).records : [], [], 'moved aside: what is saved next starts afresh, beside it');
  await context.close();
});
