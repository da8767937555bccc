import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gpuAlertKeys, gpuAlerts, gpuStale, GpuStore, HISTORY } from '../../src/model/gpu-store.js';
import { gpuUrgent } from '../../src/live/throttled-source.js';
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

  it('readings one redraw beat old (20 s) are not stale; half a minute without one is', () => {
    const s = new GpuStore();
    s.addSamples([line(50)], T0);
    assert.equal(gpuStale(s.snapshot, T0 + 19_000).stale, false, 'the panel is redrawn every 20 s: a reading that old is current');
    assert.equal(gpuStale(s.snapshot, T0 + 31_000).stale, true);
  });

  it('hot, throttled and full memory are alerts', () => {
    const s = new GpuStore();
    s.addSamples([parseGpuLine('0, GPU-0, A100, 85, 99, 80000, 81920, 399, 400, 0x44, [N/A], 1100, 1593')], T0);
    const msgs = gpuAlerts(s.snapshot, true, T0).map((a) => a.message);
    assert.deepEqual(msgs, ['GPU 0 at 85 °C', 'GPU 0 throttled: sw power cap, hw thermal slowdown', 'GPU 0 memory 98% full']);
  });
});

describe('GpuStore snapshots are immutable', () => {
  it('a new sample makes new history for its GPU; an older snapshot keeps what it showed', () => {
    const s = new GpuStore();
    const other = (util: number) => parseGpuLine(`1, GPU-1, A100, 60, ${util}, 1000, 81920, 100, 400, 0x0, [N/A], 1410, 1593`);
    s.addSamples([line(50), other(10)], T0);
    const first = s.snapshot;
    const seen = first.history.get(0)!;
    const frozen = JSON.stringify([...first.history]);
    s.addSamples([line(70)], T0 + 1000);
    assert.equal(JSON.stringify([...first.history]), frozen, 'the first snapshot did not change');
    assert.deepEqual(seen.util, [50]);
    assert.notEqual(s.snapshot.history, first.history);
    assert.notEqual(s.snapshot.history.get(0), seen);
    assert.equal(s.snapshot.history.get(1), first.history.get(1), 'an unchanged GPU keeps its history object');
    assert.deepEqual(s.snapshot.history.get(0)!.util, [50, 70]);
    for (let i = 0; i < HISTORY + 5; i++) s.addSamples([line(i % 100)], T0 + 2000 + i * 1000);
    assert.equal(s.snapshot.history.get(0)!.at.length, HISTORY);
    assert.deepEqual(seen.util, [50], 'still, after the history wrapped');
  });

  it('a lost GPU keeps the name, UUID and bus id it was known by', () => {
    const s = new GpuStore();
    s.addSamples([line(50)], T0);
    s.addSamples([{ ...line(50), name: '', uuid: null, utilization_pct: null, fault: 'GPU is lost' }], T0 + 1000);
    assert.equal(s.snapshot.gpus[0].name, 'A100');
    assert.equal(s.snapshot.gpus[0].uuid, 'GPU-0');
    assert.equal(s.snapshot.gpus[0].fault, 'GPU is lost');
  });
});

describe('GPU alerts have stable keys', () => {
  it('the key names the GPU and the condition, not the numbers in the message', () => {
    const s = new GpuStore();
    s.addSamples([parseGpuLine('0, GPU-0, A100, 86, 99, 80000, 81920, 399, 400, 0x44, [N/A], 1100, 1593')], T0);
    const a = gpuAlerts(s.snapshot, true, T0);
    assert.deepEqual(a.map((x) => x.key), ['gpu:0:hot', 'gpu:0:throttled', 'gpu:0:memory']);
    const keys = gpuAlertKeys(s.snapshot);
    s.addSamples([parseGpuLine('0, GPU-0, A100, 91, 99, 81000, 81920, 399, 400, 0x44, [N/A], 1100, 1593')], T0 + 1000);
    assert.notDeepEqual(gpuAlerts(s.snapshot, true, T0).map((x) => x.message), a.map((x) => x.message));
    assert.equal(gpuAlertKeys(s.snapshot), keys, 'hotter, fuller: the same alerts');
    s.addSamples([parseGpuLine('0, GPU-0, A100, 70, 99, 80000, 81920, 399, 400, 0x44, [N/A], 1100, 1593')], T0 + 2000);
    assert.equal(gpuAlertKeys(s.snapshot), 'gpu:0:throttled|gpu:0:memory');
  });
});

describe('the GPU panel redraws at once only for what matters', () => {
  it('a status, a GPU more, an alert, a reading the driver lacks: at once; new numbers: on the beat', () => {
    const s = new GpuStore();
    s.addSamples([line(50)], T0);
    const a = s.snapshot;
    s.addSamples([line(51, 61)], T0 + 1000);
    assert.equal(gpuUrgent(a, s.snapshot), false, 'numbers wait for the beat');
    const b = s.snapshot;
    s.addSamples([line(51, 90)], T0 + 2000);
    assert.equal(gpuUrgent(b, s.snapshot), true, 'GPU 0 hot: at once');
    const c = s.snapshot;
    s.setMissing(['MIG mode']);
    assert.equal(gpuUrgent(c, s.snapshot), true);
    const d = s.snapshot;
    s.setStatus('nvidia-smi exited with code 9 (the NVIDIA driver is not loaded)');
    assert.equal(gpuUrgent(d, s.snapshot), true);
  });
});
