// Every child this tool starts runs in a process group of its own, and the whole group dies with
// it: when it is stopped, when it ends (whatever it left behind), and on every way out of this
// process (an exit, SIGINT/SIGTERM/SIGHUP, a crash). A wrapper script that runs the real command
// without `exec` (common on clusters) leaves a grandchild holding the pipe: killing the child
// alone would leave that one running, and the pipe open, so the process could never end.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync, readdirSync, readlinkSync } from 'node:fs';

export interface GroupOptions {
  stdio: StdioOptions;
  /**
   * Keep the child in this process's group and session, with its terminal: ssh asking for a
   * password or a host key needs it (a new session has no terminal). It is then killed alone.
   */
  keepTerminal?: boolean;
}

/** How long a stopped group has to end on SIGTERM before it is killed. */
export const KILL_AFTER_MS = 500;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The children started and not yet ended, and whether each leads a group of its own. */
const running = new Map<ChildProcess, boolean>();
let hooked = false;

function signalGroup(child: ChildProcess, own: boolean, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (own) process.kill(-child.pid, signal);
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  } catch {
    // The group is gone already.
  }
}

/** Whether any process of the child's group is still there (the child itself may have ended). */
function groupAlive(child: ChildProcess, own: boolean): boolean {
  if (child.pid === undefined) return false;
  if (!own) return child.exitCode === null && child.signalCode === null;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killAll(): void {
  for (const [child, own] of running) signalGroup(child, own, 'SIGKILL');
  running.clear();
}

/** On the way out, whichever it is: what was started ends with this process. */
function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  // Fatal only when nobody else handles it (the TUI does, and then exits: 'exit' above).
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) killAll();
  });
  for (const signal of SIGNALS) {
    // First of the listeners, so that it sees the others (a `once` one is gone once it has run).
    const onSignal = () => {
      // Someone else ends this process on this signal (the TUI, --follow): their way out is 'exit'.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      // Else the signal's own default: this process dies of it, as it would have.
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.prependListener(signal, onSignal);
  }
}

/** Starts `command args…` in a process group of its own (see keepTerminal), tracked until it ends. */
export function spawnGroup(command: string, args: readonly string[], opts: GroupOptions): ChildProcess {
  hook();
  const own = !opts.keepTerminal;
  const child = spawn(command, args, { stdio: opts.stdio, detached: own });
  if (child.pid === undefined) return child; // It never ran: 'error' says why.
  running.set(child, own);
  child.once('exit', () => {
    // What it left behind (a grandchild holding the pipe, or one that closed it) goes with it;
    // what it already wrote stays readable.
    if (running.delete(child)) signalGroup(child, own, 'SIGKILL');
  });
  return child;
}

/** Ends the child's whole group: SIGTERM, then SIGKILL for what is still there after KILL_AFTER_MS. */
export function stopGroup(child: ChildProcess): void {
  const own = running.get(child);
  if (own === undefined) return;
  signalGroup(child, own, 'SIGTERM');
  // A child that ignores SIGTERM; one that ended took its group along (see spawnGroup).
  setTimeout(() => {
    if (running.has(child) && groupAlive(child, own)) signalGroup(child, own, 'SIGKILL');
  }, KILL_AFTER_MS).unref();
}

/** The child's whole group, at once (a broken stream: nothing it still says is wanted). */
export function killGroup(child: ChildProcess): void {
  const own = running.get(child);
  if (own !== undefined) signalGroup(child, own, 'SIGKILL');
}

let terminal: boolean | null = null;

/** Whether this process has a controlling terminal (where ssh would ask for a password). */
export function hasTerminal(): boolean {
  if (terminal === null) {
    try {
      closeSync(openSync('/dev/tty', 'r'));
      terminal = true;
    } catch {
      terminal = false;
    }
  }
  return terminal;
}

/**
 * Whether a child kept in this terminal (see keepTerminal) holds it open now: ssh does while it
 * asks for a password or a host key (its own stdio are pipes). null where it cannot be seen (no /proc).
 */
export function holdsTerminal(child: ChildProcess): boolean | null {
  const fds = `/proc/${child.pid}/fd`;
  let names: string[];
  try {
    names = readdirSync(fds);
  } catch {
    return child.exitCode === null ? null : false;
  }
  return names.some((n) => {
    try {
      return /^\/dev\/(tty|pts\/)/.test(readlinkSync(`${fds}/${n}`));
    } catch {
      return false;
    }
  });
}
