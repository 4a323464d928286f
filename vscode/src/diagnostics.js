// Findings → VS Code diagnostics.
'use strict';

const { spanToRange } = require('./positions');
const linter = require('./linter');

/** Where the README documents the rules: the link for a rule the linter has no page for. */
const RULES_FALLBACK_URL = 'https://github.com/layerlint/layerlint/blob/main/README.md#rules';

/** Where a rule is documented: the `url` the linter gives for it (its entry on the layerlint page). */
function ruleDocsUrl(rule) {
  let url;
  try {
    url = linter.rules().find((r) => r.id === rule)?.url;
  } catch {
    // no rule list from this linter: the README
  }
  return url ?? RULES_FALLBACK_URL;
}

/** layerlint severity → VS Code severity: `style` shows as a hint (dots, not a squiggle). */
function toSeverity(vscode, severity) {
  const S = vscode.DiagnosticSeverity;
  return { error: S.Error, warning: S.Warning, info: S.Information, style: S.Hint }[severity] ?? S.Warning;
}

/**
 * One finding as a diagnostic: the exact span, the severity, `layerlint` as source, the rule id
 * as code linking to its documentation; the rule's readable name and other tools' ids with the
 * same meaning (hadolint's `DL…`) follow the message, so a search for them finds it.
 * @param {typeof import('vscode')} vscode
 * @param {import('./linter').Finding} finding
 */
function toDiagnostic(vscode, finding) {
  const names = [finding.name, ...finding.aliases].filter(Boolean);
  const diagnostic = new vscode.Diagnostic(
    spanToRange(vscode, finding.span),
    names.length ? `${finding.message} (${names.join(', ')})` : finding.message,
    toSeverity(vscode, finding.severity),
  );
  diagnostic.source = 'layerlint';
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(ruleDocsUrl(finding.rule)) };
  return diagnostic;
}

module.exports = { toDiagnostic, toSeverity, ruleDocsUrl };
