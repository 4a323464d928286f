// The lint config the page passes to wasm `lint()`, kept in localStorage. Rules are switched on
// and off and their severity changed from the Rules tab; the rest is in the Settings dialog.

const KEY = 'layerlint.config';
const DEFAULTS = {
  ignore: [],
  severity: {},
  enable: [],
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
  disableIgnorePragma: false,
  maxLayers: 20,
};

function read() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return { ...structuredClone(DEFAULTS), ...saved };
  } catch {
    return structuredClone(DEFAULTS);
  }
}

export class Settings {
  constructor() {
    this.config = read();
    this.listeners = [];
  }

  onChange(fn) {
    this.listeners.push(fn);
  }

  /** Replace part of the config, save it and tell the listeners. */
  update(changes) {
    this.config = { ...this.config, ...changes };
    try { localStorage.setItem(KEY, JSON.stringify(this.config)); } catch { /* private mode */ }
    for (const fn of this.listeners) fn(this.config);
  }

  reset() {
    try { localStorage.removeItem(KEY); } catch { /* ignore */ }
    this.config = structuredClone(DEFAULTS);
    for (const fn of this.listeners) fn(this.config);
  }

  /** Whether a rule runs: opt-in rules when enabled, the others unless ignored. */
  isOn(rule) {
    return rule.optIn ? this.config.enable.includes(rule.id) : !this.config.ignore.includes(rule.id);
  }

  setOn(rule, on) {
    const without = (list) => list.filter((id) => id !== rule.id);
    if (rule.optIn) this.update({ enable: on ? [...without(this.config.enable), rule.id] : without(this.config.enable) });
    else this.update({ ignore: on ? without(this.config.ignore) : [...without(this.config.ignore), rule.id] });
  }

  severityOf(rule) {
    return this.config.severity[rule.id] ?? '';
  }

  /** `''` restores the rule's default severity. */
  setSeverity(rule, severity) {
    const next = { ...this.config.severity };
    if (severity) next[rule.id] = severity; else delete next[rule.id];
    this.update({ severity: next });
  }
}

/** Wire the Settings dialog's form to `settings`. */
export function setUpDialog(settings) {
  const dialog = document.getElementById('settings');
  const form = document.getElementById('settings-form');
  const error = document.getElementById('settings-error');
  document.getElementById('open-settings').addEventListener('click', () => {
    const c = settings.config;
    form.trustedRegistries.value = c.trustedRegistries.join(', ');
    form.maxLayers.value = c.maxLayers;
    form.labelSchema.value = Object.entries(c.labelSchema).map(([k, v]) => `${k}: ${v}`).join('\n');
    form.strictLabels.checked = c.strictLabels;
    form.disableIgnorePragma.checked = c.disableIgnorePragma;
    error.textContent = '';
    dialog.showModal();
  });
  form.addEventListener('submit', (event) => {
    if (event.submitter?.value !== 'save') return;
    const labelSchema = {};
    for (const line of form.labelSchema.value.split('\n')) {
      if (!line.trim()) continue;
      const at = line.lastIndexOf(':');
      if (at <= 0) {
        event.preventDefault();
        error.textContent = `"${line.trim()}" is not "label: type".`;
        return;
      }
      labelSchema[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    settings.update({
      trustedRegistries: form.trustedRegistries.value.split(',').map((s) => s.trim()).filter(Boolean),
      maxLayers: Math.max(1, Number(form.maxLayers.value) || DEFAULTS.maxLayers),
      labelSchema,
      strictLabels: form.strictLabels.checked,
      disableIgnorePragma: form.disableIgnorePragma.checked,
    });
  });
  document.getElementById('settings-reset').addEventListener('click', () => {
    settings.reset();
    dialog.close();
  });
}
