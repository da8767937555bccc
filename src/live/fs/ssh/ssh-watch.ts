// A watch over ssh: the remote is asked for the tree every interval and answers "the same" in a
// few bytes when nothing changed, else what changed since its last answer (the whole tree the
// first time, and after a reconnect, when the remote has forgotten the last one); the events
// are the difference between the last tree seen and this one, so a reconnect also yields
// exactly what changed meanwhile.
import { basename } from 'node:path/posix';
import type { Watch, WatchEvent, WatchSpec } from '../run-fs.js';
import { nameString } from '../names.js';
import { diffTrees, MIN_POLL_MS, type Tree } from '../tree-watch.js';
import { LISTING_CAP, type SshConnection } from './connection.js';
import { encodeArg } from './encode.js';
import { parseListing } from './replies.js';

let nextWatch = 1;

/** The tree after a reply: `L` the whole tree, `I` what changed in `before`. */
function treeAfter(type: string, payload: Buffer, before: Tree | null, spec: WatchSpec): Tree {
  const tree: Tree = type === 'I' && before ? new Map(before) : new Map();
  const listing = parseListing(payload);
  for (const rel of listing.removed) tree.delete(nameString(rel));
  for (const { rel, info } of listing.entries) {
    const name = nameString(rel);
    if (info.kind === 'file' && spec.files && !spec.files.test(basename(name))) tree.delete(name);
    else tree.set(name, info);
  }
  return tree;
}

export function watchRemote(conn: SshConnection, spec: WatchSpec, onEvent: (e: WatchEvent) => void): Watch {
  const id = nextWatch++;
  const root = spec.root.replace(/(.)\/+$/, '$1');
  const path = (rel: string) => (rel ? `${root === '/' ? '' : root}/${rel}` : root);
  const words = ['P', String(id), String(Math.max(0, spec.depth)), encodeArg(root), ...[...(spec.skipDirs ?? [])].map(encodeArg)];
  let tree: Tree | null = null;
  let closed = false;
  let inFlight: (() => void) | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((done) => (markReady = done));

  const look = () => {
    if (inFlight || closed) return;
    inFlight = conn.submit({
      words: () => words,
      maxReply: LISTING_CAP,
      // A tree too large to take (the status says so): looked at again, the last one kept.
      oversize() {
        inFlight = null;
        markReady();
        return true;
      },
      frame(f) {
        inFlight = null;
        if (closed) return true;
        if (f.type === 'L' || f.type === 'I') {
          const next = treeAfter(f.type, f.payload, tree, spec);
          if (tree) for (const e of diffTrees(tree, next, path)) onEvent(e);
          tree = next;
        } else if (f.type !== 'S') {
          tree ??= new Map();
        }
        markReady();
        return true;
      },
      abort() {
        inFlight = null;
        markReady();
      },
    });
  };
  const timer = setInterval(look, Math.max(MIN_POLL_MS, spec.pollIntervalMs));
  look();
  return {
    ready,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      inFlight?.();
      // The remote keeps the last tree for the comparison: let it go.
      conn.submit({ words: () => ['F', String(id)], frame: () => true, abort() {} });
    },
  };
}
