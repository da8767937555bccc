// What a test left running: processes found by a marker in their command line (a temp folder's
// path, unique to the test), read from /proc; and a CLI child's peak memory (report-rss.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './paths.js';

/** Pids (not this process) whose command line holds `marker`. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(join('/proc', name, 'cmdline')).toString().includes(marker)) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** `node --import` this in a CLI child: it prints `max-rss-kib N` on stderr as it exits. */
export const REPORT_RSS = pathToFileURL(join(REPO, 'test', 'helpers', 'report-rss.mjs')).href;

/** The peak RSS a child printed (see REPORT_RSS), in MiB; NaN when it printed none. */
export function peakMiB(stderr: string): number {
  const m = /max-rss-kib (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Bytes a process has written (write(2) and the like), from /proc/PID/io; null when it is gone. */
export function bytesWritten(pid: number): number | null {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return null;
  }
}
