// What the screens and reports show about a run, derived from the store at a given time.
import { fitnessOf } from './columns.js';
import type { RunState } from './run-store.js';
import { recentMedian, seriesStats, type SeriesStats } from './series-stats.js';
import { endedBeforeOpened, lastDataText } from './data-age.js';

export type RunStatus = 'waiting' | 'live' | 'stalled' | 'finished' | 'early-stopped';

export interface RunView {
  name: string;
  task: string | null;
  status: RunStatus;
  /** Last epoch number as written in the file. */
  epoch: number | null;
  /** Epochs finished, whatever the numbering base. */
  done: number;
  total: number | null;
  epochSeconds: number | null;
  etaSeconds: number | null;
  /** Seconds since results.csv last changed. */
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

/**
 * The `time` column says training ran longer than the file times allow (args.yaml is written at
 * the start, results.csv at each row): the files were copied, with new times, before it was opened.
 */
export function copiedRun(s: RunState): boolean {
  const t = s.roles.findIndex((r) => r.kind === 'time');
  const ran = t >= 0 ? s.values[t].at(-1) : undefined;
  if (ran === undefined || !(ran >= 0) || !Number.isFinite(ran) || s.startedAt === null || s.lastChangeAt === null || s.openedAt === null) return false;
  return s.lastChangeAt <= s.openedAt && s.startedAt + ran * 1000 > s.lastChangeAt + COPY_SLACK_MS;
}

export function epochSeconds(s: RunState): number | null {
  const t = s.roles.findIndex((r) => r.kind === 'time');
  if (t >= 0) {
    const times = s.values[t];
    const diffs: number[] = [];
    for (let i = 1; i < times.length; i++) diffs.push((times[i] - times[i - 1]) / Math.max(1, s.epochs[i] - s.epochs[i - 1]));
    const m = recentMedian(diffs);
    if (m !== null) return m;
    if (times.length === 1 && times[0] > 0) return times[0];
  }
  const seen: number[] = [];
  let prev = -1;
  for (let i = 0; i < s.arrivals.length; i++) {
    const at = s.arrivals[i];
    if (at === null) continue;
    if (prev >= 0 && s.arrivals[prev] !== null && at > (s.arrivals[prev] as number)) {
      seen.push((at - (s.arrivals[prev] as number)) / 1000 / Math.max(1, s.epochs[i] - s.epochs[prev]));
    }
    prev = i;
  }
  const m = recentMedian(seen);
  if (m !== null) return m;
  if (s.startedAt !== null && s.lastChangeAt !== null && s.epochs.length > 0) {
    const avg = (s.lastChangeAt - s.startedAt) / 1000 / s.epochs.length;
    if (avg > 0) return avg;
  }
  return null;
}

export function bestEpoch(s: RunState): number | null {
  let best: number | null = null;
  let at: number | null = null;
  const row = new Array<number>(s.columns.length);
  const fitness = fitnessOf(s.roles);
  for (let i = 0; i < s.epochs.length; i++) {
    for (let c = 0; c < row.length; c++) row[c] = s.values[c][i];
    const f = fitness(row);
    if (f !== null && (best === null || f > best)) {
      best = f;
      at = s.epochs[i];
    }
  }
  return at;
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

// What depends on the rows alone (the best epoch, each column's stats) is kept while the rows
// are: a snapshot that only moved the clock on, or changed elsewhere, does not walk them again.
const byRows = new WeakMap<RunState['values'], { best: number | null; series: Record<string, SeriesStats> }>();

function rowFacts(s: RunState): { best: number | null; series: Record<string, SeriesStats> } {
  let facts = byRows.get(s.values);
  if (!facts) {
    const series: Record<string, SeriesStats> = {};
    s.columns.forEach((name, i) => {
      if (s.roles[i].kind !== 'epoch') series[name] = seriesStats(s.epochs, s.values[i], s.roles[i]);
    });
    facts = { best: bestEpoch(s), series };
    byRows.set(s.values, facts);
  }
  return facts;
}

function computeView(s: RunState, now: number): RunView {
  const last = s.epochs.at(-1) ?? null;
  const base = s.epochs[0] === 0 ? 0 : 1;
  const done = last === null ? 0 : last - base + 1;
  const total = s.args.epochs;
  const perEpoch = epochSeconds(s);
  const { best, series } = rowFacts(s);
  const idle = s.lastChangeAt === null ? null : Math.max(0, (now - s.lastChangeAt) / 1000);
  const copied = copiedRun(s);
  const lastDataAt = copied ? null : s.lastChangeAt;
  const ended = copied || endedBeforeOpened(lastDataAt, s.openedAt, now);

  let status: RunStatus;
  if (!s.exists || last === null) status = 'waiting';
  else if (total !== null && done >= total) status = 'finished';
  else if (s.trainEnded) status = total !== null ? 'early-stopped' : 'finished';
  else if (total !== null && s.args.patience && best !== null && last - best >= s.args.patience) status = 'early-stopped';
  else if (ended) status = 'finished';
  else {
    const limit = perEpoch === null ? UNKNOWN_EPOCH_STALL_S : Math.max(MIN_STALL_S, 3 * perEpoch);
    status = idle !== null && idle > limit ? 'stalled' : 'live';
  }

  return {
    name: s.label,
    task: s.args.task,
    status,
    epoch: last,
    done,
    total,
    epochSeconds: perEpoch,
    etaSeconds: status === 'live' && total !== null && perEpoch !== null
      ? Math.max(0, total - done) * perEpoch : null,
    idleSeconds: idle,
    lastDataAt,
    endedNote: status !== 'finished' || !ended ? null : copied ? 'copied (file times are not the training\'s)' : lastDataText(lastDataAt!),
    bestEpoch: best,
    bestDone: best === null ? null : best - base + 1,
    series,
  };
}
