// Incremental TFRecord framing: u64 length, u32 masked CRC of the length, data, u32 masked CRC
// of the data (little-endian). Pure: bytes in, record payloads out. Never advances past an
// incomplete record; a record whose data CRC fails is skipped; a length whose CRC fails stops
// the file (nothing after it can be trusted).
import { maskedCrc32c } from './masked-crc.js';

export type FrameProblem = { kind: 'corrupt-record'; offset: number } | { kind: 'bad-length'; offset: number };

/** A record's data is buf[start, end): valid only during the call. */
export type RecordHandler = (buf: Buffer, start: number, end: number, offset: number) => void;

const HEADER = 12;
const FOOTER = 4;
const TWO_32 = 2 ** 32;

// Buffer#readUInt32LE checks its bounds on every call; the framing loop has checked them already.
function u32(b: Buffer, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

export class TfRecordDecoder {
  /** The start of a record that a chunk ended inside of. */
  private tail: Buffer = Buffer.alloc(0);
  /** Absolute file offset of the first byte not yet framed (the tail's start). */
  private base = 0;
  private stopped: FrameProblem | null = null;

  /** Offset just past the last whole record: where reading would resume. */
  get offset(): number {
    return this.base;
  }

  get pendingBytes(): number {
    return this.tail.length;
  }

  get broken(): FrameProblem | null {
    return this.stopped;
  }

  /** Feeds bytes and calls `onRecord` for each whole record. Returns the problems met. */
  push(chunk: Uint8Array, onRecord: RecordHandler): FrameProblem[] {
    const problems: FrameProblem[] = [];
    if (this.stopped) return problems;
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.tail.length > 0) {
      // Complete the record the last chunk ended in, copying only its bytes, never the whole chunk.
      const need = this.recordSize(this.tail, data);
      if (need === null || this.tail.length + data.length < need) {
        this.tail = Buffer.concat([this.tail, data]);
        if (need === null && this.tail.length >= HEADER) this.frame(this.tail, problems, onRecord);
        return problems;
      }
      const take = need - this.tail.length;
      const record = Buffer.concat([this.tail, data.subarray(0, take)]);
      this.tail = Buffer.alloc(0);
      this.frame(record, problems, onRecord);
      if (this.stopped) return problems;
      data = data.subarray(take);
    }
    this.frame(data, problems, onRecord);
    return problems;
  }

  /** Bytes of the record starting at `head` (continued by `more`), or null when its header is not whole yet. */
  private recordSize(head: Buffer, more: Buffer): number | null {
    const header = head.length >= HEADER ? head : Buffer.concat([head, more.subarray(0, HEADER - head.length)]);
    if (header.length < HEADER) return null;
    if (maskedCrc32c(header, 0, 8) !== header.readUInt32LE(8)) return HEADER;
    return HEADER + header.readUInt32LE(0) + header.readUInt32LE(4) * TWO_32 + FOOTER;
  }

  /** Frames every whole record of buf; keeps an unfinished one as the tail. */
  private frame(buf: Buffer, problems: FrameProblem[], onRecord: RecordHandler): void {
    // this.base is the file offset of buf[pos] throughout.
    let pos = 0;
    while (buf.length - pos >= HEADER) {
      if (maskedCrc32c(buf, pos, pos + 8) !== u32(buf, pos + 8)) {
        this.stopped = { kind: 'bad-length', offset: this.base };
        problems.push(this.stopped);
        this.tail = Buffer.alloc(0);
        return;
      }
      const length = u32(buf, pos) + u32(buf, pos + 4) * TWO_32;
      const end = pos + HEADER + length + FOOTER;
      if (end > buf.length) break;
      const dataEnd = pos + HEADER + length;
      if (maskedCrc32c(buf, pos + HEADER, dataEnd) === u32(buf, dataEnd)) onRecord(buf, pos + HEADER, dataEnd, this.base);
      else problems.push({ kind: 'corrupt-record', offset: this.base });
      this.base += end - pos;
      pos = end;
    }
    // Copied, so the big chunk it came from can be freed.
    this.tail = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
  }
}
