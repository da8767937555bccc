// Clocks. Another machine's against this one's: its file times are on its clock, and a run there
// must be aged on that clock, not this one's (a box hours off would otherwise show a growing run
// stalled or finished). Read over the connection already open (`date +%s`), when a reader first
// asks and again every few minutes; this machine's own files need none.
import type { RunFs } from './fs/run-fs.js';
import { plausibleWallTime } from '../sources/time-bounds.js';

/** How long an offset is trusted before it is read again (clocks are stepped, and drift). */
const FRESH_MS = 10 * 60_000;
const DATE_TIMEOUT_MS = 5000;
/** Clocks closer than this are taken as one: `date +%s` says whole seconds. */
const IN_STEP_MS = 2000;

interface Reading {
  /** The host's clock less this machine's, ms (0 until read, or when it could not be). */
  offsetMs: number;
  /** This machine's time of the last try. */
  at: number;
  pending: Promise<void> | null;
}

const readings = new WeakMap<RunFs, Reading>();

/** Asks the host for its time; the offset is taken at the middle of the round trip. */
async function measure(fs: RunFs, r: Reading, clock: () => number): Promise<void> {
  const t0 = clock();
  const out = await fs.runCommand('date', ['+%s'], DATE_TIMEOUT_MS);
  const t1 = clock();
  const seconds = out === null ? NaN : Number(out.trim());
  r.at = t1;
  if (!plausibleWallTime(seconds)) return;
  // `date +%s` drops the fraction: its second is, on average, half over.
  const offset = Math.round(seconds * 1000 + 500 - (t0 + t1) / 2);
  // Within what one reading can tell (a whole second, and the round trip), the clocks agree.
  r.offsetMs = Math.abs(offset) < IN_STEP_MS ? 0 : offset;
}

/**
 * The host's clock less this machine's, in ms: add it to this machine's time for the host's,
 * take it from a host's file time for this machine's. 0 for this machine; for a host, the last
 * reading (read first, then again when older than FRESH_MS); 0 when it cannot be read.
 */
export async function hostClockOffset(fs: RunFs, clock: () => number = Date.now): Promise<number> {
  if (fs.host === null) return 0;
  let r = readings.get(fs);
  if (!r) {
    r = { offsetMs: 0, at: -Infinity, pending: null };
    readings.set(fs, r);
  }
  if (clock() - r.at >= FRESH_MS) {
    const reading = r;
    reading.pending ??= measure(fs, reading, clock).finally(() => (reading.pending = null));
    await reading.pending;
  }
  return r.offsetMs;
}

/** This process's start on this machine's clock: a file written since was written while the tool watched. */
export const WATCHING_SINCE = Math.floor(performance.timeOrigin);

/** How far a host's file time, put on this clock, may run ahead of it (the offset is read to about a second). */
const AHEAD_MS = 5000;

/**
 * When a first read's data arrived, by its file's time on this machine's clock: written since the
 * tool started watching (`since`) and not after `now`, the run grew while it watched; else null.
 */
export function grewWhileWatching(writtenAt: number | null, since: number, now: number): number | null {
  return writtenAt !== null && writtenAt >= since && writtenAt <= now + AHEAD_MS ? Math.min(writtenAt, now) : null;
}

/** A file time of the host (ms) on this machine's clock. */
export function onThisClock(hostMs: number | null, offsetMs: number): number | null {
  return hostMs === null ? null : hostMs - offsetMs;
}
