// The Image tab: drop or pick image archives and layers (or have VS Code stream one), watch
// them being read (a bar per layer, MB/s, time left, cancel), then read the report — next to
// the Dockerfile in the editor, whose instructions the layers' history entries link to.
import { h, replaceChildren } from '../dom.js';
import { LineStarts } from '../positions.js';
import { host } from '../host.js';
import { openText } from '../document.js';
import { inspectFile } from './run.js';
import { defaultWorkerCount } from './workers.js';
import { acceptDrops, sortFiles } from './drop.js';
import { receiveStreams } from './vscode-stream.js';
import { matchHistory } from './history-match.js';
import { renderImage, adviceBody } from './report-view.js';
import { bytes, seconds, speed } from './format.js';

/** 400 Mbit/s: the engine's default (see crate/src/advice). */
const DEFAULT_BANDWIDTH = 400;
const LINK_DELAY_MS = 300;

/**
 * Wire the tab. `api`: the main thread's wasm exports (detect, advise, mergeMeasurements);
 * `editor`: the Dockerfile editor; `selectTab(name)`.
 */
export function setUpImageTab({ api, editor, selectTab }) {
  const view = document.getElementById('view-image');
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  const workers = asked >= 1 ? Math.min(4, Math.floor(asked)) : defaultWorkerCount();
  document.body.dataset.inspectWorkers = String(workers);
  const results = []; // {name, file, images, article[]}
  const queue = [];
  let running = false; // a File inspection is under way
  let cancelCurrent = null; // what the Cancel button stops
  let bandwidth = DEFAULT_BANDWIDTH;

  const picker = h('input', { type: 'file', id: 'image-file', multiple: true, hidden: true });
  const cancelButton = h('button', { type: 'button', id: 'inspect-cancel', class: 'button', disabled: true, onclick: () => { queue.length = 0; cancelCurrent?.(); } }, 'Cancel');
  const exportButton = h('button', { type: 'button', id: 'inspect-export', class: 'button', disabled: true, onclick: exportJson }, 'Export JSON');
  const status = h('p', { id: 'inspect-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const bandwidthInput = h('input', { type: 'number', id: 'bandwidth', min: 1, step: 'any', value: DEFAULT_BANDWIDTH, 'aria-describedby': 'bandwidth-why' });
  const progressBox = h('div', { id: 'inspect-progress', class: 'inspect-progress' });
  const resultsBox = h('div', { id: 'inspect-results' });
  const dropZone = h('div', { class: 'drop-zone', id: 'drop-zone' },
    h('p', {}, h('strong', {}, 'Drop image archives or layers here'), ' — or ',
      h('label', { class: 'button', for: 'image-file' }, 'Choose files…')),
    h('p', { class: 'hint' }, '`docker save`, `podman save`, `skopeo copy`, `buildx --output type=oci`, or one layer (.tar, .tar.gz, .tar.zst). '
      + 'Read here, in slices, by a worker: nothing is uploaded.'));

  replaceChildren(view,
    h('div', { class: 'panel-head' }, status,
      h('div', { class: 'toolbar' }, cancelButton, exportButton)),
    h('div', { class: 'image-body' },
      dropZone, picker, progressBox,
      h('div', { class: 'bandwidth' },
        h('label', { for: 'bandwidth' }, 'Download bandwidth '), bandwidthInput, ' Mbit/s',
        h('p', { id: 'bandwidth-why', class: 'hint' }, `Default ${DEFAULT_BANDWIDTH} Mbit/s (50 MB/s): about what a small Fargate task sustains pulling from a registry in its own region. `
          + 'Use your own figure: the estimate and the advice follow it.')),
      resultsBox));
  status.textContent = host.inVsCode ? 'Use “Inspect image with layerlint” on an archive in the explorer, or drop one here.' : 'No image inspected yet.';

  picker.addEventListener('change', () => {
    const files = [...picker.files];
    picker.value = '';
    inspectAll(files);
  });
  acceptDrops(async (files) => {
    const { images, dockerfiles } = await sortFiles(files, api.detect);
    if (dockerfiles.length) openText(await dockerfiles[0].text(), dockerfiles[0].name);
    if (images.length) {
      selectTab('image');
      inspectAll(images);
    }
  });
  bandwidthInput.addEventListener('change', () => {
    const value = Number(bandwidthInput.value);
    if (!(value > 0)) return;
    bandwidth = value;
    for (const result of results) {
      result.images = result.images.map((image) => (image.layers.length ? api.advise(image, adviceOptions()) : image));
      result.articles.forEach((article, k) => {
        const body = article.querySelector('.advice-body');
        if (body) replaceChildren(body, adviceBody(result.images[k]));
      });
    }
  });
  let linkTimer = 0;
  editor.onChange(() => {
    clearTimeout(linkTimer);
    linkTimer = setTimeout(() => results.forEach(showResult), LINK_DELAY_MS);
  });

  receiveStreams({
    begin: ({ name, size, cancel }) => {
      selectTab('image');
      const bars = startProgress(name, size, cancel);
      return {
        progress: bars.update,
        done: (report) => {
          bars.finish();
          addResult({ name, file: null, images: report.images });
          status.textContent = `${name}: read ${bytes(size)} from the editor.`;
        },
        failed: (error) => { bars.finish(); status.textContent = `${name}: ${error.message}`; document.body.dataset.inspectState = 'failed'; },
      };
    },
  }, () => ({ advice: adviceOptions() }));

  function adviceOptions() {
    return { bandwidth_mbit_s: bandwidth };
  }

  function inspectAll(files) {
    queue.push(...files.map((file) => ({ file, options: {} })));
    if (!running) next();
  }

  async function next() {
    const job = queue.shift();
    if (!job) return;
    running = true;
    const { file, options } = job;
    const started = performance.now();
    const bars = startProgress(file.name, file.size, () => run.cancel());
    const run = inspectFile(file, {
      options: { ...options, advice: adviceOptions() },
      workers,
      onProgress: bars.update,
      merge: (image, part) => api.mergeMeasurements(image, part, adviceOptions()),
    });
    try {
      const report = await run.result;
      const took = performance.now() - started;
      document.body.dataset.inspectMs = took.toFixed(0);
      addResult({ name: file.name, file, options, images: report.images, ms: took }, job.replace);
      status.textContent = `${file.name}: read ${bytes(file.size)} in ${seconds(took / 1000)} (${speed(file.size / 1e3 / took)}) with ${workers} worker${workers > 1 ? 's' : ''}.`;
    } catch (error) {
      status.textContent = error.cancelled ? `${file.name}: cancelled.` : `${file.name}: ${error.message}`;
      document.body.dataset.inspectState = error.cancelled ? 'cancelled' : 'failed';
    } finally {
      bars.finish();
      running = false;
      next();
    }
  }

  /** Progress of one input: overall bar, MB/s, time left, a bar per layer. */
  function startProgress(name, size, cancel) {
    document.body.dataset.inspectState = 'running';
    cancelButton.disabled = false;
    cancelCurrent = cancel;
    const overall = h('progress', { max: 1, value: 0, 'aria-label': `Reading ${name}` });
    const text = h('span', { class: 'hint' }, 'starting…');
    const layers = h('ol', { class: 'layer-progress' });
    const box = h('div', { class: 'progress-item' }, h('div', { class: 'progress-title' }, h('strong', {}, name), ' ', size == null ? null : h('span', { class: 'hint' }, bytes(size))), overall, text, layers);
    progressBox.append(box);
    status.textContent = `Reading ${name}…`;
    let lastDraw = 0;
    const rows = new Map();
    return {
      update(snapshot) {
        const now = performance.now();
        if (now - lastDraw < 100 && snapshot.done < 1) return; // a few redraws a second are enough
        lastDraw = now;
        overall.value = snapshot.done;
        const left = snapshot.secondsLeft == null ? '' : ` · ${seconds(snapshot.secondsLeft)} left`;
        text.textContent = `${Math.floor(snapshot.done * 100)}% · ${speed(snapshot.mbPerS)}${left}`;
        for (const l of snapshot.layers) {
          let row = rows.get(l.layer);
          if (!row) {
            row = { bar: h('progress', { max: 1, value: 0 }) };
            rows.set(l.layer, row);
            layers.append(h('li', {}, h('span', {}, `layer ${l.layer} · ${bytes(l.bytes)}`), row.bar));
          }
          row.bar.value = l.done;
        }
      },
      finish() {
        box.remove();
        if (cancelCurrent === cancel) {
          cancelCurrent = null;
          cancelButton.disabled = true;
        }
      },
    };
  }

  function addResult(result, replace) {
    const at = replace ? results.indexOf(replace) : -1;
    if (at >= 0) {
      for (const a of replace.articles) a.remove();
      results.splice(at, 1, result);
    } else {
      results.push(result);
    }
    result.holder = replace?.holder ?? h('div', { class: 'result' });
    if (!result.holder.isConnected) resultsBox.prepend(result.holder);
    showResult(result);
    exportButton.disabled = false;
    dropZone.classList.add('compact');
    document.body.dataset.inspectState = 'done';
  }

  /** (Re)draw a result, with links to the Dockerfile as it is now. */
  function showResult(result) {
    const text = editor.text;
    const lines = new LineStarts(text);
    const span = (offset) => {
      const line = lines.lineOf(offset);
      return { line, column: offset - lines.starts[line - 1] + 1 };
    };
    result.articles = result.images.map((image) => {
      const matches = matchHistory(image.history, text);
      const byLayer = new Map();
      image.history.forEach((entry, k) => { if (entry.layer && matches[k]) byLayer.set(entry.layer, matches[k]); });
      const links = (layer) => {
        const m = byLayer.get(layer);
        return m && { line: m.line, select: () => editor.select({ start: span(m.start), end: span(m.end) }) };
      };
      const onSweep = result.file ? (layer) => sweep(result, layer) : null;
      return renderImage(image, { links, onSweep, platformPicker: platformPicker(result, image) });
    });
    // keep folded-out details open across redraws
    const open = [...result.holder.querySelectorAll('details[open]')].map((d) => d.closest('tr')?.previousElementSibling?.dataset.layer);
    replaceChildren(result.holder, result.articles);
    for (const layer of open) result.holder.querySelector(`tr[data-layer="${layer}"]`)?.nextElementSibling?.querySelector('details')?.setAttribute('open', '');
  }

  function platformPicker(result, image) {
    if (!result.file || image.platforms.length < 2) return null;
    const select = h('select', { 'aria-label': 'Platform', class: 'platform' }, image.platforms.map((p) =>
      h('option', { value: p, selected: p === image.platform }, p)));
    select.addEventListener('change', () => {
      queue.unshift({ file: result.file, options: { ...result.options, platform: select.value }, replace: result });
      if (!running) next();
    });
    return h('label', { class: 'hint' }, 'Platform ', select);
  }

  async function sweep(result, layer) {
    const bars = startProgress(`${result.name}: level sweep of layer ${layer}`, null, () => run.cancel());
    const run = inspectFile(result.file, {
      options: { ...result.options, sweep: { layer, max_bytes: 32 << 20 } },
      sweepOnly: true,
      onProgress: bars.update,
    });
    try {
      const report = await run.result;
      status.textContent = '';
      return report.images[0]?.sweep ?? null;
    } finally {
      bars.finish();
      document.body.dataset.inspectState = 'done';
    }
  }

  function exportJson() {
    const report = { version: api.version(), images: results.flatMap((r) => r.images) };
    const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
    const a = h('a', { href: url, download: 'layerlint-inspect.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** For tests and the browser benchmark: the reports shown, as plain data. */
  Object.defineProperty(window, 'layerlintImageReports', { get: () => results.map((r) => ({ name: r.name, ms: r.ms, images: r.images })), configurable: true });
}
