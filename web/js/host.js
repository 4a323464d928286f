// Where the page runs: in VS Code's webview (the layerlint extension) or a plain browser tab. In
// the browser every call here is a no-op, so the page needs no other copy for VS Code.
//
// In VS Code the extension sends `load` (a Dockerfile, its path and lint config) and, for image
// inspection, `inspect-*` messages; the page sends `ready` (with the message types it has
// handlers for, its "capabilities"), `reveal` (a finding's span) and `inspect-*` replies. The
// protocol is documented in vscode/README.md.

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
/** message type → handlers */
const handlers = new Map();
/** The last message of each type that arrived before anyone listened. */
const unheard = new Map();
let loaded = null;

export const host = {
  /** True inside VS Code's webview. */
  inVsCode: vscode !== null,

  /** The lint config the editor uses for the loaded Dockerfile (null in the browser). */
  get config() {
    return loaded?.config ?? null;
  },

  /** The last `load` message `{text, path, version, config}` (null until one came, and in the browser). */
  get loaded() {
    return loaded;
  },

  /** `cb({text, path, config})` whenever the editor sends a Dockerfile (never in the browser). */
  onLoadDockerfile(cb) {
    host.on('load', (message) => cb(message));
  },

  /** Ask the editor to reveal a report span `{start, end}` in the Dockerfile it sent. */
  revealSpan(span) {
    host.post({ type: 'reveal', span: { start: pick(span.start), end: pick(span.end) } });
  },

  /**
   * Handle messages of one type from the editor (e.g. the image inspector's `inspect-begin`,
   * `inspect-chunk`, `inspect-end`, `inspect-error`). Registering before the page's modules
   * finish loading announces the type in `ready`, which is how the extension knows the page
   * can do it.
   */
  on(type, cb) {
    if (!handlers.has(type)) handlers.set(type, []);
    handlers.get(type).push(cb);
    if (unheard.has(type)) {
      const message = unheard.get(type);
      unheard.delete(type);
      cb(message);
    }
  },

  /** Send a message to the editor (dropped in the browser). */
  post(message) {
    vscode?.postMessage(message);
  },
};

function pick({ line, column, offset }) {
  return { line, column, offset };
}

if (vscode) {
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.type !== 'string') return;
    if (message.type === 'load') loaded = message;
    const list = handlers.get(message.type);
    if (list) for (const cb of list) cb(message);
    else unheard.set(message.type, message);
  });
  // Every module of the page has been evaluated by the next task: announce what it handles.
  setTimeout(() => host.post({ type: 'ready', capabilities: [...handlers.keys()] }), 0);
  followTheme();
}

/** Light or dark as VS Code is (its webview body has `vscode-light`/`vscode-dark`), unless the user chose. */
function followTheme() {
  const apply = () => {
    try {
      if (localStorage.getItem('layerlint.theme')) return;
    } catch { /* no storage: follow VS Code */ }
    const light = document.body.classList.contains('vscode-light')
      || document.body.classList.contains('vscode-high-contrast-light');
    const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
    if (light || dark) document.documentElement.dataset.theme = light ? 'light' : 'dark';
  };
  const start = () => {
    apply();
    new MutationObserver(apply).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
}
