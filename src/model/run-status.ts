// A run's status from what the tool saw, not from clocks alone. A run seen growing is live
// (stalled once quiet past its stall limit) whatever its timestamps say; quiet time is measured
// on this machine's clock from when the growth was seen. A run not seen growing is judged by its
// last write, by its file's time on its own host's clock (converted to this one's by the reader):
// written over an hour before the tool opened it, it had ended; written since, it is live until
// quiet too long, unless its own data says its files are a copy's. The formats' own ends (every
// epoch done, the trainer's end marker, early stopping, the total timesteps) come first: see
// runStatus (run-view.ts) and tbStatus (tb-view.ts), which gather these facts from a snapshot.
import { ENDED_AFTER_MS } from './data-age.js';

export type RunStatus = 'waiting' | 'live' | 'stalled' | 'finished' | 'early-stopped';

export type StatusReason =
  /** waiting: nothing written yet. */
  | 'no-data'
  /** finished: every epoch (or the total timesteps) done, or the trainer's end marker written. */
  | 'done'
  /** early-stopped: the trainer's patience ran out, or it ended before its last epoch. */
  | 'early-stop'
  /** live: seen growing, quiet for less than the stall limit. */
  | 'growing'
  /** live: not seen growing yet; last written, by its file time, within the stall limit. */
  | 'recent'
  /** stalled: quiet past the stall limit (since the growth seen, or since its last write). */
  | 'quiet'
  /** finished: not seen growing, and its data cannot have been written when its files were: a copy. */
  | 'copied'
  /** finished: not seen growing, and last written over an hour before the tool opened it. */
  | 'ended-before-open';

export interface StatusVerdict {
  status: RunStatus;
  reason: StatusReason;
  /** Why a finished run is finished, in words ("last data 2025-03-10 22:45 UTC", "copied (…)"); else null. */
  note: string | null;
  /** Seconds the run has been quiet: since the growth seen, else since its last write; null: unknown. */
  idleSeconds: number | null;
}

/** What was seen when, all on this machine's clock (ms). */
export interface Activity {
  /** When the tool last saw the run grow; null: never (only what was there when it looked). */
  grewAt: number | null;
  /** The last write, by the file's time (converted to this machine's clock). */
  writtenAt: number | null;
  /** When the tool first read the run. */
  openedAt: number | null;
  /** Quiet for longer than this, a run is stalled. */
  stallAfterSeconds: number;
  /** Not seen growing: why its files are a copy's (the note), or null when nothing says so. */
  copied: string | null;
  /** The note of a run that ended before it was opened. */
  endedNote: string;
}

/** Status from activity alone, once the format's own ends have been ruled out. */
export function activityStatus(a: Activity, now: number): StatusVerdict {
  const since = (t: number | null) => (t === null ? null : Math.max(0, (now - t) / 1000));
  if (a.grewAt !== null) {
    const idle = since(a.grewAt) as number;
    return idle > a.stallAfterSeconds ? { status: 'stalled', reason: 'quiet', note: null, idleSeconds: idle } : { status: 'live', reason: 'growing', note: null, idleSeconds: idle };
  }
  const idle = since(a.writtenAt);
  if (a.writtenAt !== null && a.openedAt !== null && a.writtenAt < a.openedAt - ENDED_AFTER_MS) {
    return { status: 'finished', reason: 'ended-before-open', note: a.endedNote, idleSeconds: idle };
  }
  if (a.copied !== null) return { status: 'finished', reason: 'copied', note: a.copied, idleSeconds: idle };
  if (idle !== null && idle > a.stallAfterSeconds) return { status: 'stalled', reason: 'quiet', note: null, idleSeconds: idle };
  return { status: 'live', reason: 'recent', note: null, idleSeconds: idle };
}
