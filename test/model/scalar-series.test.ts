import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScalarSeries } from '../../src/model/scalar-series.js';
import { debiasedEma } from '../../src/model/smoothing.js';

describe('ScalarSeries', () => {
  it('keeps every point of a short series', () => {
    const s = new ScalarSeries(64);
    for (let i = 0; i < 50; i++) s.push(i * 10, i);
    assert.equal(s.count, 50);
    assert.deepEqual(s.points().map((p) => p.step), Array.from({ length: 50 }, (_, i) => i * 10));
  });

  it('stays bounded on a long series, keeps spikes, the extremes and the exact last point', () => {
    const s = new ScalarSeries(64);
    const n = 100_000;
    for (let i = 0; i < n; i++) s.push(i, i === 31_337 ? 1e6 : i === 77_777 ? -1e6 : Math.sin(i));
    assert.equal(s.count, n);
    assert.ok(s.kept <= 64 * 3, `kept ${s.kept}`);
    const pts = s.points();
    assert.ok(pts.some((p) => p.value === 1e6 && p.step === 31_337), 'the spike up survives');
    assert.ok(pts.some((p) => p.value === -1e6 && p.step === 77_777), 'the spike down survives');
    assert.deepEqual(pts.at(-1), s.last);
    assert.equal(s.last?.value, Math.sin(n - 1));
    assert.equal(s.max, 1e6);
    assert.equal(s.min, -1e6);
    assert.deepEqual(pts.map((p) => p.step), [...pts.map((p) => p.step)].sort((a, b) => a - b));
  });

  it('a NaN survives downsampling, min and max ignore it', () => {
    const s = new ScalarSeries(16);
    for (let i = 0; i < 1000; i++) s.push(i, i === 500 ? NaN : 1);
    assert.ok(s.points().some((p) => Number.isNaN(p.value) && p.step === 500));
    assert.equal(s.max, 1);
  });

  it('smoothing is computed on every point before downsampling', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.cos(i / 7) + i / 1000);
    const s = new ScalarSeries(32);
    values.forEach((v, i) => s.push(i, v));
    const full = debiasedEma(values, 0.6);
    for (const p of s.points()) assert.ok(Math.abs(p.smooth - full[p.step]) < 1e-9, `step ${p.step}`);
  });

  it('remembers the previous point for the change since the last dump', () => {
    const s = new ScalarSeries();
    s.push(1, 0.5);
    s.push(2, 0.25);
    assert.equal(s.previous?.value, 0.5);
    assert.equal(s.last?.value, 0.25);
  });
});
