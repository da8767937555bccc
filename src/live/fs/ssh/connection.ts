// One ssh connection to a host, carrying every request: the user's own ssh runs the remote
// program (program.ts); requests are lines with an id, answers come back by that id. Every wait
// has a deadline and every reply a cap:
// - the first answer (the program's hello) must come in time (first-answer.ts), else the
//   connection fails with what was seen;
// - a reply awaited must make progress as whole replies: ANSWER_TIMEOUT_MS, plus the time its
//   bytes so far take at MIN_RATE (a host answering a byte a second is not progress);
// - each reply is held up to the cap of what it answers (a stat line, the bytes asked for, a
//   listing: LISTING_CAP), the first reply up to HELLO_CAP; more is passed over and said.
// Streaming (the TUI, --follow): when ssh exits or a wait runs out, the connection is made again
// with backoff (1 s doubling to 30 s, back to 1 s only once a connection stayed up HEALTHY_MS),
// and every request still unanswered is sent again: an answer cut mid-way is dropped whole.
// Once (--once, --json, audit, export): the first failure is final (`failure`), nothing is retried.
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { hasTerminal, killGroup, spawnGroup, stopGroup } from '../child-group.js';
import { LineSplitter, MAX_LINE } from '../line-splitter.js';
import { BOOTSTRAP, MAGIC, PROGRAM } from './program.js';
import { FIRST_ANSWER_MS, FirstAnswer, LOGIN_MARK } from './first-answer.js';
import { FrameReader, MAX_PAYLOAD, type Frame } from './frames.js';
import { splitCommandLine } from './rsh.js';

/** A request and what answers it. */
export interface Job {
  /** The request's words after the id (already encoded). Asked again after a reconnect. */
  words(): string[];
  /** A frame on stdout for this request: true when it was the last. */
  frame?(f: Frame): boolean;
  /** The most bytes one of its frames may hold (default MAX_PAYLOAD); a larger one is passed over. */
  maxReply?: number;
  /** A frame over maxReply was passed over: true when it was the last (default: it was). */
  oversize?(length: number, cap: number): boolean;
  /** A line on stderr for this request (background work): true when it was the last. */
  line?(type: string, text: Buffer): boolean;
  /** One of its stderr lines was over the line cap and dropped. */
  overlong?(type: string): void;
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
  /** How long a reply may be awaited with no whole reply arriving (default 30 s; see MIN_RATE). */
  answerTimeoutMs?: number;
  /** How long the first answer may take after the login (default 20 s). */
  firstAnswerMs?: number;
  /** A failure is final: no reconnect (--once, --json, audit, export). */
  once?: boolean;
  /** How long a connection must stay up for the backoff to start over (default HEALTHY_MS). */
  healthyMs?: number;
}

export const ANSWER_TIMEOUT_MS = 30_000;
/** A reply arriving at least this fast (bytes a second, on average since it began) is progress. */
export const MIN_RATE = 16 * 1024;
/** The first reply holds the login folder: a path, not megabytes. */
export const HELLO_CAP = 16 * 1024;
/** A folder's listing, or a watch's (at most 20000 entries a folder there). */
export const LISTING_CAP = 32 * 1024 * 1024;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
/** A connection up this long was healthy: the next failure starts the backoff over. */
export const HEALTHY_MS = 60_000;
const MESSAGE_MAX = 300;
/** A wait for an answer this long is shown in the status before it is given up on. */
const STALL_SHOWN_MS = 5000;
/** Notes (caps met) shown in the status this long. */
const NOTE_SHOWN_MS = 60_000;

type Child = ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable };

export class SshConnection {
  private readonly command: string[];
  private child: Child | null = null;
  private state: 'idle' | 'connecting' | 'up' | 'down' | 'closed' = 'idle';
  private everUp = false;
  private failures = 0;
  private downSince = 0;
  private upSince = 0;
  private nextId = 1;
  private readonly live = new Map<number, Job>();
  private queue: Job[] = [];
  private readonly listeners = new Set<() => void>();
  private retry: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly answerTimeoutMs: number;
  private readonly firstAnswerMs: number;
  private readonly once: boolean;
  private readonly healthyMs: number;
  /** Since when a reply has been awaited with no whole reply arriving (0: none awaited), and the bytes since. */
  private waitingSince = 0;
  private bytesSince = 0;
  /** The request that got no answer: sent again after the others, which it held up. */
  private stuck: Job | null = null;
  private message = '';
  /** The deadline of the connection being made (stopped once it answers). */
  private firstAnswer: FirstAnswer | null = null;
  private note: { text: string; at: number } | null = null;
  private first: { resolve(h: Hello): void; reject(e: Error): void; promise: Promise<Hello> } | null = null;
  private bytes = { sent: 0, received: 0 };
  /** Why the connection ended for good (once: the first failure), for the caller to say. */
  failure: string | null = null;
  private readonly failed = new Set<(why: string) => void>();
  hello: Hello | null = null;

  constructor(
    readonly host: string,
    opts: ConnectionOptions = {},
  ) {
    // A host that starts with '-' would be read by ssh as an option (-oProxyCommand=…).
    if (!host || host.startsWith('-') || /\s/.test(host)) throw new Error(`not a host: ${JSON.stringify(host)}`);
    this.command = splitCommandLine(opts.rsh ?? 'ssh');
    this.answerTimeoutMs = opts.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    this.firstAnswerMs = opts.firstAnswerMs ?? FIRST_ANSWER_MS;
    this.once = opts.once ?? false;
    this.healthyMs = opts.healthyMs ?? HEALTHY_MS;
  }

  /** Resolves when the remote program has answered; rejects with what happened if the first try fails. */
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

  /** Called once if the connection ends for good after it was up (once: its first failure). */
  onFailure(listener: (why: string) => void): () => void {
    if (this.failure !== null) listener(this.failure);
    else this.failed.add(listener);
    return () => this.failed.delete(listener);
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
    if (this.state === 'connecting' || this.state === 'down') {
      // A reconnect in progress is still a disconnection.
      const s = Math.round((Date.now() - this.downSince) / 1000);
      return `disconnected ${s}s — reconnecting${this.message ? `: ${this.message}` : ''}`;
    }
    if (this.note && Date.now() - this.note.at < NOTE_SHOWN_MS) return this.note.text;
    return null;
  }

  /** What was passed over (a reply over its cap), as the header says it; null when nothing. */
  notes(): string | null {
    return this.note?.text ?? null;
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
    this.shut(null);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      // End of input ends the remote program, which ends what it started; a host that does not
      // hear it (a shell stuck in a hung file system) is left after 2 s.
      child.stdin.end();
      const stop = setTimeout(() => stopGroup(child), 2000);
      await exited;
      clearTimeout(stop);
    }
    this.notify();
  }

  /** Closed for good: every job is told, and those waiting on the first connect. */
  private shut(failure: string | null): void {
    this.state = 'closed';
    this.clearTimers();
    const jobs = [...this.live.values(), ...this.queue];
    this.live.clear();
    this.queue = [];
    this.waitingSince = 0;
    if (failure !== null) {
      this.failure = failure;
      for (const l of this.failed) l(failure);
      this.failed.clear();
    }
    this.first?.reject(new Error(failure ?? 'closed'));
    for (const job of jobs) job.abort();
  }

  private start(): void {
    this.state = 'connecting';
    this.notify();
    const [cmd, ...pre] = this.command;
    // The first connection may ask for a password or a host key on the terminal: it keeps it.
    const prompting = !this.everUp && hasTerminal();
    const args = [
      ...pre,
      // After the user's own options, so that theirs win (ssh keeps the first value it sees).
      '-T', '-x', '-a',
      '-o', 'ServerAliveInterval=15',
      '-o', 'ServerAliveCountMax=3',
      '-o', 'ClearAllForwardings=yes',
      // Says on stdout when the login is done: the first answer's deadline starts there.
      '-o', 'PermitLocalCommand=yes',
      '-o', `LocalCommand=echo ${LOGIN_MARK}`,
      // Once the screen is the dashboard's, a reconnect must not ask for a password there.
      ...(prompting ? [] : ['-o', 'BatchMode=yes']),
      '--', this.host, BOOTSTRAP,
    ];
    let child: Child;
    try {
      child = spawnGroup(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], keepTerminal: prompting }) as Child;
    } catch (err) {
      this.message = (err as Error).message;
      queueMicrotask(() => this.ended(null, this.message));
      return;
    }
    this.child = child;
    this.firstAnswer?.stop();
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      firstAnswer.stop();
      this.ended(child, why);
    };
    const broken = (why: string) => {
      this.message = `protocol error: ${why}`;
      killGroup(child);
    };
    const frames = new FrameReader(MAGIC, (f) => this.onFrame(f, broken), broken, {
      cap: (id) => (id === 0 ? HELLO_CAP : this.live.has(id) ? (this.live.get(id)?.maxReply ?? MAX_PAYLOAD) : null),
      oversize: (id, _type, length, cap) => {
        if (id === 0) return broken(`its first reply claims ${length} bytes (a login folder that long?), over the ${cap}-byte cap`);
        this.passedOver(id, length, cap);
      },
    });
    const lines = new LineSplitter((l) => this.onLine(l), (head) => this.onOverlong(head));
    const firstAnswer = new FirstAnswer(child, prompting, this.firstAnswerMs, () => frames.started, (why) => {
      this.message = why;
      killGroup(child);
    });
    this.firstAnswer = firstAnswer;
    child.stdout.on('data', (d: Buffer) => {
      this.bytes.received += d.length;
      if (!frames.started) firstAnswer.chatter(d);
      this.bytesSince += d.length;
      frames.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      this.bytes.received += d.length;
      lines.push(d);
    });
    child.stdin.on('error', () => {}); // EPIPE when ssh is gone: 'close' says so.
    child.on('error', (err: NodeJS.ErrnoException) => end(err.code === 'ENOENT' ? `${cmd} not found` : err.message));
    const exited = (code: number | null, signal: string | null) => {
      const how = signal ? `ssh ended by ${signal}` : `ssh exited with code ${code}`;
      end(frames.midway ? `the connection closed in the middle of a reply (${how})` : how);
    };
    child.on('close', exited);
    // A process of ssh's that outlives it (a ControlPersist master) may hold stderr open: 'close'
    // then never comes. What stdout had is in by a second after the exit.
    child.on('exit', (code, signal) => setTimeout(() => exited(code, signal), 1000).unref());
    this.write(PROGRAM);
  }

  private write(data: Buffer | string): void {
    const child = this.child;
    if (!child || !child.stdin.writable) return;
    this.bytes.sent += Buffer.byteLength(data);
    child.stdin.write(data);
  }

  private send(job: Job): void {
    if (job.frame && !this.awaitsFrame()) this.awaiting();
    const id = this.nextId++;
    this.live.set(id, job);
    this.write(`${id} ${job.words().join(' ')}\n`);
  }

  private cancel(job: Job): void {
    this.queue = this.queue.filter((j) => j !== job);
    for (const [id, j] of this.live) if (j === job) this.live.delete(id);
  }

  /** A whole reply came, or a wait began: the watchdog measures from here. */
  private awaiting(): void {
    this.waitingSince = Date.now();
    this.bytesSince = 0;
  }

  private onFrame(f: Frame, broken: (why: string) => void): void {
    if (f.id === 0) {
      if (this.hello && this.state === 'up') return broken('a second first reply');
      const text = f.payload.toString('latin1');
      const space = text.indexOf(' ');
      if (space < 0) return broken('a first reply that is no hello');
      this.hello = { stat: text.slice(0, space), cwd: f.payload.subarray(space + 1) };
      this.up();
      return;
    }
    const job = this.live.get(f.id);
    if (job?.frame?.(f)) this.live.delete(f.id);
    this.replied();
  }

  private replied(): void {
    if (!this.awaitsFrame()) this.waitingSince = 0;
    else this.awaiting();
  }

  /** A reply over its request's cap: the request is told, and the status says so. */
  private passedOver(id: number, length: number, cap: number): void {
    const job = this.live.get(id);
    this.note = { text: `${this.host} sent a reply of ${length} bytes, over the ${cap}-byte cap for it: not read`, at: Date.now() };
    if (job && (job.oversize?.(length, cap) ?? true)) this.live.delete(id);
    this.replied();
    this.notify();
  }

  /** Whether an answer on stdout is still to come (background work answers on stderr, in its own time). */
  private awaitsFrame(): boolean {
    for (const job of this.live.values()) if (job.frame) return true;
    return false;
  }

  /**
   * What was asked in the background (a sha256) got no answer in its time: the host is taken as
   * hung, as when a reply does not come (a one-look connection fails, else it is made again).
   */
  giveUp(why: string): void {
    if (this.state !== 'up' || !this.child) return;
    this.message = why;
    killGroup(this.child);
  }

  private checkAnswers(): void {
    if (!this.waitingSince) return;
    const waited = Date.now() - this.waitingSince;
    if (waited >= STALL_SHOWN_MS) this.notify();
    if (waited < this.answerTimeoutMs + (this.bytesSince / MIN_RATE) * 1000) return;
    this.stuck = [...this.live.values()].find((j) => j.frame) ?? null;
    this.message = `no whole reply in ${Math.round(waited / 1000)}s${this.bytesSince ? ` (${this.bytesSince} bytes of one)` : ''} (a hung file system there?)`;
    if (this.child) killGroup(this.child);
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
    if (text && text !== LOGIN_MARK) this.message = text.slice(0, MESSAGE_MAX);
  }

  /** A stderr line over the cap: a background job's is told to it; ssh's own is said. */
  private onOverlong(head: Buffer): void {
    const m = /^\x01(\d+) ([A-Z])/.exec(head.toString('latin1'));
    const job = m ? this.live.get(Number(m[1])) : undefined;
    if (m && job) job.overlong?.(m[2]);
    else this.message = `a line of more than ${MAX_LINE} bytes on ssh's stderr (dropped)`;
  }

  private up(): void {
    this.firstAnswer?.stop();
    this.state = 'up';
    this.everUp = true;
    this.upSince = Date.now();
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

  private ended(child: Child | null, why: string): void {
    if (this.child === child) this.child = null;
    if (this.state === 'closed') return;
    const wasUp = this.state === 'up';
    if (!this.message) this.message = why;
    if (!this.everUp) {
      // The first try failed: the caller says so (exit 4), nothing is tried again.
      this.shut(`ssh ${this.host}: ${this.message}`);
      return;
    }
    if (this.once) {
      this.shut(`${this.host}: ${wasUp ? 'the connection failed' : 'the connection could not be made again'}: ${this.message}`);
      return;
    }
    // What was asked and not answered goes again, in the order it was asked; what hung, last.
    const stuck = this.stuck;
    const unanswered = [...this.live.values()].filter((j) => j !== stuck);
    if (stuck && this.live.size > unanswered.length) unanswered.push(stuck);
    this.stuck = null;
    this.waitingSince = 0;
    this.live.clear();
    for (const job of unanswered) job.reset?.();
    this.queue = [...unanswered, ...this.queue];
    // Back to the first step only after a connection that stayed up a while: a host that answers
    // and then breaks every time is tried less and less often (not a login a second).
    if (wasUp && Date.now() - this.upSince >= this.healthyMs) this.failures = 0;
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
