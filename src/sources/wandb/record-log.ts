// The `.wandb` transaction log: a 7-byte header (":W&B", u16 0xBEE1, u8 version), then LevelDB-log
// framing in 32 KiB blocks by absolute offset: chunk = u32 CRC-32 (type byte + payload), u16
// length, u8 type (1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST), payload; a block tail under 7 bytes is
// padding. Incremental and pure: bytes in, whole Record payloads out. The file lags the run (it
// is flushed in blocks) and may end inside a record: that record simply waits. A record is
// gathered only up to MAX_RECORD_BYTES: past it, it is skipped and counted, and reading goes on at
// the next FULL or FIRST chunk (a FIRST followed by endless MIDDLE chunks costs nothing).
import { crc32 } from 'node:zlib';

export const BLOCK = 32 * 1024;
const HEADER = 7;
const FILE_HEADER = 7;

/** wandb's records are KBs (an artifact manifest a few MB): a longer one is skipped. */
export const MAX_RECORD_BYTES = 16 << 20;

export type LogProblem =
  | { kind: 'not-wandb'; detail: string }
  | { kind: 'corrupt-chunk'; offset: number }
  | { kind: 'bad-sequence'; offset: number }
  /** A record longer than MAX_RECORD_BYTES, from its FIRST chunk at `offset`: skipped. */
  | { kind: 'oversized-record'; offset: number };

export class RecordLogDecoder {
  private buf: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  private fragments: Buffer[] = [];
  /** Bytes in fragments, and the offset of the FIRST chunk they began with. */
  private gathered = 0;
  private recordAt = 0;
  /** Inside a record over the cap: its MIDDLE and LAST chunks are passed over. */
  private skipping = false;
  private headerChecked = false;
  private stopped = false;

  /** Offset just past the last whole chunk read. */
  get offset(): number {
    return this.base;
  }

  /** A record whose FIRST chunk was read but not its LAST (the process was killed, or not flushed yet). */
  get pendingRecord(): boolean {
    return this.fragments.length > 0 || this.skipping;
  }

  private drop(): void {
    this.fragments = [];
    this.gathered = 0;
    this.skipping = false;
  }

  push(chunk: Uint8Array, onRecord: (payload: Buffer) => void): LogProblem[] {
    const problems: LogProblem[] = [];
    if (this.stopped) return problems;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    if (!this.headerChecked) {
      if (this.buf.length < FILE_HEADER) return problems;
      const magic = this.buf.toString('latin1', 0, 4);
      if (magic !== ':W&B' || this.buf.readUInt16LE(4) !== 0xbee1) {
        this.stopped = true;
        problems.push({ kind: 'not-wandb', detail: `starts with ${JSON.stringify(this.buf.toString('latin1', 0, 7))}` });
        return problems;
      }
      this.headerChecked = true;
      pos = FILE_HEADER;
    }
    for (;;) {
      const abs = this.base + pos;
      const left = BLOCK - (abs % BLOCK);
      if (left < HEADER) {
        // Block trailer: zero padding up to the next block.
        if (this.buf.length - pos < left) break;
        pos += left;
        continue;
      }
      if (this.buf.length - pos < HEADER) break;
      const len = this.buf.readUInt16LE(pos + 4);
      const type = this.buf[pos + 6];
      if (type === 0 && len === 0) {
        // Zeros where a chunk would be: the rest of this block is empty.
        if (this.buf.length - pos < left) break;
        pos += left;
        continue;
      }
      if (this.buf.length - pos < HEADER + len) break;
      const payload = this.buf.subarray(pos + HEADER, pos + HEADER + len);
      const want = this.buf.readUInt32LE(pos);
      const got = crc32(payload, crc32(this.buf.subarray(pos + 6, pos + 7))) >>> 0;
      if (want !== got || len > left - HEADER) {
        problems.push({ kind: 'corrupt-chunk', offset: abs });
        this.drop();
        // Resynchronise at the next block, as LevelDB's reader does.
        if (this.buf.length - pos < left) break;
        pos += left;
        continue;
      }
      pos += HEADER + len;
      if (type === 1 || type === 2) {
        if (this.fragments.length) problems.push({ kind: 'bad-sequence', offset: abs });
        this.drop();
        if (type === 1) onRecord(payload);
        else {
          this.fragments = [Buffer.from(payload)];
          this.gathered = len;
          this.recordAt = abs;
        }
      } else if (type === 3 || type === 4) {
        if (this.skipping) {
          if (type === 4) this.skipping = false;
          continue;
        }
        if (!this.fragments.length) {
          problems.push({ kind: 'bad-sequence', offset: abs });
          continue;
        }
        if (this.gathered + len > MAX_RECORD_BYTES) {
          problems.push({ kind: 'oversized-record', offset: this.recordAt });
          this.drop();
          this.skipping = type === 3;
          continue;
        }
        this.fragments.push(Buffer.from(payload));
        this.gathered += len;
        if (type === 4) {
          const whole = Buffer.concat(this.fragments);
          this.drop();
          onRecord(whole);
        }
      } else {
        problems.push({ kind: 'corrupt-chunk', offset: abs });
      }
    }
    this.base += pos;
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(pos));
    return problems;
  }
}
