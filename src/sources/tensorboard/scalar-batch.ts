// Summary values of many records as columns of typed arrays: the common records go from the
// framing loop to the store in batches, with no object per record or value. A tag is an id into
// `tags` (its text), as the decoder's tag cache numbers them.

/** How many values a batch holds; the reader hands it to the store when it is near full. */
export const BATCH_VALUES = 8192;

export class ScalarBatch {
  /** Values held: the first n of each column. */
  n = 0;
  readonly tagId = new Int32Array(BATCH_VALUES);
  /** K_SCALAR, K_TENSOR_SCALAR or a kind passed over (event-fast.ts KINDS names them). */
  readonly kind = new Uint8Array(BATCH_VALUES);
  readonly step = new Float64Array(BATCH_VALUES);
  readonly value = new Float64Array(BATCH_VALUES);
  readonly wallTime = new Float64Array(BATCH_VALUES);
  /** File offset of the record each value came in. */
  readonly offset = new Float64Array(BATCH_VALUES);
  /** Records held (some have no values), the least and greatest of their plausible wall times (NaN: none). */
  records = 0;
  minWall = NaN;
  maxWall = NaN;
  /** Records with a wall time no clock could have written (time-bounds.ts); 0, none written, is not one. */
  badWalls = 0;
  /** File offset of the last record held. */
  lastOffset = -1;

  /** Tag text by id: grows, never changes (the decoder's cache). */
  constructor(readonly tags: readonly string[]) {}

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
