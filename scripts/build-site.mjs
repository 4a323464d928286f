// Bundles CodeMirror (web/js/codemirror.entry.js, with esbuild, from node_modules) into
// pkg/codemirror.js, then assembles site/ from web/ and pkg/. Every file of pkg/ gets a
// content-hashed name in site/pkg/ (so it can be cached for a year) and the references to it
// are rewritten: the two wasm modules and their glue (the lint module, layerlint*, that the page
// loads; the image module, layerlint_image*, loaded when the first file is dropped), the
// editor bundle and the rules' documentation (rules.json). web/sw.js gets the list of the site's
// files and a cache name that changes with them. web/ itself keeps plain relative paths, so the
// page also works at /web/index.html from the repository root.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const pkg = join(root, 'pkg');
const site = join(root, 'site');

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);
const hashedName = (name, bytes) => name.replace(/\.(js|wasm|json)$/, `.${hash(bytes)}.$1`);

// CodeMirror: the entry re-exports what the editor uses; here it becomes one file.
await build({
  entryPoints: [join(web, 'js', 'codemirror.entry.js')], outfile: join(pkg, 'codemirror.js'),
  bundle: true, format: 'esm', minify: true, target: 'es2020', legalComments: 'eof', logLevel: 'warning',
  banner: { js: '// CodeMirror 6 (MIT licence, https://codemirror.net), bundled with esbuild by scripts/build-site.mjs' },
});

rmSync(site, { recursive: true, force: true });
cpSync(web, site, { recursive: true, filter: (from) => !from.endsWith('.entry.js') });
mkdirSync(join(site, 'pkg'));

// The wasm modules and their glue. Each glue's default module URL must name its hashed module.
const hashed = {};
for (const module of ['layerlint', 'layerlint_image']) {
  const wasm = readFileSync(join(pkg, `${module}_bg.wasm`));
  hashed[`${module}_bg.wasm`] = hashedName(`${module}_bg.wasm`, wasm);
  writeFileSync(join(site, 'pkg', hashed[`${module}_bg.wasm`]), wasm);
  const glue = readFileSync(join(pkg, `${module}.js`), 'utf8')
    .replaceAll(`'${module}_bg.wasm'`, `'${hashed[`${module}_bg.wasm`]}'`);
  hashed[`${module}.js`] = hashedName(`${module}.js`, glue);
  writeFileSync(join(site, 'pkg', hashed[`${module}.js`]), glue);
}

// The editor bundle and the rules' documentation (fetched when the Rules tab opens).
for (const name of ['codemirror.js', 'rules.json']) {
  const bytes = readFileSync(join(pkg, name));
  hashed[name] = hashedName(name, bytes);
  writeFileSync(join(site, 'pkg', hashed[name]), bytes);
}

// In web/, `pkg/` is a sibling of `web/`; in site/ it is inside: one `../` fewer.
// The names come from `hashed`, so a file hashed above is always rewritten here.
const names = Object.keys(hashed).map((name) => name.replaceAll('.', '\\.')).join('|');
const reference = new RegExp(`((?:\\.\\./)+)pkg/(${names})`, 'g');
for (const file of walk(site)) {
  if (!/\.(js|mjs|html)$/.test(file) || relative(site, file).startsWith('pkg/')) continue;
  const text = readFileSync(file, 'utf8');
  const out = text.replace(reference, (_, ups, name) => `${ups.slice(3) || './'}pkg/${hashed[name]}`);
  if (out !== text) writeFileSync(file, out);
}

// The service worker precaches every file of the site (the image module too, so inspection
// works offline); its cache is named after their hash, so a new build replaces it.
const files = [...walk(site)].map((f) => relative(site, f)).filter((f) => f !== 'sw.js').sort();
const version = hash(files.map((f) => `${f}\0${hash(readFileSync(join(site, f)))}`).join('\n'));
const sw = readFileSync(join(site, 'sw.js'), 'utf8');
if (!sw.includes("const VERSION = 'dev';") || !sw.includes('const FILES = [];')) {
  throw new Error('web/sw.js no longer has the VERSION and FILES lines this script fills');
}
const filled = sw.replace("const VERSION = 'dev';", `const VERSION = '${version}';`)
  .replace('const FILES = [];', `const FILES = ${JSON.stringify(['./', ...files])};`);
writeFileSync(join(site, 'sw.js'), filled);

console.error(`[build] site/ ready (${Object.values(hashed).join(', ')}; service worker cache ${version})`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
