// The CodeMirror editor and the page's loading, end to end in Debian's Chromium against the
// built site/: the plain editor of the first findings swapped for CodeMirror, highlighting, the tooltip on a finding, its quick fix, findings list and editor
// in step, keys and themes; the image module fetched only when a file is dropped; and offline
// after one visit (the service worker), with no request leaving the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDir, foreignRequests, editorState, tar } from './harness.mjs';

let browser, site;
before(async () => {
  browser = await launch();
  site = await serveDir('site');
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';

/**
 * A fresh context and page recording every request (the page's and its workers', the service
 * worker's too) and every error.
 */
async function open(options = {}, init = null) {
  const context = await browser.newContext(options);
  if (init) await context.addInitScript(init);
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  return { context, page, requests, errors, close: () => context.close() };
}

async function typeDockerfile(page, text) {
  await page.click('#clear');
  await page.keyboard.type(text);
  await page.waitForFunction(() => document.querySelector('#findings .finding[data-rule="LL302"]')
    && document.getElementById('editor').shadowRoot.querySelectorAll('.cm-lintRange').length >= 2);
}

/** The editor's element showing `text` (the innermost one that contains it). */
function inEditor(page, text) {
  return page.locator('#editor .cm-line span', { hasText: text }).last();
}

test('Dockerfile highlighting: instructions, strings and comments get their own classes', async () => {
  const { page, errors, close } = await open();
  await page.click('#clear');
  await page.keyboard.type('# a comment\nFROM alpine:3.20\nRUN echo "hi"\n');
  await page.waitForSelector('#editor .tok-comment');
  const tokens = await page.$$eval('#editor .cm-content [class^="tok-"]', (els) => els.map((e) => [e.className, e.textContent]));
  assert.ok(tokens.some(([c, t]) => c.includes('tok-keyword') && t === 'FROM'), JSON.stringify(tokens));
  assert.ok(tokens.some(([c, t]) => c.includes('tok-keyword') && t === 'RUN'), JSON.stringify(tokens));
  const comment = tokens.filter(([c]) => c.includes('tok-comment')).map(([, t]) => t).join('');
  assert.equal(comment, '# a comment', JSON.stringify(tokens));
  assert.ok(tokens.some(([c, t]) => c.includes('tok-string') && t.includes('"hi"')), JSON.stringify(tokens));
  assert.deepEqual(errors, []);
  await close();
});

test('hovering a finding shows its tooltip: message, rule ids and fix', async () => {
  const { page, close } = await open();
  await typeDockerfile(page, DOCKERFILE);
  await inEditor(page, 'ubuntu:latest').hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  const text = await tooltip.textContent();
  assert.match(text, /latest/);
  assert.match(text, /LL302 DL3007/);
  // the gutter marks the lines with findings
  assert.ok(await page.locator('#editor .cm-lint-marker-warning').count() >= 2);
  await close();
});

test('the quick fix in the tooltip goes through the page fix path: RUNs joined, finding gone, undoable', async () => {
  const { page, close } = await open();
  await typeDockerfile(page, DOCKERFILE);
  await inEditor(page, 'useradd').hover();
  const action = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: 'Apply fix' });
  await action.click();
  await page.waitForFunction(() => !document.querySelector('#findings .finding[data-rule="LL101"]'));
  assert.equal((await editorState(page)).text, 'FROM ubuntu:latest\nRUN mkdir -p /app && \\\n    useradd --create-home a\n');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+z');
  assert.equal((await editorState(page)).text, DOCKERFILE);
  await close();
});

test('keyboard only: the lint panel (Ctrl-Shift-M) lists the findings and applies a fix by its access key', async () => {
  const { page, close } = await open();
  await typeDockerfile(page, DOCKERFILE); // typed into the focused editor
  await page.keyboard.press('Control+Shift+KeyM');
  await page.waitForSelector('#editor .cm-panel-lint li');
  assert.match(await page.locator('#editor .cm-panel-lint').textContent(), /LL101/);
  await page.keyboard.press('End'); // the last finding: LL101 on line 3
  await page.keyboard.press('a'); // "Apply fix"
  await page.waitForFunction(() => !document.querySelector('#findings .finding[data-rule="LL101"]'));
  assert.equal((await editorState(page)).text, 'FROM ubuntu:latest\nRUN mkdir -p /app && \\\n    useradd --create-home a\n');
  await close();
});

test('the lint engine first: findings with a plain editor, then CodeMirror takes over text, selection and focus', async () => {
  // CodeMirror's bundle is held back until released, to act on the plain editor meanwhile.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/\/pkg\/codemirror\.[0-9a-f]+\.js$/, async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  assert.ok(await page.locator('#findings .finding').count() > 0, 'the example has findings');
  assert.equal(await page.locator('#editor .cm-editor').count(), 0, 'no CodeMirror yet');
  const area = page.locator('#editor textarea');
  await area.fill(DOCKERFILE);
  await page.waitForSelector('#findings .finding[data-rule="LL302"]');
  // A click on a finding selects its span in the plain editor too; the cursor marks it.
  await page.click('#findings .finding[data-rule="LL302"] .finding-main');
  assert.equal(await area.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)), 'ubuntu:latest');
  await page.waitForSelector('#findings .finding.current[data-rule="LL302"]');
  release();
  await page.waitForSelector('#editor .cm-content');
  assert.deepEqual(await editorState(page), { text: DOCKERFILE, selected: 'ubuntu:latest', focused: true });
  assert.equal(await page.locator('#editor textarea').count(), 0, 'the plain editor is gone');
  // The bundle was asked for only once the first findings were on screen.
  const { first, requested } = await page.evaluate(() => ({
    first: Number(document.body.dataset.firstLintMs),
    requested: performance.getEntriesByType('resource').find((e) => /\/pkg\/codemirror\./.test(e.name))?.startTime,
  }));
  assert.ok(requested >= first - 1, `CodeMirror requested at ${requested} ms, first findings at ${first} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('findings list and editor in step: a click selects the span, the cursor marks the finding', async () => {
  const { page, close } = await open();
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#findings .finding[data-rule="LL302"] .finding-main');
  assert.equal((await editorState(page)).selected, 'ubuntu:latest');
  // Arrow keys: the first collapses the selection, the next two take the cursor out of LL302's
  // span and onto line 3, inside LL101's.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#findings .finding.current[data-rule="LL101"]');
  assert.deepEqual(await page.$$eval('#findings .finding.current', (els) => els.map((e) => e.dataset.rule)), ['LL101']);
  await close();
});

test('keyboard only: Tab enters the editor and leaves it again; the usual editing keys work', async () => {
  const { page, close } = await open();
  await page.focus('#clear');
  await page.keyboard.press('Enter'); // "Clear" empties the editor and focuses it
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'clear');
  await page.keyboard.press('Tab');
  assert.ok((await editorState(page)).focused, 'Tab after the toolbar focuses the editor');
  await page.keyboard.type('FROM alpine:3.20\nRUN a\nRUN b\n');
  await page.keyboard.press('Control+a');
  assert.equal((await editorState(page)).selected, 'FROM alpine:3.20\nRUN a\nRUN b\n');
  await page.keyboard.press('Tab');
  assert.equal((await editorState(page)).focused, false, 'Tab moves the focus on: no keyboard trap');
  await close();
});

test('light and dark themes colour the editor; it fits a phone-width screen', async () => {
  const { page, close } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, colorScheme: 'light' });
  const colours = () => page.$eval('#editor .cm-editor', (el) => getComputedStyle(el).backgroundColor);
  await page.waitForSelector('#editor .cm-editor'); // CodeMirror follows the first findings
  const light = await colours();
  await page.click('#theme');
  const dark = await colours();
  assert.notEqual(light, dark);
  assert.equal(dark, 'rgb(16, 21, 28)'); // --code-bg of the dark theme
  const box = await page.locator('#editor').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `editor at ${box.x}+${box.width}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await close();
});

test('the image module is fetched only when a file is dropped', async () => {
  // No service worker here: its precache would fetch every file of the site in the background.
  const { page, requests, errors, close } = await open({ serviceWorkers: 'block' });
  const imageFiles = () => requests.filter((u) => /\/pkg\/layerlint_image(_bg)?\.[0-9a-f]+\.(js|wasm)$/.test(u));
  await page.waitForSelector('#drop-zone', { state: 'attached' }); // the Image tab is set up
  await page.waitForTimeout(300);
  assert.deepEqual(imageFiles(), [], 'nothing of the image module before a drop');
  assert.ok(requests.some((u) => /\/pkg\/layerlint_bg\.[0-9a-f]+\.wasm$/.test(u)), 'the lint module was loaded');

  await dropLayer(page);
  await page.waitForFunction(() => document.body.dataset.inspectState === 'done', null, { timeout: 60_000 });
  // the glue is imported on the page and read as text for the worker (the second time from the cache)
  assert.equal(new Set(imageFiles()).size, 2, `the image glue and module: ${imageFiles()}`);
  assert.equal(await page.locator('.image-report').count(), 1);
  assert.deepEqual(foreignRequests(requests, site.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('offline after one visit: the page reloads, lints and inspects with the network off', async () => {
  const { context, page, requests, errors, close } = await open();
  // The service worker is installed once it has cached every file of the site.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const online = requests.length;
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  await typeDockerfile(page, DOCKERFILE);
  assert.equal(await page.locator('#findings .finding').count(), 3);
  await dropLayer(page);
  await page.waitForFunction(() => document.body.dataset.inspectState === 'done', null, { timeout: 60_000 });
  assert.equal(await page.locator('.image-report').count(), 1);
  await page.click('#tab-rules'); // the rules' documentation, fetched when the tab opens, is cached too
  assert.equal(await page.locator('#rule-LL302 h3').textContent(), 'Image with the `latest` tag');
  assert.ok(requests.length > online, 'the offline page made requests (answered by the service worker)');
  assert.deepEqual(foreignRequests(requests, site.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('in VS Code\'s webview (acquireVsCodeApi present) no service worker is registered', async () => {
  const { page, close } = await open({}, () => {
    window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });
  });
  await page.waitForSelector('#drop-zone', { state: 'attached' }); // after the point where the browser registers
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  await close();
});

/** Drop one small layer (a tar made here) onto the page. */
async function dropLayer(page) {
  const layer = tar([['etc/app.conf', Buffer.from('x=1\n')], ['bin/tool', Buffer.alloc(4096, 7)]]);
  await page.evaluate((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'layer.tar'));
    // onto the editor's text, where CodeMirror would insert a dropped file's bytes
    const target = document.getElementById('editor').shadowRoot.querySelector('.cm-content');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
    }
  }, [...layer]);
}
