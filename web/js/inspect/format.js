// Numbers as the Image tab shows them. Sizes in MB of 10^6 bytes, as the report's MB/s.

export function bytes(n) {
  if (n == null) return '–';
  const abs = Math.abs(n);
  if (abs < 1e3) return `${n} B`;
  if (abs < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (abs < 1e9) return `${(n / 1e6).toFixed(abs < 1e7 ? 2 : 1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export function seconds(s) {
  if (s == null || !Number.isFinite(s)) return '–';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 90) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function ms(n) {
  return n == null ? '–' : seconds(n / 1000);
}

export function speed(mbPerS) {
  if (mbPerS == null || !Number.isFinite(mbPerS) || mbPerS <= 0) return '–';
  return `${mbPerS >= 100 ? Math.round(mbPerS) : mbPerS.toFixed(1)} MB/s`;
}

export function percent(fraction) {
  return fraction == null ? '–' : `${(fraction * 100).toFixed(1)}%`;
}

/** `sha256:abcdef…` → `abcdef123456` */
export function shortDigest(digest) {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '–';
}

export function count(n) {
  return n == null ? '–' : n.toLocaleString('en-US');
}
