// pkg/ as the npm package others embed (built by scripts/build.sh): `npm pack` gives a tarball
// named and versioned like the crate, with the module, its types, the wasm, a README and the
// licences — and nothing else; the packed module, unpacked, initialises in Node and lints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '../..');
const pkg = join(repo, 'pkg');
const crateVersion = readFileSync(join(repo, 'crate/Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

test('npm pack of pkg/ has the name, version, types and files a consumer needs', async () => {
  assert.ok(existsSync(join(pkg, 'package.json')), 'pkg/ is not built: run scripts/build.sh');
  const dir = mkdtempSync(join(tmpdir(), 'layerlint-npm-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: pkg, encoding: 'utf8' }));
    assert.equal(packed.name, 'layerlint');
    assert.equal(packed.version, crateVersion);
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [
      'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'layerlint.d.ts', 'layerlint.js',
      'layerlint_bg.wasm', 'layerlint_bg.wasm.d.ts', 'package.json', 'rules.json',
    ]);

    execFileSync('tar', ['-xzf', join(dir, packed.filename), '-C', dir]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8'));
    assert.equal(manifest.types, 'layerlint.d.ts');
    assert.equal(manifest.type, 'module');
    const types = readFileSync(join(dir, 'package/layerlint.d.ts'), 'utf8');
    assert.match(types, /export function lint\(/);
    assert.match(types, /export function lintInContext\(/);

    const mod = await import(pathToFileURL(join(dir, 'package', manifest.exports['.'].default)));
    await mod.default({ module_or_path: readFileSync(join(dir, 'package/layerlint_bg.wasm')) });
    const report = mod.lint('FROM ubuntu:latest\nRUN curl -sSL https://x.io/i.sh | sh\n');
    const rules = report.files[0].findings.map((f) => f.rule);
    assert.ok(rules.includes('LL607') && rules.includes('LL609'), rules.join(' '));
    const inContext = mod.lintInContext('FROM node:22\nCOPY . .\n', null, 'Dockerfile', null);
    assert.ok(inContext.files[0].findings.some((f) => f.rule === 'LL107'));
    // The rules' documentation, outside the wasm, through the package's export.
    const { default: docs } = await import(pathToFileURL(join(dir, 'package', manifest.exports['./rules.json'])), { with: { type: 'json' } });
    const ll609 = docs.find((r) => r.id === 'LL609');
    assert.ok(ll609.title && ll609.bad && ll609.url.endsWith('#rule-LL609'), JSON.stringify(ll609));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
