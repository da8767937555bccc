import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuPercent, cpuTimes, sampleHost } from '../../src/live/host-sampler.js';
import { GpuStore } from '../../src/model/gpu-store.js';

const core = (user: number, idle: number) => ({ times: { user, nice: 0, sys: 0, idle, irq: 0 } });

describe('host CPU and RAM', () => {
  it('CPU % is the busy share of the time between two readings, over every core', () => {
    const a = cpuTimes([core(100, 900), core(0, 1000)]);
    const b = cpuTimes([core(300, 1100), core(200, 1200)]);
    assert.equal(cpuPercent(a, b), 50);
    assert.equal(cpuPercent(a, a), null, 'no time passed: no figure');
  });

  it('samples into the store: CPU from the counters, RAM used as total less available', async () => {
    const store = new GpuStore();
    let n = 0;
    const stop = sampleHost(store, 20, () => ({ times: { busy: (n += 1) * 30, total: n * 100 }, freeBytes: 6e9, totalBytes: 16e9 }), 10);
    await sleep(80);
    stop();
    const host = store.snapshot.host;
    assert.ok(host);
    assert.equal(host.cpu_pct, 30);
    assert.equal(host.mem_used_bytes, 10e9);
    assert.equal(host.mem_total_bytes, 16e9);
    const v = store.snapshot.version;
    await sleep(60);
    assert.equal(store.snapshot.version, v, 'stopped');
  });

  it('reads this machine without a shell', () => {
    const t = cpuTimes();
    assert.ok(t.total > 0 && t.busy >= 0 && t.busy <= t.total);
  });
});
