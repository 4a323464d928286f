// The page: wires the editor, the wasm linter, the findings list, the rule reference and the
// settings together.
import { load } from './wasm.js';
import { Editor } from './editor.js';
import { renderFindings, markCurrent, summarize } from './findings.js';
import { showRules } from './rules-view.js';
import { Settings, setUpDialog } from './settings.js';
import { setUpTabs, selectTab } from './tabs.js';
// Registers the VS Code stream handlers now (they must be in `ready`'s capabilities); the Image
// tab itself is loaded after the first findings, so it does not delay them.
import './inspect/vscode-stream.js';
import { EXAMPLE } from './example.js';
import { host } from './host.js';
import { keepOffline } from './offline.js';
import { attachEditor, replaceText, openText } from './document.js';
import { buildContext, isDockerignoreName } from './build-context.js';

const $ = (id) => document.getElementById(id);
const STORAGE_TEXT = 'layerlint.dockerfile';
const STORAGE_THEME = 'layerlint.theme';
const LINT_DELAY_MS = 120;

const editor = new Editor({ parent: $('editor'), onFix: (finding) => applyFix(finding) });
const settings = new Settings();
let report = null;
let api = null;

setUpTheme();
setUpDialog(settings);
// The rules' documentation is fetched the first time the Rules tab opens.
const followHash = setUpTabs({ rules: () => showRules({ container: $('rules'), filter: $('rule-filter'), count: $('rule-count'), settings }) });
attachEditor(editor);
// In VS Code the text is the editor's document, sent by `load`: never the example or a kept copy.
editor.text = host.inVsCode ? '' : localStorage.getItem(STORAGE_TEXT) ?? EXAMPLE;
host.onLoadDockerfile(({ text }) => { editor.text = text; });

load().then(({ api: wasm }) => {
  api = wasm;
  $('version').textContent = api.version();
  lintNow();
  // Time from navigation start to the first findings on screen.
  const ms = Math.round(performance.now());
  document.body.dataset.firstLintMs = String(ms);
  $('timing').textContent = `first findings ${ms} ms after page load`;
  // Until here the text was in a plain textarea: now the code editor, then the Image tab.
  editor.upgrade().catch((error) => console.warn(`layerlint: the code editor could not load (${error.message}); the plain one stays`));
  import('./inspect/image-tab.js').then(({ setUpImageTab }) => setUpImageTab({ editor, selectTab }));
  keepOffline();
  followHash();
}).catch((error) => {
  $('status').textContent = `The linter could not start: ${error.message}`;
});

let timer = 0;
editor.onChange((text) => {
  if (!host.inVsCode) {
    try { localStorage.setItem(STORAGE_TEXT, text); } catch { /* private mode: not kept */ }
  }
  clearTimeout(timer);
  timer = setTimeout(lintNow, LINT_DELAY_MS);
});
settings.onChange(() => lintNow());
editor.onCursorFindings((findings) => markCurrent($('findings'), findings));
buildContext.onChange(() => lintNow());

function lintNow() {
  if (!api) return;
  const started = performance.now();
  // In VS Code before any Dockerfile is followed there is no text to lint (not an empty file).
  const nothingOpen = host.inVsCode && !host.loaded;
  try {
    report = nothingOpen ? null : buildContext.lint(api, editor.text, host.config ?? settings.config);
  } catch (error) {
    $('status').textContent = `Settings rejected: ${error.message}`;
    return;
  }
  const findings = report?.files[0].findings ?? [];
  renderFindings($('findings'), findings, { onSelect: (f) => { editor.select(f.span); host.revealSpan(f.span); }, onFix: applyFix });
  editor.setFindings(findings);
  $('summary').textContent = findings.length ? `· ${summarize(findings)}` : '';
  $('status').textContent = findings.length ? ''
    : nothingOpen ? 'No Dockerfile open: open one in the editor, or click Example for a new one.'
      : 'No findings: nothing here slows your start-up.';
  // Fix all applies safe fixes only (the wasm fixAll); unsafe ones are offered one by one.
  $('fix-all').disabled = !findings.some((f) => f.fix?.safety === 'safe');
  buildContext.render($('build-context'));
  document.body.dataset.lintMs = (performance.now() - started).toFixed(2);
}

function applyFix(finding) {
  replaceText(api.applyEdits(editor.text, finding.fix.edits), 'fix');
  lintNow();
}

$('fix-all').addEventListener('click', () => {
  replaceText(api.fixAll(editor.text, host.config ?? settings.config), 'fix-all');
  lintNow();
});

$('copy-json').addEventListener('click', async () => {
  if (!report) return;
  const button = $('copy-json');
  try {
    await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed';
  }
  setTimeout(() => { button.textContent = 'Copy report as JSON'; }, 1500);
});

$('load-example').addEventListener('click', () => openText(EXAMPLE, 'Example'));
$('clear').addEventListener('click', () => { replaceText('', 'clear'); editor.focus(); });
$('open-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file && isDockerignoreName(file.name)) buildContext.set(await file.text());
  else if (file) openText(await file.text(), file.name);
  event.target.value = '';
});

function setUpTheme() {
  const root = document.documentElement;
  const saved = localStorage.getItem(STORAGE_THEME);
  if (saved) root.dataset.theme = saved;
  $('theme').addEventListener('click', () => {
    const dark = root.dataset.theme
      ? root.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem(STORAGE_THEME, root.dataset.theme);
  });
}
