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
  const exp = Math.floor(Math.log10(abs));
  for (let digits = 3; digits >= 1; digits--) {
    let s = v.toExponential(digits - 1).replace('e+', 'e');
    // Rounded up past the largest double (1.798e308 to "1.8e308") it would name a number there is none of: cut instead.
    if (!Number.isFinite(Number(s))) s = `${v < 0 ? '-' : ''}${Math.trunc(abs / 10 ** (exp - digits + 1)) / 10 ** (digits - 1)}e${exp}`;
    if (s.length <= width) return s;
  }
  return v.toExponential(0).replace('e+', 'e');
}

/** Seconds before now on a time axis: "now", "-45s", "-10m". */
export function formatAgo(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s === 0) return 'now';
  return s < 60 ? `-${s}s` : `-${Math.round(s / 60)}m`;
}
