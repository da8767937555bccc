// What is this path? An Ultralytics (or YOLOv5) run folder or results.csv, a TensorBoard run
// folder (SB3's PPO_N) or event file, or a folder that holds (or will hold) runs of either kind.
import { basename, dirname, join, relative, resolve } from 'node:path/posix';
import { nameString } from '../live/fs/names.js';
import type { RunFs } from '../live/fs/run-fs.js';
import { eventFileTime, isEventFileName } from '../sources/tensorboard/event-files.js';
import { parseRunFolderName } from '../sources/wandb/run-folder.js';

export type Format = 'ultralytics' | 'tensorboard';

/** Each target carries the file system it lives on: its readers, egress, audit and export use that one. */
export type RunTarget =
  | { kind: 'run'; format: 'ultralytics'; fs: RunFs; runDir: string; csvPath: string; label: string }
  /** `file` null: every event file of runDir, in start order. */
  | { kind: 'run'; format: 'tensorboard'; fs: RunFs; runDir: string; file: string | null; label: string }
  /** A wandb folder (its newest run) or one wandb run folder: the egress view alone. */
  | { kind: 'run'; format: 'wandb'; fs: RunFs; runDir: string; label: string };

/**
 * Follow the newest run at or under `root`, waiting for one to appear. `labelFrom`: the folder a
 * run's name is its path from (default: root's parent, so the name starts with root's own).
 */
export type FollowTarget = { kind: 'follow'; fs: RunFs; root: string; formats: readonly Format[]; labelFrom?: string };

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

/** When this Ultralytics run started (its earliest marker file), or null if `dir` is none. */
export async function ultralyticsStartedAt(fs: RunFs, dir: string): Promise<number | null> {
  const markers = await Promise.all(ULTRALYTICS_MARKERS.map((name) => fs.stat(join(dir, name))));
  return markers.find((s) => s?.kind === 'file')?.mtimeMs ?? null;
}

/** When this TensorBoard run started (its first event file), or null if `dir` holds none. */
export async function tensorboardStartedAt(fs: RunFs, dir: string, names?: string[]): Promise<number | null> {
  const list = names ?? (await fs.readdir(dir))?.map((e) => nameString(e.name));
  if (!list) return null;
  let first: number | null = null;
  for (const n of list) {
    if (!isEventFileName(n)) continue;
    const t = eventFileTime(n);
    const at = t !== null ? t * 1000 : (await fs.stat(join(dir, n)))?.mtimeMs ?? 0;
    if (first === null || at < first) first = at;
  }
  return first;
}

export async function findRuns(fs: RunFs, root: string, formats: readonly Format[], depth = RUN_SEARCH_DEPTH): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const walk = async (dir: string, left: number): Promise<void> => {
    // An Ultralytics run folder is never a TensorBoard run, even with its own event file (8.0).
    const ultralytics = await ultralyticsStartedAt(fs, dir);
    if (ultralytics !== null) {
      if (formats.includes('ultralytics')) found.push({ format: 'ultralytics', dir, startedAt: ultralytics });
      return;
    }
    const entries = (await fs.readdir(dir))?.map((e) => ({ name: nameString(e.name), kind: e.kind }));
    if (!entries) return;
    if (formats.includes('tensorboard')) {
      const at = await tensorboardStartedAt(fs, dir, entries.filter((e) => e.kind === 'file').map((e) => e.name));
      if (at !== null) found.push({ format: 'tensorboard', dir, startedAt: at });
    }
    if (left === 0) return;
    for (const e of entries) {
      if (e.kind === 'dir' && !SKIP_DIRS.has(e.name)) await walk(join(dir, e.name), left - 1);
    }
  };
  await walk(root, depth);
  return found;
}

export async function newestRun(fs: RunFs, root: string, formats: readonly Format[]): Promise<Candidate | null> {
  let best: Candidate | null = null;
  for (const r of await findRuns(fs, root, formats)) {
    if (!best || r.startedAt > best.startedAt || (r.startedAt === best.startedAt && r.dir > best.dir)) best = r;
  }
  return best;
}

/** A wandb run folder, or a folder named wandb/.wandb, or one holding run folders. */
export async function isWandbFolder(fs: RunFs, path: string): Promise<boolean> {
  const name = basename(path);
  if (parseRunFolderName(name)) return true;
  const entries = (await fs.readdir(path))?.map((e) => nameString(e.name));
  if (!entries) return false;
  return (name === 'wandb' || name === '.wandb' || entries.includes('latest-run')) && entries.some((n) => parseRunFolderName(n) !== null);
}

/** What a run found under a followed folder is called: "detect/apex" under runs/, "output/…/PPO_1" in a project root. */
export function followedLabel(t: FollowTarget, dir: string): string {
  return relative(t.labelFrom ?? dirname(t.root), dir) || dir;
}

export function runTarget(fs: RunFs, c: { format: Format; dir: string }, label = basename(c.dir)): RunTarget {
  return c.format === 'ultralytics'
    ? { kind: 'run', format: 'ultralytics', fs, runDir: c.dir, csvPath: join(c.dir, 'results.csv'), label }
    : { kind: 'run', format: 'tensorboard', fs, runDir: c.dir, file: null, label };
}

/** A results.csv (or another CSV of an Ultralytics run) as the run it belongs to. */
function csvTarget(fs: RunFs, path: string): RunTarget {
  const name = basename(path);
  return { kind: 'run', format: 'ultralytics', fs, runDir: dirname(path), csvPath: path, label: name === 'results.csv' ? basename(dirname(path)) : name };
}

/** Both phases of a project root: Ultralytics runs under ./runs, TensorBoard runs anywhere below. */
function projectTargets(fs: RunFs, root: string): Target[] {
  // Named from the project root, as the user sees them there (not with the project's own name in front).
  return [
    { kind: 'follow', fs, root: join(root, 'runs'), formats: ['ultralytics'], labelFrom: root },
    { kind: 'follow', fs, root, formats: ['tensorboard'], labelFrom: root },
  ];
}

/**
 * What PATH is waited for as, before anything is known of it (not there yet, or a host that does
 * not answer yet): a results.csv or a wandb folder as what its name says, else a folder where runs
 * will be (without PATH: both phases of the project).
 */
export function waitingTargets(fs: RunFs, arg: string | undefined): Target[] {
  const cwd = fs.cwd;
  if (arg === undefined) return projectTargets(fs, cwd);
  const path = resolve(cwd, arg);
  const name = basename(path);
  if (name.toLowerCase().endsWith('.csv')) return [csvTarget(fs, path)];
  if (name === 'wandb' || name === '.wandb') return [{ kind: 'run', format: 'wandb', fs, runDir: path, label: name }];
  return [{ kind: 'follow', fs, root: path, formats: ['ultralytics', 'tensorboard'] }];
}

/**
 * PATH (or the file system's current folder when absent) to what should be watched: one target,
 * or in a project root (no PATH, or a PATH that holds ./runs), both phases (./runs for Ultralytics,
 * event files anywhere below). Rejects with PathError for a path that can never be a run.
 */
export async function resolveTargets(fs: RunFs, arg: string | undefined): Promise<Target[]> {
  const cwd = fs.cwd;
  if (arg === undefined) {
    if ((await ultralyticsStartedAt(fs, cwd)) !== null) return [runTarget(fs, { format: 'ultralytics', dir: cwd })];
    if ((await tensorboardStartedAt(fs, cwd)) !== null) return [runTarget(fs, { format: 'tensorboard', dir: cwd })];
    return waitingTargets(fs, undefined);
  }
  const path = resolve(cwd, arg);
  const s = await fs.stat(path);
  if (s?.kind === 'file') {
    const name = basename(path);
    if (name.toLowerCase().endsWith('.csv')) {
      return [csvTarget(fs, path)];
    }
    if (name.includes('tfevents')) {
      return [{ kind: 'run', format: 'tensorboard', fs, runDir: dirname(path), file: path, label: `${basename(dirname(path))}/${name}` }];
    }
    throw new PathError(`${arg} is a file, but neither a results.csv nor a TensorBoard event file: give a run folder, a folder of runs, or one of those files`);
  }
  if (s && s.kind !== 'dir') throw new PathError(`${arg} is neither a file nor a folder`);
  if (!s) return waitingTargets(fs, arg);
  if (await isWandbFolder(fs, path)) return [{ kind: 'run', format: 'wandb', fs, runDir: path, label: basename(path) }];
  if ((await ultralyticsStartedAt(fs, path)) !== null) return [runTarget(fs, { format: 'ultralytics', dir: path })];
  if ((await tensorboardStartedAt(fs, path)) !== null) return [runTarget(fs, { format: 'tensorboard', dir: path })];
  // A project root given as PATH (gpubox:apex from a laptop) is what it is without PATH: both phases.
  if ((await fs.stat(join(path, 'runs')))?.kind === 'dir') return projectTargets(fs, path);
  return [{ kind: 'follow', fs, root: path, formats: ['ultralytics', 'tensorboard'] }];
}
