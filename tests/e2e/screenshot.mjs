// Takes the README's screenshot: seed 000 pasted and extracted.
// Usage: node screenshot.mjs OUT.png   (NOMEN_DIST as for the tests)
import { serve, launch, openApp, seeds } from './lib/harness.mjs';

const out = process.argv[2] ?? 'screenshot.png';
const server = await serve();
const browser = await launch();
const { page } = await openApp(browser, server);
await page.setViewportSize({ width: 1200, height: 900 });
await page.getByLabel('Article text').fill(seeds()[0].text);
await page.getByRole('button', { name: 'Extract entities' }).click();
await page.locator('article.doc mark').first().waitFor();
await page.screenshot({ path: out, fullPage: false });
await browser.close();
server.close();
console.log(`wrote ${out}`);
