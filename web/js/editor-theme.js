// The editor's look: CodeMirror theme rules whose colours are the page's CSS custom properties,
// so light and dark (and VS Code's colours) follow the page. CodeMirror mounts its styles as a
// constructed stylesheet in the editor's shadow root: no <style> element, which the CSP forbids.
import { EditorView } from '../../pkg/codemirror.js';

const squiggle = (colour) => ({
  backgroundImage: 'none', textDecoration: `underline wavy ${colour} 1.5px`,
  textUnderlineOffset: '3px', textDecorationSkipInk: 'none',
});

export const pageTheme = EditorView.theme({
  '&': { flex: '1', minWidth: '0', height: '100%', color: 'var(--fg)', background: 'var(--code-bg)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { font: '13.5px/1.6 var(--mono)', overflow: 'auto' },
  '.cm-content': { padding: '.75rem 0', caretColor: 'var(--fg)' },
  '.cm-line': { padding: '0 1rem 0 .5rem' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { background: 'var(--selection)' },
  '.cm-activeLine': { background: 'color-mix(in srgb, var(--hover) 55%, transparent)' },
  '.cm-gutters': { background: 'var(--code-bg)', color: 'var(--gutter-fg)', borderRight: '1px solid var(--border)' },
  '.cm-activeLineGutter': { background: 'var(--hover)', color: 'var(--fg)' },
  '.cm-lineNumbers .cm-gutterElement': { minWidth: '2.4rem' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-selectionMatch': { background: 'color-mix(in srgb, var(--selection) 45%, transparent)' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { background: 'color-mix(in srgb, var(--accent) 25%, transparent)', outline: 'none' },
  '.cm-panels': { background: 'var(--panel)', color: 'var(--fg)', borderColor: 'var(--border)' },
  '.cm-panels input, .cm-panels button': { color: 'inherit', background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: '5px' },
  '.cm-searchMatch': { background: 'color-mix(in srgb, var(--warning) 30%, transparent)' },
  '.cm-tooltip': { background: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)', borderRadius: '7px' },
  '.cm-tooltip-lint': { font: '.85rem var(--sans)', maxWidth: 'min(32rem, 90vw)' },
  '.cm-diagnostic': { borderLeftWidth: '4px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warning)' },
  '.cm-diagnostic-info': { borderLeftColor: 'var(--info)' },
  '.cm-diagnostic-hint': { borderLeftColor: 'var(--style)' },
  '.cm-diagnosticSource': { color: 'var(--muted)', fontFamily: 'var(--mono)' },
  '.cm-diagnosticAction': { background: 'var(--accent)', color: 'var(--accent-fg)', borderRadius: '6px', padding: '.15rem .55rem' },
  '.cm-finding-fix': { display: 'block', color: 'var(--muted)', marginTop: '.2rem' },
  '.cm-lintRange-error': squiggle('var(--error)'),
  '.cm-lintRange-warning': squiggle('var(--warning)'),
  '.cm-lintRange-info': squiggle('var(--info)'),
  '.cm-lintRange-hint': squiggle('var(--style)'),
  '.cm-lintRange-active': { backgroundColor: 'color-mix(in srgb, var(--selection) 50%, transparent)' },
  '.tok-keyword': { color: 'var(--accent)', fontWeight: '600' },
  '.tok-string, .tok-string2': { color: 'var(--info)' },
  '.tok-comment': { color: 'var(--muted)', fontStyle: 'italic' },
  '.tok-variableName, .tok-variableName2': { color: 'var(--style)' },
  '.tok-number, .tok-atom': { color: 'var(--warning)' },
  '.tok-invalid': { color: 'var(--error)' },
});
