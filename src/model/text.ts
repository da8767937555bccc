// Strings read from files (column names, file names, tags) must never drive the terminal:
// every C0/C1 control character, DEL, line/paragraph separator and lone surrogate becomes U+FFFD.
// With the `u` flag a surrogate *pair* is one code point, so only lone halves match.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/gu;

export function cleanText(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}
