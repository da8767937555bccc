// Tag strings by their UTF-8 bytes, so a repeated tag costs a compare, not a new string.

interface TagEntry {
  bytes: Uint8Array;
  text: string;
  /** The tag that followed this one last time: writers log tags in a fixed order. */
  next: TagEntry | null;
}

/** Looked up by a hash of the bytes: 10,000 tags of one length would make a list scan quadratic. */
export class TagCache {
  private byHash = new Map<number, TagEntry[]>();
  private size = 0;
  private prev: TagEntry | null = null;
  private static readonly MAX = 65_536;
  private static readonly decoder = new TextDecoder();

  get(buf: Uint8Array, start: number, end: number): string {
    const guess = this.prev?.next;
    if (guess && sameBytes(guess.bytes, buf, start, end)) {
      this.prev = guess;
      return guess.text;
    }
    const hash = fnv1a(buf, start, end);
    const bucket = this.byHash.get(hash);
    let entry = bucket?.find((e) => sameBytes(e.bytes, buf, start, end));
    if (!entry) {
      const text = TagCache.decoder.decode(buf.subarray(start, end));
      if (this.size >= TagCache.MAX) return text;
      this.size += 1;
      entry = { bytes: buf.slice(start, end), text, next: null };
      if (bucket) bucket.push(entry);
      else this.byHash.set(hash, [entry]);
    }
    if (this.prev) this.prev.next = entry;
    this.prev = entry;
    return entry.text;
  }
}

function fnv1a(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  // From the end: tags of one writer share their prefixes (train/…, rollout/…).
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[start + i]) return false;
  return true;
}
