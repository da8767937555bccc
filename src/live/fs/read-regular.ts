// Reading a small file whole (a config, metadata, YAML, args) or the head of one, without being
// fooled by what the name points at: opened non-blocking (a FIFO cannot hang the open), a
// symbolic link refused unless asked for, fstat'ed after opening (what was opened is what is
// checked: a regular file, or a reason), and never more than a cap read (a 10 GB file; /dev/zero
// is no regular file).
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

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

function flags(o: ReadRegularOptions): number {
  return constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (o.followSymlinks ? 0 : (constants.O_NOFOLLOW ?? 0));
}

function openFailure(err: unknown): RegularRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'not there' };
  if (code === 'ELOOP') return { ok: false, missing: false, reason: 'a symbolic link (not followed)' };
  if (code === 'ENXIO') return { ok: false, missing: false, reason: 'a socket or a device, not a regular file' };
  return { ok: false, missing: false, reason: `unreadable: ${(err as Error).message}` };
}

function kind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why the opened file is not read, or null when it is. */
function refusal(s: Stats, o: ReadRegularOptions): string | null {
  if (!s.isFile()) return kind(s);
  if (s.size > o.maxBytes && o.larger !== 'head') return `${s.size} bytes, over the ${o.maxBytes}-byte cap`;
  return null;
}

/** What fstat said was there, up to the cap: a file growing meanwhile is read as it was then. */
const readSize = (s: Stats, o: ReadRegularOptions) => Math.min(s.size, o.maxBytes);

/** Reads a regular file whole (or its head), at most `maxBytes`; never blocks on a FIFO. */
export async function readRegularFile(path: string, o: ReadRegularOptions): Promise<RegularRead> {
  let fh;
  try {
    fh = await open(path, flags(o));
  } catch (err) {
    return openFailure(err);
  }
  try {
    const s = await fh.stat();
    const why = refusal(s, o);
    if (why) return { ok: false, missing: false, reason: why };
    const buf = Buffer.allocUnsafe(readSize(s, o));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { ok: true, data: buf.subarray(0, got), mtimeMs: s.mtimeMs };
  } catch (err) {
    return { ok: false, missing: false, reason: `unreadable: ${(err as Error).message}` };
  } finally {
    await fh.close();
  }
}
