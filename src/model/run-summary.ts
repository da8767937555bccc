// What a finished run says about itself: how long it took, per epoch, and when it ended.
import type { RunState } from './run-store.js';
import { plausibleDuration } from '../sources/time-bounds.js';
import { formatDuration } from './units.js';

export interface RunSummary {
  /** Training wall time, seconds: the `time` column's last value, else args.yaml to the last row. */
  totalSeconds: number | null;
  meanEpochSeconds: number | null;
  /** When the last row was written, ms. */
  finishedAt: number | null;
}

export function runSummary(s: RunState, done: number): RunSummary {
  const t = s.roles.findIndex((r) => r.kind === 'time');
  const last = t >= 0 ? s.values[t].at(-1) : undefined;
  const fromFiles = s.startedAt !== null && s.lastChangeAt !== null && s.lastChangeAt > s.startedAt ? (s.lastChangeAt - s.startedAt) / 1000 : null;
  const totalSeconds = last !== undefined && plausibleDuration(last) && last > 0 ? last : fromFiles !== null && plausibleDuration(fromFiles) ? fromFiles : null;
  const mean = totalSeconds !== null && done > 0 ? Math.round((totalSeconds / done) * 1000) / 1000 : null;
  return { totalSeconds, meanEpochSeconds: mean, finishedAt: s.lastChangeAt };
}

/** Local date and time to the minute, as people read a log: "2026-12-02 09:55". */
export function formatWhen(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '–';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "took 12h 38m (7m 35s/epoch)", or null without a wall time: the mean, as the view's epochSeconds of an ended run. */
export function tookText(s: RunSummary): string | null {
  if (s.totalSeconds === null) return null;
  return `took ${formatDuration(s.totalSeconds)}${s.meanEpochSeconds !== null ? ` (${formatDuration(s.meanEpochSeconds)}/epoch)` : ''}`;
}
