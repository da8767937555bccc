// A short command run to its end where the files are, through the fs seam's line stream: unlike
// runCommand it says how it ended (not found, exit code, stderr's last words) and keeps stdout
// when the exit code is not 0, which is where nvidia-smi and amd-smi say what went wrong.
// Bounded: a deadline (then it is stopped) and a cap on what is kept.
import type { RunFs } from './fs/run-fs.js';

export interface RunResult {
  /** stdout, line by line, up to the cap. */
  lines: string[];
  code: number | null;
  signal: string | null;
  notFound: boolean;
  /** stderr's last words, or why it did not run. */
  why: string;
  /** Stopped at the deadline. */
  timedOut: boolean;
  /** Lines past the cap, not kept. */
  dropped: number;
}

/** What one run may keep: amd-smi's JSON for eight GPUs is well under this. */
export const RUN_ONCE_MAX_BYTES = 4 * 2 ** 20;

export function runOnce(fs: RunFs, command: string, args: readonly string[], timeoutMs: number, maxBytes = RUN_ONCE_MAX_BYTES): Promise<RunResult> {
  return new Promise((done) => {
    const lines: string[] = [];
    let bytes = 0;
    let dropped = 0;
    let finished = false;
    const finish = (r: Omit<RunResult, 'lines' | 'dropped'>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done({ ...r, lines, dropped });
    };
    const stream = fs.streamLines(command, args, {
      line(text) {
        bytes += text.length + 1;
        if (bytes > maxBytes) dropped += 1;
        else lines.push(text);
      },
      exit: (info) => finish({ ...info, timedOut: false }),
    });
    // A stopped command's end is not always reported (over ssh it is not): the deadline ends the wait.
    const timer = setTimeout(() => {
      stream.stop();
      finish({ code: null, signal: null, notFound: false, why: `gave no answer within ${Math.round(timeoutMs / 1000)} s`, timedOut: true });
    }, timeoutMs);
    timer.unref();
  });
}
