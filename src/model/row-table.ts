// results.csv rows as typed columns: one Float64Array per column (and one for the epochs and one
// for when each row arrived), each on a resizable ArrayBuffer that grows in place (no copy, and
// no second array while it grows: only the rows written take memory). A snapshot holds views of
// the first rows: an append writes past every view, and what would rewrite rows a view shows (a
// resume's cut, a thinning) writes new arrays. Past a cap of cells the rows kept are thinned by half (every second
// one; the newest always kept), so memory is bounded whatever the file's length. What is shown of
// each column (last, min and max and where, the best epoch and its row) is kept as rows come, so it
// stays exact however many rows are thinned.
import type { ColumnRole } from './columns.js';
import { fitnessOf } from './columns.js';

/** Cells kept at most (8 bytes each): 64 MiB, 524,288 rows of a 15-column file. */
export const MAX_CELLS = 1 << 23;
const FIRST_ROWS = 1024;

export interface ColumnStats {
  /** The least and greatest finite value, and the epoch each first came at; null: none yet. */
  readonly min: number | null;
  readonly max: number | null;
  readonly minAt: number | null;
  readonly maxAt: number | null;
}

/** The row of the best fitness (what picks best.pt), the first of equals. */
export interface BestRow {
  readonly epoch: number;
  readonly fitness: number;
  readonly values: Float64Array;
}

export interface TableView {
  /** x values: the epoch number as written in the file, of the rows kept (see `thinned`). */
  readonly epochs: Float64Array;
  /** One column per name of the header (the epoch column included), aligned with `epochs`. */
  readonly values: readonly Float64Array[];
  /** This machine's time (ms) when each row was first seen while watching; NaN for rows read at start. */
  readonly arrivals: Float64Array;
  /** Rows taken, kept or thinned away. */
  readonly rows: number;
  /** How many times the kept rows were halved (0: every row is kept). */
  readonly thinned: number;
  /** Per column, over every row taken: the least and greatest finite values and where. */
  readonly stats: readonly ColumnStats[];
  /** The row of the best fitness, over every row taken. */
  readonly best: BestRow | null;
}

export const EMPTY_COLUMN = new Float64Array(0);

type Resizable = ArrayBuffer & { resize(bytes: number): void };
const ResizableBuffer = ArrayBuffer as unknown as new (bytes: number, opts: { maxByteLength: number }) => Resizable;

/** A column that grows in place up to `maxRows`: its whole length as `all`, its buffer to grow. */
class Column {
  private readonly buf: Resizable;
  all: Float64Array;

  constructor(rows: number, readonly maxRows: number) {
    this.buf = new ResizableBuffer(rows * 8, { maxByteLength: maxRows * 8 });
    this.all = new Float64Array(this.buf);
  }

  get room(): number {
    return this.all.length;
  }

  grow(rows: number): void {
    this.buf.resize(rows * 8);
    this.all = new Float64Array(this.buf);
  }

  /** The first `n` rows, as they are now (a fixed view: later appends go past it). */
  view(n: number): Float64Array {
    return new Float64Array(this.buf, 0, n);
  }
}

export class RowTable {
  private epochs: Column;
  private cols: Column[];
  private arrivals: Column;
  private n = 0;
  private rows = 0;
  private thinned = 0;
  readonly maxRows: number;
  private readonly fitness: (row: ArrayLike<number>) => number | null;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly minAt: Float64Array;
  private readonly maxAt: Float64Array;
  private best: BestRow | null = null;
  private shown: TableView | null = null;

  constructor(roles: readonly ColumnRole[], maxCells = MAX_CELLS) {
    const width = roles.length + 2;
    this.maxRows = Math.max(64, 2 * Math.floor(maxCells / width / 2));
    this.epochs = this.column();
    this.cols = roles.map(() => this.column());
    this.arrivals = this.column();
    this.fitness = fitnessOf(roles);
    this.min = new Float64Array(roles.length).fill(NaN);
    this.max = new Float64Array(roles.length).fill(NaN);
    this.minAt = new Float64Array(roles.length).fill(NaN);
    this.maxAt = new Float64Array(roles.length).fill(NaN);
  }

  private column(): Column {
    return new Column(Math.min(FIRST_ROWS, this.maxRows), this.maxRows);
  }

  get length(): number {
    return this.n;
  }

  /** Rows taken, kept or thinned away. */
  get taken(): number {
    return this.rows;
  }

  get firstEpoch(): number | undefined {
    return this.n > 0 ? this.epochs.all[0] : undefined;
  }

  get lastEpoch(): number | undefined {
    return this.n > 0 ? this.epochs.all[this.n - 1] : undefined;
  }

  /** Whether the next append thins the rows (the caller says so once). */
  get full(): boolean {
    return this.n === this.maxRows;
  }

  append(epoch: number, values: ArrayLike<number>, arrivedAt: number): void {
    if (this.n === this.maxRows) this.keep(this.n / 2 + 1, (i) => i % 2 === 0 || i === this.n - 1, this.thinned + 1);
    if (this.n === this.epochs.room) {
      const rows = Math.min(this.maxRows, this.n * 2);
      for (const c of [this.epochs, this.arrivals, ...this.cols]) c.grow(rows);
    }
    const i = this.n++;
    this.epochs.all[i] = epoch;
    this.arrivals.all[i] = arrivedAt;
    for (let c = 0; c < this.cols.length; c++) this.cols[c].all[i] = values[c];
    this.rows += 1;
    this.take(epoch, values, i);
    this.shown = null;
  }

  /**
   * Drops the rows from the first with an epoch at or after `epoch` (a resume writes them again).
   * What is shown is worked out again from the rows kept (of every row, unless they were thinned).
   */
  cutFrom(epoch: number): void {
    let kept = this.n;
    while (kept > 0 && this.epochs.all[kept - 1] >= epoch) kept -= 1;
    this.rows -= this.n - kept;
    this.keep(kept, (i) => i < kept, this.thinned);
    this.min.fill(NaN);
    this.max.fill(NaN);
    this.minAt.fill(NaN);
    this.maxAt.fill(NaN);
    this.best = null;
    const row = new Float64Array(this.cols.length);
    for (let i = 0; i < this.n; i++) {
      for (let c = 0; c < row.length; c++) row[c] = this.cols[c].all[i];
      this.take(this.epochs.all[i], row, i);
    }
    this.shown = null;
  }

  view(): TableView {
    if (this.shown) return this.shown;
    const n = this.n;
    const some = (v: number) => (v === v ? v : null);
    this.shown = {
      epochs: this.epochs.view(n),
      values: this.cols.map((c) => c.view(n)),
      arrivals: this.arrivals.view(n),
      rows: this.rows,
      thinned: this.thinned,
      stats: this.cols.map((_, c) => ({ min: some(this.min[c]), max: some(this.max[c]), minAt: some(this.minAt[c]), maxAt: some(this.maxAt[c]) })),
      best: this.best,
    };
    return this.shown;
  }

  /** A row's values into the column stats and the best row. */
  private take(epoch: number, values: ArrayLike<number>, i: number): void {
    for (let c = 0; c < this.cols.length; c++) {
      const v = values[c];
      if (!Number.isFinite(v)) continue;
      // Comparisons with NaN (none yet) are false: the first value is taken.
      if (!(v >= this.min[c])) {
        this.min[c] = v;
        this.minAt[c] = epoch;
      }
      if (!(v <= this.max[c])) {
        this.max[c] = v;
        this.maxAt[c] = epoch;
      }
    }
    const f = this.fitness(values);
    if (f !== null && (this.best === null || f > this.best.fitness)) {
      this.best = { epoch, fitness: f, values: Float64Array.from(this.cols, (c) => c.all[i]) };
    }
  }

  /**
   * The `count` rows `kept` says, into new columns just their size (the views snapshots hold keep
   * the rows they showed): at the cap every second one (the newest kept); after a cut, those before it.
   */
  private keep(count: number, kept: (i: number) => boolean, thinned: number): void {
    const move = (from: Column) => {
      const to = new Column(Math.min(this.maxRows, Math.max(FIRST_ROWS, count)), this.maxRows);
      let j = 0;
      for (let i = 0; i < this.n; i++) if (kept(i)) to.all[j++] = from.all[i];
      return { to, j };
    };
    const e = move(this.epochs);
    this.epochs = e.to;
    this.arrivals = move(this.arrivals).to;
    this.cols = this.cols.map((c) => move(c).to);
    this.n = e.j;
    this.thinned = thinned;
  }
}
