// Asks for a picture over an Ink box while `request` is not null; the returned ref goes on the
// box of blank cells it is drawn over (where it is, is read from Ink's layout at each frame).
import { useContext, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { DOMElement } from 'ink';
import { screenCell } from '../graphics/locate.js';
import type { PictureRequest, Slot } from '../graphics/picture-renderer.js';
import { PicturesContext } from '../pictures-context.js';

/** `request` must keep its identity while it means the same picture (memoise it). */
export function usePicture(request: PictureRequest | null): RefObject<DOMElement | null> {
  const { renderer } = useContext(PicturesContext);
  const area = useRef<DOMElement>(null);
  const slot = useMemo<Slot>(() => ({ locate: () => screenCell(area.current) }), []);
  useEffect(() => {
    if (!renderer || !request) return undefined;
    renderer.offer(request, slot);
    return () => renderer.withdraw(slot);
  }, [renderer, slot, request]);
  return area;
}
