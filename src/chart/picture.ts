// Charts as pictures: chart.js drawing on @napi-rs/canvas (prebuilt, no system libraries). The
// font ships with the package (dejavu-fonts-ttf), so hosts without system fonts draw text too.
// Loaded lazily (its own chunk): the braille TUI never pays for it.
import { createRequire } from 'node:module';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Panel, PanelSeries } from '../model/panels.js';
import { decimate, fromAxis, plotBox, toAxis, type PlotBox } from './braille.js';
import { formatNumber } from './format.js';

export const FONT = 'DejaVu Sans';

export interface Style {
  /** null: transparent, for a picture inside a terminal of any colour scheme. */
  background: string | null;
  text: string;
  grid: string;
  /** Palette colours replaced on this background (Okabe–Ito's yellow is unreadable on white). */
  recolor?: Readonly<Record<string, string>>;
}

export const PAPER: Style = { background: '#ffffff', text: '#111111', grid: 'rgba(0,0,0,0.1)', recolor: { '#F0E442': '#A89A00' } };
export const TERMINAL: Style = { background: null, text: '#a8a8a8', grid: 'rgba(160,160,160,0.22)' };

export interface ChartSpec {
  title: string;
  series: readonly Pick<PanelSeries, 'label' | 'xs' | 'ys' | 'color' | 'dotted'>[];
  xLabel: string;
  /** An x to mark with a dashed line (the best epoch). */
  marker: number | null;
  logY?: boolean;
  /** Fit y to the 5th–95th percentile, as the braille charts do. */
  ignoreOutliers?: boolean;
  xMin?: number;
  xMax?: number;
  legend?: boolean;
}

type Kit = Awaited<ReturnType<typeof loadKit>>;
let kit: Promise<Kit> | null = null;

async function loadKit() {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  const { Chart, registerables, BasicPlatform } = await import('chart.js');
  Chart.register(...registerables);
  const require = createRequire(import.meta.url);
  if (!GlobalFonts.has(FONT)) GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT);
  Chart.defaults.font.family = FONT;
  return { createCanvas, Chart, BasicPlatform };
}

export function canvasKit(): Promise<Kit> {
  kit ??= loadKit();
  return kit;
}

/**
 * The y bounds chart.js should use when only part of the data counts (an x window, outliers
 * ignored): the braille charts' fit, so both show the same. Else chart.js picks round ones.
 */
function yBounds(spec: ChartSpec, box: PlotBox | null): { min?: number; max?: number } {
  if (!box || (!spec.ignoreOutliers && spec.xMin === undefined && spec.xMax === undefined)) return {};
  // symlog is drawn on a linear axis of its own values (chart.js has no symlog scale).
  return box.scale.kind === 'log' ? { min: 10 ** box.yLo, max: 10 ** box.yHi } : { min: box.yLo, max: box.yHi };
}

/**
 * A series' points for chart.js: cut down to what `w` pixels show (first, lowest, highest and last
 * per pixel column: a 300,000-row file is not 300,000 objects), y as the axis of `box` has it.
 */
function points(s: ChartSpec['series'][number], box: PlotBox | null, w: number): { x: number; y: number | null }[] {
  const d = box ? decimate(s, box.xMin, box.xMax, Math.max(1, w)) : s;
  const symlog = box?.scale.kind === 'symlog';
  const out: { x: number; y: number | null }[] = [];
  for (let i = 0; i < d.xs.length; i++) {
    const y = d.ys[i];
    const shown = Number.isFinite(y) && (box?.scale.kind !== 'log' || y > 0);
    out.push({ x: d.xs[i], y: !shown ? null : symlog ? toAxis(box.scale, y) : y });
  }
  return out;
}

/** One chart of `spec`, `w` x `h` pixels, drawn onto `target` at (x, y). */
export function drawChart(k: Kit, spec: ChartSpec, target: SKRSContext2D, at: { x: number; y: number; w: number; h: number }, style: Style): void {
  const { w, h } = at;
  const canvas = k.createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (style.background) {
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, w, h);
  }
  const marker = spec.marker;
  const small = h < 260;
  const box = plotBox(spec.series, spec);
  const scale = box?.scale ?? null;
  const chart = new k.Chart(ctx as unknown as CanvasRenderingContext2D, {
    type: 'line',
    platform: k.BasicPlatform,
    data: {
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: points(s, box, w),
        borderColor: style.recolor?.[s.color] ?? s.color,
        backgroundColor: style.recolor?.[s.color] ?? s.color,
        borderDash: s.dotted ? [6, 4] : [],
        borderWidth: 1.5,
        pointRadius: s.xs.length > 60 ? 0 : 2,
        spanGaps: false,
      })),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      parsing: false,
      color: style.text,
      plugins: {
        title: { display: spec.title !== '', text: spec.title, color: style.text },
        legend: { display: spec.legend ?? true, position: small ? 'right' : 'bottom', labels: { boxWidth: 12, font: { size: 10 }, color: style.text } },
      },
      scales: {
        x: {
          type: 'linear', min: spec.xMin, max: spec.xMax,
          title: { display: !small, text: spec.xLabel, color: style.text },
          ticks: { color: style.text }, grid: { color: style.grid },
        },
        y: {
          type: scale?.kind === 'log' ? 'logarithmic' : 'linear', ...yBounds(spec, box), grid: { color: style.grid },
          ticks: { color: style.text, ...(scale?.kind === 'symlog' ? { callback: (v: number | string) => formatNumber(fromAxis(scale, Number(v)), 7) } : {}) },
        },
      },
    },
    plugins: [{
      id: 'best-epoch',
      afterDraw(c) {
        if (marker === null) return;
        const x = c.scales.x.getPixelForValue(marker);
        if (x < c.chartArea.left || x > c.chartArea.right) return;
        const g = c.ctx;
        g.save();
        g.strokeStyle = style.text;
        g.setLineDash([4, 4]);
        g.beginPath();
        g.moveTo(x, c.chartArea.top);
        g.lineTo(x, c.chartArea.bottom);
        g.stroke();
        g.fillStyle = style.text;
        g.font = `11px "${FONT}"`;
        // Left of the line when the best is near the right edge (the last epoch), not cut off.
        const label = `best ${marker}`;
        const w = g.measureText(label).width;
        g.fillText(label, x + 4 + w > c.chartArea.right ? x - 4 - w : x + 4, c.chartArea.top + 12);
        g.restore();
      },
    }],
  });
  // BasicPlatform sizes the chart from the canvas it was given.
  chart.resize(w, h);
  chart.draw();
  target.drawImage(canvas, at.x, at.y);
  // Only now: destroying a chart clears its canvas.
  chart.destroy();
}

/** A series' name without what its facet's title says: "train/box_loss" in "box" is "train". */
export function withinFacet(label: string, facet: string): string {
  const short = label.replace(/^metrics\//, '').replace(/\([A-Z]\)$/, '');
  const i = short.indexOf(`/${facet}`);
  return i > 0 ? short.slice(0, i) : short;
}

/** Columns for n charts in w x h: charts near a 1.2 aspect, few empty places, none narrower than 160 px. */
export function gridColumns(n: number, w: number, h: number): number {
  let best = 1;
  let bestScore = Infinity;
  for (let cols = 1; cols <= n; cols++) {
    const cw = w / cols;
    if (cols > 1 && cw < 160) break;
    const rows = Math.ceil(n / cols);
    const score = Math.abs(Math.log(cw / (h / rows) / 1.2)) + (rows * cols - n) / n;
    if (score < bestScore) {
      best = cols;
      bestScore = score;
    }
  }
  return best;
}

export interface PanelPicture {
  width: number;
  height: number;
  xLabel: string;
  marker: number | null;
  logY: boolean;
  ignoreOutliers: boolean;
  xMin?: number;
  xMax?: number;
}

/**
 * The focused panel for the terminal: one chart, or its facets side by side (each on its own
 * y scale, as in braille). Encoded off the main thread.
 */
export async function renderPanelPicture(panel: Panel, o: PanelPicture): Promise<Buffer> {
  const k = await canvasKit();
  const base = { xLabel: o.xLabel, marker: o.marker, logY: o.logY, ignoreOutliers: o.ignoreOutliers, xMin: o.xMin, xMax: o.xMax };
  const charts: ChartSpec[] = panel.facets && panel.facets.length > 1
    ? panel.facets.map((f) => ({ ...base, title: f.entry.label, series: f.series.map((x) => ({ ...x, label: withinFacet(x.label, f.entry.label) })), legend: f.series.length > 1 }))
    : [{ ...base, title: '', series: panel.series }];
  const cols = gridColumns(charts.length, o.width, o.height);
  const rows = Math.ceil(charts.length / cols);
  const cw = Math.floor(o.width / cols);
  const ch = Math.floor(o.height / rows);
  const canvas = k.createCanvas(o.width, o.height);
  const ctx = canvas.getContext('2d');
  charts.forEach((spec, i) => {
    drawChart(k, spec, ctx, { x: (i % cols) * cw, y: Math.floor(i / cols) * ch, w: cw, h: ch }, TERMINAL);
  });
  return canvas.encode('png');
}
