// Small multiples: one small chart per facet (a loss component), each with its own y scale,
// laid out in a grid. Pure, like renderChart.
import { renderChart, type ChartLine, type ChartOptions, type ChartSeries } from './braille.js';

export interface Facet {
  title: string;
  color: string;
  series: readonly ChartSeries[];
}

export const MIN_FACET_WIDTH = 24;
export const MIN_FACET_HEIGHT = 5;

/** The grid, or null when the facets cannot each get MIN_FACET_WIDTH x MIN_FACET_HEIGHT. */
export function facetGrid(n: number, width: number, height: number): { cols: number; rows: number } | null {
  if (n === 0) return null;
  const cols = Math.min(n, Math.floor((width + 1) / (MIN_FACET_WIDTH + 1)));
  if (cols < 1) return null;
  const rows = Math.ceil(n / cols);
  return Math.floor(height / rows) >= MIN_FACET_HEIGHT ? { cols, rows } : null;
}

export function renderFacets(facets: readonly Facet[], opts: ChartOptions): ChartLine[] | null {
  const grid = facetGrid(facets.length, opts.width, opts.height);
  if (!grid) return null;
  const fw = Math.floor((opts.width + 1) / grid.cols) - 1;
  const fh = Math.floor(opts.height / grid.rows);
  const lines: ChartLine[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const row = facets.slice(r * grid.cols, (r + 1) * grid.cols).map((f) => {
      const title = ` ${f.title}`.slice(0, fw).padEnd(fw);
      return [[{ text: title, color: f.color }], ...renderChart(f.series, { ...opts, width: fw, height: fh - 1 })];
    });
    for (let i = 0; i < fh; i++) {
      const line: ChartLine = [];
      row.forEach((cell, c) => {
        if (c > 0) line.push({ text: ' ' });
        line.push(...cell[i]);
      });
      const used = row.length * (fw + 1) - 1;
      if (used < opts.width) line.push({ text: ' '.repeat(opts.width - used) });
      lines.push(line);
    }
  }
  while (lines.length < opts.height) lines.push([{ text: ' '.repeat(opts.width) }]);
  return lines;
}
