// A static server for site/ with the same headers as netlify.toml, so what is tested locally is
// what is deployed. Usage: node scripts/serve.mjs [DIR=site] [PORT=8080]
import { createServer } from 'node:http';
import { readFileSync, statSync, createReadStream } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { parse } from 'smol-toml';

const root = new URL('..', import.meta.url).pathname;
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8', '.tar': 'application/x-tar', '.gz': 'application/gzip',
  '.zst': 'application/zstd',
};
const DEFAULT_CACHE = 'public, max-age=0, must-revalidate'; // Netlify's default

/** Netlify `for` patterns: `/*` prefix globs and `/*.ext` suffix globs. */
function matches(pattern, path) {
  if (pattern.startsWith('/*.')) return path.endsWith(pattern.slice(2));
  if (pattern.endsWith('/*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

export function headersFor(path) {
  const config = parse(readFileSync(join(root, 'netlify.toml'), 'utf8'));
  const out = { 'Cache-Control': DEFAULT_CACHE };
  for (const rule of config.headers ?? []) {
    if (matches(rule.for, path)) Object.assign(out, rule.values);
  }
  return out;
}

/** Serve `dir` on 127.0.0.1:`port` (0 = any free port). Resolves to the server. */
export function serve(dir, port) {
  const base = normalize(dir) + sep;
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    let ok = file.startsWith(base);
    try { ok = ok && statSync(file).isFile(); } catch { ok = false; }
    if (!ok) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headersFor(path) });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(process.cwd(), process.argv[2] ?? 'site');
  const server = await serve(dir, Number(process.argv[3] ?? 8080));
  console.log(`layerlint is served at http://127.0.0.1:${server.address().port}/ (Ctrl-C stops)`);
}
