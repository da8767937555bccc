// Summary values of many records as columns of typed arrays: the common records go from the
// framing loop to the store in batches, with no object per record or value. A tag is an id into
// `tags` (its text), as the decoder's tag cache numbers them.

import { MAX_WALL_SECONDS, MIN_WALL_SECONDS } from '../time-bounds.js';

/** How many values a batch holds; the reader hands it to the store when it is near full. */
export const BATCH_VALUES = 8192;

/** The values of the records of a batch, as the store takes them (TbStore.addBatch). */
export interface ScalarColumns {
  /** Tag text by id: grows, never changes (the decoder's cache). */
  readonly tags: readonly string[];
  /** Values held: the first n of each column. */
  readonly n: number;
  readonly tagId: Int32Array;
  /** K_SCALAR, K_TENSOR_SCALAR or a kind passed over (event-fast.ts KINDS names them); null: every value a simple_value (K_SCALAR). */
  readonly kind: Uint8Array | null;
  readonly step: Float64Array;
  readonly value: Float64Array;
  readonly wallTime: Float64Array;
  /** File offset of the record each value came in. */
  readonly offset: Float64Array;
  /** Records held (some have no values), the least and greatest of their plausible wall times (NaN: none). */
  readonly records: number;
  readonly minWall: number;
  readonly maxWall: number;
  /** Records with a wall time no clock could have written (time-bounds.ts); 0, none written, is not one. */
  readonly badWalls: number;
  /** File offset of the last record held. */
  readonly lastOffset: number;
  /** The values by tag, where whoever made the columns put them in that order already; null: not done. */
  readonly groups: TagGroups | null;
}

/**
 * Values by tag: group k is tag id[k]'s values, in column order, at order[from[k], to[k]); the
 * groups in the order their tags first come.
 */
export interface TagGroups {
  count: number;
  id: Int32Array;
  from: Int32Array;
  to: Int32Array;
  order: Int32Array;
}

/** Records as the WebAssembly scan leaves them (scalar-scan.ts): one simple_value each. */
export interface ScannedRecords {
  readonly id: Int32Array;
  readonly step: Float64Array;
  readonly value: Float64Array;
  readonly wall: Float64Array;
  readonly offset: Float64Array;
}

/**
 * The wall times walls[from, to) of some records into the least and greatest of the plausible ones
 * (time-bounds.ts), counting the others; 0 is a record with no wall time, not a bad one.
 */
export function noteWalls(into: { minWall: number; maxWall: number; badWalls: number }, walls: Float64Array, from: number, to: number): void {
  let min = into.minWall;
  let max = into.maxWall;
  let bad = 0;
  for (let i = from; i < to; i++) {
    const wall = walls[i];
    if (wall >= MIN_WALL_SECONDS && wall < MAX_WALL_SECONDS) {
      if (!(wall >= min)) min = wall;
      if (!(wall <= max)) max = wall;
    } else if (wall !== 0) bad += 1;
  }
  into.minWall = min;
  into.maxWall = max;
  into.badWalls += bad;
}

const ONE_WALL = new Float64Array(1);

/** One record's wall time, as noteWalls. */
export function noteWall(into: { minWall: number; maxWall: number; badWalls: number }, wallTime: number): void {
  ONE_WALL[0] = wallTime;
  noteWalls(into, ONE_WALL, 0, 1);
}

export class ScalarBatch implements ScalarColumns {
  n = 0;
  readonly tagId = new Int32Array(BATCH_VALUES);
  readonly kind = new Uint8Array(BATCH_VALUES);
  readonly step = new Float64Array(BATCH_VALUES);
  readonly value = new Float64Array(BATCH_VALUES);
  readonly wallTime = new Float64Array(BATCH_VALUES);
  readonly offset = new Float64Array(BATCH_VALUES);
  /** Records held (some have no values), the least and greatest of their plausible wall times (NaN: none). */
  records = 0;
  minWall = NaN;
  maxWall = NaN;
  /** Records with a wall time no clock could have written (time-bounds.ts); 0, none written, is not one. */
  badWalls = 0;
  /** File offset of the last record held. */
  lastOffset = -1;
  readonly groups = null;

  constructor(readonly tags: readonly string[]) {}

  /**
   * Records `from` to `to` of a scan (each one simple_value: event-fast.ts's K_SCALAR, 0), as many
   * as there is room for; answers how many it took.
   */
  append(scan: ScannedRecords, from: number, to: number): number {
    const n = this.n;
    const k = Math.min(to - from, BATCH_VALUES - n);
    if (k <= 0) return 0;
    const end = from + k;
    this.tagId.set(scan.id.subarray(from, end), n);
    this.kind.fill(0, n, n + k);
    this.step.set(scan.step.subarray(from, end), n);
    this.value.set(scan.value.subarray(from, end), n);
    this.wallTime.set(scan.wall.subarray(from, end), n);
    this.offset.set(scan.offset.subarray(from, end), n);
    noteWalls(this, scan.wall, from, end);
    this.n = n + k;
    this.records += k;
    this.lastOffset = scan.offset[end - 1];
    return k;
  }

  get full(): boolean {
    return this.n > BATCH_VALUES - 256;
  }

  clear(): void {
    this.n = 0;
    this.records = 0;
    this.minWall = NaN;
    this.maxWall = NaN;
    this.badWalls = 0;
    this.lastOffset = -1;
  }
}
