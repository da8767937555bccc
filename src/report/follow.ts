// `--json --follow`: newline-delimited JSON events as they happen, for pipes and remote panes.
// Each line has `type` (epoch, scalar, gpu, egress, status, warning, alert), `ts` and `run`.
// Rows already in the file when it starts come first, in order.
import type { SessionSnapshot } from '../live/run-session.js';
import { tensorboardAlerts, ultralyticsAlerts } from '../model/alerts.js';
import type { GpuState } from '../model/gpu-store.js';
import { viewRun } from '../model/run-view.js';
import { viewTb } from '../model/tb-view.js';
import { safeJson } from '../model/text.js';
import { describeWarning } from '../model/warnings.js';
import { egressJson } from './egress-report.js';
import { gpuJson } from './gpu-report.js';

interface Seen {
  rows: number;
  points: Map<string, number>;
  status: string;
  warnings: Set<string>;
  alerts: Set<string>;
  egress: string;
  runDir: string;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export class FollowPrinter {
  private seen = new Map<number, Seen>();
  private gpuVersion = -1;
  /** Per session and tag: the step of the last scalar emitted. */
  private lastStep = new Map<string, number>();

  constructor(private readonly write: (line: string) => void, private readonly totalTimesteps: number | null, private readonly clock: () => number = Date.now) {}

  private emit(type: string, run: string | null, body: Record<string, unknown>): void {
    this.write(safeJson({ type, ts: new Date(this.clock()).toISOString(), run, ...body }) + '\n');
  }

  /** Emits what changed in session `i` since the last call. */
  session(i: number, s: SessionSnapshot): void {
    const run = s.run;
    let seen = this.seen.get(i);
    if (!seen || seen.runDir !== run.runDir) {
      seen = { rows: 0, points: new Map(), status: '', warnings: new Set(), alerts: new Set(), egress: '', runDir: run.runDir };
      this.seen.set(i, seen);
    }
    const name = run.label;
    if (run.format === 'ultralytics') {
      if (run.epochs.length < seen.rows) seen.rows = 0;
      for (let r = seen.rows; r < run.epochs.length; r++) {
        const values: Record<string, number | null> = {};
        run.columns.forEach((c, k) => {
          if (run.roles[k].kind !== 'epoch') values[c] = finiteOrNull(run.values[k][r]);
        });
        this.emit('epoch', name, { epoch: run.epochs[r], values });
      }
      seen.rows = run.epochs.length;
      const view = viewRun(run, s.now);
      this.status(seen, name, view.status);
      this.alerts(seen, name, ultralyticsAlerts(run, view));
    } else if (run.format === 'tensorboard') {
      for (const [tag, x] of run.tags) {
        const before = seen.points.get(tag) ?? 0;
        if (x.count === before) continue;
        // Points not kept in memory cannot be replayed: the kept ones after the last emitted step are.
        const lastStep = seen.points.has(tag) ? (this.lastStep.get(`${i}:${tag}`) ?? -Infinity) : -Infinity;
        for (const p of x.points()) if (p.step > lastStep) this.emit('scalar', name, { tag, step: p.step, value: finiteOrNull(p.value) });
        seen.points.set(tag, x.count);
        this.lastStep.set(`${i}:${tag}`, x.last?.step ?? lastStep);
      }
      const view = viewTb(run, s.now, this.totalTimesteps);
      this.status(seen, name, view.status);
      this.alerts(seen, name, tensorboardAlerts(run, view));
    }
    for (const w of run.warnings) {
      const text = describeWarning(w);
      if (!seen.warnings.has(w.cause + text)) {
        seen.warnings.add(w.cause + text);
        this.emit('warning', name, { message: text });
      }
    }
    if (s.egress) {
      const e = egressJson(s.egress, s.now);
      const key = JSON.stringify([e.state, e.match, e.candidates.length, e.staged_bytes, e.files, e.stats_records, e.history_rows, e.projected_bytes]);
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

  private alerts(seen: Seen, run: string, alerts: { key: string; level: string; message: string }[]): void {
    for (const a of alerts) {
      if (seen.alerts.has(a.key)) continue;
      seen.alerts.add(a.key);
      this.emit('alert', run, { level: a.level, message: a.message });
    }
  }

  gpu(s: GpuState): void {
    if (s.version === this.gpuVersion) return;
    this.gpuVersion = s.version;
    this.emit('gpu', null, gpuJson(s));
  }
}
