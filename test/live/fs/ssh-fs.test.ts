// SshFs against a real sshd on 127.0.0.1 (test/helpers/sshd.ts): the remote is this machine,
// so what it answers must equal what node:fs says of the same files.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileInfo, WatchEvent } from '../../../src/live/fs/run-fs.js';
import { nameString } from '../../../src/live/fs/names.js';
import { FrameReader } from '../../../src/live/fs/ssh/frames.js';
import { splitCommandLine } from '../../../src/live/fs/ssh/rsh.js';
import { SshFs } from '../../../src/live/fs/ssh/ssh-fs.js';
import { REPO, tempDir } from '../../helpers/paths.js';
import { needsSshd, startSshd, type Sshd } from '../../helpers/sshd.js';
import { waitFor } from '../../helpers/wait.js';

const HOSTILE: (string | Buffer)[] = [
  'sp ace', "quo'te", 'dq"uote', 'new\nline', 'trail\n', '$(touch pwned)', '`touch pwned2`', '-leading', '--', 'back\\slash',
  'back\\0101octal', '\\c', '*', '?', '[ab]', 'tab\there', '%s%n', 'ü-utf8', ' lead space', 'trail space ', '.hidden', '..dots', '~tilde', ';semi&amp|pipe>gt',
  Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0x80]),
];

const asBuffer = (n: string | Buffer) => (typeof n === 'string' ? Buffer.from(n) : n);
const pathOf = (dir: string, name: string | Buffer) => Buffer.concat([Buffer.from(`${dir}/`), asBuffer(name)]);

function nodeInfo(path: string | Buffer): Omit<FileInfo, 'mtimeMs'> & { mtimeMs: number } {
  const s = lstatSync(path);
  const kind = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : s.isFIFO() ? 'fifo' : 'other';
  return { kind, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, uid: s.uid, mode: s.mode & 0o7777 };
}

function assertSameInfo(got: FileInfo | null, want: FileInfo, what: string): void {
  assert.ok(got, `${what}: no answer`);
  assert.deepEqual({ ...got, mtimeMs: 0 }, { ...want, mtimeMs: 0 }, what);
  assert.ok(Math.abs(got.mtimeMs - want.mtimeMs) < 0.001, `${what}: mtime ${got.mtimeMs} vs ${want.mtimeMs}`);
}

/** Ours alone (other worktrees run the same fake): the interval 237 ms marks it. */
const fakeSmiRunning = () =>
  spawnSync('pgrep', ['-f', `^/bin/sh ${REPO}/fixtures/nvidia-smi/nvidia-smi .*-lms 237$`], { encoding: 'utf8' }).stdout.trim();

describe('splitCommandLine (--rsh)', () => {
  it('splits like a shell without running one', () => {
    assert.deepEqual(splitCommandLine('ssh -p 2222'), ['ssh', '-p', '2222']);
    assert.deepEqual(splitCommandLine(`ssh -F 'my config' -o "ProxyJump=a b" x\\ y ''`), ['ssh', '-F', 'my config', '-o', 'ProxyJump=a b', 'x y', '']);
    assert.deepEqual(splitCommandLine('ssh $HOME `id`'), ['ssh', '$HOME', '`id`']);
    assert.throws(() => splitCommandLine("ssh 'open"));
  });
});

describe('FrameReader', () => {
  it('skips what precedes the program, takes frames by length whatever their bytes, split anywhere', () => {
    const payload = Buffer.concat([Buffer.from('2 O 5\nAIGP\n'), Buffer.from([0, 0xff, 0x0a])]);
    const stream = Buffer.concat([
      Buffer.from('motd: welcome\nAIGP-WATCH-1'),
      Buffer.from('\n0 O 9\ngnu /root'),
      Buffer.from(`7 D ${payload.length}\n`),
      payload,
      Buffer.from('8 N 0\n'),
    ]);
    const frames: string[] = [];
    const broken: string[] = [];
    const reader = new FrameReader('AIGP-WATCH-1\n', (f) => frames.push(`${f.id} ${f.type} ${f.payload.toString('hex')}`), (w) => broken.push(w));
    for (const b of stream) reader.push(Buffer.from([b]));
    assert.deepEqual(frames, [`0 O ${Buffer.from('gnu /root').toString('hex')}`, `7 D ${payload.toString('hex')}`, '8 N ']);
    assert.deepEqual(broken, []);
    reader.push(Buffer.from('not a header at all, and long enough to be sure of it\n'));
    assert.equal(broken.length, 1);
  });
});

describe('SshFs against a real sshd', { skip: needsSshd }, () => {
  let sshd: Sshd;
  let fs: SshFs;
  const open = async () => {
    const f = new SshFs(sshd.host, { rsh: `ssh -F '${sshd.configPath}'` });
    await f.connect();
    return f;
  };

  before(async () => {
    sshd = await startSshd();
    fs = await open();
  });
  after(async () => {
    try {
      await fs?.close();
    } finally {
      await sshd?.stop();
    }
  });

  it('connects and knows the remote login folder', () => {
    assert.equal(fs.cwd, process.env.HOME ?? '/root');
    assert.equal(fs.connection.status(), null);
    assert.equal(fs.host, sshd.host);
  });

  it('stat, lstat, readdir, readlink, readRange and sha256 equal node:fs, for hostile names too', async (t) => {
    const dir = tempDir(t);
    const home = fs.cwd;
    for (const [i, name] of HOSTILE.entries()) writeFileSync(pathOf(dir, name), `file ${i}\n`.repeat(i + 1));
    mkdirSync(join(dir, 'sub dir'));
    writeFileSync(join(dir, 'empty'), '');
    symlinkSync('sp ace', join(dir, 'link'));
    symlinkSync('/nowhere', join(dir, 'dangling'));

    const want = readdirSync(dir, { encoding: 'buffer' }).map((b) => b.toString('hex')).sort();
    const got = await fs.readdir(dir);
    assert.ok(got);
    assert.deepEqual(got.map((e) => e.name.toString('hex')).sort(), want);
    for (const e of got) {
      const path = pathOf(dir, e.name);
      const info = nodeInfo(path);
      assert.equal(e.kind, info.kind, e.name.toString());
      assertSameInfo(await fs.lstat(path), info, `lstat ${JSON.stringify(e.name.toString())}`);
      if (info.kind !== 'file') continue;
      // A name that is not UTF-8 too: its path string keeps its bytes (names.ts).
      const text = nameString(path);
      const bytes = readFileSync(path);
      const r = await fs.readRange(text, 3, 1000);
      assert.ok(r.ok, text);
      assert.deepEqual(r.data, bytes.subarray(3), text);
      assert.equal(r.info.size, bytes.length);
      assert.equal(await fs.sha256(text), createHash('sha256').update(bytes).digest('hex'), text);
    }
    assertSameInfo(await fs.stat(join(dir, 'link')), nodeInfo(join(dir, 'sp ace')), 'stat follows the link');
    assert.deepEqual(await fs.readlink(join(dir, 'link')), readlinkSync(join(dir, 'link'), { encoding: 'buffer' }));
    assert.deepEqual(await fs.readlink(join(dir, 'dangling')), Buffer.from('/nowhere'));
    assert.equal(await fs.readlink(join(dir, 'sp ace')), null);
    assert.equal(await fs.stat(join(dir, 'dangling')), null);
    assert.equal(await fs.stat(join(dir, 'nothing')), null);
    assert.equal(await fs.readdir(join(dir, 'sp ace')), null);
    assert.deepEqual(await fs.readdir(join(dir, 'sub dir')), []);
    const empty = await fs.readRange(join(dir, 'empty'), 0, 10);
    assert.ok(empty.ok && empty.data.length === 0);
    const beyond = await fs.readRange(join(dir, 'sp ace'), 1000, 10);
    assert.ok(beyond.ok && beyond.data.length === 0);
    // Nothing in a name ran as code.
    for (const d of [dir, home]) for (const f of ['pwned', 'pwned2']) assert.equal(existsSync(join(d, f)), false, join(d, f));
  });

  it('refuses links (unless followed), folders and FIFOs, and never hangs on a FIFO', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'real'), 'abc');
    symlinkSync('real', join(dir, 'link'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('fifo', join(dir, 'to-fifo'));

    assert.deepEqual(await fs.readRange(join(dir, 'link'), 0, 10), { ok: false, missing: false, reason: 'a symbolic link (not followed)' });
    const followed = await fs.readRange(join(dir, 'link'), 0, 10, { followSymlinks: true });
    assert.ok(followed.ok && followed.data.toString() === 'abc');
    assert.deepEqual(await fs.readRange(join(dir, 'fifo'), 0, 10), { ok: false, missing: false, reason: 'a FIFO (named pipe)' });
    assert.deepEqual(await fs.readRange(join(dir, 'to-fifo'), 0, 10, { followSymlinks: true }), { ok: false, missing: false, reason: 'a FIFO (named pipe)' });
    assert.deepEqual(await fs.readRange(dir, 0, 10), { ok: false, missing: false, reason: 'a folder' });
    assert.deepEqual(await fs.readRange(join(dir, 'none'), 0, 10), { ok: false, missing: true, reason: 'not there' });
    assert.equal(await fs.sha256(join(dir, 'fifo')), null);
    assert.equal(await fs.sha256(join(dir, 'link')), null);
    assert.equal((await fs.lstat(join(dir, 'fifo')))?.kind, 'fifo');
    // The connection still answers: nothing is stuck opening the FIFO.
    assert.equal((await fs.stat(join(dir, 'real')))?.size, 3);
  });

  it('reads a growing file by offsets: exactly the appended bytes', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'results.csv');
    writeFileSync(file, 'epoch,loss\n');
    let offset = 0;
    const seen: Buffer[] = [];
    for (let row = 0; row < 40; row++) {
      appendFileSync(file, `${row},${(1 / (row + 1)).toFixed(5)}\n`);
      const r = await fs.readRange(file, offset, 7);
      assert.ok(r.ok);
      seen.push(r.data);
      offset += r.data.length;
    }
    for (;;) {
      const r = await fs.readRange(file, offset, 1 << 20);
      assert.ok(r.ok);
      if (r.data.length === 0) break;
      seen.push(r.data);
      offset += r.data.length;
    }
    assert.deepEqual(Buffer.concat(seen), readFileSync(file));
  });

  it('watch: add, change, unlink, addDir, unlinkDir, under a root that appears later; skipDirs and files filter', async (t) => {
    const dir = tempDir(t);
    const root = join(dir, 'runs', 'detect', 'apex');
    const events: WatchEvent[] = [];
    const w = fs.watch({ root, depth: 1, poll: true, pollIntervalMs: 1000, skipDirs: new Set(['wandb']), files: /\.(csv|yaml|pt)$/ }, (e) => events.push(e));
    t.after(() => w.close());
    await w.ready;
    const saw = (event: WatchEvent['event'], path: string) => waitFor(() => events.some((e) => e.event === event && e.path === path), `${event} ${path}`);

    mkdirSync(join(root, 'weights'), { recursive: true });
    mkdirSync(join(root, 'wandb'));
    writeFileSync(join(root, 'results.csv'), 'epoch\n');
    writeFileSync(join(root, 'notes.txt'), 'ignored by the filter');
    writeFileSync(join(root, 'wandb', 'x.csv'), 'skipped folder');
    await saw('addDir', root);
    await saw('add', join(root, 'results.csv'));
    await saw('addDir', join(root, 'weights'));

    appendFileSync(join(root, 'results.csv'), '1\n');
    writeFileSync(join(root, 'weights', 'best.pt'), 'w');
    await saw('change', join(root, 'results.csv'));
    await saw('add', join(root, 'weights', 'best.pt'));

    rmSync(join(root, 'weights'), { recursive: true });
    await saw('unlink', join(root, 'weights', 'best.pt'));
    await saw('unlinkDir', join(root, 'weights'));
    renameSync(join(root, 'results.csv'), join(root, 'results.old'));
    await saw('unlink', join(root, 'results.csv'));

    assert.equal(events.some((e) => e.path.includes('notes.txt') || e.path.includes(`${root}/wandb/`)), false, JSON.stringify(events));
    assert.equal(events.some((e) => e.event === 'addDir' && e.path === join(root, 'wandb')), true);
  });

  it('several watches on one connection, each with its own events', async (t) => {
    const roots = [join(tempDir(t), 'a'), join(tempDir(t), 'b'), join(tempDir(t), 'c')];
    const events = roots.map(() => [] as WatchEvent[]);
    const watches = roots.map((root, i) => fs.watch({ root, depth: 0, poll: true, pollIntervalMs: 1000 }, (e) => events[i].push(e)));
    t.after(() => Promise.all(watches.map((w) => w.close())));
    await Promise.all(watches.map((w) => w.ready));
    roots.forEach((root, i) => {
      mkdirSync(root);
      writeFileSync(join(root, `only-${i}`), 'x');
    });
    await waitFor(() => events.every((e) => e.length === 2), 'each watch to see its folder and file');
    events.forEach((e, i) => assert.deepEqual(e, [{ event: 'addDir', path: roots[i] }, { event: 'add', path: join(roots[i], `only-${i}`) }]));
  });

  it('watch: after the first look only what changed travels, hostile names too; a reconnect resyncs with exactly what changed meanwhile', async (t) => {
    const root = join(tempDir(t), 'run');
    mkdirSync(join(root, 'media'), { recursive: true });
    for (let i = 0; i < 400; i++) writeFileSync(join(root, 'media', `image_${i}_0123456789abcdef.png`), 'x');
    for (const name of HOSTILE) writeFileSync(pathOf(root, name), 'h');
    const other = await open();
    t.after(() => other.close());
    const events: WatchEvent[] = [];
    const w = other.watch({ root, depth: 1, poll: true, pollIntervalMs: 1000 }, (e) => events.push(e));
    t.after(() => w.close());
    await w.ready;
    const at = (name: string | Buffer) => `${root}/${nameString(asBuffer(name))}`;
    /** Makes a change, waits for exactly `want`, and returns the bytes the look that saw it received. */
    const step = async (change: () => void, want: WatchEvent[]) => {
      events.length = 0;
      const before = other.traffic().received;
      change();
      await waitFor(() => events.length >= want.length, JSON.stringify(want));
      await sleep(1200);
      assert.deepEqual(events, want);
      return other.traffic().received - before;
    };

    const hostile = HOSTILE[HOSTILE.length - 1];
    const changed = await step(() => appendFileSync(pathOf(root, hostile), 'more'), [{ event: 'change', path: at(hostile) }]);
    // The tree is 400+ entries (~30 KB); one changed line and a few "same" answers are not.
    assert.ok(changed < 600, `${changed} bytes for one change`);
    await step(() => writeFileSync(pathOf(root, 'new\nline\n'), 'n'), [{ event: 'add', path: at('new\nline\n') }]);
    await step(() => rmSync(pathOf(root, 'trail\n')), [{ event: 'unlink', path: at('trail\n') }]);
    await step(() => {
      rmSync(join(root, 'media'), { recursive: true });
      writeFileSync(join(root, 'media'), 'now a file');
    }, [
      ...Array.from({ length: 400 }, (_, i) => ({ event: 'unlink' as const, path: join(root, 'media', `image_${i}_0123456789abcdef.png`) })).sort((a, b) => (a.path < b.path ? 1 : -1)),
      { event: 'unlinkDir', path: join(root, 'media') },
      { event: 'add', path: join(root, 'media') },
    ]);

    // Changes made while the connection is down come as the same events once it is back.
    events.length = 0;
    assert.ok(sshd.killSessions() > 0, 'no session to kill');
    appendFileSync(join(root, 'media'), '+');
    writeFileSync(join(root, 'while-down'), 'd');
    rmSync(pathOf(root, '*'));
    await waitFor(() => events.length >= 3, 'the changes made while down', 15000);
    await sleep(1200);
    assert.deepEqual(events, [{ event: 'unlink', path: at('*') }, { event: 'change', path: join(root, 'media') }, { event: 'add', path: join(root, 'while-down') }]);
  });

  it('an idle watch costs a few bytes a look', async (t) => {
    const dir = tempDir(t);
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `file${i}.jpg`), 'x');
    const w = fs.watch({ root: dir, depth: 1, poll: true, pollIntervalMs: 1000 }, () => {});
    t.after(() => w.close());
    await w.ready;
    const start = fs.traffic();
    await sleep(3500);
    const end = fs.traffic();
    const looks = 3;
    t.diagnostic(`idle: ${end.sent - start.sent} bytes sent, ${end.received - start.received} received in 3.5 s`);
    // A look is its request line and "same" (no listing): tens of bytes, not the 30-file tree.
    assert.ok(end.received - start.received < 40 * (looks + 1), `${end.received - start.received} bytes received`);
  });

  it('streams the fake nvidia-smi and stops it on the remote', async () => {
    const lines: string[] = [];
    const s = fs.streamLines('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader,nounits', '-lms', '237'], {
      line: (l) => lines.push(l),
      exit: () => assert.fail('it was not to end by itself'),
    });
    await waitFor(() => lines.length >= 3, 'three samples');
    assert.match(lines[0], /^0, GPU-0a1b2c3d-.*, NVIDIA A100-SXM4-80GB, \d+, \d+, /);
    assert.ok(fakeSmiRunning());
    s.stop();
    await waitFor(() => !fakeSmiRunning(), 'the remote nvidia-smi to end');
  });

  it('a command that is not there, and one that fails: exit says so', async () => {
    const exit = await new Promise<{ code: number | null; notFound: boolean; why: string }>((done) =>
      fs.streamLines('no-such-command-here', [], { line: () => {}, exit: done }),
    );
    assert.equal(exit.notFound, true);
    assert.match(exit.why, /no-such-command-here: not found/);
    const failed = await new Promise<{ code: number | null; notFound: boolean; why: string }>((done) =>
      fs.streamLines('sh', ['-c', 'echo out; echo "the driver failed" >&2; exit 15'], { line: () => {}, exit: done }),
    );
    assert.deepEqual(failed, { code: 15, signal: null, notFound: false, why: 'the driver failed' });
  });

  it('runCommand: the compute-apps query, an argument that is not code, and a timeout', async () => {
    assert.equal(
      await fs.runCommand('nvidia-smi', ['--query-compute-apps=gpu_uuid,pid,process_name,used_memory', '--format=csv,noheader,nounits'], 5000),
      'GPU-0a1b2c3d-0000-1111-2222-333344445555, 4242, python train_yolo.py, 12288\n',
    );
    assert.equal(await fs.runCommand('printf', ['%s|', 'a b', '$(id)', '', "'"], 5000), "a b|$(id)||'|\n");
    assert.equal(await fs.runCommand('false', [], 5000), null);
    assert.equal(await fs.runCommand('sleep', ['30'], 300), null);
  });

  it('a dropped connection comes back: status says so meanwhile, reads resume at the caller\'s offsets, streams restart', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'events.out');
    writeFileSync(file, '');
    const other = await open();
    t.after(() => other.close());
    const statuses: (string | null)[] = [];
    other.connection.subscribe(() => statuses.push(other.connection.status()));
    const lines: string[] = [];
    const stream = other.streamLines('nvidia-smi', ['-lms', '200'], { line: (l) => lines.push(l), exit: () => {} });
    t.after(() => stream.stop());
    await waitFor(() => lines.length > 0, 'a sample');

    let offset = 0;
    const seen: Buffer[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        appendFileSync(file, `${i} ${'x'.repeat(i % 50)}\n`);
        await sleep(20);
      }
    })();
    const reader = (async () => {
      while (writing || offset < readFileSync(file).length) {
        const r = await other.readRange(file, offset, 4096);
        assert.ok(r.ok);
        seen.push(r.data);
        offset += r.data.length;
      }
    })();
    await sleep(300);
    assert.ok(sshd.killSessions() > 0, 'no session to kill');
    await waitFor(() => /^disconnected \d+s — reconnecting/.test(other.connection.status() ?? ''), 'the status to say disconnected');
    await waitFor(() => other.connection.status() === null, 'the reconnect', 15000);
    const before = lines.length;
    await waitFor(() => lines.length > before + 2, 'samples after the reconnect');
    await sleep(300);
    writing = false;
    await writer;
    await reader;
    assert.deepEqual(Buffer.concat(seen), readFileSync(file));
    assert.ok(statuses.some((s) => s?.startsWith('disconnected')));
    assert.equal(statuses.at(-1), null);
  });

  it('a request that hangs there (the remote shell stopped) is given up on: the connection is made again and the answer comes', async (t) => {
    const file = join(tempDir(t), 'results.csv');
    writeFileSync(file, 'epoch\n1\n');
    // The remote program: the shell right below a session's sshd (not the subshells it starts).
    const shells = () => {
      const comm = (p: number) => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
        } catch {
          return ''; // gone meanwhile
        }
      };
      const below = (pid: number): number[] => spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      const sessions = (pids: number[]): number[] => pids.flatMap((p) => (comm(p) === 'sshd' ? [p, ...sessions(below(p))] : []));
      return sessions(sshd.sessions()).flatMap(below).filter((p) => comm(p) === 'sh');
    };
    // The shared connection, dropped by the tests before, is back first: its shell is not ours.
    await fs.stat('/');
    await waitFor(() => fs.connection.status() === null, 'the shared connection back', 60_000);
    const before = shells();
    const other = new SshFs(sshd.host, { rsh: `ssh -F '${sshd.configPath}'`, answerTimeoutMs: 2000 });
    await other.connect();
    t.after(() => other.close());
    const ours = shells().filter((p) => !before.includes(p));
    assert.equal(ours.length, 1, `the remote program: ${ours}`);
    process.kill(ours[0], 'SIGSTOP');
    t.after(() => process.kill(ours[0], 'SIGKILL'));
    const statuses: (string | null)[] = [];
    other.connection.subscribe(() => statuses.push(other.connection.status()));
    const r = await other.readRange(file, 0, 100);
    assert.ok(r.ok && r.data.toString() === 'epoch\n1\n', JSON.stringify(r));
    assert.ok(statuses.some((s) => /^disconnected \d+s — reconnecting: no whole reply in \d+s \(a hung file system there\?\)$/.test(s ?? '')), JSON.stringify(statuses));
    assert.equal(other.connection.status(), null);
  });

  it('a first connect that fails rejects with what ssh said', async (t) => {
    const cfg = join(tempDir(t), 'ssh_config');
    writeFileSync(cfg, `Host closed-port\n  HostName 127.0.0.1\n  Port 1\n  BatchMode yes\n`);
    const bad = new SshFs('closed-port', { rsh: `ssh -F ${cfg}` });
    await assert.rejects(bad.connect(), /ssh closed-port: .*Connection refused/);
    await bad.close();
    const unknown = new SshFs('no-such-host.invalid', { rsh: `ssh -F ${cfg}` });
    await assert.rejects(unknown.connect(), /Could not resolve hostname/);
    await unknown.close();
    assert.throws(() => new SshFs('-oProxyCommand=touch pwned'), /not a host/);
  });
});
