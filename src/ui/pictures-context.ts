// What a chart or a staged image needs to know to be drawn as a picture: handed down by the container.
import { createContext } from 'react';
import type { ReadImage } from '../model/image-read.js';
import type { PictureRenderer } from './graphics/picture-renderer.js';

export interface Pictures {
  /** The terminal speaks a picture protocol and drawing has not failed (a staged image shows as itself). */
  available: boolean;
  /** ... and `i` is on (the focused chart is a picture). */
  active: boolean;
  renderer: PictureRenderer | null;
  /** How a staged image is read for `p` (the UI opens no files itself). */
  readImage: ReadImage;
}

export const NO_IMAGES: ReadImage = async () => ({ ok: false, reason: 'images are not read here' });

export const PicturesContext = createContext<Pictures>({ available: false, active: false, renderer: null, readImage: NO_IMAGES });
