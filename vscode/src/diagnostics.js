// Findings → VS Code diagnostics.
'use strict';

const { spanToRange } = require('./positions');

/**
 * Where a rule is documented. The README's rules table is the only documentation today, so every
 * rule links there; when per-rule pages exist (the design's "documentation anchor in the web
 * page"), this one function changes.
 */
function ruleDocsUrl(rule) {
  return 'https://github.com/layerlint/layerlint/blob/main/README.md#rules';
}

/** layerlint severity → VS Code severity: `style` shows as a hint (dots, not a squiggle). */
function toSeverity(vscode, severity) {
  const S = vscode.DiagnosticSeverity;
  return { error: S.Error, warning: S.Warning, info: S.Information, style: S.Hint }[severity] ?? S.Warning;
}

/**
 * One finding as a diagnostic: the exact span, the severity, `layerlint` as source, the rule id
 * as code linking to its documentation; other tools' ids with the same meaning (hadolint's
 * `DL…`) follow the message, so a search for them finds it.
 * @param {typeof import('vscode')} vscode
 * @param {import('./linter').Finding} finding
 */
function toDiagnostic(vscode, finding) {
  const aliases = finding.aliases.length ? ` (${finding.aliases.join(', ')})` : '';
  const diagnostic = new vscode.Diagnostic(
    spanToRange(vscode, finding.span),
    finding.message + aliases,
    toSeverity(vscode, finding.severity),
  );
  diagnostic.source = 'layerlint';
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(ruleDocsUrl(finding.rule)) };
  return diagnostic;
}

module.exports = { toDiagnostic, toSeverity, ruleDocsUrl };
