// Least certain first (issue 14, item 4): spans the extractor was unsure of are
// tinted (`mark.uncertain[data-uncertain]` = its margin), `u` / Shift+U select
// the next / previous of them, wrapping, an edit makes a span certain, the
// margins survive a reload, and the document list can be ordered least certain
// first (n follows it; the choice is kept). axe-core checks the tinted page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serve, launch, openApp, appUrl, recordTraffic, openFiles, jsonlDoc, seeds, message, savedWorkspace, axeViolations,
} from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

/** The tinted marks of the article in text order: {start, end, margin, title}. */
async function tinted(page) {
  return page.$$eval('article.doc mark.uncertain', (ms) => ms.map((m) => ({
    start: Number(m.dataset.start), end: Number(m.dataset.end), margin: Number(m.dataset.uncertain), title: m.title,
  })));
}

/** The selected mark's bounds, or null. */
async function selected(page) {
  return page.$$eval('article.doc mark[aria-current="true"]', (ms) => (ms.length ? [Number(ms[0].dataset.start), Number(ms[0].dataset.end)] : null));
}

/** The saved workspace once `ready(workspace)` holds (saves are throttled); fails after about 30 s. */
async function savedWhen(page, ready) {
  for (let tries = 0; tries < 300; tries++) {
    const saved = await savedWorkspace(page);
    if (saved && ready(saved)) return saved;
    await page.waitForTimeout(100);
  }
  assert.fail('the change was never saved');
}

/** Presses a key with the focus on the page itself (not in a field) and waits for the selection to change. */
async function press(page, key, from) {
  await page.keyboard.press(key);
  await page.waitForFunction((from) => {
    const m = document.querySelector('article.doc mark[aria-current="true"]');
    return m && `${m.dataset.start}-${m.dataset.end}` !== from;
  }, from ? from.join('-') : '');
  return selected(page);
}

test('u and Shift+U go through the uncertain spans, an edit makes one certain, and the tint survives a reload', async () => {
  // axe-core is injected as a script, which the page's CSP would refuse.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const { errors } = recordTraffic(page);
  await page.goto(appUrl(server));
  await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
  const text = seeds()[0].text;
  await page.getByLabel('Article text').fill(text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
  const unsure = await tinted(page);
  const all = await page.locator('article.doc mark').count();
  assert.ok(unsure.length > 0 && unsure.length < all, `some marks are tinted, not all (${unsure.length} of ${all})`);
  for (const m of unsure) {
    assert.ok(Number.isFinite(m.margin), `data-uncertain is the margin: ${JSON.stringify(m)}`);
    assert.match(m.title, /uncertain: the extractor hesitated/, 'the hint is in the accessible description');
  }
  const sure = await page.$$eval('article.doc mark:not(.uncertain)', (ms) => ms.map((m) => m.dataset.uncertain ?? null));
  assert.ok(sure.every((m) => m === null), 'only tinted marks carry data-uncertain');
  assert.match(await message(page), new RegExp(`${unsure.length} uncertain \\(tinted; u goes to them\\)`));

  // u from nothing selected: the first uncertain span; then each in text order, wrapping around.
  await page.locator('header h1').click();
  let at = await press(page, 'u', null);
  assert.deepEqual(at, [unsure[0].start, unsure[0].end]);
  assert.match(await message(page), /^Uncertain /);
  for (let i = 1; i < unsure.length; i++) {
    at = await press(page, 'u', at);
    assert.deepEqual(at, [unsure[i].start, unsure[i].end], `u number ${i + 1}`);
  }
  if (unsure.length > 1) {
    at = await press(page, 'u', at);
    assert.deepEqual(at, [unsure[0].start, unsure[0].end], 'u wraps to the first');
    // Shift+U goes back, wrapping to the last, and scrolls it into view.
    at = await press(page, 'Shift+U', at);
    const last = unsure[unsure.length - 1];
    assert.deepEqual(at, [last.start, last.end], 'Shift+U wraps to the last');
    const inView = await page.locator('article.doc mark[aria-current="true"]').evaluate((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= -1 && r.bottom <= window.innerHeight + 1; // scrolled to the nearest edge, give or take rounding
    });
    assert.ok(inView, 'the selected uncertain span is scrolled into view');
  }

  // Relabelling the selected uncertain span makes it certain: no tint, and u skips it.
  const current = await page.locator('article.doc mark[aria-current="true"]');
  const label = await current.getAttribute('data-label');
  const relabel = label === 'ORG' ? 'TITLE' : 'ORG';
  await page.keyboard.press(relabel === 'ORG' ? '3' : '2');
  await page.locator(`article.doc mark[data-start="${at[0]}"][data-end="${at[1]}"]:not(.uncertain)`).waitFor();
  const left = await tinted(page);
  assert.equal(left.length, unsure.length - 1);
  assert.ok(!left.some((m) => m.start === at[0]), 'the edited span is certain');

  // The axe-core WCAG 2.1 A/AA rules pass on the tinted article, with a span selected.
  assert.deepEqual(await axeViolations(page), []);

  // The margins are saved with the work: after a reload the same spans are tinted.
  // (Saves are throttled: wait until the relabelling is saved.)
  const saved = await savedWhen(page, (w) => w.docs[0]?.doc.spans.some((s) => s.start === at[0] && s.label === relabel));
  assert.equal(saved.version >= 3, true);
  assert.equal(saved.docs[0].confidence.spans.length > 0, true, 'saved with the document');
  await page.reload();
  await page.locator('article.doc mark.uncertain').first().waitFor();
  assert.deepEqual(await tinted(page), left);

  // Marking the document done confirms every span: nothing is tinted, and u says so.
  await page.locator('header h1').click();
  await page.keyboard.press('d');
  await page.locator('article.doc mark.uncertain').first().waitFor({ state: 'detached' });
  // Done also teaches the worker the document's names; its answer replaces the message line,
  // so wait for it before asking u.
  await page.locator('p.message', { hasText: /^Learned / }).waitFor();
  await page.keyboard.press('u');
  assert.match(await message(page), /^No uncertain span left in this document/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the document list orders least certain first, n follows it, and the order is kept', async () => {
  const { page, context, errors } = await openApp(browser, server);
  // Opened with the calm one first: whatever the margins, least certain first is another order.
  const docs = [
    { id: 'calm', text: 'Nothing much happened here on a quiet day.' },
    ...seeds().map((s, i) => ({ id: `seed-${i}`, text: s.text })).reverse(),
  ];
  await openFiles(page, [{ name: 'corpus.jsonl', text: docs.map(jsonlDoc).join('\n') + '\n' }]);
  // Wait until the extractor has pre-annotated every document.
  await page.waitForFunction((n) => document.querySelectorAll('.doc-list [data-status="pre_annotated"]').length === n, docs.length);
  const listed = () => page.$$eval('.doc-list [data-doc-id]', (bs) => bs.map((b) => b.dataset.docId));
  assert.deepEqual(await listed(), docs.map((d) => d.id), 'as opened at first');

  // Each document's uncertain spans, read off its article.
  const uncertainty = {};
  for (const doc of docs) {
    await page.locator(`.doc-list [data-doc-id="${doc.id}"]`).click();
    await page.locator(`.doc-list [aria-current="true"][data-doc-id="${doc.id}"]`).waitFor();
    await page.waitForFunction((text) => document.getElementById('doc-view')?.textContent === text, doc.text);
    const marks = await tinted(page);
    uncertainty[doc.id] = { count: marks.length, least: Math.min(...marks.map((m) => m.margin)) };
    const badge = await page.locator(`.doc-list [data-doc-id="${doc.id}"] [data-uncertain-spans]`).count();
    if (marks.length > 0) {
      assert.equal(await page.locator(`.doc-list [data-doc-id="${doc.id}"] [data-uncertain-spans]`).getAttribute('data-uncertain-spans'), String(marks.length));
    } else {
      assert.equal(badge, 0, 'no count where nothing is uncertain');
    }
  }
  assert.ok(Object.values(uncertainty).some((u) => u.count > 0), JSON.stringify(uncertainty));
  assert.equal(uncertainty.calm.count, 0);

  // Least certain first: more uncertain spans first, then the smaller least margin (margins are shown to two decimals), ties as opened.
  await page.getByLabel('Order', { exact: true }).selectOption('least-certain-first');
  const expected = [...docs].map((d, i) => ({ ...uncertainty[d.id], id: d.id, i }))
    .sort((a, b) => b.count - a.count || a.least - b.least || a.i - b.i).map((d) => d.id);
  await page.waitForFunction((ids) => [...document.querySelectorAll('.doc-list [data-doc-id]')].map((b) => b.dataset.docId).join() === ids.join(), expected);
  assert.deepEqual(await listed(), expected);
  assert.equal(expected.at(-1), 'calm');
  assert.notDeepEqual(expected, docs.map((d) => d.id), 'the order changed');

  // n goes through the documents in that order.
  await page.locator(`.doc-list [data-doc-id="${expected[0]}"]`).click();
  await page.locator('header h1').click();
  await page.keyboard.press('n');
  await page.locator(`.doc-list [aria-current="true"][data-doc-id="${expected[1]}"]`).waitFor();

  // The choice is kept across a reload (once the work, margins included, is saved: n made it current).
  await savedWhen(page, (w) => w.current === expected[1]);
  await page.reload();
  await page.locator('.doc-list [data-doc-id]').first().waitFor();
  assert.equal(await page.getByLabel('Order', { exact: true }).inputValue(), 'least-certain-first');
  assert.deepEqual(await listed(), expected);
  assert.deepEqual(errors, []);
  await context.close();
});
