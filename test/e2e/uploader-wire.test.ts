// The uploader's bytes on the wire, end to end, in a network namespace this test makes: a server
// standing for wandb.ai on 10.77.0.1 (inside the namespace only), a stand-in wandb-core that
// uploads each staged file over a keep-alive connection, posts a small stream every 0.5 s, opens
// a short connection every 2 s and talks to a loopback peer, and the built CLI --json --follow,
// all inside it (test/helpers/uploader-harness.ts). What the CLI says was sent must be what the
// server received (2 % + 4 KiB), the loopback bytes not in it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO, tempDir } from '../helpers/paths.js';
import { needsSshd } from '../helpers/sshd.js';

const SETUP = 'ip link set lo up && ip addr add 10.77.0.1/32 dev lo';

function namespaceRefusal(): string | false {
  for (const cmd of ['unshare', 'ip', 'ss', 'stdbuf']) {
    if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return `${cmd} is not installed: the uploader wire test is skipped (.ci/run installs iproute2)`;
  }
  const r = spawnSync('unshare', ['-n', 'sh', '-c', SETUP], { encoding: 'utf8' });
  return r.status === 0 ? false : `unshare -n refused here (${(r.stderr || r.error?.message || '').trim().split('\n')[0]}): the uploader wire test is skipped (it needs root, as in CI)`;
}

const refused = namespaceRefusal();

interface Result {
  server: number;
  loopback: number;
  last: { sent_bytes: number; queue: { state: string; pending_bytes: number | null; line: string }; uploader_status: string; wire: { short_connections: number; note: string | null } };
  trace: { t: number; sent: number | null; server: number; state: string }[];
}

function harness(t: { after(fn: () => void): void }, mode: 'finish' | 'kill' | 'ssh'): Result {
  const work = tempDir(t, 'aigp-wire-');
  const r = spawnSync('unshare', ['-n', 'sh', '-c', `${SETUP} && exec "$0" --import tsx test/helpers/uploader-harness.ts "$1" "$2"`, process.execPath, mode, work], { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `the harness failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Result;
}

const within = (sent: number, server: number) => Math.abs(sent - server) <= 0.02 * server + 4096;

describe('the uploader on the wire, in a network namespace', { skip: refused }, () => {
  it('a training that ends and an uploader that finishes: sent equals what the server received, loopback left out, then safe to stop', (t) => {
    const r = harness(t, 'finish');
    const { last } = r;
    assert.ok(r.loopback > 100_000, 'the stand-in talked to its loopback peer');
    assert.ok(within(last.sent_bytes, r.server), `sent ${last.sent_bytes} B, server received ${r.server} B`);
    assert.equal(last.queue.state, 'done');
    assert.match(last.queue.line, /^all sent — safe to stop/);
    assert.ok(last.wire.short_connections > 0, 'connections that lived between two samples are counted from their close events');
    // Shown as it moves (each burst of uploads), to the byte at the end.
    const grew = new Set(r.trace.map((x) => x.sent).filter((v) => v !== null));
    assert.ok(grew.size >= 2 && r.trace.some((x) => x.state === 'uploading' && x.sent !== null && x.sent < last.sent_bytes), `the sent figure grew as the upload went (${[...grew].join(', ')})`);
    for (const x of r.trace) if (x.sent !== null) assert.ok(x.sent <= x.server + 4096, `never more than the server had (${x.sent} > ${x.server} at ${x.t} ms)`);
  });

  it('an uploader killed halfway: what it sent, and "gone before the end"', (t) => {
    const r = harness(t, 'kill');
    const { last } = r;
    assert.ok(within(last.sent_bytes, r.server), `sent ${last.sent_bytes} B, server received ${r.server} B`);
    assert.equal(last.queue.state, 'gone');
    assert.match(last.queue.line, /^uploader gone before the end — up to [\d.]+ [kM]B may not have left/);
    assert.ok((last.queue.pending_bytes ?? 0) > 0);
  });

  it('over ssh: the same, the scan and ss run on the host through the run\'s connection', { skip: needsSshd }, (t) => {
    const r = harness(t, 'ssh');
    const { last } = r;
    assert.ok(within(last.sent_bytes, r.server), `sent ${last.sent_bytes} B, server received ${r.server} B`);
    assert.equal(last.queue.state, 'done');
    assert.ok(r.trace.some((x) => x.state === 'uploading'), 'seen uploading before it ended');
  });
});
