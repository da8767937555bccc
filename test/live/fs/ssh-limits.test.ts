// Every wait over ssh has a deadline and every reply a cap, whatever the host does: a host that
// never answers, one that logs in and hangs, one that answers a byte a second, one that breaks
// the protocol or hangs up mid-reply (reconnected less and less often), one whose first reply or
// listing is huge. The hosts are the fake `-e` host (test/helpers/fake-host.mjs) and a real sshd.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SshFs, type SshFsOptions } from '../../../src/live/fs/ssh/ssh-fs.js';
import { CLI, REPO, SAMPLES, tempDir } from '../../helpers/paths.js';
import { peakMiB, processesWith, REPORT_RSS } from '../../helpers/procs.js';
import { needsSshd, startSshd, type Sshd } from '../../helpers/sshd.js';
import { waitFor } from '../../helpers/wait.js';

const FAKE = join(REPO, 'test', 'helpers', 'fake-host.mjs');

/** The fake host as the ssh command: `mode`, a marker in its command line, and a log of its logins. */
function fakeHost(t: { after(fn: () => void): void }, mode: string, env: Record<string, string> = {}) {
  const dir = tempDir(t);
  const log = join(dir, 'logins');
  writeFileSync(log, '');
  const vars = Object.entries({ FAKE_HOST: mode, FAKE_HOST_LOG: log, ...env }).map(([k, v]) => `${k}=${v}`);
  return {
    dir,
    rsh: ['env', ...vars, process.execPath, FAKE, `-oMark=${dir}`].join(' '),
    logins: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length,
  };
}

function open(t: { after(fn: () => Promise<void>): void }, rsh: string, opts: SshFsOptions = {}, host = 'box'): SshFs {
  const fs = new SshFs(host, { rsh, ...opts });
  t.after(() => fs.close());
  return fs;
}

/** The CLI as a user runs it, with its peak memory; resolves when it ends (or is killed at 120 s). */
function cli(args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', REPORT_RSS, CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stdout, stderr, ms: Date.now() - started })));
}

describe('ssh deadlines and caps, against a fake host', () => {
  it('a host that never answers, or only chatters: the first connect fails at its deadline with what was seen', { timeout: 60_000 }, async (t) => {
    const silent = fakeHost(t, 'silent');
    await assert.rejects(open(t, silent.rsh, { firstAnswerMs: 2000 }).connect(), /^Error: ssh box: no login within 2 s: a host that does not answer/);
    const chatter = fakeHost(t, 'chatter');
    await assert.rejects(open(t, chatter.rsh, { firstAnswerMs: 2000 }).connect(), /no login within 2 s \(52 bytes came\)/);
    await waitFor(() => processesWith(silent.dir).length + processesWith(chatter.dir).length === 0, 'the fake hosts ended');
  });

  it('one look: a host that stops answering fails the connection for good at the deadline, and nothing waits', { timeout: 60_000 }, async (t) => {
    const mute = fakeHost(t, 'mute');
    const fs = open(t, mute.rsh, { once: true, answerTimeoutMs: 2000 });
    await fs.connect();
    const failed = new Promise<string>((done) => fs.onFailure(done));
    assert.equal(await fs.stat('/'), null);
    assert.match(await failed, /^box: the connection failed: no whole reply in [2-4]s \(a hung file system there\?\)$/);
    assert.equal(await fs.readdir('/'), null, 'later requests are answered at once');
    assert.equal(mute.logins(), 1, 'not tried again');
  });

  it('one look: a sha256 that never comes (a file on a hung mount there) fails the host at its deadline', { timeout: 60_000 }, async (t) => {
    const mute = fakeHost(t, 'mute');
    const fs = open(t, mute.rsh, { once: true, sumTimeoutMs: 2000 });
    await fs.connect();
    const failed = new Promise<string>((done) => fs.onFailure(done));
    assert.equal(await fs.sha256('/etc/hostname'), null);
    assert.match(await failed, /^box: the connection failed: no sha256 in 2 s \(a hung file system there\?\)$/);
  });

  it('a reply that comes a byte a second is no progress: given up at the deadline, not reset by each byte', { timeout: 60_000 }, async (t) => {
    const trickle = fakeHost(t, 'trickle');
    const fs = open(t, trickle.rsh, { once: true, answerTimeoutMs: 3000 });
    await fs.connect();
    const failed = new Promise<string>((done) => fs.onFailure(done));
    assert.equal(await fs.stat('/'), null);
    assert.match(await failed, /no whole reply in [3-6]s \(\d+ bytes of one\)/);
  });

  for (const mode of ['huge-header', 'close-mid']) {
    it(`${mode}: reconnected with a growing backoff (not a login a second), the status says why`, { timeout: 60_000 }, async (t) => {
      const host = fakeHost(t, mode);
      const fs = open(t, host.rsh);
      await fs.connect();
      const statuses = new Set<string>();
      fs.connection.subscribe(() => statuses.add(fs.connection.status() ?? ''));
      void fs.stat('/');
      const start = Date.now();
      await waitFor(() => Date.now() - start > 8000, '8 s of a broken host', 20_000);
      // Logins at 0, 1, 3 and 7 s (1 s doubling); a login a second would be 9.
      assert.ok(host.logins() <= 5, `${host.logins()} logins in 8 s`);
      const why = mode === 'huge-header' ? /protocol error: a reply header claiming 67108865 bytes, over the 67108864-byte cap/ : /the connection closed in the middle of a reply/;
      assert.ok([...statuses].some((s) => why.test(s)), [...statuses].join('\n'));
    });
  }

  it('a connection that stayed up long enough is healthy: the backoff starts over (healthyMs)', { timeout: 60_000 }, async (t) => {
    const host = fakeHost(t, 'close-mid');
    const fs = open(t, host.rsh, { healthyMs: 0 });
    await fs.connect();
    void fs.stat('/');
    await waitFor(() => host.logins() >= 5, 'five logins a second apart', 30_000);
  });

  it('a huge login folder in the first reply is refused at its cap, in bounded memory (the CLI: exit 4)', { timeout: 120_000 }, async (t) => {
    const host = fakeHost(t, 'huge-cwd', { FAKE_HOST_CWD_MB: '32' });
    await assert.rejects(open(t, host.rsh).connect(), /protocol error: its first reply claims 33554437 bytes \(a login folder that long\?\), over the 16384-byte cap/);
    const r = await cli(['-e', host.rsh, '--json', '--no-gpu', 'box:']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /cannot reach box: .*over the 16384-byte cap/);
    assert.ok(peakMiB(r.stderr) < 200, `peak ${peakMiB(r.stderr)} MiB`);
  });

  it('a listing over its cap is passed over as it streams and said; the CLI says so too', { timeout: 120_000 }, async (t) => {
    const host = fakeHost(t, 'huge-listing', { FAKE_HOST_LISTING_MB: '40' });
    const fs = open(t, host.rsh);
    await fs.connect();
    assert.equal(await fs.readdir(SAMPLES), null);
    assert.match(fs.notes() ?? '', /^box sent a reply of \d+ bytes, over the 33554432-byte cap for it: not read$/);
    assert.ok((await fs.stat(SAMPLES))?.kind === 'dir', 'the connection goes on');
    const r = await cli(['-e', host.rsh, '--json', '--no-gpu', `box:${SAMPLES}`]);
    assert.match(r.stderr, /box sent a reply of \d+ bytes, over the 33554432-byte cap for it: not read/);
    assert.ok(peakMiB(r.stderr) < 300, `peak ${peakMiB(r.stderr)} MiB`);
  });

  it('the CLI: --json to a silent host ends with exit 4 at 20 s; one that goes mute after the login at 30 s, saying only that', { timeout: 150_000 }, async (t) => {
    const silent = fakeHost(t, 'silent');
    const mute = fakeHost(t, 'mute');
    const [a, b] = await Promise.all([cli(['-e', silent.rsh, '--json', '--no-gpu', `box:${SAMPLES}`]), cli(['-e', mute.rsh, '--json', '--no-gpu', `box:${SAMPLES}`])]);
    assert.equal(a.code, 4, a.stderr);
    assert.match(a.stderr, /^aigp-watch: cannot reach box: ssh box: no login within 20 s/);
    assert.equal(b.code, 4, b.stderr);
    assert.equal(b.stdout, '');
    assert.deepEqual(b.stderr.split('\n').filter((l) => l.startsWith('aigp-watch')), ['aigp-watch: box: the connection failed: no whole reply in 30s (a hung file system there?)']);
    t.diagnostic(`silent host: exit 4 after ${a.ms} ms; mute host: after ${b.ms} ms`);
    await waitFor(() => processesWith(silent.dir).length + processesWith(mute.dir).length === 0, 'the fake hosts ended');
  });

  it('Ctrl-C (SIGINT) while a host is connecting ends the CLI and its ssh at once', { timeout: 60_000 }, async (t) => {
    const silent = fakeHost(t, 'silent');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, '-e', silent.rsh, '--once', `box:${SAMPLES}`], { env, stdio: 'ignore', timeout: 60_000 });
    await waitFor(() => silent.logins() === 1, 'the login');
    child.kill('SIGINT');
    const signal = await new Promise((done) => child.once('exit', (_, s) => done(s)));
    assert.equal(signal, 'SIGINT');
    await waitFor(() => processesWith(silent.dir).length === 0, 'the fake host ended');
  });
});

describe('ssh deadlines and caps, against a real sshd', { skip: needsSshd }, () => {
  let sshd: Sshd;
  let hung: Sshd;
  before(async () => {
    [sshd, hung] = await Promise.all([startSshd(), startSshd({ config: ['ForceCommand sleep 300'] })]);
  });
  after(async () => {
    await Promise.all([sshd?.stop(), hung?.stop()]);
  });

  it('logged in, but the login shell never starts the program (ForceCommand sleep): said at the deadline', { timeout: 60_000 }, async (t) => {
    const fs = open(t, `ssh -F '${hung.configPath}'`, { firstAnswerMs: 3000 }, hung.host);
    await assert.rejects(fs.connect(), new RegExp(`^Error: ssh ${hung.host}: logged in, but the remote program did not start within 3 s: a hung login script`));
  });

  it('a remote command\'s line over the cap is dropped, said, and the next one is whole; stop ends what the command started', { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const fs = new SshFs(sshd.host, { rsh: `ssh -F '${sshd.configPath}'` });
    t.after(() => fs.close());
    await fs.connect();
    // A wrapper (no exec) whose command prints a 1 MiB line, then a short one, then runs on.
    writeFileSync(join(dir, 'wrapper'), `#!/bin/sh\nsh -c 'echo first; head -c 1048576 /dev/zero | tr "\\\\0" x; echo; echo after; sleep 300; echo done' ${dir}\n`);
    const lines: string[] = [];
    let overlong = 0;
    const stream = fs.streamLines('sh', [join(dir, 'wrapper')], { line: (l) => lines.push(l), overlong: ({ count }) => (overlong = count), exit: () => {} });
    await waitFor(() => lines.includes('after'), 'the line after the long one');
    assert.deepEqual(lines, ['first', 'after']);
    assert.equal(overlong, 1);
    assert.ok(processesWith(dir).length > 0, 'the command runs there');
    stream.stop();
    await waitFor(() => processesWith(dir).length === 0, 'the remote command and what it started, gone');
  });
});
