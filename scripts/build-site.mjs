// Assembles site/ from web/ and pkg/: the wasm glue and module get content-hashed names (so
// they can be cached for a year) and the references to them are rewritten. web/ itself keeps
// plain relative paths, so the page also works at /web/index.html from the repository root.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'web');
const pkg = join(root, 'pkg');
const site = join(root, 'site');

const hashed = {};
rmSync(site, { recursive: true, force: true });
cpSync(web, site, { recursive: true });
mkdirSync(join(site, 'pkg'));
for (const name of ['layerlint.js', 'layerlint_bg.wasm']) {
  const bytes = readFileSync(join(pkg, name));
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  hashed[name] = name.replace(/\.(js|wasm)$/, `.${hash}.$1`);
}
// The glue's default module URL must name the hashed module too.
const glue = readFileSync(join(pkg, 'layerlint.js'), 'utf8')
  .replaceAll("'layerlint_bg.wasm'", `'${hashed['layerlint_bg.wasm']}'`);
writeFileSync(join(site, 'pkg', hashed['layerlint.js']), glue);
cpSync(join(pkg, 'layerlint_bg.wasm'), join(site, 'pkg', hashed['layerlint_bg.wasm']));

// In web/, `pkg/` is a sibling of `web/`; in site/ it is inside: one `../` fewer.
const reference = /((?:\.\.\/)+)pkg\/(layerlint(?:_bg)?\.(?:js|wasm))/g;
for (const file of walk(site)) {
  if (!/\.(js|mjs|html)$/.test(file) || relative(site, file).startsWith('pkg/')) continue;
  const text = readFileSync(file, 'utf8');
  const out = text.replace(reference, (_, ups, name) => `${ups.slice(3) || './'}pkg/${hashed[name]}`);
  if (out !== text) writeFileSync(file, out);
}
console.error(`[build] site/ ready (${Object.values(hashed).join(', ')})`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
