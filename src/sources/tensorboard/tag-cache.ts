// Tag strings by their UTF-8 bytes, so a repeated tag costs a compare, not a new string.
import { view } from './byte-view.js';

interface TagEntry {
  bytes: Uint8Array;
  /** The bytes as little-endian 32-bit words (the last 0-3 bytes left out): compared four at a time. */
  words: Int32Array;
  /** bytes.length, and its last four bytes as a word (when it has four): the 0-3 bytes past the words checked in one compare. */
  length: number;
  tail: number;
  text: string;
  /** The tag that followed this one last time: writers log tags in a fixed order. */
  next: TagEntry | null;
  /** Its index in `texts`. */
  id: number;
}

/** Looked up by a hash of the bytes: 10,000 tags of one length would make a list scan quadratic. */
export class TagCache {
  private byHash = new Map<number, TagEntry[]>();
  /** Tag text by id, in the order first seen. */
  readonly texts: string[] = [];
  private prev: TagEntry | null = null;
  private static readonly MAX = 65_536;
  private static readonly decoder = new TextDecoder();

  get(buf: Uint8Array, start: number, end: number): string {
    const guess = this.prev?.next;
    if (guess && sameBytes(guess, buf, start, end)) {
      this.prev = guess;
      return guess.text;
    }
    return this.find(buf, start, end)?.text ?? TagCache.decoder.decode(buf.subarray(start, end));
  }

  /** The tag's id (its text is texts[id]); -1 once the cache is full and the tag new. */
  id(buf: Uint8Array, start: number, end: number): number {
    const guess = this.prev?.next;
    if (guess && sameBytes(guess, buf, start, end)) {
      this.prev = guess;
      return guess.id;
    }
    return this.find(buf, start, end)?.id ?? -1;
  }

  /** The entry of the bytes, made if new; null when the cache is full. */
  private find(buf: Uint8Array, start: number, end: number): TagEntry | null {
    const hash = fnv1a(buf, start, end);
    const bucket = this.byHash.get(hash);
    let entry = bucket?.find((e) => sameBytes(e, buf, start, end));
    if (!entry) {
      if (this.texts.length >= TagCache.MAX) return null;
      const text = TagCache.decoder.decode(buf.subarray(start, end));
      // A copy (Buffer#slice is a view): the entry must not hold the chunk the tag came in.
      const bytes = new Uint8Array(buf.subarray(start, end));
      const words = new Int32Array(bytes.length >> 2);
      const v = new DataView(bytes.buffer);
      for (let i = 0; i < words.length; i++) words[i] = v.getInt32(i * 4, true);
      const tail = bytes.length >= 4 ? v.getInt32(bytes.length - 4, true) : 0;
      entry = { bytes, words, length: bytes.length, tail, text, next: null, id: this.texts.length };
      this.texts.push(text);
      if (bucket) bucket.push(entry);
      else this.byHash.set(hash, [entry]);
    }
    if (this.prev) this.prev.next = entry;
    this.prev = entry;
    return entry;
  }
}

function fnv1a(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

function sameBytes(e: TagEntry, b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (e.length !== n) return false;
  const v = view(b);
  if (n < 4) {
    for (let i = 0; i < n; i++) if (e.bytes[i] !== b[start + i]) return false;
    return true;
  }
  const w = e.words;
  for (let i = 0; i + 4 <= n; i += 4) if (v.getInt32(start + i, true) !== w[i >> 2]) return false;
  return v.getInt32(end - 4, true) === e.tail;
}
