// The findings list: each finding is a button that selects its span in the editor, with an
// "Apply fix" button when the rule has a fix and a link to the rule's documentation.
import { h, replaceChildren } from './dom.js';

const ORDER = ['error', 'warning', 'info', 'style'];
/** list item → the finding it shows */
const findingOf = new WeakMap();

/** "2 warnings, 1 info" */
export function summarize(findings) {
  const counts = Object.fromEntries(ORDER.map((s) => [s, 0]));
  for (const f of findings) counts[f.severity]++;
  return ORDER.filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}${counts[s] > 1 && s !== 'info' ? 's' : ''}`)
    .join(', ');
}

/** Render `findings` into `list`; `onSelect(finding)` on click, `onFix(finding)` on "Apply fix". */
export function renderFindings(list, findings, { onSelect, onFix }) {
  const items = findings.map((f) => {
    const where = `${f.span.start.line}:${f.span.start.column}`;
    const item = h('li', { class: 'finding', dataset: { rule: f.rule, line: f.span.start.line } });
    const select = h('button', {
      type: 'button',
      class: 'finding-main',
      title: `Select ${f.rule} at line ${where} in the editor`,
      onclick: () => {
        for (const el of list.querySelectorAll('.finding.active')) el.classList.remove('active');
        item.classList.add('active');
        onSelect(f);
      },
    },
    h('span', { class: `badge ${f.severity}` }, f.severity),
    h('span', { class: 'rule' }, f.rule, h('span', { class: 'rule-name' }, ` ${f.name}`), f.aliases.length ? h('span', { class: 'alias' }, ` ${f.aliases.join(' ')}`) : null),
    h('span', { class: 'where' }, where),
    h('span', { class: 'message' }, f.message));
    item.append(select, h('div', { class: 'actions' },
      f.fix ? h('button', { type: 'button', class: 'button primary', title: f.fix.title, onclick: () => onFix(f) }, 'Apply fix') : null,
      f.fix ? h('span', { class: 'fix-title' }, f.fix.title) : null,
      // Unsafe fixes change what the build does (or leave a placeholder): Fix all skips them.
      f.fix?.safety === 'unsafe'
        ? h('span', { class: 'fix-unsafe', title: 'Fix all skips it: it changes what the build does or leaves a placeholder' }, 'unsafe fix: check the result')
        : null,
      h('a', { class: 'doc-link', href: `#rule-${f.rule}` }, `About ${f.rule}`)));
    findingOf.set(item, f);
    return item;
  });
  replaceChildren(list, items);
}

/** Mark the items of `findings` (those under the editor's cursor) as current, and show them. */
export function markCurrent(list, findings) {
  const current = new Set(findings);
  let first = null;
  for (const item of list.children) {
    const on = current.has(findingOf.get(item));
    item.classList.toggle('current', on);
    if (on) first ??= item;
  }
  // Scroll the list only, never the page: on a phone the list is below the editor being typed in.
  if (first && (first.offsetTop < list.scrollTop || first.offsetTop + first.offsetHeight > list.scrollTop + list.clientHeight)) {
    list.scrollTop = first.offsetTop - list.clientHeight / 3;
  }
}
