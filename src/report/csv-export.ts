// `export --csv`: the series, one row per epoch (Ultralytics) or step (TensorBoard), every value
// the files hold, printed so it reads back exactly.
import { columnRole } from '../model/columns.js';
import type { CsvEvent } from '../sources/ultralytics/results-csv.js';
import { cleanText } from '../model/text.js';

/** The shortest decimal that reads back as the same float32 (0.1f is `0.1`, not 0.10000000149011612). */
function float32Text(v: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = v.toPrecision(digits);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  // Nine significant digits always read back as the same float32.
  return String(Number(v.toPrecision(9)));
}

/** A value as CSV text; `float32`: a TensorBoard scalar, at its shortest when it is a float32. */
export function csvNumber(v: number | undefined, float32 = false): string {
  if (v === undefined) return '';
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return float32 && Math.fround(v) === v ? float32Text(v) : String(v);
}

/** A column name or tag: sanitised (a file someone will `cat` must not drive their terminal either), quoted where CSV needs it. */
const quote = (raw: string): string => {
  const s = cleanText(raw);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Whether a column or tag is one of those --metrics asks for (all, without it). */
export const selected = (name: string, metrics: readonly string[] | null): boolean => !metrics || metrics.some((m) => name === m || name.includes(m));

/**
 * results.csv lines to CSV rows as they stream in: every row the file holds, in file order (an
 * epoch written again after a resume is a row again, as the file has it), under the first
 * header's selected columns; a later header's columns are matched to them by name.
 */
export class EpochRows {
  private columns: string[] | null = null;
  private from: number[] = [];

  constructor(private readonly metrics: readonly string[] | null, private readonly write: (text: string) => void) {}

  add(events: readonly CsvEvent[]): void {
    for (const e of events) {
      if (e.type === 'header') {
        if (!this.columns) {
          this.columns = e.columns.filter((c) => columnRole(c).kind === 'epoch' || selected(c, this.metrics));
          this.write(this.columns.map(quote).join(',') + '\n');
        }
        this.from = this.columns.map((c) => e.columns.indexOf(c));
      } else if (e.type === 'row' && this.columns) {
        this.write(this.from.map((i) => (i < 0 ? '' : csvNumber(e.values[i]))).join(',') + '\n');
      }
    }
  }
}

/**
 * Rows still open for more values. Files hold steps in order, tags interleaved: a step is written
 * once this many later steps have been seen (a value arriving later still is written, in a row
 * of its own for that step).
 */
const OPEN_STEPS = 1024;

/**
 * TensorBoard points to CSV rows as they stream in: one row per step any tag has, a cell per tag.
 * A tag with two values at one step (a resumed run writing a step again) fills a second row of
 * that step: every value is written.
 */
export class StepRows {
  private readonly column = new Map<string, number>();
  private open = new Map<number, (number | undefined)[][]>();

  constructor(tags: readonly string[], private readonly write: (text: string) => void) {
    tags.forEach((t, i) => this.column.set(t, i));
    write(['step', ...tags].map(quote).join(',') + '\n');
  }

  add(tag: string, step: number, value: number): void {
    const col = this.column.get(tag);
    if (col === undefined) return;
    let rows = this.open.get(step);
    if (!rows) {
      if (this.open.size >= OPEN_STEPS) this.writeOldest(OPEN_STEPS / 2);
      this.open.set(step, (rows = []));
    }
    let row = rows.find((r) => r[col] === undefined);
    if (!row) rows.push((row = new Array<number | undefined>(this.column.size)));
    row[col] = value;
  }

  /** Writes the rows still open. */
  end(): void {
    this.writeOldest(this.open.size);
  }

  private writeOldest(n: number): void {
    const steps = [...this.open.keys()].sort((a, b) => a - b).slice(0, n);
    const cells: string[] = [];
    for (const step of steps) {
      for (const row of this.open.get(step)!) {
        cells.length = 0;
        for (let i = 0; i < row.length; i++) cells.push(csvNumber(row[i], true));
        this.write(`${step},${cells.join(',')}\n`);
      }
      this.open.delete(step);
    }
  }
}
