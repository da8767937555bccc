// A remote machine's file system over the user's own ssh: one connection per host carries
// stat, listings, byte ranges, sha256, watches and commands (see program.ts for the remote side).
import { constants } from 'node:os';
import type {
  DirEntry, FileInfo, FsPath, LineStream, LineStreamHandlers, RangeRead, ReadRangeOptions, RunFs, Watch, WatchEvent, WatchSpec,
} from '../run-fs.js';
import { MAX_LINE } from '../line-splitter.js';
import { nameString } from '../names.js';
import { notRegular } from '../reasons.js';
import { LISTING_CAP, SshConnection, type ConnectionOptions, type Job } from './connection.js';
import { encodeArg } from './encode.js';
import type { Frame } from './frames.js';
import { parseListing, parseStat } from './replies.js';
import { watchRemote } from './ssh-watch.js';

export interface SshFsOptions extends ConnectionOptions {
  /** How long a sha256 there may take (default SUM_TIMEOUT_MS). */
  sumTimeoutMs?: number;
}

/** One answer asks for at most this much of a file; a larger range is asked for in pieces. */
const RANGE_PIECE = 8 * 1024 * 1024;
/** A range whose file changed under the read (truncated, replaced) is read again this often. */
const RANGE_TRIES = 3;
/** sha256s running on the remote at once (each reads a whole file). */
const SUMS_AT_ONCE = 2;
/** A sha256 there not done in this long (a file on a hung mount): null, and the host taken as hung. */
export const SUM_TIMEOUT_MS = 5 * 60_000;
/** The most a stat line, a link's target or a short answer may hold. */
const SHORT_REPLY = 64 * 1024;
/** What a reply over its cap is answered with here. */
const PASSED_OVER: Frame = { id: 0, type: '!', payload: Buffer.alloc(0) };

/** The remote's exit status 128+n as the signal n. */
function signalOf(code: number): string | null {
  if (code <= 128) return null;
  return Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0] ?? null;
}

export class SshFs implements RunFs {
  readonly host: string;
  readonly connection: { status(): string | null; subscribe(listener: () => void): () => void };
  private readonly conn: SshConnection;
  private sums = 0;
  private readonly sumTimeoutMs: number;
  private readonly sumQueue: (() => void)[] = [];

  constructor(host: string, opts: SshFsOptions = {}) {
    this.host = host;
    this.conn = new SshConnection(host, opts);
    this.sumTimeoutMs = opts.sumTimeoutMs ?? SUM_TIMEOUT_MS;
    this.connection = { status: () => this.conn.status(), subscribe: (l) => this.conn.subscribe(l) };
  }

  /** Resolves when the remote answered (cwd is known then); rejects with ssh's words when the first try fails. */
  async connect(): Promise<void> {
    const hello = await this.conn.connect();
    if (hello.stat === 'none') throw new Error(`${this.host} has neither GNU nor BSD stat (coreutils): its files cannot be read`);
  }

  get cwd(): string {
    return this.conn.hello ? nameString(this.conn.hello.cwd) : '';
  }

  /** Bytes sent to and received from ssh so far. */
  traffic(): { sent: number; received: number } {
    return this.conn.traffic();
  }

  /** Why the connection ended for good (a one-shot connection's first failure), once it has. */
  onFailure(listener: (why: string) => void): () => void {
    return this.conn.onFailure(listener);
  }

  /** A reply over its cap that was passed over, for a one-shot mode to say; null when none. */
  notes(): string | null {
    return this.conn.notes();
  }

  /** One request, its one answer of at most `maxReply` bytes (null: closed; type '!': over that). */
  private ask(words: string[], maxReply = SHORT_REPLY): Promise<Frame | null> {
    return new Promise((done) => {
      this.conn.submit({ words: () => words, maxReply, frame: (f) => (done(f), true), oversize: () => (done(PASSED_OVER), true), abort: () => done(null) });
    });
  }

  private async statWith(op: 'S' | 'T', path: FsPath): Promise<FileInfo | null> {
    const f = await this.ask([op, encodeArg(path)]);
    return f?.type === 'O' ? parseStat(f.payload.toString()) : null;
  }

  stat(path: FsPath): Promise<FileInfo | null> {
    return this.statWith('T', path);
  }

  lstat(path: FsPath): Promise<FileInfo | null> {
    return this.statWith('S', path);
  }

  async readdir(path: FsPath): Promise<DirEntry[] | null> {
    const f = await this.ask(['D', encodeArg(path)], LISTING_CAP);
    if (f?.type !== 'O') return null;
    return parseListing(f.payload).entries.map((e) => ({ name: e.rel, kind: e.info.kind, info: e.info }));
  }

  async readlink(path: FsPath): Promise<Buffer | null> {
    const f = await this.ask(['L', encodeArg(path)]);
    return f?.type === 'O' ? f.payload : null;
  }

  async readRange(path: string, offset: number, length: number, opts: ReadRangeOptions = {}): Promise<RangeRead> {
    const first = await this.readPiece(path, offset, Math.min(length, RANGE_PIECE), opts);
    if (!first.ok || first.data.length < RANGE_PIECE) return first;
    const pieces = [first.data];
    for (let at = offset + first.data.length, left = length - first.data.length; left > 0; ) {
      const r = await this.readPiece(path, at, Math.min(left, RANGE_PIECE), opts);
      // What was read so far stands: the caller asks for the rest from its new offset.
      if (!r.ok) break;
      pieces.push(r.data);
      at += r.data.length;
      left -= r.data.length;
      if (r.data.length < RANGE_PIECE) break;
    }
    return { ok: true, info: first.info, data: Buffer.concat(pieces) };
  }

  private async readPiece(path: string, offset: number, length: number, opts: ReadRangeOptions): Promise<RangeRead> {
    const words = ['R', String(Math.max(0, Math.floor(offset))), String(Math.max(0, Math.floor(length))), opts.followSymlinks ? '1' : '0', encodeArg(path)];
    for (let tries = 0; tries < RANGE_TRIES; tries++) {
      const frames = await this.askRange(words);
      if (!frames) return { ok: false, missing: false, reason: 'the connection is closed' };
      const last = frames[frames.length - 1];
      if (last.type === 'N') return { ok: false, missing: true, reason: 'not there' };
      if (last.type === '!') return { ok: false, missing: false, reason: 'the host sent more than was asked for' };
      if (last.type === 'X') {
        const info = parseStat(last.payload.toString());
        return { ok: false, missing: false, reason: info ? notRegular(info.kind) : last.payload.toString().slice(0, 200) };
      }
      const before = parseStat(frames.find((f) => f.type === 'I')?.payload.toString() ?? '');
      const data = frames.find((f) => f.type === 'D')?.payload;
      const after = parseStat(last.payload.toString());
      // The zeros that pad a short read are never handed over: the file shrank or was
      // replaced while it was read, so it is read again.
      if (before && data && after && after.kind === 'file' && after.ino === before.ino && (data.length === 0 || after.size >= offset + data.length)) {
        return { ok: true, info: before, data };
      }
    }
    return { ok: false, missing: false, reason: 'it kept changing while it was read' };
  }

  /** The frames of one range answer (I, D, E; or N or X alone); null: closed. */
  private askRange(words: string[]): Promise<Frame[] | null> {
    return new Promise((done) => {
      let frames: Frame[] = [];
      this.conn.submit({
        words: () => words,
        maxReply: Math.max(SHORT_REPLY, Number(words[2])),
        oversize: () => (done([...frames, PASSED_OVER]), true),
        frame(f) {
          frames.push(f);
          if (f.type === 'I' || f.type === 'D') return false;
          done(frames);
          return true;
        },
        reset: () => (frames = []),
        abort: () => done(null),
      });
    });
  }

  async sha256(path: string): Promise<string | null> {
    if (this.sums >= SUMS_AT_ONCE) await new Promise<void>((go) => this.sumQueue.push(go));
    this.sums++;
    try {
      return await new Promise<string | null>((done) => {
        const cancel = this.conn.submit({
          words: () => ['H', encodeArg(path)],
          line(type, text) {
            if (type !== 'H') return false;
            const hex = text.toString().trim();
            clearTimeout(timer);
            done(/^[0-9a-f]{64}$/.test(hex) ? hex : null);
            return true;
          },
          abort: () => {
            clearTimeout(timer);
            done(null);
          },
        });
        const timer = setTimeout(() => {
          cancel();
          done(null);
          this.conn.giveUp(`no sha256 in ${Math.round(this.sumTimeoutMs / 1000)} s (a hung file system there?)`);
        }, this.sumTimeoutMs);
      });
    } finally {
      this.sums--;
      this.sumQueue.shift()?.();
    }
  }

  watch(spec: WatchSpec, onEvent: (e: WatchEvent) => void): Watch {
    return watchRemote(this.conn, spec, onEvent);
  }

  streamLines(command: string, args: readonly string[], handlers: LineStreamHandlers): LineStream {
    return this.command(command, args, handlers, () => {});
  }

  /** `restarted`: the connection dropped and the command runs again from its start. */
  private command(command: string, args: readonly string[], handlers: LineStreamHandlers, restarted: () => void): LineStream {
    let pid: string | null = null;
    let stopped = false;
    let why = '';
    let overlong = 0;
    const kill = (p: string) => this.conn.submit({ words: () => ['K', p], frame: () => true, abort() {} });
    const job: Job = {
      words: () => ['C', encodeArg(command), ...args.map(encodeArg)],
      line(type, text) {
        if (type === 'P') {
          pid = text.toString().trim();
          if (!stopped) return false;
          kill(pid);
          return true;
        }
        if (stopped) return false;
        if (type === 'L') handlers.line(text.toString());
        else if (type === 'E') why = text.toString().trim() || why;
        else if (type === 'X') {
          const code = Number(text.toString().trim());
          const signal = signalOf(code);
          handlers.exit({ code: signal ? null : code, signal, notFound: code === 127, why });
          return true;
        }
        return false;
      },
      overlong(type) {
        if (type === 'L' && !stopped) handlers.overlong?.({ cap: MAX_LINE, count: ++overlong });
      },
      // Started again on the new connection (the old one ended it there).
      reset: () => {
        pid = null;
        restarted();
      },
      // Never during streamLines itself (a closed connection aborts at once): after it returned.
      abort: () => queueMicrotask(() => {
        if (!stopped) handlers.exit({ code: null, signal: null, notFound: false, why: 'the connection is closed' });
      }),
    };
    const cancel = this.conn.submit(job);
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        if (pid) {
          kill(pid);
          cancel();
        }
        // Else its pid is still to come: it is killed when that arrives.
      },
    };
  }

  runCommand(command: string, args: readonly string[], timeoutMs: number): Promise<string | null> {
    return new Promise((done) => {
      let out: string[] = [];
      let finished = false;
      const finish = (v: string | null) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        done(v);
      };
      const stream = this.command(
        command,
        args,
        { line: (l) => out.push(l), exit: (info) => finish(info.code === 0 ? out.map((l) => `${l}\n`).join('') : null) },
        () => (out = []),
      );
      const timer = setTimeout(() => {
        stream.stop();
        finish(null);
      }, timeoutMs);
    });
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
