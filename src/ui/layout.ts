// Every height on screen, and where the panels go, for a given pane size: the screen model and
// the panes read their sizes from here and decide none themselves. Pure, so every size can be tested.
import { isFaceted, panelLines } from '../chart/draw-panel.js';
import { formatNumber } from '../chart/format.js';
import type { EgressState } from '../model/egress.js';
import { hasQueue } from '../model/egress-queue.js';
import { packLegend, type PackedLegend } from '../model/legend-fit.js';
import type { Panel, PanelId } from '../model/panels.js';

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

/** Lines a panel draws on in a box `height` lines tall (title included): the layout gives the rest to another. */
export type PanelUse = (id: PanelId, width: number, height: number) => number;

/**
 * Rows shrunk to what their panels draw on, and the lines that frees given, a few at a time, to
 * the row that draws more with them: a collapsed panel first (it shows its values, or becomes a
 * chart), then in order. No blank line stays while a panel could use it.
 */
function settle(rows: PanelBox[][], use: PanelUse): PanelBox[][] {
  const need = (row: PanelBox[], h: number) => Math.min(h, Math.max(1, ...row.map((b) => use(b.id, b.width, h))));
  const heights = rows.map((row) => need(row, row[0].height));
  let spare = rows.reduce((n, row, i) => n + row[0].height - heights[i], 0);
  while (spare > 0) {
    const order = rows.map((_, i) => i).sort((a, b) => Number(heights[a] > 1) - Number(heights[b] > 1) || a - b);
    let grown = false;
    for (const i of order) {
      for (let more = 1; more <= spare && !grown; more++) {
        const h = need(rows[i], heights[i] + more);
        if (h > heights[i]) {
          spare -= h - heights[i];
          heights[i] = h;
          grown = true;
        }
      }
      if (grown) break;
    }
    if (!grown) break;
  }
  return rows.map((row, i) => row.map((b) => ({ ...b, height: heights[i] })));
}

/**
 * Panels in `height` lines (the pane minus header, status and footer). With `use`, each row
 * keeps only the lines its panels draw on and the rest go to a panel that needs them.
 */
export function layoutPanels(cols: number, height: number, ids: readonly PanelId[], focus: PanelId | null, use?: PanelUse): PanelBox[][] {
  const rows = shareRows(cols, height, ids, focus);
  return use ? settle(rows, use) : rows;
}

function shareRows(cols: number, height: number, ids: readonly PanelId[], focus: PanelId | null): PanelBox[][] {
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
export function paneHeights(total: number, count: number, expanded: number, compactLines: readonly number[] = []): { height: number; compact: boolean }[] {
  const even = Math.floor(total / Math.max(1, count));
  if (count < 2 || even >= ROOMY_PANE || total - COMPACT_PANE * (count - 1) < COMPACT_PANE) {
    return Array.from({ length: count }, (_, i) => ({ height: i === count - 1 ? total - even * (count - 1) : even, compact: false }));
  }
  // A compact pane keeps only the lines it draws on (`compactLines`): the run with the room gets the rest.
  const compact = Array.from({ length: count }, (_, i) => Math.max(HEADER_LINES + 1, Math.min(COMPACT_PANE, compactLines[i] ?? COMPACT_PANE)));
  const rest = total - compact.reduce((n, h, i) => n + (i === expanded ? 0 : h), 0);
  return compact.map((h, i) => (i === expanded ? { height: rest, compact: false } : { height: h, compact: true }));
}

/** Lines a compact pane draws on: its `fixed` lines (header, a TensorBoard run's egress line) and its first panel. */
export function compactPaneLines(fixed: number, first: Panel | undefined, width: number): number {
  return first ? fixed + panelUse(first, width, COMPACT_PANE - fixed, titleWidth(first, [])) : fixed;
}

/**
 * Lines for the staged-bytes chart in a pane of `lines`: in the file list from 20 lines, beside the
 * egress panel from 40 (below that the training's charts need them more); 0 for none.
 */
export function egressChartHeight(lines: number, where: 'list' | 'panel'): number {
  if (where === 'list') return lines >= 20 ? Math.min(12, Math.floor(lines * 0.4)) : 0;
  return lines >= 40 ? Math.min(10, Math.floor(lines / 5)) : 0;
}

/** Lines the egress panel takes: 1 with no wandb run, 2 with only candidates, 4 for an online run (its queue), else 3. */
export function egressPanelHeight(s: EgressState | null): number {
  if (s?.run) return hasQueue(s) ? 4 : 3;
  return s?.candidates.length ? 2 : 1;
}

/** A GPU's line in the compact form (several side by side), and the width from which one wide line each fits. */
export const GPU_COMPACT_WIDTH = 36;
const GPU_WIDE_MIN = 100;

export interface GpuGrid {
  form: 'wide' | 'compact';
  perRow: number;
  /** Lines of GPUs (each holds perRow of them). */
  lines: number;
}

/**
 * Wide lines, one GPU each, when they fit; else compact ones side by side (8 GPUs fit 80x24).
 * `compact`: several hosts share the panel, each in the compact form.
 */
export function gpuGrid(count: number, width: number, maxLines: number, compact: boolean): GpuGrid {
  const wide = !compact && width >= GPU_WIDE_MIN && count + 1 <= maxLines;
  const perRow = wide ? 1 : Math.max(1, Math.min(count, Math.floor((width + 3) / (GPU_COMPACT_WIDTH + 3))));
  return { form: wide ? 'wide' : 'compact', perRow, lines: Math.ceil(count / perRow) };
}

/** Lines a GPU panel takes: its title, its GPUs' lines and up to two alerts, within maxLines. */
export function gpuPanelHeight(count: number, alerts: number, width: number, maxLines: number, compact = false): number {
  return Math.min(maxLines, 1 + gpuGrid(count, width, maxLines, compact).lines + Math.min(2, alerts));
}

export interface ScreenSize {
  columns: number;
  rows: number;
  /** Lines saying a host's connection is down, above everything. */
  links: number;
  /** Each GPU panel's GPUs and alerts (one panel per host). */
  gpus: readonly { count: number; alerts: number }[];
  /** An overlay that takes the GPU panels' lines (`g` shows the GPUs in the body, `?` the whole key table). */
  gpuDetail: boolean;
  /** Runs shown together, and which of them has the focus (it gets the room). */
  panes: number;
  expanded: number;
  /** Lines each run draws on when it is kept compact (see compactPaneLines). */
  compactLines?: readonly number[];
}

export interface ScreenHeights {
  /** Lines for the runs (or the overlay that covers them). */
  body: number;
  gpus: number[];
  panes: { height: number; compact: boolean }[];
}

/** The screen from the top: connection lines, the body, the GPU panels, then CHROME_LINES. */
export function screenHeights(s: ScreenSize): ScreenHeights {
  const available = Math.max(0, s.rows - CHROME_LINES - s.links);
  // Two runs on screen need the lines more than the GPU rows do (g shows them all).
  const gpuMax = Math.max(1, Math.floor(available / (s.panes > 1 ? 6 : 3)));
  const several = s.gpus.length > 1;
  const each = several ? Math.max(1, Math.floor(gpuMax / s.gpus.length)) : gpuMax;
  const gpus = s.gpus.map((g) => (s.gpuDetail ? 0 : gpuPanelHeight(g.count, g.alerts, s.columns, each, several)));
  const body = available - gpus.reduce((a, b) => a + b, 0);
  return { body, gpus, panes: paneHeights(body, s.panes, s.expanded, s.compactLines) };
}

/** Lines in a run's pane below its training view: the staged-bytes chart and the egress panel. */
export function egressParts(height: number, compact: boolean, egress: EgressState | null, chart: boolean): { chart: number; panel: number } {
  const panel = compact ? 0 : Math.min(egressPanelHeight(egress), Math.max(0, height - 6));
  return { panel, chart: chart && panel > 0 ? egressChartHeight(height, 'panel') : 0 };
}

/** From this width SB3's train/* table stands beside the charts. */
const TABLE_SIDE_BY_SIDE = 150;
/** Two columns from this width when one does not hold every row. */
export const TABLE_TWO_COLUMNS = 72;
/** Lines the charts get before the table takes two columns; never fewer than MIN_CHART. */
const MIN_CHART_LINES = 7;

export interface TbPaneSize {
  height: number;
  width: number;
  /** Lines of PPO alerts shown under the header. */
  alerts: number;
  /** Rows of the train/* table (0: none). */
  rows: number;
  /** A focused table row is charted too. */
  tagChart: boolean;
}

export interface TbPaneParts {
  charts: { width: number; height: number };
  table: { width: number; height: number; side: boolean };
}

/**
 * A TensorBoard pane below its header, its egress line and its alerts: the table is what the
 * training-side dashboard shows, so it gets its rows first and the charts the rest; in two columns
 * when one would take the charts' lines (80x24 with a GPU panel); beside the charts when wide.
 */
export function tbPaneParts(p: TbPaneSize): TbPaneParts {
  const body = Math.max(0, p.height - HEADER_LINES - 1 - p.alerts);
  const side = p.rows > 0 && p.width >= TABLE_SIDE_BY_SIDE;
  if (side) {
    const width = Math.min(70, Math.floor(p.width * 0.45));
    return { charts: { width: p.width - width - 1, height: body }, table: { width, height: Math.min(body, p.rows + 1), side } };
  }
  const oneColumn = p.rows + 1;
  const chartLines = MIN_CHART_LINES * (p.tagChart ? 2 : 1);
  const needed = body - chartLines >= oneColumn || p.width < TABLE_TWO_COLUMNS ? oneColumn : Math.ceil(p.rows / 2) + 1;
  const table = p.rows ? Math.min(needed, Math.max(3, body - MIN_CHART)) : 0;
  return { charts: { width: p.width, height: body - table }, table: { width: p.width, height: table, side } };
}

/** Characters before the legend on a panel's title line: the focus mark, the title, its tags and its style note. */
export function titleWidth(panel: Panel, tags: readonly string[]): number {
  return 2 + panel.title.length + (tags.length ? 3 + tags.join(',').length : 0) + (panel.styleNote ? 1 + panel.styleNote.length : 0);
}

/** Lines a one-series-set chart needs under its legend to say anything (two rows of braille and its x axis). */
const MIN_CHART_AREA = 3;
/** Legend values in 6 characters, or in 4 when that is what fits (never cut). */
const LEGEND_FORMATS = [(v: number | null) => formatNumber(v, 6), (v: number | null) => formatNumber(v, 4)];

export interface PanelParts {
  /** The legend with its values, its first line beside the title; null: the title alone (small multiples say their values). */
  legend: PackedLegend | null;
  /** The colour key beside small multiples (metrics: a colour a metric). */
  key: boolean;
  /** Lines for the chart (0: none, the values say it). */
  chart: number;
}

/**
 * A panel in `height` lines (its title's first `head` characters taken): its values come before
 * its chart. Small multiples carry their values in their titles; a panel too small for them, or
 * a single chart, shows its legend with values, wrapped, and draws its chart only where at least
 * MIN_CHART_AREA lines are left under the whole legend.
 */
export function panelParts(panel: Panel, width: number, height: number, head: number): PanelParts {
  const faceted = isFaceted(panel);
  if (faceted && height > 1) return { legend: null, key: panel.keyBesideFacets === true, chart: height - 1 };
  const pack = (lines: number) => packLegend(panel.legend, width - head, width, lines, LEGEND_FORMATS);
  const room = height - MIN_CHART_AREA;
  const withChart = !faceted && room >= 1 ? pack(room) : null;
  if (withChart?.hidden === 0) return { legend: withChart, key: false, chart: height - withChart.lines.length };
  const all = pack(height);
  // More series than lines can name: the chart, with as many values as fit and how many did not.
  if (withChart && all.hidden > 0) return { legend: withChart, key: false, chart: height - withChart.lines.length };
  return { legend: all, key: false, chart: 0 };
}

/** The lines a panel draws on in `height` (see PanelUse). */
export function panelUse(panel: Panel, width: number, height: number, head: number): number {
  if (height <= 0) return 0;
  const parts = panelParts(panel, width, height, head);
  if (parts.chart === 0) return parts.legend?.lines.length ?? 1;
  return height - parts.chart + panelLines(panel, width, parts.chart);
}
