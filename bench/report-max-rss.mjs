// Preloaded (--import) into a process the bench measures: its peak RSS, on stderr, at exit.
// VmHWM where there is one: maxRSS counts what the parent held when it forked the process.
import { readFileSync, writeSync } from 'node:fs';

function peakKb() {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  } catch {
    return process.resourceUsage().maxRSS;
  }
}

process.on('exit', () => writeSync(2, `\nAIGP_MAX_RSS_KB ${peakKb()}\n`));
