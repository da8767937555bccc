// The alternate screen: taken when the first frame is drawn, given back on every way out.
import { writeSync } from 'node:fs';

export const ENTER = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
// Clearing the alternate screen before leaving it matters: tmux 3.3 copies lines wider than the
// pane's earlier width onto the main screen when the pane grew while the alternate screen was on.
export const LEAVE = '\x1b[H\x1b[2J\x1b[?25h\x1b[?1049l';
/** Synchronized output (mode 2026): the terminal shows what comes between as one frame. */
export const BEGIN_FRAME = '\x1b[?2026h';
export const END_FRAME = '\x1b[?2026l';

/** Leaves the alternate screen, once, whoever asks; the terminal may be gone (SSH dropped). */
export function screenRestorer(extra: () => string = () => ''): () => void {
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    try {
      writeSync(1, extra() + LEAVE);
    } catch {
      // nothing left to restore
    }
  };
}
