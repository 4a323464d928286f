// The side panel's tabs, and the URL hash that selects them: `#findings`, `#rules`, and
// `#rule-LL101` (the Rules tab, scrolled to that rule).

const views = () => [...document.querySelectorAll('.tabs [role="tab"]')];
/** tab name → what fills it when it opens (returns a promise; may be called each time) */
let fillers = {};

/** Show the tab `name`; resolves when its content is there. */
export function selectTab(name) {
  for (const tab of views()) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  return Promise.resolve(fillers[name]?.());
}

async function followHash() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('rule-')) {
    await selectTab('rules');
    const card = document.getElementById(hash);
    if (card) {
      card.scrollIntoView({ block: 'start' });
      card.classList.add('flash');
      setTimeout(() => card.classList.remove('flash'), 1200);
    }
  } else if (views().some((t) => t.id === `tab-${hash}`)) {
    selectTab(hash);
  }
}

/** `fill`: `{tabName: () => promise}`, what fills a tab the first time it opens. */
export function setUpTabs(fill = {}) {
  fillers = fill;
  for (const tab of views()) {
    tab.addEventListener('click', () => {
      history.replaceState(null, '', `#${tab.id.slice(4)}`);
      selectTab(tab.id.slice(4));
    });
  }
  addEventListener('hashchange', followHash);
  return followHash;
}
