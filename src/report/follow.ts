// `--json --follow`: newline-delimited JSON events as they happen, for pipes and remote panes.
// Each line has `type` (epoch, scalar, gpu, egress, status, warning, alert), `ts` and `run`.
// Every row and scalar comes from the readers, as their record sink, once each, in file order:
// those already in the files first. The rest is what changed between snapshots.
import type { SessionSnapshot } from '../model/session.js';
import type { Alert } from '../model/alerts.js';
import type { GpuState } from '../model/gpu-store.js';
import { runCard } from '../model/run-card.js';
import { safeJson } from '../model/text.js';
import { describeWarning } from '../model/warnings.js';
import type { RecordSink, RunRef } from '../model/record-stream.js';
import type { CsvEvent } from '../sources/ultralytics/results-csv.js';
import { egressJson } from './egress-report.js';
import { gpuJson } from './gpu-report.js';

interface Seen {
  status: string;
  warnings: Set<string>;
  alerts: Set<string>;
  egress: string;
  runDir: string;
}

/** Where a results.csv stream is: its columns, and the highest epoch of this layout (repeats go back). */
interface CsvPlace {
  columns: readonly string[];
  epochAt: number;
  highest: number | null;
}

/** The output: write() returns false when its buffer is full, drained() settles when it is not. */
export interface Out {
  write(text: string | Uint8Array): boolean;
  drained(): Promise<void>;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
const number = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
/** Record lines are written in pieces of about this many characters. */
const PIECE = 64 << 10;

/** Prints the session snapshots' changes, and is the record sink of the readers (every row and scalar). */
export class FollowPrinter implements RecordSink {
  private seen = new Map<number, Seen>();
  private readonly gpuVersions = new Map<string | null, number>();
  private csv = new Map<string, CsvPlace>();
  private names = new Map<string, string>();
  private piece: string[] = [];
  private pieceLength = 0;
  /** The output refused a piece: the readers wait for it to drain. */
  private full = false;
  /** Stopped (SIGTERM): lines are no longer taken, so the last one written is whole. */
  private ended = false;
  /** The start of record lines by type and run: their `ts` moves on once per read, not per line. */
  private heads = new Map<string, string>();

  constructor(private readonly out: Out, private readonly totalTimesteps: number | null, private readonly clock: () => number = Date.now) {}

  /** A string as JSON, sanitised (tags and run names repeat: each is made once). */
  private json(text: string): string {
    let j = this.names.get(text);
    if (j === undefined) {
      j = safeJson(text);
      if (this.names.size < 100_000) this.names.set(text, j);
    }
    return j;
  }

  private head(type: string, run: RunRef): string {
    const key = type + run.label;
    let head = this.heads.get(key);
    if (head === undefined) {
      head = `{"type":"${type}","ts":"${new Date(this.clock()).toISOString()}","run":${this.json(run.label)},`;
      this.heads.set(key, head);
    }
    return head;
  }

  private put(line: string): void {
    if (this.ended) return;
    this.piece.push(line);
    this.pieceLength += line.length;
    if (this.pieceLength >= PIECE) this.flush();
  }

  private flush(): void {
    if (this.pieceLength === 0) return;
    if (!this.out.write(Buffer.from(this.piece.join('')))) this.full = true;
    this.piece = [];
    this.pieceLength = 0;
  }

  scalar(run: RunRef, tag: string, step: number, value: number, wallTime: number): void {
    this.put(`${this.head('scalar', run)}"tag":${this.json(tag)},"step":${step},"value":${number(value)},"wall_time":${number(wallTime)}}\n`);
  }

  rows(run: RunRef, events: readonly CsvEvent[]): void {
    for (const e of events) {
      const line = this.csvLine(run.runDir, e);
      if (line) this.put(`${this.head('epoch', run)}${line}}\n`);
    }
  }

  /** Writes what is pending and takes no more records. */
  end(): void {
    this.flush();
    this.ended = true;
  }

  ready(): void | Promise<void> {
    this.flush();
    this.heads.clear();
    if (!this.full) return;
    this.full = false;
    return this.out.drained();
  }

  /** An epoch event's fields for a results.csv row (a header only sets the columns). */
  private csvLine(runDir: string, e: CsvEvent): string | null {
    if (e.type === 'bad-line') return null;
    if (e.type === 'header') {
      this.csv.set(runDir, { columns: e.columns, epochAt: e.columns.findIndex((c) => c.toLowerCase() === 'epoch'), highest: null });
      return null;
    }
    const place = this.csv.get(runDir);
    if (!place) return null;
    const values: Record<string, number | null> = {};
    place.columns.forEach((c, k) => {
      if (k !== place.epochAt) values[c] = finiteOrNull(e.values[k]);
    });
    // A resume writes epochs again: each row is told, and a row that goes back says so.
    const repeat = place.highest !== null && e.epoch <= place.highest;
    place.highest = Math.max(place.highest ?? e.epoch, e.epoch);
    return `"epoch":${e.epoch},"repeat":${repeat},"line":${e.line},"values":${safeJson(values)}`;
  }

  private emit(type: string, run: string | null, body: Record<string, unknown>): void {
    this.flush();
    if (!this.out.write(safeJson({ type, ts: new Date(this.clock()).toISOString(), run, ...body }) + '\n')) this.full = true;
  }

  /** Emits what changed in session `i` since the last call. */
  session(i: number, s: SessionSnapshot): void {
    const run = s.run;
    let seen = this.seen.get(i);
    if (!seen || seen.runDir !== run.runDir) {
      seen = { status: '', warnings: new Set(), alerts: new Set(), egress: '', runDir: run.runDir };
      this.seen.set(i, seen);
    }
    const name = run.label;
    const card = runCard(s, this.totalTimesteps);
    this.status(seen, name, card.status);
    this.alerts(seen, name, card.alerts);
    for (const w of run.warnings) {
      const text = describeWarning(w);
      if (!seen.warnings.has(w.cause + text)) {
        seen.warnings.add(w.cause + text);
        this.emit('warning', name, { message: text });
      }
    }
    if (s.egress) {
      const e = egressJson(s.egress, s.now);
      const key = JSON.stringify([
        e.state, e.match, e.candidates.length, e.staged_bytes, e.files, e.stats_records, e.history_rows, e.projected_bytes,
        e.sent_bytes, e.queue.state, e.uploader_status, e.artifacts.length, e.uploads?.uploaded_files, e.uploads?.uploaded_count, e.uploads?.failed.length,
      ]);
      if (key !== seen.egress) {
        seen.egress = key;
        this.emit('egress', name, e);
      }
    }
  }

  private status(seen: Seen, run: string, status: string): void {
    if (status !== seen.status) {
      seen.status = status;
      this.emit('status', run, { status });
    }
  }

  private alerts(seen: Seen, run: string, alerts: readonly Alert[]): void {
    for (const a of alerts) {
      if (seen.alerts.has(a.key)) continue;
      seen.alerts.add(a.key);
      this.emit('alert', run, { level: a.level, message: a.message });
    }
  }

  /** `machine`: the host the GPUs are on, when not this machine (one sampler per host). */
  gpu(s: GpuState, machine: string | null = null): void {
    if (s.version === this.gpuVersions.get(machine)) return;
    this.gpuVersions.set(machine, s.version);
    this.emit('gpu', null, machine === null ? gpuJson(s) : { machine, ...gpuJson(s) });
  }
}
