import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import type { Panel } from '../../../src/model/panels.js';
import type { Locate, Picture } from '../../../src/ui/graphics/picture-layer.js';
import { PictureRenderer, type ChartRequest, type PictureRequest, type Slot } from '../../../src/ui/graphics/picture-renderer.js';

function fakeLayer() {
  const log: string[] = [];
  return {
    log,
    show(p: Picture, _l: Locate) { log.push(`show ${Buffer.from(p.png).toString()} ${p.cols}x${p.rows}`); },
    hide() { log.push('hide'); },
  };
}

/** A render whose results the test hands out one at a time. */
function heldRender() {
  const pending: { request: ChartRequest; done: (p: Picture) => void; fail: (e: Error) => void }[] = [];
  return {
    pending,
    render: (request: PictureRequest) => new Promise<Picture>((done, fail) => pending.push({ request: request as ChartRequest, done, fail })),
    finish(i = 0) {
      const [p] = pending.splice(i, 1);
      p.done({ png: Buffer.from(p.request.panel.id), cols: p.request.cols, rows: p.request.rows });
    },
  };
}

const panel = (id: string): Panel => ({ id, title: id, styleNote: '', series: [], legend: [] });
const request = (id: string, cols = 40, rows = 10): ChartRequest => ({ kind: 'chart', panel: panel(id), cols, rows, logY: false, ignoreOutliers: false, xMin: undefined, xMax: undefined, marker: null });
const slot = (): Slot => ({ locate: () => ({ row: 1, col: 1 }) });

/** A renderer over a recording layer; with `shown`, picture 'a' is already up in slot `s`. */
async function setup(shown = false) {
  const layer = fakeLayer();
  const r = heldRender();
  const renderer = new PictureRenderer(layer, r.render);
  const s = slot();
  if (shown) {
    renderer.offer(request('a'), s);
    r.finish();
    await tick();
  }
  return { layer, r, renderer, s };
}

describe('rendering pictures for the layer', () => {
  it('renders one at a time and always ends on the latest request', async () => {
    const { layer, r, renderer, s } = await setup();
    renderer.offer(request('a'), s);
    renderer.offer(request('b'), s);
    renderer.offer(request('c'), s);
    assert.equal(r.pending.length, 1, 'one render in flight');
    r.finish();
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10'], 'the old picture is better than none while the next renders');
    assert.equal(r.pending.length, 1);
    assert.equal(r.pending[0].request.panel.id, 'c', 'b was superseded before it started');
    r.finish();
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10', 'show c 40x10']);
  });

  it('a chart that re-renders (withdraw and offer in one commit) keeps its picture up', async () => {
    const { layer, r, renderer, s } = await setup(true);
    renderer.withdraw(s);
    renderer.offer(request('a2'), s);
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10']);
    r.finish();
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10', 'show a2 40x10']);
  });

  it('a withdrawn chart takes its picture down; a late render is not shown', async () => {
    const { layer, r, renderer, s } = await setup(true);
    renderer.offer(request('b'), s);
    renderer.withdraw(s);
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10', 'hide']);
    r.finish();
    await tick();
    assert.deepEqual(layer.log, ['show a 40x10', 'hide']);
  });

  it('another chart, or the same one resized, takes the old picture down at once', async () => {
    const { layer, r, renderer, s } = await setup(true);
    renderer.offer(request('a', 30, 10), s);
    assert.deepEqual(layer.log, ['show a 40x10', 'hide']);
    r.finish();
    await tick();
    renderer.offer(request('b'), slot());
    assert.deepEqual(layer.log, ['show a 40x10', 'hide', 'show a 30x10', 'hide']);
  });

  it('an image file that will not decode is that file\'s failure: pictures go on', async () => {
    const layer = fakeLayer();
    const renderer = new PictureRenderer(layer, async (r) => {
      if (r.kind === 'file') throw new Error('unsupported image');
      return { png: Buffer.from('chart'), cols: r.cols, rows: r.rows };
    });
    let told = 0;
    renderer.subscribe(() => { told += 1; });
    renderer.offer({ kind: 'file', path: '/staged/a.webp', cols: 10, rows: 5 }, slot());
    await tick();
    assert.equal(renderer.fileFailure('/staged/a.webp'), 'unsupported image');
    assert.equal(renderer.fileFailure('/staged/b.png'), null);
    assert.equal(renderer.getFailure(), null);
    assert.equal(told, 1);
    renderer.offer(request('c'), slot());
    await tick();
    assert.deepEqual(layer.log, ['show chart 40x10']);
  });

  it('a render that fails stops pictures and says why', async () => {
    const { r, renderer } = await setup();
    let told = 0;
    renderer.subscribe(() => { told += 1; });
    renderer.offer(request('a'), slot());
    r.pending.shift()?.fail(new Error('no canvas for this platform'));
    await tick();
    assert.equal(renderer.getFailure(), 'no canvas for this platform');
    assert.equal(told, 1);
    renderer.offer(request('b'), slot());
    assert.equal(r.pending.length, 0, 'no more tries');
  });
});
