// The GPU readings of one machine (this one, or a host over ssh). On an NVIDIA box: one
// long-lived `nvidia-smi --query-gpu=… -lms <ms>`, read line by line as it prints, never blocking
// the event loop; restarted with backoff when it exits, hangs or prints no rows. A field the
// driver rejects is asked for by its other name or dropped (fields.ts), and that query is kept
// for the session. Lines that are not rows (ECC/Xid events, a GPU it cannot reach) are skipped
// and counted; a GPU whose row says `[GPU is lost]` is marked so while the others go on. The
// compute processes are asked for slowly, in a separate short call; MIG instances once
// (`nvidia-smi -L`) when a GPU says MIG is on. Without nvidia-smi: amd-smi or rocm-smi (amd-poller.ts).
import { APP_FIELDS, FieldQuery, GPU_FIELDS, rejectedField } from '../sources/nvidia-smi/fields.js';
import { parseGpuList } from '../sources/nvidia-smi/list.js';
import { handleFailureBusId, sameBus } from '../sources/nvidia-smi/messages.js';
import { parseAppRow, parseGpuRow, type GpuProcess, type GpuSample } from '../sources/nvidia-smi/query.js';
import { GpuStore } from '../model/gpu-store.js';
import { AmdPoller } from './amd-poller.js';
import { LocalFs } from './fs/local-fs.js';
import type { LineStream, RunFs } from './fs/run-fs.js';
import { runOnce } from './run-once.js';
import { describeEnd, ownWords } from './tool-words.js';

export interface GpuSamplerOptions {
  intervalMs: number;
  command?: string;
  appsEveryMs?: number;
  /** Time without a row after which nvidia-smi is taken as hung: default max(5 intervals, 5 s). */
  stallMs?: number;
  clock?: () => number;
  /** Where nvidia-smi runs: this machine by default. */
  fs?: RunFs;
}

const MAX_BACKOFF_MS = 30_000;
const NOT_FOUND_RETRY_MS = 60_000;
const SHORT_CALL_MS = 5000;
/** Rows of one interval come within this of each other. */
const INTERVAL_QUIET_MS = 200;
/** nvidia-smi's last lines that were not rows, kept to say why it ended. */
const LAST_WORDS = 3;

/** One run of nvidia-smi, and what it said besides rows. */
interface Child {
  stream: LineStream;
  ended: Promise<void>;
  /** The field it rejected, if it did. */
  rejected: string | null;
  /** Its last lines that were not rows. */
  said: string[];
  rows: number;
}

export class GpuSampler {
  readonly store = new GpuStore();
  private readonly query = new FieldQuery(GPU_FIELDS);
  private readonly appQuery = new FieldQuery(APP_FIELDS);
  private child: Child | null = null;
  private amd: AmdPoller | null = null;
  private stopped = false;
  private backoff = 1000;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private appsTimer: NodeJS.Timeout | null = null;
  private lastRowAt = 0;
  private killedFor: string | null = null;
  private batch: GpuSample[] = [];
  /** Ends the interval whose rows are in `batch` once its rows stop coming. */
  private flushTimer: NodeJS.Timeout | null = null;
  private migListing: Promise<void> | null = null;
  private readonly command: string;
  private readonly clock: () => number;
  private readonly fs: RunFs;

  constructor(private readonly opts: GpuSamplerOptions) {
    this.command = opts.command ?? 'nvidia-smi';
    this.clock = opts.clock ?? Date.now;
    this.fs = opts.fs ?? new LocalFs();
  }

  start(): void {
    this.spawn();
    // A spawn each time (~10 ms of this process's CPU): processes change rarely, so every 30 s.
    const every = this.opts.appsEveryMs ?? 30_000;
    if (every > 0) {
      this.appsTimer = setInterval(() => void this.queryAppsOnce(), every);
      this.appsTimer.unref();
      setTimeout(() => void this.queryAppsOnce(), Math.min(2000, every)).unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.flush();
    for (const t of [this.restartTimer, this.watchdog, this.appsTimer]) if (t) clearTimeout(t);
    this.amd?.stop();
    const child = this.child;
    if (child) {
      child.stream.stop();
      await Promise.race([child.ended, new Promise((r) => setTimeout(r, 500))]);
    }
  }

  /**
   * Resolves at the first sample, or once there is a reason for none, or after timeoutMs (for
   * --once and --json); on an AMD box after amdTimeoutMs (amd-smi takes seconds to start).
   */
  firstSample(timeoutMs: number, amdTimeoutMs = timeoutMs): Promise<void> {
    return new Promise((done) => {
      if (this.store.snapshot.gpus.length) return done();
      let timer = setTimeout(() => {
        if (this.amd && amdTimeoutMs > timeoutMs) timer = setTimeout(finish, amdTimeoutMs - timeoutMs);
        else finish();
      }, timeoutMs);
      const off = this.store.subscribe(() => {
        const s = this.store.snapshot;
        if (s.gpus.length || (s.status !== 'ok' && !s.status.startsWith('waiting') && !s.status.startsWith('starting'))) finish();
      });
      function finish() {
        clearTimeout(timer);
        off();
        done();
      }
    });
  }

  private spawn(): void {
    if (this.stopped) return;
    const args = [`--query-gpu=${this.query.names().join(',')}`, '--format=csv,noheader,nounits', '-lms', String(this.opts.intervalMs)];
    let finished!: () => void;
    const ended = new Promise<void>((done) => (finished = done));
    const child: Child = { stream: null!, ended, rejected: null, said: [], rows: 0 };
    // The end is reported later, never during this call: `child.stream` is set by then.
    child.stream = this.fs.streamLines(this.command, args, {
      line: (line) => this.onLine(child, line),
      overlong: ({ cap }) => this.kill(`nvidia-smi printed a line of more than ${cap / 1024} KiB (dropped: a CSV row is ~200 bytes); restarting it`),
      exit: (info) => {
        finished();
        if (this.child !== child) return;
        this.child = null;
        this.ended(child, info);
      },
    });
    this.child = child;
    this.lastRowAt = this.clock();
    if (this.watchdog) clearInterval(this.watchdog);
    const limit = this.opts.stallMs ?? Math.max(5 * this.opts.intervalMs, 5000);
    this.watchdog = setInterval(() => {
      const quiet = this.clock() - this.lastRowAt;
      if (this.child === child && quiet > limit) {
        const words = ownWords(child.said);
        this.kill(`nvidia-smi stopped answering (no reading for ${Math.round(quiet / 1000)} s${words ? `; it printed: ${words}` : ''}); restarting it`);
      }
    }, Math.min(limit, 5000));
    this.watchdog.unref();
  }

  private ended(child: Child, { code, signal, notFound, why }: { code: number | null; signal: string | null; notFound: boolean; why: string }): void {
    if (notFound) void this.tryAmd();
    else if (child.rejected !== null && code === 2) this.adapt(child.rejected);
    // It never ran.
    else if (code === null && signal === null) this.retry(`nvidia-smi failed to start: ${ownWords([why])}`);
    else this.retry(this.killedFor ?? describeEnd('nvidia-smi', { code, signal, why }, child.said));
    this.killedFor = null;
  }

  /** The driver rejected a field: ask again at once, by its other name or without it. */
  private adapt(name: string): void {
    const r = this.query.reject(name);
    if (r.kind === 'renamed' || r.kind === 'dropped') {
      this.store.setMissing(this.query.missing());
      this.retry(this.store.snapshot.status, 0);
      return;
    }
    const what = r.kind === 'fatal' ? ` (${r.reading}: without it there is no reading)` : '';
    this.retry(`nvidia-smi rejects the field "${ownWords([name])}"${what}`);
  }

  private onLine(child: Child, line: string): void {
    if (line.trim() === '') return;
    const field = rejectedField(line);
    if (field !== null) {
      child.rejected = field;
      return;
    }
    let sample: GpuSample;
    try {
      sample = parseGpuRow(line, this.query.columns(), this.positionIndex(this.batch.length));
    } catch {
      this.notARow(child, line);
      return;
    }
    child.rows += 1;
    child.said = [];
    this.lastRowAt = this.clock();
    this.backoff = 1000;
    // One store update per interval: nvidia-smi prints an interval's rows in index order, so a
    // row whose index is not above the last one starts the next interval; the last interval ends
    // when its rows stop (a loaded machine, or a wrapper script, can space them out).
    const last = this.batch.at(-1);
    if (last && sample.index <= last.index) this.flush();
    this.batch.push(sample);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), Math.min(INTERVAL_QUIET_MS, this.opts.intervalMs / 4));
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.batch.length) return;
    const batch = this.batch;
    this.batch = [];
    this.store.setTool('nvidia-smi');
    this.store.addSamples(batch, this.clock());
    if (!this.migListing && batch.some((g) => g.mig === true)) this.migListing = this.listMig();
  }

  /** A row whose index is no reading is taken to be the GPU in its place in the interval. */
  private positionIndex(place: number): number {
    return this.store.snapshot.gpus[place]?.index ?? place;
  }

  /** ECC/Xid events, messages: counted, kept as last words, and a GPU nvidia-smi cannot reach marked. */
  private notARow(child: Child, line: string): void {
    this.store.skip(line.slice(0, 500));
    child.said = [...child.said, line].slice(-LAST_WORDS);
    const bus = handleFailureBusId(line);
    const gpu = bus === null ? undefined : this.store.snapshot.gpus.find((g) => g.bus_id !== null && sameBus(g.bus_id, bus));
    if (gpu) this.store.addSamples([unreachable(gpu, ownWords([line]))], this.clock());
    if (child.rows === 0 && this.store.snapshot.gpus.length === 0) this.store.setStatus(`waiting for the first sample; nvidia-smi printed: ${ownWords(child.said)}`);
  }

  /** Ends a misbehaving nvidia-smi; `why` is what the panel says until the restart. */
  private kill(why: string): void {
    this.killedFor = why;
    this.store.setStatus(why);
    this.child?.stream.stop();
  }

  private retry(why: string, delay = this.backoff): void {
    if (this.stopped) return;
    this.store.setStatus(why);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => this.spawn(), delay);
    this.restartTimer.unref();
    if (delay > 0) this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
  }

  /** No nvidia-smi there: amd-smi or rocm-smi, else say so and look again later. */
  private async tryAmd(): Promise<void> {
    if (this.stopped) return;
    this.amd ??= new AmdPoller(this.fs, this.store, { intervalMs: this.opts.intervalMs, clock: this.clock });
    if (await this.amd.start()) return;
    this.retry(`no nvidia-smi on ${this.fs.host ?? 'this machine'} (no NVIDIA driver?), and no amd-smi or rocm-smi`, NOT_FOUND_RETRY_MS);
  }

  /** Resolves once the MIG instances are read, where a GPU said MIG is on (for --once and --json). */
  migListed(): Promise<void> {
    return this.migListing ?? Promise.resolve();
  }

  private async listMig(): Promise<void> {
    const r = await runOnce(this.fs, this.command, ['-L'], SHORT_CALL_MS);
    if (r.code !== 0) return;
    this.store.setMigInstances(new Map(parseGpuList(r.lines.join('\n')).map((g) => [g.index, g.mig])));
  }

  /** The processes on each GPU (a short, separate nvidia-smi or amd-smi call). */
  async queryAppsOnce(): Promise<void> {
    if (this.store.snapshot.gpus.length === 0) return;
    if (this.store.snapshot.tool !== 'nvidia-smi') return this.amd?.readProcesses();
    const r = await runOnce(this.fs, this.command, [`--query-compute-apps=${this.appQuery.names().join(',')}`, '--format=csv,noheader,nounits'], SHORT_CALL_MS);
    const rejected = r.lines.map(rejectedField).find((f) => f !== null);
    if (rejected) {
      // Asked for by its other name or without it next time.
      this.appQuery.reject(rejected);
      return;
    }
    if (r.code !== 0) return;
    const procs: GpuProcess[] = [];
    for (const line of r.lines) {
      if (!line.trim()) continue;
      try {
        procs.push(parseAppRow(line, this.appQuery.columns()));
      } catch {
        // "No running processes found" and the like
      }
    }
    this.store.setProcesses(procs);
  }
}

/** A GPU nvidia-smi says it cannot reach: no readings, and its words as the fault. */
function unreachable(g: GpuSample, words: string): GpuSample {
  return {
    ...g, temperature_c: null, utilization_pct: null, memory_used_mib: null, power_w: null, throttle: [], fan_pct: null,
    clocks_sm_mhz: null, clocks_mem_mhz: null, fault: words,
  };
}
