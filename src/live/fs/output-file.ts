// The files the tool writes (export). Never through a symlink, never onto what is not a regular
// file, never over an existing file unless asked; each written whole or not at all: into a new
// temporary file beside it, then renamed over the name (a rename replaces a link, never follows it).
// A path with bytes that are not UTF-8 is written by those bytes (names.ts).
import { closeSync, lstatSync, openSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { nameString, pathBytes } from './names.js';

/** `path` with every link resolved (it must exist), its bytes kept where they are not UTF-8. */
export function realPath(path: string): string {
  // The native one: the JavaScript realpath spells a Buffer path as UTF-8 text on the way.
  return nameString(realpathSync.native(pathBytes(path), { encoding: 'buffer' }));
}

/** `path` with its folder's links resolved: two spellings of one file compare equal. */
export function canonicalPath(path: string): string {
  const abs = resolve(path);
  try {
    return join(realPath(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

/** Why `path` may not be written, or null when it may. */
export function outputRefusal(path: string, force: boolean): string | null {
  try {
    if (!lstatSync(pathBytes(dirname(resolve(path)))).isDirectory()) return `${dirname(path)} is not a folder`;
  } catch {
    return `the folder ${dirname(path)} does not exist`;
  }
  let s;
  try {
    s = lstatSync(pathBytes(path));
  } catch {
    return null;
  }
  if (s.isSymbolicLink()) return `${path} is a symbolic link: nothing is written through one (remove it, or name another file)`;
  if (!s.isFile()) return `${path} exists and is not a regular file`;
  return force ? null : `${path} exists (--force replaces it)`;
}

/** Text written piece by piece, as it is made (a file larger than memory could hold). */
export type Fill = (write: (text: string) => void) => Promise<void>;

const PIECE = 1 << 20;

/**
 * Writes `data` to `path` whole, through a temporary file in the same folder (a Fill streams into
 * it, and the name appears only when it is done). Throws on failure, leaving `path` as it was.
 */
export async function writeWhole(path: string, data: string | Uint8Array | Fill): Promise<void> {
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.aigp-tmp`);
  const fd = openSync(pathBytes(tmp), 'wx');
  try {
    try {
      if (typeof data === 'function') {
        let parts: string[] = [];
        let length = 0;
        const flush = () => {
          writeFileSync(fd, parts.join(''));
          parts = [];
          length = 0;
        };
        await data((more) => {
          parts.push(more);
          length += more.length;
          if (length >= PIECE) flush();
        });
        flush();
      } else writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(pathBytes(tmp), pathBytes(path));
  } catch (err) {
    rmSync(pathBytes(tmp), { force: true });
    throw err;
  }
}
