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

export class Hosts {
  private readonly local: LocalFs;
  private readonly remote = new Map<string, SshFs>();

  constructor(cwd: string, private readonly rsh: string | null) {
    this.local = new LocalFs(cwd);
  }

  /** Each PATH on its file system, connecting to each host once; throws HostError with ssh's words. */
  async place(paths: readonly (string | undefined)[]): Promise<Placed[]> {
    const located = paths.map((p) => (p === undefined ? { host: null, path: undefined } : parseLocation(p)));
    for (const { host } of located) {
      if (host === null || this.remote.has(host)) continue;
      // Loaded only when a PATH names a host: start-up here does not pay for it.
      const { SshFs } = await import('./ssh/ssh-fs.js');
      const fs = new SshFs(host, this.rsh ? { rsh: this.rsh } : {});
      this.remote.set(host, fs);
      try {
        await fs.connect();
      } catch (err) {
        throw new HostError(`cannot reach ${host}: ${(err as Error).message}`);
      }
    }
    return located.map(({ host, path }) => ({ fs: host === null ? this.local : (this.remote.get(host) as SshFs), path: path === '' ? undefined : path }));
  }

  /** This machine's file system (outputs, the host panel). */
  get here(): LocalFs {
    return this.local;
  }

  async close(): Promise<void> {
    await Promise.all([...this.remote.values()].map((fs) => fs.close()));
  }
}
