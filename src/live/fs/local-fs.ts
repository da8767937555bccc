// This machine's file system behind the seam. What is read is opened first, non-blocking (a FIFO
// put at the path cannot hang the open), without following a link unless asked, and fstat'ed
// after opening: what is checked is what is read.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, stat } from 'node:fs/promises';
import { runLocalCommand, streamLocalLines } from './local-commands.js';
import { watchLocal } from './local-watch.js';
import { pathBytes } from './names.js';
import { notRegular } from './reasons.js';
import type { DirEntry, EntryKind, FileInfo, FsPath, RangeRead, ReadRangeOptions, RunFs, Watch, WatchEvent, WatchSpec } from './run-fs.js';

/** A Stats or a Dirent: both say what an entry is. */
type Typed = Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

function kindOf(s: Typed): EntryKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'char';
  if (s.isBlockDevice()) return 'block';
  return 'other';
}

const info = (s: Stats): FileInfo => ({ kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, uid: s.uid, mode: s.mode & 0o7777 });

/** The path as node:fs takes it: the bytes of a name that is not UTF-8 (see names.ts). */
const osPath = (path: FsPath): string | Buffer => (typeof path === 'string' ? pathBytes(path) : path);

function openFailure(err: unknown, followed: boolean): RangeRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'not there' };
  if (code === 'ELOOP') return { ok: false, missing: false, reason: followed ? 'a symbolic link loop (too many levels of links)' : 'a symbolic link (not followed)' };
  if (code === 'ENXIO') return { ok: false, missing: false, reason: 'a socket or a device, not a regular file' };
  return { ok: false, missing: false, reason: `unreadable: ${(err as Error).message}` };
}

const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export class LocalFs implements RunFs {
  readonly host = null;
  readonly connection = null;

  constructor(readonly cwd: string = process.cwd()) {}

  async stat(path: FsPath): Promise<FileInfo | null> {
    return stat(osPath(path)).then(info, () => null);
  }

  async lstat(path: FsPath): Promise<FileInfo | null> {
    return lstat(osPath(path)).then(info, () => null);
  }

  async readdir(path: FsPath): Promise<DirEntry[] | null> {
    try {
      const entries = await readdir(osPath(path), { withFileTypes: true, encoding: 'buffer' });
      return entries.map((e) => ({ name: e.name, kind: kindOf(e) }));
    } catch {
      return null;
    }
  }

  async readlink(path: FsPath): Promise<Buffer | null> {
    return readlink(osPath(path), { encoding: 'buffer' }).catch(() => null);
  }

  async readRange(path: string, offset: number, length: number, opts: ReadRangeOptions = {}): Promise<RangeRead> {
    let fh;
    try {
      fh = await open(osPath(path), READ_FLAGS | (opts.followSymlinks ? 0 : NOFOLLOW));
    } catch (err) {
      return openFailure(err, opts.followSymlinks === true);
    }
    try {
      const s = await fh.stat();
      if (!s.isFile()) return { ok: false, missing: false, reason: notRegular(kindOf(s)) };
      const size = Math.max(0, Math.min(length, s.size - offset));
      const data = opts.into && opts.into.length >= size ? opts.into.subarray(0, size) : Buffer.allocUnsafe(size);
      let got = 0;
      while (got < data.length) {
        const { bytesRead } = await fh.read(data, got, data.length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return { ok: true, info: info(s), data: data.subarray(0, got) };
    } catch (err) {
      return { ok: false, missing: false, reason: `unreadable: ${(err as Error).message}` };
    } finally {
      await fh.close();
    }
  }

  async sha256(path: string): Promise<string | null> {
    const h = createHash('sha256');
    let fh;
    try {
      fh = await open(osPath(path), READ_FLAGS | NOFOLLOW);
    } catch {
      return null;
    }
    try {
      if (!(await fh.stat()).isFile()) return null;
      for await (const chunk of fh.createReadStream({ autoClose: false })) h.update(chunk as Buffer);
      return h.digest('hex');
    } catch {
      return null;
    } finally {
      await fh.close();
    }
  }

  watch(spec: WatchSpec, onEvent: (e: WatchEvent) => void): Watch {
    return watchLocal(spec, onEvent, this);
  }

  readonly streamLines = streamLocalLines;
  readonly runCommand = runLocalCommand;

  async close(): Promise<void> {}
}
