// A model panel as chart lines: small multiples when the panel has facets and they fit,
// else one chart with every series.
import type { Panel } from '../model/panels.js';
import { renderChart, type ChartLine, type ChartOptions } from './braille.js';
import { renderFacets } from './facets.js';
import { formatNumber } from './format.js';

export function drawPanel(panel: Panel, opts: ChartOptions): { lines: ChartLine[]; faceted: boolean } {
  if (panel.facets && panel.facets.length > 1) {
    const lines = renderFacets(
      panel.facets.map((f) => ({
        title: `${f.entry.label} ${f.entry.values.map((v) => formatNumber(v, 6)).join('/')}`,
        color: f.entry.color,
        series: f.series,
      })),
      opts,
    );
    if (lines) return { lines, faceted: true };
  }
  return { lines: renderChart(panel.series, opts), faceted: false };
}
