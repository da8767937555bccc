// Decodes a TensorFlow `Event` record far enough to get its scalars, with protobufjs' Reader.
// Images, histograms, audio and graph definitions are skipped by length, never decoded.
import protobuf from 'protobufjs/minimal.js';

const { Reader } = protobuf;
type Reader = protobuf.Reader;

/** `tensor-scalar`: a rank-0 numeric tensor (TF2 tf.summary.scalar); `tensor`: any other tensor. */
export type ValueKind = 'scalar' | 'tensor-scalar' | 'image' | 'histogram' | 'audio' | 'tensor' | 'empty';

export interface SummaryValue {
  tag: string;
  /** plugin_data.plugin_name when this value carries metadata. */
  plugin: string | null;
  kind: ValueKind;
  /** The value for `scalar` and `tensor-scalar`; NaN otherwise. */
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion: string | null;
  /** Null when the event holds no summary (graph, log message, session log, metadata). */
  values: SummaryValue[] | null;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;

function int64(r: Reader): number {
  const v = r.int64() as unknown as number | { toNumber(): number };
  return typeof v === 'number' ? v : v.toNumber();
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

function summaryValue(r: Reader, end: number): SummaryValue {
  let tag = '';
  let plugin: string | null = null;
  let kind: ValueKind = 'empty';
  let value = NaN;
  let tensorEnd = -1;
  let tensorStart = -1;
  while (r.pos < end) {
    const t = r.uint32();
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1 && wire === 2) tag = r.string();
    else if (field === 2 && wire === 5) {
      value = r.float();
      kind = 'scalar';
    } else if (field === 9 && wire === 2) {
      const mEnd = r.uint32() + r.pos;
      plugin = pluginName(r, mEnd);
    } else if (field === 8 && wire === 2) {
      // The tensor is decoded after the loop: its meaning depends on the dtype and shape.
      const len = r.uint32();
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
  return { tag, plugin, kind, value };
}

/** Throws (protobufjs' RangeError) on a record that is not a valid Event. */
export function decodeEvent(data: Uint8Array): DecodedEvent {
  const r = Reader.create(data);
  let wallTime = 0;
  let step = 0;
  let fileVersion: string | null = null;
  let values: SummaryValue[] | null = null;
  while (r.pos < r.len) {
    const t = r.uint32();
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1 && wire === 1) wallTime = r.double();
    else if (field === 2 && wire === 0) step = int64(r);
    else if (field === 3 && wire === 2) fileVersion = r.string();
    else if (field === 5 && wire === 2) {
      const end = r.uint32() + r.pos;
      values = values ?? [];
      while (r.pos < end) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 2) {
          const vEnd = r.uint32() + r.pos;
          values.push(summaryValue(r, vEnd));
          r.pos = vEnd;
        } else r.skipType(u & 7);
      }
    } else r.skipType(wire);
  }
  return { wallTime, step, fileVersion, values };
}
