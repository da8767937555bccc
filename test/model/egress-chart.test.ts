import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildEgressPanel as egressPanel } from '../../src/model/egress-chart.js';
import { EgressStore, type StagedFile } from '../../src/model/egress.js';

const file = (path: string, bytes: number, category: StagedFile['category'], step: number | null, firstSeen: number): StagedFile =>
  ({ path, bytes, kind: 'file', target: null, category, firstSeen, step, source: null });

function stateOf(files: StagedFile[]) {
  const s = new EgressStore();
  s.update({ run: { run: { id: 'a', dir: '/w/run-a', mode: 'online', match: 'save_dir x', trainer: 'ultralytics' }, lookedIn: [], candidates: [] } });
  s.update({ files: files });
  return s.snapshot;
}

describe('the staged-bytes chart', () => {
  it('cumulative MB per category over the step; files without a step go where they appeared', () => {
    const p = egressPanel(stateOf([
      file('config.yaml', 1_000, 'config and metadata', null, 0),
      file('media/images/train_batch0_1_a.jpg', 200_000, 'training mosaics', 1, 10),
      file('media/images/train_batch0_2_b.jpg', 300_000, 'training mosaics', 2, 20),
      file('output.log', 50_000, 'console log', null, 25),
      file('media/images/train_batch0_3_c.jpg', 100_000, 'training mosaics', 3, 30),
    ]));
    assert.ok(p);
    assert.equal(p.id, 'egress');
    assert.equal(p.title, 'W&B staged, cumulative MB (651,000 B)');
    assert.deepEqual(p.series.map((x) => x.label), ['training mosaics', 'console log', 'config and metadata']);
    const [mosaics, log, config] = p.series;
    assert.deepEqual(mosaics.xs, [1, 2, 3]);
    assert.deepEqual(mosaics.ys, [0.2, 0.5, 0.6]);
    assert.deepEqual(log.ys, [0, 0.05, 0.05], 'seen after step 2, before step 3: at step 2');
    assert.deepEqual(config.ys, [0.001, 0.001, 0.001], 'seen before any step: at the first');
    assert.deepEqual(p.legend.map((l) => l.values[0]), [0.6, 0.05, 0.001]);
    assert.deepEqual(p.facets?.map((f) => f.entry.label), ['training mosaics', 'console log', 'config and metadata'], 'sizes 600x apart: a chart each');
  });

  it('at most four lines: the smallest categories are drawn together as other', () => {
    const cats = ['training mosaics', 'validation predictions', 'validation labels', 'label statistics', 'results plot', 'other'] as const;
    const files = cats.flatMap((c, i) => [file(`a${i}`, (10 - i) * 1000, c, 1, 1), file(`b${i}`, (10 - i) * 1000, c, 2, 2)]);
    const p = egressPanel(stateOf(files));
    assert.ok(p);
    assert.deepEqual(p.series.map((x) => x.label), ['training mosaics', 'validation predictions', 'validation labels', 'other']);
    assert.deepEqual(p.series[3].ys, [(7 + 6 + 5) * 1000 / 1e6, 2 * (7 + 6 + 5) * 1000 / 1e6]);
    assert.equal(p.facets, undefined, 'sizes of one order: one chart');
  });

  it('nothing to draw without steps or with one step only', () => {
    assert.equal(egressPanel(stateOf([file('output.log', 5, 'console log', null, 0)])), null);
    assert.equal(egressPanel(stateOf([file('m_1', 5, 'training mosaics', 1, 0), file('output.log', 5, 'console log', null, 9)])), null);
    assert.equal(egressPanel(stateOf([])), null);
  });
});
