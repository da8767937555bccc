import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gpuAlerts, GpuStore, HISTORY } from '../../src/model/gpu-store.js';
import { parseGpuLine } from '../../src/sources/nvidia-smi/query.js';

const line = (util: number, temp = 60, used = 1000) => parseGpuLine(`0, GPU-0, A100, ${temp}, ${util}, ${used}, 81920, 100, 400, 0x0, [N/A], 1410, 1593`);
const T0 = 1_700_000_000_000;

describe('GpuStore', () => {
  it('keeps a bounded history', () => {
    const s = new GpuStore();
    for (let i = 0; i < HISTORY + 50; i++) s.addSamples([line(50)], T0 + i * 1000);
    assert.equal(s.snapshot.history.get(0)?.util.length, HISTORY);
    assert.equal(s.snapshot.gpus.length, 1);
  });

  it('an idle GPU is an alert only after a minute, and only while training is live', () => {
    const s = new GpuStore();
    for (let i = 0; i <= 30; i++) s.addSamples([line(3)], T0 + i * 1000);
    assert.deepEqual(gpuAlerts(s.snapshot, true, T0 + 30_000), [], 'not yet a minute');
    for (let i = 31; i <= 70; i++) s.addSamples([line(3)], T0 + i * 1000);
    assert.match(gpuAlerts(s.snapshot, true, T0 + 70_000)[0].message, /under 10% busy for a minute/);
    assert.deepEqual(gpuAlerts(s.snapshot, false, T0 + 70_000), [], 'no training: an idle GPU is fine');
    s.addSamples([line(95)], T0 + 71_000);
    assert.deepEqual(gpuAlerts(s.snapshot, true, T0 + 71_000), []);
  });

  it('hot, throttled and full memory are alerts', () => {
    const s = new GpuStore();
    s.addSamples([parseGpuLine('0, GPU-0, A100, 85, 99, 80000, 81920, 399, 400, 0x44, [N/A], 1100, 1593')], T0);
    const msgs = gpuAlerts(s.snapshot, true, T0).map((a) => a.message);
    assert.deepEqual(msgs, ['GPU 0 at 85 °C', 'GPU 0 throttled: sw power cap, hw thermal slowdown', 'GPU 0 memory 98% full']);
  });
});
