// A model panel as chart lines: small multiples when the panel has facets (charts or strips,
// each facet on its own scale), else one chart with every series.
import type { Panel } from '../model/panels.js';
import { renderChart, type ChartLine, type ChartOptions } from './braille.js';
import { facetLines, renderFacets, type Facet } from './facets.js';
import { formatNumber } from './format.js';

function facetTitle(label: string, values: readonly (number | null)[]): string {
  return values.length ? `${label} ${values.map((v) => formatNumber(v, 6)).join('/')}` : label;
}

/** A panel's small multiples, titled with their values; null when it is one chart. */
function facetsOf(panel: Panel): Facet[] | null {
  if (!panel.facets || panel.facets.length < 2) return null;
  return panel.facets.map((f) => ({ title: facetTitle(f.entry.label, f.entry.values), color: f.entry.color, series: f.series }));
}

export function drawPanel(panel: Panel, opts: ChartOptions): { lines: ChartLine[]; faceted: boolean } {
  const facets = facetsOf(panel);
  return facets ? { lines: renderFacets(facets, opts), faceted: true } : { lines: renderChart(panel.series, opts), faceted: false };
}

/** Lines of a `width` x `height` chart area that drawPanel draws something on: one chart fills them all. */
export function panelLines(panel: Panel, width: number, height: number): number {
  const facets = facetsOf(panel);
  return facets ? facetLines(facets, width, height) : Math.max(0, height);
}

/** Whether the panel is drawn as small multiples (each its own chart, titled with its values). */
export function isFaceted(panel: Panel): boolean {
  return (panel.facets?.length ?? 0) > 1;
}
