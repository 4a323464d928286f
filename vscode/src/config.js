// The one module that turns VS Code settings, `.layerlint.yaml` and `.hadolint.yaml` into the
// linter's config. When the lint config grows a key worth a setting, add its row to KEYS (and the
// setting to package.json): nothing else in the extension knows config keys.
//
// - `.hadolint.yaml` is mapped by the linter itself (wasm `configFromHadolint`: `ignored`,
//   `override`, `trustedRegistries`, `label-schema`, `strict-labels`, `disable-ignore-pragma`,
//   `failure-threshold`, `no-fail`), exactly as the CLI maps it.
// - `.layerlint.yaml` is in the lint config's own shape and passed on key by key.
// - The linter's `Config` rejects keys it does not know. `partition()` asks the loaded linter
//   key by key, so a key it does not accept (misspelt, or newer than this linter) is held back in
//   `notYetAccepted` and shown in the layerlint output channel — never silently dropped, and never
//   the reason the rest of the config is lost.
'use strict';

const YAML = require('yaml');

const SEVERITIES = ['error', 'warning', 'info', 'style'];

/**
 * The VS Code settings `layerlint.<setting>` and the lint config key each one sets.
 * kind: how the value is read and merged over a config file's —
 *   `list` of strings (joined), `severityMap` / `stringMap` (merged, the setting wins per key),
 *   `flag` (true turns it on; false leaves the file's value), `count` (a positive integer, wins).
 */
const KEYS = [
  { key: 'ignore', setting: 'ignore', kind: 'list' },
  { key: 'severity', setting: 'severity', kind: 'severityMap' },
  { key: 'enable', setting: 'enableRules', kind: 'list' },
  { key: 'trustedRegistries', setting: 'trustedRegistries', kind: 'list' },
  { key: 'labelSchema', setting: 'labelSchema', kind: 'stringMap' },
  { key: 'strictLabels', setting: 'strictLabels', kind: 'flag' },
  { key: 'disableIgnorePragma', setting: 'disableIgnorePragma', kind: 'flag' },
  { key: 'maxLayers', setting: 'maxLayers', kind: 'count' },
];

/** Config file names: the layerlint ones are looked for first, as the CLI does. */
const LAYERLINT_FILES = ['.layerlint.yaml', '.layerlint.yml'];
const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
const CONFIG_FILES = [...LAYERLINT_FILES, ...HADOLINT_FILES];

/**
 * @typedef {Record<string, unknown>} Values  config key → value, possibly not accepted yet
 * @typedef {{values: Values, problems: string[]}} Read
 */

/**
 * The settings under `layerlint.`, as config values; unset and empty settings give nothing.
 * @param {(name: string) => unknown} get a setting's value
 * @returns {Read}
 */
function fromSettings(get) {
  const out = { values: {}, problems: [] };
  for (const { key, setting, kind } of KEYS) {
    const value = read(kind, get(setting), `setting layerlint.${setting}`, out.problems);
    if (value !== undefined) out.values[key] = value;
  }
  return out;
}

/**
 * A config file's text as config values.
 * @param {string} name the file's base name
 * @param {string} text
 * @param {(document: unknown) => Values} fromHadolint the linter's `configFromHadolint`
 * @returns {Read}
 */
function fromFile(name, text, fromHadolint) {
  const out = { values: {}, problems: [] };
  let document;
  try {
    document = YAML.parse(text) ?? {};
  } catch (error) {
    out.problems.push(`${name}: not valid YAML: ${error.message.split('\n')[0]}`);
    return out;
  }
  if (HADOLINT_FILES.includes(name)) {
    try {
      out.values = fromHadolint(document);
    } catch (error) {
      out.problems.push(`${name}: ${error?.message ?? error}`);
    }
    return out;
  }
  if (typeof document !== 'object' || Array.isArray(document)) {
    out.problems.push(`${name}: expected a mapping of options at the top level`);
    return out;
  }
  out.values = document;
  return out;
}

/** One setting's value; `undefined` when unset, empty or off (the config stays minimal). */
function read(kind, raw, where, problems) {
  if (raw == null) return undefined;
  const fail = (expected) => { problems.push(`${where}: expected ${expected}`); return undefined; };
  switch (kind) {
    case 'list': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return fail('a list of strings');
      const clean = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
      return clean.length ? clean : undefined;
    }
    case 'severityMap':
    case 'stringMap': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return fail('an object');
      const map = {};
      for (const [id, value] of Object.entries(raw)) {
        if (kind === 'severityMap' && !SEVERITIES.includes(value)) {
          problems.push(`${where}: "${id}": unknown severity "${value}" (expected ${SEVERITIES.join(', ')})`);
        } else if (typeof value !== 'string') {
          problems.push(`${where}: "${id}": expected a string`);
        } else {
          map[id] = value;
        }
      }
      return Object.keys(map).length ? map : undefined;
    }
    case 'flag':
      if (typeof raw !== 'boolean') return fail('true or false');
      return raw || undefined;
    case 'count':
      if (!Number.isSafeInteger(raw) || raw < 1) return fail('a whole number of at least 1');
      return raw;
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/**
 * A config file's values, then the settings on top, as KEYS says per kind. Keys without a
 * setting (from the file) come through as they are.
 * @param {Values} file
 * @param {Values} settings
 * @returns {Values}
 */
function merge(file, settings) {
  const out = { ...file };
  for (const [key, value] of Object.entries(settings)) {
    const kind = KEYS.find((k) => k.key === key)?.kind;
    if (kind === 'list' && Array.isArray(out[key])) out[key] = [...new Set([...out[key], ...value])];
    else if ((kind === 'severityMap' || kind === 'stringMap') && out[key] && typeof out[key] === 'object') out[key] = { ...out[key], ...value };
    else out[key] = value;
  }
  return out;
}

/**
 * Split values into what the linter accepts and what it does not accept (yet). `probe(config)`
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

module.exports = {
  KEYS, CONFIG_FILES, LAYERLINT_FILES, HADOLINT_FILES, SEVERITIES, fromSettings, fromFile, merge, partition,
};
