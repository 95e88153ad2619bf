// The formats in the app: import is detected, Export all writes the chosen
// format, and a format that cannot hold everything asks before leaving it out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, openFiles, jsonlDoc, mark, readDownload, marks } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function exportAs(page, format) {
  await page.getByLabel('Export format').selectOption(format);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all' }).click()]);
  return { name: download.suggestedFilename(), text: await readDownload(download) };
}

test('Label Studio export uses UTF-16 offsets, as JavaScript strings do', async () => {
  const { page, context } = await openApp(browser, server);
  const text = '🇱🇾 Haftar in Tripoli';
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text, spans: [[3, 9, 'PERSON'], [13, 20, 'GPE']] }) }]);
  await mark(page, 3, 9).waitFor();
  const { name, text: json } = await exportAs(page, 'labelstudio');
  assert.equal(name, 'nomen-annotations.json');
  const [task] = JSON.parse(json);
  const values = task.annotations[0].result.map((r) => r.value);
  for (const v of values) assert.equal(text.slice(v.start, v.end), v.text);
  assert.deepEqual(values.map((v) => [v.start, v.end]), [[5, 11], [15, 22]]);
  await context.close();
});

test('CoNLL export lists what it cannot hold as it is and asks first', async () => {
  const { page, context } = await openApp(browser, server);
  await openFiles(page, [{ name: 'x.jsonl', text: jsonlDoc({ id: 'x', text: 'Hafter met Conte.', spans: [[0, 3, 'PERSON'], [11, 16, 'PERSON']] }) }]);
  await mark(page, 11, 16).waitFor();
  let asked = '';
  page.once('dialog', async (d) => { asked = d.message(); await d.dismiss(); });
  await page.getByLabel('Export format').selectOption('conll');
  await page.getByRole('button', { name: 'Export all' }).click();
  await page.locator('p.message.error', { hasText: 'cancelled' }).waitFor();
  // "Haf" inside "Hafter" and "Conte" inside "Conte." cut their tokens: the text would change.
  assert.match(asked, /conll cannot hold all of this work as it is \(1 loss\(es\)\)/);
  assert.match(asked, /2 tokens had to be cut .*"Hafter" at 0/);
  page.once('dialog', (d) => d.accept());
  const { name, text } = await exportAs(page, 'conll');
  assert.equal(name, 'nomen-annotations.conll');
  assert.match(text, /^Haf B-PERSON$/m);
  assert.match(text, /^ter O$/m);
  assert.match(text, /^Conte B-PERSON$/m);
  await context.close();
});

test('a CoNLL file is recognised on import and its entities shown', async () => {
  const { page, context } = await openApp(browser, server);
  const conll = '-DOCSTART- -X- -X- O\n\nKhalifa B-PERSON\nHaftar I-PERSON\nvisited O\nRome B-GPE\n. O\n';
  await openFiles(page, [{ name: 'news.conll', text: conll }]);
  await page.locator('article.doc mark').first().waitFor();
  assert.deepEqual((await marks(page)).map((m) => [m.text, m.label]), [['Khalifa Haftar', 'PERSON'], ['Rome', 'GPE']]);
  await context.close();
});

test('bytes that are not UTF-8 are replaced and said; an empty .txt is refused', async () => {
  const { page, context } = await openApp(browser, server);
  // Latin-1 "é" in "Café" (one byte, 0xE9), on line 2.
  const latin1 = Buffer.concat([Buffer.from('Rome\nCaf', 'latin1'), Buffer.from([0xe9]), Buffer.from(' in Tripoli', 'latin1')]);
  // The message line moves on as soon as the extractor answers: record every message shown.
  await page.evaluate(() => {
    window.shownMessages = [];
    new MutationObserver(() => document.querySelectorAll('p.message').forEach((p) => window.shownMessages.push(p.textContent)))
      .observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Open files').setInputFiles([{ name: 'cafe.txt', mimeType: 'text/plain', buffer: latin1 }]);
  await page.waitForFunction(() => window.shownMessages.some((m) => m.includes('not UTF-8')));
  const said = await page.evaluate(() => window.shownMessages.find((m) => m.includes('not UTF-8')));
  assert.match(said, /^Opened 1 document from cafe\.txt\. cafe\.txt: 1 byte is not UTF-8, the first at line 2, byte 4 of the line/);
  assert.match(await page.locator('article.doc').textContent(), /Caf\uFFFD in Tripoli/);
  await page.getByLabel('Open files').setInputFiles([{ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from(' \n') }]);
  const refused = page.locator('p.message.error');
  await refused.waitFor();
  assert.match(await refused.textContent(), /empty\.txt: the file is empty: there is no article to annotate/);
  assert.equal(await page.locator('.doc-list button').count(), 1, 'nothing added');
  await context.close();
});
