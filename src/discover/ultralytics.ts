// What is this path? An Ultralytics (or YOLOv5) run folder, a results.csv, or a folder that
// holds (or will hold) run folders.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type Target =
  | { kind: 'run'; runDir: string; csvPath: string; label: string }
  /** Follow the newest run folder at or under `root` (depth 3), waiting for one to appear. */
  | { kind: 'follow'; root: string };

export class PathError extends Error {}

const MARKERS = ['args.yaml', 'opt.yaml', 'results.csv'];
const SKIP_DIRS = new Set(['weights', 'wandb', '.wandb', 'node_modules', '.git', '__pycache__']);
export const RUN_SEARCH_DEPTH = 3;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** When this run started (its earliest marker file), or null if `dir` is no run folder. */
export function runStartedAt(dir: string): number | null {
  for (const name of MARKERS) {
    const s = statOrNull(join(dir, name));
    if (s?.isFile()) return s.mtimeMs;
  }
  return null;
}

export function findRunDirs(root: string, depth = RUN_SEARCH_DEPTH): { dir: string; startedAt: number }[] {
  const found: { dir: string; startedAt: number }[] = [];
  const walk = (dir: string, left: number) => {
    const startedAt = runStartedAt(dir);
    if (startedAt !== null) {
      found.push({ dir, startedAt });
      return;
    }
    if (left === 0) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(join(dir, e.name), left - 1);
    }
  };
  walk(root, depth);
  return found;
}

export function newestRunDir(root: string): string | null {
  let best: { dir: string; startedAt: number } | null = null;
  for (const r of findRunDirs(root)) {
    if (!best || r.startedAt > best.startedAt || (r.startedAt === best.startedAt && r.dir > best.dir)) best = r;
  }
  return best?.dir ?? null;
}

export function runTarget(runDir: string, csvPath = join(runDir, 'results.csv'), label = basename(runDir)): Target {
  return { kind: 'run', runDir, csvPath, label };
}

/** PATH (or the current folder when absent) to what should be watched. Throws PathError for a path that can never be a run. */
export function resolveTarget(arg: string | undefined, cwd: string): Target {
  if (arg === undefined) {
    if (runStartedAt(cwd) !== null) return runTarget(cwd);
    return { kind: 'follow', root: join(cwd, 'runs') };
  }
  const path = resolve(cwd, arg);
  const s = statOrNull(path);
  if (s?.isFile()) {
    if (!path.toLowerCase().endsWith('.csv')) {
      throw new PathError(`${arg} is a file, but not a results.csv: give a run folder, a folder of runs, or a results.csv`);
    }
    return runTarget(dirname(path), path, basename(path) === 'results.csv' ? basename(dirname(path)) : basename(path));
  }
  if (s && !s.isDirectory()) throw new PathError(`${arg} is neither a file nor a folder`);
  if (s && runStartedAt(path) !== null) return runTarget(path);
  return { kind: 'follow', root: path };
}
