import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { fitCells, renderPicture } from '../../../src/ui/graphics/render-picture.js';
import { readImage as readOn } from '../../../src/live/fs/read-image.js';
import { LocalFs } from '../../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();
const readImage = (path: string) => readOn(LOCAL, path);
import { tempDir } from '../../helpers/paths.js';

/** A w x h image file, red, in the given format. */
function imageFile(dir: string, name: string, w: number, h: number): string {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#d00000';
  ctx.fillRect(0, 0, w, h);
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.jpg') ? c.toBuffer('image/jpeg') : c.toBuffer('image/png'));
  return path;
}

describe('a staged image as a picture', () => {
  it('fits the area keeping its aspect (cells are twice as tall as wide)', () => {
    assert.deepEqual(fitCells(300, 100, 40, 10), { cols: 40, rows: 7 });
    assert.deepEqual(fitCells(640, 640, 100, 20), { cols: 40, rows: 20 }, 'a square mosaic: limited by the rows');
    assert.deepEqual(fitCells(10, 10, 100, 30), { cols: 60, rows: 30 }, 'a small image is scaled up to the area');
    assert.deepEqual(fitCells(5000, 1, 10, 10), { cols: 10, rows: 1 }, 'never under one cell');
  });

  it('a JPEG comes back as a PNG of its cells, drawn', async (t) => {
    const dir = tempDir(t);
    const pic = await renderPicture(readImage)({ kind: 'file', path: imageFile(dir, 'val_batch0_pred.jpg', 640, 480), cols: 60, rows: 20 });
    assert.deepEqual([pic.cols, pic.rows], [53, 20]);
    const img = await loadImage(Buffer.from(pic.png));
    assert.deepEqual([img.width, img.height], [530, 400]);
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(265, 200, 1, 1).data;
    assert.ok(px[0] > 180 && px[1] < 60, 'the image, scaled');
  });

  it('a file that is not an image is an error for that request', async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'broken.png');
    writeFileSync(path, Buffer.from('\x89PNG\r\n\x1a\nnot really'));
    await assert.rejects(renderPicture(readImage)({ kind: 'file', path, cols: 10, rows: 5 }));
  });
});
