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
    this.pushAt(ONE_STEP, ONE_VALUE, 0);
  }

  /**
   * push(steps[i], values[i]): a store's batches call it without a double argument (each would be
   * a heap number allocated per call, as the method is too big to be inlined).
   */
  pushAt(steps: Float64Array, values: Float64Array, i: number): void {
    const step = steps[i];
    const value = values[i];
    let smooth = value;
    const finite = Number.isFinite(value);
    if (finite) {
      this.ema = this.ema * EMA_WEIGHT + (1 - EMA_WEIGHT) * value;
      this.weightN *= EMA_WEIGHT;
      smooth = this.ema / (1 - this.weightN);
      if (value < this.lo) this.lo = value;
      if (value > this.hi) this.hi = value;
    }
    this.count += 1;
    this.prevStep = this.lastStep;
    this.prevValue = this.lastValue;
    this.prevSmooth = this.lastSmooth;
    this.lastStep = step;
    this.lastValue = value;
    this.lastSmooth = smooth;
    this.lastPoint = null;
    let b = this.b;
    let at = (this.used - 1) * STRIDE;
    if (this.used === 0 || b[at] >= this.span) {
      if (this.used >= this.maxBuckets) this.halve();
      else if (this.used * STRIDE === b.length) b = this.grow();
      at = this.used++ * STRIDE;
      b[at] = 0;
      b[at + LO] = NaN;
      b[at + HI] = NaN;
      b[at + ODD] = NaN;
    }
    b[at] += 1;
    if (!finite) {
      if (!has(b[at + ODD])) this.put(at + ODD, step, value, smooth);
      return;
    }
    if (!has(b[at + LO]) || value < b[at + LO + 1]) this.put(at + LO, step, value, smooth);
    if (!has(b[at + HI]) || value > b[at + HI + 1]) this.put(at + HI, step, value, smooth);
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
        b.copyWithin(o, x, x + STRIDE);
        continue;
      }
      const y = x + STRIDE;
      const lo = !has(b[y + LO]) || (has(b[x + LO]) && b[x + LO + 1] <= b[y + LO + 1]) ? x : y;
      const hi = !has(b[y + HI]) || (has(b[x + HI]) && b[x + HI + 1] >= b[y + HI + 1]) ? x : y;
      const odd = has(b[x + ODD]) ? x : y;
      b[o] = b[x] + b[y];
      // Slot by slot: when o is x, a slot written is never read again.
      b.copyWithin(o + LO, lo + LO, lo + LO + 3);
      b.copyWithin(o + HI, hi + HI, hi + HI + 3);
      b.copyWithin(o + ODD, odd + ODD, odd + ODD + 3);
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
