import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnRole, fitnessOf } from '../../src/model/columns.js';
import { debiasedEma } from '../../src/model/smoothing.js';

describe('columnRole', () => {
  it('knows every era’s names', () => {
    assert.deepEqual(columnRole('train/box_loss'), { kind: 'loss', split: 'train', component: 'box' });
    assert.deepEqual(columnRole('val/loss'), { kind: 'loss', split: 'val', component: 'loss' });
    assert.deepEqual(columnRole('metrics/mAP50-95(M)'), { kind: 'metric', metric: 'mAP50-95', suffix: 'M' });
    assert.deepEqual(columnRole('metrics/mAP_0.5:0.95'), { kind: 'metric', metric: 'mAP50-95', suffix: null });
    assert.deepEqual(columnRole('metrics/accuracy_top5'), { kind: 'metric', metric: 'top5', suffix: null });
    assert.deepEqual(columnRole('x/lr2'), { kind: 'lr', group: 'pg2' });
    assert.deepEqual(columnRole('lr/pg7'), { kind: 'lr', group: 'pg7' });
    assert.deepEqual(columnRole('time'), { kind: 'time' });
    assert.deepEqual(columnRole('weird'), { kind: 'other' });
  });
});

describe('fitnessOf', () => {
  const roles = (names: string[]) => names.map(columnRole);
  it('detect: 0.1 mAP50 + 0.9 mAP50-95', () => {
    assert.equal(fitnessOf(roles(['metrics/mAP50(B)', 'metrics/mAP50-95(B)']))([0.5, 0.3]), 0.1 * 0.5 + 0.9 * 0.3);
  });
  it('pose sums box and pose', () => {
    const f = fitnessOf(roles(['metrics/mAP50(B)', 'metrics/mAP50-95(B)', 'metrics/mAP50(P)', 'metrics/mAP50-95(P)']))([1, 1, 0.5, 0.5]);
    assert.ok(Math.abs((f ?? 0) - 1.5) < 1e-12);
  });
  it('classify averages top-1 and top-5', () => {
    assert.equal(fitnessOf(roles(['metrics/accuracy_top1', 'metrics/accuracy_top5']))([0.6, 0.9]), 0.75);
  });
  it('YOLOv5 names count too; no metrics means no fitness', () => {
    assert.ok(fitnessOf(roles(['metrics/mAP_0.5', 'metrics/mAP_0.5:0.95']))([0.5, 0.3]) !== null);
    assert.equal(fitnessOf(roles(['train/loss']))([1]), null);
  });
});

describe('debiasedEma', () => {
  it('matches TensorBoard: the first point is itself, later ones lean on the past', () => {
    const out = debiasedEma([1, 2, 3], 0.6);
    assert.equal(out[0], 1);
    assert.ok(Math.abs(out[1] - (0.6 * 0.4 * 1 + 0.4 * 2) / (1 - 0.36)) < 1e-12);
  });
  it('passes non-finite points through without poisoning the rest', () => {
    const out = debiasedEma([1, NaN, 1], 0.6);
    assert.ok(Number.isNaN(out[1]));
    assert.equal(out[2], 1);
  });
});
