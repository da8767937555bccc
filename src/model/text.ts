// The one sanitiser for text that came from outside (column names, file names, tags, paths,
// nvidia-smi fields): it must never drive the terminal, hide itself or reorder what is shown.
// Controls (C0, DEL, C1) become `\x1b`; invisible format characters (bidi embeddings, overrides
// and isolates, zero-width spaces and joiners, BOM, tag characters: Unicode's Cf) and line or
// paragraph separators become `<U+202E>`; a lone surrogate becomes U+FFFD, except U+DC80–U+DCFF:
// a file name's byte that is not UTF-8, kept in its path string (live/fs/names.ts), shown `\xNN`.
// With the `u` flag a surrogate *pair* is one code point, so only lone halves are Cs.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** The same set less C0 and lone surrogates, which JSON.stringify already escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

function visible(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0xdc80 && cp <= 0xdcff) return `\\x${hex(cp - 0xdc00, 2)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (cp <= 0x9f) return `\\x${hex(cp, 2)}`;
  return `<U+${hex(cp, 4).toUpperCase()}>`;
}

/** One external string, made safe to print: every unsafe character shown, never passed. */
export function cleanText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Several lines of output: as cleanText, but the line breaks stay. */
export function cleanLines(text: string): string {
  return text.split('\n').map(cleanText).join('\n');
}

/** JSON.stringify, with C1 controls, DEL, bidi and zero-width characters escaped as \uXXXX too. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${hex(ch.charCodeAt(i), 4)}`;
    return out;
  });
}
