/** A number in at most `width` characters, for axis labels and tables. */
export function formatNumber(v: number | null | undefined, width = 7): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  if (Number.isInteger(v) && String(v).length <= width) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 10 ** width) {
    for (let digits = 4; digits >= 1; digits--) {
      const s = String(Number(v.toPrecision(digits)));
      if (s.length <= width) return s;
    }
  }
  for (let digits = 3; digits >= 1; digits--) {
    const s = v.toExponential(digits - 1).replace('e+', 'e');
    if (s.length <= width) return s;
  }
  return v.toExponential(0).replace('e+', 'e');
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}
