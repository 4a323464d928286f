// The editor until CodeMirror is loaded: a textarea styled like it, so the page shows the text
// and its first findings with nothing fetched but the lint wasm. The same interface as
// code-editor.js, plus `snapshot()` and `remove()` for the swap (editor.js).
import { LineStarts } from './positions.js';

// CodeMirror's look (editor-theme.js): font, padding and a gutter as wide as its line numbers
// and lint marks, so the text does not move when CodeMirror takes its place.
const STYLE = `
textarea {
  flex: 1; min-width: 0; height: 100%; box-sizing: border-box; margin: 0; resize: none;
  border: 0; border-left: calc(2.4rem + 23px) solid var(--code-bg); outline: none;
  box-shadow: inset 1px 0 0 var(--border);
  padding: .75rem 1rem .75rem calc(.5rem + 6px);
  font: 13.5px/1.6 var(--mono); tab-size: 4; white-space: pre; overflow: auto;
  color: var(--fg); background: var(--code-bg); caret-color: var(--fg);
}
textarea::placeholder { color: var(--muted); }
textarea::selection { background: var(--selection); }
`;

export class PlainEditor {
  /** As code-editor.js: `onText(text)` after every change, `onCursor(findings)` under the cursor. */
  constructor({ root, onText, onCursor, label, hint, readOnlyHint }) {
    Object.assign(this, { root, onText, onCursor, hint, readOnlyHint });
    this.sheet = new CSSStyleSheet();
    this.sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
    this.area = document.createElement('textarea');
    Object.assign(this.area, { spellcheck: false, placeholder: hint, wrap: 'off' });
    this.area.setAttribute('aria-label', label);
    this.area.setAttribute('autocapitalize', 'off');
    root.append(this.area);
    this.findings = [];
    this.area.addEventListener('input', () => this.changed());
    for (const type of ['select', 'keyup', 'click']) this.area.addEventListener(type, () => this.cursorMoved());
  }

  get text() {
    return this.area.value;
  }

  set text(value) {
    this.area.value = value;
    this.changed();
  }

  setReadOnly(flag) {
    this.area.readOnly = flag;
    this.area.placeholder = flag ? this.readOnlyHint : this.hint;
  }

  focus() {
    this.area.focus();
  }

  changed() {
    this.onText(this.text);
    this.cursorMoved();
  }

  /** The findings whose span holds the cursor, to the editor (which tells of changes only). */
  cursorMoved() {
    const lines = new LineStarts(this.text);
    const head = this.area.selectionDirection === 'backward' ? this.area.selectionStart : this.area.selectionEnd;
    const here = this.findings.filter((f) => lines.offset(f.span.start) <= head && head <= lines.offset(f.span.end));
    this.onCursor(here);
  }

  /** Only kept (for the cursor and for CodeMirror): a textarea cannot underline. */
  setFindings(findings) {
    this.findings = findings;
    this.cursorMoved();
  }

  /** Select a report span and scroll its line to the middle. */
  select(span) {
    const lines = new LineStarts(this.text);
    const anchor = lines.offset(span.start);
    this.area.setSelectionRange(anchor, Math.max(anchor, lines.offset(span.end)));
    const lineHeight = parseFloat(getComputedStyle(this.area).lineHeight) || 21;
    this.area.scrollTop = (span.start.line - 1) * lineHeight - this.area.clientHeight / 2;
    this.area.focus();
    this.cursorMoved();
  }

  /** What CodeMirror takes over: text, selection, scroll position and focus. */
  snapshot() {
    const { selectionStart, selectionEnd, selectionDirection, scrollTop, scrollLeft } = this.area;
    const backward = selectionDirection === 'backward';
    return {
      text: this.text,
      anchor: backward ? selectionEnd : selectionStart,
      head: backward ? selectionStart : selectionEnd,
      scrollTop,
      scrollLeft,
      focused: this.root.activeElement === this.area,
    };
  }

  remove() {
    this.area.remove();
    this.root.adoptedStyleSheets = this.root.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}
