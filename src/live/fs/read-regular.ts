// Reading a small file whole (a config, metadata, YAML, args) or the head of one, without being
// fooled by what the name points at: the file system's readRange opens it non-blocking (a FIFO
// cannot hang the open), refuses a symbolic link unless asked for and what is no regular file
// (a reason), and reads no more than a cap (a 10 GB file; /dev/zero is no regular file).
import type { FileInfo, RunFs } from './run-fs.js';

export interface ReadRegularOptions {
  /** At most this many bytes are read. */
  maxBytes: number;
  /** A larger file: 'refuse' it (the default: a file read whole) or read its 'head' (its first maxBytes). */
  larger?: 'refuse' | 'head';
  /** Follow a symbolic link at the path (default: refuse it). The target is checked all the same. */
  followSymlinks?: boolean;
}

/** `reason` says why in a few words, without the path: the caller's warning names the file. */
export type RegularRead = { ok: true; data: Buffer; mtimeMs: number } | { ok: false; missing: boolean; reason: string };

/** Why the file read is not taken, or null when it is. */
function refusal(s: FileInfo, o: ReadRegularOptions): string | null {
  return s.size > o.maxBytes && o.larger !== 'head' ? `${s.size} bytes, over the ${o.maxBytes}-byte cap` : null;
}

/** Reads a regular file whole (or its head), at most `maxBytes`; never blocks on a FIFO. */
export async function readRegularFile(fs: RunFs, path: string, o: ReadRegularOptions): Promise<RegularRead> {
  // What fstat said was there, up to the cap: a file growing meanwhile is read as it was then.
  const r = await fs.readRange(path, 0, o.maxBytes, { followSymlinks: o.followSymlinks });
  if (!r.ok) return r;
  const why = refusal(r.info, o);
  return why ? { ok: false, missing: false, reason: why } : { ok: true, data: r.data, mtimeMs: r.info.mtimeMs };
}
