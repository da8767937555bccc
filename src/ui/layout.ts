// Where the panels go for a given pane size. Pure, so every size can be tested.
import type { PanelId } from '../model/panels.js';

export interface PanelBox {
  id: PanelId;
  width: number;
  /** Lines, title included; 1 means collapsed to its title line. */
  height: number;
}

/** Lines outside the panels: status line (1), footer (1), and one spare at the bottom. */
export const CHROME_LINES = 3;
/** A run's header. */
export const HEADER_LINES = 2;
const MIN_CHART = 4;
const WIDE_COLUMNS = 160;
const SMALL_MAX = 7;

const SMALL_PANELS: readonly PanelId[] = ['lr', 'other'];

function isMain(id: PanelId): boolean {
  return !SMALL_PANELS.includes(id);
}

/** Split `total` lines by weight; entries below MIN_CHART collapse to one line and give the rest back. */
function share(total: number, weights: number[], caps: number[]): number[] {
  const collapsed = weights.map(() => false);
  for (;;) {
    let left = total - collapsed.filter(Boolean).length;
    const open = weights.map((w, i) => (collapsed[i] ? 0 : w));
    const heights = weights.map(() => 1);
    // Capped entries take their cap first.
    let sum = open.reduce((a, b) => a + b, 0);
    open.forEach((w, i) => {
      if (w && caps[i] < (left * w) / sum) {
        heights[i] = caps[i];
        left -= caps[i];
        sum -= w;
        open[i] = 0;
      }
    });
    const floors = open.map((w) => (w ? Math.floor((left * w) / (sum || 1)) : 0));
    let spare = left - floors.reduce((a, b) => a + b, 0);
    open.forEach((w, i) => {
      if (!w) return;
      heights[i] = floors[i] + (spare > 0 ? 1 : 0);
      if (spare > 0) spare -= 1;
    });
    // The last panel still open is drawn from 2 lines (its title and a row of strips).
    const stillOpen = weights.filter((w, i) => w && !collapsed[i]).length;
    const tooSmall = heights.findIndex((h, i) => !collapsed[i] && weights[i] && h < (stillOpen === 1 ? 2 : MIN_CHART));
    if (tooSmall < 0) return heights;
    // Collapse the least important small one first; of equals the later one, so the first
    // panel (the losses) is the one still drawn when only one fits.
    let victim = tooSmall;
    weights.forEach((w, i) => {
      if (!collapsed[i] && heights[i] < MIN_CHART && w <= weights[victim]) victim = i;
    });
    collapsed[victim] = true;
    weights = weights.map((w, i) => (i === victim ? 0 : w));
  }
}

/** Panels in `height` lines (the pane minus header, status and footer). */
export function layoutPanels(cols: number, height: number, ids: readonly PanelId[], focus: PanelId | null): PanelBox[][] {
  const total = Math.max(0, height);
  if (ids.length === 0) return [];
  if (total < ids.length * MIN_CHART && total <= ids.length) {
    return ids.slice(0, total).map((id) => [{ id, width: cols, height: 1 }]);
  }
  const mains = ids.filter(isMain);
  const smalls = ids.filter((id) => !isMain(id));
  const weight = (id: PanelId) => (isMain(id) ? 2 : 1) * (id === focus ? 1.6 : 1);
  const cap = (id: PanelId) => (isMain(id) || id === focus ? Infinity : SMALL_MAX);

  if (cols >= WIDE_COLUMNS && mains.length >= 2) {
    // Main panels two to a row, small ones full width.
    const groups: PanelId[][] = [];
    for (let i = 0; i < mains.length; i += 2) groups.push(mains.slice(i, i + 2));
    groups.push(...smalls.map((id) => [id]));
    const heights = share(total, groups.map((g) => Math.max(...g.map(weight))), groups.map((g) => Math.min(...g.map(cap))));
    return groups.map((g, i) => {
      const w = Math.floor(cols / g.length);
      return g.map((id, j) => ({ id, width: j === g.length - 1 ? cols - w * (g.length - 1) : w, height: heights[i] }));
    });
  }
  const heights = share(total, ids.map(weight), ids.map(cap));
  return ids.map((id, i) => [{ id, width: cols, height: heights[i] }]);
}

/** A run's pane kept small beside another's: its header and one chart. */
const COMPACT_PANE = 7;
/** Below this many lines each, runs shown together do not share evenly: one gets the room. */
const ROOMY_PANE = 16;

/**
 * Lines for each of `count` runs shown together (both training phases) in `total`: even shares
 * when each is roomy, else `expanded` (the run holding the focus; tab moves it) takes the room
 * and the others keep their header and one chart.
 */
export function paneHeights(total: number, count: number, expanded: number): { height: number; compact: boolean }[] {
  const even = Math.floor(total / Math.max(1, count));
  const rest = total - COMPACT_PANE * (count - 1);
  if (count < 2 || even >= ROOMY_PANE || rest < COMPACT_PANE) {
    return Array.from({ length: count }, (_, i) => ({ height: i === count - 1 ? total - even * (count - 1) : even, compact: false }));
  }
  return Array.from({ length: count }, (_, i) => (i === expanded ? { height: rest, compact: false } : { height: COMPACT_PANE, compact: true }));
}

/**
 * Lines for the staged-bytes chart in a pane of `lines`: in the file list from 20 lines, beside the
 * egress panel from 40 (below that the training's charts need them more); 0 for none.
 */
export function egressChartHeight(lines: number, where: 'list' | 'panel'): number {
  if (where === 'list') return lines >= 20 ? Math.min(12, Math.floor(lines * 0.4)) : 0;
  return lines >= 40 ? Math.min(10, Math.floor(lines / 5)) : 0;
}
