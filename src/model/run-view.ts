// What the screens and reports show about a run, derived from the store at a given time.
import { betterDirection } from './columns.js';
import type { RunState } from './run-store.js';
import { runSummary } from './run-summary.js';
import type { SeriesStats } from './series-stats.js';
import { lastDataText } from './data-age.js';
import { activityStatus, type RunStatus, type StatusReason, type StatusVerdict } from './run-status.js';

export type { RunStatus } from './run-status.js';

export interface RunView {
  name: string;
  task: string | null;
  status: RunStatus;
  /** Why the status is what it is (run-status.ts). */
  statusReason: StatusReason;
  /** Last epoch number as written in the file. */
  epoch: number | null;
  /** Epochs finished, whatever the numbering base. */
  done: number;
  total: number | null;
  /**
   * Seconds per epoch, to the ms: while training, the recent pace (the median of the last five
   * epochs, what the ETA uses); once the run has ended, the mean over the run (its time / epochs).
   */
  epochSeconds: number | null;
  /** Which of the two `epochSeconds` is. */
  epochPace: 'recent' | 'mean' | null;
  etaSeconds: number | null;
  /** Seconds the run has been quiet (since growth was last seen, else since results.csv was written). */
  idleSeconds: number | null;
  /** When results.csv last had a row written (ms); null when its file times are a copy's. */
  lastDataAt: number | null;
  /** Why a run that ended before it was opened is finished: the date of its last data, or that it was copied. */
  endedNote: string | null;
  bestEpoch: number | null;
  /** The best epoch counted as `done` counts (the first epoch is 1, in 0-based files too): what screens show beside it. */
  bestDone: number | null;
  series: Record<string, SeriesStats>;
}

const MIN_STALL_S = 120;
const UNKNOWN_EPOCH_STALL_S = 30 * 60;
/** Between the trainer's clock and the file's mtime: validation and writing the row. */
const COPY_SLACK_MS = 120_000;
/** How many of the last epochs the recent pace is the median of. */
const RECENT = 5;

/** To the millisecond: a float's last digits say nothing (455.29999999999563 is 455.3). */
export const toMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/**
 * Why the files cannot be the training's own (they were copied, with new times, before the tool
 * looked), or null. In a run folder: the `time` column says training ran longer than args.yaml
 * (written at the start) to results.csv (written at each row) allows. A lone results.csv (no
 * args.yaml or opt.yaml beside it: every Ultralytics trainer writes one first) has no start to
 * measure from: not seen growing, it is a copy.
 */
export function copiedRun(s: RunState): string | null {
  if (s.epochs.length === 0 || s.grewAt !== null) return null;
  if (s.startedAt === null) return 'copied (no args.yaml, no growth seen)';
  const t = s.roles.findIndex((r) => r.kind === 'time');
  const ran = t >= 0 ? s.values[t][s.values[t].length - 1] : undefined;
  if (ran === undefined || !(ran >= 0) || !Number.isFinite(ran) || s.lastChangeAt === null) return null;
  return s.startedAt + ran * 1000 > s.lastChangeAt + COPY_SLACK_MS ? "copied (file times are not the training's)" : null;
}

const MIN_FILE_SPAN_MS = 3000;

/** The median of up to RECENT per-epoch steps of `at` (a time column, or arrival times), from the newest rows back. */
function recentPace(s: RunState, at: ArrayLike<number>, scale: number): number | null {
  const steps: number[] = [];
  let next = -1;
  for (let i = at.length - 1; i >= 0 && steps.length < RECENT; i--) {
    if (!Number.isFinite(at[i])) continue;
    if (next >= 0) {
      const d = (at[next] - at[i]) / scale / Math.max(1, s.epochs[next] - s.epochs[i]);
      if (d > 0) steps.push(d);
    }
    next = i;
  }
  if (steps.length === 0) return null;
  steps.sort((a, b) => a - b);
  const mid = steps.length >> 1;
  return steps.length % 2 ? steps[mid] : (steps[mid - 1] + steps[mid]) / 2;
}

/** The recent pace, seconds per epoch: by the `time` column, else by when rows were seen arriving, else the average since args.yaml. */
export function epochSeconds(s: RunState): number | null {
  const t = s.roles.findIndex((r) => r.kind === 'time');
  if (t >= 0) {
    const times = s.values[t];
    const m = recentPace(s, times, 1);
    if (m !== null) return toMs(m);
    if (times.length === 1 && times[0] > 0) return toMs(times[0]);
  }
  const seen = recentPace(s, s.arrivals, 1000);
  if (seen !== null) return toMs(seen);
  // File times over ssh are whole seconds: a span shorter than a few of them says nothing of a pace.
  if (s.startedAt !== null && s.lastChangeAt !== null && s.rows > 0 && s.lastChangeAt - s.startedAt >= MIN_FILE_SPAN_MS) {
    return toMs((s.lastChangeAt - s.startedAt) / 1000 / s.rows);
  }
  return null;
}

/** The epoch of the best fitness (what picks best.pt), over every row. */
export const bestEpoch = (s: RunState): number | null => s.best?.epoch ?? null;

/** The training's own ends: every epoch, the end marker, patience; null when none has come. */
function trainingEnd(s: RunState, done: number, best: number | null): StatusVerdict | null {
  const total = s.args.epochs;
  const last = s.epochs[s.epochs.length - 1];
  const ended = (status: RunStatus, reason: StatusReason): StatusVerdict => ({ status, reason, note: null, idleSeconds: null });
  if (total !== null && done >= total) return ended('finished', 'done');
  if (s.trainEnded) return total !== null ? ended('early-stopped', 'early-stop') : ended('finished', 'done');
  if (total !== null && s.args.patience && best !== null && last - best >= s.args.patience) return ended('early-stopped', 'early-stop');
  return null;
}

/**
 * The status of an Ultralytics run at `now` (ms, this machine's clock), from the snapshot alone:
 * its rows and args, its file times and what the reader saw when (grewAt, openedAt).
 */
export function runStatus(s: RunState, now: number): StatusVerdict {
  if (!s.exists || s.epochs.length === 0) return { status: 'waiting', reason: 'no-data', note: null, idleSeconds: null };
  const base = s.epochs[0] === 0 ? 0 : 1;
  const done = s.epochs[s.epochs.length - 1] - base + 1;
  const best = bestEpoch(s);
  const writtenAt = s.lastChangeAt;
  const end = trainingEnd(s, done, best);
  if (end) return { ...end, idleSeconds: writtenAt === null ? null : Math.max(0, (now - (s.grewAt ?? writtenAt)) / 1000) };
  const perEpoch = epochSeconds(s);
  return activityStatus({
    grewAt: s.grewAt,
    writtenAt,
    openedAt: s.openedAt,
    stallAfterSeconds: perEpoch === null ? UNKNOWN_EPOCH_STALL_S : Math.max(MIN_STALL_S, 3 * perEpoch),
    copied: copiedRun(s),
    endedNote: writtenAt === null ? '' : lastDataText(writtenAt),
  }, now);
}

// One render asks for the same view several times (status, alerts, header): computed once per
// snapshot and time. Snapshots are immutable, so a WeakMap lets old ones go.
const views = new WeakMap<RunState, { now: number; view: RunView }>();

export function viewRun(s: RunState, now: number): RunView {
  const hit = views.get(s);
  if (hit?.now === now) return hit.view;
  const view = computeView(s, now);
  views.set(s, { now, view });
  return view;
}

// What depends on the rows alone (each column's stats) is kept while the rows are: a snapshot
// that only moved the clock on, or changed elsewhere, does not build it again.
const byRows = new WeakMap<RunState['values'], Record<string, SeriesStats>>();

function seriesOf(s: RunState): Record<string, SeriesStats> {
  let series = byRows.get(s.values);
  if (!series) {
    series = {};
    const n = s.epochs.length;
    for (let i = 0; i < s.columns.length; i++) {
      const role = s.roles[i];
      if (role.kind === 'epoch') continue;
      const st = s.stats[i];
      const last = n > 0 ? s.values[i][n - 1] : NaN;
      const dir = betterDirection(role);
      series[s.columns[i]] = {
        count: s.rows,
        last: Number.isFinite(last) ? last : null,
        min: st.min,
        max: st.max,
        best_epoch: dir === 'min' ? st.minAt : dir === 'max' ? st.maxAt : null,
      };
    }
    byRows.set(s.values, series);
  }
  return series;
}

function computeView(s: RunState, now: number): RunView {
  const n = s.epochs.length;
  const last = n > 0 ? s.epochs[n - 1] : null;
  const base = s.epochs[0] === 0 ? 0 : 1;
  const done = last === null ? 0 : last - base + 1;
  const total = s.args.epochs;
  const best = bestEpoch(s);
  const verdict = runStatus(s, now);
  const ended = verdict.status === 'finished' || verdict.status === 'early-stopped';
  // One pace at a time: the recent one while training (the ETA's), the mean once it has ended.
  const mean = ended ? runSummary(s, done).meanEpochSeconds : null;
  const perEpoch = mean ?? epochSeconds(s);
  return {
    name: s.label,
    task: s.args.task,
    status: verdict.status,
    statusReason: verdict.reason,
    epoch: last,
    done,
    total,
    epochSeconds: perEpoch,
    epochPace: perEpoch === null ? null : mean !== null ? 'mean' : 'recent',
    etaSeconds: verdict.status === 'live' && total !== null && perEpoch !== null ? toMs(Math.max(0, total - done) * perEpoch) : null,
    idleSeconds: verdict.idleSeconds,
    lastDataAt: verdict.reason === 'copied' ? null : s.lastChangeAt,
    endedNote: verdict.note,
    bestEpoch: best,
    bestDone: best === null ? null : best - base + 1,
    series: seriesOf(s),
  };
}
