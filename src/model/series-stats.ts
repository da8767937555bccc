import type { ColumnRole } from './columns.js';
import { betterDirection } from './columns.js';

export interface SeriesStats {
  count: number;
  last: number | null;
  min: number | null;
  max: number | null;
  /** Epoch of the best value (min for losses, max for metrics); null where "best" means nothing. */
  best_epoch: number | null;
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

export function seriesStats(xs: readonly number[], ys: readonly number[], role: ColumnRole): SeriesStats {
  let min: number | null = null;
  let max: number | null = null;
  let minAt: number | null = null;
  let maxAt: number | null = null;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) continue;
    if (min === null || y < min) { min = y; minAt = xs[i]; }
    if (max === null || y > max) { max = y; maxAt = xs[i]; }
  }
  const dir = betterDirection(role);
  return {
    count: ys.length,
    last: finite(ys.at(-1)),
    min,
    max,
    best_epoch: dir === 'min' ? minAt : dir === 'max' ? maxAt : null,
  };
}

/** Median of the last `n` finite values. */
export function recentMedian(values: readonly number[], n = 5): number | null {
  const tail = values.filter((v) => Number.isFinite(v) && v > 0).slice(-n).sort((a, b) => a - b);
  if (tail.length === 0) return null;
  const mid = tail.length >> 1;
  return tail.length % 2 ? tail[mid] : (tail[mid - 1] + tail[mid]) / 2;
}
