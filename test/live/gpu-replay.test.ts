// The sampler against real machines replayed (fixtures/nvidia-smi/captures, replay-capture.sh):
// every value read as the machine printed it, field by field; a driver that refuses a field; a
// lost GPU among eight; MIG; Windows; the driver's own exit messages.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GpuSampler } from '../../src/live/gpu-sampler.js';
import { gpuAlerts } from '../../src/model/gpu-store.js';
import { REPO, tempDir } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';

const FAKE = join(REPO, 'fixtures', 'nvidia-smi', 'nvidia-smi');
const CAPTURES = join(REPO, 'fixtures', 'nvidia-smi', 'captures');

type T = { after(fn: () => unknown): void };

function withEnv(t: T, env: Record<string, string>): void {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  t.after(() => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

function sampler(t: T, env: Record<string, string>, appsEveryMs = 0) {
  withEnv(t, { FAKE_NVIDIA_SMI_CAPTURE: '', FAKE_NVIDIA_SMI_FIELDS: '', FAKE_NVIDIA_SMI_GPUS: '', FAKE_NVIDIA_SMI_LOST: '', FAKE_NVIDIA_SMI_EVENT: '', FAKE_NVIDIA_SMI: '', ...env });
  const s = new GpuSampler({ intervalMs: 100, command: FAKE, appsEveryMs, stallMs: 3000 });
  t.after(() => s.stop());
  s.start();
  return s;
}

/** The capture's own value of a field, in a row (idle 0, load 1), units stripped as nounits does. */
function recorded(capture: string, field: string, row: number): string {
  const [header, ...rows] = readFileSync(join(CAPTURES, `${capture}.gpu.csv`), 'utf8').trim().split('\n');
  const col = header.split(', ').findIndex((h) => h.replace(/ \[.*\]$/, '') === field);
  assert.ok(col >= 0, `${capture} has ${field}`);
  return rows[row].split(', ')[col].replace(/ (MiB|W|%|MHz)$/, '');
}
const num = (s: string) => (/^\[.*\]$/.test(s) ? null : Number(s));

const MACHINES = ['h100-590', 'h100-mig-590', 'h200-590', 'l40s-595', 'rtx4080s-595', 'rtx2080s-610', 'rtx2080s-win-591'];

describe('real machines, replayed', () => {
  for (const capture of MACHINES) {
    it(`${capture}: each value as nvidia-smi printed it, idle then under load`, async (t) => {
      const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: capture });
      await waitFor(() => (s.store.snapshot.history.get(0)?.at.length ?? 0) >= 2, 'two intervals');
      const h = s.store.snapshot.history.get(0)!;
      for (const [i, row] of [[0, 0], [1, 1]] as const) {
        assert.equal(h.util[i], num(recorded(capture, 'utilization.gpu', row)), `${capture} util, row ${row}`);
        assert.equal(h.temp[i], num(recorded(capture, 'temperature.gpu', row)));
        assert.equal(h.memMib[i], num(recorded(capture, 'memory.used', row)));
        assert.equal(h.powerW[i], num(recorded(capture, 'power.draw', row)));
      }
      const g = s.store.snapshot.gpus[0];
      assert.equal(g.name, recorded(capture, 'name', 0));
      assert.equal(g.memory_total_mib, num(recorded(capture, 'memory.total', 0)));
      assert.equal(g.power_limit_w, num(recorded(capture, 'power.limit', 0)));
      assert.equal(g.bus_id, recorded(capture, 'pci.bus_id', 0));
      const mig = recorded(capture, 'mig.mode.current', 0);
      assert.equal(g.mig, mig === 'Enabled' ? true : mig === 'Disabled' ? false : null);
      assert.equal(g.fault, null);
      assert.deepEqual(s.store.snapshot.missing, []);
      assert.equal(s.store.snapshot.status, 'ok');
      assert.equal(s.store.snapshot.tool, 'nvidia-smi');
    });
  }

  it('MIG on: utilisation is no reading, and the instances are listed with their memory (nvidia-smi -L, once)', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: 'h100-mig-590' });
    await waitFor(() => s.store.snapshot.migInstances.size === 1, 'the instances');
    assert.equal(s.store.snapshot.gpus[0].utilization_pct, null);
    assert.deepEqual(s.store.snapshot.migInstances.get(0)!.map((m) => `${m.profile}:${m.memory_gb}`), ['3g.40gb:40', '2g.20gb:20', '1g.10gb:10', '1g.10gb:10']);
  });

  it('Windows: every process memory is [N/A], so null, and the processes are still listed', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: 'rtx2080s-win-591' }, 200);
    await waitFor(() => s.store.snapshot.processes.length > 0, 'the processes');
    assert.ok(s.store.snapshot.processes.every((p) => p.used_memory_mib === null));
    assert.ok(s.store.snapshot.processes.some((p) => p.name === 'C:\\Windows\\explorer.exe'));
  });
});

describe('a driver that refuses a field', () => {
  it('an older driver (clocks_throttle_reasons.* only): asked again by the old name, nothing lost', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: 'rtx2080s-610', FAKE_NVIDIA_SMI_FIELDS: 'driver-470-like' });
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'a sample after the refusal');
    assert.equal(s.store.snapshot.status, 'ok');
    assert.deepEqual(s.store.snapshot.missing, []);
    assert.equal(s.store.snapshot.gpus[0].clocks_sm_mhz, 765);
  });

  it('a field with no other name (MIG mode, before driver 450): dropped, named, the rest read', async (t) => {
    const dir = tempDir(t);
    const fields = readFileSync(join(CAPTURES, 'rtx2080s-610.fields'), 'utf8').split('\n').filter((l) => !l.startsWith('mig.')).join('\n');
    writeFileSync(join(dir, 'old.fields'), fields);
    writeFileSync(join(dir, 'old.apps-fields'), readFileSync(join(CAPTURES, 'rtx2080s-610.apps-fields')));
    const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: 'rtx2080s-610', FAKE_NVIDIA_SMI_FIELDS: join(dir, 'old') });
    await waitFor(() => s.store.snapshot.gpus.length === 1, 'a sample without that field');
    assert.deepEqual(s.store.snapshot.missing, ['MIG mode']);
    assert.equal(s.store.snapshot.gpus[0].mig, null);
    assert.equal(s.store.snapshot.gpus[0].temperature_c, 33);
  });
});

describe('eight GPUs, one lost', () => {
  it('its rows say [GPU is lost]: marked, an alert; an Xid line skipped and counted; the other seven go on', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI_CAPTURE: 'h100-590', FAKE_NVIDIA_SMI_GPUS: '8', FAKE_NVIDIA_SMI_LOST: '5:2', FAKE_NVIDIA_SMI_EVENT: '3' });
    await waitFor(() => s.store.snapshot.gpus.find((g) => g.index === 5)?.fault === 'GPU is lost', 'GPU 5 lost');
    await waitFor(() => s.store.snapshot.skipped.count >= 1, 'the Xid line skipped');
    assert.match(s.store.snapshot.skipped.last ?? '', /Xid .*: 79,/);
    const before = s.store.snapshot.history.get(0)!.at.length;
    await waitFor(() => s.store.snapshot.history.get(0)!.at.length >= before + 3, 'the others go on');
    const snap = s.store.snapshot;
    assert.equal(snap.status, 'ok');
    assert.equal(snap.gpus.length, 8);
    const lost = snap.gpus.find((g) => g.index === 5)!;
    assert.equal(lost.name, 'NVIDIA H100 80GB HBM3', 'known by its name from before');
    assert.equal(lost.bus_id, '00000000:68:00.0');
    assert.equal(lost.power_w, null);
    assert.ok(snap.gpus.filter((g) => g.index !== 5).every((g) => g.fault === null && g.power_w !== null));
    const alerts = gpuAlerts(snap, true, Date.now());
    assert.deepEqual(alerts.filter((a) => a.kind === 'fault').map((a) => a.key), ['gpu:5:fault']);
    assert.match(alerts.find((a) => a.kind === 'fault')!.message, /GPU 5: GPU is lost, no readings from it \(the others go on\)/);
  });
});

describe("nvidia-smi's own words", () => {
  it('exit 9: the driver is not loaded, in its words, on one line', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI: 'driver9' });
    await waitFor(() => s.store.snapshot.status.startsWith('nvidia-smi exited'), 'the exit');
    assert.equal(s.store.snapshot.status, "nvidia-smi exited with code 9 (the NVIDIA driver is not loaded): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.");
  });

  it('exit 6: no devices', async (t) => {
    const s = sampler(t, { FAKE_NVIDIA_SMI: 'nodevices6' });
    await waitFor(() => s.store.snapshot.status.startsWith('nvidia-smi exited'), 'the exit');
    assert.equal(s.store.snapshot.status, 'nvidia-smi exited with code 6 (no GPU found): No devices were found');
  });
});

describe('one GPU of three fails mid-stream', () => {
  it('"Unable to determine the device handle" between rows marks the GPU on that bus; its row of errors is placed and marked; the others go on', async (t) => {
    const dir = tempDir(t);
    const script = join(dir, 'nvidia-smi');
    const row = (i: number) => `${i}, GPU-${i}, NVIDIA GeForce RTX 3090, 30, 95, 9751, 24576, 350.00, 350.00, 0x0, 30, 1695, 9751, 00000000:0${i + 1}:00.0, [N/A]`;
    const errors = Array(15).fill('[Unknown Error]').join(', ');
    writeFileSync(script, `#!/bin/sh
n=0
while :; do
  echo "${row(0)}"
  if [ $n -ge 2 ]; then echo "Unable to determine the device handle for GPU0000:02:00.0: Unknown Error"; echo "${errors}"; else echo "${row(1)}"; fi
  echo "${row(2)}"
  n=$((n + 1)); sleep 0.1
done
`, { mode: 0o755 });
    const s = new GpuSampler({ intervalMs: 100, command: script, appsEveryMs: 0 });
    t.after(() => s.stop());
    s.start();
    await waitFor(() => s.store.snapshot.gpus[1]?.fault, 'GPU 1 marked');
    const before = s.store.snapshot.history.get(2)!.at.length;
    await waitFor(() => s.store.snapshot.history.get(2)!.at.length > before + 2, 'GPU 2 goes on');
    const snap = s.store.snapshot;
    assert.equal(snap.gpus.length, 3);
    assert.equal(snap.gpus[1].name, 'NVIDIA GeForce RTX 3090');
    assert.equal(snap.gpus[1].utilization_pct, null);
    assert.ok(snap.gpus[1].fault === 'Unknown Error' || /Unable to determine the device handle/.test(snap.gpus[1].fault ?? ''));
    assert.equal(snap.gpus[0].fault, null);
    assert.equal(snap.gpus[2].utilization_pct, 95);
    assert.ok(snap.skipped.count >= 1);
    assert.equal(snap.status, 'ok');
  });
});
