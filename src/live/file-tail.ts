// Reads what was appended to a file since the last read, and notices truncation, replacement,
// rewriting in place (the same size, other bytes: a fingerprint of what was read) and deletion.
// One read a check: the fingerprint's bytes and what follows them come together (one round trip
// on a remote file system); a reset costs a second read from the start.
import type { RangeRead, RunFs } from './fs/run-fs.js';

export type TailResult =
  | { kind: 'missing' }
  | { kind: 'gone' }
  | { kind: 'unchanged'; mtimeMs: number }
  | { kind: 'data'; chunk: Buffer; reset: null | 'truncated' | 'replaced' | 'rewritten'; mtimeMs: number; more: boolean };

const READ_LIMIT = 1 << 20;
/** The last bytes read, checked again when the file's time changes: same size, other bytes = rewritten. */
const PRINT_BYTES = 32;

/**
 * Buffers to read into, reused: a big file read at start in chunks would otherwise leave its chunks
 * to the garbage collector, which frees that much external memory only after tens of megabytes.
 * A chunk handed back with give() must be done with (nothing keeps a view of it).
 */
/** Where a tail reads: a chunk handed out is given back once done with. */
export interface ChunkBuffers {
  take(size: number): Buffer;
  give(chunk: Uint8Array): void;
}

export class ReadBuffers implements ChunkBuffers {
  private free: ArrayBuffer[] = [];
  private readonly ours = new WeakSet<ArrayBuffer>();

  constructor(private readonly keep = 2) {}

  take(size: number): Buffer {
    const ab = this.free.pop();
    if (ab && ab.byteLength >= size) return Buffer.from(ab, 0, size);
    const b = Buffer.alloc(size);
    this.ours.add(b.buffer);
    return b;
  }

  /** A chunk read into one of these buffers, done with; any other is left alone. */
  give(chunk: Uint8Array): void {
    const ab = chunk.buffer as ArrayBuffer;
    if (this.ours.has(ab) && this.free.length < this.keep && !this.free.includes(ab)) this.free.push(ab);
  }
}

export class FileTail {
  private offset = 0;
  /** The size at the last read. */
  private size = 0;
  private ino: number | null = null;
  private mtimeMs = 0;
  /** The bytes just before `offset`, as read (null: none, or passed over unread). */
  private print: Buffer | null = null;

  /** `readLimit`: the most bytes one read() answers; `buffers`: where to read (the caller gives each chunk back). */
  constructor(private readonly fs: RunFs, readonly path: string, private readonly readLimit = READ_LIMIT, private readonly buffers?: ChunkBuffers) {}

  /** Bytes appended since the last call, at most readLimit at a time (`more` says to call again). */
  async read(): Promise<TailResult> {
    const back = this.print?.length ?? 0;
    const start = this.offset - back;
    // One buffer for this call (a reset reads again into it): the chunk before may still be in use.
    const into = this.buffers?.take(back + this.readLimit);
    const r = await this.readFrom(start, back + this.readLimit, into);
    const result = r.ok ? await this.after(r, back, start, into) : this.absent();
    // No chunk handed out: the buffer is free again.
    if (into && result.kind !== 'data') this.buffers?.give(into);
    return result;
  }

  private async after(r: RangeRead & { ok: true }, back: number, start: number, into: Buffer | undefined): Promise<TailResult> {
    let { info, data } = r;
    let reset: null | 'truncated' | 'replaced' | 'rewritten' = null;
    if (this.ino !== null && info.ino !== this.ino) reset = 'replaced';
    else if (info.size < this.offset) reset = 'truncated';
    else if (info.mtimeMs !== this.mtimeMs && this.print && !data.subarray(0, back).equals(this.print)) reset = 'rewritten';
    if (reset) {
      this.offset = 0;
      this.print = null;
      if (start === 0) data = data.subarray(0, this.readLimit);
      else {
        const again = await this.readFrom(0, this.readLimit, into);
        if (!again.ok) return this.absent();
        ({ info, data } = again);
      }
    } else data = data.subarray(back);
    this.ino = info.ino;
    this.mtimeMs = info.mtimeMs;
    this.size = info.size;
    if (!reset && info.size === this.offset) return { kind: 'unchanged', mtimeMs: info.mtimeMs };
    this.offset += data.length;
    this.keepPrint(data);
    return { kind: 'data', chunk: data, reset, mtimeMs: info.mtimeMs, more: this.offset < info.size };
  }

  /**
   * Bytes from `offset`; nothing there is a failed read. Something there that cannot be read
   * throws with what it is (the caller warns): a FIFO, a device, a folder, a link loop, a file
   * without permission. Waiting on it silently would look like a run not started yet.
   */
  private async readFrom(offset: number, length: number, into?: Buffer): Promise<RangeRead> {
    const r = await this.fs.readRange(this.path, offset, length, { followSymlinks: true, into });
    if (!r.ok && !r.missing) throw new Error(`not read: ${r.reason}`);
    return r;
  }

  private absent(): TailResult {
    const wasThere = this.ino !== null;
    this.ino = null;
    this.offset = 0;
    this.print = null;
    return { kind: wasThere ? 'gone' : 'missing' };
  }

  /**
   * Moves past `n` bytes without reading them, as far as the file went at the last read (a seek
   * beyond its end would look like a truncation). Returns how many were passed and whether more is there.
   */
  skip(n: number): { skipped: number; more: boolean } {
    const skipped = Math.min(n, this.size - this.offset);
    this.offset += skipped;
    if (skipped > 0) this.print = null;
    return { skipped, more: this.offset < this.size };
  }

  private keepPrint(read: Buffer): void {
    const joined = this.print && read.length < PRINT_BYTES ? Buffer.concat([this.print, read]) : read;
    this.print = Buffer.from(joined.subarray(Math.max(0, joined.length - PRINT_BYTES)));
  }
}
