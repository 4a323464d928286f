// What a first visit costs, in headless Chromium against the built site/ served from 127.0.0.1:
// the page's first findings (`data-first-lint-ms`, from navigation start) over N fresh loads
// (new context each: empty HTTP cache, no service worker), and the bytes transferred before the
// first finding, each file gzipped as Netlify serves it (gzip -6 of the file in site/).
// With a second built site (e.g. the previous release's), the loads alternate between the two
// and both medians are printed: on a shared machine only such interleaved figures compare.
// Needs a built site (scripts/build.sh). Usage: node scripts/bench-load-browser.mjs [loads=15] [BASELINE_SITE_DIR]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, serveDir, ROOT } from '../tests/e2e/harness.mjs';

const SITE = join(ROOT, 'site');
if (!existsSync(join(SITE, 'index.html'))) {
  console.error('no site/: run scripts/build.sh first');
  process.exit(2);
}
const loads = Number(process.argv[2] ?? 15);
const baselineDir = process.argv[3] && resolve(process.argv[3]);

/** One fresh load: the first findings' time and the paths fetched before them. */
async function load(url) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  const result = await page.evaluate(() => {
    const first = Number(document.body.dataset.firstLintMs);
    const fetched = performance.getEntriesByType('resource')
      .filter((e) => e.responseEnd <= first).map((e) => new URL(e.name).pathname);
    return { first, fetched: ['/', ...new Set(fetched)] };
  });
  await context.close();
  return result;
}

const medianOf = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const browser = await launch();
const site = await serveDir('site');
const baseline = baselineDir && await serveDir(baselineDir);
try {
  const firsts = [];
  const baselineFirsts = [];
  let before = null;
  for (let i = 0; i < loads; i++) {
    const { first, fetched } = await load(site.url);
    firsts.push(first);
    before ??= fetched;
    if (baseline) baselineFirsts.push((await load(baseline.url)).first);
  }
  const files = before.map((path) => {
    const bytes = readFileSync(join(SITE, path.endsWith('/') ? `${path}index.html` : path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
  });
  const sum = (key, list = files) => list.reduce((n, f) => n + f[key], 0);
  const wasm = files.filter((f) => f.path.endsWith('.wasm'));
  const sorted = [...firsts].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const imageWasm = statSync(join(ROOT, 'pkg', 'layerlint_image_bg.wasm')).size;
  console.log(`first findings over ${loads} fresh loads: median ${median} ms (min ${sorted[0]}, max ${sorted.at(-1)})`);
  if (baseline) console.log(`  baseline ${baselineDir}, interleaved: median ${medianOf(baselineFirsts)} ms (min ${Math.min(...baselineFirsts)}, max ${Math.max(...baselineFirsts)})`);
  console.log(`before the first finding: ${files.length} files, ${sum('raw')} bytes, ${sum('gzip')} gzip; `
    + `of which wasm ${sum('raw', wasm)} bytes, ${sum('gzip', wasm)} gzip`);
  for (const f of files.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${String(f.gzip).padStart(7)} gzip  ${String(f.raw).padStart(8)} raw  ${f.path}`);
  console.log(`image module (on the first drop only): ${imageWasm} bytes, ${gzipSync(readFileSync(join(ROOT, 'pkg', 'layerlint_image_bg.wasm')), { level: 6 }).length} gzip`);
} finally {
  await browser.close();
  await site.close();
  await baseline?.close();
}
