// Incremental reader for Ultralytics results.csv (and YOLOv5's): bytes in, header/row events out.
// Pure: no I/O, no timers. The caller feeds appended bytes and decides when the file is quiet
// enough to accept an unterminated last line (flush).

import { plausibleDuration } from '../time-bounds.js';

export type CsvEvent =
  /** `columns`: those read (at most MAX_COLUMNS); `total`: how many the file's header has. */
  | { type: 'header'; columns: string[]; total: number; line: number }
  | { type: 'row'; epoch: number; values: number[]; line: number }
  | { type: 'bad-line'; line: number; reason: string };

/** A line longer than this is not a results.csv row: it is dropped, never buffered without end. */
export const MAX_LINE = 1 << 20;

/** No training runs this many epochs: a larger epoch is a damaged line, not progress. */
export const MAX_EPOCH = 1_000_000;

/**
 * Columns read: a results.csv has 8 to 40. A wider file (a hostile or unrelated CSV) is read in
 * its first columns (the epoch and time columns always among them), and the header says so.
 */
export const MAX_COLUMNS = 256;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One cell: a finite number, ±Infinity, NaN for `nan` or an empty cell, undefined if not a number. */
export function parseCell(raw: string): number | undefined {
  const s = raw.trim();
  if (s === '') return NaN;
  if (NUMBER.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case 'nan': case '+nan': case '-nan': return NaN;
    case 'inf': case '+inf': case 'infinity': case '+infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    default: return undefined;
  }
}

const HEADER = /(?:^|,)\s*epoch\s*(?:,|$)/i;

function looksLikeHeader(line: string): boolean {
  return HEADER.test(line);
}

/** Commas in `s` from `from` on. */
function commas(s: string, from = 0): number {
  let n = 0;
  for (let i = s.indexOf(',', from); i !== -1; i = s.indexOf(',', i + 1)) n += 1;
  return n;
}

/** The columns read of a header of `names`: the first MAX_COLUMNS, with the epoch and time columns. */
function columnsRead(names: readonly string[]): number[] {
  if (names.length <= MAX_COLUMNS) return names.map((_, i) => i);
  const must = ['epoch', 'time'].map((n) => names.findIndex((c) => c.toLowerCase() === n)).filter((i) => i >= MAX_COLUMNS).sort((a, b) => a - b);
  const first = Array.from({ length: MAX_COLUMNS - must.length }, (_, i) => i);
  return [...first, ...must];
}

export class ResultsCsvDecoder {
  private text = new TextDecoder('utf-8');
  private pending = '';
  private lineNo = 0;
  private columns: string[] | null = null;
  /** Fields a row has (the header's, read or not) and which of them are read, in order. */
  private width = 0;
  private keep: number[] = [];
  private epochAt = -1;
  private timeAt = -1;
  private skippingLongLine = false;

  get header(): readonly string[] | null {
    return this.columns;
  }

  /** Characters held back because their line is not finished yet. */
  get pendingLength(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): CsvEvent[] {
    this.pending += this.text.decode(chunk, { stream: true });
    const events: CsvEvent[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n'); nl !== -1; nl = this.pending.indexOf('\n', start)) {
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNo += 1;
      } else {
        this.line(this.pending.slice(start, nl), events);
      }
      start = nl + 1;
    }
    this.pending = this.pending.slice(start);
    if (this.pending.length > MAX_LINE) {
      this.pending = '';
      if (!this.skippingLongLine) {
        this.skippingLongLine = true;
        events.push({ type: 'bad-line', line: this.lineNo + 1, reason: `longer than ${MAX_LINE} characters` });
      }
    }
    return events;
  }

  /**
   * Accept the unterminated last line, but only if it has every field: a half-written line
   * stays pending. Called at end of input (snapshot) or once a live file has been quiet a while.
   */
  flush(): CsvEvent[] {
    if (this.skippingLongLine) return [];
    const rest = this.pending + this.text.decode();
    this.text = new TextDecoder('utf-8');
    const line = rest.replace(/\r$/, '');
    if (rest.trim() === '' || (this.columns && !looksLikeHeader(line) && commas(line) + 1 < this.width)) {
      this.pending = rest;
      return [];
    }
    this.pending = '';
    const events: CsvEvent[] = [];
    this.line(rest, events);
    return events;
  }

  private line(raw: string, out: CsvEvent[]): void {
    this.lineNo += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    if (looksLikeHeader(line)) {
      this.takeHeader(line, out);
      return;
    }
    if (!this.columns) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: 'row before any header' });
      return;
    }
    // Tolerate one trailing empty field (a trailing comma), nothing else.
    let fields = commas(line) + 1;
    if (fields === this.width + 1 && line.slice(line.lastIndexOf(',') + 1).trim() === '') fields -= 1;
    if (fields !== this.width) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: `${fields} fields, header has ${this.width}` });
      return;
    }
    // The fields read are cut out; the others were only counted (a 100,000-column row is no 100,000 strings).
    const values: number[] = [];
    const keep = this.keep;
    let start = 0;
    for (let field = 0, k = 0; k < keep.length; field++) {
      const end = line.indexOf(',', start);
      if (field === keep[k]) {
        const v = parseCell(end === -1 ? line.slice(start) : line.slice(start, end));
        if (v === undefined) {
          out.push({ type: 'bad-line', line: this.lineNo, reason: 'not a number' });
          return;
        }
        values.push(v);
        k += 1;
      }
      start = end + 1;
    }
    const epoch = values[this.epochAt];
    if (!Number.isInteger(epoch) || epoch < 0 || epoch > MAX_EPOCH) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: epoch > MAX_EPOCH ? `epoch ${epoch} is implausible` : 'epoch is not a whole number' });
      return;
    }
    // Seconds since the training started: a duration a training can take, nothing else.
    if (this.timeAt >= 0 && !plausibleDuration(values[this.timeAt])) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: `time ${values[this.timeAt]} is implausible` });
      return;
    }
    out.push({ type: 'row', epoch, values, line: this.lineNo });
  }

  private takeHeader(line: string, out: CsvEvent[]): void {
    const names = line.split(',').map((f) => f.trim());
    const keep = columnsRead(names);
    const columns = keep.map((i) => names[i]);
    if (this.columns && names.length === this.width && columns.join(',') === this.columns.join(',')) return;
    this.columns = columns;
    this.width = names.length;
    this.keep = keep;
    this.epochAt = columns.findIndex((c) => c.toLowerCase() === 'epoch');
    this.timeAt = columns.findIndex((c) => c.toLowerCase() === 'time');
    out.push({ type: 'header', columns, total: names.length, line: this.lineNo });
  }
}
