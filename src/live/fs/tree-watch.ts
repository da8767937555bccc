// A watch by looking: the tree is listed every interval and compared with the last listing; the
// events are the difference. Over ssh the remote lists (ssh/ssh-watch.ts); here, for a root whose
// path is not UTF-8 (chokidar spells paths as text, and sees nothing there), the seam's own
// listing does, by bytes.
import { join } from 'node:path/posix';
import { nameString } from './names.js';
import type { FileInfo, FsPath, Watch, WatchEvent, WatchSpec } from './run-fs.js';

/** Entries by their path relative to the root ('' is the root itself). */
export type Tree = Map<string, FileInfo>;

/** Not more often than this: each look lists the tree. */
export const MIN_POLL_MS = 1000;

/** What changed from `before` to `after`: what went (deepest first), then what came (folders first). */
export function diffTrees(before: Tree, after: Tree, path: (rel: string) => string): WatchEvent[] {
  const gone: WatchEvent[] = [];
  const came: WatchEvent[] = [];
  for (const [rel, old] of before) {
    const now = after.get(rel);
    if (now && (now.kind === 'dir') === (old.kind === 'dir')) {
      const changed = now.kind !== 'dir' && (now.size !== old.size || now.mtimeMs !== old.mtimeMs || now.ino !== old.ino);
      if (changed) came.push({ event: 'change', path: path(rel) });
    } else {
      gone.push({ event: old.kind === 'dir' ? 'unlinkDir' : 'unlink', path: path(rel) });
    }
  }
  for (const [rel, now] of after) {
    const old = before.get(rel);
    if (!old || (now.kind === 'dir') !== (old.kind === 'dir')) came.push({ event: now.kind === 'dir' ? 'addDir' : 'add', path: path(rel) });
  }
  gone.sort((a, b) => (a.path < b.path ? 1 : -1));
  came.sort((a, b) => (a.path < b.path ? -1 : 1));
  return [...gone, ...came];
}

/** What listing a tree needs of a file system. */
export interface Lister {
  lstat(path: FsPath): Promise<FileInfo | null>;
  readdir(path: FsPath): Promise<{ name: Buffer; kind: string; info?: FileInfo }[] | null>;
}

/** The tree under spec.root (root itself at ''), as spec filters it; empty when root is not there. */
async function listTree(fs: Lister, spec: WatchSpec): Promise<Tree> {
  const tree: Tree = new Map();
  const root = await fs.lstat(spec.root);
  if (!root) return tree;
  tree.set('', root);
  const walk = async (dir: string, rel: string, level: number): Promise<void> => {
    for (const e of (await fs.readdir(dir)) ?? []) {
      const name = nameString(e.name);
      const info = e.info ?? (await fs.lstat(join(dir, name)));
      if (!info) continue;
      if (info.kind === 'file' && spec.files && !spec.files.test(name)) continue;
      const childRel = rel ? `${rel}/${name}` : name;
      tree.set(childRel, info);
      if (info.kind === 'dir' && level < spec.depth && !spec.skipDirs?.has(name)) await walk(join(dir, name), childRel, level + 1);
    }
  };
  if (root.kind === 'dir') await walk(spec.root, '', 0);
  return tree;
}

/** Watches spec.root by listing it through `fs` every interval (at least MIN_POLL_MS). */
export function watchByListing(fs: Lister, spec: WatchSpec, onEvent: (e: WatchEvent) => void): Watch {
  const root = spec.root.replace(/(.)\/+$/, '$1');
  const path = (rel: string) => (rel ? `${root === '/' ? '' : root}/${rel}` : root);
  let tree: Tree | null = null;
  let closed = false;
  let looking = false;
  const look = async () => {
    if (looking || closed) return;
    looking = true;
    try {
      const next = await listTree(fs, { ...spec, root });
      if (tree && !closed) for (const e of diffTrees(tree, next, path)) onEvent(e);
      tree = next;
    } finally {
      looking = false;
    }
  };
  const ready = look();
  const timer = setInterval(() => void look(), Math.max(MIN_POLL_MS, spec.pollIntervalMs));
  return {
    ready,
    async close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
