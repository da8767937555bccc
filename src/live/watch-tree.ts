// Watches `root` and up to `depth` levels below it, even before root exists: chokidar sees
// nothing under a missing folder, so the nearest existing ancestor is watched, filtered down
// to the path that leads to root.
import { existsSync, type Stats } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface WatchOptions {
  poll: boolean;
  pollIntervalMs: number;
}

export type TreeEvent = { event: string; path: string };

function nearestExisting(path: string): string {
  let p = dirname(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

export interface TreeWatch {
  /** Resolves once the initial scan is done: changes after that are reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Folders never worth watching (environments, VCS, wandb's own tree, caches). */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'wandb', '.wandb', '.cache']);
/** The only files that matter to a run; watching nothing else keeps big dataset folders cheap. */
const WANTED = /(^results\.csv$|^args\.yaml$|^opt\.yaml$|^results\.png$|tfevents)/;

/** What every watcher here shares: changes only, links not followed, events or polling as asked. */
export function watchOptions(opts: WatchOptions) {
  return {
    ignoreInitial: true,
    usePolling: opts.poll,
    interval: opts.pollIntervalMs,
    binaryInterval: opts.pollIntervalMs,
    followSymlinks: false,
    persistent: true,
  };
}

export function watchTree(root: string, depth: number, opts: WatchOptions, onEvent: (e: TreeEvent) => void): TreeWatch {
  // Watch from root's parent so that root itself being removed and recreated is seen.
  const base = nearestExisting(root);
  const toRoot = relative(base, root).split(sep).filter(Boolean);
  const ignored = (path: string, stats?: Stats): boolean => {
    const parts = relative(base, path).split(sep).filter(Boolean);
    for (let i = 0; i < Math.min(parts.length, toRoot.length); i++) if (parts[i] !== toRoot[i]) return true;
    if (parts.length > toRoot.length + depth) return true;
    const name = parts.at(-1) ?? '';
    if (parts.length > toRoot.length && SKIP.has(name)) return true;
    return stats?.isFile() === true && !WANTED.test(name);
  };
  const watcher: FSWatcher = watch(base, { ...watchOptions(opts), ignored, depth: toRoot.length + depth });
  watcher.on('all', (event, path) => onEvent({ event, path }));
  watcher.on('error', () => {
    // Permission errors and vanished folders are reported by the readers themselves.
  });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return { ready, close: () => watcher.close() };
}
