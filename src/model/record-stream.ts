// What a reader hands a stream consumer (--json --follow, export --csv) as it decodes: every
// record once, in file order, before the store's downsampling. Nothing is kept for it: a scalar
// is passed as plain numbers while its record is decoded, so a long file costs no memory here.
import type { CsvEvent } from '../sources/ultralytics/results-csv.js';

/** The run a record belongs to. */
export interface RunRef {
  readonly runDir: string;
  readonly label: string;
}

/** Called with one scalar the store took. */
export type ScalarSink = (tag: string, step: number, value: number, wallTime: number) => void;

export interface RecordSink {
  scalar(run: RunRef, tag: string, step: number, value: number, wallTime: number): void;
  /** results.csv lines as decoded: headers, rows, bad lines. */
  rows(run: RunRef, events: readonly CsvEvent[]): void;
  /** Asked after each read: a promise holds the reader back until the sink can take more (back-pressure). */
  ready(): void | Promise<void>;
}
