// The sampler against the fake nvidia-smi of fixtures/nvidia-smi, in each of its modes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GpuSampler } from '../../src/live/gpu-sampler.js';
import { REPO } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';

const FAKE = join(REPO, 'fixtures', 'nvidia-smi', 'nvidia-smi');

function sampler(mode: string, t: { after(fn: () => Promise<void>): void }, command = FAKE) {
  process.env.FAKE_NVIDIA_SMI = mode;
  const s = new GpuSampler({ intervalMs: 100, command, appsEveryMs: 300, stallMs: 1500 });
  t.after(() => s.stop());
  s.start();
  return s;
}

describe('GpuSampler with a fake nvidia-smi', () => {
  it('one GPU: values of the CSV line, processes by GPU', async (t) => {
    const s = sampler('one', t);
    await waitFor(() => s.store.snapshot.gpus.length === 1 && s.store.snapshot.processes.length === 1, 'a sample and the processes');
    const g = s.store.snapshot.gpus[0];
    assert.equal(s.store.snapshot.status, 'ok');
    assert.equal(g.name, 'NVIDIA A100-SXM4-80GB');
    assert.equal(g.memory_total_mib, 81920);
    assert.equal(g.power_limit_w, 400);
    assert.equal(g.fan_pct, null);
    assert.deepEqual(s.store.snapshot.processes[0], { gpu_uuid: g.uuid, pid: 4242, name: 'python train_yolo.py', used_memory_mib: 12288 });
    await waitFor(() => (s.store.snapshot.history.get(0)?.util.length ?? 0) >= 3, 'a history');
  });

  it('eight GPUs, each its own line and history', async (t) => {
    const s = sampler('eight', t);
    await waitFor(() => s.store.snapshot.gpus.length === 8, 'eight GPUs');
    assert.deepEqual(s.store.snapshot.gpus.map((g) => g.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(s.store.snapshot.history.size, 8);
  });

  it('an interval whose rows come spaced out (a loaded machine, a wrapper script) is one update with every GPU', async (t) => {
    // The fake's four GPUs come 40 ms apart: what --once takes is the whole first interval.
    process.env.FAKE_NVIDIA_SMI = 'spaced';
    const s = new GpuSampler({ intervalMs: 1000, command: FAKE, appsEveryMs: 0, stallMs: 10_000 });
    const seen: number[] = [];
    s.store.subscribe(() => seen.push(s.store.snapshot.gpus.length));
    t.after(() => s.stop());
    s.start();
    await waitFor(() => (s.store.snapshot.history.get(3)?.util.length ?? 0) === 2, 'two intervals');
    assert.deepEqual([...new Set(seen.filter((n) => n > 0))], [4], 'no update with part of an interval');
    assert.deepEqual([...s.store.snapshot.history.values()].map((h) => h.util.length), [2, 2, 2, 2]);
  });

  it('[N/A] fields stay null', async (t) => {
    const s = sampler('na', t);
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'a sample');
    const g = s.store.snapshot.gpus[0];
    assert.equal(g.utilization_pct, null);
    assert.equal(g.power_w, null);
  });

  it('one that exits after three samples: says why, and is restarted', async (t) => {
    const s = sampler('exit3', t);
    await waitFor(() => s.store.snapshot.status.startsWith('nvidia-smi exited'), 'the exit');
    assert.match(s.store.snapshot.status, /code 15 \(a GPU has fallen off the bus or is otherwise inaccessible\): Unable to determine the device handle/);
    const before = s.store.snapshot.history.get(0)?.util.length ?? 0;
    assert.equal(before, 3);
    await waitFor(() => (s.store.snapshot.history.get(0)?.util.length ?? 0) > 3, 'samples after the restart');
  });

  it('one that prints no rows: its words while waiting, then taken as hung, in one line', async (t) => {
    const s = sampler('garbage', t);
    await waitFor(() => s.store.snapshot.status.startsWith('waiting for the first sample; nvidia-smi printed:'), 'its words while waiting');
    assert.match(s.store.snapshot.status, /couldn't communicate with the NVIDIA driver/);
    await waitFor(() => s.store.snapshot.status.startsWith('nvidia-smi stopped answering'), 'taken as hung');
    assert.match(s.store.snapshot.status, /it printed: NVIDIA-SMI has failed/);
    assert.doesNotMatch(s.store.snapshot.status, /\n/);
    assert.equal(s.store.snapshot.gpus.length, 0);
    assert.ok(s.store.snapshot.skipped.count >= 3);
  });

  it('a slow one: taken as hung after the stall limit, and restarted', async (t) => {
    const s = sampler('slow', t);
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'the first sample');
    await waitFor(() => s.store.snapshot.status.startsWith('nvidia-smi stopped answering'), 'the stall');
  });

  it('none at all: says there is no nvidia-smi, and the rest works', async (t) => {
    const s = sampler('one', t, join(REPO, 'fixtures', 'nvidia-smi', 'no-such-nvidia-smi'));
    await waitFor(() => s.store.snapshot.status.includes('no nvidia-smi on this machine'), 'the not-found status');
    await s.firstSample(100);
  });
});
