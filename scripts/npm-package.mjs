// Makes pkg/ (wasm-bindgen's output) a publishable npm package: package.json (name, version
// from crate/Cargo.toml, ES module entry and types), the README for npm and the licences.
// Run by scripts/build.sh after wasm-bindgen; `npm pack` in pkg/ then gives the tarball.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = join(root, 'pkg');
const cargo = readFileSync(join(root, 'crate/Cargo.toml'), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'))?.[1];

const manifest = {
  name: 'layerlint',
  version: field('version'),
  description: `${field('description')}, as WebAssembly: lint Dockerfiles and inspect image archives in the browser or Node`,
  license: 'MIT OR Apache-2.0',
  repository: { type: 'git', url: 'git+https://github.com/layerlint/layerlint.git' },
  homepage: 'https://layerlint.netlify.app',
  keywords: ['dockerfile', 'linter', 'container', 'oci', 'hadolint', 'buildkit', 'wasm'],
  type: 'module',
  main: 'layerlint.js',
  module: 'layerlint.js',
  types: 'layerlint.d.ts',
  exports: {
    '.': { types: './layerlint.d.ts', default: './layerlint.js' },
    './layerlint_bg.wasm': './layerlint_bg.wasm',
    './rules.json': './rules.json',
  },
  files: [
    'layerlint.js',
    'layerlint.d.ts',
    'layerlint_bg.wasm',
    'layerlint_bg.wasm.d.ts',
    'rules.json',
    'README.md',
    'LICENSE-MIT',
    'LICENSE-APACHE',
  ],
  sideEffects: false,
};
writeFileSync(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(root, 'docs/npm-README.md'), join(pkg, 'README.md'));
for (const licence of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  copyFileSync(join(root, licence), join(pkg, licence));
}
