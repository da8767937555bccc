// A PATH typed with bytes that are not UTF-8 (a folder named by a tool that wrote latin-1): Node
// decodes the command line (and the current folder) lossily (U+FFFD), after which the path no
// longer opens. On Linux the bytes are still in /proc/self: they are taken back from there, kept
// in the path convention of names.ts.
import { readFileSync, readlinkSync } from 'node:fs';
import { nameString } from './names.js';

/** `argv` (this process's arguments after the script), with each lossy one as its bytes where they can be had. */
export function argvWithBytes(argv: readonly string[]): string[] {
  if (!argv.some((a) => a.includes('\ufffd'))) return [...argv];
  let raw: Buffer;
  try {
    raw = readFileSync('/proc/self/cmdline');
  } catch {
    return [...argv];
  }
  const words: Buffer[] = [];
  for (let at = 0; at < raw.length; ) {
    const end = raw.indexOf(0, at);
    words.push(raw.subarray(at, end < 0 ? raw.length : end));
    at = end < 0 ? raw.length : end + 1;
  }
  const tail = words.slice(words.length - argv.length);
  // They must be the same words as Node's, decoded as Node did: else they do not line up.
  if (tail.length !== argv.length || !tail.every((w, i) => w.toString() === argv[i])) return [...argv];
  return tail.map((w) => nameString(w));
}

/** The current folder, with its bytes where Node's own spelling lost them. */
export function cwdWithBytes(): string {
  const cwd = process.cwd();
  if (!cwd.includes('\ufffd')) return cwd;
  try {
    return nameString(readlinkSync('/proc/self/cwd', { encoding: 'buffer' }));
  } catch {
    return cwd;
  }
}
