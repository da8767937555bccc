// Incremental TFRecord framing: u64 length, u32 masked CRC of the length, data, u32 masked CRC
// of the data (little-endian). Pure: bytes in, record payloads out. Never advances past an
// incomplete record; a record whose data CRC fails is skipped; a length whose CRC fails stops
// the file (nothing after it can be trusted); an oversized record is passed over unread.
import { rangeCrc } from './crc32c-wasm.js';
import type { ScalarScan } from './scalar-scan.js';
import type { TagCache } from './tag-cache.js';

export type FrameProblem =
  | { kind: 'corrupt-record'; offset: number }
  | { kind: 'bad-length'; offset: number }
  /** `bytes`: what its length field claims, exactly (a u64: 2^63 is not a safe number). */
  | { kind: 'oversized-record'; offset: number; bytes: bigint };

/** A record's data is buf[start, end): valid only during the call. */
export type RecordHandler = (buf: Buffer, start: number, end: number, offset: number) => void;

/** Where the records WebAssembly read as simple scalar events go (scalar-scan.ts), in place of the RecordHandler. */
export interface ScannedHandler {
  /** The cache that numbers their tags. */
  readonly tags: TagCache;
  /** Records `from` to `to` of the scan's columns, each a simple scalar event, in file order. */
  take(scan: ScalarScan, from: number, to: number): void;
}

/**
 * Records claiming more data than this are passed over unread: a scalar never needs one, and
 * holding one whole would cost its size in memory (a length is only CRC-checked, so a record may
 * claim gigabytes). Their bytes are dropped as they come, or seeked over by the reader (skipped()).
 */
export const MAX_RECORD_BYTES = 64 << 20;

const HEADER = 12;
const FOOTER = 4;
const TWO_32 = 2 ** 32;

// Buffer#readUInt32LE checks its bounds on every call; the framing loop has checked them already.
function u32(b: Buffer, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

/** As u32, signed: what RangeCrc.masked32 answers. */
function i32(b: Buffer, p: number): number {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}

export class TfRecordDecoder {
  /** The start of a record that a chunk ended inside of, in pieces: joined once, when it is whole. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** That record's whole size, once its header is whole. */
  private need: number | null = null;
  /** Absolute file offset of the first byte not yet framed (the pending record's start). */
  private base = 0;
  /** Bytes of an oversized record still to pass over. */
  private skip = 0;
  private stopped: FrameProblem | null = null;

  constructor(private readonly maxRecordBytes = MAX_RECORD_BYTES) {}

  /** Offset just past the last whole (or passed-over) record: where reading would resume. */
  get offset(): number {
    return this.base;
  }

  get pendingBytes(): number {
    return this.partsLength;
  }

  get broken(): FrameProblem | null {
    return this.stopped;
  }

  /** Bytes of an oversized record not yet passed over: the reader may seek past them, then call skipped(). */
  get skipping(): number {
    return this.skip;
  }

  /** `n` bytes of the oversized record were passed over without being pushed. */
  skipped(n: number): void {
    this.skip -= n;
    this.base += n;
  }

  /**
   * Feeds bytes and calls `onRecord` for each whole record, or `scanned` for those that are simple
   * scalar events when it is given and WebAssembly is there, each in file order. Returns the problems met.
   */
  push(chunk: Uint8Array, onRecord: RecordHandler, scanned?: ScannedHandler): FrameProblem[] {
    const problems: FrameProblem[] = [];
    if (this.stopped) return problems;
    let data = this.pass(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    while (this.partsLength > 0 && this.need === null && data.length > 0) {
      // The pending record's header was cut: frame it again with enough of this chunk to complete it.
      const take = Math.min(data.length, HEADER);
      const head = Buffer.concat([...this.parts, data.subarray(0, take)]);
      this.drop();
      this.frame(head, problems, onRecord, scanned);
      if (this.stopped) return problems;
      data = this.pass(data.subarray(take));
    }
    if (this.need !== null) {
      if (this.partsLength + data.length < this.need) {
        this.keep(data);
        return problems;
      }
      const take = this.need - this.partsLength;
      const record = Buffer.concat([...this.parts, data.subarray(0, take)], this.need);
      this.drop();
      this.frame(record, problems, onRecord, scanned);
      data = data.subarray(take);
      if (this.stopped) return problems;
    }
    // Else data is empty and the pending header still cut.
    if (this.partsLength === 0) this.frame(data, problems, onRecord, scanned);
    return problems;
  }

  /** Drops the bytes of an oversized record that `data` starts with. */
  private pass(data: Buffer): Buffer {
    const n = Math.min(this.skip, data.length);
    if (n > 0) this.skipped(n);
    return data.subarray(n);
  }

  /** Copied, so the big chunk it came from can be freed. */
  private keep(data: Buffer): void {
    if (data.length === 0) return;
    this.parts.push(Buffer.from(data));
    this.partsLength += data.length;
  }

  private drop(): void {
    this.parts = [];
    this.partsLength = 0;
    this.need = null;
  }

  /** Frames every whole record of buf; keeps an unfinished one as pending, passes over an oversized one. */
  private frame(buf: Buffer, problems: FrameProblem[], onRecord: RecordHandler, scanned?: ScannedHandler): void {
    // this.base is the file offset of buf[pos] throughout.
    const crc = rangeCrc(buf);
    let pos = 0;
    while (buf.length - pos >= HEADER) {
      if (crc.frame !== undefined) {
        // The simple records in one WebAssembly call; the one it stopped at (if any) is looked at below.
        const n = crc.frame(pos, buf.length, this.maxRecordBytes);
        const table = crc.entries!;
        const scan = scanned && crc.scanned!;
        const left = scan ? crc.scan!(pos, n, this.base, scanned!.tags) : -1;
        if (left === 0) {
          scanned!.take(scan!, 0, n);
          const end = n === 0 ? this.base : scan!.offset[n - 1] + HEADER + table[n - 1] + FOOTER;
          pos += end - this.base;
          this.base = end;
        }
        // A run of scanned records: from `run` to the record before the one looked at.
        let run = -1;
        for (let i = left === 0 ? n : 0; i < n; i++) {
          const e = table[i];
          if (scan && scan.id[i] >= 0) {
            if (run < 0) run = i;
          } else {
            if (run >= 0) scanned!.take(scan!, run, i);
            run = -1;
          }
          const length = e >= 0 ? e : ~e;
          const dataEnd = pos + HEADER + length;
          if (run < 0) {
            if (e >= 0) onRecord(buf, pos + HEADER, dataEnd, this.base);
            else problems.push({ kind: 'corrupt-record', offset: this.base });
          }
          this.base += HEADER + length + FOOTER;
          pos = dataEnd + FOOTER;
        }
        if (run >= 0) scanned!.take(scan!, run, n);
        if (n === crc.frameLimit) continue;
        if (buf.length - pos < HEADER) break;
      }
      if (crc.masked32(pos, pos + 8) !== i32(buf, pos + 8)) {
        this.stopped = { kind: 'bad-length', offset: this.base };
        problems.push(this.stopped);
        this.drop();
        return;
      }
      const length = u32(buf, pos) + u32(buf, pos + 4) * TWO_32;
      const size = HEADER + length + FOOTER;
      if (length > this.maxRecordBytes) {
        problems.push({ kind: 'oversized-record', offset: this.base, bytes: BigInt(u32(buf, pos)) + (BigInt(u32(buf, pos + 4)) << 32n) });
        const here = Math.min(size, buf.length - pos);
        this.base += here;
        pos += here;
        this.skip = size - here;
        continue;
      }
      const end = pos + size;
      if (end > buf.length) {
        this.need = size;
        break;
      }
      const dataEnd = pos + HEADER + length;
      if (crc.masked32(pos + HEADER, dataEnd) === i32(buf, dataEnd)) onRecord(buf, pos + HEADER, dataEnd, this.base);
      else problems.push({ kind: 'corrupt-record', offset: this.base });
      this.base += size;
      pos = end;
    }
    this.keep(buf.subarray(pos));
  }
}
