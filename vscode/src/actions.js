// Code actions: a rule's fix, "ignore this rule for this instruction", and "fix all".
// The text computations are plain functions over strings (UTF-16 offsets), tested without VS Code.
'use strict';

const { spanToRange, utf16Offsets, byteLength } = require('./positions');
const { toDiagnostic } = require('./diagnostics');

/** @typedef {{start: number, end: number, text: string}} TextEdit  UTF-16 offsets into the text */

/** A fix's byte-offset edits → edits in UTF-16 offsets of `text`. */
function fixToTextEdits(text, edits) {
  const at = utf16Offsets(text, edits.flatMap((e) => [e.start, e.end]));
  return edits.map((e) => ({ start: at.get(e.start), end: at.get(e.end), text: e.text }));
}

/** The one edit that turns `before` into `after`, keeping their common start and end; null if equal. */
function minimalEdit(before, after) {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  // Never cut a surrogate pair in two.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

function applyTextEdit(text, edit) {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/** UTF-16 offsets where each line starts. */
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** `# layerlint ignore=A,B` (group 1: indentation, group 2: the ids). */
const PRAGMA = /^(\s*)#\s*layerlint\s+ignore\s*=\s*(.*?)\s*$/;
/** How many candidate instruction starts to try above a finding before giving up. */
const MAX_TRIES = 20;

/**
 * The edit that silences `finding` on its instruction: a `# layerlint ignore=RULE` line inserted
 * just above the instruction, with its indentation, or RULE added to a `# layerlint ignore=…`
 * line already among the comments just above it.
 *
 * Which line starts the instruction is not in the report (a finding may sit on a continuation
 * line or inside a heredoc), so candidates are tried from the finding's line upwards, and the
 * first edit after which the linter no longer reports this finding wins: the linter's own
 * pragma handling is the judge, whatever parser it uses. Null when no line works.
 * @param {string} text
 * @param {import('./linter').Finding} finding
 * @param {(text: string) => import('./linter').Finding[]} lint  with the document's config
 * @returns {TextEdit | null}
 */
function ignoreEdit(text, finding, lint) {
  const starts = lineStarts(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineText = (n) => text.slice(starts[n - 1], n < starts.length ? starts[n] : text.length).replace(/\r?\n$/, '');
  const first = Math.min(finding.span.start.line, starts.length);
  let tries = 0;
  for (let line = first; line >= 1 && tries < MAX_TRIES; line--) {
    const here = lineText(line);
    if (/^\s*(#|$)/.test(here)) continue;
    if (line !== first && !/^\s*[A-Za-z]+(\s|$)/.test(here)) continue; // cannot start an instruction
    tries++;
    const edit = pragmaEditAbove(line, finding.rule, { starts, lineText, eol });
    if (edit && silences(text, edit, finding, lint)) return edit;
  }
  return null;
}

function pragmaEditAbove(line, rule, { starts, lineText, eol }) {
  for (let above = line - 1; above >= 1 && /^\s*#/.test(lineText(above)); above--) {
    const match = PRAGMA.exec(lineText(above));
    if (!match) continue;
    const ids = match[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.includes(rule)) return null; // listed already and still reported: this is not its instruction
    const start = starts[above - 1] + match[1].length;
    return { start, end: starts[above - 1] + lineText(above).length, text: `# layerlint ignore=${[...ids, rule].join(',')}` };
  }
  const indent = /^\s*/.exec(lineText(line))[0];
  const at = starts[line - 1];
  return { start: at, end: at, text: `${indent}# layerlint ignore=${rule}${eol}` };
}

/** Whether the linter stops reporting `finding` (same rule, same place) after `edit`. */
function silences(text, edit, finding, lint) {
  const editByte = byteLength(text.slice(0, edit.start));
  const delta = byteLength(edit.text) - byteLength(text.slice(edit.start, edit.end));
  const was = finding.span.start.offset;
  const offset = was >= editByte ? was + delta : was;
  return !lint(applyTextEdit(text, edit)).some((f) => f.rule === finding.rule && f.span.start.offset === offset);
}

/**
 * The code actions for `range` of `document`.
 * @param {typeof import('vscode')} vscode
 * @param {import('vscode').TextDocument} document
 * @param {import('vscode').Range} range
 * @param {{only?: import('vscode').CodeActionKind}} context
 * @param {{findings: import('./linter').Finding[], lint: (text: string) => import('./linter').Finding[],
 *   fixAll: (text: string) => string}} linted  the document's findings now, and the linter with its config
 */
function codeActions(vscode, document, range, context, { findings, lint, fixAll }) {
  const FIX_ALL = fixAllKind(vscode);
  const only = context.only;
  const wantQuickFixes = !only || only.contains(vscode.CodeActionKind.QuickFix);
  const wantFixAll = only ? only.contains(FIX_ALL) : false;
  const text = document.getText();
  const actions = [];

  const here = wantQuickFixes
    ? findings.filter((f) => range.intersection(spanToRange(vscode, f.span)) !== undefined)
    : [];
  for (const finding of here) {
    const diagnostic = toDiagnostic(vscode, finding);
    if (finding.fix) {
      const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEdit(vscode, document, fixToTextEdits(text, finding.fix.edits));
      action.diagnostics = [diagnostic];
      // Auto-fix (and fix on save) takes preferred actions: unsafe fixes are offered, not preferred.
      action.isPreferred = finding.fix.safety !== 'unsafe';
      actions.push(action);
    }
    const ignore = ignoreEdit(text, finding, lint);
    if (ignore) {
      const action = new vscode.CodeAction(`Ignore ${finding.rule} for this instruction`, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEdit(vscode, document, [ignore]);
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
  }

  const fixable = findings.some((f) => f.fix);
  if (fixable && (wantFixAll || here.some((f) => f.fix))) {
    const edit = minimalEdit(text, fixAll(text));
    if (edit) {
      for (const kind of [wantFixAll && FIX_ALL, here.some((f) => f.fix) && vscode.CodeActionKind.QuickFix]) {
        if (!kind) continue;
        const action = new vscode.CodeAction('Fix all layerlint problems', kind);
        action.edit = workspaceEdit(vscode, document, [edit]);
        actions.push(action);
      }
    }
  }
  return actions;
}

function fixAllKind(vscode) {
  return vscode.CodeActionKind.SourceFixAll.append('layerlint');
}

/** UTF-16 text edits → a WorkspaceEdit on the document. */
function workspaceEdit(vscode, document, edits) {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
  }
  return edit;
}

module.exports = {
  codeActions, fixAllKind, workspaceEdit, fixToTextEdits, minimalEdit, ignoreEdit, applyTextEdit, lineStarts,
};
