// Findings → diagnostics: exact ranges (UTF-16 columns), severities, rule id with its link.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { vscode, t, plain } = require('../test-support/env');
const { toDiagnostic, toSeverity, ruleDocsUrl } = require('../src/diagnostics');
const { spanToRange, utf16Offsets } = require('../src/positions');
const linter = require('../src/linter');

test('severities: error, warning, info, and style as a hint', () => {
  const S = vscode.DiagnosticSeverity;
  assert.deepEqual(['error', 'warning', 'info', 'style'].map((s) => toSeverity(vscode, s)), [S.Error, S.Warning, S.Information, S.Hint]);
});

test('a finding as a diagnostic: range, message with rule name and aliases, source, code linking to the docs', () => {
  const text = 'FROM ubuntu:latest\n';
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL302');
  const d = toDiagnostic(vscode, finding);
  assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [0, 5, 0, 18]);
  assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(d.source, 'layerlint');
  assert.equal(d.message, `${finding.message} (latest-tag, DL3007)`);
  assert.equal(d.code.value, 'LL302');
  assert.ok(d.code.target instanceof vscode.Uri);
  assert.equal(d.code.target.scheme, 'https');
  // The rule's own documentation URL, as the linter gives it.
  assert.equal(d.code.target.toString(), linter.rules().find((r) => r.id === 'LL302').url);
  assert.match(d.code.target.toString(), /^https:\/\/[^/]+\/.*LL302$/);
  // The range covers exactly the image reference.
  const doc = new t.TextDocument(vscode.Uri.file('/t/Dockerfile'), 'dockerfile', text);
  assert.equal(doc.getText(d.range), 'ubuntu:latest');
});

test('every rule has its own documentation link; an unknown id falls back to the README', () => {
  const urls = linter.rules().map((r) => ruleDocsUrl(r.id));
  assert.equal(new Set(urls).size, urls.length);
  assert.match(ruleDocsUrl('LL999'), /README\.md#rules$/);
});

test('ranges are UTF-16 columns: emoji and accents before the span end do not shift it', () => {
  const text = 'FROM alpine:3.20\nRUN echo "😀 é"\nRUN echo "ü"\n';
  const finding = linter.lint(text, null).find((f) => f.rule === 'LL101');
  const range = spanToRange(vscode, finding.span);
  const lines = text.split('\n');
  assert.equal(range.start.line, 2);
  assert.equal(range.end.character, lines[2].length); // UTF-16 length, not bytes (13 vs 14)
  assert.notEqual(finding.span.end.offset - finding.span.start.offset, lines[2].length);
});

test('byte offsets → UTF-16 offsets across 1-, 2-, 3- and 4-byte characters', () => {
  const text = 'aé€😀b';
  // bytes: a=0, é=1..2, €=3..5, 😀=6..9, b=10, end=11
  const map = utf16Offsets(text, [0, 1, 3, 6, 10, 11, 99]);
  assert.deepEqual([...map.entries()].sort((x, y) => x[0] - y[0]), [[0, 0], [1, 1], [3, 2], [6, 3], [10, 5], [11, 6], [99, 6]]);
  assert.equal(text.slice(map.get(6), map.get(10)), '😀');
});

test('the diagnostics of a real Dockerfile', () => {
  const text = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';
  const diagnostics = linter.lint(text, { severity: { LL201: 'info', DL3007: 'error' } }).map((f) => toDiagnostic(vscode, f));
  assert.deepEqual(plain(vscode, diagnostics), [
    ['LL101', 'Warning', '2:0-2:27'],
    ['LL201', 'Information', '0:5-0:18'],
    ['LL302', 'Error', '0:5-0:18'],
  ]);
});
