// Which wandb run, if any, belongs to a training folder: the wandb folder is the nearest
// `wandb/` (or `.wandb/`) beside the folder or above it, and a run belongs when its id is a
// component of the training path above the folder (SB3 + wandb: tensorboard_log=f"runs/{run.id}")
// or when its files/ mirror the training folder (sync_tensorboard), and only its owner could have
// put it there (custody.ts); a run that others could have planted is named with why it is not
// confirmed.
import { dirname, join, resolve, sep } from 'node:path/posix';
import { nameString } from '../live/fs/names.js';
import type { RunFs } from '../live/fs/run-fs.js';
import { custodyOf } from './custody.js';

export interface WandbLink {
  id: string;
  runDir: string;
  mode: 'online' | 'offline';
  rule: 'id in path' | 'files mirror the folder';
  /** Why it is not confirmed (another user could have put it there; raw: sanitise before output), or null. */
  caveat: string | null;
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
  // The runs the path or the files name, in order of preference: the first its owner made is it.
  let doubtful: WandbLink | null = null;
  const owned = async (link: Omit<WandbLink, 'caveat'>): Promise<WandbLink | null> => {
    const k = await custodyOf(fs, trainingDir, link.runDir, ['files']);
    if (k.trusted) return { ...link, caveat: null };
    doubtful ??= { ...link, caveat: k.why };
    return null;
  };
  // Above the training folder: a run named like the folder itself (`PPO_1`, `train`) is no evidence.
  const byId = runs.find((r) => parts.slice(0, -1).includes(r.id));
  const found = byId ? await owned({ ...byId, rule: 'id in path' }) : null;
  if (found) return found;
  for (let k = Math.min(3, parts.length); k >= 2; k--) {
    const tail = parts.slice(-k).join(sep);
    // Exists, even as a dangling link (sync_tensorboard leaves absolute links that dangle elsewhere).
    for (const r of runs) {
      if (!(await fs.lstat(join(r.runDir, 'files', tail)))) continue;
      const link = await owned({ ...r, rule: 'files mirror the folder' });
      if (link) return link;
    }
  }
  return doubtful;
}
