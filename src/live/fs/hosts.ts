// The file systems the PATHs live on: this machine's, and one ssh connection per host, opened
// before anything is drawn (so that ssh can ask for a password or a host key on the terminal).
import { parseLocation } from './location.js';
import { LocalFs } from './local-fs.js';
import type { RunFs } from './run-fs.js';
import type { SshFs } from './ssh/ssh-fs.js';

export class HostError extends Error {}

export interface Placed {
  fs: RunFs;
  /** The PATH on that file system; undefined: none given (its current or login folder). */
  path: string | undefined;
}

export interface HostsOptions {
  /** -e: the ssh command. */
  rsh: string | null;
  /** One look (--once, --json, audit, export): a host that fails is not tried again (see `failed`). */
  once?: boolean;
}

export class Hosts {
  private readonly local: LocalFs;
  private readonly remote = new Map<string, SshFs>();
  private fail: ((e: HostError) => void) | null = null;
  /** Rejects with what happened when a connection fails for good after it was made (one-shot modes). */
  readonly failed: Promise<never>;

  constructor(cwd: string, private readonly opts: HostsOptions) {
    this.local = new LocalFs(cwd);
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => {}); // Raced by the modes that care; the others never look.
  }

  /** Each PATH on its file system, connecting to each host once; throws HostError with what happened. */
  async place(paths: readonly (string | undefined)[]): Promise<Placed[]> {
    const located = paths.map((p) => (p === undefined ? { host: null, path: undefined } : parseLocation(p)));
    for (const { host } of located) {
      if (host === null || this.remote.has(host)) continue;
      // Loaded only when a PATH names a host: start-up here does not pay for it.
      const { SshFs } = await import('./ssh/ssh-fs.js');
      const fs = new SshFs(host, { ...(this.opts.rsh !== null ? { rsh: this.opts.rsh } : {}), once: this.opts.once });
      this.remote.set(host, fs);
      try {
        await fs.connect();
      } catch (err) {
        throw new HostError(`cannot reach ${host}: ${(err as Error).message}`);
      }
      fs.onFailure((why) => this.fail?.(new HostError(why)));
    }
    return located.map(({ host, path }) => ({ fs: host === null ? this.local : (this.remote.get(host) as SshFs), path: path === '' ? undefined : path }));
  }

  /** What a host sent that was over a cap and passed over, one line each. */
  notes(): string[] {
    return [...this.remote.values()].map((fs) => fs.notes()).filter((n): n is string => n !== null);
  }

  /** This machine's file system (outputs, the host panel). */
  get here(): LocalFs {
    return this.local;
  }

  async close(): Promise<void> {
    await Promise.all([...this.remote.values()].map((fs) => fs.close()));
  }
}
