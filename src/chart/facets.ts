// Small multiples: one small chart per facet (a loss component), each with its own y scale,
// laid out in a grid; where the grid does not fit, one braille strip a facet. Pure, like renderChart.
import { fromAxis, plotBox, plotRows, renderChart, type ChartLine, type ChartOptions, type ChartSeries, type PlotBox } from './braille.js';
import { formatNumber } from './format.js';
import { fitNumbers } from '../model/fit-text.js';

export interface Facet {
  title: string;
  color: string;
  series: readonly ChartSeries[];
}

export const MIN_FACET_WIDTH = 24;
export const MIN_FACET_HEIGHT = 5;
/** A strip: its title, at least a few cells of braille and its own y range. */
export const MIN_STRIP_WIDTH = 30;

/** The grid, or null when the facets cannot each get MIN_FACET_WIDTH x MIN_FACET_HEIGHT. */
export function facetGrid(n: number, width: number, height: number): { cols: number; rows: number } | null {
  if (n === 0) return null;
  const cols = Math.min(n, Math.floor((width + 1) / (MIN_FACET_WIDTH + 1)));
  if (cols < 1) return null;
  const rows = Math.ceil(n / cols);
  return Math.floor(height / rows) >= MIN_FACET_HEIGHT ? { cols, rows } : null;
}

/** Small multiples in `opts.width` x `opts.height`: charts when they fit, else strips. */
export function renderFacets(facets: readonly Facet[], opts: ChartOptions): ChartLine[] {
  const grid = facetGrid(facets.length, opts.width, opts.height);
  return grid ? renderGrid(facets, grid, opts) : renderStrips(facets, opts);
}

function joinRow(cells: ChartLine[], width: number, used: number): ChartLine {
  const line: ChartLine = [];
  cells.forEach((cell, c) => {
    if (c > 0) line.push({ text: ' ' });
    line.push(...cell);
  });
  if (used < width) line.push({ text: ' '.repeat(width - used) });
  return line;
}

function renderGrid(facets: readonly Facet[], grid: { cols: number; rows: number }, opts: ChartOptions): ChartLine[] {
  const fw = Math.floor((opts.width + 1) / grid.cols) - 1;
  const fh = Math.floor(opts.height / grid.rows);
  const lines: ChartLine[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const row = facets.slice(r * grid.cols, (r + 1) * grid.cols).map((f) => {
      const title = ` ${fitNumbers(f.title, fw - 1)}`.padEnd(fw);
      return [[{ text: title, color: f.color }], ...renderChart(f.series, { ...opts, width: fw, height: fh - 1 })];
    });
    for (let i = 0; i < fh; i++) lines.push(joinRow(row.map((cell) => cell[i]), opts.width, row.length * (fw + 1) - 1));
  }
  while (lines.length < opts.height) lines.push([{ text: ' '.repeat(opts.width) }]);
  return lines;
}

interface StripScale {
  facet: Facet;
  box: PlotBox | null;
  lo: string;
  hi: string;
}

function stripScale(f: Facet, opts: ChartOptions): StripScale {
  const box = plotBox(f.series, opts);
  if (!box) return { facet: f, box: null, lo: '', hi: '' };
  const label = (y: number) => formatNumber(fromAxis(box.scale, y), 6);
  return { facet: f, box, lo: label(box.yLo), hi: label(box.yHi) };
}

/** Its range beside each plot row: "lo…hi" on a one-row strip, else hi on the first and lo on the last. */
function scaleLabels(s: StripScale, rows: number): string[] {
  if (rows === 1) return [s.box ? `${s.lo}…${s.hi}` : ''];
  return Array.from({ length: rows }, (_, i) => (i === 0 ? s.hi : i === rows - 1 ? s.lo : ''));
}

/**
 * A facet in `height` lines of `width`: from 3 lines its title on a line of its own above the
 * braille, else beside it in `titleW`; its series on its own scale, that scale on the right.
 */
function strip(s: StripScale, height: number, titleW: number, scaleW: number, width: number, opts: ChartOptions): ChartLine[] {
  const above = height >= 3;
  const plotH = above ? height - 1 : height;
  const lead = above ? 0 : titleW;
  const title = { text: ` ${fitNumbers(s.facet.title, (above ? width : titleW) - 2)}`.padEnd(above ? width : titleW), color: s.facet.color };
  const pad = { text: ' '.repeat(lead) };
  if (!s.box) {
    const empty = { text: ' no data yet'.padEnd(width - lead).slice(0, width - lead), color: opts.axisColor };
    return above ? [[title], [empty]] : [[title, empty]];
  }
  const plotW = Math.max(1, width - lead - 2 - scaleW);
  const { rows } = plotRows(s.facet.series, s.box, plotW, plotH, { ...opts, marker: null });
  const labels = scaleLabels(s, plotH);
  const plot = rows.map((row, i): ChartLine => [
    !above && i === 0 ? title : pad,
    { text: '│', color: opts.axisColor }, ...row, { text: ` ${labels[i].padEnd(scaleW)}`, color: opts.axisColor },
  ]);
  return above ? [[title], ...plot] : plot;
}

/**
 * Columns and lines per strip: the layout that gives the braille the most cells (a title beside
 * a strip takes its width, one above it a line), in as few columns as give that.
 */
function stripLayout(n: number, width: number, height: number, titleLen: number): { cols: number; each: number } {
  const fit = Math.max(1, Math.floor((width + 1) / (MIN_STRIP_WIDTH + 1)));
  let best = { cols: Math.min(fit, Math.ceil(n / height)), each: 1 };
  let bestArea = 0;
  for (let cols = 1; cols <= fit; cols++) {
    const each = Math.floor(height / Math.ceil(n / cols));
    if (each < 1) continue;
    const sw = Math.floor((width + 1) / cols) - 1;
    const beside = each < 3 ? Math.min(Math.floor(sw / 2), titleLen) : 0;
    const area = Math.max(0, sw - beside - 2 - (each === 1 ? 13 : 6)) * (each < 3 ? each : each - 1);
    if (area > bestArea) {
      best = { cols, each };
      bestArea = area;
    }
  }
  return best;
}

/** The strips' columns, lines each and how many places they have (one per facet, or the last saying how many more). */
function stripPlan(facets: readonly Pick<Facet, 'title'>[], width: number, height: number): { cols: number; each: number; room: number } {
  const { cols, each } = stripLayout(facets.length, width, height, Math.max(...facets.map((f) => f.title.length + 2)));
  return { cols, each, room: cols * Math.floor(height / each) };
}

/**
 * Lines of `height` that renderFacets draws something on (it pads the rest blank): a grid's rows
 * of charts, or the strips' rows. The layout gives the rest to a panel that needs it.
 */
export function facetLines(facets: readonly Pick<Facet, 'title'>[], width: number, height: number): number {
  if (facets.length === 0 || height < 1) return 0;
  const grid = facetGrid(facets.length, width, height);
  if (grid) return grid.rows * Math.floor(height / grid.rows);
  const { cols, each, room } = stripPlan(facets, width, height);
  return Math.min(height, Math.ceil(Math.min(facets.length, room) / cols) * each);
}

function renderStrips(facets: readonly Facet[], opts: ChartOptions): ChartLine[] {
  const height = Math.max(1, opts.height);
  const { cols, each, room } = stripPlan(facets, opts.width, height);
  // What does not fit is said, never dropped silently: the last place names how many are left.
  const shown = (facets.length > room ? facets.slice(0, room - 1) : facets).map((f) => stripScale(f, opts));
  const sw = Math.floor((opts.width + 1) / cols) - 1;
  const titleW = Math.min(Math.floor(sw / 2), Math.max(...shown.map((s) => s.facet.title.length + 2)));
  const scaleW = Math.min(Math.floor(sw / 3), Math.max(...shown.flatMap((s) => scaleLabels(s, each >= 3 ? each - 1 : each).map((l) => l.length))));
  const cells: ChartLine[][] = shown.map((s) => strip(s, each, titleW, scaleW, sw, opts));
  if (shown.length < facets.length) cells.push([[{ text: ` +${facets.length - shown.length} more (tab: room)`.slice(0, sw), color: opts.axisColor }]]);
  const perCol = Math.ceil(cells.length / cols);
  const lines: ChartLine[] = [];
  for (let r = 0; r < height; r++) {
    const k = Math.floor(r / each);
    const row = k >= perCol ? [] : Array.from({ length: cols }, (_, c) => cells[c * perCol + k]?.[r % each] ?? (cells[c * perCol + k] ? [] : undefined))
      .filter((x): x is ChartLine => x !== undefined);
    const padded = row.map((cell) => fitCell(cell, sw));
    lines.push(row.length ? joinRow(padded, opts.width, row.length * (sw + 1) - 1) : [{ text: ' '.repeat(opts.width) }]);
  }
  return lines;
}

/** Exactly `width` characters: padded, or cut at the end. */
function fitCell(line: ChartLine, width: number): ChartLine {
  const out: ChartLine = [];
  let left = width;
  for (const seg of line) {
    const chars = [...seg.text].slice(0, left);
    if (chars.length) out.push({ ...seg, text: chars.join('') });
    left -= chars.length;
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}
