// Alias clusters: spelling variants of one name are proposed from the spans,
// confirmed in the Aliases dialog, exported as each span's kb_id, kept across
// a reload, split again, and exported as a cluster list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, openFiles, marks, mark, readDownload, selectText } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

const ARTICLE = 'Field Marshal Khalifa Haftar ordered an advance on Tripoli. Haftar said the offensive would go on. '
  + 'Speaking in Benghazi, Hafter told reporters the city would fall, and aides said Hifter would not negotiate.';
const at = (word) => { const start = ARTICLE.indexOf(word); return [start, start + word.length]; };
const HAFTAR = ARTICLE.indexOf('Haftar said'); // the second Haftar: the first is inside "Khalifa Haftar"
const VARIANTS = [[HAFTAR, HAFTAR + 'Haftar'.length], at('Hafter'), at('Hifter')];
// The one full name that ends in the surname: proposed with its spellings.
const FULL_NAME = at('Khalifa Haftar');

/** Makes [start, end) a PERSON span, whatever the extractor did there (PERSON's key is 1). */
async function ensurePerson(page, start, end) {
  const overlapping = (await marks(page)).filter((m) => m.start < end && start < m.end);
  if (overlapping.length === 1 && overlapping[0].start === start && overlapping[0].end === end) {
    if (overlapping[0].label === 'PERSON') return;
    await mark(page, start, end).click();
    await page.keyboard.press('1');
  } else {
    for (const m of overlapping) {
      await mark(page, m.start, m.end).click();
      await page.keyboard.press('Delete');
      await mark(page, m.start, m.end).waitFor({ state: 'detached' });
    }
    await selectText(page, start, end);
    await page.keyboard.press('Shift+1');
  }
  await page.locator(`article.doc mark[data-start="${start}"][data-end="${end}"][data-label="PERSON"]`).waitFor();
}

async function exportJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  return JSON.parse(await readDownload(download));
}

const kbIds = (doc) => Object.fromEntries(doc.spans.map((s) => [`${s.start}-${s.end}`, s.kb_id]));
const dialog = (page) => page.getByRole('dialog', { name: 'Aliases' });

test('spelling variants are proposed, confirmed into one kb_id, kept across a reload, split, and exported', async () => {
  const { page, context, errors } = await openApp(browser, server);
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();

  // Nothing to propose yet: the dialog says what it is for.
  await page.keyboard.press('k');
  await dialog(page).getByText('No spelling variants found yet').waitFor();
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });

  await page.getByLabel('Article text').fill(ARTICLE);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
  for (const [start, end] of [FULL_NAME, ...VARIANTS]) await ensurePerson(page, start, end);

  // The proposal: the three spellings of one PERSON and the full name they can only mean, each with its count.
  await page.getByRole('button', { name: 'Aliases' }).click();
  const proposal = dialog(page).locator('li.cluster.proposal[data-label="PERSON"]');
  await proposal.waitFor();
  const variants = await proposal.locator('li.variant .name').allTextContents();
  assert.deepEqual(variants.sort(), ['Haftar', 'Hafter', 'Hifter', 'Khalifa Haftar']);
  await proposal.getByRole('button', { name: 'Confirm' }).click();
  const confirmed = dialog(page).locator('li.cluster.confirmed[data-kb-id="PERSON:Haftar"]');
  await confirmed.waitFor();
  await dialog(page).locator('li.cluster.proposal').waitFor({ state: 'detached' });
  await dialog(page).getByRole('button', { name: 'Done' }).click();

  // Every variant's span exports the same kb_id; other spans have none.
  let exported = await exportJson(page);
  let ids = kbIds(exported);
  for (const [start, end] of [FULL_NAME, ...VARIANTS]) assert.equal(ids[`${start}-${end}`], 'PERSON:Haftar', `${start}-${end}`);
  assert.equal(exported.spans.filter((s) => 'kb_id' in s).length, 4, JSON.stringify(exported.spans));

  // The JSONL export read into a fresh browser brings the cluster back with its kb_id.
  await page.getByLabel('Export format').selectOption('jsonl');
  const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all' }).click()]);
  const jsonl = await readDownload(all);
  const fresh = await openApp(browser, server);
  await openFiles(fresh.page, [{ name: 'annotations.jsonl', text: jsonl }]);
  await fresh.page.locator('article.doc mark').first().waitFor();
  await fresh.page.keyboard.press('k');
  const restored = dialog(fresh.page).locator('li.cluster.confirmed[data-kb-id="PERSON:Haftar"]');
  await restored.waitFor();
  assert.deepEqual((await restored.locator('li.variant .name').allTextContents()).sort(), ['Haftar', 'Hafter', 'Hifter', 'Khalifa Haftar']);
  await fresh.context.close();

  // A reload keeps the cluster.
  await page.reload();
  await page.locator('article.doc mark').first().waitFor();
  await page.keyboard.press('k');
  await confirmed.waitFor();
  assert.equal(await dialog(page).locator('li.cluster.proposal').count(), 0, 'a confirmed cluster is not proposed again');

  // Split: Hifter is taken out; its span loses the kb_id, the others keep it.
  await confirmed.getByRole('button', { name: 'Take “Hifter” out' }).click();
  await confirmed.locator('li.variant .name', { hasText: 'Hifter' }).waitFor({ state: 'detached' });
  assert.equal(await dialog(page).locator('li.cluster.proposal').count(), 0, 'what was split is not proposed again');

  // The cluster list as JSON.
  const [download] = await Promise.all([page.waitForEvent('download'), dialog(page).getByRole('button', { name: 'Export clusters' }).click()]);
  assert.equal(download.suggestedFilename(), 'nomen-clusters.json');
  const clusterList = await readDownload(download);
  assert.deepEqual(JSON.parse(clusterList), [{ kb_id: 'PERSON:Haftar', label: 'PERSON', names: ['Haftar', 'Hafter', 'Khalifa Haftar'], mentions: 3 }]);
  // The list opens in another browser: its clusters are confirmed there too.
  const other = await openApp(browser, server);
  await openFiles(other.page, [{ name: 'nomen-clusters.json', text: clusterList }]);
  await other.page.locator('p.message', { hasText: 'Read alias clusters from nomen-clusters.json: 3 names joined a cluster' }).waitFor();
  await other.page.keyboard.press('k');
  await dialog(other.page).locator('li.cluster.confirmed[data-kb-id="PERSON:Haftar"]').waitFor();
  await other.context.close();
  await page.keyboard.press('Escape');

  exported = await exportJson(page);
  ids = kbIds(exported);
  const [hifter, haftar] = [VARIANTS[2], VARIANTS[0]];
  assert.equal(ids[`${hifter[0]}-${hifter[1]}`], undefined);
  assert.equal(ids[`${haftar[0]}-${haftar[1]}`], 'PERSON:Haftar');

  // Removing the cluster removes every kb_id, and the button to export clusters goes quiet.
  await page.keyboard.press('k');
  await confirmed.getByRole('button', { name: 'Remove' }).click();
  await confirmed.waitFor({ state: 'detached' });
  assert.equal(await dialog(page).getByRole('button', { name: 'Export clusters' }).isDisabled(), true);
  await page.keyboard.press('Escape');
  exported = await exportJson(page);
  assert.equal(exported.spans.filter((s) => 'kb_id' in s).length, 0);
  assert.deepEqual(errors, []);
  await context.close();
});
