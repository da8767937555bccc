// A scalar tag's history in bounded memory: every point while the series is short; past that,
// buckets of equal point counts keep their minimum and maximum (so spikes survive), and the
// last point is always exact. The debiased EMA is computed on every point as it arrives, before
// any downsampling. The buckets are one Float64Array: no object per bucket or point, merged in
// place, so millions of points allocate nothing.

export interface SeriesPoint {
  step: number;
  value: number;
  smooth: number;
}

// A bucket's slots: its point count, then (step, value, smooth) of its minimum, of its maximum and
// of its first NaN or ±inf (never merged away, as a user must see it). A NaN step: no such point.
const LO = 1;
const HI = 4;
const ODD = 7;
const STRIDE = 10;

export const DEFAULT_BUCKETS = 1024;
const EMA_WEIGHT = 0.6;

const has = (step: number) => step === step;
const ONE_STEP = new Float64Array(1);
const ONE_VALUE = new Float64Array(1);
const FIRST = new Int32Array(1);

export class ScalarSeries {
  count = 0;
  /** Grown as needed, up to maxBuckets: a file may hold thousands of tags of a few points. */
  private b: Float64Array = new Float64Array(8 * STRIDE);
  private used = 0;
  /** Points per bucket; doubles each time the buckets are merged pairwise. */
  private span = 1;
  private ema = 0;
  /** EMA_WEIGHT to the power of the finite points seen: the debiasing term, without a pow per point. */
  private weightN = 1;
  private lo = Infinity;
  private hi = -Infinity;
  // The last two points as numbers: most points are never kept, so none is allocated for them.
  private lastStep = 0;
  private lastValue = NaN;
  private lastSmooth = NaN;
  private prevStep = 0;
  private prevValue = NaN;
  private prevSmooth = NaN;
  private lastPoint: SeriesPoint | null = null;

  constructor(private readonly maxBuckets = DEFAULT_BUCKETS) {}

  /** The least finite value, null before the first. */
  get min(): number | null {
    return this.lo === Infinity ? null : this.lo;
  }

  get max(): number | null {
    return this.hi === -Infinity ? null : this.hi;
  }

  get last(): SeriesPoint | null {
    if (this.count === 0) return null;
    if (!this.lastPoint) this.lastPoint = { step: this.lastStep, value: this.lastValue, smooth: this.lastSmooth };
    return this.lastPoint;
  }

  /** The point before the last (for "change since the previous dump"). */
  get previous(): SeriesPoint | null {
    return this.count > 1 ? { step: this.prevStep, value: this.prevValue, smooth: this.prevSmooth } : null;
  }

  push(step: number, value: number): void {
    ONE_STEP[0] = step;
    ONE_VALUE[0] = value;
    this.pushMany(ONE_STEP, ONE_VALUE, FIRST, 0, 1);
  }

  /**
   * push(steps[at[k]], values[at[k]]) for k from `from` to `to`, in that order, with the running
   * state in locals: a store's batch holds hundreds of points of a tag.
   */
  pushMany(steps: Float64Array, values: Float64Array, at: Int32Array, from: number, to: number): void {
    if (from >= to) return;
    let ema = this.ema;
    let weightN = this.weightN;
    let lo = this.lo;
    let hi = this.hi;
    let b = this.b;
    let span = this.span;
    // The open bucket's slot and count (none yet: a full one, so the first point opens one).
    let o = (this.used - 1) * STRIDE;
    let n = this.used === 0 ? span : b[o];
    let step = this.lastStep;
    let value = this.lastValue;
    let prevStep = step;
    let prevValue = value;
    // The EMA and weight after the point before the last: its smoothed value, divided out at the end.
    let prevEma = ema;
    let prevWeight = weightN;
    for (let k = from; k < to; k++) {
      const i = at[k];
      prevStep = step;
      prevValue = value;
      prevEma = ema;
      prevWeight = weightN;
      step = steps[i];
      value = values[i];
      const finite = value - value === 0;
      if (finite) {
        ema = ema * EMA_WEIGHT + (1 - EMA_WEIGHT) * value;
        weightN *= EMA_WEIGHT;
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      }
      if (n >= span) {
        o = this.open(o, n);
        b = this.b;
        span = this.span;
        n = 0;
      }
      n += 1;
      // A point's smoothed value is divided out only where it is kept.
      if (!finite) {
        if (!has(b[o + ODD])) this.put(o + ODD, step, value, value);
      } else {
        if (!has(b[o + LO]) || value < b[o + LO + 1]) this.put(o + LO, step, value, ema / (1 - weightN));
        if (!has(b[o + HI]) || value > b[o + HI + 1]) this.put(o + HI, step, value, ema / (1 - weightN));
      }
    }
    b[o] = n;
    this.ema = ema;
    this.weightN = weightN;
    this.lo = lo;
    this.hi = hi;
    this.count += to - from;
    const smoothed = (v: number, e: number, w: number) => (v - v === 0 ? e / (1 - w) : v);
    this.prevStep = prevStep;
    this.prevValue = prevValue;
    this.prevSmooth = to - from === 1 ? this.lastSmooth : smoothed(prevValue, prevEma, prevWeight);
    this.lastStep = step;
    this.lastValue = value;
    this.lastSmooth = smoothed(value, ema, weightN);
    this.lastPoint = null;
  }

  /** Closes the bucket at `o` with `n` points (o < 0: none), opens the next; answers its slot. */
  private open(o: number, n: number): number {
    if (o >= 0) this.b[o] = n;
    if (this.used >= this.maxBuckets) this.halve();
    else if (this.used * STRIDE === this.b.length) this.grow();
    const at = this.used++ * STRIDE;
    const b = this.b;
    b[at] = 0;
    b[at + LO] = NaN;
    b[at + HI] = NaN;
    b[at + ODD] = NaN;
    return at;
  }

  private grow(): Float64Array {
    const b = new Float64Array(Math.min(this.b.length * 4, this.maxBuckets * STRIDE));
    b.set(this.b);
    return (this.b = b);
  }

  private put(at: number, step: number, value: number, smooth: number): void {
    this.b[at] = step;
    this.b[at + 1] = value;
    this.b[at + 2] = smooth;
  }

  /** Merges the buckets pairwise, in place: bucket j is made of 2j and 2j+1, which lie at or after it. */
  private halve(): void {
    const b = this.b;
    let j = 0;
    for (let i = 0; i < this.used; i += 2, j++) {
      const o = j * STRIDE;
      const x = i * STRIDE;
      if (i + 1 === this.used) {
        for (let k = 0; k < STRIDE; k++) b[o + k] = b[x + k];
        continue;
      }
      const y = x + STRIDE;
      const lo = !has(b[y + LO]) || (has(b[x + LO]) && b[x + LO + 1] <= b[y + LO + 1]) ? x : y;
      const hi = !has(b[y + HI]) || (has(b[x + HI]) && b[x + HI + 1] >= b[y + HI + 1]) ? x : y;
      const odd = has(b[x + ODD]) ? x : y;
      b[o] = b[x] + b[y];
      // Slot by slot: when o is x, a slot written is never read again.
      this.put(o + LO, b[lo + LO], b[lo + LO + 1], b[lo + LO + 2]);
      this.put(o + HI, b[hi + HI], b[hi + HI + 1], b[hi + HI + 2]);
      this.put(o + ODD, b[odd + ODD], b[odd + ODD + 1], b[odd + ODD + 2]);
    }
    this.used = j;
    this.span *= 2;
  }

  private cached: { count: number; points: SeriesPoint[] } | null = null;

  /** Points kept, in step order, the exact last one included (shared until the next push: do not modify). */
  points(): SeriesPoint[] {
    if (this.cached?.count === this.count) return this.cached.points;
    const b = this.b;
    const out: SeriesPoint[] = [];
    for (let at = 0; at < this.used * STRIDE; at += STRIDE) {
      const pts: SeriesPoint[] = [];
      const point = (s: number) => ({ step: b[s], value: b[s + 1], smooth: b[s + 2] });
      if (has(b[at + LO])) pts.push(point(at + LO));
      if (has(b[at + HI]) && !(has(b[at + LO]) && b[at + HI] === b[at + LO])) pts.push(point(at + HI));
      if (has(b[at + ODD])) pts.push(point(at + ODD));
      pts.sort((x, y) => x.step - y.step);
      out.push(...pts);
    }
    const last = this.last;
    const tail = out.at(-1);
    if (last && !(tail && tail.step === last.step && Object.is(tail.value, last.value))) out.push(last);
    this.cached = { count: this.count, points: out };
    return out;
  }

  /** Step of the first point, without building the points. */
  get firstStep(): number | null {
    if (this.used === 0) return null;
    const b = this.b;
    return Math.min(...[b[LO], b[HI], b[ODD]].filter(has));
  }

  /** Points held in memory (at most three a bucket). */
  get kept(): number {
    const b = this.b;
    let n = 0;
    for (let at = 0; at < this.used * STRIDE; at += STRIDE) {
      n += Number(has(b[at + LO])) + Number(has(b[at + HI]) && !(has(b[at + LO]) && b[at + HI] === b[at + LO])) + Number(has(b[at + ODD]));
    }
    return n;
  }
}
