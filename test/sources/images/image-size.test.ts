import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { imageSize } from '../../../src/sources/images/image-size.js';

describe('an image size from its header', () => {
  it('PNG, JPEG and WebP as the canvas encodes them', async () => {
    const c = createCanvas(123, 45);
    c.getContext('2d').fillRect(0, 0, 10, 10);
    assert.deepEqual(imageSize(await c.encode('png')), { format: 'png', width: 123, height: 45 });
    assert.deepEqual(imageSize(await c.encode('jpeg')), { format: 'jpeg', width: 123, height: 45 });
    assert.deepEqual(imageSize(await c.encode('webp')), { format: 'webp', width: 123, height: 45 });
  });

  it('GIF and BMP headers; anything else, or too short, is not sized', () => {
    const gif = Buffer.alloc(13);
    gif.write('GIF89a', 0, 'latin1');
    gif.writeUInt16LE(640, 6);
    gif.writeUInt16LE(480, 8);
    assert.deepEqual(imageSize(gif), { format: 'gif', width: 640, height: 480 });
    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeInt32LE(800, 18);
    bmp.writeInt32LE(-600, 22);
    assert.deepEqual(imageSize(bmp), { format: 'bmp', width: 800, height: 600 });
    assert.equal(imageSize(Buffer.from('not an image at all, just text')), null);
    assert.equal(imageSize(Buffer.from([0x89, 0x50])), null);
    assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])), null, 'a JPEG cut before its frame header');
  });
});
