// The side panel's tabs, and the URL hash that selects them: `#findings`, `#rules`, and
// `#rule-LL101` (the Rules tab, scrolled to that rule).

const views = () => [...document.querySelectorAll('.tabs [role="tab"]')];

export function selectTab(name) {
  for (const tab of views()) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
}

function followHash() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('rule-')) {
    selectTab('rules');
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

export function setUpTabs() {
  for (const tab of views()) {
    tab.addEventListener('click', () => {
      history.replaceState(null, '', `#${tab.id.slice(4)}`);
      selectTab(tab.id.slice(4));
    });
  }
  addEventListener('hashchange', followHash);
  return followHash;
}
