// Watches `root` and up to `depth` levels below it, even before root exists: chokidar sees
// nothing under a missing folder, so the nearest existing ancestor is watched, filtered down
// to the path that leads to root.
import { existsSync, type Stats } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import { pathBytes } from './names.js';
import type { Watch, WatchEvent, WatchSpec } from './run-fs.js';
import { watchByListing, type Lister } from './tree-watch.js';

function nearestExisting(path: string): string {
  let p = dirname(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

const EVENTS = new Set<string>(['add', 'change', 'unlink', 'addDir', 'unlinkDir']);

/** `fs`: this machine's file system, which lists a root that is not UTF-8 (chokidar spells paths as text, and would see nothing there). */
export function watchLocal(spec: WatchSpec, onEvent: (e: WatchEvent) => void, fs: Lister): Watch {
  if (typeof pathBytes(spec.root) !== 'string') return watchByListing(fs, spec, onEvent);
  // Watch from root's parent so that root itself being removed and recreated is seen.
  const base = nearestExisting(spec.root);
  const toRoot = relative(base, spec.root).split(sep).filter(Boolean);
  const ignored = (path: string, stats?: Stats): boolean => {
    const parts = relative(base, path).split(sep).filter(Boolean);
    for (let i = 0; i < Math.min(parts.length, toRoot.length); i++) if (parts[i] !== toRoot[i]) return true;
    if (parts.length > toRoot.length + spec.depth) return true;
    const name = parts.at(-1) ?? '';
    if (parts.length > toRoot.length && spec.skipDirs?.has(name)) return true;
    return stats?.isFile() === true && spec.files !== undefined && !spec.files.test(name);
  };
  const watcher = watch(base, {
    ignored,
    depth: toRoot.length + spec.depth,
    ignoreInitial: true,
    usePolling: spec.poll,
    interval: spec.pollIntervalMs,
    binaryInterval: spec.pollIntervalMs,
    followSymlinks: false,
    persistent: true,
  });
  watcher.on('all', (event, path) => {
    if (EVENTS.has(event)) onEvent({ event: event as WatchEvent['event'], path });
  });
  watcher.on('error', () => {
    // Permission errors and vanished folders are reported by the readers themselves.
  });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return { ready, close: () => watcher.close() };
}
