// A scalar tag's history in bounded memory: every point while the series is short; past that,
// buckets of equal point counts keep their minimum and maximum (so spikes survive), and the
// last point is always exact. The debiased EMA is computed on every point as it arrives, before
// any downsampling.

export interface SeriesPoint {
  step: number;
  value: number;
  smooth: number;
}

interface Bucket {
  lo: SeriesPoint | null;
  hi: SeriesPoint | null;
  /** The first NaN or ±inf in the bucket: never merged away, as it is what a user must see. */
  odd: SeriesPoint | null;
  n: number;
}

export const DEFAULT_BUCKETS = 1024;
const EMA_WEIGHT = 0.6;

export class ScalarSeries {
  count = 0;
  min: number | null = null;
  max: number | null = null;
  last: SeriesPoint | null = null;
  /** Value at the previous step (for "change since the previous dump"). */
  previous: SeriesPoint | null = null;
  private buckets: Bucket[] = [];
  /** Points per bucket; doubles each time the buckets are merged pairwise. */
  private span = 1;
  private ema = 0;
  private emaN = 0;

  constructor(private readonly maxBuckets = DEFAULT_BUCKETS) {}

  push(step: number, value: number): void {
    let smooth = value;
    if (Number.isFinite(value)) {
      this.ema = this.ema * EMA_WEIGHT + (1 - EMA_WEIGHT) * value;
      this.emaN += 1;
      smooth = this.ema / (1 - EMA_WEIGHT ** this.emaN);
      if (this.min === null || value < this.min) this.min = value;
      if (this.max === null || value > this.max) this.max = value;
    }
    const p: SeriesPoint = { step, value, smooth };
    this.count += 1;
    this.previous = this.last;
    this.last = p;
    const open = this.buckets.at(-1);
    if (open && open.n < this.span) {
      absorb(open, p);
    } else {
      const b: Bucket = { lo: null, hi: null, odd: null, n: 0 };
      absorb(b, p);
      this.buckets.push(b);
      if (this.buckets.length > this.maxBuckets) this.halve();
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
      merged.push({
        lo: pick(a.lo, b.lo, (x, y) => x.value <= y.value),
        hi: pick(a.hi, b.hi, (x, y) => x.value >= y.value),
        odd: a.odd ?? b.odd,
        n: a.n + b.n,
      });
    }
    this.buckets = merged;
    this.span *= 2;
  }

  /** Points kept, in step order, the exact last one included. */
  points(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (const b of this.buckets) {
      const pts = [b.lo, b.hi, b.odd].filter((x, i, all): x is SeriesPoint => x !== null && all.indexOf(x) === i);
      pts.sort((x, y) => x.step - y.step);
      out.push(...pts);
    }
    if (this.last && out.at(-1) !== this.last) out.push(this.last);
    return out;
  }

  /** Points held in memory (at most three a bucket). */
  get kept(): number {
    let n = 0;
    for (const b of this.buckets) n += new Set([b.lo, b.hi, b.odd].filter((x) => x !== null)).size;
    return n;
  }
}

function absorb(b: Bucket, p: SeriesPoint): void {
  b.n += 1;
  if (!Number.isFinite(p.value)) {
    b.odd ??= p;
    return;
  }
  if (!b.lo || p.value < b.lo.value) b.lo = p;
  if (!b.hi || p.value > b.hi.value) b.hi = p;
}

function pick(a: SeriesPoint | null, b: SeriesPoint | null, keepA: (a: SeriesPoint, b: SeriesPoint) => boolean): SeriesPoint | null {
  if (!a) return b;
  if (!b) return a;
  return keepA(a, b) ? a : b;
}
