// The live source for one target: watches the folder, keeps one reader on the current run
// (switching when a newer run starts under a followed folder) and publishes snapshots.
import { relative } from 'node:path/posix';
import { followedLabel, newestRun, RUN_SEARCH_DEPTH, runTarget, type RunTarget, type Target } from '../discover/targets.js';
import { emptyRun } from '../model/run-store.js';
import { emptyTb } from '../model/tb-store.js';
import { TensorboardReader } from './tensorboard-reader.js';
import { EgressReader, type EgressOptions, type WatchOptions } from './egress-reader.js';
import { UltralyticsReader } from './ultralytics-reader.js';
import type { Watch } from './fs/run-fs.js';
import { coalesce } from './coalesce.js';
import { Heartbeat, type Beat } from './heartbeat.js';
import { backoff, type Backoff } from './backoff.js';
import { Notifier } from '../model/notifier.js';
import type { RecordSink } from '../model/record-stream.js';
import type { AnyRun, SessionSnapshot, WandbRun } from '../model/session.js';

interface Reader {
  readonly store: { subscribe(l: () => void): () => void; readonly snapshot: AnyRun };
  sync(live: boolean): Promise<void>;
  /** Called every tick after a sync: time-based work (accepting a quiet unterminated line). */
  idle?(): void;
  /** Characters of an unfinished last line that idle() may take once the file is quiet. */
  readonly pendingLength?: number;
  /** End of input (snapshot mode): accept whatever complete data is still pending. */
  finish(): void;
  /** No more reading: a long read under way ends at its next chunk (quitting does not wait for it). */
  stop?(): void;
}

const TICK_MS = 2000;
/** The slowest the looks get while nothing changes: events report changes, the looks are a safety net. */
const MAX_TICK_MS = 30_000;
// Time-based text (stalled, ETA, "no new row for") moves in steps: each step is a full redraw
// (20-60 ms of a core with the code gone cold), most of the idle cost with --no-gpu at 30-s steps.
const CLOCK_STEP_MS = 60_000;
const RESCAN_DEBOUNCE_MS = 200;
const RESCAN_EVERY_TICKS = 5;

export interface SessionOptions extends WatchOptions {
  /** The beat time-based text moves on with (the same as the GPU panel's, so one frame does both). */
  beat?: Beat;
  /** Every record the readers decode, for a stream (--json --follow); it may hold the readers back. */
  records?: RecordSink;
}

export const NO_EGRESS_OPTIONS: EgressOptions = { wandbDir: null, env: process.env.WANDB_DIR };

/** Folders never worth watching (environments, VCS, wandb's own tree, caches). */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'wandb', '.wandb', '.cache']);
/** The only files that matter to a run; watching nothing else keeps big dataset folders cheap. */
const WANTED = /(^results\.csv$|^args\.yaml$|^opt\.yaml$|^results\.png$|tfevents)/;

/** The egress reader that belongs to a run: its matched wandb run, or the wandb folder itself. */
export function egressFor(t: RunTarget, opts: EgressOptions, clock: () => number = Date.now): EgressReader | null {
  if (t.format === 'ultralytics') return new EgressReader({ kind: 'training', fs: t.fs, runDir: t.runDir }, opts, clock);
  if (t.format === 'wandb') return new EgressReader({ kind: 'wandb', fs: t.fs, dir: t.runDir }, opts, clock);
  return null;
}

/** What a run is called wherever it is shown: its host first when it is not on this machine. */
function shownLabel(t: RunTarget): string {
  return t.fs.host === null ? t.label : `${t.fs.host}:${t.label}`;
}

/** A wandb folder as a run: its egress reader seen through the Reader interface. */
function wandbReader(t: RunTarget, egress: EgressReader): Reader {
  const view = (): WandbRun => {
    const e = egress.store.snapshot;
    return { format: 'wandb', version: e.version, runDir: t.runDir, label: shownLabel(t), exists: e.run !== null, lastChangeAt: e.logChangedAt, warnings: e.warnings };
  };
  let cached = view();
  return {
    store: {
      subscribe: egress.store.subscribe,
      get snapshot() {
        if (cached.version !== egress.store.snapshot.version) cached = view();
        return cached;
      },
    },
    sync: () => egress.sync(),
    finish: () => {},
  };
}

export function createReader(t: RunTarget, clock: () => number = Date.now, egress: EgressReader | null = null, sink: RecordSink | null = null): Reader & { runDir: string } {
  if (t.format === 'ultralytics') {
    const r = new UltralyticsReader({ fs: t.fs, runDir: t.runDir, csvPath: t.csvPath, label: shownLabel(t) }, clock, sink);
    return Object.assign(r, { runDir: t.runDir });
  }
  if (t.format === 'wandb') return Object.assign(wandbReader(t, egress ?? (egressFor(t, NO_EGRESS_OPTIONS, clock) as EgressReader)), { runDir: t.runDir });
  const r = new TensorboardReader({ fs: t.fs, runDir: t.runDir, file: t.file, label: shownLabel(t) }, sink);
  return Object.assign(r, { runDir: t.runDir });
}

export class RunSession {
  private reader: (Reader & { runDir: string }) | null = null;
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;
  private unsubscribeStore: (() => void) | null = null;
  private watch: Watch | null = null;
  private stopped = false;
  private looks: Backoff | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private offBeat: (() => void) | null = null;
  private snap: SessionSnapshot;
  private egress: EgressReader | null = null;
  private unsubscribeEgress: (() => void) | null = null;
  private unsubscribeConnection: (() => void) | null = null;

  constructor(
    readonly target: Target,
    private opts: SessionOptions,
    private clock: () => number = Date.now,
    private egressOpts: EgressOptions = NO_EGRESS_OPTIONS,
  ) {
    const root = target.kind === 'run' ? target.runDir : target.root;
    const format = target.kind === 'run' ? target.format : target.formats[0];
    this.snap = { target, run: format === 'tensorboard' ? emptyTb(root) : emptyRun(root), egress: null, now: clock(), connection: target.fs.connection?.status() ?? null };
  }

  getSnapshot = (): SessionSnapshot => this.snap;

  /** Reads what is there now (so the first frame has it), then watches for changes. */
  async start(): Promise<void> {
    const t = this.target;
    const root = t.kind === 'run' ? t.runDir : t.root;
    const depth = t.kind === 'follow' ? RUN_SEARCH_DEPTH + 1 : t.format === 'ultralytics' ? 1 : 0;
    const spec = { root, depth, skipDirs: SKIP, files: WANTED, poll: this.opts.poll, pollIntervalMs: this.opts.pollIntervalMs };
    const link = t.fs.connection;
    if (link) this.unsubscribeConnection = link.subscribe(() => this.publish({ ...this.snap, connection: link.status() }));
    this.watch = t.fs.watch(spec, ({ event, path }) => this.onFsEvent(event, path));
    if (t.kind === 'run') this.use(t);
    else await this.rescan();
    await this.reader?.sync(true);
    // What appeared during the watcher's initial scan is not reported as a change: look once
    // more when it is ready (in the background: the first frame does not wait for it).
    void this.watch.ready.then(async () => {
      await this.rescan();
      return this.reader?.sync(true);
    });
    this.looks = backoff(() => this.look(), TICK_MS, MAX_TICK_MS);
    // Time-based text (ETA, "no new row for …", stalled) moves on in steps, on the shared beat.
    this.offBeat = (this.opts.beat ?? new Heartbeat(CLOCK_STEP_MS)).subscribe(() => {
      const now = this.clock();
      if (Math.floor(now / CLOCK_STEP_MS) !== Math.floor(this.snap.now / CLOCK_STEP_MS)) this.publish({ ...this.snap, now });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.looks?.stop();
    this.offBeat?.();
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.unsubscribeStore?.();
    this.unsubscribeEgress?.();
    this.unsubscribeConnection?.();
    this.reader?.stop?.();
    await Promise.all([this.watch?.close(), this.egress?.stop()]);
  }

  /** The user's pick among the unconfirmed wandb runs (a run folder), or null for the evidence alone. */
  pickWandbRun(dir: string | null): void {
    this.egress?.pick(dir);
  }

  private onFsEvent(event: string, path: string): void {
    this.looks?.wake();
    this.egress?.wake();
    const reader = this.reader;
    if (reader && isInside(reader.runDir, path)) void reader.sync(true);
    if (this.target.kind === 'follow' && event !== 'change') {
      if (this.rescanTimer) clearTimeout(this.rescanTimer);
      this.rescanTimer = setTimeout(() => void this.rescan(), RESCAN_DEBOUNCE_MS);
    }
  }

  /** Whether the look found anything (or has a quiet line to take): then the next comes soon. */
  private async look(): Promise<boolean> {
    this.ticks += 1;
    // Until a run is found, look every tick: a folder made while the watcher was still taking its
    // first look is not reported as a change.
    if (this.target.kind === 'follow' && (!this.reader || this.ticks % RESCAN_EVERY_TICKS === 0)) void this.rescan();
    const reader = this.reader;
    if (!reader) return true;
    const before = reader.store.snapshot;
    await reader.sync(true);
    reader.idle?.();
    return reader.store.snapshot !== before || (reader.pendingLength ?? 0) > 0;
  }

  /** Looks for the newest run under a followed folder; calls during a look share it and cause one more. */
  private readonly rescan: () => Promise<void> = coalesce(async () => {
    const t = this.target;
    if (t.kind !== 'follow') return;
    const newest = await newestRun(t.fs, t.root, t.formats);
    if (newest && newest.dir !== this.reader?.runDir && !this.stopped) {
      this.use(runTarget(t.fs, newest, followedLabel(t, newest.dir)));
      void this.reader?.sync(true);
    }
  });

  private use(t: RunTarget): void {
    this.unsubscribeStore?.();
    this.unsubscribeEgress?.();
    void this.egress?.stop();
    const egress = egressFor(t, this.egressOpts, this.clock);
    this.egress = egress;
    const reader = createReader(t, this.clock, egress, this.opts.records ?? null);
    this.reader = reader;
    this.unsubscribeStore = reader.store.subscribe(() => this.publish({ ...this.snap, run: reader.store.snapshot, now: this.clock() }));
    if (egress) {
      this.unsubscribeEgress = egress.store.subscribe(() => this.publish({ ...this.snap, egress: egress.store.snapshot }));
      void egress.start(this.opts);
    }
    this.publish({ ...this.snap, run: reader.store.snapshot, egress: egress?.store.snapshot ?? null });
  }

  private publish(next: SessionSnapshot): void {
    this.snap = next;
    this.notifier.changed();
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}
