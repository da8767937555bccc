// One ssh connection to a host, carrying every request: the user's own ssh runs the remote
// program (program.ts); requests are lines with an id, answers come back by that id. When ssh
// exits the connection is made again with backoff (1 s doubling to 30 s), and every request
// still unanswered is sent again: an answer cut mid-way is dropped whole, never half-delivered.
// The remote answers one request at a time, so one that hangs there (a dead NFS mount) holds up
// all: when nothing comes for a while, ssh is ended and the connection made again the same way.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BOOTSTRAP, MAGIC, PROGRAM } from './program.js';
import { FrameReader, LineReader, type Frame } from './frames.js';
import { splitCommandLine } from './rsh.js';

/** A request and what answers it. */
export interface Job {
  /** The request's words after the id (already encoded). Asked again after a reconnect. */
  words(): string[];
  /** A frame on stdout for this request: true when it was the last. */
  frame?(f: Frame): boolean;
  /** A line on stderr for this request (background work): true when it was the last. */
  line?(type: string, text: Buffer): boolean;
  /** The connection dropped before the answer was whole: what came of it is void. */
  reset?(): void;
  /** The connection is closed for good: no answer will come. */
  abort(): void;
}

export interface Hello {
  /** Which stat the remote has: 'gnu', 'bsd' or 'none'. */
  stat: string;
  /** The login folder. */
  cwd: Buffer;
}

export interface ConnectionOptions {
  /** The ssh command (default 'ssh'), split like a shell line: 'ssh -p 2222', "ssh -F cfg". */
  rsh?: string;
  /** How long an answer may be awaited with nothing arriving before the connection is made again (default 30 s). */
  answerTimeoutMs?: number;
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
const MESSAGE_MAX = 300;
/** A wait for an answer this long is shown in the status before it is given up on. */
const STALL_SHOWN_MS = 5000;

export class SshConnection {
  private readonly command: string[];
  private child: ChildProcessWithoutNullStreams | null = null;
  private state: 'idle' | 'connecting' | 'up' | 'down' | 'closed' = 'idle';
  private everUp = false;
  private failures = 0;
  private downSince = 0;
  private nextId = 1;
  private readonly live = new Map<number, Job>();
  private queue: Job[] = [];
  private readonly listeners = new Set<() => void>();
  private retry: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly answerTimeoutMs: number;
  /** Since when an answer on stdout has been awaited with nothing arriving (0: none awaited). */
  private waitingSince = 0;
  /** The request that got no answer: sent again after the others, which it held up. */
  private stuck: Job | null = null;
  private message = '';
  private first: { resolve(h: Hello): void; reject(e: Error): void; promise: Promise<Hello> } | null = null;
  private bytes = { sent: 0, received: 0 };
  hello: Hello | null = null;

  constructor(
    readonly host: string,
    opts: ConnectionOptions = {},
  ) {
    // A host that starts with '-' would be read by ssh as an option (-oProxyCommand=…).
    if (!host || host.startsWith('-') || /\s/.test(host)) throw new Error(`not a host: ${JSON.stringify(host)}`);
    this.command = splitCommandLine(opts.rsh ?? 'ssh');
    this.answerTimeoutMs = opts.answerTimeoutMs ?? 30_000;
  }

  /** Resolves when the remote program has answered; rejects with ssh's words if the first try fails. */
  connect(): Promise<Hello> {
    if (this.hello && this.state === 'up') return Promise.resolve(this.hello);
    if (!this.first) {
      let resolve!: (h: Hello) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<Hello>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {}); // Callers that never asked must not see an unhandled rejection.
      this.first = { resolve, reject, promise };
    }
    if (this.state === 'idle') this.start();
    return this.first.promise;
  }

  /** Sends a request (once connected); returns its cancel. */
  submit(job: Job): () => void {
    if (this.state === 'closed') {
      job.abort();
      return () => {};
    }
    if (this.state === 'up') this.send(job);
    else {
      this.queue.push(job);
      if (this.state === 'idle') void this.connect();
    }
    return () => this.cancel(job);
  }

  status(): string | null {
    if (this.state === 'connecting' && !this.everUp && this.failures === 0) return `connecting to ${this.host}`;
    const waited = this.waitingSince ? Date.now() - this.waitingSince : 0;
    if (this.state === 'up' && waited >= STALL_SHOWN_MS) return `no answer from ${this.host} for ${Math.round(waited / 1000)}s (a hung file system there?)`;
    // A reconnect in progress is still a disconnection.
    if (this.state !== 'connecting' && this.state !== 'down') return null;
    const s = Math.round((Date.now() - this.downSince) / 1000);
    return `disconnected ${s}s — reconnecting${this.message ? `: ${this.message}` : ''}`;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes written to and read from ssh (requests, the program itself, answers). */
  traffic(): { sent: number; received: number } {
    return { ...this.bytes };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const jobs = [...this.live.values(), ...this.queue];
    this.live.clear();
    this.queue = [];
    for (const job of jobs) job.abort();
    this.first?.reject(new Error('closed'));
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('close', done));
      // End of input ends the remote program, which ends what it started.
      child.stdin.end();
      const kill = setTimeout(() => child.kill('SIGTERM'), 2000);
      await exited;
      clearTimeout(kill);
    }
    this.notify();
  }

  private start(): void {
    this.state = 'connecting';
    this.notify();
    const [cmd, ...pre] = this.command;
    const args = [
      ...pre,
      // After the user's own options, so that theirs win (ssh keeps the first value it sees).
      '-T', '-x', '-a',
      '-o', 'ServerAliveInterval=15',
      '-o', 'ServerAliveCountMax=3',
      '-o', 'ClearAllForwardings=yes',
      // Once the screen is the dashboard's, a reconnect must not ask for a password there.
      ...(this.everUp ? ['-o', 'BatchMode=yes'] : []),
      '--', this.host, BOOTSTRAP,
    ];
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      this.ended(child, why);
    };
    const frames = new FrameReader(MAGIC, (f) => this.onFrame(f), (why) => {
      this.message = `protocol error: ${why}`;
      child.kill('SIGTERM');
    });
    const lines = new LineReader((l) => this.onLine(l));
    child.stdout.on('data', (d: Buffer) => {
      this.bytes.received += d.length;
      if (this.waitingSince) this.waitingSince = Date.now();
      frames.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      this.bytes.received += d.length;
      lines.push(d);
    });
    child.stdin.on('error', () => {}); // EPIPE when ssh is gone: 'close' says so.
    child.on('error', (err: NodeJS.ErrnoException) => end(err.code === 'ENOENT' ? `${cmd} not found` : err.message));
    child.on('close', (code, signal) => end(signal ? `ssh ended by ${signal}` : `ssh exited with code ${code}`));
    this.write(PROGRAM);
  }

  private write(data: Buffer | string): void {
    const child = this.child;
    if (!child || !child.stdin.writable) return;
    this.bytes.sent += Buffer.byteLength(data);
    child.stdin.write(data);
  }

  private send(job: Job): void {
    if (job.frame && !this.awaitsFrame()) this.waitingSince = Date.now();
    const id = this.nextId++;
    this.live.set(id, job);
    this.write(`${id} ${job.words().join(' ')}\n`);
  }

  private cancel(job: Job): void {
    this.queue = this.queue.filter((j) => j !== job);
    for (const [id, j] of this.live) if (j === job) this.live.delete(id);
  }

  private onFrame(f: Frame): void {
    if (f.id === 0) {
      const text = f.payload.toString('latin1');
      const space = text.indexOf(' ');
      this.hello = { stat: text.slice(0, space), cwd: f.payload.subarray(space + 1) };
      this.up();
      return;
    }
    const job = this.live.get(f.id);
    if (job?.frame?.(f)) this.live.delete(f.id);
    if (!this.awaitsFrame()) this.waitingSince = 0;
  }

  /** Whether an answer on stdout is still to come (background work answers on stderr, in its own time). */
  private awaitsFrame(): boolean {
    for (const job of this.live.values()) if (job.frame) return true;
    return false;
  }

  private checkAnswers(): void {
    if (!this.waitingSince) return;
    const waited = Date.now() - this.waitingSince;
    if (waited >= STALL_SHOWN_MS) this.notify();
    if (waited < this.answerTimeoutMs) return;
    this.stuck = [...this.live.values()].find((j) => j.frame) ?? null;
    this.message = `no answer in ${Math.round(this.answerTimeoutMs / 1000)}s (a hung file system there?)`;
    this.child?.kill('SIGTERM');
  }

  private onLine(line: Buffer): void {
    if (line[0] === 0x01) {
      const m = /^\x01(\d+) ([A-Z]) ?/.exec(line.subarray(0, 32).toString('latin1'));
      if (!m) return;
      const id = Number(m[1]);
      const job = this.live.get(id);
      if (job?.line?.(m[2], line.subarray(m[0].length))) this.live.delete(id);
      return;
    }
    const text = line.toString().trim();
    if (text) this.message = text.slice(0, MESSAGE_MAX);
  }

  private up(): void {
    this.state = 'up';
    this.everUp = true;
    this.failures = 0;
    this.message = '';
    this.clearTimers();
    this.watchdog = setInterval(() => this.checkAnswers(), 1000);
    this.watchdog.unref();
    const queued = this.queue;
    this.queue = [];
    for (const job of queued) this.send(job);
    this.first?.resolve(this.hello as Hello);
    this.notify();
  }

  private ended(child: ChildProcessWithoutNullStreams, why: string): void {
    if (this.child === child) this.child = null;
    if (this.state === 'closed') return;
    const wasUp = this.state === 'up';
    if (!this.message) this.message = why;
    if (!this.everUp && this.failures === 0) this.first?.reject(new Error(`ssh ${this.host}: ${this.message}`));
    // What was asked and not answered goes again, in the order it was asked; what hung, last.
    const stuck = this.stuck;
    const unanswered = [...this.live.values()].filter((j) => j !== stuck);
    if (stuck && this.live.size > unanswered.length) unanswered.push(stuck);
    this.stuck = null;
    this.waitingSince = 0;
    this.live.clear();
    for (const job of unanswered) job.reset?.();
    this.queue = [...unanswered, ...this.queue];
    if (wasUp || this.failures === 0) this.downSince = Date.now();
    this.state = 'down';
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures++;
    // Kept referenced: what waits on an answer waits for the reconnect, not for the process to end.
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start();
    }, delay);
    if (!this.tick) {
      // The status counts the seconds: tell the header each one.
      this.tick = setInterval(() => this.notify(), 1000);
      this.tick.unref();
    }
    this.notify();
  }

  private clearTimers(): void {
    if (this.retry) clearTimeout(this.retry);
    if (this.tick) clearInterval(this.tick);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retry = this.tick = this.watchdog = null;
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
