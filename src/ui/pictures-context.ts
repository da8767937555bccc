// What a chart or a staged image needs to know to be drawn as a picture: handed down by the container.
import { createContext } from 'react';
import type { PictureRenderer } from './graphics/picture-renderer.js';

export interface Pictures {
  /** The terminal speaks a picture protocol and drawing has not failed (a staged image shows as itself). */
  available: boolean;
  /** ... and `i` is on (the focused chart is a picture). */
  active: boolean;
  renderer: PictureRenderer | null;
}

export const PicturesContext = createContext<Pictures>({ available: false, active: false, renderer: null });
