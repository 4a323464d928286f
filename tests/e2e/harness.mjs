// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (its own
// browser download does not work here), and the repository's own static server.
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serve `dir` (relative to the repository, or absolute) on a free port; resolves to `{ url, close }`. */
export async function serveDir(dir) {
  const server = await serve(resolve(ROOT, dir), 0);
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A fresh page that records every request it makes and every page error, so tests can assert
 * that nothing left 127.0.0.1 and nothing threw.
 */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(url);
  return { page, requests, errors, close: () => context.close() };
}

/**
 * The editor as CodeMirror holds it, once it has replaced the plain editor of the first
 * findings: `{text, selected, focused}`. Reads the view through the
 * page's own CodeMirror bundle (the same module instance: found among the loaded resources).
 */
export async function editorState(page) {
  await page.waitForSelector('#editor .cm-content'); // CodeMirror follows the first findings
  return page.evaluate(async () => {
    const bundle = performance.getEntriesByType('resource').map((e) => e.name)
      .find((name) => /\/pkg\/codemirror(\.[0-9a-f]+)?\.js$/.test(name));
    const { EditorView } = await import(bundle);
    const view = EditorView.findFromDOM(document.getElementById('editor').shadowRoot.querySelector('.cm-editor'));
    const { from, to } = view.state.selection.main;
    return { text: view.state.doc.toString(), selected: view.state.sliceDoc(from, to), focused: view.hasFocus };
  });
}

/** Every recorded request URL that is not on `origin` (data: and blob: URLs are local). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
}

/** A ustar archive of regular files `[[name, Buffer]…]`, for inputs the tests make. */
export function tar(entries) {
  const blocks = [];
  for (const [path, data] of entries) {
    const h = Buffer.alloc(512);
    h.write(path, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('0', 156);
    h.write('ustar\x0000', 257, 'latin1');
    h.write('        ', 148);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
