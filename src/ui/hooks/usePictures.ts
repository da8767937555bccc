import { useMemo, useSyncExternalStore } from 'react';
import type { ReadImage } from '../../model/image-read.js';
import type { GraphicsSupport } from '../graphics/detect.js';
import type { PictureRenderer } from '../graphics/picture-renderer.js';
import { NO_IMAGES, type Pictures } from '../pictures-context.js';

export interface PicturesSetup {
  support: GraphicsSupport;
  renderer: PictureRenderer | null;
  readImage?: ReadImage;
}

const NO_FAILURE = { subscribe: () => () => {}, getFailure: (): string | null => null };
const NO_PICTURES: PicturesSetup = { support: { protocol: null, why: 'pictures are not available here: charts stay braille' }, renderer: null };

/** Pictures for charts and staged images, and what the status line says while `i` is on but they cannot be. */
export function usePictures(setup: PicturesSetup | undefined, on: boolean): { pictures: Pictures; note: string | null } {
  const { support, renderer, readImage = NO_IMAGES } = setup ?? NO_PICTURES;
  const source = renderer ?? NO_FAILURE;
  const failure = useSyncExternalStore(source.subscribe, source.getFailure);
  const available = renderer !== null && support.protocol !== null && failure === null;
  const active = on && available;
  const pictures = useMemo(() => ({ available, active, renderer, readImage }), [available, active, renderer, readImage]);
  const note = !on ? null : failure !== null ? `pictures failed (${failure}): charts stay braille` : active ? null : support.why;
  return { pictures, note };
}
