// The Image tab end to end, in Debian's Chromium against the built site/: real image archives
// (../shared/fixtures/make-images.sh --small) dropped onto the page with a Dockerfile, read by
// the workers; the layer table, the advice and the links to the Dockerfile; hostile names;
// cancel; the page at /web/index.html; and, throughout, no request leaving 127.0.0.1. Main-thread
// long tasks during an inspection are printed here and measured by scripts/bench-browser.mjs,
// not asserted: a timing limit fails on a loaded machine without anything being wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serveDir, foreignRequests, tar, editorState } from './harness.mjs';
import { imageFixtures } from './fixtures.mjs';

const fixtures = imageFixtures('small');
const skip = fixtures.skip ?? false;
const FIX = fixtures.dir;
const TMP = mkdtempSync(join(tmpdir(), 'layerlint-e2e-'));

let browser, site, root;
before(async () => {
  browser = await launch();
  site = await serveDir('site');
  root = await serveDir('.');
});
after(async () => {
  await browser?.close();
  await site?.close();
  await root?.close();
});

/** A page that records long tasks (PerformanceObserver 'longtask') from the start. */
async function openImageTab(url, options) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  // The Image tab (and its drop handler) and CodeMirror are both loaded after the first findings.
  await page.waitForSelector('#drop-zone', { state: 'attached' });
  return { page, requests, errors, close: () => context.close() };
}

/**
 * Drop files from disk onto `selector` as a user would (a real DataTransfer of File objects),
 * and note when: long tasks are counted from then on.
 */
async function drop(page, paths, selector = '#editor') {
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: '__drop-source', hidden: true });
    document.body.append(input);
  });
  await page.setInputFiles('#__drop-source', paths);
  await page.evaluate((target) => {
    const input = document.getElementById('__drop-source');
    const data = new DataTransfer();
    for (const file of input.files) data.items.add(file);
    input.remove();
    window.__dropAt = performance.now();
    const el = document.querySelector(target);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
    }
  }, selector);
}

function waitUntilInspected(page, images) {
  return page.waitForFunction((n) => document.body.dataset.inspectState === 'done'
    && (window.layerlintImageReports ?? []).flatMap((r) => r.images).length >= n, images, { timeout: 120_000 });
}

/** Long tasks since the drop: `{count, max}`. */
async function longTasksSinceDrop(page) {
  return page.evaluate(() => {
    const tasks = window.__longTasks.filter((t) => t.start >= window.__dropAt);
    return { count: tasks.length, max: Math.max(0, ...tasks.map((t) => t.duration)) };
  });
}


const HISTORY_DOCKERFILE = [
  'FROM scratch',
  'RUN dpkg-deb -x busybox-static base-files netbase && busybox --list-full | xargs ln bin/busybox',
  'RUN dpkg-deb -x tzdata ca-certificates zlib1g libzstd1 \\',
  '    && update-ca-certificates',
  'RUN rm -rf zoneinfo/right zoneinfo/posix libzstd; rewrite CA bundle, passwd, os-release',
  '',
].join('\n');

test('dropping two image archives and a Dockerfile at once: layers, advice, links, export', { skip }, async () => {
  const { page, requests, errors, close } = await openImageTab(`${site.url}/`);
  const dockerfile = join(TMP, 'Dockerfile');
  writeFileSync(dockerfile, HISTORY_DOCKERFILE);
  await drop(page, [join(FIX, 'tiny-busybox.docker-archive.tar'), dockerfile, join(FIX, 'tiny-busybox.oci-zstd.tar')]);
  await waitUntilInspected(page, 2);
  const longTasks = await longTasksSinceDrop(page);
  console.log(`# long tasks on the main thread during the inspection: ${longTasks.count}, longest ${longTasks.max.toFixed(0)} ms`);

  // The Dockerfile went to the editor, the archives to the Image tab (by content, not name).
  assert.equal((await editorState(page)).text, HISTORY_DOCKERFILE);
  assert.equal(await page.getAttribute('#tab-image', 'aria-selected'), 'true');

  const expected = JSON.parse(readFileSync(join(FIX, 'fixtures-small.json'), 'utf8')).expected_stats;
  const shown = await page.$$eval('.image-report', (reports) => reports.map((r) => ({
    title: r.querySelector('h3').textContent,
    format: r.dataset.format,
    files: [...r.querySelectorAll('.layer-row')].map((row) => row.children[3].textContent),
    stats: Object.fromEntries([...r.querySelectorAll('.stat')].map((s) => [s.children[0].textContent, s.children[1].textContent])),
    advice: [...r.querySelectorAll('.advice li')].map((li) => li.dataset.advice),
    firstAdvice: r.querySelector('.advice li').textContent,
    startup: r.querySelector('.startup thead th').textContent,
  })));
  assert.deepEqual(shown.map((s) => s.format).sort(), ['docker-archive', 'oci-layout']);
  for (const s of shown) {
    assert.deepEqual(s.files, expected.layers.map((l) => l.files.toLocaleString('en-US')), s.format);
    assert.equal(s.stats.layers, '4');
    assert.equal(s.stats.wasted, `${(expected.total.wasted_bytes / 1e6).toFixed(2)} MB`);
    // (`vcpu` and, for gzip layers, `docker-engine-zstd` depend on the speeds measured here)
    for (const id of ['zstd', 'soci', 'ecs-pull-behavior', 'wasted-space']) assert.ok(s.advice.includes(id), `${s.format}: advice ${id}`);
    assert.equal(s.startup, 'at 400 Mbit/s');
  }
  const zstdImage = shown.find((s) => s.format === 'oci-layout');
  assert.match(zstdImage.firstAdvice, /already zstd/);
  assert.ok(zstdImage.advice.includes('docker-engine-zstd'));

  // The report behind the page equals the engine's figures.
  const reports = await page.evaluate(() => window.layerlintImageReports);
  for (const image of reports.flatMap((r) => r.images)) {
    assert.deepEqual(image.errors, []);
    assert.equal(image.total.wasted_bytes, expected.total.wasted_bytes);
    assert.ok(image.layers.every((l) => l.gzip && l.zstd && l.complete), 'every layer measured');
    assert.ok(image.layers.every((l) => l.diff_id_ok === true));
  }

  // A layer's history entry links to the instruction that made it.
  const docker = page.locator('.image-report[data-format="docker-archive"]');

  // The start-up chart: a stacked bar per codec whose steps are the report's and add up to it.
  const startupBars = (report) => report.locator('.startup-chart g[data-codec]').evaluateAll((gs) => gs.map((g) => ({
    codec: g.dataset.codec,
    steps: [...g.querySelectorAll('rect[data-step]')].map((r) => ({ step: r.dataset.step, s: Number(r.dataset.seconds), width: Number(r.getAttribute('width')) })),
    total: g.querySelector('.chart-value').textContent,
  })));
  const byFormat = (format) => reports.flatMap((r) => r.images).find((i) => i.format === format);
  const STEP_KEYS = { setup: 'setup_s', download: 'download_s', verify: 'verify_s', decompress: 'decompress_s', 'write files': 'write_s' };
  for (const [format, codecs] of [['docker-archive', ['gzip-6', 'zstd-3']], ['oci-layout', ['gzip-6', 'zstd-3', 'as stored']]]) {
    const startup = byFormat(format).startup;
    const bars = await startupBars(page.locator(`.image-report[data-format="${format}"]`));
    assert.deepEqual(bars.map((b) => b.codec), codecs, format);
    const widths = [];
    for (const bar of bars) {
      const est = { 'gzip-6': startup.gzip, 'zstd-3': startup.zstd, 'as stored': startup.as_stored }[bar.codec];
      assert.deepEqual(bar.steps.map((x) => x.step), Object.keys(STEP_KEYS));
      for (const x of bar.steps) {
        assert.equal(x.s, est[STEP_KEYS[x.step]], `${format} ${bar.codec} ${x.step}`);
        assert.ok(x.s >= 0 && x.width >= 0);
      }
      const sum = bar.steps.reduce((a, x) => a + x.s, 0);
      assert.ok(Math.abs(sum - est.total_s) < 1e-9, `${format} ${bar.codec}: steps add up to the total`);
      assert.ok(est.setup_s > 0 && est.download_s > 0 && est.verify_s > 0 && est.write_s > 0, `${format} ${bar.codec}: every step costs time`);
      widths.push(bar.steps.reduce((a, x) => a + x.width, 0) / est.total_s);
    }
    // one time scale for all bars
    for (const w of widths) assert.ok(Math.abs(w - widths[0]) < 1e-3 * widths[0], `${format}: bars share a scale`);
  }
  const download400 = (await startupBars(docker))[0].steps.find((x) => x.step === 'download').s;
  assert.deepEqual(await docker.locator('.layer-row .made-by button').allTextContents(), ['line 2', 'line 3', 'line 5']);
  await docker.locator('.layer-row[data-layer="2"] .made-by button').click();
  const { selected } = await editorState(page);
  assert.equal(selected, 'RUN dpkg-deb -x tzdata ca-certificates zlib1g libzstd1 \\\n    && update-ca-certificates');

  // Another bandwidth redoes the estimate.
  await page.fill('#bandwidth', '100');
  await page.dispatchEvent('#bandwidth', 'change');
  assert.equal(await docker.locator('.startup thead th').first().textContent(), 'at 100 Mbit/s');
  const download100 = (await startupBars(docker))[0].steps.find((x) => x.step === 'download').s;
  assert.ok(Math.abs(download100 - 4 * download400) < 1e-9, `download at 100 Mbit/s (${download100}) is 4× the one at 400 (${download400})`);

  // Export JSON: the inspect report of both images.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#inspect-export')]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.images.length, 2);
  assert.equal(exported.images[0].startup.bandwidth_mbit_s, 100);

  assert.deepEqual(foreignRequests(requests, site.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('a file name and paths with HTML stay text', async () => {
  const { page, errors, close } = await openImageTab(`${site.url}/`);
  const name = join(TMP, '<img src=x onerror="window.__pwned=1">.tar');
  writeFileSync(name, tar([['<script>window.__pwned=2</script>/<b>x</b>.txt', Buffer.alloc(3000, 'x')], ['etc/ok', Buffer.from('ok')]]));
  await drop(page, [name]);
  await waitUntilInspected(page, 1);
  assert.equal(await page.textContent('.image-report h3'), '<img src=x onerror="window.__pwned=1">.tar');
  assert.equal(await page.textContent('.layer-details-row .files code'), '<script>window.__pwned=2</script>/<b>x</b>.txt');
  assert.equal(await page.evaluate(() => document.querySelectorAll('#view-image img, #view-image script, #view-image b').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await close();
});

test('cancel stops a running inspection; the next one runs', async () => {
  const { page, requests, errors, close } = await openImageTab(`${site.url}/#image`);
  const big = join(TMP, 'random-layer.tar');
  writeFileSync(big, tar([['random.bin', randomBytes(96 << 20)]])); // gzip-6 of random data is slow
  await page.setInputFiles('#image-file', big);
  await page.waitForFunction(() => document.querySelector('#inspect-progress progress')?.value > 0, null, { timeout: 60_000 });
  assert.equal(await page.isEnabled('#inspect-cancel'), true);
  await page.click('#inspect-cancel');
  await page.waitForFunction(() => document.body.dataset.inspectState === 'cancelled');
  assert.match(await page.textContent('#inspect-status'), /random-layer\.tar: cancelled/);
  assert.equal(await page.locator('.image-report').count(), 0);
  assert.equal(await page.locator('#inspect-progress .progress-item').count(), 0);

  const small = join(TMP, 'small.tar');
  writeFileSync(small, tar([['a.txt', Buffer.alloc(10_000, 'a')]]));
  await page.setInputFiles('#image-file', small);
  await waitUntilInspected(page, 1);
  assert.equal(await page.locator('.image-report').count(), 1);
  assert.deepEqual(foreignRequests(requests, site.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('the page at /web/index.html (repository root served) inspects a zstd layer', { skip }, async () => {
  const { page, requests, errors, close } = await openImageTab(`${root.url}/web/index.html#image`);
  await page.setInputFiles('#image-file', join(FIX, 'tiny-busybox.layer1.tar.zst'));
  await waitUntilInspected(page, 1);
  const image = (await page.evaluate(() => window.layerlintImageReports))[0].images[0];
  assert.equal(image.format, 'layer');
  assert.equal(image.layers[0].compression, 'zstd');
  assert.ok(image.layers[0].original.decode_mb_s > 0);
  assert.deepEqual(foreignRequests(requests, root.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('phone layout: the Image tab fits the screen width', { skip }, async () => {
  const { page, close } = await openImageTab(`${site.url}/#image`, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.setInputFiles('#image-file', join(FIX, 'tiny-busybox.oci.tar'));
  await waitUntilInspected(page, 1);
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await close();
});

/** An OCI image-layout archive with a multi-platform index: one gzip layer per platform. */
function multiPlatformOci(platforms) {
  const blobs = [];
  const add = (bytes) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    blobs.push([`blobs/sha256/${hex}`, bytes]);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const manifests = platforms.map((arch) => {
    const layer = tar([[`opt/only-on-${arch}.bin`, Buffer.alloc(20_000, arch)]]);
    const blob = add(gzipSync(layer));
    const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
    const config = add(Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] }, history: [{ created_by: `COPY only-on-${arch}.bin /opt/ # buildkit` }] })));
    const manifest = add(Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...blob }],
    })));
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform: { os: 'linux', architecture: arch } };
  });
  // as buildx writes it: index.json → the image index → one manifest per platform
  const INDEX = 'application/vnd.oci.image.index.v1+json';
  const nested = add(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests })));
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [{ mediaType: INDEX, ...nested, annotations: { 'org.opencontainers.image.ref.name': 'multi:1' } }] }));
  return tar([['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')], ['index.json', index], ...blobs]);
}

test('a multi-platform index: linux/amd64 first, the platform picker inspects another', async () => {
  const { page, errors, close } = await openImageTab(`${site.url}/#image`);
  const path = join(TMP, 'multi.oci.tar');
  writeFileSync(path, multiPlatformOci(['arm64', 'amd64']));
  await page.setInputFiles('#image-file', path);
  await waitUntilInspected(page, 1);
  const largest = () => page.textContent('.image-report .layer-details-row .files code');
  assert.equal(await largest(), 'opt/only-on-amd64.bin');
  assert.deepEqual(await page.$$eval('.image-report select.platform option', (o) => o.map((x) => x.value)), ['linux/arm64', 'linux/amd64']);
  assert.equal(await page.inputValue('.image-report select.platform'), 'linux/amd64');
  await page.selectOption('.image-report select.platform', 'linux/arm64');
  await page.waitForFunction(() => document.querySelector('.image-report .layer-details-row .files code')?.textContent === 'opt/only-on-arm64.bin');
  assert.equal(await page.locator('.image-report').count(), 1, 'the result is replaced, not added');
  assert.equal(await page.inputValue('.image-report select.platform'), 'linux/arm64');
  assert.deepEqual(errors, []);
  await close();
});

test('a truncated layer: the error is shown with what could still be read', { skip }, async () => {
  const { page, errors, close } = await openImageTab(`${site.url}/#image`);
  const whole = readFileSync(join(FIX, 'tiny-busybox.layer1.tar.gz'));
  const path = join(TMP, 'truncated.tar.gz');
  writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
  await page.setInputFiles('#image-file', path);
  await waitUntilInspected(page, 1);
  const problems = await page.$$eval('.image-report .problems li.error', (li) => li.map((x) => x.textContent));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /layer 1: the gzip stream is corrupt or truncated/);
  // the layer is listed, marked incomplete, with the entries read before the cut
  assert.equal(await page.textContent('.image-report .layer-row .badge.error'), 'incomplete');
  assert.equal(await page.textContent('.image-report .layer-row td:nth-child(4)'), '1');
  assert.deepEqual(errors, []);
  await close();
});
