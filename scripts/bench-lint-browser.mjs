// Lint throughput of the page's wasm in headless Chromium: loads the built site/, then lints
// the 300 real Dockerfiles of ../shared/corpus/real through the page's own `lint` (the same
// call the editor makes, JS object conversion included) in a loop, and prints files/s and MB/s.
// Needs a built site (scripts/build.sh) and the npm dev dependencies (scripts/setup.sh test).
// Usage: node scripts/bench-lint-browser.mjs [seconds per round, default 3]
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDir, openPage, ROOT } from '../tests/e2e/harness.mjs';

const shared = process.env.LAYERLINT_SHARED ?? join(ROOT, '..', 'shared');
const dir = join(shared, 'corpus', 'real');
if (!existsSync(dir)) {
  console.error(`skipping: no corpus at ${dir} (set LAYERLINT_SHARED)`);
  process.exit(0);
}
if (!existsSync(join(ROOT, 'site', 'index.html'))) {
  console.error('no site/: run scripts/build.sh first');
  process.exit(2);
}
const files = readdirSync(dir)
  .filter((name) => name !== 'SOURCES.tsv')
  .sort()
  .map((name) => readFileSync(join(dir, name), 'utf8'));
const bytes = files.reduce((n, text) => n + Buffer.byteLength(text), 0);
const seconds = Number(process.argv[2] ?? 3);
const ROUNDS = 5;

const browser = await launch();
const site = await serveDir('site');
try {
  const { page, errors, close } = await openPage(browser, `${site.url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  const rounds = await page.evaluate(async ({ files, seconds, rounds }) => {
    // The module the page already loaded (same URL, so the same instance).
    const { load } = await import('./js/wasm.js');
    const { api } = await load();
    let findings = 0;
    for (const text of files) findings += api.lint(text, null, 'Dockerfile').files[0].findings.length;
    const out = [];
    for (let r = 0; r < rounds; r++) {
      let linted = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < seconds * 1000) {
        for (const text of files) api.lint(text, null, 'Dockerfile');
        linted += files.length;
        elapsed = performance.now() - start;
      }
      out.push({ linted, ms: elapsed, findings });
    }
    return out;
  }, { files, seconds, rounds: ROUNDS });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  const rates = rounds.map((r) => r.linted / (r.ms / 1000)).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  const mbPerFile = bytes / files.length / 1e6;
  console.log(`Chromium wasm lint: ${files.length} files (${(bytes / 1e6).toFixed(2)} MB, ` +
    `${rounds[0].findings} findings per pass), ${ROUNDS} rounds of ${seconds} s`);
  console.log(`  files/s: median ${median.toFixed(0)} (min ${rates[0].toFixed(0)}, ` +
    `max ${rates[rates.length - 1].toFixed(0)})`);
  console.log(`  MB/s:    median ${(median * mbPerFile).toFixed(1)}`);
  console.log(`  vs hadolint's ~12 files/s: ${(median / 12).toFixed(0)}x`);
  await close();
} finally {
  await browser.close();
  await site.close();
}
