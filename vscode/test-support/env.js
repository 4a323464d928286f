// Shared set-up for the extension's tests: the `vscode` stand-in, and the extension activated
// against it with the real wasm linter.
'use strict';

const vscode = require('./hook');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const EXTENSION_DIR = path.join(__dirname, '..');
const t = vscode.__test;

/**
 * Activate the extension found in `dir` on a clean stand-in (`fresh: false` keeps documents
 * already open): by default the working copy's sources (vscode/src/); the manifest test passes
 * the unpacked .vsix, whose manifest names the bundle.
 */
function activate(dir = EXTENSION_DIR, { fresh = true } = {}) {
  if (fresh) t.reset();
  const context = t.context(dir);
  const main = dir === EXTENSION_DIR ? 'src/extension.js' : require(path.join(dir, 'package.json')).main;
  const extension = require(path.join(dir, main));
  const instance = extension.activate(context);
  const collection = t.state.collections.find((c) => c.name === 'layerlint');
  return {
    vscode,
    t,
    context,
    instance,
    collection,
    output: () => t.state.outputs.find((o) => o.name === 'layerlint').lines,
    /** The next `set` of diagnostics for `doc` that satisfies `accept` (default: any). */
    nextDiagnostics(doc, accept = () => true) {
      return new Promise((resolve) => {
        const listener = collection.onDidSet((entry) => {
          if (entry.uri.toString() === doc.uri.toString() && accept(entry.diagnostics)) {
            listener.dispose();
            resolve(entry.diagnostics);
          }
        });
      });
    },
    /** Diagnostics published now for `doc`. */
    diagnostics: (doc) => collection.get(doc.uri),
    dispose() {
      for (const d of context.subscriptions) d?.dispose();
      t.reset();
    },
  };
}

/** The diagnostics of the lint of `doc` that is running or next: resolves once it published. */
async function settled(env, doc) {
  // lint() is async only while reading config files; a microtask-free wait is one macrotask loop.
  for (let i = 0; i < 50 && !env.diagnostics(doc); i++) await new Promise((r) => setImmediate(r));
  return env.diagnostics(doc);
}

/** A fresh temporary folder, removed at exit. */
function tempDir(prefix = 'layerlint-vscode-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The diagnostics as plain data: [rule, severity name, "l:c-l:c", message] sorted. */
function plain(vscode, diagnostics) {
  const names = Object.fromEntries(Object.entries(vscode.DiagnosticSeverity).map(([k, v]) => [v, k]));
  return diagnostics.map((d) => [
    d.code.value, names[d.severity],
    `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  ]).sort((a, b) => a.join().localeCompare(b.join()));
}

module.exports = { vscode, t, activate, settled, tempDir, plain, EXTENSION_DIR };
