// Line charts drawn in braille (2x4 dots a cell): a pure function from series and a size to
// exactly `height` lines of exactly `width` characters, as coloured segments.
import { formatNumber } from './format.js';

export interface ChartSeries {
  label: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  dotted?: boolean;
}

export interface ChartOptions {
  width: number;
  height: number;
  /** A log y axis: log10 where every value is above 0, else symlog (values at or below 0 are drawn too). */
  logY?: boolean;
  /** Fit the y range to the 5th–95th percentile, as TensorBoard's "ignore outliers". */
  ignoreOutliers?: boolean;
  xMin?: number;
  xMax?: number;
  /** An x to mark with a dim vertical line and a ▲ on the axis (the best epoch). */
  marker?: number | null;
  markerColor?: string;
  axisColor?: string;
  /** How x values are written on the axis (seconds as "-5m"); numbers by default. */
  xLabel?: (x: number) => string;
}

export interface Segment {
  text: string;
  color?: string;
}

export type ChartLine = Segment[];

const DOT = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

// Series are immutable (a store's snapshot, a panel built once per snapshot): what is worked out
// from one is kept with it, so frames that redraw the same series do not walk 100,000 points again.
const extents = new WeakMap<ChartSeries, [number, number]>();
const decimated = new WeakMap<ChartSeries, { key: string; series: ChartSeries }>();

function extent(s: ChartSeries): [number, number] {
  let e = extents.get(s);
  if (!e) {
    e = [Infinity, -Infinity];
    const xs = s.xs;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] < e[0]) e[0] = xs[i];
      if (xs[i] > e[1]) e[1] = xs[i];
    }
    extents.set(s, e);
  }
  return e;
}

/**
 * How y values are placed on the axis. A log axis is log10 while every value drawn is above 0;
 * with values at or below 0 it is symlog, sign(y)·log10(1 + |y|/c): logarithmic away from 0,
 * linear within c of it, so a negative loss is drawn where it is, not dropped.
 */
export interface YScale {
  kind: 'linear' | 'log' | 'symlog';
  /** symlog's linear threshold. */
  c: number;
}

export const LINEAR: YScale = { kind: 'linear', c: 1 };

export function toAxis(scale: YScale, y: number): number {
  if (scale.kind === 'linear') return y;
  if (scale.kind === 'log') return y > 0 ? Math.log10(y) : NaN;
  return Math.sign(y) * Math.log10(1 + Math.abs(y) / scale.c);
}

export function fromAxis(scale: YScale, v: number): number {
  if (scale.kind === 'linear') return v;
  if (scale.kind === 'log') return 10 ** v;
  return Math.sign(v) * scale.c * (10 ** Math.abs(v) - 1);
}

/** The y scale for the finite values in [xMin, xMax]: linear, or with logY log10 or symlog (see YScale). */
function yScale(series: readonly ChartSeries[], xMin: number, xMax: number, logY: boolean | undefined): YScale {
  if (!logY) return LINEAR;
  let least = Infinity;
  let most = 0;
  let nonPositive = false;
  for (const raw of series) {
    const s = decimateOnce(raw, xMin, xMax);
    for (let i = 0; i < s.ys.length; i++) {
      const y = s.ys[i];
      const x = s.xs[i];
      if (!Number.isFinite(y) || !(x >= xMin && x <= xMax)) continue;
      if (y <= 0) nonPositive = true;
      const a = Math.abs(y);
      if (a > 0 && a < least) least = a;
      if (a > most) most = a;
    }
  }
  if (!nonPositive) return { kind: 'log', c: 1 };
  // Linear within the smallest size drawn, but never over more than 4 of the decades shown.
  return { kind: 'symlog', c: least === Infinity ? 1 : Math.max(least, most * 1e-4) };
}

/** The x range shown: the options' bounds, else the data's. Infinite when there is no data. */
function xBounds(series: readonly ChartSeries[], opts: Pick<ChartOptions, 'xMin' | 'xMax'>): [number, number] {
  let xMin = opts.xMin ?? Infinity;
  let xMax = opts.xMax ?? -Infinity;
  if (opts.xMin === undefined || opts.xMax === undefined) {
    for (const s of series) {
      const [lo, hi] = extent(s);
      if (opts.xMin === undefined && lo < xMin) xMin = lo;
      if (opts.xMax === undefined && hi > xMax) xMax = hi;
    }
  }
  return [xMin, xMax];
}

/** The y range of the points in [xMin, xMax] on the axis of `scale`, padded when flat (never past the largest double). */
function yRange(series: readonly ChartSeries[], xMin: number, xMax: number, scale: YScale, opts: Pick<ChartOptions, 'ignoreOutliers'>): [number, number] | null {
  const ys: number[] = [];
  for (const raw of series) {
    const s = decimateOnce(raw, xMin, xMax);
    for (let i = 0; i < s.ys.length; i++) {
      const x = s.xs[i];
      const y = toAxis(scale, s.ys[i]);
      if (x >= xMin && x <= xMax && Number.isFinite(y)) ys.push(y);
    }
  }
  if (ys.length === 0) return null;
  ys.sort((a, b) => a - b);
  let lo = ys[0];
  let hi = ys[ys.length - 1];
  if (opts.ignoreOutliers && ys.length >= 10) {
    lo = quantile(ys, 0.05);
    hi = quantile(ys, 0.95);
  }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(hi) * 0.1 || 1;
    return [Math.max(-Number.MAX_VALUE, lo - pad), Math.min(Number.MAX_VALUE, hi + pad)];
  }
  return [lo, hi];
}

/**
 * A long series cut down to what `buckets` columns can show: per column the first, lowest,
 * highest and last point (spikes and the y range survive), and a gap wherever the series has
 * one. A 100,000-epoch run draws as fast as a 500-epoch one.
 */
export function decimate(s: ChartSeries, xMin: number, xMax: number, buckets: number): ChartSeries {
  if (s.xs.length <= buckets * 4) return s;
  const xs: number[] = [];
  const ys: number[] = [];
  const span = xMax - xMin || 1;
  let bucket = -1;
  let first = -1;
  let lo = -1;
  let hi = -1;
  let last = -1;
  let loV = 0;
  let hiV = 0;
  const flush = () => {
    if (first < 0) return;
    for (const i of [...new Set([first, lo, hi, last])].sort((a, b) => a - b)) {
      xs.push(s.xs[i]);
      ys.push(s.ys[i]);
    }
    first = -1;
  };
  for (let i = 0; i < s.xs.length; i++) {
    const x = s.xs[i];
    if (!(x >= xMin && x <= xMax)) continue;
    const v = s.ys[i];
    if (!Number.isFinite(v)) {
      flush();
      bucket = -1;
      xs.push(x);
      ys.push(NaN);
      continue;
    }
    const b = Math.floor(((x - xMin) / span) * buckets);
    if (b !== bucket || first < 0) {
      flush();
      bucket = b;
      first = lo = hi = last = i;
      loV = hiV = v;
      continue;
    }
    last = i;
    if (v < loV) [lo, loV] = [i, v];
    if (v > hiV) [hi, hiV] = [i, v];
  }
  flush();
  return { ...s, xs, ys };
}

/** Columns a series is cut down to before its range is taken or it is drawn: more than any pane has. */
const DRAWN_COLUMNS = 1024;

function decimateOnce(s: ChartSeries, xMin: number, xMax: number): ChartSeries {
  const key = `${xMin} ${xMax}`;
  const hit = decimated.get(s);
  if (hit?.key === key) return hit.series;
  const series = decimate(s, xMin, xMax, DRAWN_COLUMNS);
  decimated.set(s, { key, series });
  return series;
}

/** The value `share` of the way from hi down to lo, without overflowing where hi - lo would. */
function between(lo: number, hi: number, share: number): number {
  return hi - (hi / 2 - lo / 2) * (2 * share);
}

function toSegments(chars: string[], colors: (string | undefined)[]): ChartLine {
  const out: ChartLine = [];
  for (let i = 0; i < chars.length; i++) {
    const last = out.at(-1);
    if (last && last.color === colors[i]) last.text += chars[i];
    else out.push({ text: chars[i], color: colors[i] });
  }
  return out;
}

export function renderChart(series: readonly ChartSeries[], opts: ChartOptions): ChartLine[] {
  const width = Math.max(1, Math.floor(opts.width));
  const height = Math.max(1, Math.floor(opts.height));
  const blank = (): ChartLine[] => Array.from({ length: height }, () => [{ text: ' '.repeat(width) }]);

  const box = plotBox(series, opts);
  if (!box || height < 2) {
    const lines = blank();
    const msg = ' no data yet'.slice(0, width);
    lines[Math.floor((height - 1) / 2)] = [{ text: msg.padEnd(width), color: opts.axisColor }];
    return lines;
  }
  const { xMin, xMax, yLo, yHi } = box;
  const plotH = height - 1;
  const label = (y: number) => formatNumber(fromAxis(box.scale, y), 7);
  const rowLabels = new Map<number, string>([[0, label(yHi)], [plotH - 1, label(yLo)]]);
  if (plotH >= 5) rowLabels.set(Math.floor((plotH - 1) / 2), label(between(yLo, yHi, Math.floor((plotH - 1) / 2) / (plotH - 1))));
  const labelW = Math.max(...[...rowLabels.values()].map((l) => l.length));
  const plotW = width - labelW - 1;
  if (plotW < 2) return blank();

  const { rows, px } = plotRows(series, box, plotW, plotH, opts);
  const lines: ChartLine[] = rows.map((row, r) => {
    const yl = rowLabels.get(r);
    return [{ text: (yl ?? '').padStart(labelW) + (yl !== undefined ? '┤' : '│'), color: opts.axisColor }, ...row];
  });
  lines.push(xAxis(xMin, xMax, labelW, plotW, opts, px));
  return lines;
}

function xAxis(xMin: number, xMax: number, labelW: number, plotW: number, opts: ChartOptions, px: (x: number) => number): ChartLine {
  const axis = new Array<string>(plotW).fill(' ');
  const put = (col: number, text: string) => {
    for (let i = 0; i < text.length && col + i < plotW; i++) if (col + i >= 0) axis[col + i] = text[i];
  };
  const fmt = opts.xLabel ?? ((x: number) => formatNumber(x, 7));
  const left = fmt(xMin);
  const right = xMax !== xMin ? fmt(xMax) : '';
  const m = opts.marker;
  const mark = m !== null && m !== undefined && m >= xMin && m <= xMax ? `▲${formatNumber(m, 7)}` : '';
  let markerCol = -1;
  if (mark) {
    const col = Math.min(plotW - mark.length, Math.max(0, px(m as number) >> 1));
    // Where it would overlap an end label it takes that label's place: at the first or the last
    // epoch (a run whose best is its latest) the ▲ is still shown.
    if (col + mark.length >= plotW - right.length) markerCol = Math.max(0, plotW - mark.length);
    else if (col <= left.length) markerCol = 0;
    else markerCol = col;
  }
  if (markerCol !== 0) put(0, left);
  if (right && markerCol !== plotW - mark.length) put(plotW - right.length, right);
  if (markerCol >= 0 && markerCol + mark.length <= plotW) put(markerCol, mark);
  else markerCol = -1;
  const text = ' '.repeat(labelW) + '└' + axis.join('');
  if (markerCol < 0) return [{ text, color: opts.axisColor }];
  const cut = labelW + 1 + markerCol;
  return [
    { text: text.slice(0, cut), color: opts.axisColor },
    { text: text.slice(cut, cut + mark.length), color: opts.markerColor },
    { text: text.slice(cut + mark.length), color: opts.axisColor },
  ];
}

export interface PlotBox {
  xMin: number;
  xMax: number;
  /** The y range on the axis: toAxis(scale, y) of the values. */
  yLo: number;
  yHi: number;
  scale: YScale;
}

/** The x and y ranges the series are drawn in, or null when there is nothing to draw. */
export function plotBox(series: readonly ChartSeries[], opts: Pick<ChartOptions, 'xMin' | 'xMax' | 'logY' | 'ignoreOutliers'>): PlotBox | null {
  const [xMin, xMax] = xBounds(series, opts);
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) return null;
  const scale = yScale(series, xMin, xMax, opts.logY);
  const range = yRange(series, xMin, xMax, scale, opts);
  return range && { xMin, xMax, yLo: range[0], yHi: range[1], scale };
}

/** The braille cells alone, plotW x plotH, no axes: the series (and the marker line) in `box`. */
export function plotRows(series: readonly ChartSeries[], box: PlotBox, plotW: number, plotH: number, opts: ChartOptions): { rows: ChartLine[]; px: (x: number) => number } {
  const { xMin, xMax, yLo, yHi } = box;
  const pw = plotW * 2;
  const ph = plotH * 4;
  const bits = new Uint8Array(plotW * plotH);
  const colors = new Array<string | undefined>(plotW * plotH);
  const xSpan = xMax - xMin || 1;
  const px = (x: number) => Math.round(((x - xMin) / xSpan) * (pw - 1));
  // Halves: a range of ±1.8e308 has no finite width, its halves do.
  const ySpan = yHi / 2 - yLo / 2;
  const py = (y: number) => Math.round((1 - (y / 2 - yLo / 2) / ySpan) * (ph - 1));
  const dot = (x: number, y: number, color: string | undefined) => {
    if (x < 0 || x >= pw || y < 0 || y >= ph) return;
    const cell = (y >> 2) * plotW + (x >> 1);
    bits[cell] |= DOT[y & 3][x & 1];
    colors[cell] = color;
  };

  if (opts.marker !== null && opts.marker !== undefined && opts.marker >= xMin && opts.marker <= xMax) {
    const mx = px(opts.marker);
    for (let y = 1; y < ph; y += 4) dot(mx, y, opts.markerColor);
  }

  for (const raw of series) {
    const s = decimateOnce(raw, xMin, xMax);
    let prev: [number, number] | null = null;
    let step = 0;
    for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i];
      const yv = toAxis(box.scale, s.ys[i]);
      if (!Number.isFinite(yv) || x < xMin || x > xMax) {
        prev = null;
        continue;
      }
      const cur: [number, number] = [px(x), py(Math.min(yHi, Math.max(yLo, yv)))];
      if (!prev) dot(cur[0], cur[1], s.color);
      else {
        // Bresenham from prev to cur.
        let [x0, y0] = prev;
        const [x1, y1] = cur;
        const dx = Math.abs(x1 - x0);
        const dy = -Math.abs(y1 - y0);
        const sx = x0 < x1 ? 1 : -1;
        const sy = y0 < y1 ? 1 : -1;
        let err = dx + dy;
        for (;;) {
          if (!s.dotted || step % 3 !== 2) dot(x0, y0, s.color);
          step += 1;
          if (x0 === x1 && y0 === y1) break;
          const e2 = 2 * err;
          if (e2 >= dy) { err += dy; x0 += sx; }
          if (e2 <= dx) { err += dx; y0 += sy; }
        }
      }
      prev = cur;
    }
  }

  const rows: ChartLine[] = [];
  for (let r = 0; r < plotH; r++) {
    const chars: string[] = [];
    const cellColors: (string | undefined)[] = [];
    for (let c = 0; c < plotW; c++) {
      const b = bits[r * plotW + c];
      chars.push(b ? String.fromCharCode(0x2800 + b) : ' ');
      cellColors.push(b ? colors[r * plotW + c] : undefined);
    }
    rows.push(toSegments(chars, cellColors));
  }
  return { rows, px };
}
