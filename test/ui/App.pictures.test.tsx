// `i` in the container: the focused chart gives its cells to a picture, the layer is told where
// they are, and where the terminal cannot show pictures the status line says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import type { Locate, Picture } from '../../src/ui/graphics/picture-layer.js';
import { PictureRenderer, type ChartRequest } from '../../src/ui/graphics/picture-renderer.js';
import { FakeSession } from '../helpers/fake-session.js';
import { waitFor } from '../helpers/wait.js';
import { frame, press } from '../helpers/ink.js';

const KITTY = { protocol: 'kitty' as const, why: 'kitty' };

function recordingLayer() {
  const shown: { picture: Picture; locate: Locate }[] = [];
  let hidden = 0;
  return {
    shown,
    hidden: () => hidden,
    show(picture: Picture, locate: Locate) { shown.push({ picture, locate }); },
    hide() { hidden += 1; },
  };
}

describe('App: charts as pictures', () => {
  it('i: the focused chart\'s cells are left blank and the layer draws over exactly them; i again gives braille back', async (t) => {
    const session = new FakeSession().grow(20, 50);
    const layer = recordingLayer();
    const requests: ChartRequest[] = [];
    const renderer = new PictureRenderer(layer, async (req) => {
      if (req.kind === 'chart') requests.push(req);
      return { png: Buffer.from('png'), cols: req.cols, rows: req.rows };
    });
    const r = render(<App sessions={[session]} options={{ note: '', pictures: { support: KITTY, renderer } }} />);
    t.after(() => r.unmount());
    const before = frame(r).split('\n');
    await press(r, 'i');
    await waitFor(() => layer.shown.length > 0, 'a picture shown');
    const lines = frame(r).split('\n');
    assert.equal(lines.length, before.length, 'the frame keeps its height');
    assert.equal(lines.at(-1), before.at(-1), 'the footer is where it was');

    const req = requests.at(-1) as ChartRequest;
    assert.equal(req.panel.id, 'losses', 'the focused chart');
    const at = layer.shown[0].locate();
    assert.ok(at);
    const title = lines[at.row - 2];
    assert.match(title, /▸ Losses.*\[picture/);
    for (let row = at.row - 1; row < at.row - 1 + req.rows; row++) {
      assert.equal(lines[row].slice(at.col - 1, at.col - 1 + req.cols).trim(), '', `line ${row} is blank under the picture`);
    }
    assert.doesNotMatch(lines[at.row - 1 + req.rows] ?? '', /^\s*$/, 'the next chart starts right below');
    assert.equal(layer.shown[0].picture.cols, req.cols);
    assert.equal(layer.shown[0].picture.rows, req.rows);

    await press(r, '\t');
    await waitFor(() => requests.at(-1)?.panel.id === 'metrics', 'tab moves the picture to the next chart');
    await waitFor(() => layer.shown.length > 1, 'the next picture shown');
    assert.ok(layer.hidden() >= 1, 'the old picture was taken down');
    const next = layer.shown.at(-1)?.locate();
    assert.match(frame(r).split('\n')[(next?.row ?? 0) - 2], /▸ Metrics.*\[picture/);

    await press(r, 'i');
    await waitFor(() => !/\[picture/.test(frame(r)), 'the picture tag gone');
    assert.match(frame(r), /[\u2801-\u28ff]/);
    await waitFor(() => layer.hidden() >= 2, 'the picture taken down');
  });

  it('with no picture protocol, i keeps braille and says why on the status line', async (t) => {
    const session = new FakeSession().grow(20, 50);
    const support = { protocol: null, why: 'inside tmux/screen pictures cannot be placed: charts stay braille' };
    const r = render(<App sessions={[session]} options={{ note: 'watching', pictures: { support, renderer: null } }} />);
    t.after(() => r.unmount());
    await press(r, 'i');
    await waitFor(() => /inside tmux\/screen pictures cannot be placed/.test(frame(r)), 'the reason');
    assert.doesNotMatch(frame(r), /\[picture/);
    await press(r, 'i');
    await waitFor(() => /watching/.test(frame(r)), 'the note back');
  });

  it('a renderer that fails turns pictures off with the reason', async (t) => {
    const session = new FakeSession().grow(20, 50);
    const renderer = new PictureRenderer(recordingLayer(), async () => {
      throw new Error('cannot load @napi-rs/canvas');
    });
    const r = render(<App sessions={[session]} options={{ note: '', pictures: { support: KITTY, renderer } }} />);
    t.after(() => r.unmount());
    await press(r, 'i');
    await waitFor(() => /pictures failed \(cannot load @napi-rs\/canvas\)/.test(frame(r)), 'the failure on the status line');
    assert.match(frame(r), /[\u2801-\u28ff]/, 'braille is back');
  });
});
