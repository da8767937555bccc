// The common Events decoded by hand, on locals, without protobufjs' Reader: wall_time, step and a
// summary whose values are a simple_value, a rank-0 float or double tensor (TF2), or an image,
// histogram or audio passed over by length, with or without plugin metadata. Anything else (a
// file_version, a graph, a half tensor, an unknown field, a length past the end) is left to the
// general decoder (event.ts): decodeCommon answers false, and the two agree on all it accepts.
import type { DecodedEvent, SummaryValue, ValueKind } from './event-types.js';
import type { TagCache } from './tag-cache.js';
import { view } from './byte-view.js';
import { BATCH_VALUES, noteWall, type ScalarBatch } from './scalar-batch.js';

const DT_FLOAT = 1;
const DT_DOUBLE = 2;

/** The position after the last varint read (a second return value, without an object). */
let after = 0;

/** The varint at buf[p], below 2^28 (lengths: records are at most 64 MB); -1 for any other. */
function varint(buf: Uint8Array, p: number, end: number): number {
  let v = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (p >= end) return -1;
    const b = buf[p++];
    v |= (b & 0x7f) << shift;
    if (b < 0x80) {
      after = p;
      return v;
    }
  }
  return -1;
}

/** A field passed over: a varint (10 bytes at most, as protobufjs) or a length-delimited one; false for any other. */
function skip(key: number, buf: Uint8Array, p: number, end: number): boolean {
  if (key >= 0x80) return false;
  if ((key & 7) === 0) {
    for (let i = 0; i < 10 && p < end; i++) {
      if (buf[p++] < 0x80) {
        after = p;
        return true;
      }
    }
    return false;
  }
  if ((key & 7) !== 2) return false;
  const len = varint(buf, p, end);
  if (len < 0 || after + len > end) return false;
  after += len;
  return true;
}

/** SummaryMetadata's plugin_data.plugin_name: the name, null for none, undefined when left to the general decoder. */
function pluginName(buf: Uint8Array, p: number, end: number, names: TagCache): string | null | undefined {
  let name: string | null = null;
  while (p < end) {
    const key = buf[p++];
    if (key !== 0x0a) {
      if (!skip(key, buf, p, end)) return undefined;
      p = after;
      continue;
    }
    const len = varint(buf, p, end);
    const dEnd = after + len;
    if (len < 0 || dEnd > end) return undefined;
    p = after;
    while (p < dEnd) {
      const k = buf[p++];
      if (k !== 0x0a) {
        if (!skip(k, buf, p, dEnd)) return undefined;
        p = after;
        continue;
      }
      const n = varint(buf, p, dEnd);
      if (n < 0 || after + n > dEnd) return undefined;
      p = after;
      // protobufjs and TextDecoder differ on bad UTF-8: such a name is the general decoder's.
      for (let i = p; i < p + n; i++) if (buf[i] >= 0x80) return undefined;
      name = names.get(buf, p, p + n);
      p += n;
    }
  }
  return name;
}

/** A rank-0 tensor's value in the shapes TF2 writes; NaN leaves the value to the general decoder. */
function tensorValue(buf: Uint8Array, p: number, end: number): number {
  let dtype = -1;
  let at = -1;
  let field = 0;
  let size = 0;
  while (p < end) {
    const key = buf[p++];
    if (key === 0x08) {
      dtype = buf[p++];
      if (dtype >= 0x80) return NaN;
      continue;
    }
    if ((key & 7) !== 2) return NaN;
    const len = varint(buf, p, end);
    if (len < 0 || after + len > end) return NaN;
    p = after;
    if (key === 0x12) {
      if (len !== 0) return NaN; // a shape with dimensions
    } else if (key === 0x22 || key === 0x2a || key === 0x32) {
      // tensor_content, packed float_val or packed double_val: one of them, once
      if (at >= 0) return NaN;
      at = p;
      field = key >>> 3;
      size = len;
    } else return NaN;
    p += len;
  }
  if (at < 0) return NaN;
  if (dtype === DT_FLOAT && size === 4 && field !== 6) return view(buf).getFloat32(at, true);
  if (dtype === DT_DOUBLE && size === 8 && field !== 5) return view(buf).getFloat64(at, true);
  return NaN;
}

// Value kinds as numbers (the batch path stores them in a Uint8Array); KINDS names them.
export const K_SCALAR = 0;
export const K_TENSOR_SCALAR = 1;
export const KINDS: readonly ValueKind[] = ['scalar', 'tensor-scalar', 'image', 'histogram', 'audio', 'empty'];
const K_IMAGE = 2;
const K_HISTOGRAM = 3;
const K_AUDIO = 4;
const K_EMPTY = 5;

// What scanValue found besides its kind (more return values, without an object).
let tagStart = 0;
let tagEnd = 0;
/** valueOf[0]: a double in a module variable would be boxed anew on each write. */
const valueOf = new Float64Array(1);
let pluginOf: string | null = null;

/**
 * One Summary.Value: its kind (K_*), with its tag's bytes at [tagStart, tagEnd), valueOf and
 * pluginOf; -1 when it is the general decoder's. With `plugins` null, metadata is the general path's too.
 */
function scanValue(buf: Uint8Array, p: number, end: number, plugins: TagCache | null): number {
  tagStart = tagEnd = p;
  let plugin: string | null = null;
  let kind = K_EMPTY;
  let value = NaN;
  let tensorAt = -1;
  let tensorEnd = -1;
  while (p < end) {
    const key = buf[p++];
    if (key === 0x15) {
      if (p + 4 > end) return -1;
      value = view(buf).getFloat32(p, true);
      p += 4;
      kind = K_SCALAR;
      continue;
    }
    if ((key & 7) !== 2) return -1;
    const len = varint(buf, p, end);
    const e = after + len;
    if (len < 0 || e > end) return -1;
    p = after;
    switch (key >>> 3) {
      case 1:
        tagStart = p;
        tagEnd = e;
        break;
      case 9: {
        if (plugins === null) return -1;
        const name = pluginName(buf, p, e, plugins);
        if (name === undefined) return -1;
        plugin = name;
        break;
      }
      case 8:
        tensorAt = p;
        tensorEnd = e;
        kind = -2;
        break;
      case 4:
        kind = K_IMAGE;
        break;
      case 5:
        kind = K_HISTOGRAM;
        break;
      case 6:
        kind = K_AUDIO;
        break;
      default:
        return -1;
    }
    p = e;
  }
  if (kind === -2) {
    value = tensorValue(buf, tensorAt, tensorEnd);
    // NaN is also a value a tensor can hold: the general decoder tells.
    if (Number.isNaN(value)) return -1;
    kind = K_TENSOR_SCALAR;
  }
  valueOf[0] = value;
  pluginOf = plugin;
  return kind;
}

/** One Summary.Value into `out`; false when it is the general decoder's. */
function summaryValue(buf: Uint8Array, p: number, end: number, out: SummaryValue, tags: TagCache, plugins: TagCache): boolean {
  const kind = scanValue(buf, p, end, plugins);
  if (kind < 0) return false;
  out.tag = tags.get(buf, tagStart, tagEnd);
  out.plugin = pluginOf;
  out.kind = KINDS[kind];
  out.value = valueOf[0];
  return true;
}

/**
 * The Event in buf[start, end) into `out` and `pool` (its values, reused; `sized[n]`: the first n
 * of them as an array); false, with `out` to be overwritten, when it is the general decoder's.
 */
export function decodeCommon(
  buf: Uint8Array, start: number, end: number, out: DecodedEvent, pool: SummaryValue[], sized: SummaryValue[][], tags: TagCache, plugins: TagCache,
): boolean {
  let wallTime = 0;
  let step = 0;
  let n = -1;
  let p = start;
  while (p < end) {
    const key = buf[p++];
    if (key === 0x09) {
      if (p + 8 > end) return false;
      wallTime = view(buf).getFloat64(p, true);
      p += 8;
    } else if (key === 0x10) {
      // Below 2^49 (7 bytes): larger or negative steps are the general decoder's.
      let scale = 1;
      let b;
      step = 0;
      do {
        if (p >= end || scale > 2 ** 42) return false;
        b = buf[p++];
        step += (b & 0x7f) * scale;
        scale *= 128;
      } while (b >= 0x80);
    } else if (key === 0x2a) {
      const len = varint(buf, p, end);
      const sEnd = after + len;
      if (len < 0 || sEnd > end) return false;
      p = after;
      if (n < 0) n = 0;
      while (p < sEnd) {
        if (buf[p] !== 0x0a || n >= pool.length) return false;
        const vLen = varint(buf, p + 1, sEnd);
        const vEnd = after + vLen;
        if (vLen < 0 || vEnd > sEnd) return false;
        if (!summaryValue(buf, after, vEnd, pool[n], tags, plugins)) return false;
        n += 1;
        p = vEnd;
      }
    } else return false;
  }
  out.wallTime = wallTime;
  out.step = step;
  out.fileVersion = null;
  out.values = n < 0 ? null : (sized[n] ?? (sized[n] = pool.slice(0, n)));
  return true;
}

/**
 * The Event in buf[start, end) (the record at file offset `offset`) appended to `batch`, its tags
 * numbered by `tags` (whose texts the batch names); false, with the batch as it was, when it is the
 * general decoder's: what decodeCommon leaves to it, a value with plugin metadata (the store keeps
 * a tag's plugin), a tag the full cache cannot number, or more values than the batch has room for.
 */
export function decodeInto(buf: Uint8Array, start: number, end: number, offset: number, batch: ScalarBatch, tags: TagCache): boolean {
  let wallTime = 0;
  let step = 0;
  const first = batch.n;
  let n = first;
  let p = start;
  while (p < end) {
    const key = buf[p++];
    if (key === 0x09) {
      if (p + 8 > end) return false;
      wallTime = view(buf).getFloat64(p, true);
      p += 8;
    } else if (key === 0x10) {
      let scale = 1;
      let b;
      step = 0;
      do {
        if (p >= end || scale > 2 ** 42) return false;
        b = buf[p++];
        step += (b & 0x7f) * scale;
        scale *= 128;
      } while (b >= 0x80);
    } else if (key === 0x2a) {
      const len = varint(buf, p, end);
      const sEnd = after + len;
      if (len < 0 || sEnd > end) return false;
      p = after;
      while (p < sEnd) {
        if (buf[p] !== 0x0a || n >= BATCH_VALUES) return false;
        const vLen = varint(buf, p + 1, sEnd);
        const vEnd = after + vLen;
        if (vLen < 0 || vEnd > sEnd) return false;
        // The shape nearly every scalar has, tag then simple_value, read here; any other by scanValue.
        const v = after;
        const tLen = buf[v + 1];
        let kind;
        if (buf[v] === 0x0a && tLen < 0x80 && v + 2 + tLen + 5 === vEnd && buf[v + 2 + tLen] === 0x15) {
          tagStart = v + 2;
          tagEnd = v + 2 + tLen;
          valueOf[0] = view(buf).getFloat32(tagEnd + 1, true);
          kind = K_SCALAR;
        } else {
          kind = scanValue(buf, v, vEnd, null);
          if (kind < 0) return false;
        }
        const id = tags.id(buf, tagStart, tagEnd);
        if (id < 0) return false;
        batch.tagId[n] = id;
        batch.kind[n] = kind;
        batch.value[n] = valueOf[0];
        n += 1;
        p = vEnd;
      }
    } else return false;
  }
  for (let i = first; i < n; i++) {
    batch.step[i] = step;
    batch.wallTime[i] = wallTime;
    batch.offset[i] = offset;
  }
  batch.n = n;
  batch.records += 1;
  batch.lastOffset = offset;
  noteWall(batch, wallTime);
  return true;
}
