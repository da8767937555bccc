// One long-lived `nvidia-smi --query-gpu=… -lms <ms>`, read line by line as it prints, never
// blocking the event loop; restarted with backoff when it is missing, exits, hangs or prints
// garbage. The compute processes are asked for slowly, in a separate short call. Both run where
// the file system is (this machine, or the remote one).
import { APP_FIELDS, GPU_FIELDS, parseAppLine, parseGpuLine, type GpuProcess, type GpuSample } from '../sources/nvidia-smi/query.js';
import { GpuStore } from '../model/gpu-store.js';
import { cleanText } from '../model/text.js';
import { LocalFs } from './fs/local-fs.js';
import type { LineStream, RunFs } from './fs/run-fs.js';

export interface GpuSamplerOptions {
  intervalMs: number;
  command?: string;
  appsEveryMs?: number;
  /** Silence after which nvidia-smi is taken as hung: default max(5 intervals, 5 s). */
  stallMs?: number;
  clock?: () => number;
  /** Where nvidia-smi runs: this machine by default. */
  fs?: RunFs;
}

const MAX_BACKOFF_MS = 30_000;
const NOT_FOUND_RETRY_MS = 60_000;
const GARBAGE_LIMIT = 3;

export class GpuSampler {
  readonly store = new GpuStore();
  /** The running nvidia-smi, and a promise that it has ended. */
  private child: { stream: LineStream; ended: Promise<void> } | null = null;
  private stopped = false;
  private backoff = 1000;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private appsTimer: NodeJS.Timeout | null = null;
  private lastLineAt = 0;
  private garbage = 0;
  private killedFor: string | null = null;
  private batch: GpuSample[] = [];
  private flushScheduled = false;
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
    for (const t of [this.restartTimer, this.watchdog, this.appsTimer]) if (t) clearTimeout(t);
    const child = this.child;
    if (child) {
      child.stream.stop();
      await Promise.race([child.ended, new Promise((r) => setTimeout(r, 500))]);
    }
  }

  /** Resolves at the first sample, or after timeoutMs (for --once and --json). */
  firstSample(timeoutMs: number): Promise<void> {
    return new Promise((done) => {
      if (this.store.snapshot.gpus.length) return done();
      const timer = setTimeout(finish, timeoutMs);
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
    const args = [`--query-gpu=${GPU_FIELDS.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(this.opts.intervalMs)];
    let finished!: () => void;
    const ended = new Promise<void>((done) => (finished = done));
    // The end is reported later, never during this call: `child` is set by then.
    const stream = this.fs.streamLines(this.command, args, {
      line: (line) => this.onLine(line),
      overlong: ({ cap }) => this.kill(`nvidia-smi printed a line of more than ${cap / 1024} KiB (dropped: a CSV row is ~200 bytes); restarting it`),
      exit: ({ code, signal, notFound, why }) => {
        finished();
        if (this.child !== child) return;
        this.child = null;
        if (notFound) this.retry(`no nvidia-smi on ${this.fs.host ?? 'this machine'} (no NVIDIA driver?)`, NOT_FOUND_RETRY_MS);
        // It never ran.
        else if (code === null && signal === null) this.retry(`nvidia-smi failed to start: ${why}`);
        else this.retry(this.killedFor ?? `nvidia-smi exited (${signal ?? `code ${code}`})${why ? `: ${cleanText(why).slice(0, 120)}` : ''}`);
        this.killedFor = null;
      },
    });
    const child = { stream, ended };
    this.child = child;
    this.lastLineAt = this.clock();
    this.garbage = 0;
    if (this.watchdog) clearInterval(this.watchdog);
    const limit = this.opts.stallMs ?? Math.max(5 * this.opts.intervalMs, 5000);
    this.watchdog = setInterval(() => {
      if (this.child === child && this.clock() - this.lastLineAt > limit) {
        this.kill(`nvidia-smi stopped answering (nothing for ${Math.round((this.clock() - this.lastLineAt) / 1000)} s); restarting it`);
      }
    }, Math.min(limit, 5000));
    this.watchdog.unref();
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    this.lastLineAt = this.clock();
    let sample: GpuSample;
    try {
      sample = parseGpuLine(line);
    } catch (err) {
      this.garbage += 1;
      if (this.garbage >= GARBAGE_LIMIT) {
        this.kill(`nvidia-smi printed something unexpected (${(err as Error).message}): '${cleanText(line).slice(0, 100)}'`);
      }
      return;
    }
    this.garbage = 0;
    this.backoff = 1000;
    this.batch.push(sample);
    // The lines of one interval arrive together: one store update for all of them.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const batch = this.batch;
        this.batch = [];
        this.store.addSamples(batch, this.clock());
      });
    }
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
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
  }

  /** The processes on each GPU (a short, separate nvidia-smi call). */
  queryAppsOnce(): Promise<void> {
    if (this.store.snapshot.gpus.length === 0) return Promise.resolve();
    return this.fs.runCommand(this.command, [`--query-compute-apps=${APP_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], 5000).then((stdout) => {
      if (stdout === null) return;
      const procs: GpuProcess[] = [];
      for (const line of stdout.split('\n')) {
        if (!line.trim()) continue;
        try {
          procs.push(parseAppLine(line));
        } catch {
          // "No running processes found" and the like
        }
      }
      this.store.setProcesses(procs);
    });
  }
}
