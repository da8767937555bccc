// The live source for one target: watches the folder, keeps one reader on the current run
// (switching when a newer run starts under a followed folder) and publishes snapshots.
import { join, relative, sep } from 'node:path';
import { newestRunDir, RUN_SEARCH_DEPTH, runTarget, type Target } from '../discover/ultralytics.js';
import { emptyRun, type RunState } from '../model/run-store.js';
import { UltralyticsReader } from './ultralytics-reader.js';
import { watchTree, type TreeWatch, type WatchOptions } from './watch-tree.js';

export interface SessionSnapshot {
  readonly target: Target;
  readonly run: RunState;
  /** Coarse wall clock (ms), advanced every few seconds so time-based status can move. */
  readonly now: number;
}

const TICK_MS = 2000;
const CLOCK_STEP_MS = 5000;
const QUIET_FLUSH_MS = 2000;
const RESCAN_DEBOUNCE_MS = 200;
const RESCAN_EVERY_TICKS = 5;

export class UltralyticsSession {
  private reader: UltralyticsReader | null = null;
  private listeners = new Set<() => void>();
  private unsubscribeStore: (() => void) | null = null;
  private watch: TreeWatch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private snap: SessionSnapshot;

  constructor(readonly target: Target, private opts: WatchOptions, private clock: () => number = Date.now) {
    const root = target.kind === 'run' ? target.runDir : target.root;
    this.snap = { target, run: emptyRun(root), now: clock() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snap;

  async start(): Promise<void> {
    const root = this.target.kind === 'run' ? this.target.runDir : this.target.root;
    const depth = this.target.kind === 'run' ? 1 : RUN_SEARCH_DEPTH + 1;
    this.watch = watchTree(root, depth, this.opts, ({ event, path }) => this.onFsEvent(event, path));
    if (this.target.kind === 'run') this.use(runTarget(this.target.runDir, this.target.csvPath, this.target.label));
    else this.rescan();
    await this.reader?.sync(true);
    // What appeared during the watcher's initial scan is not reported as a change: look once more.
    await this.watch.ready;
    this.rescan();
    await this.reader?.sync(true);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.unsubscribeStore?.();
    await this.watch?.close();
  }

  private onFsEvent(event: string, path: string): void {
    const reader = this.reader;
    if (reader && isInside(reader.files.runDir, path)) void reader.sync(true);
    if (this.target.kind === 'follow' && event !== 'change') {
      if (this.rescanTimer) clearTimeout(this.rescanTimer);
      this.rescanTimer = setTimeout(() => this.rescan(), RESCAN_DEBOUNCE_MS);
    }
  }

  private tick(): void {
    this.ticks += 1;
    const reader = this.reader;
    // Until a run is found, look every tick: a folder made while the watcher was still taking its
    // first look is not reported as a change.
    if (this.target.kind === 'follow' && (!this.reader || this.ticks % RESCAN_EVERY_TICKS === 0)) this.rescan();
    if (reader) {
      void reader.sync(true).then(() => {
        if (reader.pendingLength > 0 && reader.quietMs >= QUIET_FLUSH_MS) reader.flush(true);
      });
    }
    const now = this.clock();
    if (Math.floor(now / CLOCK_STEP_MS) !== Math.floor(this.snap.now / CLOCK_STEP_MS)) {
      this.publish({ ...this.snap, now });
    }
  }

  private rescan(): void {
    if (this.target.kind !== 'follow') return;
    const newest = newestRunDir(this.target.root);
    if (newest && newest !== this.reader?.files.runDir) {
      const label = relative(join(this.target.root, '..'), newest) || newest;
      this.use(runTarget(newest, join(newest, 'results.csv'), label));
      void this.reader?.sync(true);
    }
  }

  private use(t: Target): void {
    if (t.kind !== 'run') return;
    this.unsubscribeStore?.();
    const reader = new UltralyticsReader({ runDir: t.runDir, csvPath: t.csvPath, label: t.label }, this.clock);
    this.reader = reader;
    this.unsubscribeStore = reader.store.subscribe(() => this.publish({ ...this.snap, run: reader.store.snapshot, now: this.clock() }));
    this.publish({ ...this.snap, run: reader.store.snapshot });
  }

  private publish(next: SessionSnapshot): void {
    this.snap = next;
    for (const l of this.listeners) l();
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
}
