// A request as a picture: PNG bytes at a pixel size for its cells. Terminals scale the picture to
// the cells anyway; 10x20 pixels a cell is sharp on common fonts without making huge images.
import type { ReadImage } from '../../model/image-read.js';
import type { Picture } from './picture-layer.js';
import type { ChartRequest, FileRequest, PictureRequest, RenderPicture } from './picture-renderer.js';

const CELL_W = 10;
const CELL_H = 20;
const MAX_PIXELS = 2400 * 1600;

/** Draws charts, and staged images read by `readImage` (regular files of a bounded size only). */
export function renderPicture(readImage: ReadImage): RenderPicture {
  return (r: PictureRequest) => (r.kind === 'chart' ? chartPicture(r) : filePicture(r, readImage));
}

async function chartPicture(r: ChartRequest): Promise<Picture> {
  const { renderPanelPicture } = await import('../../chart/picture.js');
  const scale = Math.min(1, Math.sqrt(MAX_PIXELS / (r.cols * CELL_W * r.rows * CELL_H)));
  const png = await renderPanelPicture(r.panel, {
    width: Math.max(40, Math.round(r.cols * CELL_W * scale)),
    height: Math.max(40, Math.round(r.rows * CELL_H * scale)),
    xLabel: '',
    marker: r.marker,
    logY: r.logY,
    ignoreOutliers: r.ignoreOutliers,
    xMin: r.xMin,
    xMax: r.xMax,
  });
  return { png, cols: r.cols, rows: r.rows };
}

/** The cells an image of w x h pixels takes inside cols x rows, keeping its aspect. */
export function fitCells(w: number, h: number, cols: number, rows: number): { cols: number; rows: number } {
  const scale = Math.min((cols * CELL_W) / w, (rows * CELL_H) / h);
  return {
    cols: Math.max(1, Math.min(cols, Math.round((w * scale) / CELL_W))),
    rows: Math.max(1, Math.min(rows, Math.round((h * scale) / CELL_H))),
  };
}

/** A staged image (PNG, JPEG, GIF…) fitted into the area, re-encoded as PNG at the cells' size. */
async function filePicture(r: FileRequest, readImage: ReadImage): Promise<Picture> {
  const read = await readImage(r.path);
  if (!read.ok) throw new Error(read.reason);
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(read.data);
  const cells = fitCells(image.width, image.height, r.cols, r.rows);
  const canvas = createCanvas(cells.cols * CELL_W, cells.rows * CELL_H);
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  return { png: await canvas.encode('png'), ...cells };
}
