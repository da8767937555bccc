import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kittyDelete } from '../../../src/ui/graphics/escapes.js';
import { PictureLayer, type Cell } from '../../../src/ui/graphics/picture-layer.js';

const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';
const PNG = Buffer.from('not really a png');

/** A terminal's stdout as Ink sees it: size, events, and what was written. */
function fakeOut(columns = 100, rows = 30) {
  const writes: string[] = [];
  const out = {
    columns, rows, isTTY: true,
    write(chunk: string | Uint8Array) {
      writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    },
    on() { return out; },
  };
  return { out: out as unknown as NodeJS.WriteStream, writes };
}

/** A kitty layer with a 4x2 picture up at the top-left, and the writes after that. */
function kittyShowing() {
  const { out, writes } = fakeOut();
  const layer = new PictureLayer(out, 'kitty', 1);
  layer.show({ png: PNG, cols: 4, rows: 2 }, () => ({ row: 1, col: 1 }));
  writes.length = 0;
  return { layer, writes };
}

describe('the picture layer over Ink', () => {
  it('kitty: sends once at the located cell, then re-places inside each synchronized frame', () => {
    const { out, writes } = fakeOut();
    const layer = new PictureLayer(out, 'kitty', 1);
    let at: Cell | null = { row: 5, col: 1 };
    layer.show({ png: PNG, cols: 40, rows: 10 }, () => at);
    assert.equal(writes.length, 1);
    assert.match(writes[0], /^\x1b7\x1b\[5;1H\x1b_Ga=T,f=100,t=d,i=\d+,p=1,c=40,r=10,C=1,q=2,m=0;/);
    assert.ok(writes[0].endsWith('\x1b8'));

    writes.length = 0;
    layer.stdout.write(BSU);
    layer.stdout.write('frame\n');
    at = { row: 6, col: 3 };
    layer.stdout.write(ESU);
    assert.equal(writes.length, 4, 'one placement, between the frame and the end of the update');
    assert.equal(writes[0], BSU);
    assert.equal(writes[1], 'frame\n');
    assert.match(writes[2], /^\x1b7\x1b\[6;3H\x1b_Ga=p,i=\d+,p=1,c=40,r=10,C=1,q=2\x1b\\\x1b8$/);
    assert.equal(writes[3], ESU);
  });

  it('unsynchronized writes get the picture after them; a bell does not', () => {
    const { layer, writes } = kittyShowing();
    layer.stdout.write('\x1b[2K\x1b[1Aframe');
    assert.equal(writes.length, 2);
    assert.match(writes[1], /a=p,/);
    layer.stdout.write('\x07');
    assert.equal(writes.length, 3);
  });

  it('a cleared screen has lost the picture: it is sent again, not just placed', () => {
    const { layer, writes } = kittyShowing();
    layer.stdout.write('\x1b[2J\x1b[3J\x1b[Hframe\n');
    assert.match(writes[1], /a=T,/);
  });

  it('a new picture takes the other id and deletes the old one after it is up; hide deletes', () => {
    const { out, writes } = fakeOut();
    const layer = new PictureLayer(out, 'kitty', 1);
    const locate = () => ({ row: 2, col: 1 });
    layer.show({ png: PNG, cols: 4, rows: 2 }, locate);
    const first = Number(/i=(\d+)/.exec(writes[0])?.[1]);
    layer.show({ png: PNG, cols: 4, rows: 2 }, locate);
    const second = Number(/i=(\d+)/.exec(writes[1])?.[1]);
    assert.notEqual(first, second);
    assert.ok(writes[1].endsWith(kittyDelete(first)), 'the old one goes only once the new one is placed');
    writes.length = 0;
    layer.hide();
    assert.deepEqual(writes, [kittyDelete(second)]);
    layer.stdout.write('frame\n');
    assert.deepEqual(writes.slice(1), ['frame\n'], 'nothing drawn once hidden');
    assert.equal(layer.cleanup(), kittyDelete(first) + kittyDelete(second));
  });

  it('a picture that would cross the screen edge, or is not on screen, is not drawn (and an old one is deleted)', () => {
    const { out, writes } = fakeOut(80, 24);
    const layer = new PictureLayer(out, 'kitty', 1);
    let at: Cell | null = { row: 1, col: 1 };
    layer.show({ png: PNG, cols: 80, rows: 22 }, () => at);
    assert.match(writes[0], /a=T/);
    const id = Number(/i=(\d+)/.exec(writes[0])?.[1]);
    at = { row: 3, col: 1 };
    writes.length = 0;
    layer.stdout.write('frame\n');
    assert.deepEqual(writes, ['frame\n', kittyDelete(id)], 'rows 3..24 would reach the last line');
    at = null;
    writes.length = 0;
    layer.stdout.write('frame\n');
    assert.deepEqual(writes, ['frame\n']);
  });

  it('iTerm2: the whole picture after each frame (text overwrites it); nothing to delete', () => {
    const { out, writes } = fakeOut();
    const layer = new PictureLayer(out, 'iterm2', 1);
    layer.show({ png: PNG, cols: 10, rows: 3 }, () => ({ row: 4, col: 2 }));
    assert.match(writes[0], /^\x1b7\x1b\[4;2H\x1b\]1337;File=inline=1;size=16;width=10;height=3;preserveAspectRatio=0:/);
    layer.stdout.write(BSU);
    layer.stdout.write('frame\n');
    layer.stdout.write(ESU);
    assert.equal(writes[3], writes[0]);
    writes.length = 0;
    layer.hide();
    assert.deepEqual(writes, []);
    assert.equal(layer.cleanup(), '');
  });

  it('with a frame wait, a picture shown is drawn after the frame that comes next, or by itself once the wait is over', async () => {
    const { out, writes } = fakeOut();
    const layer = new PictureLayer(out, 'iterm2', 1, 40);
    layer.show({ png: PNG, cols: 10, rows: 3 }, () => ({ row: 4, col: 2 }));
    assert.deepEqual(writes, [], 'not over the frame on screen: the one of its commit is still to come');
    layer.stdout.write(BSU);
    layer.stdout.write('frame with its title\n');
    layer.stdout.write(ESU);
    assert.equal(writes.length, 4);
    assert.match(writes[2], /1337;File=/, 'drawn inside that frame');
    await new Promise((done) => setTimeout(done, 80));
    assert.equal(writes.length, 4, 'and not again when the wait would have ended');
    writes.length = 0;
    layer.show({ png: PNG, cols: 10, rows: 3 }, () => ({ row: 4, col: 2 }));
    assert.deepEqual(writes, []);
    await new Promise((done) => setTimeout(done, 80));
    assert.equal(writes.length, 1, 'no frame came: drawn anyway');
    writes.length = 0;
    layer.show({ png: PNG, cols: 10, rows: 3 }, () => ({ row: 4, col: 2 }));
    layer.hide();
    await new Promise((done) => setTimeout(done, 80));
    assert.deepEqual(writes, [], 'hidden before the wait was over: never drawn');
  });

  it('hands Ink the real stream for everything but write', () => {
    const { out } = fakeOut(123, 45);
    const layer = new PictureLayer(out, 'kitty', 1);
    assert.equal(layer.stdout.columns, 123);
    assert.equal(layer.stdout.rows, 45);
    assert.equal(layer.stdout.isTTY, true);
    assert.equal(layer.stdout.on('resize', () => {}), out);
  });
});
