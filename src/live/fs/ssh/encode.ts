// Request arguments as the remote program reads them: bytes outside a small safe set become
// `\0ooo` octal escapes that printf %b decodes there, so a request line holds no space, quote,
// glob, backslash (other than the escapes) or newline: a path or a name is data, never code.
import { pathBytes } from '../names.js';
import type { FsPath } from '../run-fs.js';

const SAFE = /^[A-Za-z0-9/._,+@=:-]$/;

export function encodeArg(arg: FsPath): string {
  // A path string's escaped bytes (names.ts) are sent as the bytes they stand for.
  const bytes = typeof arg === 'string' ? Buffer.from(pathBytes(arg)) : arg;
  // The empty word: `\c` makes printf %b print nothing more, so it decodes to ''.
  if (bytes.length === 0) return '\\c';
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && SAFE.test(c) ? c : `\\0${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}
