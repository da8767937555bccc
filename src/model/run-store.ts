// The run store for one Ultralytics training run: what results.csv and args.yaml said, kept as
// column arrays for the charts. Plain TypeScript: callers pass the time in.
import { EMPTY_ARGS, type RunArgs } from '../sources/ultralytics/args-yaml.js';
import { columnRole, type ColumnRole } from './columns.js';
import { Notifier } from './notifier.js';
import { addWarning, type Warning } from './warnings.js';

/** Rows of a results.csv as it was before it was truncated or rewritten. */
export interface Segment {
  readonly columns: readonly string[];
  readonly epochs: readonly number[];
  readonly values: readonly (readonly number[])[];
}

export interface RunState {
  readonly format: 'ultralytics';
  readonly version: number;
  /** The folder being watched for this run (may not exist yet). */
  readonly runDir: string;
  /** How the run is named on screen: its folder's name, or a path relative to a followed folder. */
  readonly label: string;
  readonly exists: boolean;
  readonly args: RunArgs;
  readonly columns: readonly string[];
  readonly roles: readonly ColumnRole[];
  /** x values: the epoch number as written in the file. */
  readonly epochs: readonly number[];
  /** One array per column, aligned with `columns` (the epoch column included). */
  readonly values: readonly (readonly number[])[];
  /** Wall-clock ms when each row was first seen while watching; null for rows read at start. */
  readonly arrivals: readonly (number | null)[];
  /** Rows set aside when the file restarted its epochs (a new training in the same file). */
  readonly setAside: number;
  /** The rows read before the file was last truncated, replaced or rewritten: kept, drawn dimmed. */
  readonly earlier: Segment | null;
  /** When training started (args.yaml written), ms. */
  readonly startedAt: number | null;
  /** Last time results.csv changed, ms. */
  readonly lastChangeAt: number | null;
  /** When the tool first read the run, ms. */
  readonly openedAt: number | null;
  /** results.png exists and is not older than results.csv: the trainer reached its end. */
  readonly trainEnded: boolean;
  readonly warnings: readonly Warning[];
}

export function baseName(path: string): string {
  return path.split(/[\\/]+/).filter(Boolean).at(-1) ?? path;
}

export function emptyRun(runDir: string, label = baseName(runDir)): RunState {
  return {
    format: 'ultralytics', version: 0, runDir, label, exists: false, args: EMPTY_ARGS, columns: [], roles: [], epochs: [], values: [],
    arrivals: [], setAside: 0, earlier: null, startedAt: null, lastChangeAt: null, openedAt: null, trainEnded: false, warnings: [],
  };
}

export class RunStore {
  private state: RunState;
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;

  constructor(runDir: string, label?: string) {
    this.state = emptyRun(runDir, label);
  }

  get snapshot(): RunState {
    return this.state;
  }

  /** Group several changes into one notification. */
  update(fn: () => void): void {
    this.notifier.batch(fn);
  }

  private set(patch: Partial<RunState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    this.notifier.changed();
  }

  setExists(exists: boolean): void {
    if (exists !== this.state.exists) this.set({ exists });
  }

  setArgs(args: RunArgs, startedAt: number | null): void {
    this.set({ args, startedAt });
  }

  setOpenedAt(openedAt: number): void {
    if (this.state.openedAt === null) this.set({ openedAt });
  }

  setFileTimes(lastChangeAt: number | null, trainEnded: boolean): void {
    if (lastChangeAt !== this.state.lastChangeAt || trainEnded !== this.state.trainEnded) {
      this.set({ lastChangeAt, trainEnded });
    }
  }

  warn(cause: string, message: string): void {
    this.set({ warnings: addWarning(this.state.warnings, cause, message) });
  }

  /** A header line: a new column layout starts a new series (a header changing mid-file is warned). */
  setHeader(columns: string[], line: number): void {
    const s = this.state;
    if (s.epochs.length > 0) {
      this.set({ warnings: addWarning(s.warnings, 'header-changed', `results.csv header changed at line ${line}; charts restart there`) });
    }
    this.set({
      columns,
      roles: columns.map(columnRole),
      epochs: [],
      values: columns.map(() => []),
      arrivals: [],
      setAside: this.state.setAside + this.state.epochs.length,
    });
  }

  /** The file was truncated, replaced or rewritten: everything will be read again; what was read is kept as the earlier segment. */
  restart(reason: string): void {
    const s = this.state;
    this.set({
      earlier: s.epochs.length > 0 ? { columns: s.columns, epochs: s.epochs, values: s.values } : s.earlier,
      columns: [], roles: [], epochs: [], values: [], arrivals: [], setAside: 0, trainEnded: false,
      warnings: addWarning(this.state.warnings, 'file-reset', reason),
    });
  }

  /** Rows in file order. An epoch that goes back means a resume (rows from there are replaced) or a restart. */
  appendRows(rows: readonly { epoch: number; values: readonly number[]; line: number }[], arrivedAt: number | null): void {
    if (rows.length === 0) return;
    const s = this.state;
    let epochs = s.epochs.slice();
    let values = s.values.map((v) => v.slice());
    let arrivals = s.arrivals.slice();
    let setAside = s.setAside;
    let warnings = s.warnings;
    for (const { epoch, values: row, line } of rows) {
      const last = epochs.at(-1);
      if (last !== undefined && epoch <= last) {
        if (epoch <= epochs[0]) {
          setAside += epochs.length;
          warnings = addWarning(warnings, 'restart', `epochs restart at ${epoch} (line ${line}): a new training in the same file; ${setAside} earlier rows set aside`);
          epochs = [];
          values = values.map(() => []);
          arrivals = [];
        } else {
          const keep = epochs.findIndex((e) => e >= epoch);
          warnings = addWarning(warnings, 'repeat', `epoch ${epoch} written again (line ${line}), as after a resume; the later row is kept`);
          epochs.length = keep;
          values.forEach((v) => (v.length = keep));
          arrivals.length = keep;
        }
      }
      epochs.push(epoch);
      values.forEach((v, i) => v.push(row[i]));
      arrivals.push(arrivedAt);
    }
    this.set({ epochs, values, arrivals, setAside, warnings });
  }
}
