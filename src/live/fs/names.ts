// File names are bytes. Node decodes them as UTF-8 and replaces what is not with U+FFFD, after
// which the name no longer opens: names are read as bytes, kept whole in path strings, and shown
// with the bad bytes escaped.
//
// Paths are strings everywhere above the seam. A name that is not UTF-8 keeps its bytes in its
// string the way Python's surrogateescape does (PEP 383): each byte that is no part of a
// well-formed sequence (always 0x80-0xff) becomes the lone surrogate U+DC00 + byte (U+DC80-U+DCFF),
// which no UTF-8 text can hold.
// The seam turns such a string back into the same bytes before it asks the file system (local
// or over ssh); the sanitiser (model/text.ts) shows those characters as `\xNN`.

const STRICT = new TextDecoder('utf-8', { fatal: true });
/** A stray byte b is U+DC00 + b. */
const SURROGATE_BASE = 0xdc00;

/** The bytes decoded as UTF-8, each byte of no well-formed sequence given to `stray`. */
function decode(bytes: Uint8Array, stray: (byte: number) => string): { text: string; escaped: boolean } {
  try {
    return { text: STRICT.decode(bytes), escaped: false };
  } catch {
    // fall through to the byte-by-byte form
  }
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      text += STRICT.decode(bytes.subarray(i, i + len));
      i += len;
    } else {
      text += stray(bytes[i]);
      i += 1;
    }
  }
  return { text, escaped: true };
}

/** A name's text to show: itself when it is UTF-8, else its valid runs with each other byte as `\xNN`. */
export function nameText(bytes: Uint8Array): { text: string; escaped: boolean } {
  return decode(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`);
}

/** A name's bytes as a path string: itself when it is UTF-8; each stray byte as U+DC00 + byte. */
export function nameString(bytes: Uint8Array): string {
  return decode(bytes, (b) => String.fromCharCode(SURROGATE_BASE + b)).text;
}

const ESCAPED = /[\udc80-\udcff]/;

/** A path string as the file system takes it: itself, or its bytes where it holds escaped ones. */
export function pathBytes(path: string): string | Buffer {
  if (!ESCAPED.test(path)) return path;
  const parts: Buffer[] = [];
  let run = '';
  for (const ch of path) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) {
      if (run) parts.push(Buffer.from(run));
      run = '';
      parts.push(Buffer.of(c - SURROGATE_BASE));
    } else run += ch;
  }
  if (run) parts.push(Buffer.from(run));
  return Buffer.concat(parts);
}

/** Length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no surrogates), or 0. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
