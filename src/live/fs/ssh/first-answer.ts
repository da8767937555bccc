// The deadline of a connection's first answer (the remote program's hello): FIRST_ANSWER_MS after
// ssh starts. Where ssh may ask for a password or a host key on the terminal, after its last
// question (it holds the terminal open while it asks, seen in /proc) or after the login (ssh's
// LocalCommand prints LOGIN_MARK on stdout), so that a password takes as long as it takes; where
// its questions cannot be seen (no /proc), the login may take PROMPT_ANSWER_MS. When it runs out,
// `late` is told what was seen: nothing, a login and nothing, the program's first line and no reply.
import type { ChildProcess } from 'node:child_process';
import { holdsTerminal } from '../child-group.js';

export const FIRST_ANSWER_MS = 20_000;
/** Where ssh may ask for a password on the terminal and its questions cannot be seen: the wait for the login. */
export const PROMPT_ANSWER_MS = 120_000;
/** Printed by ssh (LocalCommand) on stdout once it has logged in, before the remote program starts. */
export const LOGIN_MARK = 'AIGP-WATCH-LOGIN';

export class FirstAnswer {
  private readonly startedAt = Date.now();
  private loginAt: number | null = null;
  /** When ssh was last seen asking on the terminal, and whether that can be seen here at all. */
  private askedAt = 0;
  private seeable = true;
  /** Bytes on stdout before the program's first line, and the end of them (for the mark). */
  private before = 0;
  private tail = '';
  private readonly timer: NodeJS.Timeout;

  /**
   * `prompting`: ssh keeps the terminal (it may ask); `started`: whether the program's first line
   * came; `late` is called once, with what happened, when the first answer is overdue.
   */
  constructor(
    private readonly child: ChildProcess,
    private readonly prompting: boolean,
    private readonly ms: number,
    private readonly started: () => boolean,
    private readonly late: (why: string) => void,
  ) {
    this.timer = setInterval(() => this.check(), Math.min(1000, ms / 4));
    this.timer.unref();
  }

  /** What came on stdout before the program's first line. */
  chatter(d: Buffer): void {
    this.before += d.length;
    if (this.loginAt !== null) return;
    this.tail = (this.tail + d.toString('latin1', 0, Math.min(d.length, 4096))).slice(-64);
    if (this.tail.includes(LOGIN_MARK)) this.loginAt = Date.now();
  }

  /** The first answer came, or the connection ended. */
  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const now = Date.now();
    if (this.prompting && this.loginAt === null) {
      const asking = holdsTerminal(this.child);
      if (asking === null) this.seeable = false;
      else if (asking) this.askedAt = now;
    }
    const deadline = !this.prompting
      ? this.startedAt + this.ms
      : this.loginAt === null && !this.seeable
        ? this.startedAt + PROMPT_ANSWER_MS
        : Math.max(this.startedAt, this.askedAt, this.loginAt ?? 0) + this.ms;
    if (now < deadline) return;
    this.stop();
    this.late(this.why());
  }

  private why(): string {
    const s = Math.round(this.ms / 1000);
    const chatter = this.before - (this.loginAt === null ? 0 : LOGIN_MARK.length + 1);
    if (this.started()) return `the remote program started, but its first reply did not come whole within ${s} s`;
    if (this.loginAt !== null) {
      return `logged in, but the remote program did not start within ${s} s${chatter > 0 ? ` (the login printed ${chatter} bytes, then nothing)` : ''}: a hung login script, or a home folder on a hung file system?`;
    }
    const waited = this.prompting && !this.seeable ? PROMPT_ANSWER_MS / 1000 : s;
    return `no login within ${waited} s${this.askedAt ? ' of its last question on the terminal' : ''}${chatter > 0 ? ` (${chatter} bytes came)` : ''}: a host that does not answer, or ssh waiting for something?`;
  }
}
