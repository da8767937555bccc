// Commands run on this machine: a long-lived one read line by line (nvidia-smi -lms), and short
// ones whose whole output is wanted. Neither blocks the event loop.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LineStream, LineStreamHandlers } from './run-fs.js';

/** How long a stopped command has to end on SIGTERM before it is killed. */
const KILL_AFTER_MS = 500;

export function streamLocalLines(command: string, args: readonly string[], handlers: LineStreamHandlers): LineStream {
  let ended = false;
  const end = (info: Parameters<LineStreamHandlers['exit']>[0]) => {
    if (ended) return;
    ended = true;
    handlers.exit(info);
  };
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    queueMicrotask(() => end({ code: null, signal: null, notFound: false, why: (err as Error).message }));
    return { stop: () => {} };
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
  // It never ran: the 'close' that follows is not news.
  child.on('error', (err: NodeJS.ErrnoException) => end({ code: null, signal: null, notFound: err.code === 'ENOENT', why: err.message }));
  // 'close', not 'exit': only then has all of stderr (the reason) arrived.
  child.on('close', (code, signal) => end({ code, signal, notFound: false, why: stderr.trim().split('\n').filter(Boolean).at(-1) ?? '' }));
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => handlers.line(line));
  return {
    stop() {
      if (ended || child.exitCode !== null) return;
      child.kill('SIGTERM');
      // A hung command may not hear SIGTERM.
      setTimeout(() => {
        if (!ended) child.kill('SIGKILL');
      }, KILL_AFTER_MS).unref();
    },
  };
}

export function runLocalCommand(command: string, args: readonly string[], timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    execFile(command, args, { timeout: timeoutMs }, (err, stdout) => done(err ? null : stdout));
  });
}
