// Settings and config files → the lint config, judged by the real wasm linter.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
require('../test-support/hook');
const { KEYS, fromSettings, fromFile, merge, partition } = require('../src/config');
const linter = require('../src/linter');
const manifest = require('../package.json');

const probe = (config) => linter.lint('', config);
const DOCKERFILE = 'FROM ubuntu:latest\nRUN apt-get update\nRUN apt-get install -y curl\n';
const rulesOf = (config) => linter.lint(DOCKERFILE, config).map((f) => `${f.rule}:${f.severity}`).sort();

test('settings → config values (empty settings give an empty config)', () => {
  const settings = {
    ignore: ['LL101', ' DL3007 ', 'LL101', ''],
    severity: { LL201: 'error' },
    trustedRegistries: ['docker.io'],
    enableRules: [],
    run: 'onType',
  };
  const { values, problems } = fromSettings((name) => settings[name]);
  assert.deepEqual(values, { ignore: ['LL101', 'DL3007'], severity: { LL201: 'error' }, trustedRegistries: ['docker.io'] });
  assert.deepEqual(problems, []);
  assert.deepEqual(fromSettings(() => undefined).values, {});
});

test('every layerlint.* setting in the manifest is mapped or is an editor option', () => {
  const mapped = new Set(KEYS.map((k) => k.setting).filter(Boolean));
  for (const name of Object.keys(manifest.contributes.configuration.properties)) {
    const setting = name.replace(/^layerlint\./, '');
    assert.ok(mapped.has(setting) || setting === 'run', `${name} is neither mapped nor known`);
  }
  for (const setting of mapped) assert.ok(`layerlint.${setting}` in manifest.contributes.configuration.properties, setting);
});

test('bad setting values are reported, not passed on', () => {
  const settings = { ignore: 'LL101', severity: { LL101: 'fatal', LL302: 'info' }, trustedRegistries: [1] };
  const { values, problems } = fromSettings((name) => settings[name]);
  assert.deepEqual(values, { ignore: ['LL101'], severity: { LL302: 'info' } }); // a lone string is a list of one
  assert.equal(problems.length, 2);
  assert.match(problems[0], /layerlint\.severity.*LL101.*fatal/);
  assert.match(problems[1], /layerlint\.trustedRegistries: expected a list of strings/);
});

test('.hadolint.yaml: ignored, override, trustedRegistries, failure-threshold mapped; the rest listed', () => {
  const { values, problems, unmapped } = fromFile('.hadolint.yaml', [
    'ignored: [DL3007, LL101]',
    'override:',
    '  error: [LL201]',
    '  info: [DL3006]',
    'trustedRegistries:',
    '  - docker.io',
    '  - my-company.com:5000',
    'failure-threshold: warning',
    'no-fail: true',
    'label-schema: {author: text}',
  ].join('\n'));
  assert.deepEqual(values, {
    ignore: ['DL3007', 'LL101'],
    severity: { LL201: 'error', DL3006: 'info' },
    trustedRegistries: ['docker.io', 'my-company.com:5000'],
    failureThreshold: 'warning',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(unmapped, ['no-fail', 'label-schema']);
});

test('.hadolint.yaml problems: bad YAML, bad severities', () => {
  assert.match(fromFile('.hadolint.yaml', 'ignored: [DL3007').problems[0], /not valid YAML/);
  assert.match(fromFile('.hadolint.yml', '- a list').problems[0], /mapping/);
  const bad = fromFile('.hadolint.yaml', 'override:\n  fatal: [DL3007]\nfailure-threshold: loud\n');
  assert.deepEqual(bad.values, {});
  assert.equal(bad.problems.length, 2);
  assert.deepEqual(fromFile('.hadolint.yaml', '').values, {});
  assert.deepEqual(fromFile('.hadolint.yaml', 'failure-threshold: none').values, {});
});

test('.layerlint.yaml uses the config\'s own keys and passes unknown ones to the linter to judge', () => {
  const { values } = fromFile('.layerlint.yaml', 'ignore: [LL101]\nseverity: {LL302: error}\nthresholds: {layers: 20}\n');
  assert.deepEqual(values, { ignore: ['LL101'], severity: { LL302: 'error' }, thresholds: { layers: 20 } });
});

test('merge: lists joined, severities merged with settings winning, single values from settings', () => {
  const merged = merge(
    { ignore: ['LL101'], severity: { LL302: 'error', LL201: 'info' }, failureThreshold: 'error', thresholds: { a: 1 } },
    { ignore: ['LL101', 'DL3007'], severity: { LL302: 'style' }, trustedRegistries: ['ghcr.io'] },
  );
  assert.deepEqual(merged, {
    ignore: ['LL101', 'DL3007'],
    severity: { LL302: 'style', LL201: 'info' },
    failureThreshold: 'error',
    thresholds: { a: 1 },
    trustedRegistries: ['ghcr.io'],
  });
});

test('partition asks the real linter: accepted keys in config, the others waiting, bad values as problems', () => {
  const { config, notYetAccepted, problems } = partition({
    ignore: ['DL3007'],
    severity: { LL201: 'error' },
    trustedRegistries: ['docker.io'],
    enable: ['LL999'],
    failureThreshold: 'warning',
  }, probe);
  // Today's wasm Config accepts ignore and severity only; when it grows, these move across
  // with no change in the extension — and this test says so by failing here.
  assert.deepEqual(config, { ignore: ['DL3007'], severity: { LL201: 'error' } });
  assert.deepEqual(notYetAccepted, { trustedRegistries: ['docker.io'], enable: ['LL999'], failureThreshold: 'warning' });
  assert.deepEqual(problems, []);
  // The accepted config is the one the linter applies.
  assert.deepEqual(rulesOf(config), ['LL101:warning', 'LL201:error']);
  assert.deepEqual(rulesOf({}), ['LL101:warning', 'LL201:warning', 'LL302:warning']);

  const bad = partition({ ignore: 'LL101' }, probe);
  assert.deepEqual(bad.config, {});
  assert.match(bad.problems[0], /^ignore: invalid layerlint config: invalid type/);
});

test('a hadolint config file end to end: DL ids silence and re-rank layerlint rules', () => {
  const file = fromFile('.hadolint.yaml', 'ignored: [DL3007]\noverride:\n  style: [DL3059]\n');
  const { config } = partition(merge(file.values, {}), probe);
  // DL3007 is LL302's alias; DL3059 is only *related* to LL101, so it does not re-rank it.
  assert.deepEqual(rulesOf(config), ['LL101:warning', 'LL201:warning']);
});
