// How one File's inspection is split over several workers. Each measurement stays what it is
// undivided — one encoder and its decoder over the same 1 MiB chunks on one core — so the
// merged report has the same sizes and the same kind of timings; only the wall time drops.
//
//   1 worker:  everything
//   2 workers: structure (tar walk, waste, digests, original decode) + zstd | gzip
//   3 workers: structure | zstd | gzip
//   4 workers: structure | zstd | gzip of odd layers | gzip of even layers
// gzip-6 encoding is the slowest part (about half the work), so it goes apart first.

/** The largest layer index a part may name (a layer filter lists indexes). */
const MAX_LAYERS = 1000;

function every(start, step) {
  const out = [];
  for (let i = start; i <= MAX_LAYERS; i += step) out.push(i);
  return out;
}

/** The `part` options of each worker for `count` workers (1–4). */
export function planParts(count) {
  switch (Math.max(1, Math.min(4, count))) {
    case 1:
      return [{ structure: true, codecs: ['gzip', 'zstd'], layers: [] }];
    case 2:
      return [
        { structure: true, codecs: ['zstd'], layers: [] },
        { structure: false, codecs: ['gzip'], layers: [] },
      ];
    case 3:
      return [
        { structure: true, codecs: [], layers: [] },
        { structure: false, codecs: ['zstd'], layers: [] },
        { structure: false, codecs: ['gzip'], layers: [] },
      ];
    default:
      return [
        { structure: true, codecs: [], layers: [] },
        { structure: false, codecs: ['zstd'], layers: [] },
        { structure: false, codecs: ['gzip'], layers: every(1, 2) },
        { structure: false, codecs: ['gzip'], layers: every(2, 2) },
      ];
  }
}
