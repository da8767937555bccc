import { runTarget } from '../../src/discover/targets.js';
import type { SessionSnapshot } from '../../src/model/session.js';
import { RunStore } from '../../src/model/run-store.js';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';
import { DETECT_COLUMNS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

/** A session over an in-memory store, for component tests. */
export class FakeSession {
  readonly store: RunStore;
  now = 1_700_000_000_000;
  private snap: SessionSnapshot;
  private listeners = new Set<() => void>();

  constructor(runDir = '/runs/detect/apex_yolo11n') {
    this.store = new RunStore(runDir);
    this.snap = { target: runTarget(LOCAL, { format: 'ultralytics', dir: runDir }), run: this.store.snapshot, egress: null, now: this.now };
    this.store.subscribe(() => {
      this.snap = { ...this.snap, run: this.store.snapshot, now: this.now };
      for (const l of this.listeners) l();
    });
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = () => this.snap;

  /** A detect run with `rows` epochs of `epochs`, rows written one minute apart. */
  grow(rows: number, epochs = 50, columns = DETECT_COLUMNS): this {
    const s = this.store;
    s.update(() => {
      s.setExists(true);
      s.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs }, this.now - rows * 60_000);
      if (s.snapshot.columns.length === 0) s.setHeader(['epoch', 'time', ...columns], 1);
      const start = s.snapshot.epochs.length;
      s.appendRows(
        Array.from({ length: rows }, (_, k) => {
          const i = start + k;
          return { epoch: i + 1, values: [i + 1, (i + 1) * 60, ...syntheticRow(columns, i, epochs)], line: i + 2 };
        }),
        null,
      );
      s.setFileTimes(this.now, false);
    });
    return this;
  }
}
