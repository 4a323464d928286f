// Code actions through the registered provider, applied by the stand-in's workspace edits and
// checked against the real linter: rule fixes, "ignore for this instruction", "fix all".
'use strict';

const { test, beforeEach, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const { activate, settled } = require('../test-support/env');
const linter = require('../src/linter');
const { ignoreEdit, minimalEdit, applyTextEdit } = require('../src/actions');

let env;
beforeEach(() => { env = activate(); });
afterEach(() => env.dispose());

async function open(text, path = '/work/app/Dockerfile') {
  const doc = env.t.openDocument({ path, text });
  await settled(env, doc);
  return doc;
}

/** The code actions at (line, character) — 0-based — with an optional `only` kind. */
function actionsAt(doc, line, character, only) {
  const { vscode } = env;
  const [provider] = env.t.state.codeActionProviders;
  const range = new vscode.Range(line, character, line, character);
  return provider.provider.provideCodeActions(doc, range, { diagnostics: [], only, triggerKind: 1 });
}

const rules = (text) => linter.lint(text, null).map((f) => f.rule).sort();

test('the provider is registered for Dockerfiles with quick fixes and source.fixAll.layerlint', () => {
  const [entry] = env.t.state.codeActionProviders;
  assert.deepEqual(entry.selector, [{ language: 'dockerfile' }, { language: 'plaintext' }]);
  assert.deepEqual(entry.metadata.providedCodeActionKinds.map((k) => k.value), ['quickfix', 'source.fixAll.layerlint']);
});

test("a rule's fix: applied through the workspace edit, the text is what the wasm's applyEdits gives", async () => {
  const text = 'FROM alpine:3.20\nRUN echo "😀 é"\nRUN echo "ü"\nCMD ["sh"]\n';
  const doc = await open(text);
  const actions = await actionsAt(doc, 2, 4);
  const fix = actions.find((a) => a.title === 'Join with the previous RUN');
  assert.ok(fix, `actions: ${actions.map((a) => a.title)}`);
  assert.equal(fix.kind.value, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.diagnostics[0].code.value, 'LL101');
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL101');
  assert.ok(await env.vscode.workspace.applyEdit(fix.edit));
  assert.equal(doc.getText(), linter.applyEdits(text, finding.fix.edits));
  assert.equal(doc.getText(), 'FROM alpine:3.20\nRUN echo "😀 é" && \\\n    echo "ü"\nCMD ["sh"]\n');
});

test('no quick fix where there is no finding', async () => {
  const doc = await open('FROM alpine:3.20\nRUN echo hi\n');
  assert.deepEqual(await actionsAt(doc, 1, 3), []);
});

test('ignore for this instruction: a pragma line above it, and only that finding goes', async () => {
  const text = 'FROM ubuntu:latest\nRUN true\n';
  const doc = await open(text);
  const actions = await actionsAt(doc, 0, 8);
  // No "Fix all": LL302's placeholder is its only fix, and it is unsafe (offered alone).
  assert.deepEqual(actions.map((a) => a.title).sort(), [
    'Ignore LL201 for this instruction',
    'Ignore LL302 for this instruction',
    'Replace `latest` with a `<tag>` placeholder (the build fails until you write the version)',
  ]);
  const ignore = actions.find((a) => a.title === 'Ignore LL302 for this instruction');
  assert.equal(ignore.diagnostics[0].code.value, 'LL302');
  await env.vscode.workspace.applyEdit(ignore.edit);
  assert.equal(doc.getText(), '# layerlint ignore=LL302\nFROM ubuntu:latest\nRUN true\n');
  assert.deepEqual(rules(doc.getText()), ['LL201']);
});

test('ignore merges into a layerlint pragma already above the instruction, past other comments', async () => {
  const text = 'FROM alpine:3.20 AS base\n# layerlint ignore=LL201\n# hadolint ignore=DL3008\nFROM ubuntu:latest\n';
  const doc = await open(text);
  const ignore = (await actionsAt(doc, 3, 6)).find((a) => a.title === 'Ignore LL302 for this instruction');
  await env.vscode.workspace.applyEdit(ignore.edit);
  assert.equal(doc.getText(), 'FROM alpine:3.20 AS base\n# layerlint ignore=LL201,LL302\n# hadolint ignore=DL3008\nFROM ubuntu:latest\n');
  assert.deepEqual(rules(doc.getText()), []);
});

test('ignore keeps the indentation and the CRLF line ends', () => {
  const text = 'FROM alpine:3.20\r\n  RUN a\r\n  RUN b\r\n';
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL101');
  const edit = ignoreEdit(text, finding, (t) => linter.lint(t, null));
  assert.equal(applyTextEdit(text, edit), 'FROM alpine:3.20\r\n  RUN a\r\n  # layerlint ignore=LL101\r\n  RUN b\r\n');
});

test('ignore of a finding on a continuation line goes above the instruction, not inside it', () => {
  const text = 'FROM alpine:3.20\nFROM \\\n  ubuntu:latest\n';
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL302');
  assert.equal(finding.span.start.line, 3);
  const edit = ignoreEdit(text, finding, (t) => linter.lint(t, null));
  const after = applyTextEdit(text, edit);
  assert.equal(after, 'FROM alpine:3.20\n# layerlint ignore=LL302\nFROM \\\n  ubuntu:latest\n');
  assert.deepEqual(rules(after), ['LL201']);
});

test('ignore is not offered when no pragma can silence the finding', () => {
  // A linter that always reports: no candidate line works.
  const text = 'FROM ubuntu:latest\n';
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL302');
  assert.equal(ignoreEdit(text, finding, () => [{ ...finding, span: { ...finding.span, start: { ...finding.span.start, offset: finding.span.start.offset + 25 } } }]), null);
});

test('"Fix all layerlint problems": the command applies the wasm fixAll', async () => {
  const text = 'FROM alpine:3.20\nRUN a\nRUN b\nRUN c\nCOPY . /app/\nRUN d\nRUN e\n';
  const doc = await open(text);
  env.t.activate(doc);
  assert.equal(await env.vscode.commands.executeCommand('layerlint.fixAll'), true);
  assert.equal(doc.getText(), linter.fixAll(text, null));
  assert.deepEqual(rules(doc.getText()), []);
  // Nothing left to fix: no edit.
  assert.equal(await env.vscode.commands.executeCommand('layerlint.fixAll'), false);
});

test('fix all as a quick fix next to a fixable finding, and as source.fixAll.layerlint on request', async () => {
  const { vscode } = env;
  const text = 'FROM alpine:3.20\nRUN a\nRUN b\nRUN c\n';
  const doc = await open(text);
  const quick = await actionsAt(doc, 2, 0);
  assert.deepEqual(quick.map((a) => `${a.kind.value}:${a.title}`), [
    'quickfix:Join with the previous RUN',
    'quickfix:Ignore LL101 for this instruction',
    'quickfix:Fix all layerlint problems',
  ]);
  const source = await actionsAt(doc, 0, 0, vscode.CodeActionKind.SourceFixAll);
  assert.deepEqual(source.map((a) => `${a.kind.value}:${a.title}`), ['source.fixAll.layerlint:Fix all layerlint problems']);
  assert.deepEqual(await actionsAt(doc, 0, 0, vscode.CodeActionKind.Refactor), []);
  await vscode.workspace.applyEdit(source[0].edit);
  assert.equal(doc.getText(), linter.fixAll(text, null));
});

test('quick fixes use the document\'s config: an ignored rule offers nothing', async () => {
  env.t.setSettings({ 'layerlint.ignore': ['LL101'] });
  const doc = await open('FROM alpine:3.20\nRUN a\nRUN b\n');
  assert.deepEqual(await actionsAt(doc, 2, 0), []);
});

test('minimalEdit keeps the common start and end, and surrogate pairs whole', () => {
  assert.equal(minimalEdit('same', 'same'), null);
  assert.deepEqual(minimalEdit('RUN a\nRUN b\n', 'RUN a && \\\n    b\n'), { start: 5, end: 9, text: ' && \\\n   ' });
  const edit = minimalEdit('x😀y', 'x😃y');
  assert.deepEqual(edit, { start: 1, end: 3, text: '😃' });
  for (const [a, b] of [['abc', 'abXc'], ['', 'x'], ['x', ''], ['aaa', 'aa'], ['😀😀', '😀']]) {
    assert.equal(applyTextEdit(a, minimalEdit(a, b)), b, `${a} → ${b}`);
  }
});
