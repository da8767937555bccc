// A real sshd on 127.0.0.1 for the ssh file-system tests: run as the current user, with a
// throwaway host key and user key, and the repo's fake nvidia-smi first on the remote PATH.
// The client side is an ssh config file (Host alias, port, key, BatchMode) passed with -F.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO } from './paths.js';

const SSHD = '/usr/sbin/sshd';

const hasSsh = spawnSync('ssh', ['-V']).status === 0 && spawnSync('ssh-keygen', ['-?']).error === undefined;

/** node:test's `skip` option: false when sshd and ssh are here, else the reason. */
export const needsSshd: string | false =
  existsSync(SSHD) && hasSsh ? false : 'sshd or ssh is not installed: ssh tests skipped (.ci/run installs openssh-server)';

export interface Sshd {
  /** For ssh -F. */
  configPath: string;
  /** The Host alias in that config. */
  host: string;
  /** The folder everything lives in (keys, configs, logs): a fine remote tree root too. */
  dir: string;
  /** Kills the per-connection sshd processes (the client's ssh then exits): a dropped connection. Returns how many. */
  killSessions(): number;
  /** Sessions now open (per-connection sshd children of the listener). */
  sessions(): number[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

function children(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** The sshd processes below the listener: per connection a privileged monitor and its session child. */
function sessionProcesses(listener: number): number[] {
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const c of children(pid)) {
      let comm = '';
      try {
        comm = readFileSync(`/proc/${c}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm !== 'sshd') continue;
      found.push(c);
      visit(c);
    }
  };
  visit(listener);
  return found;
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'aigp-test', '-f', path]);
}

/** `pathFirst`: a folder put first on the remote PATH (a fake `date`, say); `config`: more sshd_config lines (a ForceCommand that hangs, say). */
export async function startSshd(opts: { pathFirst?: string; config?: string[] } = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'aigp-sshd-'));
  const user = userInfo().username;
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'user_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')));
  // As root, sshd wants its privilege-separation folder.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const port = await freePort();
  const fakeBin = join(REPO, 'fixtures', 'nvidia-smi');
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `AllowUsers ${user}`,
      `PermitRootLogin yes`,
      `PubkeyAuthentication yes`,
      `PasswordAuthentication no`,
      `KbdInteractiveAuthentication no`,
      `StrictModes no`,
      `UsePAM no`,
      `PrintMotd no`,
      `SetEnv PATH=${[opts.pathFirst, fakeBin].filter(Boolean).join(':')}:/usr/bin:/bin`,
      `MaxSessions 50`,
      `MaxStartups 50`,
      ...(opts.config ?? []),
      '',
    ].join('\n'),
  );
  const host = 'aigp-test-box';
  const configPath = join(dir, 'ssh_config');
  writeFileSync(
    configPath,
    [
      `Host ${host}`,
      `  HostName 127.0.0.1`,
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${join(dir, 'user_key')}`,
      `  IdentitiesOnly yes`,
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      `  StrictHostKeyChecking no`,
      `  BatchMode yes`,
      `  LogLevel ERROR`,
      '',
    ].join('\n'),
  );
  const log: string[] = [];
  const sshd: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  // A test process that ends without stop() (a failed hook) leaves no sshd behind.
  const orphan = () => sshd.kill();
  process.once('exit', orphan);
  // Ready when a client gets in.
  const end = Date.now() + 20_000;
  for (;;) {
    const r = spawnSync('ssh', ['-F', configPath, host, 'true'], { encoding: 'utf8', timeout: 5000 });
    // A ForceCommand that hangs answers nothing: in is in (killed by the timeout).
    if (r.status === 0 || (opts.config?.length && (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT')) break;
    if (sshd.exitCode !== null || Date.now() > end) {
      sshd.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log.join('')}${r.stderr}`);
    }
    await sleep(100);
  }
  const listener = sshd.pid ?? 0;
  const sessions = () => children(listener);
  const kill = (pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  };
  return {
    configPath,
    host,
    dir,
    sessions,
    killSessions() {
      // Only sshd's own processes: the remote shell must notice the drop by itself.
      const pids = sessionProcesses(listener);
      kill(pids);
      return pids.length;
    },
    async stop() {
      kill(sessionProcesses(listener));
      sshd.kill();
      process.off('exit', orphan);
      await new Promise((done) => (sshd.exitCode !== null ? done(null) : sshd.once('exit', done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
