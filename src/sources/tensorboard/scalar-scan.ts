// The Event nearly every scalar is, read in WebAssembly right after its record was framed, in the
// same memory: wall_time, step, and a summary of one value, tag then simple_value, in the order
// writers put them and with every length one byte (SB3, torch's SummaryWriter, Keras, Lightning).
// Its tag is matched against the tag that followed the previous record's last time (writers log
// tags in a fixed order), byte for byte; a tag it does not know yet stops the scan, JavaScript's
// tag cache numbers it and teaches it, and the scan goes on. Any other record is left to the
// decoders of event-fast.ts and event.ts, which read this shape the same (test/sources/tensorboard).
import { block, body, br, brIf, type Code, f64, F64, i32, I32, I64, loop, mem, name, op, section, when } from './wasm-asm.js';
import type { ScalarColumns, TagGroups } from './scalar-batch.js';
import { noteWalls } from './scalar-batch.js';
import type { TagCache } from './tag-cache.js';

/** Tags the scan knows by their bytes (a run has tens); records of any other go to the decoders. */
export const SCAN_TAGS = 512;
/** A tag whose value has a one-byte length has at most 120 bytes. */
const SLOT = 128;

/** Where the scan's columns and tag table lie in a memory, from `at`, for `entries` records a call. */
function layout(at: number, entries: number) {
  const id = at;
  const wall = id + entries * 4;
  const step = wall + entries * 8;
  const value = step + entries * 8;
  const offset = value + entries * 8;
  const tagAt = offset + entries * 8;
  const tagLength = tagAt + entries * 4;
  // next[-1] is the guess after no tag: always -1.
  const next = tagLength + entries * 4 + 4;
  const slotLength = next + SCAN_TAGS * 4;
  const slots = slotLength + SCAN_TAGS * 4;
  // group()'s: values per tag (all 0 between calls), the groups, the records in group order.
  const count = slots + SCAN_TAGS * SLOT;
  const groupId = count + SCAN_TAGS * 4;
  const groupFrom = groupId + SCAN_TAGS * 4;
  const groupTo = groupFrom + SCAN_TAGS * 4;
  const order = groupTo + SCAN_TAGS * 4;
  const prev = order + entries * 4;
  const end = prev + 4;
  const others = end + 4;
  return { id, wall, step, value, offset, tagAt, tagLength, next, slotLength, slots, count, groupId, groupFrom, groupTo, order, prev, end, others, size: others + 4 - at };
}

export const scanBytes = (entries: number): number => layout(0, entries).size;

const { get, set, tee } = op;
// Parameters: p (the first record's header), i (the first record to scan), n, origin (the
// address whose file offset is base), base; then locals.
const P = 0, I = 1, N = 2, ORIGIN = 3, BASE = 4;
const E = 5, D = 6, Q = 7, X = 8, B = 9, V = 10, T = 11, G = 12, S = 13, K = 14, W = 15, WALL = 16, STEP = 17, SCALE = 18;

const load = (align: number, offset = 0) => mem(op.i32Load, align, offset);
const byte = (local: number, offset: number) => [get, local, ...mem(op.i32Load8u, 0, offset)];
/** To `label` unless the byte at local + offset is `b`. */
const byteIs = (local: number, offset: number, b: number, label: string) => [...byte(local, offset), ...i32(b), op.i32Ne, brIf(label)];
/** The one-byte length at local + offset, into `into`; to `label` when it is longer. */
const length1 = (local: number, offset: number, into: number, label: string) => [...byte(local, offset), tee, into, ...i32(0x80), op.i32GeU, brIf(label)];
/** The current record i's slot in a column of 1 << shift bytes an entry (the column's address is the store's offset). */
const column = (shift: number) => [get, I, ...i32(shift), op.i32Shl];

/**
 * scan(p, i, n, origin, base): reads records i to n (framed by the CRC module into `table`, one
 * i32 each: the data length, ~length when its CRC is wrong) from header address p. For each writes
 * id: the tag's number, or -1 for a record left to the decoders (counted at `others`); for the
 * simple ones also wall, step, value and the file offset. Answers n when done, or the index of a
 * simple record whose tag it does not know (tagAt, tagLength: its bytes; end: the next header).
 */
function scanCode(table: number, at: ReturnType<typeof layout>): number[] {
  return body([[I32, 10], [I64, 1], [F64, 3]], [
    block('done',
      loop('record',
        get, I, get, N, op.i32GeS, brIf('done'),
        get, I, ...i32(2), op.i32Shl, ...load(2, table), set, E,
        get, P, ...i32(12), op.i32Add, set, D,
        // q = d + length, ~e when e < 0
        get, D, get, E, get, E, ...i32(31), op.i32ShrS, op.i32Xor, op.i32Add, set, Q,
        ...column(2), ...i32(-1), ...mem(op.i32Store, 2, at.id),
        block('next',
          block('other',
            get, E, ...i32(0), op.i32LtS, brIf('other'),
            get, Q, get, D, op.i32Sub, ...i32(9), op.i32LtS, brIf('other'),
            ...byteIs(D, 0, 0x09, 'other'),
            get, D, ...mem(op.f64Load, 0, 1), set, WALL,
            get, D, ...i32(9), op.i32Add, set, X,
            ...f64(0), set, STEP,
            // The step, a varint of at most 7 bytes, summed as event-fast.ts sums it.
            get, X, get, Q, op.i32LtS,
            when('has more',
              ...byte(X, 0), ...i32(0x10), op.i32Eq,
              when('step',
                get, X, ...i32(1), op.i32Add, set, X,
                ...f64(1), set, SCALE,
                loop('varint',
                  get, X, get, Q, op.i32GeS, brIf('other'),
                  get, SCALE, ...f64(2 ** 42), op.f64Gt, brIf('other'),
                  ...byte(X, 0), set, B,
                  get, X, ...i32(1), op.i32Add, set, X,
                  get, STEP, get, B, ...i32(0x7f), op.i32And, op.f64ConvertI32u, get, SCALE, op.f64Mul, op.f64Add, set, STEP,
                  get, SCALE, ...f64(128), op.f64Mul, set, SCALE,
                  get, B, ...i32(0x80), op.i32GeU, brIf('varint'),
                ),
              ),
            ),
            // summary { value { tag, simple_value } }, ending where the record does: 11 bytes and the tag.
            get, Q, get, X, op.i32Sub, ...i32(11), op.i32LtS, brIf('other'),
            ...byteIs(X, 0, 0x2a, 'other'),
            ...length1(X, 1, B, 'other'), get, X, get, B, op.i32Add, ...i32(2), op.i32Add, get, Q, op.i32Ne, brIf('other'),
            ...byteIs(X, 2, 0x0a, 'other'),
            ...length1(X, 3, B, 'other'), get, X, get, B, op.i32Add, ...i32(4), op.i32Add, get, Q, op.i32Ne, brIf('other'),
            ...byteIs(X, 4, 0x0a, 'other'),
            ...length1(X, 5, T, 'other'),
            get, X, ...i32(6), op.i32Add, get, T, op.i32Add, tee, V, ...i32(5), op.i32Add, get, Q, op.i32Ne, brIf('other'),
            ...byteIs(V, 0, 0x15, 'other'),
            ...column(3), get, WALL, ...mem(op.f64Store, 3, at.wall),
            ...column(3), get, STEP, ...mem(op.f64Store, 3, at.step),
            ...column(3), get, V, ...mem(op.f32Load, 0, 1), op.f64PromoteF32, ...mem(op.f64Store, 3, at.value),
            ...column(3), get, BASE, get, P, get, ORIGIN, op.i32Sub, op.f64ConvertI32u, op.f64Add, ...mem(op.f64Store, 3, at.offset),
            block('unknown',
              // g: the tag that followed the previous one last time; its bytes against these, 8 at a time.
              // (prev -1: next[-1], whose address is below the load's constant offset: added in i32.)
              ...i32(0), ...load(2, at.prev), ...i32(2), op.i32Shl, ...i32(at.next), op.i32Add, ...load(2), tee, G, ...i32(0), op.i32LtS, brIf('unknown'),
              get, G, ...i32(2), op.i32Shl, ...load(2, at.slotLength), get, T, op.i32Ne, brIf('unknown'),
              get, G, ...i32(7), op.i32Shl, set, S,
              ...i32(0), set, K,
              block('same',
                loop('words',
                  get, K, get, T, op.i32GeS, brIf('same'),
                  get, X, get, K, op.i32Add, ...mem(op.i64Load, 0, 6), get, S, get, K, op.i32Add, ...mem(op.i64Load, 0, at.slots), op.i64Xor, set, W,
                  // The last word: only the tag's bytes of it count.
                  get, T, get, K, op.i32Sub, ...i32(8), op.i32LtS,
                  when('last',
                    get, W, op.i64Const, 1, get, T, get, K, op.i32Sub, ...i32(3), op.i32Shl, op.i64ExtendI32u, op.i64Shl, op.i64Const, 1, op.i64Sub, op.i64And, set, W,
                  ),
                  get, W, op.i64Const, 0, op.i64Ne, brIf('unknown'),
                  get, K, ...i32(8), op.i32Add, set, K,
                  br('words'),
                ),
              ),
              ...column(2), get, G, ...mem(op.i32Store, 2, at.id),
              ...i32(0), get, G, ...mem(op.i32Store, 2, at.prev),
              br('next'),
            ),
            ...column(2), get, X, ...i32(6), op.i32Add, ...mem(op.i32Store, 2, at.tagAt),
            ...column(2), get, T, ...mem(op.i32Store, 2, at.tagLength),
            ...i32(0), get, Q, ...i32(4), op.i32Add, ...mem(op.i32Store, 2, at.end),
            get, I, op.return,
          ),
          ...i32(0), ...i32(0), ...load(2, at.others), ...i32(1), op.i32Add, ...mem(op.i32Store, 2, at.others),
        ),
        get, Q, ...i32(4), op.i32Add, set, P,
        get, I, ...i32(1), op.i32Add, set, I,
        br('record'),
      ),
    ),
    get, N,
  ]);
}

/**
 * group(n): the n records of the last scan, every one a simple scalar (id >= 0), grouped by tag,
 * each group in record order (a counting sort); answers how many groups.
 */
function groupCode(at: ReturnType<typeof layout>): number[] {
  const n = 0, i = 1, id = 2, c = 3, k = 4, start = 5, g = 6;
  const eachRecord = (...code: Code) => [...i32(0), set, i, loop('records', get, i, get, n, op.i32GeS, brIf('out'), ...code, get, i, ...i32(1), op.i32Add, set, i, br('records'))];
  const eachGroup = (...code: Code) => [...i32(0), set, k, loop('groups', get, k, get, g, op.i32GeS, brIf('out'), ...code, get, k, ...i32(1), op.i32Add, set, k, br('groups'))];
  const idOf = [get, i, ...i32(2), op.i32Shl, ...load(2, at.id), ...i32(2), op.i32Shl, set, id]; // id: the record's tag number * 4
  const countOf = [get, id, ...load(2, at.count), set, c];
  return body([[I32, 6]], [
    ...i32(0), set, g,
    block('out', ...eachRecord(
      ...idOf, ...countOf,
      get, c, op.i32Eqz, when('new', get, g, ...i32(2), op.i32Shl, get, id, ...i32(2), op.i32ShrU, ...mem(op.i32Store, 2, at.groupId), get, g, ...i32(1), op.i32Add, set, g),
      get, id, get, c, ...i32(1), op.i32Add, ...mem(op.i32Store, 2, at.count),
    )),
    ...i32(0), set, start,
    block('out', ...eachGroup(
      get, k, ...i32(2), op.i32Shl, ...load(2, at.groupId), ...i32(2), op.i32Shl, set, id, ...countOf,
      get, id, get, start, ...mem(op.i32Store, 2, at.count),
      get, k, ...i32(2), op.i32Shl, get, start, ...mem(op.i32Store, 2, at.groupFrom),
      get, start, get, c, op.i32Add, set, start,
      get, k, ...i32(2), op.i32Shl, get, start, ...mem(op.i32Store, 2, at.groupTo),
    )),
    block('out', ...eachRecord(
      ...idOf, ...countOf,
      get, c, ...i32(2), op.i32Shl, get, i, ...mem(op.i32Store, 2, at.order),
      get, id, get, c, ...i32(1), op.i32Add, ...mem(op.i32Store, 2, at.count),
    )),
    block('out', ...eachGroup(get, k, ...i32(2), op.i32Shl, ...load(2, at.groupId), ...i32(2), op.i32Shl, ...i32(0), ...mem(op.i32Store, 2, at.count))),
    get, g,
  ]);
}

function scanModule(table: number, at: ReturnType<typeof layout>): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 5, I32, I32, I32, I32, F64, 1, I32, 0x60, 1, I32, 1, I32]), // (i32, i32, i32, i32, f64) -> i32, (i32) -> i32
    ...section(2, [1, ...name('m'), ...name('m'), 0x02, 0x00, 1]), // the memory m.m
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('scan'), 0x00, 0, ...name('group'), 0x00, 1]),
    ...section(10, [2, ...scanCode(table, at), ...groupCode(at)]),
  ]);
}

/** The scan over a memory the CRC module frames in (crc32c-wasm.ts). */
export class ScalarScan {
  private readonly at: ReturnType<typeof layout>;
  private readonly scanAt: (p: number, i: number, n: number, origin: number, base: number) => number;
  private readonly groupAt: (n: number) => number;
  /** Per record of the last scan: its tag's number in the owner's cache, -1 when left to the decoders. */
  id!: Int32Array;
  wall!: Float64Array;
  step!: Float64Array;
  value!: Float64Array;
  /** The record's file offset. */
  offset!: Float64Array;
  private tagAt!: Int32Array;
  private tagLength!: Int32Array;
  private words!: Int32Array;
  private bytes!: Uint8Array;
  private groups!: TagGroups;
  /** The tag cache whose numbers the table holds; the table is learnt again for another. */
  private owner: TagCache | null = null;
  private known = new Uint8Array(SCAN_TAGS);

  constructor(private readonly memory: WebAssembly.Memory, table: number, at: number, entries: number) {
    this.at = layout(at, entries);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(scanModule(table, this.at)), { m: { m: memory } });
    this.scanAt = instance.exports.scan as (p: number, i: number, n: number, origin: number, base: number) => number;
    this.groupAt = instance.exports.group as (n: number) => number;
    this.views();
  }

  private views(): void {
    const m = this.memory.buffer;
    const a = this.at;
    const entries = (a.wall - a.id) / 4;
    this.id = new Int32Array(m, a.id, entries);
    this.wall = new Float64Array(m, a.wall, entries);
    this.step = new Float64Array(m, a.step, entries);
    this.value = new Float64Array(m, a.value, entries);
    this.offset = new Float64Array(m, a.offset, entries);
    this.tagAt = new Int32Array(m, a.tagAt, entries);
    this.tagLength = new Int32Array(m, a.tagLength, entries);
    this.words = new Int32Array(m);
    this.bytes = new Uint8Array(m);
    const tags = (from: number) => new Int32Array(m, from, SCAN_TAGS);
    this.groups = { count: 0, id: tags(a.groupId), from: tags(a.groupFrom), to: tags(a.groupTo), order: new Int32Array(m, a.order, entries) };
  }

  /**
   * The first n records of the last scan, every one a simple scalar (run() answered 0), as columns
   * for the store, grouped by tag; `tags`: the texts of the tag cache that numbered them. Valid
   * until the next scan.
   */
  columns(n: number, tags: readonly string[]): ScalarColumns {
    const groups = this.groups;
    groups.count = this.groupAt(n);
    const walls = { minWall: NaN, maxWall: NaN, badWalls: 0 };
    noteWalls(walls, this.wall, 0, n);
    return {
      tags, n, tagId: this.id, kind: null, step: this.step, value: this.value, wallTime: this.wall, offset: this.offset,
      records: n, minWall: walls.minWall, maxWall: walls.maxWall, badWalls: walls.badWalls, lastOffset: n > 0 ? this.offset[n - 1] : -1, groups,
    };
  }

  /**
   * Scans the n records framed from memory address p, whose file offset is base, numbering tags
   * with `tags`. Answers how many of them were left to the decoders (id -1), corrupt ones included.
   */
  run(p: number, n: number, base: number, tags: TagCache): number {
    const a = this.at;
    const words = this.words;
    if (tags !== this.owner) this.learn(tags);
    words[a.others >> 2] = 0;
    let left = 0;
    let at = p;
    for (let i = this.scanAt(at, 0, n, p, base); i < n; i = this.scanAt(at, i + 1, n, p, base)) {
      if (!this.teach(i, tags)) left += 1;
      at = words[a.end >> 2];
    }
    return left + words[a.others >> 2];
  }

  /** Numbers the unknown tag of record i and teaches it to the table; false when the cache cannot. */
  private teach(i: number, tags: TagCache): boolean {
    const a = this.at;
    const words = this.words;
    const start = this.tagAt[i];
    const length = this.tagLength[i];
    const id = tags.id(this.bytes, start, start + length);
    if (id < 0 || id >= SCAN_TAGS) {
      this.id[i] = -1;
      return false;
    }
    if (!this.known[id]) {
      this.bytes.copyWithin(a.slots + id * SLOT, start, start + length);
      words[(a.slotLength >> 2) + id] = length;
      this.known[id] = 1;
    }
    const prev = words[a.prev >> 2];
    if (prev >= 0) words[(a.next >> 2) + prev] = id;
    words[a.prev >> 2] = id;
    this.id[i] = id;
    return true;
  }

  private learn(tags: TagCache): void {
    const a = this.at;
    this.owner = tags;
    this.known.fill(0);
    this.words.fill(-1, (a.next >> 2) - 1, (a.next >> 2) + SCAN_TAGS);
    this.words[a.prev >> 2] = -1;
  }
}
