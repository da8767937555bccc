// The uploader found by evidence, watched while it lives and no longer after; what its log says.
// No namespace needed: the stand-in talks to a server on 127.0.0.1 only, which never counts.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EgressReader } from '../../src/live/egress-reader.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import { findUploader, pickUploader } from '../../src/live/egress/uploader-finder.js';
import { egressQueue } from '../../src/model/egress-queue.js';
import type { EgressState } from '../../src/model/egress.js';
import { parseProcessScan } from '../../src/sources/proc/process-scan.js';
import { serveWandb } from '../../fixtures/wandb/fake-wandb-server.js';
import { records, WandbLog, wandbRunFolder } from '../../fixtures/wandb/wandb-writer.js';
import { tempDir } from '../helpers/paths.js';
import { startStandIn } from '../helpers/stand-in.js';
import { waitFor } from '../helpers/wait.js';

const hasProc = spawnSync('sh', ['-c', '[ -r /proc/self/stat ] && command -v ss && command -v stdbuf']).status === 0;
const needsProc = hasProc ? false : 'no /proc, ss or stdbuf here: the uploader is not looked for';

const SCAN = [
  'me 1000', 'up 5000.5', 'hz 100',
  'p 4100 1 1000 400000 0\tpython3\tpython3 train.py',
  'p 4242 4100 1000 400100 1\twandb-core\t/venv/lib/python3.12/site-packages/wandb/bin/wandb-core --port-filename /tmp/x --pid 4100',
  'p 5000 1 1001 400200 -\twandb-core\t/opt/wandb-core --port-filename /tmp/y --pid 4999',
  'p 6000 1 1000 400300 0\twandb-service(2\twandb-service(2-4777-s-52311)',
  'p nonsense', '\u001b[2J',
].join('\n');

/** Children of this process, by name (the sampling loop and ss must be gone when the uploader is). */
function children(): string[] {
  const out = spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').map((l) => l.trim()).filter((c) => c && c !== 'ps');
}

describe('the uploader, by evidence', () => {
  it('the process that holds the .wandb open; else wandb-core --pid of the training; else its legacy service; another user\'s is named as such', () => {
    const scan = parseProcessScan(SCAN);
    assert.equal(scan.processes.length, 4, 'lines that do not parse are passed over');
    const now = Date.UTC(2026, 0, 1);
    const held = pickUploader(scan, 'run-x.wandb', { trainingPid: null, serverPid: null }, now);
    assert.deepEqual([held.ref?.pid, held.ref?.evidence, held.status], [4242, 'holds run-x.wandb open', 'alive']);
    assert.equal(held.ref?.startedAt, now - (5000.5 - 4001) * 1000);
    const notHeld = parseProcessScan(SCAN.replace('400100 1', '400100 0'));
    assert.equal(pickUploader(notHeld, 'run-x.wandb', { trainingPid: 4100, serverPid: null }, now).ref?.evidence, 'wandb-core --pid 4100 (the training)');
    assert.equal(pickUploader(notHeld, 'run-x.wandb', { trainingPid: 4777, serverPid: null }, now).ref?.pid, 6000);
    const other = pickUploader(notHeld, 'run-x.wandb', { trainingPid: 4999, serverPid: null }, now);
    assert.deepEqual([other.ref, other.status], [null, 'another user']);
    assert.match(other.note ?? '', /pid 5000 \(wandb-core\) is another user's/);
    assert.equal(pickUploader(notHeld, 'run-x.wandb', { trainingPid: 1234, serverPid: null }, now).status, 'not found');
  });

  it('a real scan finds a process named wandb-core that holds the log open', { skip: needsProc }, async (t) => {
    const dir = tempDir(t);
    const log = join(dir, 'run-ab12cd34.wandb');
    writeFileSync(log, '');
    symlinkSync(process.execPath, join(dir, 'wandb-core'));
    const child = spawn(join(dir, 'wandb-core'), ['-e', `require('fs').openSync(${JSON.stringify(log)}, 'a'); setInterval(() => {}, 1000)`, '--', '--pid', String(process.pid)], { stdio: 'ignore' });
    t.after(() => child.kill('SIGKILL'));
    const found = await waitFor(async () => {
      const f = await findUploader(new LocalFs(), log, { trainingPid: null, serverPid: null }, Date.now());
      return f.status === 'alive' ? f : null;
    }, 'the stand-in found') as NonNullable<Awaited<ReturnType<typeof findUploader>>>;
    assert.deepEqual([found.ref?.pid, found.ref?.name, found.ref?.evidence], [child.pid, 'wandb-core', 'holds run-ab12cd34.wandb open']);
  });
});

describe('the uploader followed live', { skip: needsProc }, () => {
  it('found, its sockets sampled (loopback only here: 0 B sent), then gone: no sampling left, and its log says it finished', async (t) => {
    const root = tempDir(t);
    const server = await serveWandb('127.0.0.1', 0);
    t.after(() => server.close());
    const folder = wandbRunFolder(join(root, 'wandb'), 'ab12cd34', 'online');
    const log = new WandbLog(folder, 'ab12cd34');
    log.append(records.header(), records.run('ab12cd34', 'apex'));
    const reader = new EgressReader({ kind: 'wandb', fs: new LocalFs(root), dir: folder }, { wandbDir: null });
    t.after(() => reader.stop());
    await reader.start({ poll: false, pollIntervalMs: 500 });
    const up = startStandIn(root, folder, { server: `127.0.0.1:${server.port}` });
    t.after(() => up.child.kill('SIGKILL'));
    writeFileSync(join(folder, 'files', 'output.log'), 'x'.repeat(50_000));
    const s = await waitFor(() => {
      const e = reader.store.snapshot;
      return e.uploaderStatus === 'alive' && e.wire.sentBytes !== null ? e : null;
    }, 'the uploader found and sampled', 30_000) as EgressState;
    assert.equal(s.uploader?.pid, up.child.pid);
    assert.equal(s.uploader?.evidence, `holds run-ab12cd34.wandb open`);
    assert.ok(children().includes('sh'), 'the sampling loop runs while it lives');
    await waitFor(() => server.received() > 50_000, 'the upload');
    assert.equal(reader.store.snapshot.wire.sentBytes, 0, 'a server on 127.0.0.1 is loopback: never counted');
    // The uploader's log is read on the reader's next look: a loaded machine may not be there yet.
    await waitFor(() => reader.store.snapshot.uploads.backend === 'core', 'its log read: wandb-core');
    log.append(records.exit(0));
    up.child.kill('SIGTERM');
    assert.equal(await up.exited, 0);
    const done = await waitFor(() => {
      const e = reader.store.snapshot;
      return e.uploaderStatus === 'gone' && e.uploads.finished && e.exitCode === 0 ? e : null;
    }, 'the uploader gone, its log finished', 30_000) as EgressState;
    assert.equal(egressQueue(done, Date.now()).state, 'done');
    await waitFor(() => !children().some((c) => c === 'sh' || c === 'ss' || c === 'stdbuf'), 'no sampling once it is gone (ss -E ends 2 s after)', 10_000);
  });

  it('ss missing: one line saying so, the rest unchanged; the uploader still seen to end', async (t) => {
    const root = tempDir(t);
    const bin = join(root, 'bin-without-ss');
    mkdirSync(bin);
    for (const tool of ['sh', 'ls', 'awk', 'sleep', 'readlink', 'id', 'getconf', 'tr', 'head', 'cat']) {
      const at = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      if (at) symlinkSync(at, join(bin, tool));
    }
    const folder = wandbRunFolder(join(root, 'wandb'), 'cd34ab12', 'online');
    new WandbLog(folder, 'cd34ab12').append(records.header());
    const path = process.env.PATH;
    process.env.PATH = bin;
    t.after(() => (process.env.PATH = path));
    // Named wandb-core or not, the process that holds the log open is the uploader: node is not a
    // candidate by name, so a child of the training it must be (its ppid is this process). As an
    // uploader does, it writes its own log now and then.
    mkdirSync(join(folder, 'logs'));
    const holder = spawn(process.execPath, ['-e', `const fs = require('fs'); fs.openSync(${JSON.stringify(join(folder, 'run-cd34ab12.wandb'))}, 'a'); setInterval(() => fs.appendFileSync(${JSON.stringify(join(folder, 'logs', 'debug-internal.log'))}, '{}\\n'), 1000)`], { stdio: 'ignore' });
    t.after(() => holder.kill('SIGKILL'));
    writeFileSync(join(folder, 'logs', 'debug.log'), `x Configure stats pid to ${process.pid}\n`);
    const reader = new EgressReader({ kind: 'wandb', fs: new LocalFs(root), dir: folder }, { wandbDir: null });
    t.after(() => reader.stop());
    await reader.start({ poll: false, pollIntervalMs: 500 });
    const s = await waitFor(() => (reader.store.snapshot.wire.note?.startsWith('ss ') ? reader.store.snapshot : null), 'the note on ss', 30_000) as EgressState;
    assert.equal(s.wire.note, 'ss (iproute2) not found there: bytes on the wire are not counted');
    assert.equal(s.wire.sentBytes, null);
    assert.equal(s.uploaderStatus, 'alive');
    assert.match(egressQueue(s, Date.now()).line, /ss \(iproute2\) not found there/);
    holder.kill('SIGKILL');
    await waitFor(() => reader.store.snapshot.uploaderStatus === 'gone', 'its end seen without ss', 30_000);
  });

  it('read once (--once, --json): one sample, said to be one', async (t) => {
    const root = tempDir(t);
    const folder = wandbRunFolder(join(root, 'wandb'), 'ef56ab12', 'online');
    new WandbLog(folder, 'ef56ab12').append(records.header());
    const up = startStandIn(root, folder, { server: '127.0.0.1:9' });
    t.after(() => up.child.kill('SIGKILL'));
    // As --once reads: a reader made, synced once.
    const s = await waitFor(async () => {
      const reader = new EgressReader({ kind: 'wandb', fs: new LocalFs(root), dir: folder }, { wandbDir: null });
      await reader.sync();
      return reader.store.snapshot.uploaderStatus === 'alive' ? reader.store.snapshot : null;
    }, 'found in a one-shot read', 30_000) as EgressState;
    assert.equal(s.wire.sentBytes, 0);
    assert.match(s.wire.note ?? '', /^one sample: connections closed before it are not counted/);
    assert.deepEqual(children().filter((c) => c === 'ss' || c === 'stdbuf'), [], 'nothing left running');
  });
});
