// One image report as the Image tab shows it: summary, problems, advice with the bandwidth,
// charts, the layer table (every field; the details of a layer fold out), the largest and the
// wasted files, the level sweep. Everything user-derived (paths, history, references) goes in
// through h() as text.
import { h } from '../dom.js';
import { bytes, count, ms, percent, seconds, shortDigest, speed } from './format.js';
import { layerCharts, PULL_STEPS, startupChart, sweepChart } from './chart.js';

/**
 * `image`: one entry of the report's `images`. `links(layerIndex)` → `{line, select()}` or
 * null: the Dockerfile instruction that made a layer. `onSweep(layer)` runs the level sweep (or
 * is null when the input cannot be read again).
 */
export function renderImage(image, { links, onSweep, platformPicker }) {
  const title = image.reference ?? image.path;
  return h('article', { class: 'image-report', dataset: { format: image.format } },
    h('header', { class: 'image-head' },
      h('h3', {}, title),
      h('p', { class: 'hint' }, [image.path !== title ? `${image.path} · ` : '', image.format,
        image.platform ? ` · ${image.platform}` : '']),
      platformPicker),
    problems(image),
    image.layers.length ? summary(image) : null,
    image.startup || image.advice.length
      ? h('section', { class: 'advice-section' }, h('h4', {}, 'Start-up estimate and advice'), h('div', { class: 'advice-body' }, adviceBody(image)))
      : null,
    image.layers.length ? chartsSection(image) : null,
    image.layers.length ? layerTable(image, links) : null,
    wastedFiles(image),
    onSweep && image.layers.length ? sweepSection(image, onSweep) : null);
}

function problems(image) {
  if (!image.errors.length && !image.warnings.length) return null;
  const item = (p, kind) => h('li', { class: kind }, h('span', { class: `badge ${kind === 'error' ? 'error' : 'warning'}` }, kind),
    p.layer ? ` layer ${p.layer}: ` : ' ', p.message);
  return h('ul', { class: 'problems' }, image.errors.map((p) => item(p, 'error')), image.warnings.map((p) => item(p, 'warning')));
}

function summary(image) {
  const t = image.total;
  const cell = (label, value, note) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value), note ? h('span', { class: 'hint' }, note) : null);
  return h('div', { class: 'stats' },
    cell('layers', String(t.layers)),
    cell('stored', bytes(t.stored_size)),
    cell('uncompressed', bytes(t.uncompressed_size)),
    cell('wasted', bytes(t.wasted_bytes), t.complete ? null : 'at least'),
    cell('efficiency', percent(t.efficiency)),
    cell('gzip-6', bytes(t.gzip_size)),
    cell('zstd-3', bytes(t.zstd_size)));
}

/** The advice and estimate; redrawn alone when the bandwidth changes. */
export function adviceBody(image) {
  const s = image.startup;
  const steps = PULL_STEPS.map((step) => step.name);
  const estimate = s ? h('table', { class: 'startup' },
    h('thead', {}, h('tr', {}, h('th', {}, `at ${s.bandwidth_mbit_s} Mbit/s`), h('th', {}, 'size'), steps.map((n) => h('th', {}, n)), h('th', {}, 'total'))),
    h('tbody', {}, [['gzip-6', s.gzip], ['zstd-3', s.zstd], ['as stored', s.as_stored]].filter(([, p]) => p).map(([name, p]) =>
      h('tr', {}, h('th', {}, name), h('td', {}, bytes(p.bytes)), PULL_STEPS.map((step) => h('td', {}, seconds(p[step.key]))), h('td', {}, seconds(p.total_s))))),
    h('tfoot', {}, h('tr', {}, h('th', {}, 'zstd saves'), h('td', {}, bytes(s.saving_bytes)), h('td', { colspan: steps.length }), h('td', {}, `${seconds(s.saving_s)} (${s.saving_percent.toFixed(1)}%)`)))) : null;
  return [
    estimate,
    s ? startupChart(s) : null,
    s ? h('p', { class: 'hint' }, 'The steps of a containerd pull: ctr and a snapshot per layer; the download at this bandwidth; storing the blobs (a request and a content-store write each) and sha256 of the blobs and the uncompressed layers; decompression with containerd\'s decoders; creating every file. Calibrated against real pulls (README: Start-up estimate vs real pulls).') : null,
    h('ul', { class: 'advice' }, image.advice.map((a) => h('li', { dataset: { advice: a.id } }, a.message,
      a.rule ? [' ', h('a', { class: 'doc-link', href: `#rule-${a.rule}` }, `About ${a.rule}`)] : null))),
  ];
}

function chartsSection(image) {
  const charts = layerCharts(image);
  if (!charts) return null;
  return h('section', { class: 'charts' }, h('h4', {}, 'gzip-6 vs zstd-3 per layer'), h('div', { class: 'chart-row' }, charts));
}

function codecCell(m) {
  return m ? [bytes(m.size), h('span', { class: 'hint' }, ` dec ${speed(m.decode_mb_s)}`)] : '–';
}

function layerTable(image, links) {
  const rows = image.layers.flatMap((l) => {
    const link = links(l.index);
    const made = h('td', { class: 'made-by' },
      link ? h('button', { type: 'button', class: 'link', title: 'Select this instruction in the Dockerfile', onclick: link.select }, `line ${link.line}`) : null,
      link ? ' ' : null,
      h('code', {}, l.created_by ?? '–'));
    const ok = l.complete ? null : h('span', { class: 'badge error', title: 'the layer could not be read completely' }, 'incomplete');
    return [
      h('tr', { class: 'layer-row', dataset: { layer: l.index } },
        h('td', {}, String(l.index), ' ', ok),
        made,
        h('td', { class: 'num' }, bytes(l.stored_size), h('span', { class: 'hint' }, `${bytes(l.uncompressed_size)} tar`)),
        h('td', { class: 'num' }, count(l.files)),
        h('td', { class: 'num' }, l.wasted_bytes ? bytes(l.wasted_bytes) : '0'),
        h('td', { class: 'num' }, codecCell(l.gzip)),
        h('td', { class: 'num' }, codecCell(l.zstd))),
      h('tr', { class: 'layer-details-row' }, h('td', { colspan: 7 }, layerDetails(l))),
    ];
  });
  return h('section', { class: 'layers' },
    h('h4', {}, 'Layers'),
    h('div', { class: 'table-scroll' }, h('table', { class: 'layer-table' },
      h('thead', {}, h('tr', {}, ['#', 'made by', 'stored', 'files', 'wasted', 'gzip-6', 'zstd-3'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows))));
}

function digestText(digest, ok) {
  const mark = ok === true ? ' ✓' : ok === false ? ' ✗ mismatch' : '';
  return h('span', { title: digest ?? '', class: ok === false ? 'error-text' : null }, shortDigest(digest), mark);
}

function layerDetails(l) {
  const field = (name, value) => [h('dt', {}, name), h('dd', {}, value)];
  const codec = (m) => (m ? `${bytes(m.size)} (${percent(m.size / Math.max(1, m.input_bytes))}) · encode ${ms(m.encode_ms)} (${speed(m.encode_mb_s)}) · decode ${ms(m.decode_ms)} (${speed(m.decode_mb_s)})` : '–');
  return h('details', {},
    h('summary', {}, `Layer ${l.index}: ${count(l.entries)} entries, ${l.media_type || l.compression}`),
    h('dl', { class: 'fields' },
      field('digest', digestText(l.digest, l.digest_ok)),
      field('diff_id', digestText(l.diff_id, l.diff_id_ok)),
      field('media type', l.media_type || '–'),
      field('stored as', l.compression),
      field('files / dirs', `${count(l.files)} files (${bytes(l.file_bytes)}), ${count(l.dirs)} dirs`),
      field('links / other', `${count(l.symlinks)} symlinks, ${count(l.hardlinks)} hard links, ${count(l.other)} other`),
      field('whiteouts', `${count(l.whiteouts)} deletions, ${count(l.opaque_dirs)} opaque dirs`),
      field('hides below', `${bytes(l.hides_overwritten_bytes)} overwritten, ${bytes(l.hides_deleted_bytes)} deleted`),
      field('wasted here', bytes(l.wasted_bytes)),
      field('decode as stored', l.original ? `${l.original.compression}: ${ms(l.original.decode_ms)} (${speed(l.original.decode_mb_s)})` : '–'),
      field('gzip-6', codec(l.gzip)),
      field('zstd-3', codec(l.zstd))),
    l.largest_files.length ? h('ol', { class: 'files' }, l.largest_files.map((f) => h('li', {}, h('code', {}, f.path), ' ', h('span', { class: 'hint' }, bytes(f.size))))) : null);
}

function wastedFiles(image) {
  if (!image.wasted_files.length) return null;
  return h('section', { class: 'wasted' },
    h('h4', {}, `Wasted files (the largest ${image.wasted_files.length})`),
    h('ol', { class: 'files' }, image.wasted_files.map((w) => h('li', {},
      h('code', {}, w.path), ' ', h('span', { class: 'hint' }, `${bytes(w.size)} from layer ${w.layer}, ${w.how} in layer ${w.hidden_by}`)))));
}

function sweepSection(image, onSweep) {
  const largest = image.layers.reduce((a, b) => (b.uncompressed_size > a.uncompressed_size ? b : a));
  const select = h('select', { 'aria-label': 'Layer to sweep' }, image.layers.map((l) =>
    h('option', { value: l.index, selected: l === largest }, `layer ${l.index} (${bytes(l.uncompressed_size)})`)));
  const out = h('div', { class: 'sweep-out' }, image.sweep ? sweepChart(image.sweep) : null);
  const button = h('button', { type: 'button', class: 'button', onclick: async () => {
    button.disabled = true;
    out.replaceChildren(h('p', { class: 'hint' }, 'Measuring zstd 1/3/9/19 and gzip 1/6/9 …'));
    try {
      const sweep = await onSweep(Number(select.value));
      out.replaceChildren(sweep ? sweepChart(sweep) : h('p', { class: 'hint' }, 'Nothing to sweep.'));
    } catch (error) {
      out.replaceChildren(h('p', { class: 'error-text' }, error.cancelled ? 'Cancelled.' : `The sweep failed: ${error.message}`));
    } finally {
      button.disabled = false;
    }
  } }, 'Run level sweep');
  return h('section', { class: 'sweep' }, h('h4', {}, 'Level sweep'),
    h('p', { class: 'hint' }, 'zstd 1/3/9/19 and gzip 1/6/9 over the first 32 MB of one layer (zstd-19 runs at 1–2 MB/s).'),
    h('div', { class: 'toolbar' }, select, button), out);
}
