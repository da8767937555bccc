// Decodes a TensorFlow `Event` record far enough to get its scalars: the common ones by hand
// (event-fast.ts), the rest with protobufjs' Reader. Images, histograms, audio and graph
// definitions are skipped by length, never decoded.
// Built for millions of records: one Reader and one result object are reused, and tag strings
// are interned, so decoding a scalar allocates nothing that outlives it.
import protobuf from 'protobufjs/minimal.js';
import { view } from './byte-view.js';
import { decodeCommon, decodeInto } from './event-fast.js';
import { ScalarBatch } from './scalar-batch.js';
import { TagCache } from './tag-cache.js';
import type { DecodedEvent, SummaryValue, ValueKind } from './event-types.js';

const { Reader } = protobuf;
type Reader = protobuf.Reader;

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;

/** A varint that fits 32 bits, with a fast path for one byte (field keys, short lengths). */
function varint(r: Reader): number {
  const b = r.buf[r.pos];
  if (b < 0x80 && r.pos < r.len) {
    r.pos += 1;
    return b;
  }
  return r.uint32();
}

/** A varint int64 as a number, without protobufjs' Long (steps stay far below 2^53). */
function int64(r: Reader): number {
  const buf = r.buf;
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.len) throw new RangeError('index out of range');
    const b = buf[r.pos++];
    result += (b & 0x7f) * scale;
    if (b < 0x80) return result >= 2 ** 63 ? result - 2 ** 64 : result;
    scale *= 128;
  }
  throw new RangeError('varint longer than 10 bytes');
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function pluginName(r: Reader, end: number): string | null {
  let name: string | null = null;
  while (r.pos < end) {
    const t = r.uint32();
    if (t >>> 3 === 1 && (t & 7) === 2) {
      const pdEnd = r.uint32() + r.pos;
      while (r.pos < pdEnd) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 2) name = r.string();
        else r.skipType(u & 7);
      }
    } else r.skipType(t & 7);
  }
  return name;
}

/** A rank-0 (or single-element) numeric tensor's value; null when it is not one. */
function tensorScalar(r: Reader, end: number): number | null {
  let dtype = 0;
  let elements = 1;
  let content: Uint8Array | null = null;
  let value = NaN;
  let found = 0;
  while (r.pos < end) {
    const t = r.uint32();
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1 && wire === 0) dtype = r.int32();
    else if (field === 2 && wire === 2) {
      const shapeEnd = r.uint32() + r.pos;
      while (r.pos < shapeEnd) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 2) {
          const dimEnd = r.uint32() + r.pos;
          while (r.pos < dimEnd) {
            const d = r.uint32();
            if (d >>> 3 === 1 && (d & 7) === 0) elements *= int64(r);
            else r.skipType(d & 7);
          }
        } else r.skipType(u & 7);
      }
    } else if (field === 4 && wire === 2) content = r.bytes();
    else if (field === 5) {
      // float_val: packed (wire 2) or not (wire 5)
      if (wire === 2) {
        const e = r.uint32() + r.pos;
        while (r.pos < e) { value = r.float(); found++; }
      } else { value = r.float(); found++; }
    } else if (field === 6) {
      if (wire === 2) {
        const e = r.uint32() + r.pos;
        while (r.pos < e) { value = r.double(); found++; }
      } else { value = r.double(); found++; }
    } else if (field === 13) {
      if (wire === 2) {
        const e = r.uint32() + r.pos;
        while (r.pos < e) { value = halfToFloat(r.int32()); found++; }
      } else { value = halfToFloat(r.int32()); found++; }
    } else r.skipType(wire);
  }
  if (elements !== 1) return null;
  if (content && content.length > 0) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length === 4) return view.getFloat32(0, true);
    if (dtype === DT_DOUBLE && content.length === 8) return view.getFloat64(0, true);
    if (dtype === DT_HALF && content.length === 2) return halfToFloat(view.getUint16(0, true));
    return null;
  }
  if ((dtype === DT_FLOAT || dtype === DT_DOUBLE || dtype === DT_HALF) && found === 1) return value;
  return null;
}

function summaryValue(r: Reader, end: number, tags: TagCache, out: SummaryValue): void {
  let tag = '';
  let plugin: string | null = null;
  let kind: ValueKind = 'empty';
  let value = NaN;
  let tensorEnd = -1;
  let tensorStart = -1;
  while (r.pos < end) {
    const t = varint(r);
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1 && wire === 2) {
      const len = varint(r);
      // A length past the record is no Event (and would have the tag cache hash gigabytes).
      if (r.pos + len > r.len) throw new RangeError('index out of range');
      tag = tags.get(r.buf, r.pos, r.pos + len);
      r.pos += len;
    } else if (field === 2 && wire === 5) {
      value = view(r.buf).getFloat32(r.pos, true);
      r.pos += 4;
      kind = 'scalar';
    } else if (field === 9 && wire === 2) {
      const mEnd = varint(r) + r.pos;
      plugin = pluginName(r, mEnd);
    } else if (field === 8 && wire === 2) {
      // The tensor is decoded after the loop: its meaning depends on the dtype and shape.
      const len = varint(r);
      tensorStart = r.pos;
      tensorEnd = r.pos + len;
      r.pos = tensorEnd;
      kind = 'tensor';
    } else if (field === 4 && wire === 2) {
      r.skipType(2);
      kind = 'image';
    } else if (field === 5 && wire === 2) {
      r.skipType(2);
      kind = 'histogram';
    } else if (field === 6 && wire === 2) {
      r.skipType(2);
      kind = 'audio';
    } else r.skipType(wire);
  }
  if (kind === 'tensor') {
    const save = r.pos;
    r.pos = tensorStart;
    const scalar = tensorScalar(r, tensorEnd);
    r.pos = save;
    if (scalar !== null) {
      value = scalar;
      kind = 'tensor-scalar';
    }
  }
  out.tag = tag;
  out.plugin = plugin;
  out.kind = kind;
  out.value = value;
}

export class EventDecoder {
  private readonly reader = Reader.create(new Uint8Array(0));
  /** Numbers tags: toBatch()'s batches and the WebAssembly scan (scalar-scan.ts) name them by it. */
  readonly tags = new TagCache();
  private readonly plugins = new TagCache();
  /** One value to begin with: the common path only fills values the general one made. */
  private readonly pool: SummaryValue[] = [{ tag: '', plugin: null, kind: 'empty', value: NaN }];
  private readonly out: DecodedEvent = { wallTime: 0, step: 0, fileVersion: null, values: null };
  /** sized[n]: the first n pooled values, as an array that never changes (no length writes per event). */
  private readonly sized: SummaryValue[][] = [];

  /** A batch for toBatch(): its tag ids are this decoder's. */
  newBatch(): ScalarBatch {
    return new ScalarBatch(this.tags.texts);
  }

  /**
   * The Event in buf[start, end), the record at file offset `offset`, appended to `batch` (from
   * newBatch()); false, the batch unchanged, when it takes decode() (the store's addEvent).
   */
  toBatch(buf: Uint8Array, start: number, end: number, offset: number, batch: ScalarBatch): boolean {
    return decodeInto(buf, start, end, offset, batch, this.tags);
  }

  /**
   * The Event in buf[start, end). The result and its values are reused by the next call.
   * Throws (protobufjs' RangeError) on bytes that are not a valid Event.
   */
  decode(buf: Uint8Array, start = 0, end = buf.length): DecodedEvent {
    if (decodeCommon(buf, start, end, this.out, this.pool, this.sized, this.tags, this.plugins)) return this.out;
    return this.decodeGeneral(buf, start, end);
  }

  /** As decode(), every record with protobufjs' Reader (the reference the common path is tested against). */
  decodeGeneral(buf: Uint8Array, start = 0, end = buf.length): DecodedEvent {
    const r = this.reader;
    r.buf = buf;
    r.pos = start;
    r.len = end;
    const out = this.out;
    out.wallTime = 0;
    out.step = 0;
    out.fileVersion = null;
    out.values = null;
    let n = 0;
    while (r.pos < r.len) {
      const t = varint(r);
      const field = t >>> 3;
      const wire = t & 7;
      if (field === 1 && wire === 1) {
        out.wallTime = view(r.buf).getFloat64(r.pos, true);
        r.pos += 8;
      } else if (field === 1) r.skipType(wire);
      else if (field === 2 && wire === 0) out.step = int64(r);
      else if (field === 3 && wire === 2) out.fileVersion = r.string();
      else if (field === 5 && wire === 2) {
        const sEnd = varint(r) + r.pos;
        while (r.pos < sEnd) {
          const u = varint(r);
          if (u >>> 3 === 1 && (u & 7) === 2) {
            const vEnd = varint(r) + r.pos;
            const v = this.pool[n] ?? (this.pool[n] = { tag: '', plugin: null, kind: 'empty', value: NaN });
            summaryValue(r, vEnd, this.tags, v);
            n += 1;
            r.pos = vEnd;
          } else r.skipType(u & 7);
        }
        out.values = this.sized[n] ?? (this.sized[n] = this.pool.slice(0, n));
      } else r.skipType(wire);
    }
    return out;
  }
}

/** One Event, decoded into fresh objects (for tests and one-off reads). */
export function decodeEvent(data: Uint8Array): DecodedEvent {
  const e = new EventDecoder().decode(data);
  return { ...e, values: e.values && e.values.map((v) => ({ ...v })) };
}
