// Where an Ink element is on the screen, from the layout Ink computed for the frame it writes.
// The app fills the alternate screen from its top-left cell, so frame offsets are screen cells.
import type { DOMElement } from 'ink';
import type { Cell } from './picture-layer.js';

export function screenCell(node: DOMElement | null): Cell | null {
  let top = 0;
  let left = 0;
  for (let n: DOMElement | undefined = node ?? undefined; n; n = n.parentNode) {
    if (!n.yogaNode) return null;
    top += n.yogaNode.getComputedTop();
    left += n.yogaNode.getComputedLeft();
  }
  return node ? { row: top + 1, col: left + 1 } : null;
}
