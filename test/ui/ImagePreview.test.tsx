// `p` on a staged image: drawn as itself where the terminal shows pictures, half blocks else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { render } from 'ink-testing-library';
import { ImagePreview } from '../../src/ui/components/ImagePreview.js';
import type { Locate, Picture } from '../../src/ui/graphics/picture-layer.js';
import { PictureRenderer } from '../../src/ui/graphics/picture-renderer.js';
import { renderPicture } from '../../src/ui/graphics/render-picture.js';
import { readImage as readOn } from '../../src/live/fs/read-image.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();
const readImage = (path: string) => readOn(LOCAL, path);
import { PicturesContext } from '../../src/ui/pictures-context.js';
import { frame } from '../helpers/ink.js';
import { tempDir } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';

function png(dir: string, w: number, h: number): string {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#2060c0';
  ctx.fillRect(0, 0, w, h);
  const path = join(dir, 'train_batch0.png');
  writeFileSync(path, c.toBuffer('image/png'));
  return path;
}

function withPictures(renderer: PictureRenderer | null, path: string) {
  const value = { available: renderer !== null, active: false, renderer, readImage };
  return render(<PicturesContext.Provider value={value}><ImagePreview path={path} width={60} height={12} /></PicturesContext.Provider>);
}

describe('the staged-image preview', () => {
  it('as a picture: fitted to the pane, on blank cells under the file name', async (t) => {
    const shown: { picture: Picture; locate: Locate }[] = [];
    const renderer = new PictureRenderer({ show: (picture, locate) => shown.push({ picture, locate }), hide: () => {} }, renderPicture(readImage));
    const r = withPictures(renderer, png(tempDir(t), 640, 640));
    t.after(() => r.unmount());
    await waitFor(() => shown.length > 0, 'the picture', 15_000);
    const { picture, locate } = shown[0];
    assert.deepEqual([picture.cols, picture.rows], [22, 11], 'square, in 2:1 cells, within 60x11');
    assert.deepEqual(locate(), { row: 2, col: 1 });
    const lines = frame(r).split('\n');
    assert.match(lines[0], /train_batch0\.png \(p: back to the list\)/);
    assert.ok(lines.slice(1).every((l) => l.trim() === ''), 'blank cells under it');
  });

  it('a file that will not decode falls back to half blocks, which say so', async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'broken.png');
    writeFileSync(path, 'not an image');
    const renderer = new PictureRenderer({ show: () => {}, hide: () => {} }, renderPicture(readImage));
    const r = withPictures(renderer, path);
    t.after(() => r.unmount());
    await waitFor(() => /cannot preview/.test(frame(r)), 'the reason', 15_000);
    assert.equal(renderer.getFailure(), null, 'charts can still be pictures');
  });

  it('without pictures: half blocks', async (t) => {
    const r = withPictures(null, png(tempDir(t), 64, 32));
    t.after(() => r.unmount());
    await waitFor(() => /▀|▄/.test(frame(r)), 'half blocks', 15_000);
  });

  it('a 20000x20000 image is refused on its header, at once, with the reason; so is a FIFO or a link', async (t) => {
    const dir = tempDir(t);
    const huge = join(dir, 'huge.png');
    writeFileSync(huge, hugePngHeader(20000, 20000));
    for (const renderer of [null, new PictureRenderer({ show: () => {}, hide: () => {} }, renderPicture(readImage))]) {
      const r = withPictures(renderer, huge);
      await waitFor(() => /cannot preview: 20000x20000 px, over the 40-megapixel preview cap/.test(frame(r)), 'the reason');
      r.unmount();
    }
    const fifo = join(dir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'link.png');
    symlinkSync(png(dir, 8, 8), link);
    for (const [path, why] of [[fifo, /FIFO/], [link, /symbolic link/]] as const) {
      const r = withPictures(null, path);
      await waitFor(() => why.test(frame(r)), `the reason for ${path}`);
      r.unmount();
    }
  });
});

/** A PNG whose header claims w x h (nothing behind it: it must never be decoded). */
function hugePngHeader(w: number, h: number): Buffer {
  const head = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head, 0);
  head.writeUInt32BE(13, 8);
  head.write('IHDR', 12, 'latin1');
  head.writeUInt32BE(w, 16);
  head.writeUInt32BE(h, 20);
  head[24] = 8;
  head[25] = 6;
  return head;
}
