// A very long document still opens: extraction runs in the worker and the
// article renders block by block. (How fast is measured by bench-ui.mjs, not here.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, cpSlice, marks, longArticle } from './lib/harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

test('a 100,000-word document opens completely, and stays editable', async () => {
  const { page, context, errors } = await openApp(browser, server);
  const text = longArticle(100_000);
  // As a paste does: one input event with the whole text (Playwright's fill is slow on 600 KB).
  await page.evaluate((text) => {
    const area = document.getElementById('article-text');
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor({ timeout: 120_000 });
  await page.locator('p.rendering').waitFor({ state: 'detached', timeout: 120_000 });
  assert.equal(await page.locator('article.doc').textContent(), text);
  const found = await marks(page);
  assert.ok(found.length > 5000, `${found.length} marks`);
  const last = found[found.length - 1];
  assert.equal(last.text, cpSlice(text, last.start, last.end));
  // An edit at the very end works and repaints.
  await page.locator(`article.doc mark[data-start="${last.start}"]`).click();
  await page.keyboard.press('Delete');
  await page.locator(`article.doc mark[data-start="${last.start}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});
