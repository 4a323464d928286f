// Settings and config files → the lint config, judged by the real wasm linter.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
require('../test-support/hook');
const { KEYS, fromSettings, fromFile, merge, partition } = require('../src/config');
const linter = require('../src/linter');
const manifest = require('../package.json');

const probe = (config) => linter.lint('', config);
const fromHadolint = (document) => linter.configFromHadolint(document);
const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';
const rulesOf = (config) => linter.lint(DOCKERFILE, config).map((f) => `${f.rule}:${f.severity}`).sort();

test('settings → config values (unset, empty and off settings give nothing)', () => {
  const settings = {
    ignore: ['LL101', ' DL3007 ', 'LL101', ''],
    severity: { LL201: 'error' },
    trustedRegistries: ['docker.io'],
    enableRules: [],
    maxLayers: 12,
    labelSchema: { maintainer: 'text' },
    strictLabels: false,
    disableIgnorePragma: true,
    run: 'onType',
  };
  const { values, problems } = fromSettings((name) => settings[name]);
  assert.deepEqual(values, {
    ignore: ['LL101', 'DL3007'], severity: { LL201: 'error' }, trustedRegistries: ['docker.io'],
    maxLayers: 12, labelSchema: { maintainer: 'text' }, disableIgnorePragma: true,
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(fromSettings(() => undefined).values, {});
});

test('every layerlint.* setting in the manifest is mapped (or is the editor-only `run`), and the other way round', () => {
  const mapped = new Set(KEYS.map((k) => k.setting));
  const declared = Object.keys(manifest.contributes.configuration.properties).map((n) => n.replace(/^layerlint\./, ''));
  assert.deepEqual(declared.filter((s) => !mapped.has(s)), ['run']);
  assert.deepEqual([...mapped].filter((s) => !declared.includes(s)), []);
});

test('every config key a setting maps to is one the linter accepts', () => {
  const samples = { list: ['LL101'], severityMap: { LL101: 'info' }, stringMap: { maintainer: 'text' }, flag: true, count: 3 };
  const values = Object.fromEntries(KEYS.map((k) => [k.key, samples[k.kind]]));
  const { config, notYetAccepted, problems } = partition(values, probe);
  assert.deepEqual(notYetAccepted, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.keys(config).sort(), KEYS.map((k) => k.key).sort());
});

test('bad setting values are reported, not passed on', () => {
  const settings = { ignore: 'LL101', severity: { LL101: 'fatal', LL302: 'info' }, trustedRegistries: [1], maxLayers: 0, strictLabels: 'yes' };
  const { values, problems } = fromSettings((name) => settings[name]);
  assert.deepEqual(values, { ignore: ['LL101'], severity: { LL302: 'info' } }); // a lone string is a list of one
  assert.deepEqual(problems.map((p) => p.replace(/:.*/, '')), [
    'setting layerlint.severity', 'setting layerlint.trustedRegistries', 'setting layerlint.strictLabels', 'setting layerlint.maxLayers',
  ]);
  assert.match(problems[0], /"LL101": unknown severity "fatal"/);
});

test('.hadolint.yaml is mapped by the linter, as the CLI maps it', () => {
  const { values, problems } = fromFile('.hadolint.yaml', [
    'ignored: [DL3007, LL101]',
    'override:',
    '  error: [LL201]',
    '  info: [DL3006]',
    'trustedRegistries:',
    '  - docker.io',
    '  - my-company.com:5000',
    'label-schema: {author: text}',
    'strict-labels: true',
    'failure-threshold: error',
    'format: tty',
  ].join('\n'), fromHadolint);
  assert.deepEqual(problems, []);
  assert.deepEqual(values.ignore, ['DL3007', 'LL101']);
  assert.deepEqual(values.severity, { LL201: 'error', DL3006: 'info' });
  assert.deepEqual(values.trustedRegistries, ['docker.io', 'my-company.com:5000']);
  assert.deepEqual(values.labelSchema, { author: 'text' });
  assert.equal(values.strictLabels, true);
  assert.equal(values.failOn, 'error');
  assert.equal(fromFile('.hadolint.yml', 'no-fail: true', fromHadolint).values.failOn, null);
});

test('config file problems: bad YAML, keys and values hadolint does not know, a list at the top', () => {
  assert.match(fromFile('.hadolint.yaml', 'ignored: [DL3007', fromHadolint).problems[0], /^\.hadolint\.yaml: not valid YAML/);
  assert.match(fromFile('.hadolint.yaml', 'ignore: [DL3007]', fromHadolint).problems[0], /unknown key `ignore`/);
  assert.match(fromFile('.hadolint.yaml', 'override:\n  fatal: [DL3007]\n', fromHadolint).problems[0], /fatal/);
  assert.match(fromFile('.layerlint.yml', '- a list', fromHadolint).problems[0], /mapping/);
  assert.deepEqual(fromFile('.layerlint.yaml', '', fromHadolint), { values: {}, problems: [] });
});

test('.layerlint.yaml uses the config\'s own keys; the linter judges each', () => {
  const { values } = fromFile('.layerlint.yaml', 'ignore: [LL101]\nseverity: {LL302: error}\nmaxLayers: 5\nignroe: [LL201]\n', fromHadolint);
  const { config, notYetAccepted, problems } = partition(values, probe);
  assert.deepEqual(config, { ignore: ['LL101'], severity: { LL302: 'error' }, maxLayers: 5 });
  // A misspelt (or newer) key is held back, not the reason the rest is lost.
  assert.deepEqual(notYetAccepted, { ignroe: ['LL201'] });
  assert.deepEqual(problems, []);
  const bad = partition({ ignore: 'LL101', severity: { LL101: 'loud' } }, probe);
  assert.deepEqual(bad.config, {});
  assert.match(bad.problems[0], /^ignore: invalid layerlint config: invalid type/);
  assert.match(bad.problems[1], /^severity: invalid layerlint config: unknown variant `loud`/);
});

test('merge: lists joined, maps merged with settings winning, scalars from settings', () => {
  const merged = merge(
    { ignore: ['LL101'], severity: { LL302: 'error', LL201: 'info' }, failOn: 'error', maxLayers: 20, labelSchema: { a: 'url' }, strictLabels: true },
    { ignore: ['LL101', 'DL3007'], severity: { LL302: 'style' }, trustedRegistries: ['ghcr.io'], maxLayers: 8, labelSchema: { b: 'text' } },
  );
  assert.deepEqual(merged, {
    ignore: ['LL101', 'DL3007'],
    severity: { LL302: 'style', LL201: 'info' },
    failOn: 'error',
    maxLayers: 8,
    labelSchema: { a: 'url', b: 'text' },
    strictLabels: true,
    trustedRegistries: ['ghcr.io'],
  });
});

test('a hadolint config file end to end: DL ids silence and re-rank layerlint rules', () => {
  const file = fromFile('.hadolint.yaml', 'ignored: [DL3007]\noverride:\n  style: [DL3059]\n  error: [LL201]\n', fromHadolint);
  const { config, notYetAccepted } = partition(merge(file.values, {}), probe);
  assert.deepEqual(notYetAccepted, {});
  // DL3007 is LL302's alias; DL3059 is LL101's on two single-command RUNs (hadolint's case).
  assert.deepEqual(rulesOf(config), ['LL101:style', 'LL201:error']);
});

test('settings over a file: trusted registries and opt-in rules reach the linter\'s config', () => {
  const file = fromFile('.layerlint.yaml', 'trustedRegistries: [ghcr.io]\n', fromHadolint);
  const settings = fromSettings((name) => ({ trustedRegistries: ['quay.io'], enableRules: ['LL303'] })[name]);
  const { config } = partition(merge(file.values, settings.values), probe);
  // Accepted by the linter's config (the rules that use them are still being written).
  assert.deepEqual(config, { trustedRegistries: ['ghcr.io', 'quay.io'], enable: ['LL303'] });
});
