import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { atCell, iterm2Image, kittyDelete, kittyPlace, kittyTransmit } from '../../../src/ui/graphics/escapes.js';

const APC = /\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\/g;

describe('picture escape sequences', () => {
  it('kitty: a large PNG goes in 4096-byte base64 chunks, keys on the first, m=1 on all but the last', () => {
    const png = randomBytes(10_000);
    const out = kittyTransmit(png, 77, { cols: 40, rows: 12 });
    const parts = [...out.matchAll(APC)];
    assert.equal(parts.map((m) => m[0]).join(''), out, 'nothing but APC G sequences');
    assert.equal(parts.length, Math.ceil(Math.ceil(10_000 / 3) * 4 / 4096));
    assert.equal(parts[0][1], 'a=T,f=100,t=d,i=77,p=1,c=40,r=12,C=1,q=2,m=1');
    parts.slice(1, -1).forEach((m) => assert.equal(m[1], 'm=1'));
    assert.equal(parts.at(-1)?.[1], 'm=0');
    parts.slice(0, -1).forEach((m) => assert.equal(m[2].length, 4096));
    assert.deepEqual(Buffer.from(parts.map((m) => m[2]).join(''), 'base64'), png);
  });

  it('kitty: a small PNG is one sequence', () => {
    const parts = [...kittyTransmit(Buffer.from('tiny'), 1, { cols: 2, rows: 1 }).matchAll(APC)];
    assert.equal(parts.length, 1);
    assert.match(parts[0][1], /m=0$/);
  });

  it('kitty: place and delete name the image, never ask for a reply', () => {
    assert.equal(kittyPlace(5, { cols: 3, rows: 4 }), '\x1b_Ga=p,i=5,p=1,c=3,r=4,C=1,q=2\x1b\\');
    assert.equal(kittyDelete(5), '\x1b_Ga=d,d=I,i=5,q=2\x1b\\');
  });

  it('iTerm2: one OSC 1337 with the byte size and the cells to fill', () => {
    const png = randomBytes(500);
    const out = iterm2Image(png, { cols: 30, rows: 8 });
    const m = /^\x1b\]1337;File=([^:]*):([A-Za-z0-9+/=]*)\x07$/.exec(out);
    assert.ok(m);
    assert.equal(m[1], 'inline=1;size=500;width=30;height=8;preserveAspectRatio=0');
    assert.deepEqual(Buffer.from(m[2], 'base64'), png);
  });

  it('a sequence at a cell saves and restores the cursor around itself', () => {
    assert.equal(atCell(3, 7, 'X'), '\x1b7\x1b[3;7HX\x1b8');
  });
});
