// What is this path? An Ultralytics (or YOLOv5) run folder or results.csv, a TensorBoard run
// folder (SB3's PPO_N) or event file, or a folder that holds (or will hold) runs of either kind.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { eventFileTime, isEventFileName } from '../sources/tensorboard/event-files.js';
import { parseRunFolderName } from '../sources/wandb/run-folder.js';

export type Format = 'ultralytics' | 'tensorboard';

export type RunTarget =
  | { kind: 'run'; format: 'ultralytics'; runDir: string; csvPath: string; label: string }
  /** `file` null: every event file of runDir, in start order. */
  | { kind: 'run'; format: 'tensorboard'; runDir: string; file: string | null; label: string }
  /** A wandb folder (its newest run) or one wandb run folder: the egress view alone. */
  | { kind: 'run'; format: 'wandb'; runDir: string; label: string };

/** Follow the newest run at or under `root`, waiting for one to appear. */
export type FollowTarget = { kind: 'follow'; root: string; formats: readonly Format[] };

export type Target = RunTarget | FollowTarget;

export interface Candidate {
  format: Format;
  dir: string;
  startedAt: number;
}

export class PathError extends Error {}

const ULTRALYTICS_MARKERS = ['args.yaml', 'opt.yaml', 'results.csv'];
const SKIP_DIRS = new Set(['weights', 'wandb', '.wandb', 'node_modules', '.git', '__pycache__', '.venv', 'venv']);
export const RUN_SEARCH_DEPTH = 4;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** When this Ultralytics run started (its earliest marker file), or null if `dir` is none. */
export function ultralyticsStartedAt(dir: string): number | null {
  for (const name of ULTRALYTICS_MARKERS) {
    const s = statOrNull(join(dir, name));
    if (s?.isFile()) return s.mtimeMs;
  }
  return null;
}

/** When this TensorBoard run started (its first event file), or null if `dir` holds none. */
export function tensorboardStartedAt(dir: string, names?: string[]): number | null {
  let list = names;
  if (!list) {
    try {
      list = readdirSync(dir);
    } catch {
      return null;
    }
  }
  let first: number | null = null;
  for (const n of list) {
    if (!isEventFileName(n)) continue;
    const t = eventFileTime(n);
    const at = t !== null ? t * 1000 : statOrNull(join(dir, n))?.mtimeMs ?? 0;
    if (first === null || at < first) first = at;
  }
  return first;
}

export function findRuns(root: string, formats: readonly Format[], depth = RUN_SEARCH_DEPTH): Candidate[] {
  const found: Candidate[] = [];
  const walk = (dir: string, left: number) => {
    // An Ultralytics run folder is never a TensorBoard run, even with its own event file (8.0).
    const ultralytics = ultralyticsStartedAt(dir);
    if (ultralytics !== null) {
      if (formats.includes('ultralytics')) found.push({ format: 'ultralytics', dir, startedAt: ultralytics });
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (formats.includes('tensorboard')) {
      const at = tensorboardStartedAt(dir, entries.filter((e) => e.isFile()).map((e) => e.name));
      if (at !== null) found.push({ format: 'tensorboard', dir, startedAt: at });
    }
    if (left === 0) return;
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(join(dir, e.name), left - 1);
    }
  };
  walk(root, depth);
  return found;
}

export function newestRun(root: string, formats: readonly Format[]): Candidate | null {
  let best: Candidate | null = null;
  for (const r of findRuns(root, formats)) {
    if (!best || r.startedAt > best.startedAt || (r.startedAt === best.startedAt && r.dir > best.dir)) best = r;
  }
  return best;
}

/** A wandb run folder, or a folder named wandb/.wandb, or one holding run folders. */
export function isWandbFolder(path: string): boolean {
  const name = basename(path);
  if (parseRunFolderName(name)) return true;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return false;
  }
  return (name === 'wandb' || name === '.wandb' || entries.includes('latest-run')) && entries.some((n) => parseRunFolderName(n) !== null);
}

export function runTarget(c: { format: Format; dir: string }, label = basename(c.dir)): RunTarget {
  return c.format === 'ultralytics'
    ? { kind: 'run', format: 'ultralytics', runDir: c.dir, csvPath: join(c.dir, 'results.csv'), label }
    : { kind: 'run', format: 'tensorboard', runDir: c.dir, file: null, label };
}

/** A results.csv (or another CSV of an Ultralytics run) as the run it belongs to. */
function csvTarget(path: string): RunTarget {
  const name = basename(path);
  return { kind: 'run', format: 'ultralytics', runDir: dirname(path), csvPath: path, label: name === 'results.csv' ? basename(dirname(path)) : name };
}

/**
 * PATH (or the current folder when absent) to what should be watched: one target, or without
 * PATH in a project root, both phases (./runs for Ultralytics, event files anywhere below).
 * Throws PathError for a path that can never be a run.
 */
export function resolveTargets(arg: string | undefined, cwd: string): Target[] {
  if (arg === undefined) {
    if (ultralyticsStartedAt(cwd) !== null) return [runTarget({ format: 'ultralytics', dir: cwd })];
    if (tensorboardStartedAt(cwd) !== null) return [runTarget({ format: 'tensorboard', dir: cwd })];
    return [
      { kind: 'follow', root: join(cwd, 'runs'), formats: ['ultralytics'] },
      { kind: 'follow', root: cwd, formats: ['tensorboard'] },
    ];
  }
  const path = resolve(cwd, arg);
  const s = statOrNull(path);
  if (s?.isFile()) {
    const name = basename(path);
    if (name.toLowerCase().endsWith('.csv')) {
      return [csvTarget(path)];
    }
    if (name.includes('tfevents')) {
      return [{ kind: 'run', format: 'tensorboard', runDir: dirname(path), file: path, label: `${basename(dirname(path))}/${name}` }];
    }
    throw new PathError(`${arg} is a file, but neither a results.csv nor a TensorBoard event file: give a run folder, a folder of runs, or one of those files`);
  }
  if (s && !s.isDirectory()) throw new PathError(`${arg} is neither a file nor a folder`);
  if (!s) {
    // Not there yet: a results.csv or a wandb folder to come is waited for as what it names.
    const name = basename(path);
    if (name.toLowerCase().endsWith('.csv')) return [csvTarget(path)];
    if (name === 'wandb' || name === '.wandb') return [{ kind: 'run', format: 'wandb', runDir: path, label: name }];
  }
  if (s && isWandbFolder(path)) return [{ kind: 'run', format: 'wandb', runDir: path, label: basename(path) }];
  if (s && ultralyticsStartedAt(path) !== null) return [runTarget({ format: 'ultralytics', dir: path })];
  if (s && tensorboardStartedAt(path) !== null) return [runTarget({ format: 'tensorboard', dir: path })];
  return [{ kind: 'follow', root: path, formats: ['ultralytics', 'tensorboard'] }];
}
