// The live source for one target: watches the folder, keeps one reader on the current run
// (switching when a newer run starts under a followed folder, and saying so) and publishes snapshots.
import { relative } from 'node:path/posix';
import type { RunTarget, Target } from '../discover/targets.js';
import type { EgressOptions, WatchOptions } from './egress-reader.js';
import type { Watch } from './fs/run-fs.js';
import { coalesce } from './coalesce.js';
import { Heartbeat, type Beat } from './heartbeat.js';
import { backoff, type Backoff } from './backoff.js';
import { Notifier } from '../model/notifier.js';
import type { RecordSink } from '../model/record-stream.js';
import type { SessionSnapshot } from '../model/session.js';
import { hasData } from '../model/run-card.js';
import { emptyRunOf, followedRun, NO_EGRESS_OPTIONS, openRun, watchDepth, type OpenedRun } from './open-run.js';

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

/** Folders never worth watching (environments, VCS, wandb's own tree, caches). */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'wandb', '.wandb', '.cache']);
/** The only files that matter to a run; watching nothing else keeps big dataset folders cheap. */
const WANTED = /(^results\.csv$|^args\.yaml$|^opt\.yaml$|^results\.png$|tfevents)/;

export class RunSession {
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;
  private opened: OpenedRun | null = null;
  private unsubscribeStore: (() => void) | null = null;
  private watch: Watch | null = null;
  private stopped = false;
  private looks: Backoff | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private offBeat: (() => void) | null = null;
  private snap: SessionSnapshot;
  private unsubscribeEgress: (() => void) | null = null;
  private unsubscribeConnection: (() => void) | null = null;

  constructor(
    readonly target: Target,
    private opts: SessionOptions,
    private clock: () => number = Date.now,
    private egressOpts: EgressOptions = NO_EGRESS_OPTIONS,
  ) {
    this.snap = { target, run: emptyRunOf(target), egress: null, now: clock(), connection: target.fs.connection?.status() ?? null };
  }

  getSnapshot = (): SessionSnapshot => this.snap;

  /** Reads what is there now (so the first frame has it), then watches for changes. */
  async start(): Promise<void> {
    const t = this.target;
    const root = t.kind === 'run' ? t.runDir : t.root;
    const spec = { root, depth: watchDepth(t), skipDirs: SKIP, files: WANTED, poll: this.opts.poll, pollIntervalMs: this.opts.pollIntervalMs };
    const link = t.fs.connection;
    if (link) this.unsubscribeConnection = link.subscribe(() => this.publish({ ...this.snap, connection: link.status() }));
    this.watch = t.fs.watch(spec, ({ event, path }) => this.onFsEvent(event, path));
    if (t.kind === 'run') this.use(t);
    else await this.rescan();
    await this.opened?.reader.sync(true);
    // Stopped while it read (quit before the first frame): nothing more is started.
    if (this.stopped) return;
    // What appeared during the watcher's initial scan is not reported as a change: look once
    // more when it is ready (in the background: the first frame does not wait for it).
    void this.watch.ready.then(async () => {
      await this.rescan();
      return this.opened?.reader.sync(true);
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
    this.opened?.reader.stop?.();
    await Promise.all([this.watch?.close(), this.opened?.egress?.stop()]);
  }

  /** The user's pick among the unconfirmed wandb runs (a run folder), or null for the evidence alone. */
  pickWandbRun(dir: string | null): void {
    this.opened?.egress?.pick(dir);
  }

  private onFsEvent(event: string, path: string): void {
    this.looks?.wake();
    this.opened?.egress?.wake();
    const opened = this.opened;
    if (opened && isInside(opened.target.runDir, path)) void opened.reader.sync(true);
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
    if (this.target.kind === 'follow' && (!this.opened || this.ticks % RESCAN_EVERY_TICKS === 0)) void this.rescan();
    const reader = this.opened?.reader;
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
    const newest = await followedRun(t);
    if (newest && newest.runDir !== this.opened?.target.runDir && !this.stopped) {
      this.use(newest);
      void this.opened?.reader.sync(true);
    }
  });

  /** Reads `t` from now on; a newer run of a followed folder replaces the one shown, which the snapshot says. */
  private use(t: RunTarget): void {
    this.unsubscribeStore?.();
    this.unsubscribeEgress?.();
    const before = this.opened;
    before?.reader.stop?.();
    void before?.egress?.stop();
    const replaced = before && hasData(this.snap.run) ? { label: this.snap.run.label, at: this.clock() } : this.snap.replaced ?? null;
    const opened = openRun(t, { clock: this.clock, egress: this.egressOpts, records: this.opts.records ?? null });
    this.opened = opened;
    const { reader, egress } = opened;
    this.unsubscribeStore = reader.store.subscribe(() => this.publish({ ...this.snap, run: reader.store.snapshot, now: this.clock() }));
    if (egress) {
      this.unsubscribeEgress = egress.store.subscribe(() => this.publish({ ...this.snap, egress: egress.store.snapshot }));
      void egress.start(this.opts);
    }
    this.publish({ ...this.snap, run: reader.store.snapshot, egress: egress?.store.snapshot ?? null, replaced });
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
