// Which wandb run, if any, belongs to a training folder: the wandb folder is the nearest
// `wandb/` (or `.wandb/`) beside the folder or above it, and a run belongs when its id is a
// component of the training path (SB3 + wandb: tensorboard_log=f"runs/{run.id}") or when its
// files/ mirror the training folder (sync_tensorboard).
import { dirname, join, resolve, sep } from 'node:path/posix';
import { nameString } from '../live/fs/names.js';
import type { RunFs } from '../live/fs/run-fs.js';

export interface WandbLink {
  id: string;
  runDir: string;
  mode: 'online' | 'offline';
  rule: 'id in path' | 'files mirror the folder';
}

const RUN_DIR = /^(offline-)?run-\d{8}_\d{6}-([a-z0-9]+)$/;

/** The nearest .wandb/ or wandb/ folder at `start` (relative to the file system's folder) or above it. */
export async function nearestWandbDir(fs: RunFs, start: string): Promise<string | null> {
  for (let dir = resolve(fs.cwd, start); ; dir = dirname(dir)) {
    for (const name of ['.wandb', 'wandb']) {
      const p = join(dir, name);
      if ((await fs.lstat(p))?.kind === 'dir') return p;
    }
    if (dirname(dir) === dir) return null;
  }
}

export async function wandbRunFor(fs: RunFs, trainingDir: string): Promise<WandbLink | null> {
  const wandbDir = await nearestWandbDir(fs, trainingDir);
  if (!wandbDir) return null;
  const names = (await fs.readdir(wandbDir))?.map((e) => nameString(e.name));
  if (!names) return null;
  const parts = resolve(fs.cwd, trainingDir).split(sep).filter(Boolean);
  const runs = names.flatMap((n) => {
    const m = RUN_DIR.exec(n);
    return m ? [{ id: m[2], runDir: join(wandbDir, n), mode: (m[1] ? 'offline' : 'online') as WandbLink['mode'] }] : [];
  }).sort((a, b) => (a.runDir < b.runDir ? 1 : -1));
  const byId = runs.find((r) => parts.includes(r.id));
  if (byId) return { ...byId, rule: 'id in path' };
  for (let k = Math.min(3, parts.length); k >= 2; k--) {
    const tail = parts.slice(-k).join(sep);
    // Exists, even as a dangling link (sync_tensorboard leaves absolute links that dangle elsewhere).
    for (const r of runs) if (await fs.lstat(join(r.runDir, 'files', tail))) return { ...r, rule: 'files mirror the folder' };
  }
  return null;
}
