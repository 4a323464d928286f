// Progress of an inspection that may run in several workers: per layer (a bar each), overall,
// MB/s and time left. Each worker reports the engine's ProgressInfo for its part; a layer is
// as far as the slowest part that reads it.

export class Progress {
  /** `parts`: how many workers report. */
  constructor(parts, now = () => performance.now()) {
    this.now = now;
    this.started = now();
    this.parts = Array.from({ length: parts }, () => null);
    /** layer → stored size, as the parts tell them */
    this.sizes = new Map();
  }

  /** The engine's ProgressInfo of part `i`. */
  update(i, info) {
    this.parts[i] = info;
    if (info.layer > 0) this.sizes.set(info.layer, info.layer_bytes_total);
  }

  /** Fraction of layer `n` done by part `i` (1 for a layer it has passed or does not read). */
  static layerDone(info, n) {
    if (!info || info.layer === 0) return 0;
    if (n < info.layer) return 1;
    if (n > info.layer) return 0;
    return info.layer_bytes_total ? info.layer_bytes_done / info.layer_bytes_total : 1;
  }

  /** `{layers: [{layer, bytes, done}], done, bytesDone, bytesTotal, mbPerS, secondsLeft}` */
  snapshot() {
    const known = this.parts.filter(Boolean);
    const fraction = known.length < this.parts.length ? 0
      : Math.min(...known.map((p) => (p.bytes_total ? p.bytes_done / p.bytes_total : 0)));
    const total = Math.max(0, ...known.map((p) => p.bytes_total));
    const seconds = (this.now() - this.started) / 1000;
    const bytesDone = fraction * total;
    const layers = [...this.sizes.keys()].sort((a, b) => a - b).map((layer) => ({
      layer,
      bytes: this.sizes.get(layer),
      done: Math.min(...this.parts.map((p) => Progress.layerDone(p, layer))),
    }));
    return {
      layers,
      done: fraction,
      bytesDone,
      bytesTotal: total,
      mbPerS: seconds > 0 ? bytesDone / 1e6 / seconds : 0,
      secondsLeft: fraction > 0 ? seconds * (1 - fraction) / fraction : null,
    };
  }
}
