// The code editor: CodeMirror 6 with Dockerfile highlighting, the findings as lint diagnostics
// (underline, gutter mark, hover tooltip, quick-fix action) and the keys people expect of a code
// editor. editor.js loads it once the first findings are shown and puts it in the place of the
// plain editor; it has the same interface (`text`, `setFindings`, `select`, `focus`,
// `setReadOnly`; `onText`, `onCursor` callbacks) and `restore` for the swap.
import {
  EditorState, Compartment, EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, placeholder, defaultKeymap, history, historyKeymap,
  searchKeymap, highlightSelectionMatches, StreamLanguage, syntaxHighlighting, bracketMatching,
  lintGutter, lintKeymap, setDiagnostics, forEachDiagnostic, classHighlighter, dockerFile,
} from '../../pkg/codemirror.js';
import { pageTheme } from './editor-theme.js';
import { h } from './dom.js';
import { LineStarts } from './positions.js';

/** Report severity → CodeMirror's (it has no "style"; "hint" is its least severe). */
const SEVERITY = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

export class CodeEditor {
  /**
   * `root`: the shadow root the editor goes in, `doc` its text. `onFix(finding)`: the page's fix
   * path, called by a diagnostic's quick-fix action (the editor never applies an edit itself, so
   * a host that routes edits elsewhere, e.g. VS Code, sees every fix). `onText(text)` after
   * every change of the text, `onCursor(findings)` when the findings under the cursor change.
   */
  constructor({ root, doc, onFix, onText, onCursor, label, hint, readOnlyHint }) {
    Object.assign(this, { onFix, onText, onCursor, hint, readOnlyHint });
    /** read-only or not, and the placeholder that says which */
    this.access = new Compartment();
    /** diagnostic → the report finding it shows */
    this.findingOf = new Map();
    this.view = new EditorView({
      parent: root,
      root,
      state: EditorState.create({
        doc,
        extensions: [
          lineNumbers(), highlightActiveLineGutter(), lintGutter(), highlightSpecialChars(), history(),
          drawSelection(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
          StreamLanguage.define(dockerFile), syntaxHighlighting(classHighlighter), pageTheme,
          // No Tab binding: Tab keeps moving the focus, so the page stays usable by keyboard.
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
          this.access.of(this.accessFor(false)),
          EditorView.contentAttributes.of({ 'aria-label': label, autocapitalize: 'off', spellcheck: 'false' }),
          EditorView.updateListener.of((update) => this.updated(update)),
          // Dropped files are the page's (a Dockerfile replaces the text, an archive is
          // inspected): CodeMirror would insert their bytes where they fall.
          EditorView.domEventHandlers({ drop: (event) => [...(event.dataTransfer?.types ?? [])].includes('Files') }),
        ],
      }),
    });
  }

  accessFor(readOnly) {
    return [
      EditorState.readOnly.of(readOnly),
      placeholder(readOnly ? this.readOnlyHint : this.hint),
    ];
  }

  get text() {
    return this.view.state.doc.toString();
  }

  /** Replace the whole text (one undoable change); findings are cleared until the next lint. */
  set text(value) {
    const { view } = this;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
  }

  /** Read-only: the page in VS Code shows the document, which is edited in VS Code's editor. */
  setReadOnly(flag) {
    this.view.dispatch({ effects: this.access.reconfigure(this.accessFor(flag)) });
  }

  focus() {
    this.view.focus();
  }

  /** Take over the plain editor's selection, scroll position and focus (its `snapshot()`). */
  restore({ anchor, head, scrollTop, scrollLeft, focused }) {
    this.view.dispatch({ selection: { anchor, head } });
    this.view.scrollDOM.scrollTop = scrollTop;
    this.view.scrollDOM.scrollLeft = scrollLeft;
    if (focused) this.view.focus();
  }

  updated(update) {
    if (update.docChanged) this.onText(this.text);
    const diagnosticsChanged = update.transactions.some((t) => t.effects.length);
    if (update.docChanged || update.selectionSet || diagnosticsChanged) this.cursorMoved(update.state);
  }

  cursorMoved(state) {
    const head = state.selection.main.head;
    const here = [];
    forEachDiagnostic(state, (diagnostic, from, to) => {
      const finding = this.findingOf.get(diagnostic);
      if (finding && from <= head && head <= to) here.push(finding);
    });
    this.onCursor(here);
  }

  /** Show these report findings as diagnostics (spans in 1-based lines and UTF-16 columns). */
  setFindings(findings) {
    const lines = new LineStarts(this.text);
    this.findingOf = new Map();
    const diagnostics = findings.map((finding) => {
      const from = lines.offset(finding.span.start);
      const diagnostic = {
        from,
        to: Math.max(from, lines.offset(finding.span.end)),
        severity: SEVERITY[finding.severity] ?? 'info',
        source: [finding.rule, ...finding.aliases].join(' '),
        message: finding.message,
        renderMessage: () => h('span', { class: 'cm-finding' }, finding.message,
          finding.fix ? h('span', { class: 'cm-finding-fix' }, `${finding.fix.safety === 'unsafe' ? 'Unsafe fix (check the result)' : 'Fix'}: ${finding.fix.title}`) : null),
        actions: finding.fix ? [{ name: 'Apply fix', apply: () => this.onFix(finding) }] : [],
      };
      this.findingOf.set(diagnostic, finding);
      return diagnostic;
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  /** Select a report span `{start, end}` in the text and scroll it into view. */
  select(span) {
    const lines = new LineStarts(this.text);
    const anchor = lines.offset(span.start);
    const head = Math.max(anchor, lines.offset(span.end));
    this.view.dispatch({ selection: { anchor, head }, effects: EditorView.scrollIntoView(anchor, { y: 'center' }) });
    this.view.focus();
  }
}
