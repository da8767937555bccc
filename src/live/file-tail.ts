// Reads what was appended to a file since the last read, and notices truncation, replacement
// and deletion.
import { open, stat } from 'node:fs/promises';

export type TailResult =
  | { kind: 'missing' }
  | { kind: 'gone' }
  | { kind: 'unchanged'; mtimeMs: number }
  | { kind: 'data'; chunk: Buffer; reset: null | 'truncated' | 'replaced'; mtimeMs: number; more: boolean };

const READ_LIMIT = 1 << 20;

export class FileTail {
  private offset = 0;
  /** The size at the last read. */
  private size = 0;
  private ino: number | null = null;

  constructor(readonly path: string) {}

  /** Bytes appended since the last call, at most READ_LIMIT at a time (`more` says to call again). */
  async read(): Promise<TailResult> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      info = null;
    }
    if (!info?.isFile()) {
      const wasThere = this.ino !== null;
      this.ino = null;
      this.offset = 0;
      return { kind: wasThere ? 'gone' : 'missing' };
    }
    let reset: null | 'truncated' | 'replaced' = null;
    if (this.ino !== null && info.ino !== this.ino) reset = 'replaced';
    else if (info.size < this.offset) reset = 'truncated';
    if (reset) this.offset = 0;
    this.ino = info.ino;
    this.size = info.size;
    if (!reset && info.size === this.offset) return { kind: 'unchanged', mtimeMs: info.mtimeMs };

    const want = Math.min(info.size - this.offset, READ_LIMIT);
    const chunk = Buffer.allocUnsafe(want);
    let got = 0;
    const fh = await open(this.path, 'r');
    try {
      while (got < want) {
        const { bytesRead } = await fh.read(chunk, got, want - got, this.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
    } finally {
      await fh.close();
    }
    this.offset += got;
    return { kind: 'data', chunk: chunk.subarray(0, got), reset, mtimeMs: info.mtimeMs, more: this.offset < info.size };
  }

  /**
   * Moves past `n` bytes without reading them, as far as the file went at the last read (a seek
   * beyond its end would look like a truncation). Returns how many were passed and whether more is there.
   */
  skip(n: number): { skipped: number; more: boolean } {
    const skipped = Math.min(n, this.size - this.offset);
    this.offset += skipped;
    return { skipped, more: this.offset < this.size };
  }
}
