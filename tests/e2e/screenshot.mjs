// Takes the README's screenshot: seed 000 extracted, a span selected.
// Usage: node screenshot.mjs OUT.png   (NOMEN_DIST as for the tests)
import { serve, launch, openApp, seeds } from './lib/harness.mjs';

const out = process.argv[2] ?? 'screenshot.png';
const server = await serve();
const browser = await launch();
const { page } = await openApp(browser, server);
await page.setViewportSize({ width: 1280, height: 860 });
await page.locator('header .engine', { hasText: 'extractor:' }).waitFor();
for (const seed of seeds().slice(1)) {
  await page.getByLabel('Article text').fill(seed.text);
  await page.getByRole('button', { name: 'Extract entities' }).click();
  await page.locator('article.doc mark').first().waitFor();
}
await page.keyboard.press('d');
await page.getByLabel('Article text').fill(seeds()[0].text);
await page.getByRole('button', { name: 'Extract entities' }).click();
await page.locator('article.doc mark').nth(5).waitFor();
await page.locator('article.doc mark').nth(6).click();
await page.screenshot({ path: out, fullPage: false });
await browser.close();
server.close();
console.log(`wrote ${out}`);
