// `aigp-watch export --png`: every panel of a run in one picture, a chart per panel (per facet) in a grid,
// with title, axes, legend and the best epoch marked; with a wandb run, how its staged bytes grew.
import { EGRESS_PANEL_ID } from '../model/egress-chart.js';
import type { Panel } from '../model/panels.js';
import { canvasKit, drawChart, FONT, gridColumns, PAPER, withinFacet, type ChartSpec } from '../chart/picture.js';

export interface PngOptions {
  width: number;
  height: number;
  title: string;
  /** x of the best epoch, marked on every chart but the learning rate and the staged bytes. */
  marker: number | null;
  xLabel: string;
}

export async function renderPng(panels: readonly Panel[], o: PngOptions): Promise<Buffer> {
  const k = await canvasKit();
  const canvas = k.createCanvas(o.width, o.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = PAPER.background ?? '#ffffff';
  ctx.fillRect(0, 0, o.width, o.height);
  ctx.fillStyle = PAPER.text;
  ctx.font = `bold 20px "${FONT}"`;
  ctx.fillText(o.title, 16, 30);
  const top = 44;
  const charts = panels.flatMap((panel) => chartsOf(panel, o));
  const cols = gridColumns(charts.length, o.width, o.height - top);
  const rows = Math.max(1, Math.ceil(charts.length / cols));
  const cw = Math.floor(o.width / cols);
  const ch = Math.floor((o.height - top) / rows);
  charts.forEach((spec, i) => {
    drawChart(k, spec, ctx, { x: (i % cols) * cw, y: top + Math.floor(i / cols) * ch, w: cw, h: ch }, PAPER);
  });
  return canvas.toBuffer('image/png');
}

/** A panel's charts: one per facet (each on its own scale, as in the terminal), else one. */
function chartsOf(panel: Panel, o: PngOptions): ChartSpec[] {
  const marker = panel.id === 'lr' || panel.id === EGRESS_PANEL_ID ? null : o.marker;
  const title = `${panel.title}${panel.styleNote ? ` (${panel.styleNote})` : ''}`;
  if (panel.facets && panel.facets.length > 1) {
    // The title names the facet: the legend says what differs within it (train/val, the metric), or nothing.
    return panel.facets.map((f) => ({
      title: `${title}: ${f.entry.label}`, xLabel: o.xLabel, marker, legend: f.series.length > 1,
      series: f.series.map((x) => ({ ...x, label: withinFacet(x.label, f.entry.label) })),
    }));
  }
  return [{ title, series: panel.series, xLabel: o.xLabel, marker }];
}
