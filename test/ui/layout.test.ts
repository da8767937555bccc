import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { egressChartHeight, layoutPanels, paneHeights } from '../../src/ui/layout.js';
import type { PanelId } from '../../src/model/panels.js';

const IDS: PanelId[] = ['losses', 'metrics', 'lr'];
const used = (rows: ReturnType<typeof layoutPanels>) => rows.reduce((n, row) => n + Math.max(...row.map((b) => b.height)), 0);

describe('layoutPanels', () => {
  it('never uses more lines than the pane has, at any size', () => {
    for (let cols = 20; cols <= 240; cols += 20) {
      for (let rows = 3; rows <= 70; rows++) {
        for (const focus of IDS) {
          const l = layoutPanels(cols, rows, IDS, focus);
          assert.ok(used(l) <= rows, `${cols}x${rows} focus ${focus}: ${used(l)}`);
          for (const row of l) assert.ok(row.reduce((w, b) => w + b.width, 0) <= cols);
        }
      }
    }
  });

  it('80x24 (19 lines for panels): losses and metrics are real charts', () => {
    const l = layoutPanels(80, 19, IDS, 'losses').flat();
    assert.ok(l.find((b) => b.id === 'losses')!.height >= 8);
    assert.ok(l.find((b) => b.id === 'metrics')!.height >= 5);
  });

  it('200x60: losses and metrics side by side, everything a chart', () => {
    const l = layoutPanels(200, 55, IDS, 'losses');
    assert.deepEqual(l[0].map((b) => b.id), ['losses', 'metrics']);
    assert.equal(l[0][0].width + l[0][1].width, 200);
    assert.ok(l.flat().every((b) => b.height >= 4));
  });

  it('the focused panel gets more room', () => {
    const a = layoutPanels(100, 25, IDS, 'losses').flat();
    const b = layoutPanels(100, 25, IDS, 'metrics').flat();
    assert.ok(a.find((x) => x.id === 'losses')!.height > b.find((x) => x.id === 'losses')!.height);
  });
});

describe('egressChartHeight', () => {
  it('a chart above the file list from 20 lines, beside the egress panel from 40', () => {
    assert.equal(egressChartHeight(19, 'list'), 0);
    assert.equal(egressChartHeight(24, 'list'), 9);
    assert.equal(egressChartHeight(60, 'list'), 12);
    assert.equal(egressChartHeight(39, 'panel'), 0);
    assert.equal(egressChartHeight(40, 'panel'), 8);
    assert.equal(egressChartHeight(80, 'panel'), 10);
  });
});

describe('paneHeights (both training phases)', () => {
  it('even shares when each is roomy; else the focused run gets the room, the other its header and a chart', () => {
    assert.deepEqual(paneHeights(40, 2, 0), [{ height: 20, compact: false }, { height: 20, compact: false }]);
    assert.deepEqual(paneHeights(18, 2, 0), [{ height: 11, compact: false }, { height: 7, compact: true }]);
    assert.deepEqual(paneHeights(18, 2, 1), [{ height: 7, compact: true }, { height: 11, compact: false }]);
    assert.deepEqual(paneHeights(10, 2, 0), [{ height: 5, compact: false }, { height: 5, compact: false }], 'too small for either: even');
    assert.deepEqual(paneHeights(21, 1, 0), [{ height: 21, compact: false }]);
  });
});
