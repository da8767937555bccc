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

export class FileTail {
  private offset = 0;
  /** The size at the last read. */
  private size = 0;
  private ino: number | null = null;
  private mtimeMs = 0;
  /** The bytes just before `offset`, as read (null: none, or passed over unread). */
  private print: Buffer | null = null;

  constructor(private readonly fs: RunFs, readonly path: string) {}

  /** Bytes appended since the last call, at most READ_LIMIT at a time (`more` says to call again). */
  async read(): Promise<TailResult> {
    const back = this.print?.length ?? 0;
    const start = this.offset - back;
    const r = await this.readFrom(start, back + READ_LIMIT);
    if (!r.ok) return this.absent();
    let { info, data } = r;
    let reset: null | 'truncated' | 'replaced' | 'rewritten' = null;
    if (this.ino !== null && info.ino !== this.ino) reset = 'replaced';
    else if (info.size < this.offset) reset = 'truncated';
    else if (info.mtimeMs !== this.mtimeMs && this.print && !data.subarray(0, back).equals(this.print)) reset = 'rewritten';
    if (reset) {
      this.offset = 0;
      this.print = null;
      if (start === 0) data = data.subarray(0, READ_LIMIT);
      else {
        const again = await this.readFrom(0, READ_LIMIT);
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
   * Bytes from `offset`; a path that is there but cannot be read throws (the caller says why);
   * nothing there, or something that is no file (a FIFO, a socket), is a failed read.
   */
  private async readFrom(offset: number, length: number): Promise<RangeRead> {
    const r = await this.fs.readRange(this.path, offset, length, { followSymlinks: true });
    if (!r.ok && !r.missing && (await this.fs.stat(this.path))?.kind === 'file') throw new Error(r.reason);
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
