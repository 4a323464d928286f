// The inspector webview, extension side: the HTML it generates (CSP, nonce, resource URIs) and
// the messages — load on ready and on change, reveal from the page.
'use strict';

const { test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { activate, EXTENSION_DIR } = require('../test-support/env');
const { renderHtml, isRelative } = require('../src/webview');

const SITE = path.join(EXTENSION_DIR, 'media', 'site');
const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';

async function until(cond) {
  for (let i = 0; !cond(); i++) {
    if (i > 1e6) throw new Error('never happened');
    await new Promise((r) => setImmediate(r));
  }
}

test('renderHtml: one CSP (the webview\'s), the nonce on every script, every relative URL rewritten', () => {
  const html = [
    '<!doctype html><html><head>',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
    '<link rel="stylesheet" href="css/app.css"><link rel="icon" href="favicon.svg?v=1">',
    '<script type="module" src="js/app.js"></script><script src="https://cdn.example/x.js"></script>',
    '</head><body><a href="#top">top</a><a href="https://example.com/">x</a><img src="data:image/png;base64,AA"></body></html>',
  ].join('\n');
  const out = renderHtml({ html, resource: (p) => `RES/${p}`, cspSource: 'SRC', nonce: 'N0nce' });
  const csps = [...out.matchAll(/http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(csps, [
    "default-src 'none'; script-src 'nonce-N0nce' SRC 'wasm-unsafe-eval'; style-src SRC; img-src SRC data:; "
    + "font-src SRC; connect-src SRC; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'",
  ]);
  assert.match(out, /href="RES\/css\/app\.css"/);
  assert.match(out, /href="RES\/favicon\.svg\?v=1"/);
  assert.match(out, /<script nonce="N0nce" type="module" src="RES\/js\/app\.js">/);
  assert.match(out, /<script nonce="N0nce" src="https:\/\/cdn\.example\/x\.js">/); // kept: the CSP blocks it
  assert.match(out, /href="#top"/);
  assert.match(out, /src="data:image\/png;base64,AA"/);
  assert.deepEqual(['', '#a', '/x', '//h/x', 'https://x', 'data:x', 'mailto:a'].filter(isRelative), []);
  assert.deepEqual(['a.css', './a.js', '../pkg/x.wasm'].filter(isRelative), ['a.css', './a.js', '../pkg/x.wasm']);
});

let env;
afterEach(() => env?.dispose());

test('"Open inspector": a webview on the built page, scripts enabled, resources only from media/site', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  env.vscode.commands.executeCommand('layerlint.openInspector');
  const [panel] = env.t.state.panels;
  assert.equal(panel.viewType, 'layerlint.inspector');
  assert.equal(panel.options.enableScripts, true);
  assert.equal(panel.options.retainContextWhenHidden, true);
  assert.deepEqual(panel.options.localResourceRoots.map((u) => u.path), [SITE]);
  const html = panel.webview.html;
  const nonce = /'nonce-([^']+)'/.exec(html)[1];
  assert.ok(nonce.length >= 16);
  assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/]/g, '\\$&')}" type="module" src="https://file%2B\\.vscode-resource\\.vscode-cdn\\.net${SITE}/js/app\\.js">`));
  assert.equal((html.match(/Content-Security-Policy/g) || []).length, 1);
  // Every src/href is a webview resource of a file that exists, or a fragment.
  for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) {
    if (url.startsWith('#')) continue;
    const prefix = 'https://file%2B.vscode-resource.vscode-cdn.net';
    assert.ok(url.startsWith(prefix), url);
    assert.ok(fs.existsSync(decodeURIComponent(url.slice(prefix.length).split('?')[0])), url);
  }
  // A second command reuses the panel.
  env.vscode.commands.executeCommand('layerlint.openInspector');
  assert.equal(env.t.state.panels.length, 1);
});

test('the page gets the Dockerfile and its config once it is ready, again after changes and reloads', async () => {
  env = activate();
  env.t.setSettings({ 'layerlint.ignore': ['LL201'] });
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  const opened = env.vscode.commands.executeCommand('layerlint.openInspector');
  const [panel] = env.t.state.panels;
  assert.deepEqual(panel.webview.posted, []); // nothing before the page listens
  panel.webview.receive({ type: 'ready', capabilities: ['load'] });
  await opened;
  assert.deepEqual(panel.webview.posted, [{ type: 'load', text: DOCKERFILE, path: '/work/app/Dockerfile', version: 1, config: { ignore: ['LL201'] } }]);
  assert.equal(panel.title, 'layerlint: Dockerfile');

  env.t.setText(doc, 'FROM alpine:3.20\n');
  await until(() => panel.webview.posted.length === 2);
  assert.equal(panel.webview.posted[1].text, 'FROM alpine:3.20\n');

  panel.webview.receive({ type: 'ready', capabilities: ['load'] }); // the page reloaded
  await until(() => panel.webview.posted.length === 3);
  assert.equal(panel.webview.posted[2].text, 'FROM alpine:3.20\n');
});

test('a page slower to say ready than the wait for it still gets the Dockerfile when it does', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  let opened = false;
  env.vscode.commands.executeCommand('layerlint.openInspector').then(() => { opened = true; });
  const [panel] = env.t.state.panels;
  await until(() => { t.mock.timers.tick(5000); return opened; }); // the extension gave up waiting
  assert.deepEqual(panel.webview.posted, []);
  panel.webview.receive({ type: 'ready', capabilities: ['load'] });
  await until(() => panel.webview.posted.length === 1);
  assert.equal(panel.webview.posted[0].text, DOCKERFILE);
});

test('a finding clicked in the page reveals its span in the editor', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  const opened = env.vscode.commands.executeCommand('layerlint.openInspector');
  const [panel] = env.t.state.panels;
  panel.webview.receive({ type: 'ready', capabilities: ['load'] });
  await opened;
  panel.webview.receive({ type: 'reveal', span: { start: { line: 1, column: 6, offset: 5 }, end: { line: 1, column: 19, offset: 18 } } });
  await until(() => env.t.state.shown.length === 1);
  const [{ document, editor, options }] = env.t.state.shown;
  assert.equal(document, doc);
  assert.equal(options.viewColumn, env.vscode.ViewColumn.One);
  assert.equal(doc.getText(editor.selection), 'ubuntu:latest');
  assert.equal(editor.revealed.length, 1);
  // Nonsense from the page is ignored.
  panel.webview.receive({ type: 'reveal', span: { start: { line: 'x' } } });
  panel.webview.receive({ type: 'reveal' });
  await new Promise((r) => setImmediate(r));
  assert.equal(env.t.state.shown.length, 1);
});

test('"Open inspector" from the explorer opens that Dockerfile', async () => {
  env = activate();
  const file = path.join(require('../test-support/env').tempDir(), 'Containerfile');
  fs.writeFileSync(file, 'FROM fedora\n');
  const opened = env.vscode.commands.executeCommand('layerlint.openInspector', env.vscode.Uri.file(file));
  await until(() => env.t.state.panels.length === 1);
  env.t.state.panels[0].webview.receive({ type: 'ready', capabilities: ['load'] });
  await opened;
  assert.equal(env.t.state.panels[0].webview.posted[0].text, 'FROM fedora\n');
});

/** The extension activated, `doc` open and followed by a ready inspector; resolves `{doc, panel}`. */
async function followed(text = DOCKERFILE) {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text });
  env.t.activate(doc);
  const opened = env.vscode.commands.executeCommand('layerlint.openInspector');
  const [panel] = env.t.state.panels;
  panel.webview.receive({ type: 'ready', capabilities: ['load'] });
  await opened;
  return { doc, panel };
}

test('an edit from the page (Apply fix, Fix all, Clear) is applied to the document, which comes back as load', async () => {
  const { doc, panel } = await followed();
  const fixed = DOCKERFILE.replace('RUN mkdir -p /app\nRUN ', 'RUN mkdir -p /app \\\n && ');
  panel.webview.receive({ type: 'edit', text: fixed, version: 1, why: 'fix' });
  await until(() => panel.webview.posted.length === 2);
  assert.equal(doc.getText(), fixed);
  assert.equal(doc.version, 2);
  assert.deepEqual(panel.webview.posted[1], { type: 'load', text: fixed, path: '/work/app/Dockerfile', version: 2, config: {} });

  panel.webview.receive({ type: 'edit', text: '', version: 2, why: 'clear' });
  await until(() => panel.webview.posted.length === 3);
  assert.equal(doc.getText(), '');
  assert.equal(panel.webview.posted[2].text, '');
});

test('an edit made on an older version is dropped, and the page gets the current text', async () => {
  const { doc, panel } = await followed();
  env.t.setText(doc, 'FROM alpine:3.20\n'); // the user typed: version 2
  panel.webview.receive({ type: 'edit', text: '', version: 1, why: 'clear' });
  await until(() => panel.webview.posted.some((m) => m.version === 2));
  assert.equal(doc.getText(), 'FROM alpine:3.20\n');
  assert.match(env.output().join('\n'), /clear not applied, made on version 1 .* now 2/);
  // Nonsense is ignored.
  panel.webview.receive({ type: 'edit', text: 42, version: 2 });
  await new Promise((r) => setImmediate(r));
  assert.equal(doc.getText(), 'FROM alpine:3.20\n');
});

test('Example / Open… in the page open a new untitled Dockerfile, which the inspector follows; the user\'s file is kept', async () => {
  const { doc, panel } = await followed();
  panel.webview.receive({ type: 'open', text: 'FROM python:3.12\n', name: 'Example' });
  await until(() => panel.webview.posted.length === 2);
  const untitled = env.t.state.shown.at(-1).document;
  assert.equal(untitled.uri.scheme, 'untitled');
  assert.equal(untitled.languageId, 'dockerfile');
  assert.equal(untitled.getText(), 'FROM python:3.12\n');
  assert.equal(doc.getText(), DOCKERFILE);
  assert.equal(panel.webview.posted[1].text, 'FROM python:3.12\n');
  assert.equal(panel.webview.posted[1].path, untitled.uri.path);
});

test('with no Dockerfile open the inspector sends nothing to show, an edit has nothing to change, until one is opened', async () => {
  env = activate();
  const opened = env.vscode.commands.executeCommand('layerlint.openInspector');
  const [panel] = env.t.state.panels;
  panel.webview.receive({ type: 'ready', capabilities: ['load'] });
  await opened;
  panel.webview.receive({ type: 'edit', text: 'FROM x\n', version: 1, why: 'fix' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(panel.webview.posted, []);
  assert.equal(env.t.state.documents.length, 0);
  // The first Dockerfile the user goes to is then followed.
  const notes = env.t.openDocument({ path: '/work/app/notes.txt', text: 'FROM x\n' });
  env.t.activate(notes);
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  env.t.activate(doc);
  await until(() => panel.webview.posted.length === 1);
  assert.equal(panel.webview.posted[0].text, DOCKERFILE);
});
