// A model panel as chart lines: small multiples when the panel has facets (charts or strips,
// each facet on its own scale), else one chart with every series.
import type { Panel } from '../model/panels.js';
import { renderChart, type ChartLine, type ChartOptions } from './braille.js';
import { renderFacets } from './facets.js';
import { formatNumber } from './format.js';

function facetTitle(label: string, values: readonly (number | null)[]): string {
  return values.length ? `${label} ${values.map((v) => formatNumber(v, 6)).join('/')}` : label;
}

export function drawPanel(panel: Panel, opts: ChartOptions): { lines: ChartLine[]; faceted: boolean } {
  if (panel.facets && panel.facets.length > 1) {
    const lines = renderFacets(
      panel.facets.map((f) => ({ title: facetTitle(f.entry.label, f.entry.values), color: f.entry.color, series: f.series })),
      opts,
    );
    return { lines, faceted: true };
  }
  return { lines: renderChart(panel.series, opts), faceted: false };
}
