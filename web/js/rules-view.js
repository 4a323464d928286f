// The rule reference: one card per rule, generated from the rules' own metadata (rules.json,
// which `layerlint rules` writes at build time from the crate), so the documentation cannot
// drift from the code. Fetched when the Rules tab first opens: it is not in the lint wasm, so the
// first findings do not wait for it. Each card can switch its rule on or off and change its
// severity.
import { h, replaceChildren } from './dom.js';

const RULES = new URL('../../pkg/rules.json', import.meta.url);
let showing = null;

const SEVERITIES = ['error', 'warning', 'info', 'style'];

function card(rule, settings) {
  const on = h('input', { type: 'checkbox', checked: settings.isOn(rule), onchange: (e) => settings.setOn(rule, e.target.checked) });
  const severity = h('select', { 'aria-label': `Severity of ${rule.id}`, onchange: (e) => settings.setSeverity(rule, e.target.value) },
    h('option', { value: '' }, `default (${rule.severity})`),
    SEVERITIES.map((s) => h('option', { value: s, selected: settings.severityOf(rule) === s }, s)));
  const ids = [
    ...rule.aliases.map((a) => h('span', { class: 'chip', title: 'same rule in another tool' }, a)),
    ...rule.related.map((a) => h('span', { class: 'chip related', title: 'related, deliberately different' }, `≈ ${a}`)),
  ];
  return h('article', { class: 'rule-card', id: `rule-${rule.id}`, dataset: { search: [rule.id, rule.name, ...rule.aliases, ...rule.related, rule.title, rule.why].join(' ').toLowerCase() } },
    h('header', {},
      h('a', { class: 'rule-id', href: `#rule-${rule.id}` }, rule.id),
      h('code', { class: 'rule-name', title: 'the rule\'s name: config and pragmas take it as they take the id' }, rule.name),
      h('span', { class: `badge ${rule.severity}` }, rule.severity),
      rule.optIn ? h('span', { class: 'chip' }, 'opt-in') : null,
      h('h3', {}, rule.title)),
    ids.length ? h('p', { class: 'ids' }, ids) : null,
    h('p', { class: 'why' }, rule.why),
    h('div', { class: 'examples' },
      h('figure', {}, h('figcaption', {}, 'Bad'), h('pre', { class: 'bad' }, rule.bad)),
      h('figure', {}, h('figcaption', {}, 'Good'), h('pre', { class: 'good' }, rule.good))),
    rule.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), rule.fix) : null,
    h('div', { class: 'rule-controls' }, h('label', { class: 'check' }, on, ' On'), severity));
}

/**
 * Fetch the rules and render them into `container` (once; a failed fetch is retried on the next
 * call), filtered by the text of the input `filter`, with `count` telling how many are shown.
 */
export function showRules({ container, filter, count, settings }) {
  showing ??= (async () => {
    const response = await fetch(RULES);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const apply = renderRules(container, await response.json(), settings, count);
    filter.addEventListener('input', () => apply(filter.value));
    apply(filter.value);
  })().catch((error) => {
    showing = null;
    count.textContent = `The rules could not be loaded: ${error.message}`;
  });
  return showing;
}

/** Render all rules into `container`; returns a function that applies a filter text. */
function renderRules(container, rules, settings, count) {
  replaceChildren(container, rules.map((r) => card(r, settings)));
  const filter = (text) => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const el of container.children) {
      const match = words.every((w) => el.dataset.search.includes(w));
      el.hidden = !match;
      if (match) shown++;
    }
    count.textContent = `${shown} of ${rules.length} rules`;
  };
  filter('');
  return filter;
}
