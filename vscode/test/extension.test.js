// The extension activated against the stand-in, with the real wasm: diagnostics on open, on
// change (debounced), on save; settings and config files; and the time from activate() to the
// first diagnostics (printed, not asserted).
'use strict';

const { test, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { activate, settled, tempDir, plain } = require('../test-support/env');

const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';
const ALL = [['LL101', 'Warning', '2:0-2:27'], ['LL201', 'Warning', '0:5-0:18'], ['LL302', 'Warning', '0:5-0:18']];

let env;
afterEach(() => env?.dispose());

test('activation to first diagnostics (a Dockerfile already open, wasm not yet loaded)', async () => {
  const stub = require('../test-support/hook');
  stub.__test.reset();
  // The Dockerfile is open before activation, as when VS Code starts with it.
  const doc = stub.__test.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  const glueLoadedBefore = Object.keys(require.cache).some((k) => k.endsWith(path.join('out', 'wasm-glue.js')));
  const started = performance.now();
  env = activate(undefined, { fresh: false });
  const diagnostics = await settled(env, doc);
  const ms = performance.now() - started;
  assert.equal(glueLoadedBefore, false, 'this test must be first to measure the wasm load too');
  assert.deepEqual(plain(env.vscode, diagnostics), ALL);
  console.log(`activation → first diagnostics: ${ms.toFixed(1)} ms (includes loading and compiling the wasm)`);
});

test('diagnostics on open; closing the document clears them', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  assert.deepEqual(plain(env.vscode, await settled(env, doc)), ALL);
  env.t.closeDocument(doc);
  assert.equal(env.diagnostics(doc), undefined);
});

test('only Dockerfiles are linted', async () => {
  env = activate();
  const other = env.t.openDocument({ path: '/work/app/README.md', text: DOCKERFILE, languageId: 'markdown' });
  const plainText = env.t.openDocument({ path: '/work/app/Dockerfile.ci', text: DOCKERFILE, languageId: 'plaintext' });
  const untitled = env.t.openDocument({ path: 'Untitled-1', text: DOCKERFILE, languageId: 'dockerfile', scheme: 'untitled' });
  const diff = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE, languageId: 'dockerfile', scheme: 'git' });
  assert.equal((await settled(env, plainText)).length, 3);
  assert.equal((await settled(env, untitled)).length, 3);
  assert.equal(env.diagnostics(other), undefined);
  assert.equal(env.diagnostics(diff), undefined);
});

test('on change: debounced, one lint for a burst of keystrokes, with the last text', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  await settled(env, doc);
  const before = env.collection.history.length;
  const next = env.nextDiagnostics(doc);
  for (const text of ['FROM ubuntu:latest\n', 'FROM ubuntu:24.04\n', 'FROM alpine:3.20\nRUN a\nRUN b\n']) env.t.setText(doc, text);
  // Not yet: the lint waits for the typing to pause.
  assert.equal(env.collection.history.length, before);
  assert.deepEqual(plain(env.vscode, await next), [['LL101', 'Warning', '2:0-2:5']]);
  assert.equal(env.collection.history.length, before + 1);
});

test('on save: lints at once (and with run: onSave, only then)', async () => {
  env = activate();
  env.t.setSettings({ 'layerlint.run': 'onSave' });
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  await settled(env, doc);
  const sets = env.collection.history.length;
  env.t.setText(doc, 'FROM alpine:3.20\n');
  // With onSave, a change schedules nothing: nothing will publish until the save.
  assert.equal(env.instance.timers.size, 0);
  const next = env.nextDiagnostics(doc);
  doc.save();
  assert.deepEqual(await next, []);
  assert.equal(env.collection.history.length, sets + 1);
});

test('settings apply and a settings change re-lints open Dockerfiles', async () => {
  env = activate();
  const doc = env.t.openDocument({ path: '/work/app/Dockerfile', text: DOCKERFILE });
  await settled(env, doc);
  const next = env.nextDiagnostics(doc);
  env.t.setSettings({ 'layerlint.ignore': ['DL3007'], 'layerlint.severity': { LL101: 'error', LL201: 'style' } });
  assert.deepEqual(plain(env.vscode, await next), [['LL101', 'Error', '2:0-2:27'], ['LL201', 'Hint', '0:5-0:18']]);
});

test('.hadolint.yaml in the workspace is honoured, settings add to it', async () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'svc'));
  fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [DL3007]\noverride:\n  error: [LL201]\ntrustedRegistries: [docker.io]\nno-fail: true\n');
  env = activate();
  env.t.addWorkspaceFolder(root);
  env.t.setSettings({ 'layerlint.severity': { LL101: 'info' } });
  const doc = env.t.openDocument({ path: path.join(root, 'svc', 'Dockerfile'), text: DOCKERFILE });
  assert.deepEqual(plain(env.vscode, await settled(env, doc)), [['LL101', 'Information', '2:0-2:27'], ['LL201', 'Error', '0:5-0:18']]);
  assert.deepEqual(env.output(), []);
  const { config } = await env.instance.configs.resolve(doc.uri);
  assert.deepEqual(config.trustedRegistries, ['docker.io']);
  assert.deepEqual(config.ignore, ['DL3007']);
  assert.deepEqual(config.severity, { LL201: 'error', LL101: 'info' });
  assert.equal(config.failOn, null);
});

test('keys the linter does not accept are held back and said in the output, the rest applies', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, '.layerlint.yaml'), 'ignore: [LL101]\nmaxLayer: 5\n');
  env = activate();
  env.t.addWorkspaceFolder(root);
  const doc = env.t.openDocument({ path: path.join(root, 'Dockerfile'), text: DOCKERFILE });
  assert.deepEqual((await settled(env, doc)).map((d) => d.code.value).sort(), ['LL201', 'LL302']);
  assert.match(env.output().join('\n'), /not applied \(config file .*\.layerlint\.yaml and settings\): maxLayer: this layerlint's lint config does not accept this key/);
});

test('config files are found as the CLI finds them: the nearest .layerlint.y(a)ml upwards, else .hadolint.y(a)ml', async () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.mkdirSync(path.join(root, 'c'), { recursive: true });
  fs.writeFileSync(path.join(root, '.layerlint.yaml'), 'ignore: [LL101]\n');
  fs.writeFileSync(path.join(root, 'a', '.hadolint.yml'), 'ignored: [LL201]\n'); // a layerlint file above wins
  fs.writeFileSync(path.join(root, 'a', 'b', '.layerlint.yml'), 'ignore: [LL302]\n');
  env = activate();
  env.t.addWorkspaceFolder(root);
  const top = env.t.openDocument({ path: path.join(root, 'Dockerfile'), text: DOCKERFILE });
  const middle = env.t.openDocument({ path: path.join(root, 'a', 'Dockerfile'), text: DOCKERFILE });
  const deep = env.t.openDocument({ path: path.join(root, 'a', 'b', 'Dockerfile'), text: DOCKERFILE });
  assert.deepEqual((await settled(env, top)).map((d) => d.code.value).sort(), ['LL201', 'LL302']);
  assert.deepEqual((await settled(env, middle)).map((d) => d.code.value).sort(), ['LL201', 'LL302']);
  assert.deepEqual((await settled(env, deep)).map((d) => d.code.value).sort(), ['LL101', 'LL201']);
  // Without a layerlint file, the hadolint one applies.
  fs.rmSync(path.join(root, '.layerlint.yaml'));
  const next = env.nextDiagnostics(middle);
  env.t.state.watchers[0].delete.fire(env.vscode.Uri.file(path.join(root, '.layerlint.yaml')));
  assert.deepEqual((await next).map((d) => d.code.value).sort(), ['LL101', 'LL302']);
});

test('no config file above the workspace folder is read', async () => {
  const outside = tempDir();
  fs.writeFileSync(path.join(outside, '.hadolint.yaml'), 'ignored: [LL101]\n');
  fs.mkdirSync(path.join(outside, 'project'));
  env = activate();
  env.t.addWorkspaceFolder(path.join(outside, 'project'));
  const doc = env.t.openDocument({ path: path.join(outside, 'project', 'Dockerfile'), text: DOCKERFILE });
  assert.equal((await settled(env, doc)).length, 3);
});

test('a config file created later is picked up when the watcher reports it', async () => {
  const root = tempDir();
  env = activate();
  env.t.addWorkspaceFolder(root);
  const doc = env.t.openDocument({ path: path.join(root, 'Dockerfile'), text: DOCKERFILE });
  assert.equal((await settled(env, doc)).length, 3);
  fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [LL101, LL201, LL302]\n');
  const [watcher] = env.t.state.watchers;
  assert.equal(watcher.glob, '**/{.layerlint.yaml,.layerlint.yml,.hadolint.yaml,.hadolint.yml}');
  const next = env.nextDiagnostics(doc);
  watcher.create.fire(env.vscode.Uri.file(path.join(root, '.hadolint.yaml')));
  assert.deepEqual(await next, []);
});

test('an untrusted workspace\'s config file is not read; settings still apply', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [LL101]\n');
  env = activate();
  env.vscode.workspace.isTrusted = false;
  env.t.addWorkspaceFolder(root);
  env.t.setSettings({ 'layerlint.ignore': ['LL201'] });
  const doc = env.t.openDocument({ path: path.join(root, 'Dockerfile'), text: DOCKERFILE });
  assert.deepEqual((await settled(env, doc)).map((d) => d.code.value).sort(), ['LL101', 'LL302']);
});

test('a broken config file is reported in the output and linting goes on without it', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, '.layerlint.yaml'), 'ignore: [LL101\n');
  env = activate();
  env.t.addWorkspaceFolder(root);
  const doc = env.t.openDocument({ path: path.join(root, 'Dockerfile'), text: DOCKERFILE });
  assert.equal((await settled(env, doc)).length, 3);
  assert.match(env.output().join('\n'), /config problem .*\.layerlint\.yaml: not valid YAML/);
});
