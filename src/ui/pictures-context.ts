// What a chart needs to know to be drawn as a picture: handed down by the container.
import { createContext } from 'react';
import type { PictureRenderer } from './graphics/picture-renderer.js';

export interface Pictures {
  /** `i` is on, the terminal speaks a picture protocol, and drawing has not failed. */
  active: boolean;
  renderer: PictureRenderer | null;
}

export const PicturesContext = createContext<Pictures>({ active: false, renderer: null });
