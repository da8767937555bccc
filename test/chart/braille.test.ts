import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimate, fromAxis, plotBox, renderChart, toAxis, type ChartLine } from '../../src/chart/braille.js';
import { formatNumber } from '../../src/chart/format.js';

const text = (lines: ChartLine[]) => lines.map((l) => l.map((s) => s.text).join(''));
const xs = Array.from({ length: 30 }, (_, i) => i + 1);

describe('renderChart', () => {
  it('fills exactly width x height at every size', () => {
    for (const [w, h] of [[80, 10], [20, 3], [7, 2], [200, 40], [3, 1]]) {
      const lines = text(renderChart([{ label: 'a', xs, ys: xs.map((x) => 1 / x), color: 'red' }], { width: w, height: h }));
      assert.equal(lines.length, h, `${w}x${h}`);
      for (const l of lines) assert.equal([...l].length, w, `${w}x${h}: '${l}'`);
    }
  });

  it('labels the y axis with the range, the x axis with first and last epoch', () => {
    const lines = text(renderChart([{ label: 'a', xs, ys: xs.map((x) => x * 2), color: 'red' }], { width: 60, height: 8 }));
    assert.match(lines[0], /^\s*60┤/);
    assert.match(lines[6], /^\s*2┤/);
    assert.match(lines[7], /└1 .* 30$/);
  });

  it('a rising line puts its dots low on the left and high on the right', () => {
    const lines = text(renderChart([{ label: 'a', xs, ys: xs, color: 'red' }], { width: 40, height: 6 }));
    const plot = lines.slice(0, 5).map((l) => l.slice(l.search(/[┤│]/) + 1));
    assert.notEqual(plot[0].trimEnd().at(-1), undefined);
    assert.equal(plot[0][0], ' ');
    assert.notEqual(plot[4][0], ' ');
  });

  it('marks the best epoch on the axis', () => {
    const lines = text(renderChart([{ label: 'a', xs, ys: xs, color: 'red' }], { width: 60, height: 6, marker: 17 }));
    assert.match(lines[5], /▲17/);
  });

  it('skips non-finite points and says when there is nothing to draw', () => {
    const lines = text(renderChart([{ label: 'a', xs: [1, 2, 3], ys: [NaN, Infinity, NaN], color: 'red' }], { width: 30, height: 4 }));
    assert.ok(lines.some((l) => l.includes('no data yet')));
    const one = text(renderChart([{ label: 'a', xs: [1, 2, 3], ys: [1, NaN, 3], color: 'red' }], { width: 30, height: 4 }));
    assert.equal(one.length, 4);
  });

  it('log-y of positive values is log10, labelled in real units', () => {
    const lines = text(renderChart([{ label: 'a', xs: [1, 2, 3], ys: [1, 10, 1000], color: 'red' }], { width: 30, height: 5, logY: true }));
    assert.match(lines[0], /1000┤/);
    assert.match(lines[3], /^ +1┤/);
  });

  it('log-y with values at or below 0 is symlog: every value drawn, the range to the least', () => {
    // YOLO26's rle_loss: negative, then positive.
    const ys = [-1.661, -0.5, 0, 0.02, 0.3, 4];
    const lines = text(renderChart([{ label: 'rle', xs: [1, 2, 3, 4, 5, 6], ys, color: 'red' }], { width: 40, height: 6, logY: true }));
    assert.match(lines[0], /^ *4┤/);
    assert.match(lines[4], /^ *-1\.661┤/);
    const cols = lines.slice(0, 5).map((l) => l.slice(l.search(/[┤│]/) + 1));
    const drawn = (c: number) => cols.some((l) => l[c] !== undefined && l[c] !== ' ');
    const width = cols[0].length;
    assert.ok(drawn(0) && drawn(width - 1), 'drawn from the first point to the last');
    const box = plotBox([{ label: 'rle', xs: [1, 2, 3, 4, 5, 6], ys, color: 'red' }], { logY: true });
    assert.equal(box?.scale.kind, 'symlog');
    for (const y of ys) assert.ok(Math.abs(fromAxis(box!.scale, toAxis(box!.scale, y)) - y) < 1e-12, 'the axis maps back to the value');
  });

  it('values near the largest double draw finite ticks', () => {
    for (const ys of [[1.79e308, 1.79e308], [0, 1.79e308], [-1.7e308, 1.7e308], [-1.79e308, 5]]) {
      const lines = text(renderChart([{ label: 'a', xs: [1, 2], ys, color: 'red' }], { width: 30, height: 7 }));
      const labels = lines.flatMap((l) => /^\s*(\S+)┤/.exec(l)?.[1] ?? []);
      assert.ok(labels.length >= 2 && labels.every((t) => Number.isFinite(Number(t))), `${JSON.stringify(ys)}: ${labels.join(' ')}`);
      assert.ok(lines.join('').match(/[\u2801-\u28ff]/), 'the points are drawn');
    }
  });

  it('ignore-outliers fits the 5th–95th percentile', () => {
    const ys = xs.map((x) => (x === 15 ? 1e6 : x));
    const lines = text(renderChart([{ label: 'a', xs, ys, color: 'red' }], { width: 40, height: 5, ignoreOutliers: true }));
    assert.doesNotMatch(lines[0], /e6|1000000/);
  });

  it('a flat series still gets a range', () => {
    const lines = text(renderChart([{ label: 'a', xs, ys: xs.map(() => 0.5), color: 'red' }], { width: 30, height: 5 }));
    assert.equal(lines.length, 5);
    assert.ok(lines.join('').match(/[\u2801-\u28ff]/));
  });
});

describe('formatNumber', () => {
  it('fits numbers in a width', () => {
    assert.equal(formatNumber(0.00023708, 7), '2.37e-4');
    assert.equal(formatNumber(1.4449, 7), '1.445');
    assert.equal(formatNumber(123456789, 7), '1.23e8');
    assert.equal(formatNumber(NaN), 'nan');
    assert.equal(formatNumber(-Infinity), '-inf');
    assert.equal(formatNumber(null), '–');
  });
});

describe('facets', () => {
  it('lays small multiples in a grid that fills the box exactly', async () => {
    const { renderFacets, facetGrid } = await import('../../src/chart/facets.js');
    const lines = renderFacets(fiveFacets(), { width: 100, height: 14 });
    assert.equal(lines.length, 14);
    for (const l of text(lines)) assert.equal([...l].length, 100);
    assert.deepEqual(facetGrid(5, 100, 14), { cols: 4, rows: 2 });
    assert.equal(facetGrid(5, 100, 6), null);
  });

  it('where the grid does not fit: one strip a facet, each on its own scale, in columns', async () => {
    const { renderFacets } = await import('../../src/chart/facets.js');
    const lines = text(renderFacets(fiveFacets(), { width: 80, height: 3 }));
    assert.equal(lines.length, 3);
    for (const l of lines) assert.equal([...l].length, 80);
    for (const t of ['box', 'pose', 'kobj', 'cls', 'dfl']) assert.match(lines.join('\n'), new RegExp(` ${t} .*[\u2801-\u28ff]`));
    assert.match(lines.join('\n'), / box +│[\u2800-\u28ff]+ 0\.0333…1 /, 'box on its own scale');
    assert.match(lines.join('\n'), / dfl +│[\u2800-\u28ff]+ 0\.1667…5 /, 'dfl on its own');
  });

  it('strips take the lines there are: taller, a title above, when that gives the braille more room', async () => {
    const { renderFacets } = await import('../../src/chart/facets.js');
    const six = [...fiveFacets(), { ...fiveFacets()[0], title: 'rle' }];
    const lines = text(renderFacets(six, { width: 80, height: 9 }));
    assert.equal(lines.length, 9);
    for (const l of lines) assert.equal([...l].length, 80);
    assert.match(lines[0], /^ box +cls +$/, 'two columns, each title on a line of its own');
    assert.match(lines[1], /^│[\u2800-\u28ff ]+ 1 +│[\u2800-\u28ff ]+ 4 *$/, 'the top of each range');
    assert.match(lines[2], /^│[\u2800-\u28ff ]+ 0\.0333 +│/, 'the bottom of it');
  });

  it('never drops a facet silently: what does not fit is counted', async () => {
    const { renderFacets } = await import('../../src/chart/facets.js');
    const lines = text(renderFacets(fiveFacets(), { width: 40, height: 2 }));
    assert.equal(lines.length, 2);
    assert.match(lines[1], /\+4 more/);
  });
});

describe('long series', () => {
  const n = 100_000;
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  const ys = xs.map((x) => Math.sin(x / 5000) + (x === 61_234 ? 40 : 0));
  ys[80_000] = NaN;
  const s = { label: 'loss', xs, ys, color: 'red' };

  it('are cut to four points a column at most, keeping spikes, the range and gaps', () => {
    const r = decimate(s, 1, n, 200);
    const d = { xs: Array.from(r.xs), ys: Array.from(r.ys) };
    assert.ok(d.xs.length <= 200 * 4 + 2, `${d.xs.length} points`);
    assert.ok(d.ys.includes(ys[61_233]), 'the spike survives');
    assert.equal(Math.min(...d.ys.filter(Number.isFinite)), Math.min(...ys.filter(Number.isFinite)));
    assert.ok(d.ys.some(Number.isNaN), 'the gap survives');
    assert.equal(decimate({ ...s, xs: xs.slice(0, 500), ys: ys.slice(0, 500) }, 1, 500, 200).xs.length, 500, 'a short series is left alone');
  });

  it('draw with the range of every point', () => {
    const lines = renderChart([s], { width: 60, height: 8 });
    assert.equal(Number(lines[0][0].text.replace('┤', '')), Number((40 + Math.sin(61_234 / 5000)).toPrecision(4)), 'the spike sets the top');
  });
});

function fiveFacets() {
  return ['box', 'pose', 'kobj', 'cls', 'dfl'].map((t, i) => ({ title: t, color: 'red', series: [{ label: t, xs, ys: xs.map((x) => (i + 1) / x), color: 'red' }] }));
}
