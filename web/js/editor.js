// A plain textarea made into a code editor: line numbers, and finding spans drawn as wavy
// underlines on a layer behind the (transparent) textarea, scrolled in step with it.
import { h, replaceChildren } from './dom.js';
import { LineStarts } from './positions.js';

const RANK = { style: 0, info: 1, warning: 2, error: 3 };

export class Editor {
  constructor({ textarea, highlight, gutter }) {
    this.textarea = textarea;
    this.highlight = highlight;
    this.gutter = gutter;
    this.listeners = [];
    this.findings = [];
    textarea.addEventListener('input', () => this.changed());
    textarea.addEventListener('scroll', () => this.syncScroll());
    this.render();
  }

  get text() {
    return this.textarea.value;
  }

  set text(value) {
    this.textarea.value = value;
    this.changed();
  }

  /** Read-only: the page in VS Code shows the document, which is edited in VS Code's editor. */
  setReadOnly(flag) {
    this.textarea.readOnly = flag;
    if (flag) this.textarea.placeholder = 'The Dockerfile open in the editor shows here.';
  }

  /** Call `fn(text)` after every change. */
  onChange(fn) {
    this.listeners.push(fn);
  }

  changed() {
    // Old marks would sit on the wrong characters until the next lint: drop them now.
    this.findings = [];
    this.render();
    for (const fn of this.listeners) fn(this.text);
  }

  /** Show these report findings as underlines and gutter marks. */
  setFindings(findings) {
    this.findings = findings;
    this.render();
  }

  /** Select a report span `{start, end}` in the text and scroll it into view. */
  select(span) {
    const lines = new LineStarts(this.text);
    const start = lines.offset(span.start);
    const end = Math.max(start, lines.offset(span.end));
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 20;
    const top = (span.start.line - 1) * lineHeight;
    const view = this.textarea;
    if (top < view.scrollTop || top > view.scrollTop + view.clientHeight - 2 * lineHeight) {
      view.scrollTop = Math.max(0, top - view.clientHeight / 3);
    }
    this.syncScroll();
  }

  render() {
    const text = this.text;
    const lines = new LineStarts(text);
    const worst = new Map(); // line → most severe finding starting there
    const ranges = [];
    for (const f of this.findings) {
      const line = f.span.start.line;
      if (!worst.has(line) || RANK[f.severity] > RANK[worst.get(line)]) worst.set(line, f.severity);
      const start = lines.offset(f.span.start);
      const end = lines.offset(f.span.end);
      if (end > start) ranges.push({ start, end, severity: f.severity });
    }
    this.renderGutter(lines.starts.length, worst);
    this.renderHighlight(text, ranges);
    this.syncScroll();
  }

  renderGutter(count, worst) {
    const nodes = [];
    let plain = '';
    for (let line = 1; line <= count; line++) {
      const severity = worst.get(line);
      if (severity) {
        if (plain) nodes.push(plain);
        plain = '';
        nodes.push(h('span', { class: `marked ${severity}`, title: severity }, String(line)), '\n');
      } else {
        plain += `${line}\n`;
      }
    }
    nodes.push(plain + ' ');
    replaceChildren(this.gutter, nodes);
  }

  renderHighlight(text, ranges) {
    // Cut the text at every range boundary; each piece takes the most severe covering range.
    const cuts = new Set([0, text.length]);
    for (const r of ranges) cuts.add(r.start).add(r.end);
    const points = [...cuts].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = text.slice(a, b);
      let severity = null;
      for (const r of ranges) {
        if (r.start <= a && b <= r.end && (!severity || RANK[r.severity] > RANK[severity])) severity = r.severity;
      }
      nodes.push(severity ? h('mark', { class: severity }, piece) : piece);
    }
    // A trailing newline needs something after it, or the layer is one line short.
    nodes.push(' ');
    replaceChildren(this.highlight, nodes);
  }

  syncScroll() {
    this.highlight.scrollTop = this.textarea.scrollTop;
    this.highlight.scrollLeft = this.textarea.scrollLeft;
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
