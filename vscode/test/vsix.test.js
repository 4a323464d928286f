// The .vsix that scripts/build-vscode.sh made: its manifest (activation events, contributes),
// the files in it (and not in it), its size; and that the extension unpacked from it activates
// and lints with the stand-in — so the package holds everything it needs at run time.
// (tests/vscode-e2e/ installs the same .vsix into a real VS Code.)
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { readZip } = require('../test-support/zip');
const { activate, settled, tempDir, plain, EXTENSION_DIR } = require('../test-support/env');
const source = require('../package.json');

const VSIX = path.join(EXTENSION_DIR, `layerlint-${source.version}.vsix`);
/**
 * The unbundled .vsix of 2026-12 was 812,815 bytes (123 files); the page then gained CodeMirror
 * (~118 KB compressed) and its wasm was split in two modules (908,910 bytes in all); the
 * ShellCheck, security and .dockerignore rules then took it to 947,157: stay below 960,000 so
 * that growth is noticed.
 */
const MAX_BYTES = 960000;

const bytes = fs.readFileSync(VSIX);
const entries = readZip(bytes);
const names = [...entries.keys()];
const manifest = JSON.parse(entries.get('extension/package.json'));

test('size: under 960,000 bytes', () => {
  console.log(`${path.basename(VSIX)}: ${bytes.length} bytes (${(bytes.length / 1024).toFixed(1)} KiB), ${names.length} files`);
  assert.ok(bytes.length < MAX_BYTES, `${bytes.length} bytes`);
});

test('manifest: name, version, engine, entry point, repository, license', () => {
  assert.equal(manifest.name, 'layerlint');
  assert.equal(manifest.publisher, 'layerlint');
  assert.equal(manifest.version, source.version);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.equal(manifest.main, './out/extension.js');
  assert.match(manifest.repository.url, /github\.com\/layerlint\/layerlint/);
  assert.equal(manifest.license, 'MIT OR Apache-2.0');
  const vsixManifest = entries.get('extension.vsixmanifest').toString();
  assert.match(vsixManifest, new RegExp(`Version="${source.version.replaceAll('.', '\\.')}"`));
  assert.match(vsixManifest, /Id="layerlint"/);
});

test('activation events: the dockerfile language and every command', () => {
  const commands = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(commands, ['layerlint.fixAll', 'layerlint.inspectImage', 'layerlint.openInspector']);
  assert.deepEqual(manifest.activationEvents.sort(), ['onLanguage:dockerfile', ...commands.map((c) => `onCommand:${c}`)].sort());
});

test('contributes: language names, menus, settings', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'dockerfile');
  assert.deepEqual(language.filenames, ['Dockerfile', 'Containerfile']);
  assert.ok(language.filenamePatterns.includes('Dockerfile.*') && language.filenamePatterns.includes('Containerfile.*'));
  assert.deepEqual(language.extensions, ['.dockerfile', '.containerfile']);
  const explorer = manifest.contributes.menus['explorer/context'];
  assert.deepEqual(explorer.map((m) => m.command).sort(), ['layerlint.inspectImage', 'layerlint.openInspector']);
  assert.match(explorer.find((m) => m.command === 'layerlint.inspectImage').when, /resourceFilename =~ .*tar.*gz.*tgz.*zst/);
  assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), [
    'layerlint.disableIgnorePragma', 'layerlint.enableRules', 'layerlint.ignore', 'layerlint.labelSchema', 'layerlint.maxLayers',
    'layerlint.run', 'layerlint.severity', 'layerlint.strictLabels', 'layerlint.trustedRegistries',
  ]);
  assert.deepEqual(manifest.contributes, source.contributes, 'the .vsix was built from this package.json');
  // Every command the code registers is contributed, and the other way round.
  const registered = [...fs.readFileSync(path.join(EXTENSION_DIR, 'src', 'extension.js'), 'utf8')
    .matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, manifest.contributes.commands.map((c) => c.command).sort());
});

test('files: one bundle, the page with its wasm; no sources, node_modules, tests or dev tools', () => {
  const has = (name) => names.includes(`extension/${name}`);
  for (const file of ['package.json', 'readme.md', 'LICENSE.txt', 'out/extension.js', 'media/site/index.html',
    'media/site/js/app.js', 'media/site/js/host.js', 'media/site/js/document.js', 'media/site/css/app.css']) {
    assert.ok(has(file), file);
  }
  const code = names.filter((n) => n.startsWith('extension/') && /\.(c|m)?js$/.test(n) && !n.startsWith('extension/media/site/'));
  assert.deepEqual(code, ['extension/out/extension.js'], 'the extension is one JavaScript file');
  const siteWasm = names.filter((n) => /^extension\/media\/site\/pkg\/layerlint_bg\.[0-9a-f]+\.wasm$/.test(n));
  assert.equal(siteWasm.length, 1);
  const imageWasm = names.filter((n) => /^extension\/media\/site\/pkg\/layerlint_image_bg\.[0-9a-f]+\.wasm$/.test(n));
  assert.equal(imageWasm.length, 1);
  assert.deepEqual(names.filter((n) => n.endsWith('.wasm')).sort(), [...siteWasm, ...imageWasm].sort(), 'one copy of each wasm module');
  assert.ok(entries.get('extension/out/extension.js').toString()
    .includes(`join(__dirname,"..","media","site","pkg","${path.basename(siteWasm[0])}")`),
  'the editor and the webview run the same wasm file');
  for (const name of names) {
    assert.doesNotMatch(name, /^extension\/(src|test|test-support|node_modules)\//, name);
    assert.doesNotMatch(name, /\.(vsix|map|d\.ts)$/, name);
    assert.doesNotMatch(name, /^extension\/out\/wasm-glue\.js$/, 'the glue is inlined');
  }
});

test('the page in the .vsix is the built site, with host.js wired into app.js', () => {
  const app = entries.get('extension/media/site/js/app.js').toString();
  assert.match(app, /import \{ host \} from '\.\/host\.js'/);
  const index = entries.get('extension/media/site/index.html').toString();
  assert.match(index, /<script type="module" src="js\/app\.js"><\/script>/);
});

let unpacked;
after(() => unpacked?.dispose());

test('the extension unpacked from the .vsix activates and lints with what it ships', async () => {
  const dir = tempDir('layerlint-vsix-');
  for (const [name, contents] of entries) {
    if (!name.startsWith('extension/') || name.endsWith('/')) continue;
    const file = path.join(dir, name.slice('extension/'.length));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  // Nothing to resolve outside the bundle: no node_modules in the .vsix, none reachable from it.
  assert.throws(() => require.resolve('yaml', { paths: [dir] }));
  const before = new Set(Object.keys(require.cache));
  unpacked = activate(dir);
  const root = tempDir();
  fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [DL3007]\n');
  unpacked.t.addWorkspaceFolder(root);
  const doc = unpacked.t.openDocument({ path: path.join(root, 'Dockerfile'), text: 'FROM ubuntu:latest\nRUN a\nRUN b\n' });
  assert.deepEqual(plain(unpacked.vscode, await settled(unpacked, doc)), [['LL101', 'Warning', '2:0-2:5'], ['LL201', 'Warning', '0:5-0:18']]);
  const loaded = Object.keys(require.cache).filter((k) => !before.has(k) && k.endsWith('.js'));
  assert.deepEqual(loaded, [path.join(dir, 'out', 'extension.js')], 'the bundle alone was loaded, from the unpacked .vsix');
});
