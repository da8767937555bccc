import { MAX_DURATION_SECONDS } from '../sources/time-bounds.js';

// Figures for people: bytes and durations. Here, not under chart/, because the model's own words
// (alerts, advice) use them as much as the UI and the reports do.

/** 1234567 -> "1,234,567". */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Every byte, as the uploader counts them: "5,895,885 B". */
export function formatExactBytes(n: number): string {
  return `${thousands(n)} B`;
}

const SI_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB'];

/** SI units (1 kB = 1000 B, 1 MB = 10^6 B), the same everywhere the tool prints a size: "5.9 MB". */
export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n < 1000) return `${n} B`;
  const shown = (v: number) => v.toFixed(v >= 99.95 ? 0 : 1);
  let v = n / 1000;
  let u = 0;
  // 999,960 B is "1.0 MB", not "1000 kB".
  while (Number(shown(v)) >= 1000 && u < SI_UNITS.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${shown(v)} ${SI_UNITS[u]}`;
}

/** A duration in words: "45s", "7m 35s", "13h 48m", "3d 4h"; '–' for none, or for more than any training takes. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_DURATION_SECONDS) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Exact, with the short form beside it when it says something: "5,895,885 B (5.9 MB)". */
export function formatSize(n: number): string {
  return n < 1000 ? formatExactBytes(n) : `${formatExactBytes(n)} (${formatBytes(n)})`;
}
