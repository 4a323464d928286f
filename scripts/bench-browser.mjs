#!/usr/bin/env node
// The browser benchmark of image inspection (not a test: it reports, it asserts nothing).
//
//   node scripts/bench-browser.mjs [--workers 2,1] [--runs 3]
//
// Needs a built site/ (scripts/build.sh) and the full fixtures (../shared/fixtures/make-images.sh
// into target/fixtures-full: made here when missing, 2–3 minutes and 1.6 GB). In headless
// Chromium (Debian's, through playwright-core) it drops onto the page, with each worker count:
// the 380 MB docker-archive (inspect throughput, per-layer gzip-6/zstd-3 decode speeds, peak
// memory of all Chromium processes), the base layer as .tar.gz and as .tar.zst (decoding the
// stored stream). In the same run it times the native `gzip -d` and `zstd -d` on the same
// files, and the page's first findings. Results: printed, and target/bench-browser.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serveDir, ROOT } from '../tests/e2e/harness.mjs';
import { imageFixtures } from '../tests/e2e/fixtures.mjs';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
const WORKERS = (args.workers?.[0] ?? '2,1').split(',').map(Number);
const RUNS = Number(args.runs?.[0] ?? 3);
const OUT = join(ROOT, 'target', 'bench-browser');
const log = (...m) => console.error('[bench]', ...m);

if (!existsSync(join(ROOT, 'site', 'index.html'))) {
  console.error('site/ is not built: run scripts/build.sh first');
  process.exit(2);
}
log('full fixtures (made once into target/fixtures-full; 2–3 minutes the first time)');
const fixtures = imageFixtures('full');
if (fixtures.skip) {
  console.error(fixtures.skip);
  process.exit(2);
}
const FIX = fixtures.dir;
const file = (name) => join(FIX, name);
const ARCHIVE = file('bookworm-python.docker-archive.tar');
const GZ = file('bookworm-python.layer1.tar.gz');
const ZST = file('bookworm-python.layer1.tar.zst');
const L1_TAR_BYTES = statSync(file('bookworm-python.layer1.tar')).size;
const L2 = file('bookworm-python.layer2-biggest.tar');
const L2_BYTES = statSync(L2).size;

// ---- native CLIs, same machine, same run ------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const sh = (cmd) => execFileSync('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
const L2_GZ = join(OUT, 'layer2.tar.gz');
const L2_ZST = join(OUT, 'layer2.tar.zst');
if (!existsSync(L2_GZ)) { log('gzip -6 of the 250 MB layer (once)'); sh(`gzip -6 -c '${L2}' > '${L2_GZ}'`); }
if (!existsSync(L2_ZST)) { log('zstd -3 of the 250 MB layer (once)'); sh(`zstd -q -3 -c '${L2}' > '${L2_ZST}'`); }

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time in seconds of `cmd` over RUNS runs (after one warm-up for the page cache). */
function timeCmd(cmd) {
  sh(cmd);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    sh(cmd);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(times);
}

const mbs = (bytes, s) => bytes / 1e6 / s;
log('native decode: gzip -d, zstd -d');
const native = {
  gzip_version: execFileSync('gzip', ['--version']).toString().split('\n')[0],
  zstd_version: execFileSync('zstd', ['--version']).toString().trim(),
  layer1_gzip_d_mb_s: mbs(L1_TAR_BYTES, timeCmd(`gzip -d -c '${GZ}' > /dev/null`)),
  layer1_zstd_d_mb_s: mbs(L1_TAR_BYTES, timeCmd(`zstd -q -d -c '${ZST}' > /dev/null`)),
  layer2_gzip_d_mb_s: mbs(L2_BYTES, timeCmd(`gzip -d -c '${L2_GZ}' > /dev/null`)),
  layer2_zstd_d_mb_s: mbs(L2_BYTES, timeCmd(`zstd -q -d -c '${L2_ZST}' > /dev/null`)),
};
log(native);

// ---- memory of every Chromium process (descendants of this process) ---------------------------
function descendants() {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = (p) => { for (const [c, pp] of parent) if (pp === p) { out.push(c); walk(c); } };
  walk(process.pid);
  return out;
}

/** PSS (shared pages divided among their users, so the sum over processes is fair) and RSS, KiB. */
function memoryKiB(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
    return { pss: field('Pss'), rss: field('Rss') };
  } catch {
    return { pss: 0, rss: 0 };
  }
}

/** CPU seconds (user + system) of each Chromium process, by its `--type` (browser, renderer, …). */
function cpuByType() {
  const out = {};
  for (const pid of descendants()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').slice(0).split(') ')[1].split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chrom') ? 'browser' : 'other');
      out[type] = (out[type] ?? 0) + (Number(stat[11]) + Number(stat[12])) / 100;
    } catch { /* gone */ }
  }
  return out;
}

/**
 * Samples every 100 ms until stopped: the peak of all Chromium processes' PSS, and the peak PSS
 * and RSS of the largest process (the renderer, where the page and its workers run).
 */
function sampleMemory() {
  let peakTotal = 0, peakOne = 0, peakOneRss = 0;
  const tick = () => {
    const m = descendants().map(memoryKiB);
    peakTotal = Math.max(peakTotal, m.reduce((a, b) => a + b.pss, 0));
    peakOne = Math.max(peakOne, ...m.map((x) => x.pss));
    peakOneRss = Math.max(peakOneRss, ...m.map((x) => x.rss));
  };
  tick();
  const timer = setInterval(tick, 100);
  return () => {
    clearInterval(timer);
    tick();
    return { peak_total_pss_mib: peakTotal / 1024, peak_renderer_pss_mib: peakOne / 1024, peak_renderer_rss_mib: peakOneRss / 1024 };
  };
}

// ---- the page ----------------------------------------------------------------------------------
const browser = await launch();
const site = await serveDir('site');

async function openPage(workers) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${site.url}/?workers=${workers}#image`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  return page;
}

/** Inspect one file; resolves to `{ms, images}` of the page's report. */
async function inspect(page, path) {
  const before = await page.evaluate(() => (window.layerlintImageReports ?? []).length);
  await page.setInputFiles('#image-file', path);
  await page.waitForFunction((n) => (window.layerlintImageReports ?? []).length > n && document.body.dataset.inspectState !== 'running', before, { timeout: 15 * 60_000, polling: 500 });
  return (await page.evaluate(() => window.layerlintImageReports)).at(-1);
}

const results = { machine: { cores: (await import('node:os')).cpus().length }, native, browser: {} };
for (const workers of WORKERS) {
  log(`page with ${workers} worker(s): the docker-archive (${(statSync(ARCHIVE).size / 1e6).toFixed(0)} MB)`);
  const page = await openPage(workers);
  const idle = sampleMemory()();
  const stop = sampleMemory();
  const cpu0 = cpuByType();
  const dropAt = await page.evaluate(() => performance.now());
  const archive = await inspect(page, ARCHIVE);
  const longTasks = await page.evaluate((t0) => window.__longTasks.filter((t) => t.start >= t0).map((t) => Math.round(t.duration)), dropAt);
  const cpu1 = cpuByType();
  const memory = stop();
  const cpu = Object.fromEntries(Object.keys(cpu1).map((k) => [k, +(cpu1[k] - (cpu0[k] ?? 0)).toFixed(1)]));
  const image = archive.images[0];
  const layers = image.layers.map((l) => ({
    index: l.index,
    tar_mb: l.uncompressed_size / 1e6,
    gzip6_decode_mb_s: l.gzip?.decode_mb_s,
    zstd3_decode_mb_s: l.zstd?.decode_mb_s,
    gzip6_encode_mb_s: l.gzip?.encode_mb_s,
    zstd3_encode_mb_s: l.zstd?.encode_mb_s,
  }));
  log(`  ${archive.ms.toFixed(0)} ms`);
  log('  the base layer as .tar.gz and .tar.zst (decoding the stored stream)');
  const gzRun = await inspect(page, GZ);
  const zstRun = await inspect(page, ZST);
  const [gz, zst] = [gzRun.images[0], zstRun.images[0]];
  results.browser[`workers_${workers}`] = {
    docker_archive: {
      bytes: statSync(ARCHIVE).size,
      ms: archive.ms,
      mb_s: statSync(ARCHIVE).size / 1e3 / archive.ms,
      errors: image.errors,
      memory_idle: idle,
      memory,
      cpu_seconds_by_process: cpu,
      main_thread_long_tasks_ms: longTasks,
      layers,
    },
    layer1_gz: { ms: gzRun.ms, original_decode_mb_s: gz.layers[0].original.decode_mb_s, errors: gz.errors },
    layer1_zst: { ms: zstRun.ms, original_decode_mb_s: zst.layers[0].original.decode_mb_s, errors: zst.errors },
  };
  await page.close();
}

log('first findings (9 loads)');
const firsts = [];
for (let i = 0; i < 9; i++) {
  const page = await browser.newPage();
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  firsts.push(Number(await page.evaluate(() => document.body.dataset.firstLintMs)));
  await page.close();
}
results.first_findings_ms_median = median(firsts);
results.lint_wasm_bytes = statSync(join(ROOT, 'pkg', 'layerlint_bg.wasm')).size;
results.image_wasm_bytes = statSync(join(ROOT, 'pkg', 'layerlint_image_bg.wasm')).size;
await site.close();
await browser.close();

writeFileSync(join(ROOT, 'target', 'bench-browser.json'), JSON.stringify(results, null, 2));
const pct = (a, b) => `${((a / b) * 100).toFixed(0)}%`;
const lines = [];
for (const [name, r] of Object.entries(results.browser)) {
  const l2 = r.docker_archive.layers.find((l) => l.index === 2);
  lines.push(`${name}: docker-archive ${(r.docker_archive.bytes / 1e6).toFixed(0)} MB in ${(r.docker_archive.ms / 1e3).toFixed(1)} s = ${r.docker_archive.mb_s.toFixed(1)} MB/s; `
    + `peak PSS of all Chromium processes ${r.docker_archive.memory.peak_total_pss_mib.toFixed(0)} MiB (idle page ${r.docker_archive.memory_idle.peak_total_pss_mib.toFixed(0)}); `
    + `renderer (page + workers) peak PSS ${r.docker_archive.memory.peak_renderer_pss_mib.toFixed(0)} MiB, RSS ${r.docker_archive.memory.peak_renderer_rss_mib.toFixed(0)} MiB (idle ${r.docker_archive.memory_idle.peak_renderer_pss_mib.toFixed(0)} / ${r.docker_archive.memory_idle.peak_renderer_rss_mib.toFixed(0)}); `
    + `CPU s ${JSON.stringify(r.docker_archive.cpu_seconds_by_process)}; main-thread long tasks ${JSON.stringify(r.docker_archive.main_thread_long_tasks_ms)} ms`);
  lines.push(`  layer 2 (250 MB tar): gzip-6 decode ${l2.gzip6_decode_mb_s.toFixed(0)} MB/s = ${pct(l2.gzip6_decode_mb_s, native.layer2_gzip_d_mb_s)} of gzip -d (${native.layer2_gzip_d_mb_s.toFixed(0)}); `
    + `zstd-3 decode ${l2.zstd3_decode_mb_s.toFixed(0)} MB/s = ${pct(l2.zstd3_decode_mb_s, native.layer2_zstd_d_mb_s)} of zstd -d (${native.layer2_zstd_d_mb_s.toFixed(0)}); `
    + `encode gzip-6 ${l2.gzip6_encode_mb_s.toFixed(0)}, zstd-3 ${l2.zstd3_encode_mb_s.toFixed(0)} MB/s`);
  lines.push(`  base layer as stored: .tar.gz decode ${r.layer1_gz.original_decode_mb_s.toFixed(0)} MB/s = ${pct(r.layer1_gz.original_decode_mb_s, native.layer1_gzip_d_mb_s)} of gzip -d (${native.layer1_gzip_d_mb_s.toFixed(0)}); `
    + `.tar.zst decode ${r.layer1_zst.original_decode_mb_s.toFixed(0)} MB/s = ${pct(r.layer1_zst.original_decode_mb_s, native.layer1_zstd_d_mb_s)} of zstd -d (${native.layer1_zstd_d_mb_s.toFixed(0)}); `
    + `inspect ${(r.layer1_gz.ms / 1e3).toFixed(1)} s / ${(r.layer1_zst.ms / 1e3).toFixed(1)} s`);
}
lines.push(`first findings: median ${results.first_findings_ms_median} ms; wasm: lint ${results.lint_wasm_bytes}, image ${results.image_wasm_bytes} bytes`);
console.log(lines.join('\n'));
