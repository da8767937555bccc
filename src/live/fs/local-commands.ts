// Commands run on this machine: a long-lived one read line by line (nvidia-smi -lms), and short
// ones whose whole output is wanted. Neither blocks the event loop; each runs in a process group
// of its own that is killed whole (child-group.ts), and what it prints is capped.
import type { ChildProcess } from 'node:child_process';
import { spawnGroup, stopGroup } from './child-group.js';
import { LineSplitter, MAX_LINE } from './line-splitter.js';
import type { LineStream, LineStreamHandlers } from './run-fs.js';

/** A short command's whole output is at most this (execFile's default); more ends it. */
const MAX_OUTPUT = 1 << 20;
/** The last words of stderr kept for the reason it ended. */
const STDERR_KEPT = 500;

export function streamLocalLines(command: string, args: readonly string[], handlers: LineStreamHandlers): LineStream {
  let ended = false;
  const end = (info: Parameters<LineStreamHandlers['exit']>[0]) => {
    if (ended) return;
    ended = true;
    handlers.exit(info);
  };
  let child: ChildProcess;
  try {
    child = spawnGroup(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    queueMicrotask(() => end({ code: null, signal: null, notFound: false, why: (err as Error).message }));
    return { stop: () => {} };
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_KEPT)));
  const lines = new LineSplitter(
    (line) => handlers.line(line.toString().replace(/\r$/, '')),
    () => handlers.overlong?.({ cap: MAX_LINE, count: lines.dropped }),
  );
  child.stdout?.on('data', (d: Buffer) => lines.push(d));
  child.stdout?.on('end', () => lines.end());
  // It never ran: the 'close' that follows is not news.
  child.on('error', (err: NodeJS.ErrnoException) => end({ code: null, signal: null, notFound: err.code === 'ENOENT', why: err.message }));
  // 'close', not 'exit': only then has all of stderr (the reason) arrived.
  child.on('close', (code, signal) => end({ code, signal, notFound: false, why: stderr.trim().split('\n').filter(Boolean).at(-1) ?? '' }));
  return {
    stop() {
      if (!ended) stopGroup(child);
    },
  };
}

/** Its stdout when it exits 0 within timeoutMs having printed at most MAX_OUTPUT bytes; else null. */
export function runLocalCommand(command: string, args: readonly string[], timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    let child: ChildProcess;
    try {
      child = spawnGroup(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      done(null);
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = () => {
      failed = true;
      stopGroup(child);
    };
    const timer = setTimeout(fail, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_OUTPUT) fail();
      else parts.push(d);
    });
    child.on('error', () => {
      failed = true;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done(failed || code !== 0 ? null : Buffer.concat(parts).toString());
    });
  });
}
