import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { buildPanels, mixedScales } from '../../src/model/panels.js';
import { readRun } from '../helpers/read-run.js';
import { SAMPLES } from '../helpers/paths.js';

describe('panels of an Ultralytics run', () => {
  it('pose (YOLO26): a loss facet per component, a metrics chart per head of at most four series, the colour key beside them', async () => {
    const panels = buildPanels(await readRun(join(SAMPLES, 'v8.4_pose_time.csv')), false);
    const losses = panels.find((p) => p.id === 'losses')!;
    assert.deepEqual(losses.facets?.map((f) => f.entry.label), ['box', 'pose', 'kobj', 'cls', 'dfl', 'rle']);
    const metrics = panels.find((p) => p.id === 'metrics')!;
    assert.deepEqual(metrics.facets?.map((f) => f.entry.label), ['box', 'pose']);
    for (const f of metrics.facets ?? []) assert.ok(f.series.length <= 4);
    assert.equal(metrics.keyBesideFacets, true);
    assert.deepEqual(metrics.legend.map((e) => e.label), ['precision', 'recall', 'mAP50', 'mAP50-95']);
  });

  it('learning-rate groups with the same values are one line, named together', async () => {
    const lr = buildPanels(await readRun(join(SAMPLES, 'v8.4_pose_time.csv')), false).find((p) => p.id === 'lr')!;
    assert.deepEqual(lr.series.map((s) => s.label), ['pg0,1,2']);
  });

  it('sizes more than tenfold apart are not drawn on one linear axis', () => {
    assert.equal(mixedScales([{ ys: [0.1, 0.2] }, { ys: [3, 1.5] }]), true);
    assert.equal(mixedScales([{ ys: [0.1, 0.2] }, { ys: [0.9, 1.5] }]), false);
    assert.equal(mixedScales([{ ys: [-200, 90] }, { ys: [100, 300] }]), false, 'ep_rew_mean and ep_len_mean of this size share an order of magnitude');
  });
});
