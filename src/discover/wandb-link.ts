// Which wandb run, if any, belongs to a training folder: the wandb folder is the nearest
// `wandb/` (or `.wandb/`) beside the folder or above it, and a run belongs when its id is a
// component of the training path (SB3 + wandb: tensorboard_log=f"runs/{run.id}") or when its
// files/ mirror the training folder (sync_tensorboard).
import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export interface WandbLink {
  id: string;
  runDir: string;
  mode: 'online' | 'offline';
  rule: 'id in path' | 'files mirror the folder';
}

const RUN_DIR = /^(offline-)?run-\d{8}_\d{6}-([a-z0-9]+)$/;

export function nearestWandbDir(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const name of ['.wandb', 'wandb']) {
      const p = join(dir, name);
      try {
        if (lstatSync(p).isDirectory()) return p;
      } catch {
        // not here
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

export function wandbRunFor(trainingDir: string): WandbLink | null {
  const wandbDir = nearestWandbDir(trainingDir);
  if (!wandbDir) return null;
  let names: string[];
  try {
    names = readdirSync(wandbDir);
  } catch {
    return null;
  }
  const parts = resolve(trainingDir).split(sep).filter(Boolean);
  const runs = names.flatMap((n) => {
    const m = RUN_DIR.exec(n);
    return m ? [{ id: m[2], runDir: join(wandbDir, n), mode: (m[1] ? 'offline' : 'online') as WandbLink['mode'] }] : [];
  }).sort((a, b) => (a.runDir < b.runDir ? 1 : -1));
  const byId = runs.find((r) => parts.includes(r.id));
  if (byId) return { ...byId, rule: 'id in path' };
  for (let k = Math.min(3, parts.length); k >= 2; k--) {
    const tail = parts.slice(-k).join(sep);
    const mirrored = runs.find((r) => present(join(r.runDir, 'files', tail)));
    if (mirrored) return { ...mirrored, rule: 'files mirror the folder' };
  }
  return null;
}

/** Exists, even as a dangling link (sync_tensorboard leaves absolute links that dangle elsewhere). */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
