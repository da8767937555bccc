// File names are bytes. Node decodes them as UTF-8 and replaces what is not with U+FFFD, after
// which the name no longer opens: names are read as bytes and shown with the bad bytes escaped.

const STRICT = new TextDecoder('utf-8', { fatal: true });

/** A name's text: itself when it is UTF-8, else its valid runs with each other byte as `\xNN`. */
export function nameText(bytes: Uint8Array): { text: string; escaped: boolean } {
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
      text += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return { text, escaped: true };
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
