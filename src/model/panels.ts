// Which series go into which chart for an Ultralytics run, with colours and legend values.
import type { ColumnRole } from './columns.js';
import { SUFFIX_NAMES } from './columns.js';
import type { RunState } from './run-store.js';
import { debiasedEma } from './smoothing.js';
import { cleanText } from './text.js';

/** 'losses', 'metrics', 'lr', 'other' for Ultralytics; 'rollout' and 'group:<prefix>' for TensorBoard. */
export type PanelId = string;

export interface PanelSeries {
  label: string;
  column: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  dotted: boolean;
  last: number | null;
}

export interface LegendEntry {
  label: string;
  color: string;
  /** Values shown beside the label (train/val for a loss component). */
  values: (number | null)[];
}

export interface Panel {
  id: PanelId;
  title: string;
  /** How solid and dotted lines differ in this panel, for the title. */
  styleNote: string;
  series: PanelSeries[];
  legend: LegendEntry[];
  /** One small chart per facet, each on its own y scale (loss components differ tenfold). */
  facets?: { entry: LegendEntry; series: PanelSeries[] }[];
  /**
   * The legend is a colour key the facets do not repeat (metrics: a facet per head, a colour
   * per metric), so it is shown beside them; else the facets' titles are the legend.
   */
  keyBesideFacets?: boolean;
}

/** Okabe–Ito, readable with every common colour-vision deficiency. */
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'];
/** The rows read before a truncation or rewrite, drawn under the current ones. */
export const EARLIER_COLOR = '#5f5f5f';

const METRIC_ORDER = ['precision', 'recall', 'mAP50', 'mAP50-95', 'top1', 'top5'];

export function lastFinite(ys: ArrayLike<number>): number | null {
  const v = ys.length > 0 ? ys[ys.length - 1] : NaN;
  return Number.isFinite(v) ? v : null;
}

function groupKey(role: ColumnRole): PanelId | null {
  switch (role.kind) {
    case 'loss': return 'losses';
    case 'metric': return 'metrics';
    case 'lr': return 'lr';
    case 'other': return 'other';
    default: return null;
  }
}

// The TUI asks for a run's panels on every frame (focus keys, the pane): built once per rows and
// smoothing. Only the rows make them, so a snapshot that changed elsewhere (a half-written row,
// a warning, the wandb link) keeps them: no chart is drawn again, no picture rendered again.
const built = new WeakMap<RunState['values'], Partial<Record<'plain' | 'smooth', Panel[]>>>();

/** buildPanels, kept while the rows are (columns, roles, epochs and values change together). */
export function runPanels(s: RunState, smooth: boolean): Panel[] {
  let cached = built.get(s.values);
  if (!cached) built.set(s.values, (cached = {}));
  return (cached[smooth ? 'smooth' : 'plain'] ??= buildPanels(s, smooth));
}

/** Each series' column as it was before the file was truncated or rewritten, dimmed, drawn first (under). */
function withEarlier(s: RunState, series: PanelSeries[], ys: (raw: ArrayLike<number>) => ArrayLike<number>): PanelSeries[] {
  const e = s.earlier;
  if (!e) return series;
  const names = e.columns.map(cleanText);
  const under = series.flatMap((x) => {
    const k = names.indexOf(x.column);
    return k < 0 ? [] : [{ ...x, label: `${x.label} (before reset)`, xs: e.epochs, ys: ys(e.values[k]), color: EARLIER_COLOR, last: null }];
  });
  return [...under, ...series];
}

export function buildPanels(s: RunState, smooth: boolean): Panel[] {
  const cols = s.columns.map((name, i) => ({ name: cleanText(name), role: s.roles[i], raw: s.values[i] }));
  const ys = (raw: ArrayLike<number>) => (smooth ? debiasedEma(raw) : raw);
  const panels: Panel[] = [];

  const losses = cols.flatMap((c) => (c.role.kind === 'loss' ? [{ ...c, role: c.role }] : []));
  if (losses.length) {
    const components = [...new Set(losses.map((c) => c.role.component))];
    const colorOf = (comp: string) => PALETTE[components.indexOf(comp) % PALETTE.length];
    const facets = components.map((comp) => {
      const mine = losses.filter((c) => c.role.component === comp);
      const series = mine.map((c) => ({ label: c.name, column: c.name, xs: s.epochs, ys: ys(c.raw), color: colorOf(comp), dotted: c.role.split === 'val', last: lastFinite(c.raw) }));
      return { entry: { label: cleanText(comp), color: colorOf(comp), values: series.map((x) => x.last) }, series: withEarlier(s, series, ys) };
    });
    panels.push({
      id: 'losses', title: 'Losses', styleNote: 'train ━ val ┅',
      series: facets.flatMap((f) => f.series), legend: facets.map((f) => f.entry), facets,
    });
  }

  const metrics = cols.filter((c) => c.role.kind === 'metric');
  if (metrics.length) {
    const suffixes = [...new Set(metrics.map((c) => (c.role.kind === 'metric' ? c.role.suffix : null)))];
    const kinds = [...new Set(metrics.map((c) => (c.role.kind === 'metric' ? c.role.metric : '')))].sort(
      (a, b) => (METRIC_ORDER.indexOf(a) + 99) % 99 - (METRIC_ORDER.indexOf(b) + 99) % 99,
    );
    const colorOf = (metric: string) => PALETTE[kinds.indexOf(metric) % PALETTE.length];
    const series = metrics.map((c) => {
      const r = c.role as Extract<ColumnRole, { kind: 'metric' }>;
      return { label: c.name, column: c.name, xs: s.epochs, ys: ys(c.raw), color: colorOf(r.metric), dotted: suffixes.indexOf(r.suffix) > 0, last: lastFinite(c.raw) };
    });
    const legend = kinds.map((metric) => ({
      label: cleanText(metric),
      color: colorOf(metric),
      values: suffixes
        .map((suffix) => metrics.find((c) => c.role.kind === 'metric' && c.role.metric === metric && c.role.suffix === suffix))
        .filter((c) => c !== undefined)
        .map((c) => lastFinite(c.raw)),
    }));
    const named = suffixes.map((x) => (x ? SUFFIX_NAMES[x] ?? x : '')).filter(Boolean);
    if (suffixes.length > 1) {
      // A chart per head (box, pose, mask): at most four series each, solid, one colour a metric.
      const facets = suffixes.map((suffix, i) => {
        const mine = series.filter((_x, j) => (metrics[j].role as Extract<ColumnRole, { kind: 'metric' }>).suffix === suffix).map((x) => ({ ...x, dotted: false }));
        return { entry: { label: cleanText(named[i] ?? suffix ?? ''), color: PALETTE[7], values: mine.map((x) => x.last) }, series: withEarlier(s, mine, ys) };
      });
      panels.push({ id: 'metrics', title: 'Metrics', styleNote: '', series: withEarlier(s, series, ys), legend, facets, keyBesideFacets: true });
    } else {
      panels.push({ id: 'metrics', title: 'Metrics', styleNote: named[0] ?? '', series: withEarlier(s, series, ys), legend });
    }
  }

  for (const id of ['lr', 'other'] as const) {
    const group = cols.filter((c) => groupKey(c.role) === id);
    if (!group.length) continue;
    const series = mergeTwins(group.map((c) => ({ label: c.name.replace(/^(lr\/|x\/)/, ''), column: c.name, xs: s.epochs, ys: c.raw, color: '', dotted: false, last: lastFinite(c.raw) })))
      .map((x, i) => ({ ...x, color: PALETTE[i % PALETTE.length] }));
    const legend = series.map((x) => ({ label: x.label, color: x.color, values: [x.last] }));
    const same = (raw: ArrayLike<number>) => raw;
    const facets = mixedScales(series) ? series.map((x, i) => ({ entry: legend[i], series: withEarlier(s, [x], same) })) : undefined;
    panels.push({ id, title: id === 'lr' ? 'Learning rate' : 'Other', styleNote: '', series: withEarlier(s, series, same), legend, facets });
  }
  return panels;
}

/** Series with the same values drawn once, named together (MuSGD's eight lr groups are two curves). */
function mergeTwins(series: PanelSeries[]): PanelSeries[] {
  const out: PanelSeries[] = [];
  for (const x of series) {
    const twin = out.find((o) => sameValues(o.ys, x.ys));
    if (twin) twin.label = `${twin.label},${x.label.replace(/^[a-z]+/i, '')}`;
    else out.push({ ...x });
  }
  return out;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function largest(ys: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < ys.length; i++) if (Number.isFinite(ys[i]) && Math.abs(ys[i]) > m) m = Math.abs(ys[i]);
  return m;
}

/** Whether the series' sizes differ more than tenfold: one linear axis would flatten the small ones. */
export function mixedScales(series: readonly Pick<PanelSeries, 'ys'>[]): boolean {
  const sizes = series.map((x) => largest(x.ys)).filter((m) => m > 0);
  return sizes.length > 1 && Math.max(...sizes) > 10 * Math.min(...sizes);
}
