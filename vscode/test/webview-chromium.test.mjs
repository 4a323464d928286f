// The webview's HTML exactly as the extension generates it (CSP, nonce, resource URIs), with the
// vscode-resource URIs rewritten to a server on 127.0.0.1, loaded in headless Chromium with a
// stubbed `acquireVsCodeApi` wired to the extension (running against the `vscode` stand-in):
// the page lints the Dockerfile the extension sent, with its config, under that CSP; a click on
// a finding reveals it in the editor; a blob: worker gets the compiled module; an image archive
// streamed by the extension is inspected by the page (acks, seeks, the window); nothing leaves
// 127.0.0.1.
//
// As in VS Code, the document and its resources are on two origins (there `vscode-webview://…`
// and `https://file+.vscode-resource.vscode-cdn.net`, whose responses carry
// `Access-Control-Allow-Origin: *`); here two servers on 127.0.0.1 do the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { launch, foreignRequests, tar } from '../../tests/e2e/harness.mjs';

const require = createRequire(import.meta.url);
const { activate, EXTENSION_DIR } = require('../test-support/env.js');

const SITE = join(EXTENSION_DIR, 'media', 'site');
const RESOURCE_PREFIX = 'https://file%2B.vscode-resource.vscode-cdn.net';
const CSP_SOURCE = 'https://*.vscode-cdn.net';
const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

let browser, pageServer, resourceServer, origin, resources, env, panel, doc;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/** The webview document's origin: only `/`, the generated HTML with its URIs moved to 127.0.0.1. */
function startPageServer() {
  pageServer = createServer((req, res) => {
    if (new URL(req.url, 'http://x').pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    const html = panel.webview.html.replaceAll(RESOURCE_PREFIX, resources).replaceAll(CSP_SOURCE, resources);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  return listen(pageServer);
}

/**
 * Like VS Code's resource loader: files under the panel's localResourceRoots by absolute path,
 * with `Access-Control-Allow-Origin: *` and no CSP header (the only CSP is the generated one).
 */
function startResourceServer() {
  const roots = panel.options.localResourceRoots.map((u) => normalize(u.path) + sep);
  resourceServer = createServer((req, res) => {
    const file = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let ok = roots.some((root) => file.startsWith(root));
    try { ok = ok && statSync(file).isFile(); } catch { ok = false; }
    if (!ok) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Access-Control-Allow-Origin': '*',
    }).end(readFileSync(file));
  });
  return listen(resourceServer);
}

before(async () => {
  env = activate();
  env.t.setSettings({ 'layerlint.severity': { LL201: 'error' }, 'layerlint.ignore': ['DL3007'] });
  doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  env.vscode.commands.executeCommand('layerlint.openInspector');
  [panel] = env.t.state.panels;
  resources = await startResourceServer();
  origin = await startPageServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of [pageServer, resourceServer]) await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  env?.dispose();
});

/** Requests to anything but the two local servers (data: and blob: URLs are local). */
function foreign(requests) {
  return foreignRequests(requests, origin).filter((u) => !u.startsWith(`${resources}/`));
}

/** The page in a fresh context, wired to the extension's panel like VS Code's webview host. */
async function openWebview() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const toHost = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // webview → extension
  await page.exposeFunction('__layerlintToHost', (message) => {
    toHost.push(message);
    panel.webview.receive(message);
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi may only be called once');
      acquired = true;
      return { postMessage: (m) => window.__layerlintToHost(m), getState: () => undefined, setState: () => {} };
    };
    // VS Code puts its theme on the body.
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add('vscode-dark'));
  });
  // extension → webview, as a window message event
  panel.webview.onPost = (message) => page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message)
    .catch(() => {});
  await page.goto(`${origin}/`);
  return { page, requests, errors, toHost, close: () => context.close() };
}

/** Wait for something the browser causes in this process (polls; the limit is only a backstop). */
async function until(cond) {
  for (let i = 0; !cond(); i++) {
    if (i > 3000) throw new Error('never happened');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wait until the findings list shows exactly these `RULE@line` (sorted). */
/**
 * Whether the page editor's text is `text` (run in the page, as a function: the webview's CSP
 * forbids evaluating strings). CodeMirror is in the #editor shadow root once the page made it;
 * its placeholder is not text.
 */
const editorTextIs = (text) => [...(document.getElementById('editor').shadowRoot?.querySelectorAll('.cm-line') ?? [])]
  .map((line) => (line.querySelector('.cm-placeholder') ? '' : line.textContent)).join('\n') === text;

function waitForFindings(page, expected) {
  return page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#findings .finding')]
    .map((li) => `${li.dataset.rule}@${li.dataset.line}`).sort()) === JSON.stringify(want), expected);
}

test('the page lints the Dockerfile the extension sent, with its config, under the webview CSP', async () => {
  const { page, requests, errors, toHost, close } = await openWebview();
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  await page.waitForFunction(editorTextIs, DOCKERFILE);
  // DL3007 (LL302) ignored and LL201 an error, as in the editor's settings.
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  assert.equal(await page.$eval('#findings .finding[data-rule="LL201"] .badge', (b) => b.textContent), 'error');
  assert.equal(toHost[0].type, 'ready');
  assert.ok(toHost[0].capabilities.includes('load') && toHost[0].capabilities.includes('inspect-begin'));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(foreign(requests), []);
  assert.ok(requests.some((u) => u.startsWith(resources) && u.endsWith('.wasm')), 'the wasm was fetched from the resource server');
  assert.deepEqual(errors, []);
  await close();
});

test('a change in the editor reaches the page', async () => {
  const { page, close } = await openWebview();
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  env.t.setText(doc, 'FROM alpine:3.20\nRUN a\nRUN b\nRUN c\n');
  await waitForFindings(page, ['LL101@3', 'LL101@4']);
  env.t.setText(doc, DOCKERFILE);
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  await close();
});

test('hosted, the page never edits its own copy: Apply fix goes to the document and comes back; read-only editor', async () => {
  const { page, toHost, close } = await openWebview();
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  await page.waitForSelector('#editor .cm-content'); // CodeMirror follows the first findings
  assert.equal(await page.$eval('#editor .cm-content', (c) => c.getAttribute('aria-readonly')), 'true');
  const versionBefore = doc.version;
  await page.click('#findings .finding[data-rule="LL101"] .actions button');
  await until(() => toHost.some((m) => m.type === 'edit'));
  const edit = toHost.find((m) => m.type === 'edit');
  assert.equal(edit.why, 'fix');
  assert.equal(edit.version, versionBefore);
  // The extension applied it to the document, and the page shows the document's new text.
  await until(() => doc.version === versionBefore + 1);
  assert.equal(doc.getText(), edit.text);
  await page.waitForFunction(editorTextIs, edit.text);
  await waitForFindings(page, ['LL201@1']);
  env.t.setText(doc, DOCKERFILE);
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  await close();
});

test('clicking a finding in the webview posts reveal and the editor selects the span', async () => {
  const { page, toHost, close } = await openWebview();
  await waitForFindings(page, ['LL101@3', 'LL201@1']);
  const shownBefore = env.t.state.shown.length;
  await page.click('#findings .finding[data-rule="LL201"] .finding-main');
  await until(() => env.t.state.shown.length > shownBefore);
  const reveal = toHost.find((m) => m.type === 'reveal');
  assert.deepEqual(reveal.span, { start: { line: 1, column: 6, offset: 5 }, end: { line: 1, column: 19, offset: 18 } });
  const { editor } = env.t.state.shown.at(-1);
  assert.equal(doc.getText(editor.selection), 'ubuntu:latest');
  await close();
});

test('the CSP is enforced: inline script without the nonce, foreign fetch, non-blob workers are blocked', async () => {
  const { page, requests, close } = await openWebview();
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  const result = await page.evaluate(async () => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true';
    document.head.append(inline);
    let fetchBlocked = false;
    try { await fetch('https://example.com/'); } catch { fetchBlocked = true; }
    // A worker from the document's own origin: not blob:, so worker-src refuses it (a violation;
    // the constructor does not throw).
    try { new Worker('/worker.js'); } catch { /* some engines throw */ }
    // A worker from a resource URL is cross-origin, as in VS Code: it cannot even be constructed.
    let resourceWorkerThrew = false;
    try { new Worker(new URL('js/dom.js', document.querySelector('script[type=module]').src), { type: 'module' }); } catch { resourceWorkerThrew = true; }
    await new Promise((r) => setTimeout(r, 50)); // violation events are queued tasks
    return {
      inlineRan: window.__inlineRan === true, fetchBlocked, resourceWorkerThrew,
      violations: [...new Set(window.__violations.map((v) => v.directive))].sort(),
    };
  });
  assert.deepEqual(result, {
    inlineRan: false, fetchBlocked: true, resourceWorkerThrew: true,
    violations: ['connect-src', 'script-src-elem', 'worker-src'],
  });
  assert.deepEqual(foreign(requests), []);
  await close();
});

test('a blob: worker gets the compiled module by postMessage and lints; its imports must be dynamic', async () => {
  const { page, requests, errors, close } = await openWebview();
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  const glue = readdirSync(join(SITE, 'pkg')).find((n) => /^layerlint\.[0-9a-f]+\.js$/.test(n));
  const result = await page.evaluate(async (glueName) => {
    const base = document.querySelector('script[type=module]').src;
    // The page's own loader: the module it compiled once (the same module instance as app.js's).
    const { load } = await import(new URL('wasm.js', base));
    const { module } = await load();
    const glueUrl = JSON.stringify(new URL(`../pkg/${glueName}`, base).href);
    const findingsUrl = JSON.stringify(new URL('findings.js', base).href);
    const run = (source, message) => {
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
      return new Promise((resolve) => {
        worker.onmessage = (e) => { resolve(e.data); worker.terminate(); };
        worker.onerror = (e) => { e.preventDefault(); resolve('worker failed to load'); worker.terminate(); };
        worker.postMessage(message);
      });
    };
    // Dynamic import() is checked against script-src (extension resources allowed); a module it
    // imports may use static imports (findings.js imports dom.js).
    const lintInWorker = await run(`onmessage = async (event) => {
      const { default: init, lint } = await import(${glueUrl});
      const { summarize } = await import(${findingsUrl});
      await init({ module_or_path: event.data });
      const findings = lint('FROM ubuntu:latest\\n', null, 'Dockerfile').files[0].findings;
      postMessage({ rules: findings.map((f) => f.rule).sort(), summary: summarize(findings) });
    };`, module);
    // A static import in the worker's own script is fetched as a worker script: worker-src blob: refuses it.
    const staticImport = await run(`import ${glueUrl}; onmessage = () => postMessage('loaded');`, null);
    return { lintInWorker, staticImport };
  }, glue);
  assert.deepEqual(result, {
    lintInWorker: { rules: ['LL201', 'LL302'], summary: '2 warnings' },
    staticImport: 'worker failed to load',
  });
  // The worker compiled nothing and fetched no wasm: one .wasm request, the page's.
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 1);
  assert.deepEqual(foreign(requests), []);
  assert.deepEqual(errors, []);
  await close();
});


/**
 * A classic `docker save` archive: a 12 MiB layer (more than the 8 MiB window, so the page must
 * seek past it while indexing and back to it afterwards), a small one, then the config and the
 * manifest at the end.
 */
function dockerArchive() {
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  const layers = [
    tar([['big.bin', randomBytes(12 << 20)], ['etc/os-release', Buffer.from('NAME=one\n')]]),
    tar([['etc/os-release', Buffer.from('NAME=two\n')]]),
  ];
  const ids = layers.map(sha);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux',
    rootfs: { type: 'layers', diff_ids: ids.map((d) => `sha256:${d}`) },
    history: [{ created_by: 'COPY big.bin / # buildkit' }, { created_by: 'RUN /bin/sh -c echo two > /etc/os-release # buildkit' }],
  }));
  const configName = `${sha(config)}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ['streamed:1'], Layers: ids.map((d) => `${d}/layer.tar`) }]));
  return tar([...ids.map((d, i) => [`${d}/layer.tar`, layers[i]]), [configName, config], ['manifest.json', manifest]]);
}

test('an image archive streamed by the extension is inspected in the page, with acks and seeks, under the CSP', async () => {
  const { page, requests, errors, toHost, close } = await openWebview();
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  const file = join(mkdtempSync(join(tmpdir(), 'layerlint-stream-')), 'app-image.tar');
  writeFileSync(file, dockerArchive());
  const ready = toHost.find((m) => m.type === 'ready');
  assert.deepEqual([...ready.capabilities].sort(), ['inspect-begin', 'inspect-chunk', 'inspect-end', 'inspect-error', 'load']);

  const result = await env.vscode.commands.executeCommand('layerlint.inspectImage', env.vscode.Uri.file(file));
  assert.equal(result.state, 'done');
  assert.ok(result.maxInFlight <= 8 << 20, `at most the window in flight (${result.maxInFlight})`);
  await page.waitForFunction(() => document.body.dataset.inspectState === 'done', null, { timeout: 60_000 });
  const shown = await page.$$eval('.image-report .layer-row', (rows) => rows.map((r) => [r.dataset.layer, r.querySelector('.made-by code').textContent]));
  assert.deepEqual(shown, [['1', 'COPY big.bin / # buildkit'], ['2', 'RUN /bin/sh -c echo two > /etc/os-release # buildkit']]);
  const image = (await page.evaluate(() => window.layerlintImageReports))[0].images[0];
  assert.equal(image.reference, 'streamed:1');
  assert.deepEqual(image.errors, []);
  assert.ok(image.layers.every((l) => l.diff_id_ok === true && l.gzip && l.zstd));
  assert.equal(image.total.wasted_bytes, 'NAME=one\n'.length);
  // The page skipped the big layer while indexing and came back for it.
  const seeks = toHost.filter((m) => m.type === 'inspect-seek').map((m) => m.offset);
  assert.ok(seeks.length >= 2, `seeks: ${seeks}`);
  assert.ok(toHost.some((m) => m.type === 'inspect-ack' && m.offset === statSync(file).size), 'the last ack is the file size');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(foreign(requests), []);
  assert.deepEqual(errors, []);
  await close();
});
