// The wasm linter in the extension host (Node). Loaded on first use, from files inside the
// extension: no network, ever.
//
// Why this route: the page's glue (`pkg/`) is `--target web`, an ES module. VS Code's extension
// host loads extensions as CommonJS, and a dynamic `import()` of an ES module from a packaged
// extension has failed in released VS Code builds (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING /
// "Invalid host defined options": the extension code runs in a vm script without a dynamic
// import callback; microsoft/vscode#130367). So scripts/build-vscode.sh runs
// `wasm-bindgen --target nodejs` on the same compiled `layerlint.wasm` for a CommonJS glue,
// which `require`s synchronously and reads the page's own optimized wasm from `media/site/pkg/`
// — the very file the webview runs, shipped once (the build checks that the glue instantiates
// it). Lints in the editor and on the page cannot disagree.
'use strict';

// Made by scripts/build-vscode.sh; esbuild inlines it into out/extension.js.
const GLUE = '../out/wasm-glue.js';

/** @type {null | {lint: Function, applyEdits: Function, fixAll: Function, version: Function}} */
let wasm = null;

/** The wasm-bindgen exports: `lint`, `applyEdits`, `fixAll`, `version`. */
function load() {
  if (!wasm) {
    try {
      wasm = require('../out/wasm-glue.js');
    } catch (error) {
      throw new Error(`layerlint: cannot load the linter from ${GLUE} (${error.message}). Build it with scripts/build.sh.`);
    }
  }
  return wasm;
}

/**
 * @typedef {{line: number, column: number, offset: number}} Position
 * @typedef {{start: Position, end: Position}} Span
 * @typedef {{start: number, end: number, text: string}} Edit
 * @typedef {{rule: string, name: string, aliases: string[], related: string[], severity: 'error'|'warning'|'info'|'style',
 *   message: string, span: Span, fix: null | {title: string, edits: Edit[]}}} Finding
 */

/**
 * Lint one Dockerfile's text; with `context` (`{dockerignore: text | null}`, see
 * buildContext.js) the `.dockerignore` rules run too. Throws when the config is rejected.
 * @returns {Finding[]}
 */
function lint(text, config, path, context) {
  const wasm = load();
  const report = context === undefined
    ? wasm.lint(text, config ?? null, path ?? 'Dockerfile')
    : wasm.lintInContext(text, config ?? null, path ?? 'Dockerfile', context.dockerignore ?? null);
  return report.files[0].findings;
}

/** `text` with every available fix applied. */
function fixAll(text, config) {
  return load().fixAll(text, config ?? null);
}

/** `text` with one fix's byte-offset edits applied. */
function applyEdits(text, edits) {
  return load().applyEdits(text, edits);
}

function version() {
  return load().version();
}

/** A lint config from a parsed `.hadolint.yaml` document, mapped as the CLI maps it. Throws when invalid. */
function configFromHadolint(document) {
  return load().configFromHadolint(document ?? null);
}

let ruleList = null;
/**
 * Every rule's documentation: `[{id, aliases, title, url, …}]` (read once), from the page's
 * `rules.<hash>.json` in media/site/pkg/ (`layerlint rules`; the wasm leaves the docs out).
 */
function rules() {
  if (!ruleList) {
    const fs = require('node:fs');
    const path = require('node:path');
    const dir = path.join(__dirname, '..', 'media', 'site', 'pkg');
    const file = fs.readdirSync(dir).find((name) => /^rules\.[0-9a-f]+\.json$/.test(name));
    if (!file) throw new Error(`layerlint: no rules.json in ${dir}. Build it with scripts/build.sh.`);
    ruleList = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  return ruleList;
}

module.exports = { lint, fixAll, applyEdits, version, configFromHadolint, rules, GLUE };
