// Report spans carry 1-based lines and UTF-16 columns (what JS strings index by); this turns
// them into string offsets for a given text.

export class LineStarts {
  constructor(text) {
    this.starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.length = text.length;
  }

  /** UTF-16 offset of a report position `{line, column}`, clamped to the text. */
  offset({ line, column }) {
    const start = this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
    return Math.min(start + Math.max(column, 1) - 1, this.length);
  }

  /** 1-based line of a UTF-16 offset. */
  lineOf(offset) {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }
}
