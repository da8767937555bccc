import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePanels, runColour } from '../../src/model/compare.js';
import { RunStore } from '../../src/model/run-store.js';
import { TbStore } from '../../src/model/tb-store.js';

function run(name: string, rows: number) {
  const s = new RunStore(`/runs/detect/${name}`);
  s.setHeader(['epoch', 'train/box_loss', 'val/box_loss', 'metrics/mAP50-95(B)', 'lr/pg0', 'lr/pg1'], 1);
  s.appendRows(Array.from({ length: rows }, (_, i) => ({ epoch: i + 1, values: [i + 1, 1 / (i + 1), 1.1 / (i + 1), i / 100, 0.01, 0.01], line: i + 2 })), null);
  return { label: name, run: s.snapshot };
}

describe('comparePanels', () => {
  it('one chart per metric, one stable colour per run, val dotted', () => {
    const panels = comparePanels([run('a', 10), run('b', 20)], false);
    assert.deepEqual(panels.map((p) => p.id), ['losses', 'metrics', 'lr']);
    const box = panels[0].facets?.find((f) => f.entry.label === 'box');
    assert.deepEqual(box?.series.map((s) => [s.color, s.dotted]), [[runColour(0), false], [runColour(0), true], [runColour(1), false], [runColour(1), true]]);
    const map = panels[1].facets?.[0];
    assert.equal(map?.entry.label, 'mAP50-95(B)');
    assert.deepEqual(map?.series.map((s) => s.xs.length), [10, 20]);
    assert.equal(panels[2].facets?.length, 1, 'one learning-rate group is enough to compare');
    assert.notEqual(runColour(0), runColour(1));
  });

  it('a tag prefix from the file is a panel title: it passes the sanitiser', () => {
    const store = new TbStore('/runs/PPO_1');
    store.update(() => store.addEvent({ wallTime: 1, step: 1, fileVersion: null, values: [{ tag: 'evil\x1b[2J\u202e/loss', plugin: null, kind: 'scalar', value: 1 }] }));
    const [panel] = comparePanels([{ label: 'a', run: store.snapshot }, { label: 'b', run: store.snapshot }], false);
    assert.equal(panel.title, 'Evil\\x1b[2J<U+202E>');
  });
});
