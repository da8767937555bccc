// Small multiples: one small chart per facet (a loss component), each with its own y scale,
// laid out in a grid; where the grid does not fit, one braille strip a facet. Pure, like renderChart.
import { plotRows, renderChart, xBounds, yRange, type ChartLine, type ChartOptions, type ChartSeries, type PlotBox } from './braille.js';
import { formatNumber } from './format.js';

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
      const title = ` ${f.title}`.slice(0, fw).padEnd(fw);
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
  scale: string;
}

function stripScale(f: Facet, opts: ChartOptions): StripScale {
  const [xMin, xMax] = xBounds(f.series, opts);
  const range = Number.isFinite(xMin) && Number.isFinite(xMax) ? yRange(f.series, xMin, xMax, opts) : null;
  if (!range) return { facet: f, box: null, scale: '' };
  const label = (y: number) => formatNumber(opts.logY ? 10 ** y : y, 6);
  return { facet: f, box: { xMin, xMax, yLo: range[0], yHi: range[1] }, scale: `${label(range[0])}…${label(range[1])}` };
}

/** One line: the facet's title, its series in one row of braille on its own scale, that scale. */
function strip(s: StripScale, titleW: number, scaleW: number, width: number, opts: ChartOptions): ChartLine {
  const title = { text: ` ${s.facet.title}`.slice(0, titleW - 1).padEnd(titleW), color: s.facet.color };
  const plotW = Math.max(1, width - titleW - 2 - scaleW);
  if (!s.box) return [title, { text: ' no data yet'.padEnd(width - titleW).slice(0, width - titleW), color: opts.axisColor }];
  const { rows } = plotRows(s.facet.series, s.box, plotW, 1, { ...opts, marker: null });
  return [title, { text: '│', color: opts.axisColor }, ...rows[0], { text: ` ${s.scale.padEnd(scaleW)}`, color: opts.axisColor }];
}

function renderStrips(facets: readonly Facet[], opts: ChartOptions): ChartLine[] {
  const height = Math.max(1, opts.height);
  const fit = Math.max(1, Math.floor((opts.width + 1) / (MIN_STRIP_WIDTH + 1)));
  const cols = Math.min(fit, Math.ceil(facets.length / height));
  const room = cols * height;
  // What does not fit is said, never dropped silently: the last place names how many are left.
  const shown = (facets.length > room ? facets.slice(0, room - 1) : facets).map((f) => stripScale(f, opts));
  const sw = Math.floor((opts.width + 1) / cols) - 1;
  const titleW = Math.min(Math.floor(sw / 2), Math.max(...shown.map((s) => s.facet.title.length + 2)));
  const scaleW = Math.min(Math.floor(sw / 3), Math.max(...shown.map((s) => s.scale.length)));
  const cells: ChartLine[] = shown.map((s) => strip(s, titleW, scaleW, sw, opts));
  if (shown.length < facets.length) cells.push([{ text: ` +${facets.length - shown.length} more (tab: room)`.slice(0, sw), color: opts.axisColor }]);
  const perCol = Math.ceil(cells.length / cols);
  const lines: ChartLine[] = [];
  for (let r = 0; r < height; r++) {
    const row = r >= perCol ? [] : Array.from({ length: cols }, (_, c) => cells[c * perCol + r]).filter((x): x is ChartLine => x !== undefined);
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
