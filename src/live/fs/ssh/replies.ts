// What the remote program's replies hold: stat lines and listings (see program.ts), parsed
// by length, never by searching the bytes of a name.
import type { EntryKind, FileInfo } from '../run-fs.js';

/** stat's words for a type, GNU (%F) or BSD (%HT). */
function kindOf(words: string): EntryKind {
  const w = words.toLowerCase();
  if (w.includes('regular')) return 'file';
  if (w.includes('directory')) return 'dir';
  if (w.includes('link')) return 'symlink';
  if (w.includes('fifo')) return 'fifo';
  if (w.includes('socket')) return 'socket';
  if (w.includes('character')) return 'char';
  if (w.includes('block')) return 'block';
  return 'other';
}

/** `size mtime ino uid mode type words`, mtime as seconds with up to 9 decimals, mode in octal. */
export function parseStat(line: string): FileInfo | null {
  const m = /^(\d+) (\d+)(?:\.(\d+))? (\d+) (\d+) ([0-7]+) (.+)$/.exec(line.trim());
  if (!m) return null;
  const ns = Number((m[3] ?? '').padEnd(9, '0').slice(0, 9));
  return { kind: kindOf(m[7]), size: Number(m[1]), mtimeMs: Number(m[2]) * 1000 + ns / 1e6, ino: Number(m[4]), uid: Number(m[5]), mode: parseInt(m[6], 8) & 0o7777 };
}

export interface ListedEntry {
  /** Relative to the folder listed ('' for a watch's root), as bytes. */
  rel: Buffer;
  info: FileInfo;
}

export interface Listing {
  entries: ListedEntry[];
  /** What a watch's incremental listing says is gone (lines `-length rel`). */
  removed: Buffer[];
  /** A folder had more entries than the remote lists. */
  truncated: boolean;
}

/** Lines `length rel statline` or `-length rel`; `!more` marks a cut folder; anything malformed ends the parse. */
export function parseListing(buf: Buffer): Listing {
  const entries: ListedEntry[] = [];
  const removed: Buffer[] = [];
  let truncated = false;
  let at = 0;
  while (at < buf.length) {
    if (buf[at] === 0x21 /* ! */) {
      const end = buf.indexOf(0x0a, at);
      if (buf.subarray(at, end < 0 ? buf.length : end).toString() === '!more') truncated = true;
      at = end < 0 ? buf.length : end + 1;
      continue;
    }
    const gone = buf[at] === 0x2d; /* - */
    if (gone) at++;
    const space = buf.indexOf(0x20, at);
    const len = Number(buf.subarray(at, space).toString());
    if (space < 0 || !/^\d+$/.test(buf.subarray(at, space).toString())) break;
    const relEnd = space + 1 + len;
    if (gone) {
      if (relEnd > buf.length || (relEnd < buf.length && buf[relEnd] !== 0x0a)) break;
      removed.push(Buffer.from(buf.subarray(space + 1, relEnd)));
      at = relEnd + 1;
      continue;
    }
    if (buf[relEnd] !== 0x20) break;
    const lineEnd = buf.indexOf(0x0a, relEnd);
    const end = lineEnd < 0 ? buf.length : lineEnd;
    const info = parseStat(buf.subarray(relEnd + 1, end).toString());
    if (info) entries.push({ rel: Buffer.from(buf.subarray(space + 1, relEnd)), info });
    at = end + 1;
  }
  return { entries, removed, truncated };
}
