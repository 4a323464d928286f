// The page's editor. A plain textarea (plain-editor.js) shows the text at once, so the first
// findings wait for nothing but the lint wasm; `upgrade()`, called once they are shown, loads
// CodeMirror (code-editor.js and its bundle, the page's largest script) and puts it in the
// textarea's place with the same text, selection, scroll position and focus. The rest of the page
// sees only this interface: `text`, `onChange`, `setFindings`, `select`, `onCursorFindings`,
// `focus`, `setReadOnly`.
import { PlainEditor } from './plain-editor.js';

export class Editor {
  /**
   * `parent`: the element the editor goes in. `onFix(finding)`: the page's fix path, called by a
   * diagnostic's quick-fix action.
   */
  constructor({ parent, onFix, label = 'Dockerfile text', hint = 'Paste or type a Dockerfile…' }) {
    // A shadow root: CodeMirror's styles go in as a constructed stylesheet; in the document it
    // would add a <style> element, which the page's CSP (style-src 'self') refuses.
    this.root = parent.attachShadow({ mode: 'open' });
    this.changeListeners = [];
    this.cursorListeners = [];
    /** for either inner editor: its events go to this editor's listeners */
    this.options = {
      onFix, label, hint, readOnlyHint: 'The Dockerfile open in the editor shows here.',
      onText: (text) => { for (const fn of this.changeListeners) fn(text); },
      // Both inner editors report on every cursor move; listeners hear only of changes.
      onCursor: (findings) => {
        const key = findings.map((f) => `${f.rule}@${f.span.start.offset}`).join(' ');
        if (key === this.cursorKey) return;
        this.cursorKey = key;
        for (const fn of this.cursorListeners) fn(findings);
      },
    };
    this.readOnly = false;
    this.findings = [];
    this.current = new PlainEditor({ root: this.root, ...this.options });
  }

  /** Load CodeMirror and swap it in; resolves once it is in place (once, however often called). */
  upgrade() {
    this.upgrading ??= import('./code-editor.js').then(({ CodeEditor }) => {
      const plain = this.current;
      const state = plain.snapshot();
      plain.remove();
      const code = new CodeEditor({ root: this.root, doc: state.text, ...this.options });
      code.setReadOnly(this.readOnly);
      code.setFindings(this.findings);
      code.restore(state);
      this.current = code;
    });
    return this.upgrading;
  }

  get text() {
    return this.current.text;
  }

  /** Replace the whole text (a change, as typing is); its findings come with the next lint. */
  set text(value) {
    this.current.text = value;
  }

  /** Read-only: the page in VS Code shows the document, which is edited in VS Code's editor. */
  setReadOnly(flag) {
    this.readOnly = flag;
    this.current.setReadOnly(flag);
  }

  /** Call `fn(text)` after every change of the text. */
  onChange(fn) {
    this.changeListeners.push(fn);
  }

  /** Call `fn(findings)` with the findings whose span holds the cursor, when that changes. */
  onCursorFindings(fn) {
    this.cursorListeners.push(fn);
  }

  focus() {
    this.current.focus();
  }

  /** Show these report findings (spans in 1-based lines and UTF-16 columns). */
  setFindings(findings) {
    this.findings = findings;
    this.current.setFindings(findings);
  }

  /** Select a report span `{start, end}` in the text and scroll it into view. */
  select(span) {
    this.current.select(span);
  }
}
