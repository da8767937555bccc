// Incremental reader for Ultralytics results.csv (and YOLOv5's): bytes in, header/row events out.
// Pure: no I/O, no timers. The caller feeds appended bytes and decides when the file is quiet
// enough to accept an unterminated last line (flush).

export type CsvEvent =
  | { type: 'header'; columns: string[]; line: number }
  | { type: 'row'; epoch: number; values: number[]; line: number }
  | { type: 'bad-line'; line: number; reason: string };

/** A line longer than this is not a results.csv row: it is dropped, never buffered without end. */
export const MAX_LINE = 1 << 20;

/** No training runs this many epochs: a larger epoch is a damaged line, not progress. */
export const MAX_EPOCH = 1_000_000;

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

function looksLikeHeader(fields: string[]): boolean {
  return fields.some((f) => f.trim().toLowerCase() === 'epoch');
}

export class ResultsCsvDecoder {
  private text = new TextDecoder('utf-8');
  private pending = '';
  private lineNo = 0;
  private columns: string[] | null = null;
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
    const fields = rest.replace(/\r$/, '').split(',');
    if (rest.trim() === '' || (this.columns && !looksLikeHeader(fields) && fields.length < this.columns.length)) {
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
    const fields = line.split(',');
    if (looksLikeHeader(fields)) {
      const columns = fields.map((f) => f.trim());
      if (this.columns && columns.join(',') === this.columns.join(',')) return;
      this.columns = columns;
      out.push({ type: 'header', columns, line: this.lineNo });
      return;
    }
    if (!this.columns) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: 'row before any header' });
      return;
    }
    // Tolerate one trailing empty field (a trailing comma), nothing else.
    if (fields.length === this.columns.length + 1 && fields[fields.length - 1].trim() === '') fields.pop();
    if (fields.length !== this.columns.length) {
      out.push({
        type: 'bad-line',
        line: this.lineNo,
        reason: `${fields.length} fields, header has ${this.columns.length}`,
      });
      return;
    }
    const values: number[] = [];
    for (const field of fields) {
      const v = parseCell(field);
      if (v === undefined) {
        out.push({ type: 'bad-line', line: this.lineNo, reason: 'not a number' });
        return;
      }
      values.push(v);
    }
    const epochIndex = this.columns.findIndex((c) => c.toLowerCase() === 'epoch');
    const epoch = values[epochIndex];
    if (!Number.isInteger(epoch) || epoch < 0 || epoch > MAX_EPOCH) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: epoch > MAX_EPOCH ? `epoch ${epoch} is implausible` : 'epoch is not a whole number' });
      return;
    }
    // Seconds since the training started: never negative, never infinite.
    const time = values[this.columns.findIndex((c) => c.toLowerCase() === 'time')];
    if (time !== undefined && (time < 0 || time === Infinity)) {
      out.push({ type: 'bad-line', line: this.lineNo, reason: `time ${time} is implausible` });
      return;
    }
    out.push({ type: 'row', epoch, values, line: this.lineNo });
  }
}
