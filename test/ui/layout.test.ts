import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { egressChartHeight, layoutPanels, paneHeights, panelParts, panelUse } from '../../src/ui/layout.js';
import type { Panel, PanelId } from '../../src/model/panels.js';

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

describe('layoutPanels with what each panel draws on', () => {
  it('no blank rows while a panel is starved: a row drawing fewer lines than it got gives them to a collapsed one', () => {
    // Losses draws on 4 of its lines (three strips under its title), whatever it gets; the others fill theirs.
    const use = (id: PanelId, _w: number, h: number) => (id === 'losses' ? Math.min(h, 4) : h);
    const plain = layoutPanels(80, 9, IDS, 'losses').flat();
    const settled = layoutPanels(80, 9, IDS, 'losses', use).flat();
    assert.ok(plain.find((b) => b.id === 'metrics')!.height === 1, 'without it, metrics is starved');
    assert.equal(settled.find((b) => b.id === 'losses')!.height, 4);
    assert.ok(settled.find((b) => b.id === 'metrics')!.height > 1, 'metrics gets the lines losses left blank');
    assert.ok(settled.reduce((n, b) => n + b.height, 0) <= 9);
  });

  it('lines nobody can use are not handed out', () => {
    const use = (_id: PanelId, _w: number, h: number) => Math.min(h, 2);
    const l = layoutPanels(80, 30, IDS, 'losses', use).flat();
    assert.deepEqual(l.map((b) => b.height), [2, 2, 2]);
  });
});

describe('panelParts: values before the chart', () => {
  const legend = ['precision', 'recall', 'mAP50', 'mAP50-95'].map((label) => ({ label, color: 'red', values: [0.9831] }));
  const single: Panel = { id: 'metrics', title: 'Metrics', styleNote: '', series: [], legend };
  const faceted: Panel = { ...single, id: 'losses', facets: [{ entry: legend[0], series: [] }, { entry: legend[1], series: [] }] };

  it('a panel too small for a chart shows its numbers, wrapped, never a bare legend', () => {
    const p = panelParts(single, 50, 2, 9);
    assert.equal(p.chart, 0);
    assert.deepEqual(p.legend?.lines.flat().map((e) => e.values), ['0.9831', '0.9831', '0.9831', '0.9831']);
    assert.equal(p.legend?.hidden, 0);
    const one = panelParts(faceted, 80, 1, 9);
    assert.deepEqual(one.legend?.lines[0].map((e) => `${e.entry.label} ${e.values}`), ['precision 0.98', 'recall 0.98', 'mAP50 0.98', 'mAP50-95 0.98'], 'collapsed small multiples: every value, with fewer digits');
  });

  it('a single chart keeps its whole legend and draws under it from 3 lines; small multiples title their own values', () => {
    const p = panelParts(single, 40, 8, 9);
    assert.equal(p.legend?.lines.length, 3);
    assert.equal(p.chart, 5);
    assert.equal(panelUse(single, 40, 8, 9), 8);
    const f = panelParts(faceted, 80, 8, 9);
    assert.deepEqual([f.legend, f.chart], [null, 7]);
  });

  it('in one line, fewer digits before fewer entries; what does not fit is counted', () => {
    const p = panelParts(single, 75, 1, 9);
    assert.deepEqual(p.legend?.lines[0].map((e) => e.values), ['0.98', '0.98', '0.98', '0.98']);
    const cut = panelParts(single, 40, 1, 9);
    assert.ok((cut.legend?.hidden ?? 0) > 0);
    assert.ok(cut.legend?.lines[0].every((e) => e.values === '0.9831'), 'the values of what is shown, whole');
  });
});

describe('paneHeights with what a compact pane draws on', () => {
  it('a compact pane keeps only its lines; the run with the room gets the rest', () => {
    assert.deepEqual(paneHeights(18, 2, 0, [7, 6]), [{ height: 12, compact: false }, { height: 6, compact: true }]);
    assert.deepEqual(paneHeights(18, 2, 1, [5, 7]), [{ height: 5, compact: true }, { height: 13, compact: false }]);
    assert.deepEqual(paneHeights(40, 2, 0, [5, 5]), [{ height: 20, compact: false }, { height: 20, compact: false }], 'roomy: even shares');
  });
});
