// The live source for one target: watches the folder, keeps one reader on the current run
// (switching when a newer run starts under a followed folder) and publishes snapshots.
import { dirname, relative, sep } from 'node:path';
import { newestRun, RUN_SEARCH_DEPTH, runTarget, type RunTarget, type Target } from '../discover/targets.js';
import { emptyRun, type RunState } from '../model/run-store.js';
import { emptyTb, type TbState } from '../model/tb-store.js';
import { TensorboardReader } from './tensorboard-reader.js';
import { UltralyticsReader } from './ultralytics-reader.js';
import { watchTree, type TreeWatch, type WatchOptions } from './watch-tree.js';

export type AnyRun = RunState | TbState;

export interface SessionSnapshot {
  readonly target: Target;
  readonly run: AnyRun;
  /** Coarse wall clock (ms), advanced every few seconds so time-based status can move. */
  readonly now: number;
}

interface Reader {
  readonly store: { subscribe(l: () => void): () => void; readonly snapshot: AnyRun };
  sync(live: boolean): Promise<void>;
  /** Called every tick after a sync: time-based work (accepting a quiet unterminated line). */
  idle?(): void;
  /** End of input (snapshot mode): accept whatever complete data is still pending. */
  finish(): void;
}

const TICK_MS = 2000;
const CLOCK_STEP_MS = 5000;
const RESCAN_DEBOUNCE_MS = 200;
const RESCAN_EVERY_TICKS = 5;

export function createReader(t: RunTarget, clock: () => number = Date.now): Reader & { runDir: string } {
  if (t.format === 'ultralytics') {
    const r = new UltralyticsReader({ runDir: t.runDir, csvPath: t.csvPath, label: t.label }, clock);
    return Object.assign(r, { runDir: t.runDir });
  }
  const r = new TensorboardReader({ runDir: t.runDir, file: t.file, label: t.label });
  return Object.assign(r, { runDir: t.runDir });
}

export class RunSession {
  private reader: (Reader & { runDir: string }) | null = null;
  private listeners = new Set<() => void>();
  private unsubscribeStore: (() => void) | null = null;
  private watch: TreeWatch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private snap: SessionSnapshot;

  constructor(readonly target: Target, private opts: WatchOptions, private clock: () => number = Date.now) {
    const root = target.kind === 'run' ? target.runDir : target.root;
    const format = target.kind === 'run' ? target.format : target.formats[0];
    this.snap = { target, run: format === 'tensorboard' ? emptyTb(root) : emptyRun(root), now: clock() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snap;

  /** Reads what is there now (so the first frame has it), then watches for changes. */
  async start(): Promise<void> {
    const t = this.target;
    const root = t.kind === 'run' ? t.runDir : t.root;
    const depth = t.kind === 'follow' ? RUN_SEARCH_DEPTH + 1 : t.format === 'ultralytics' ? 1 : 0;
    this.watch = watchTree(root, depth, this.opts, ({ event, path }) => this.onFsEvent(event, path));
    if (t.kind === 'run') this.use(t);
    else this.rescan();
    await this.reader?.sync(true);
    // What appeared during the watcher's initial scan is not reported as a change: look once
    // more when it is ready (in the background: the first frame does not wait for it).
    void this.watch.ready.then(() => {
      this.rescan();
      return this.reader?.sync(true);
    });
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
    if (reader && isInside(reader.runDir, path)) void reader.sync(true);
    if (this.target.kind === 'follow' && event !== 'change') {
      if (this.rescanTimer) clearTimeout(this.rescanTimer);
      this.rescanTimer = setTimeout(() => this.rescan(), RESCAN_DEBOUNCE_MS);
    }
  }

  private tick(): void {
    this.ticks += 1;
    // Until a run is found, look every tick: a folder made while the watcher was still taking its
    // first look is not reported as a change.
    if (this.target.kind === 'follow' && (!this.reader || this.ticks % RESCAN_EVERY_TICKS === 0)) this.rescan();
    const reader = this.reader;
    if (reader) void reader.sync(true).then(() => reader.idle?.());
    const now = this.clock();
    if (Math.floor(now / CLOCK_STEP_MS) !== Math.floor(this.snap.now / CLOCK_STEP_MS)) {
      this.publish({ ...this.snap, now });
    }
  }

  private rescan(): void {
    const t = this.target;
    if (t.kind !== 'follow') return;
    const newest = newestRun(t.root, t.formats);
    if (newest && newest.dir !== this.reader?.runDir) {
      const label = relative(dirname(t.root), newest.dir) || newest.dir;
      this.use(runTarget(newest, label));
      void this.reader?.sync(true);
    }
  }

  private use(t: RunTarget): void {
    this.unsubscribeStore?.();
    const reader = createReader(t, this.clock);
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
