// The one module that turns VS Code settings, `.layerlint.yaml` and `.hadolint.yaml` into the
// linter's config. When the lint config grows a key, add (or fix) its row in KEYS: nothing else
// in the extension knows config keys.
//
// The wasm's `Config` rejects keys it does not know. Rather than a hard-coded list of what it
// accepts today (`ignore`, `severity`), `partition()` asks the loaded linter key by key, so a
// key the linter starts accepting is passed on with no change here; keys it does not accept yet
// go to `notYetAccepted` (shown in the layerlint output channel), never silently dropped.
'use strict';

const YAML = require('yaml');

const SEVERITIES = ['error', 'warning', 'info', 'style'];

/**
 * Every config key layerlint knows of, accepted by the linter yet or not.
 * - key: the lint config's key (the JSON the wasm `lint(text, config)` takes)
 * - hadolint: the `.hadolint.yaml` key mapped onto it (null: none)
 * - setting: the VS Code setting `layerlint.<setting>` (null: none)
 * - kind: how values are read and merged: `list` of strings (union), `severityMap`
 *   ({id: severity}; settings win per id), `severity` (one severity; settings win)
 */
const KEYS = [
  { key: 'ignore', hadolint: 'ignored', setting: 'ignore', kind: 'list' },
  { key: 'severity', hadolint: 'override', setting: 'severity', kind: 'severityMap' },
  { key: 'trustedRegistries', hadolint: 'trustedRegistries', setting: 'trustedRegistries', kind: 'list' },
  { key: 'enable', hadolint: null, setting: 'enableRules', kind: 'list' },
  { key: 'failureThreshold', hadolint: 'failure-threshold', setting: null, kind: 'severity' },
];

/** Config file names, in the order they are looked for in each directory. */
const CONFIG_FILES = ['.layerlint.yaml', '.layerlint.yml', '.hadolint.yaml', '.hadolint.yml'];

/**
 * @typedef {Record<string, unknown>} Values  config key → value, possibly not accepted yet
 * @typedef {{values: Values, problems: string[], unmapped: string[]}} Read
 */

/**
 * The settings under `layerlint.`, as config values. `get(name)` returns a setting's value.
 * @param {(name: string) => unknown} get
 * @returns {Read}
 */
function fromSettings(get) {
  const out = { values: {}, problems: [], unmapped: [] };
  for (const { key, setting, kind } of KEYS) {
    if (!setting) continue;
    const value = read(kind, get(setting), `setting layerlint.${setting}`, out.problems);
    if (value !== undefined) out.values[key] = value;
  }
  return out;
}

/**
 * A config file's text as config values. `.layerlint.y(a)ml` uses the lint config's own keys
 * (every key is passed on, so the linter judges keys this module does not list);
 * `.hadolint.y(a)ml` uses hadolint's keys, mapped through KEYS.
 * @param {string} name the file's base name
 * @param {string} text
 * @returns {Read}
 */
function fromFile(name, text) {
  const out = { values: {}, problems: [], unmapped: [] };
  let doc;
  try {
    doc = YAML.parse(text) ?? {};
  } catch (error) {
    out.problems.push(`${name}: not valid YAML: ${error.message.split('\n')[0]}`);
    return out;
  }
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    out.problems.push(`${name}: expected a mapping of options at the top level`);
    return out;
  }
  const hadolint = /^\.hadolint\./.test(name);
  for (const [fileKey, raw] of Object.entries(doc)) {
    const row = KEYS.find((k) => (hadolint ? k.hadolint : k.key) === fileKey);
    if (!row) {
      // hadolint options with no layerlint meaning yet (`no-fail`, `format`, `label-schema`, …)
      if (hadolint) out.unmapped.push(fileKey);
      else out.values[fileKey] = raw; // the linter decides: accepted, or not yet
      continue;
    }
    const value = hadolint && row.kind === 'severityMap'
      ? fromHadolintOverride(raw, `${name}: ${fileKey}`, out.problems)
      : read(row.kind, raw, `${name}: ${fileKey}`, out.problems);
    if (value !== undefined) out.values[row.key] = value;
  }
  return out;
}

/** hadolint's `override: {error: [ids], warning: [ids], …}` → `{id: severity}`. */
function fromHadolintOverride(raw, where, problems) {
  if (raw == null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${where}: expected a mapping of severities to lists of rule ids`);
    return undefined;
  }
  const map = {};
  for (const [severity, ids] of Object.entries(raw)) {
    if (!SEVERITIES.includes(severity)) {
      problems.push(`${where}: unknown severity "${severity}" (expected ${SEVERITIES.join(', ')})`);
      continue;
    }
    for (const id of read('list', ids, `${where}.${severity}`, problems) ?? []) map[id] = severity;
  }
  return Object.keys(map).length ? map : undefined;
}

/** One value of a kind; `undefined` when absent or empty (the config stays minimal). */
function read(kind, raw, where, problems) {
  if (raw == null) return undefined;
  if (kind === 'list') {
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
      problems.push(`${where}: expected a list of strings`);
      return undefined;
    }
    const clean = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
    return clean.length ? clean : undefined;
  }
  if (kind === 'severityMap') {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${where}: expected an object of rule id → severity`);
      return undefined;
    }
    const map = {};
    for (const [id, severity] of Object.entries(raw)) {
      if (SEVERITIES.includes(severity)) map[id] = severity;
      else problems.push(`${where}: "${id}": unknown severity "${severity}" (expected ${SEVERITIES.join(', ')})`);
    }
    return Object.keys(map).length ? map : undefined;
  }
  if (kind === 'severity') {
    // hadolint also knows `none`/`ignore` ("never fail"): as good as no threshold.
    if (raw === 'none' || raw === 'ignore') return undefined;
    if (SEVERITIES.includes(raw)) return raw;
    problems.push(`${where}: unknown severity "${raw}" (expected ${SEVERITIES.join(', ')})`);
    return undefined;
  }
  throw new Error(`unknown kind ${kind}`);
}

/**
 * File values, then settings on top: lists are joined, severity maps merged with settings
 * winning per id, single values taken from settings when set. Keys not in KEYS (from
 * `.layerlint.yaml`) come through as they are.
 * @param {Values} file
 * @param {Values} settings
 * @returns {Values}
 */
function merge(file, settings) {
  const out = { ...file };
  for (const [key, value] of Object.entries(settings)) {
    const kind = KEYS.find((k) => k.key === key)?.kind;
    if (kind === 'list' && Array.isArray(out[key])) out[key] = [...new Set([...out[key], ...value])];
    else if (kind === 'severityMap' && out[key]) out[key] = { ...out[key], ...value };
    else out[key] = value;
  }
  return out;
}

/**
 * Split values into what the linter accepts now and what it does not accept yet. `probe(config)`
 * lints with a config and throws the linter's error when it rejects it. A key whose value the
 * linter rejects for another reason (a bad value) becomes a problem and is left out too.
 * @param {Values} values
 * @param {(config: object) => void} probe
 * @returns {{config: Values, notYetAccepted: Values, problems: string[]}}
 */
function partition(values, probe) {
  const config = {};
  const notYetAccepted = {};
  const problems = [];
  for (const [key, value] of Object.entries(values)) {
    try {
      probe({ [key]: value });
      config[key] = value;
    } catch (error) {
      const message = String(error?.message ?? error);
      if (/unknown field/.test(message)) notYetAccepted[key] = value;
      else problems.push(`${key}: ${message}`);
    }
  }
  return { config, notYetAccepted, problems };
}

module.exports = { KEYS, CONFIG_FILES, SEVERITIES, fromSettings, fromFile, merge, partition };
