// Regenerates docs/screenshot.png (the README's picture) from a built site/.
// Usage: node scripts/screenshot.mjs
import { launch, serveDir, ROOT } from '../tests/e2e/harness.mjs';
import { join } from 'node:path';

const browser = await launch();
const site = await serveDir('site');
const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
await page.goto(`${site.url}/`);
await page.waitForSelector('#findings .finding');
await page.click('#findings .finding .finding-main');
await page.screenshot({ path: join(ROOT, 'docs/screenshot.png') });
await browser.close();
await site.close();
