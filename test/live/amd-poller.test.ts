// An AMD box: no nvidia-smi, and amd-smi (or only rocm-smi) on PATH, the stand-ins answering with
// real outputs (fixtures/amd-smi, fixtures/rocm-smi).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GpuSampler } from '../../src/live/gpu-sampler.js';
import { REPO } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';

type T = { after(fn: () => unknown): void };

function amdBox(t: T, bins: string[], mode = '') {
  const before = { PATH: process.env.PATH, FAKE_AMD_SMI: process.env.FAKE_AMD_SMI };
  process.env.PATH = [...bins.map((b) => join(REPO, 'fixtures', b)), '/usr/bin', '/bin'].join(':');
  process.env.FAKE_AMD_SMI = mode;
  const s = new GpuSampler({ intervalMs: 100, appsEveryMs: 300 });
  t.after(async () => {
    await s.stop();
    process.env.PATH = before.PATH;
    if (before.FAKE_AMD_SMI === undefined) delete process.env.FAKE_AMD_SMI;
    else process.env.FAKE_AMD_SMI = before.FAKE_AMD_SMI;
  });
  s.start();
  return s;
}

describe('an AMD box', () => {
  it('amd-smi: eight MI300X with names and power caps from static, readings from metric, processes', async (t) => {
    const s = amdBox(t, ['amd-smi']);
    await waitFor(() => s.store.snapshot.gpus.length === 8, 'eight GPUs');
    const snap = s.store.snapshot;
    assert.equal(snap.tool, 'amd-smi');
    assert.equal(snap.status, 'ok');
    assert.deepEqual(snap.gpus.map((g) => g.power_w), [734, 652, 376, 234, 219, 295, 367, 367]);
    assert.ok(snap.gpus.every((g) => g.name === 'AMD Instinct MI300X' && g.power_limit_w === 750 && g.memory_total_mib === 196592));
    await waitFor(() => s.store.snapshot.processes.length === 8, 'the processes');
    assert.equal(s.store.snapshot.processes.filter((p) => p.gpu_uuid === s.store.snapshot.gpus[1].uuid).length, 4);
    await waitFor(() => (s.store.snapshot.history.get(0)?.at.length ?? 0) >= 2, 'polled again');
  });

  it('the {"gpu_data"} and bare-list shapes alike', async (t) => {
    const s = amdBox(t, ['amd-smi'], 'w7700');
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'one GPU');
    assert.equal(s.store.snapshot.gpus[0].utilization_pct, 42);
    assert.equal(s.store.snapshot.gpus[0].temperature_c, null);
  });

  it('only rocm-smi: read from it', async (t) => {
    const s = amdBox(t, ['rocm-smi']);
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'one GPU');
    assert.equal(s.store.snapshot.tool, 'rocm-smi');
    assert.equal(s.store.snapshot.gpus[0].name, 'Radeon RX 7900 XT');
    assert.equal(s.store.snapshot.gpus[0].power_w, 55);
  });

  it('amd-smi that fails: its words and exit code, and it is asked again', async (t) => {
    const s = amdBox(t, ['amd-smi'], 'broken');
    await waitFor(() => s.store.snapshot.status.startsWith('amd-smi exited'), 'the failure');
    assert.equal(s.store.snapshot.status, 'amd-smi exited with code 1: AMDSMI_STATUS_INIT_ERROR - Unable to initialize amdsmi');
    assert.equal(s.store.snapshot.tool, 'amd-smi');
  });

  it('no GPU tool at all: says so, and the rest works', async (t) => {
    const s = amdBox(t, []);
    await waitFor(() => /no nvidia-smi on this machine .*and no amd-smi or rocm-smi/.test(s.store.snapshot.status), 'the status');
    await s.firstSample(100);
  });
});
