// CRC-32C in WebAssembly: the slicing-by-8 loop of masked-crc.ts, 2.5 times as fast as in JS
// (no bounds check per byte). Twelve bytes of framing per record are checked per ~50 bytes of
// data in an SB3 file, so the checksum is most of what decoding costs. The module is assembled
// here from its instructions (no build step, no binary blob): crc(start, end) over its memory,
// where the tables lie at 0 and a buffer is copied to DATA. The same memory holds the scan of the
// simple scalar events among the records framed (scalar-scan.ts), so their bytes are copied once.
import { CRC32C_TABLE, maskedCrc32c } from './masked-crc.js';
import { ScalarScan, scanBytes } from './scalar-scan.js';
import type { TagCache } from './tag-cache.js';
import { name, section, sleb, uleb } from './wasm-asm.js';

/** The framing table: one i32 per record framed by frame(), at TABLE, ENTRIES of them at most per call. */
const TABLE = 8192;
const ENTRIES = 8192;
/** The scan's columns and tags (scalar-scan.ts). */
const SCAN = TABLE + ENTRIES * 4;
const PAGE = 65536;
/**
 * Chunks of a file are read straight into these (readRegions()), so a chunk is framed where it
 * lies: two, one read while the other is framed. Room for a 1 MiB read and the bytes a tail reads again.
 */
const REGIONS = 2;
const REGION_BYTES = (1 << 20) + PAGE;
const REGION = Math.ceil((SCAN + scanBytes(ENTRIES)) / PAGE) * PAGE;
/** Any other buffer is copied to DATA first. */
const DATA = REGION + REGIONS * REGION_BYTES;
/** Bigger buffers (a record of megabytes) are checked in JS. The memory never grows (a read may be under way into it), and only pages written count. */
const WINDOW = 4 << 20;
const PAGES = Math.ceil((DATA + WINDOW) / PAGE);

// Instructions used (WebAssembly binary format).
const GET = 0x20, SET = 0x21, CONST = 0x41, LOAD = 0x28, LOAD8 = 0x2d, ADD = 0x6a, AND = 0x71, XOR = 0x73, SHL = 0x74, SHR = 0x76;
const GT = 0x4b, GE = 0x4f, LT_S = 0x48, LT = 0x49, EQ = 0x46, NE = 0x47, SUB = 0x6b, ROTR = 0x78, STORE = 0x36, TEE = 0x22, CALL = 0x10;
const BLOCK = 0x02, LOOP = 0x03, VOID = 0x40, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
const P = 0, E = 1, C = 2, X = 3;

/** Table k's entry for the byte `shift` bits up in local v: T_k[(v >>> shift) & 0xff]. */
function entry(v: number, shift: number, k: number): number[] {
  const index = shift === 24 ? [GET, v, CONST, 24, SHR] : [GET, v, CONST, shift, SHR, CONST, 0xff, 0x01, AND];
  return [...index, CONST, 2, SHL, LOAD, 2, ...uleb(k * 1024)];
}

const body = [
  1, 2, 0x7f, // two i32 locals: c, x
  CONST, 0x7f, SET, C, // c = -1
  // Eight bytes a turn: c ^= u32 at p, x = u32 at p + 4, c = the eight table entries xored.
  BLOCK, VOID, LOOP, VOID,
  GET, P, CONST, 8, ADD, GET, E, GT, BR_IF, 1,
  GET, C, GET, P, LOAD, 0, 0, XOR, SET, C,
  GET, P, LOAD, 0, 4, SET, X,
  ...entry(C, 0, 7), ...entry(C, 8, 6), XOR, ...entry(C, 16, 5), XOR, ...entry(C, 24, 4), XOR,
  ...entry(X, 0, 3), XOR, ...entry(X, 8, 2), XOR, ...entry(X, 16, 1), XOR, ...entry(X, 24, 0), XOR, SET, C,
  GET, P, CONST, 8, ADD, SET, P, BR, 0,
  END, END,
  // Four bytes when four are left: c ^= u32 at p, c = T_3..T_0 of its bytes xored.
  GET, P, CONST, 4, ADD, GET, E, GT, 0x45, 0x04, VOID, // if p + 4 <= e
  GET, C, GET, P, LOAD, 0, 0, XOR, SET, C,
  ...entry(C, 0, 3), ...entry(C, 8, 2), XOR, ...entry(C, 16, 1), XOR, ...entry(C, 24, 0), XOR, SET, C,
  GET, P, CONST, 4, ADD, SET, P,
  END,
  // The rest byte by byte: c = T_0[(c ^ byte) & 0xff] ^ (c >>> 8).
  BLOCK, VOID, LOOP, VOID,
  GET, P, GET, E, GE, BR_IF, 1,
  GET, C, GET, P, LOAD8, 0, 0, XOR, CONST, 0xff, 0x01, AND, CONST, 2, SHL, LOAD, 2, 0,
  GET, C, CONST, 8, SHR, XOR, SET, C,
  GET, P, CONST, 1, ADD, SET, P, BR, 0,
  END, END,
  GET, C, CONST, 0x7f, XOR,
  END,
];

// frame(p, end, max): frames the records of memory[p, end) while each is simple (its length's CRC
// right, its length at most max, the whole of it there), writing one i32 per record at TABLE: its
// data length when the data CRC is right, ~length when not; stops after ENTRIES of them. Answers
// how many it wrote; the record it stopped at (if any bytes are left) is the caller's to look at.
const L = 3, N = 4, Q = 5, MAX = 2;
/** The masked CRC on the stack: rotr(c, 15) + 0xa282ead8. */
const MASK = [CONST, 15, ROTR, CONST, ...sleb(0xa282ead8), ADD];
const HC = 6, HX = 7;
const frameBody = [
  1, 5, 0x7f, // five i32 locals: len, n, q (data end), and the header's c and x
  BLOCK, VOID, LOOP, VOID,
  GET, E, GET, P, SUB, CONST, 12, LT_S, BR_IF, 1, // header not whole
  // The length's CRC: crc(p, p + 8) written out, its one turn of eight bytes.
  GET, P, LOAD, 0, 0, CONST, 0x7f, XOR, SET, HC,
  GET, P, LOAD, 0, 4, SET, HX,
  ...entry(HC, 0, 7), ...entry(HC, 8, 6), XOR, ...entry(HC, 16, 5), XOR, ...entry(HC, 24, 4), XOR,
  ...entry(HX, 0, 3), XOR, ...entry(HX, 8, 2), XOR, ...entry(HX, 16, 1), XOR, ...entry(HX, 24, 0), XOR, CONST, 0x7f, XOR,
  ...MASK, GET, P, LOAD, 0, 8, NE, BR_IF, 1, // length CRC wrong
  GET, P, LOAD, 0, 4, BR_IF, 1, // length of 2^32 or more
  GET, P, LOAD, 0, 0, SET, L,
  GET, L, GET, MAX, GT, BR_IF, 1, // oversized
  GET, P, CONST, 12, ADD, GET, L, ADD, SET, Q,
  GET, Q, CONST, 4, ADD, GET, E, GT, BR_IF, 1, // record not whole
  // table[n] = len ^ (ok - 1)
  GET, N, CONST, 2, SHL,
  GET, P, CONST, 12, ADD, GET, Q, CALL, 0, ...MASK, GET, Q, LOAD, 0, 0, EQ, CONST, 1, SUB, GET, L, XOR,
  STORE, 2, ...uleb(TABLE),
  GET, Q, CONST, 4, ADD, SET, P,
  GET, N, CONST, 1, ADD, TEE, N, CONST, ...sleb(ENTRIES), LT, BR_IF, 0,
  END, END,
  GET, N,
  END,
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7f]), // types: (i32, i32) -> i32, (i32, i32, i32) -> i32
  ...section(2, [1, ...name('m'), ...name('m'), 0x02, 0x00, 1]), // import memory m.m, at least a page
  ...section(3, [2, 0, 1]),
  ...section(7, [2, ...name('crc'), 0x00, 0, ...name('frame'), 0x00, 1]),
  ...section(10, [2, ...uleb(body.length), ...body, ...uleb(frameBody.length), ...frameBody]),
]);

/** Masked CRC-32Cs of ranges of one buffer. */
export interface RangeCrc {
  masked(start: number, end: number): number;
  /** As masked(), as a signed 32-bit integer: the framing loop's (an unsigned one above 2^31 would be a heap number, allocated). */
  masked32(start: number, end: number): number;
  /**
   * Frames the simple records from start (see frameBody): answers how many, their data lengths in
   * entries[0, n) (~length where the data CRC is wrong); n === frameLimit when it stopped for room.
   * Absent in the JS fallback.
   */
  frame?(start: number, end: number, max: number): number;
  readonly entries?: Int32Array;
  readonly frameLimit?: number;
  /**
   * After frame(start, ...) answered n: reads the simple scalar events among those n records into
   * `scanned`'s columns, numbering tags with `tags`; `base` is the file offset of start. Answers how
   * many of the n it left to the decoders (corrupt ones included). Absent in the JS fallback.
   */
  scan?(start: number, n: number, base: number, tags: TagCache): number;
  readonly scanned?: ScalarScan;
}

/** Over one buffer at a time, copied into WebAssembly memory by load(). */
class WasmCrc32c implements RangeCrc {
  private readonly memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
  private readonly crc: (start: number, end: number) => number;
  private readonly frameAt: (start: number, end: number, max: number) => number;
  private readonly bytes = new Uint8Array(this.memory.buffer);
  readonly entries = new Int32Array(this.memory.buffer, TABLE, ENTRIES);
  readonly frameLimit = ENTRIES;
  readonly scanned = new ScalarScan(this.memory, TABLE, SCAN, ENTRIES);
  /** Where the loaded buffer lies. */
  private at = DATA;
  private readonly regionUsed = new Uint8Array(REGIONS);

  constructor() {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { m: { m: this.memory } });
    this.crc = instance.exports.crc as (start: number, end: number) => number;
    this.frameAt = instance.exports.frame as (start: number, end: number, max: number) => number;
    new Int32Array(this.memory.buffer, 0, CRC32C_TABLE.length).set(CRC32C_TABLE);
  }

  load(buf: Uint8Array): this {
    if (buf.buffer === this.memory.buffer) this.at = buf.byteOffset;
    else {
      this.at = DATA;
      this.bytes.set(buf, DATA);
    }
    return this;
  }

  /** A free region's first `size` bytes to read into; null when none is free or it is too small. */
  takeRegion(size: number): Buffer | null {
    const k = this.regionUsed.indexOf(0);
    if (k < 0 || size > REGION_BYTES) return null;
    this.regionUsed[k] = 1;
    return Buffer.from(this.memory.buffer, REGION + k * REGION_BYTES, size);
  }

  /** A chunk read into a region, done with (nothing keeps a view of it); false for any other. */
  giveRegion(chunk: Uint8Array): boolean {
    if (chunk.buffer !== this.memory.buffer || chunk.byteOffset < REGION || chunk.byteOffset >= DATA) return false;
    this.regionUsed[Math.floor((chunk.byteOffset - REGION) / REGION_BYTES)] = 0;
    return true;
  }

  frame(start: number, end: number, max: number): number {
    return this.frameAt(this.at + start, this.at + end, Math.min(max, 2 ** 30));
  }

  scan(start: number, n: number, base: number, tags: TagCache): number {
    return this.scanned.run(this.at + start, n, base, tags);
  }

  masked(start: number, end: number): number {
    return this.masked32(start, end) >>> 0;
  }

  masked32(start: number, end: number): number {
    const c = this.crc(this.at + start, this.at + end);
    return (((c >>> 15) | (c << 17)) + 0xa282ead8) | 0;
  }
}

// One for the process: framing is synchronous, a buffer is done with before the next is loaded.
// None where WebAssembly is not there (node --jitless).
let shared: WasmCrc32c | null | undefined;

function wasm(): WasmCrc32c | null {
  if (shared === undefined) shared = typeof WebAssembly === 'object' ? new WasmCrc32c() : null;
  return shared;
}

/** The masked CRC-32C of ranges of buf, valid until the next call. */
export function rangeCrc(buf: Uint8Array): RangeCrc {
  const crc = wasm();
  if (crc && buf.length <= WINDOW) return crc.load(buf);
  return { masked: (start, end) => maskedCrc32c(buf, start, end), masked32: (start, end) => maskedCrc32c(buf, start, end) | 0 };
}

/** Buffers in the CRC's memory to read chunks into (null without WebAssembly): one given back is free again. */
export interface ReadRegions {
  /** null when both are in use, or `size` is over a region's. */
  take(size: number): Buffer | null;
  /** false for a chunk not read into one. */
  give(chunk: Uint8Array): boolean;
}

export function readRegions(): ReadRegions | null {
  const crc = wasm();
  return crc && { take: (size) => crc.takeRegion(size), give: (chunk) => crc.giveRegion(chunk) };
}
