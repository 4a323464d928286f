// The parts of CodeMirror 6 the editor uses, in one module. scripts/build-site.mjs bundles this
// file with esbuild (CodeMirror from node_modules) into pkg/codemirror.js, which editor.js
// imports like the wasm glue, and site/ gets it under a content-hashed name: no CDN, and the
// bare imports below never reach the browser.
export { EditorState, Compartment } from '@codemirror/state';
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, placeholder,
} from '@codemirror/view';
export { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
export { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
export { StreamLanguage, syntaxHighlighting, bracketMatching } from '@codemirror/language';
export { lintGutter, lintKeymap, setDiagnostics, forEachDiagnostic } from '@codemirror/lint';
export { classHighlighter } from '@lezer/highlight';
export { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
