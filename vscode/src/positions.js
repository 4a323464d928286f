// Report positions → editor positions. Spans carry 1-based lines and 1-based UTF-16 columns, which
// map straight onto VS Code's 0-based (line, character). Fix edits carry byte offsets (UTF-8),
// which must be turned into UTF-16 string offsets before VS Code can use them.
'use strict';

/**
 * A report span → `new Range(...)` (0-based line and UTF-16 character).
 * @param {typeof import('vscode')} vscode
 * @param {{start: {line: number, column: number}, end: {line: number, column: number}}} span
 */
function spanToRange(vscode, span) {
  return new vscode.Range(span.start.line - 1, span.start.column - 1, span.end.line - 1, span.end.column - 1);
}

/** UTF-8 length of one code point. */
function utf8Length(codePoint) {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * UTF-16 offsets in `text` of UTF-8 byte offsets, in one pass. An offset past the end maps to
 * the text's length. (A lone surrogate counts 3 bytes: the linter received it as U+FFFD.)
 * @param {string} text
 * @param {number[]} byteOffsets
 * @returns {Map<number, number>} byte offset → UTF-16 offset
 */
function utf16Offsets(text, byteOffsets) {
  const wanted = [...new Set(byteOffsets)].sort((a, b) => a - b);
  const out = new Map();
  let byte = 0;
  let i = 0;
  let w = 0;
  while (w < wanted.length && i < text.length) {
    while (w < wanted.length && wanted[w] <= byte) out.set(wanted[w++], i);
    const code = text.codePointAt(i);
    byte += utf8Length(code);
    i += code > 0xffff ? 2 : 1;
  }
  for (; w < wanted.length; w++) out.set(wanted[w], text.length);
  return out;
}

/** UTF-8 length of a string. */
function byteLength(text) {
  return Buffer.byteLength(text, 'utf8');
}

module.exports = { spanToRange, utf16Offsets, byteLength };
