// A scalar tag's history in bounded memory: every point while the series is short; past that,
// buckets of equal point counts keep their minimum and maximum (so spikes survive), and the
// last point is always exact. The debiased EMA is computed on every point as it arrives, before
// any downsampling.

export interface SeriesPoint {
  step: number;
  value: number;
  smooth: number;
}

/**
 * Extremes as plain numbers (no object per point: a rising series makes a new maximum at every
 * point). `odd` is the first NaN or ±inf in the bucket: never merged away, as a user must see it.
 */
interface Bucket {
  n: number;
  hasLo: boolean;
  loStep: number;
  lo: number;
  loSmooth: number;
  hasHi: boolean;
  hiStep: number;
  hi: number;
  hiSmooth: number;
  hasOdd: boolean;
  oddStep: number;
  odd: number;
  oddSmooth: number;
}

function newBucket(): Bucket {
  return { n: 0, hasLo: false, loStep: 0, lo: 0, loSmooth: 0, hasHi: false, hiStep: 0, hi: 0, hiSmooth: 0, hasOdd: false, oddStep: 0, odd: 0, oddSmooth: 0 };
}

export const DEFAULT_BUCKETS = 1024;
const EMA_WEIGHT = 0.6;

export class ScalarSeries {
  count = 0;
  min: number | null = null;
  max: number | null = null;
  private buckets: Bucket[] = [];
  /** Points per bucket; doubles each time the buckets are merged pairwise. */
  private span = 1;
  private ema = 0;
  private emaN = 0;
  // The last two points as numbers: most points are never kept, so none is allocated for them.
  private lastStep = 0;
  private lastValue = NaN;
  private lastSmooth = NaN;
  private prevStep = 0;
  private prevValue = NaN;
  private prevSmooth = NaN;
  private lastPoint: SeriesPoint | null = null;

  constructor(private readonly maxBuckets = DEFAULT_BUCKETS) {}

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
    let smooth = value;
    const finite = Number.isFinite(value);
    if (finite) {
      this.ema = this.ema * EMA_WEIGHT + (1 - EMA_WEIGHT) * value;
      this.emaN += 1;
      smooth = this.ema / (1 - EMA_WEIGHT ** this.emaN);
      if (this.min === null || value < this.min) this.min = value;
      if (this.max === null || value > this.max) this.max = value;
    }
    this.count += 1;
    this.prevStep = this.lastStep;
    this.prevValue = this.lastValue;
    this.prevSmooth = this.lastSmooth;
    this.lastStep = step;
    this.lastValue = value;
    this.lastSmooth = smooth;
    this.lastPoint = null;
    let b = this.buckets[this.buckets.length - 1];
    if (!b || b.n >= this.span) {
      if (this.buckets.length >= this.maxBuckets) this.halve();
      b = newBucket();
      this.buckets.push(b);
    }
    b.n += 1;
    if (!finite) {
      if (!b.hasOdd) {
        b.hasOdd = true;
        b.oddStep = step;
        b.odd = value;
        b.oddSmooth = smooth;
      }
      return;
    }
    if (!b.hasLo || value < b.lo) {
      b.hasLo = true;
      b.loStep = step;
      b.lo = value;
      b.loSmooth = smooth;
    }
    if (!b.hasHi || value > b.hi) {
      b.hasHi = true;
      b.hiStep = step;
      b.hi = value;
      b.hiSmooth = smooth;
    }
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) {
      const a = this.buckets[i];
      const b = this.buckets[i + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      const lo = !b.hasLo || (a.hasLo && a.lo <= b.lo) ? a : b;
      const hi = !b.hasHi || (a.hasHi && a.hi >= b.hi) ? a : b;
      const odd = a.hasOdd ? a : b;
      merged.push({
        n: a.n + b.n,
        hasLo: lo.hasLo, loStep: lo.loStep, lo: lo.lo, loSmooth: lo.loSmooth,
        hasHi: hi.hasHi, hiStep: hi.hiStep, hi: hi.hi, hiSmooth: hi.hiSmooth,
        hasOdd: odd.hasOdd, oddStep: odd.oddStep, odd: odd.odd, oddSmooth: odd.oddSmooth,
      });
    }
    this.buckets = merged;
    this.span *= 2;
  }

  private cached: { count: number; points: SeriesPoint[] } | null = null;

  /** Points kept, in step order, the exact last one included (shared until the next push: do not modify). */
  points(): SeriesPoint[] {
    if (this.cached?.count === this.count) return this.cached.points;
    const out: SeriesPoint[] = [];
    for (const b of this.buckets) {
      const pts: SeriesPoint[] = [];
      if (b.hasLo) pts.push({ step: b.loStep, value: b.lo, smooth: b.loSmooth });
      if (b.hasHi && !(b.hasLo && b.hiStep === b.loStep)) pts.push({ step: b.hiStep, value: b.hi, smooth: b.hiSmooth });
      if (b.hasOdd) pts.push({ step: b.oddStep, value: b.odd, smooth: b.oddSmooth });
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
    const b = this.buckets[0];
    if (!b) return null;
    return Math.min(b.hasLo ? b.loStep : Infinity, b.hasHi ? b.hiStep : Infinity, b.hasOdd ? b.oddStep : Infinity);
  }

  /** Points held in memory (at most three a bucket). */
  get kept(): number {
    let n = 0;
    for (const b of this.buckets) n += Number(b.hasLo) + Number(b.hasHi && !(b.hasLo && b.hiStep === b.loStep)) + Number(b.hasOdd);
    return n;
  }
}
