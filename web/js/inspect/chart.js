// Inline SVG charts (no chart library): per layer, gzip-6 vs zstd-3 compressed size and decode
// time; and the level sweep of one layer. Text goes in as text nodes.
import { bytes, ms, seconds, speed } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * Grouped horizontal bars: one group per row, one bar per series. `rows`: [{label, values:
 * [number|null…], texts: [string…]}]; `series`: [{name, class}].
 */
function bars({ title, rows, series, width = 420 }) {
  const labelW = 30, textW = 70, barH = 8, gap = 2, groupGap = 8, top = 30;
  const max = Math.max(1e-9, ...rows.flatMap((r) => r.values.filter((v) => v != null)));
  const plotW = width - labelW - textW;
  const groupH = series.length * (barH + gap) + groupGap;
  const height = top + rows.length * groupH + 4;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  root.append(svg('title', {}, title), svg('text', { x: 0, y: 12, class: 'chart-title' }, title));
  series.forEach((s, i) => {
    const x = labelW + i * 80;
    root.append(svg('rect', { x, y: 18, width: 8, height: 8, class: s.class }), svg('text', { x: x + 11, y: 26, class: 'chart-legend' }, s.name));
  });
  rows.forEach((row, r) => {
    const y0 = top + r * groupH;
    root.append(svg('text', { x: 0, y: y0 + series.length * (barH + gap) / 2 + 3, class: 'chart-label' }, row.label));
    series.forEach((s, i) => {
      const v = row.values[i];
      const y = y0 + i * (barH + gap);
      const w = v == null ? 0 : Math.max(1, (v / max) * plotW);
      root.append(svg('rect', { x: labelW, y, width: w.toFixed(1), height: barH, rx: 2, class: s.class },
        svg('title', {}, `${row.label} ${s.name}: ${row.texts[i]}`)));
      root.append(svg('text', { x: labelW + w + 4, y: y + barH - 1, class: 'chart-value' }, row.texts[i]));
    });
  });
  return root;
}

const CODECS = [{ name: 'gzip-6', class: 'bar-gzip' }, { name: 'zstd-3', class: 'bar-zstd' }];

/** Size and decode time per measured layer: two charts side by side. */
export function layerCharts(image) {
  const measured = image.layers.filter((l) => l.gzip || l.zstd);
  if (!measured.length) return null;
  const label = (l) => `L${l.index}`;
  return [
    bars({
      title: 'Compressed size per layer',
      series: CODECS,
      rows: measured.map((l) => ({ label: label(l), values: [l.gzip?.size, l.zstd?.size], texts: [bytes(l.gzip?.size), bytes(l.zstd?.size)] })),
    }),
    bars({
      title: 'Decode time per layer (this machine)',
      series: CODECS,
      rows: measured.map((l) => ({ label: label(l), values: [l.gzip?.decode_ms, l.zstd?.decode_ms], texts: [ms(l.gzip?.decode_ms), ms(l.zstd?.decode_ms)] })),
    }),
  ];
}

/** The level sweep: size and decode speed per codec and level. */
export function sweepChart(sweep) {
  const rows = sweep.points.map((p) => ({
    label: `${p.codec === 'gzip' ? 'gz' : 'zs'}-${p.level}`,
    values: [p.size],
    texts: [`${bytes(p.size)} · enc ${speed(p.encode_mb_s)} · dec ${speed(p.decode_mb_s)}`],
  }));
  return bars({ title: `Level sweep of layer ${sweep.layer} (${bytes(sweep.input_bytes)}${sweep.whole_layer ? '' : ', its start'})`, series: [{ name: 'compressed size', class: 'bar-zstd' }], rows, width: 460 });
}

/** The steps of a containerd pull, in the order they happen (advice/pull_model.rs). */
export const PULL_STEPS = [
  { key: 'setup_s', name: 'setup', class: 'step-setup' },
  { key: 'download_s', name: 'download', class: 'step-download' },
  { key: 'verify_s', name: 'verify', class: 'step-verify' },
  { key: 'decompress_s', name: 'decompress', class: 'step-decompress' },
  { key: 'write_s', name: 'write files', class: 'step-write' },
];

/**
 * The start-up estimate as one stacked bar per codec: setup, download, verify (storing and
 * sha256 of the blobs),
 * decompress, write files, on one time scale. `startup`: an image report's `startup`.
 */
export function startupChart(startup) {
  const rows = [['gzip-6', startup.gzip], ['zstd-3', startup.zstd], ['as stored', startup.as_stored]].filter(([, p]) => p);
  const width = 460, labelW = 58, textW = 52, barH = 14, gap = 6, top = 32;
  const max = Math.max(1e-9, ...rows.map(([, p]) => p.total_s));
  const plotW = width - labelW - textW;
  const height = top + rows.length * (barH + gap) + 2;
  const title = `Containerd pull at ${startup.bandwidth_mbit_s} Mbit/s, step by step`;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart startup-chart', role: 'img', 'aria-label': title });
  root.append(svg('title', {}, title), svg('text', { x: 0, y: 12, class: 'chart-title' }, title));
  PULL_STEPS.forEach((s, i) => {
    const x = labelW + i * 78;
    root.append(svg('rect', { x, y: 18, width: 8, height: 8, class: s.class }), svg('text', { x: x + 11, y: 26, class: 'chart-legend' }, s.name));
  });
  rows.forEach(([name, p], r) => {
    const y = top + r * (barH + gap);
    const bar = svg('g', { 'data-codec': name });
    bar.append(svg('text', { x: 0, y: y + barH - 3, class: 'chart-label' }, name));
    let x = labelW;
    for (const s of PULL_STEPS) {
      const w = (p[s.key] / max) * plotW;
      bar.append(svg('rect', { x: x.toFixed(2), y, width: Math.max(0, w).toFixed(2), height: barH, class: s.class, 'data-step': s.name, 'data-seconds': p[s.key] },
        svg('title', {}, `${name} ${s.name}: ${seconds(p[s.key])}`)));
      x += w;
    }
    bar.append(svg('text', { x: x + 4, y: y + barH - 3, class: 'chart-value' }, seconds(p.total_s)));
    root.append(bar);
  });
  return root;
}
