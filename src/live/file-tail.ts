// Reads what was appended to a file since the last read, and notices truncation, replacement,
// rewriting in place (the same size, other bytes: a fingerprint of what was read) and deletion.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export type TailResult =
  | { kind: 'missing' }
  | { kind: 'gone' }
  | { kind: 'unchanged'; mtimeMs: number }
  | { kind: 'data'; chunk: Buffer; reset: null | 'truncated' | 'replaced' | 'rewritten'; mtimeMs: number; more: boolean };

const READ_LIMIT = 1 << 20;
/** Nothing readable at the path: a socket (ENXIO) is no file either. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ENXIO']);
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

  constructor(readonly path: string) {}

  /** Bytes appended since the last call, at most READ_LIMIT at a time (`more` says to call again). */
  async read(): Promise<TailResult> {
    // Opened before it is looked at, non-blocking: what is checked is what is read, and a FIFO
    // put at the path cannot hang the open.
    let fh;
    try {
      fh = await open(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (err) {
      if (!ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      return this.absent();
    }
    try {
      const info = await fh.stat();
      if (!info.isFile()) return this.absent();
      let reset: null | 'truncated' | 'replaced' | 'rewritten' = null;
      if (this.ino !== null && info.ino !== this.ino) reset = 'replaced';
      else if (info.size < this.offset) reset = 'truncated';
      else if (info.mtimeMs !== this.mtimeMs && !(await this.printHolds(fh))) reset = 'rewritten';
      if (reset) {
        this.offset = 0;
        this.print = null;
      }
      this.ino = info.ino;
      this.mtimeMs = info.mtimeMs;
      this.size = info.size;
      if (!reset && info.size === this.offset) return { kind: 'unchanged', mtimeMs: info.mtimeMs };

      const want = Math.min(info.size - this.offset, READ_LIMIT);
      const chunk = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(chunk, got, want - got, this.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      this.offset += got;
      this.keepPrint(chunk.subarray(0, got));
      return { kind: 'data', chunk: chunk.subarray(0, got), reset, mtimeMs: info.mtimeMs, more: this.offset < info.size };
    } finally {
      await fh.close();
    }
  }

  private absent(): TailResult {
    const wasThere = this.ino !== null;
    this.ino = null;
    this.offset = 0;
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

  /** Whether the bytes before `offset` are still those read (true when there is nothing to compare). */
  private async printHolds(fh: FileHandle): Promise<boolean> {
    const print = this.print;
    if (!print || print.length === 0) return true;
    const now = Buffer.alloc(print.length);
    await fh.read(now, 0, print.length, this.offset - print.length);
    return now.equals(print);
  }
}
