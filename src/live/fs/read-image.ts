// A staged image for the preview: a regular file only (never through a link, a FIFO cannot
// block), at most 64 MB, and its pixel size read from the header before anything decodes it.
import { MAX_PREVIEW_PIXELS, type ImageRead } from '../../model/image-read.js';
import { imageSize } from '../../sources/images/image-size.js';
import { readRegularFile } from './read-regular.js';
import type { RunFs } from './run-fs.js';

const MAX_IMAGE_BYTES = 64 << 20;

export async function readImage(fs: RunFs, path: string): Promise<ImageRead> {
  const read = await readRegularFile(fs, path, { maxBytes: MAX_IMAGE_BYTES });
  if (!read.ok) return { ok: false, reason: read.reason };
  const size = imageSize(read.data);
  if (!size) return { ok: false, reason: 'not an image whose size can be read (PNG, JPEG, GIF, BMP, WebP)' };
  if (size.width * size.height > MAX_PREVIEW_PIXELS) {
    return { ok: false, reason: `${size.width}x${size.height} px, over the ${MAX_PREVIEW_PIXELS / 1e6}-megapixel preview cap` };
  }
  return { ok: true, data: read.data, width: size.width, height: size.height };
}
