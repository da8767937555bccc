// Incremental TFRecord framing: u64 length, u32 masked CRC of the length, data, u32 masked CRC
// of the data (little-endian). Pure: bytes in, record payloads out. Never advances past an
// incomplete record; a record whose data CRC fails is skipped; a length whose CRC fails stops
// the file (nothing after it can be trusted).
import { maskedCrc32c } from './masked-crc.js';

export type FrameProblem = { kind: 'corrupt-record'; offset: number } | { kind: 'bad-length'; offset: number };

const HEADER = 12;
const FOOTER = 4;

export class TfRecordDecoder {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute file offset of buf[0]. */
  private base = 0;
  private stopped: FrameProblem | null = null;

  /** Offset just past the last whole record: where reading would resume. */
  get offset(): number {
    return this.base;
  }

  get pendingBytes(): number {
    return this.buf.length;
  }

  get broken(): FrameProblem | null {
    return this.stopped;
  }

  /**
   * Feeds bytes and calls `onRecord` with each whole record's data (a view, valid only during
   * the call). Returns the problems met.
   */
  push(chunk: Uint8Array, onRecord: (data: Buffer, offset: number) => void): FrameProblem[] {
    if (this.stopped) return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.buf, chunk]);
    const problems: FrameProblem[] = [];
    const buf = this.buf;
    let pos = 0;
    while (buf.length - pos >= HEADER) {
      const lenCrc = buf.readUInt32LE(pos + 8);
      if (maskedCrc32c(buf.subarray(pos, pos + 8)) !== lenCrc) {
        this.stopped = { kind: 'bad-length', offset: this.base + pos };
        problems.push(this.stopped);
        break;
      }
      const length = Number(buf.readBigUInt64LE(pos));
      const end = pos + HEADER + length + FOOTER;
      if (end > buf.length) break;
      const data = buf.subarray(pos + HEADER, pos + HEADER + length);
      if (maskedCrc32c(data) === buf.readUInt32LE(pos + HEADER + length)) onRecord(data, this.base + pos);
      else problems.push({ kind: 'corrupt-record', offset: this.base + pos });
      pos = end;
    }
    this.base += pos;
    // Keep only the unfinished tail (copied, so the big chunk it came from can be freed).
    this.buf = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    if (this.stopped) this.buf = Buffer.alloc(0);
    return problems;
  }
}
