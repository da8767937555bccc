import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { gridColumns, renderPanelPicture } from '../../src/chart/picture.js';
import { buildPanels } from '../../src/model/panels.js';
import { FakeSession } from '../helpers/fake-session.js';

async function coverage(png: Buffer, region?: { x: number; y: number; w: number; h: number }) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const r = region ?? { x: 0, y: 0, w: img.width, h: img.height };
  const data = ctx.getImageData(r.x, r.y, r.w, r.h).data;
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn += 1;
  return { width: img.width, height: img.height, drawn: drawn / (r.w * r.h) };
}

describe('a panel as a picture', () => {
  const panels = buildPanels(new FakeSession().grow(30, 50).store.snapshot, false);
  const opts = { xLabel: '', marker: 20, logY: false, ignoreOutliers: false };

  it('is a PNG of the asked size, transparent around what is drawn', async () => {
    const metrics = panels.find((p) => p.id === 'metrics');
    assert.ok(metrics);
    const png = await renderPanelPicture(metrics, { ...opts, width: 800, height: 240 });
    const c = await coverage(png);
    assert.deepEqual([c.width, c.height], [800, 240]);
    assert.ok(c.drawn > 0.03 && c.drawn < 0.6, `drawn ${(c.drawn * 100).toFixed(1)} %: lines, text and grid on a transparent ground`);
  });

  it('facets (loss components) get a chart each, across the picture', async () => {
    const losses = panels.find((p) => p.id === 'losses');
    assert.ok(losses?.facets && losses.facets.length === 3);
    const png = await renderPanelPicture(losses, { ...opts, width: 900, height: 240 });
    for (let i = 0; i < 3; i++) {
      const c = await coverage(png, { x: i * 300 + 40, y: 40, w: 240, h: 160 });
      assert.ok(c.drawn > 0.02, `facet ${i} has a chart (${(c.drawn * 100).toFixed(1)} %)`);
    }
  });

  it('log y, outliers and an x window draw without throwing, also with no data', async () => {
    const metrics = panels.find((p) => p.id === 'metrics');
    assert.ok(metrics);
    await renderPanelPicture(metrics, { ...opts, width: 300, height: 100, logY: true, ignoreOutliers: true, xMin: 10, xMax: 30 });
    const empty = { ...metrics, series: [], facets: undefined };
    const c = await coverage(await renderPanelPicture(empty, { ...opts, width: 300, height: 100 }));
    assert.equal(c.width, 300);
  });

  it('lays facets out near a square-ish aspect, with few empty places', () => {
    assert.equal(gridColumns(1, 1000, 300), 1);
    assert.equal(gridColumns(5, 1000, 280), 5, 'a short wide picture: one row');
    assert.equal(gridColumns(5, 1000, 600), 3, 'taller: two rows');
    assert.equal(gridColumns(8, 300, 800), 1, 'never narrower than 160 px a chart');
  });
});
