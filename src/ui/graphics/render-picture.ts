// A chart request as PNG bytes, at a pixel size for its cells. Terminals scale the picture to
// the cells anyway; 10x20 pixels a cell is sharp on common fonts without making huge images.
import type { PictureRequest } from './picture-renderer.js';

const CELL_W = 10;
const CELL_H = 20;
const MAX_PIXELS = 2400 * 1600;

export async function renderPicture(r: PictureRequest): Promise<Uint8Array> {
  const { renderPanelPicture } = await import('../../chart/picture.js');
  const scale = Math.min(1, Math.sqrt(MAX_PIXELS / (r.cols * CELL_W * r.rows * CELL_H)));
  return renderPanelPicture(r.panel, {
    width: Math.max(40, Math.round(r.cols * CELL_W * scale)),
    height: Math.max(40, Math.round(r.rows * CELL_H * scale)),
    xLabel: '',
    marker: r.marker,
    logY: r.logY,
    ignoreOutliers: r.ignoreOutliers,
    xMin: r.xMin,
    xMax: r.xMax,
  });
}
