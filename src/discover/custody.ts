// Who could have put a wandb run where it is. A run's folder name (its id) and its config are
// evidence that it belongs to a training only when no one but the training's owner could have
// written them: the run folder, its wandb folder and the evidence files belong to the training
// folder's owner (or root), none of them is writable by others, and no folder from the wandb
// folder up to the one it shares with the training lets others write without the sticky bit
// (there, anyone could rename the owner's folders into place). A /tmp/wandb or /data/wandb that
// a stranger made, or that strangers may write to, never confirms a match.
import { dirname, join, resolve, sep } from 'node:path/posix';
import type { FileInfo, RunFs } from '../live/fs/run-fs.js';

export type Custody = { trusted: true } | { trusted: false; why: string };

const TRUSTED: Custody = { trusted: true };
const OTHERS_WRITE = 0o002;
const STICKY = 0o1000;

/** A folder others may write to without the sticky bit (they may rename or replace what is in it), or a file others may write. */
function othersMayChange(st: FileInfo): boolean {
  return (st.mode & OTHERS_WRITE) !== 0 && (st.kind !== 'dir' || (st.mode & STICKY) === 0);
}

function commonAncestor(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}

/** What was found, for a while: the matcher asks on every look, and over ssh each stat is a round trip. */
const REMEMBER_MS = 30_000;
const remembered = new WeakMap<RunFs, Map<string, { at: number; custody: Custody }>>();

/**
 * Whether the wandb run folder `runDir` (and `own`, paths in it the evidence comes from; those
 * not there are passed by) could only have been made by the owner of `trainingDir`. The answer
 * is kept for 30 s per file system (a folder made safe confirms within that).
 */
export async function custodyOf(fs: RunFs, trainingDir: string, runDir: string, own: readonly string[] = [], now = Date.now()): Promise<Custody> {
  let known = remembered.get(fs);
  if (!known) remembered.set(fs, (known = new Map()));
  const key = [trainingDir, runDir, ...own].join('\0');
  const hit = known.get(key);
  if (hit && now - hit.at < REMEMBER_MS) return hit.custody;
  const custody = await lookAt(fs, trainingDir, runDir, own);
  known.set(key, { at: now, custody });
  return custody;
}

async function lookAt(fs: RunFs, trainingDir: string, runDir: string, own: readonly string[]): Promise<Custody> {
  const training = resolve(fs.cwd, trainingDir);
  const owner = (await fs.stat(training))?.uid;
  if (owner === undefined) return { trusted: false, why: `the training folder's owner is not known` };
  const run = resolve(fs.cwd, runDir);
  const wandbDir = dirname(run);
  for (const p of [wandbDir, run, ...own.map((o) => resolve(run, o))]) {
    const st = await fs.lstat(p);
    if (!st) {
      if (p === run || p === wandbDir) return { trusted: false, why: `${p} cannot be looked at` };
      continue;
    }
    if (st.uid !== owner && st.uid !== 0) return { trusted: false, why: `${p} is owned by uid ${st.uid}, the training by uid ${owner}` };
    if (othersMayChange(st)) return { trusted: false, why: `${p} is writable by anyone` };
  }
  const top = commonAncestor(wandbDir, training);
  for (let dir = dirname(wandbDir); ; dir = dirname(dir)) {
    if (dir.length < top.length) break;
    // Followed: a linked folder is as safe as the folder it leads to.
    const st = await fs.stat(dir);
    if (st && othersMayChange(st)) return { trusted: false, why: `${dir} is writable by anyone (no sticky bit)` };
    if (dir === top || dir === sep) break;
  }
  return TRUSTED;
}

/** The paths inside a wandb run folder that its evidence can come from: the staged config and the log. */
export function evidencePaths(id: string): string[] {
  return ['files', join('files', 'config.yaml'), `run-${id}.wandb`];
}
