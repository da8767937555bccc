// The run store for one Ultralytics training run: what results.csv and args.yaml said, its rows
// kept as typed columns (row-table.ts) for the charts. Plain TypeScript: callers pass the time in.
import { EMPTY_ARGS, type RunArgs } from '../sources/ultralytics/args-yaml.js';
import { columnRole, type ColumnRole } from './columns.js';
import { Notifier } from './notifier.js';
import { EMPTY_COLUMN, RowTable, type TableView } from './row-table.js';
import { addWarning, type Warning } from './warnings.js';
import { thousands } from './units.js';

/** Rows of a results.csv as it was before it was truncated or rewritten. */
export interface Segment {
  readonly columns: readonly string[];
  readonly epochs: Float64Array;
  readonly values: readonly Float64Array[];
}

/** A run's state; its rows (epochs, values, arrivals, stats, best: row-table.ts) are of its current header. */
export interface RunState extends TableView {
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
  /** Rows set aside when the file restarted its epochs (a new training in the same file). */
  readonly setAside: number;
  /** The rows read before the file was last truncated, replaced or rewritten: kept, drawn dimmed. */
  readonly earlier: Segment | null;
  /** When training started (args.yaml written), ms on this machine's clock. */
  readonly startedAt: number | null;
  /** Last time results.csv changed, by its file time, ms on this machine's clock. */
  readonly lastChangeAt: number | null;
  /** When the tool first read the run, ms. */
  readonly openedAt: number | null;
  /** When the tool last saw the run grow (new rows while it watched), ms; null: never. */
  readonly grewAt: number | null;
  /** results.png exists and is not older than results.csv: the trainer reached its end. */
  readonly trainEnded: boolean;
  readonly warnings: readonly Warning[];
}

/** The warning cause of a results.csv read in its first columns only (said by every face, export too). */
export const COLUMNS_CAPPED = 'columns-capped';

export function baseName(path: string): string {
  return path.split(/[\\/]+/).filter(Boolean).at(-1) ?? path;
}

const EMPTY_TABLE = { epochs: EMPTY_COLUMN, values: [], arrivals: EMPTY_COLUMN, rows: 0, thinned: 0, stats: [], best: null } as const;

export function emptyRun(runDir: string, label = baseName(runDir)): RunState {
  return {
    format: 'ultralytics', version: 0, runDir, label, exists: false, args: EMPTY_ARGS, columns: [], roles: [], ...EMPTY_TABLE,
    setAside: 0, earlier: null, startedAt: null, lastChangeAt: null, openedAt: null, grewAt: null, trainEnded: false, warnings: [],
  };
}

export class RunStore {
  private state: RunState;
  private table: RowTable | null = null;
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;

  /** `maxCells`: the most cells the rows keep before they are thinned (row-table.ts). */
  constructor(runDir: string, label?: string, private readonly maxCells?: number) {
    this.state = emptyRun(runDir, label);
  }

  get snapshot(): RunState {
    return this.state;
  }

  /** Group several changes into one notification. */
  update(fn: () => void): void {
    this.notifier.batch(fn);
  }

  /** As update, across awaits (a reader's pass); progress() shows what it has so far. */
  updateAsync(fn: () => Promise<void>): Promise<void> {
    return this.notifier.batchAsync(fn);
  }

  progress(): void {
    this.notifier.progress();
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

  /** The tool saw the run grow at `at` (this machine's clock). */
  setGrewAt(at: number): void {
    if (this.state.grewAt === null || at > this.state.grewAt) this.set({ grewAt: at });
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
    const roles = columns.map(columnRole);
    this.table = new RowTable(roles, this.maxCells);
    this.set({ columns, roles, ...this.table.view(), setAside: this.state.setAside + this.state.rows });
  }

  /** The file was truncated, replaced or rewritten: everything will be read again; what was read is kept as the earlier segment. */
  restart(reason: string): void {
    const s = this.state;
    this.table = null;
    this.set({
      earlier: s.epochs.length > 0 ? { columns: s.columns, epochs: s.epochs, values: s.values } : s.earlier,
      columns: [], roles: [], ...EMPTY_TABLE, setAside: 0, trainEnded: false,
      warnings: addWarning(this.state.warnings, 'file-reset', reason),
    });
  }

  /**
   * Rows in file order (`arrivedAt`: when they were seen, null for rows read at start). An epoch
   * that goes back means a resume (rows from there are replaced) or a restart.
   */
  appendRows(rows: readonly { epoch: number; values: readonly number[]; line: number }[], arrivedAt: number | null): void {
    let table = this.table;
    if (rows.length === 0 || !table) return;
    let setAside = this.state.setAside;
    let warnings = this.state.warnings;
    const at = arrivedAt ?? NaN;
    for (const { epoch, values, line } of rows) {
      const last = table.lastEpoch;
      if (last !== undefined && epoch <= last) {
        if (epoch <= (table.firstEpoch as number)) {
          setAside += table.taken;
          warnings = addWarning(warnings, 'restart', `epochs restart at ${epoch} (line ${line}): a new training in the same file; ${setAside} earlier rows set aside`);
          table = this.table = new RowTable(this.state.roles, this.maxCells);
        } else {
          warnings = addWarning(warnings, 'repeat', `epoch ${epoch} written again (line ${line}), as after a resume; the later row is kept`);
          table.cutFrom(epoch);
        }
      }
      if (table.full) {
        warnings = addWarning(warnings, 'rows-thinned', `results.csv has over ${thousands(table.maxRows)} rows: the charts keep fewer of the older ones (every second one each time that many are reached); every row counts in the numbers shown, and --json --follow and export carry every row`);
      }
      table.append(epoch, values, at);
    }
    this.set({ ...table.view(), setAside, warnings });
  }
}
