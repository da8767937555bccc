// Which TensorBoard tags go into which chart: SB3's rollout chart and train/* table, and every
// other tag grouped by its prefix, so any TensorBoard run can be watched.
import type { Panel, PanelSeries } from './panels.js';
import { PALETTE } from './panels.js';
import type { ScalarSeries } from './scalar-series.js';
import type { TbState } from './tb-store.js';
import { cleanText } from './text.js';

const ROLLOUT = ['rollout/ep_rew_mean', 'rollout/ep_len_mean', 'rollout/success_rate'];
const SPARK = '▁▂▃▄▅▆▇█';

export interface TrainRow {
  /** The tag as written (the focus key), and as shown. */
  column: string;
  tag: string;
  last: number | null;
  /** Change since the previous dump. */
  delta: number | null;
  spark: string;
}

function toSeries(tag: string, x: ScalarSeries, color: string, smooth: boolean): PanelSeries {
  const pts = x.points();
  return {
    label: cleanText(tag), column: tag, xs: pts.map((p) => p.step), ys: pts.map((p) => (smooth ? p.smooth : p.value)),
    color, dotted: false, last: x.last && Number.isFinite(x.last.value) ? x.last.value : null,
  };
}

function facetPanel(id: string, title: string, tags: [string, ScalarSeries][], smooth: boolean): Panel {
  const facets = tags.map(([tag, x], i) => {
    const series = toSeries(tag, x, PALETTE[i % PALETTE.length], smooth);
    return { entry: { label: cleanText(tag), color: series.color, values: [series.last] }, series: [series] };
  });
  return {
    id, title: cleanText(title), styleNote: '', series: facets.flatMap((f) => f.series),
    legend: facets.map((f) => f.entry), facets,
  };
}

export function sparkline(values: readonly number[], width: number): string {
  const v = values.filter(Number.isFinite).slice(-width);
  if (v.length === 0) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => SPARK[hi === lo ? 3 : Math.round(((x - lo) / (hi - lo)) * (SPARK.length - 1))]).join('');
}

export function trainRows(s: TbState, sparkWidth = 16): TrainRow[] {
  return [...s.tags].filter(([tag]) => tag.startsWith('train/')).sort(([a], [b]) => (a < b ? -1 : 1)).map(([tag, x]) => {
    const last = x.last && Number.isFinite(x.last.value) ? x.last.value : null;
    const prev = x.previous && Number.isFinite(x.previous.value) ? x.previous.value : null;
    return { column: tag, tag: cleanText(tag), last, delta: last !== null && prev !== null ? last - prev : null, spark: sparkline(x.points().map((p) => p.value), sparkWidth) };
  });
}

/** Whether the run looks like Stable-Baselines3's logger wrote it (its screen mirrors SB3's dashboard). */
export function isSb3(s: TbState): boolean {
  return s.tags.has('rollout/ep_rew_mean') || s.tags.has('train/approx_kl') || s.tags.has('time/fps');
}

/** SB3's tags that are a table row, not a chart (train/*, time/fps): `tab` charts them one at a time. */
export function tableTags(s: TbState): string[] {
  if (!isSb3(s)) return [];
  return [...s.tags.keys()].filter((t) => t.startsWith('train/')).sort().concat(s.tags.has('time/fps') ? ['time/fps'] : []);
}

/** One tag as a chart of its own, for the focused table row. */
export function tagPanel(s: TbState, tag: string, smooth: boolean): Panel | null {
  const x = s.tags.get(tag);
  if (!x) return null;
  const panel = facetPanel(`tag:${tag}`, tag, [[tag, x]], smooth);
  // The title names the tag already: the legend gives its last value.
  return { ...panel, legend: panel.legend.map((e) => ({ ...e, label: 'last' })) };
}

// The TUI asks for a snapshot's panels on every frame (focus keys, the pane): built once per
// snapshot and smoothing. Snapshots are immutable, so a WeakMap lets old ones go.
const built = new WeakMap<TbState, Partial<Record<'plain' | 'smooth', Panel[]>>>();

/** The panels the TUI shows: buildTbPanels as SB3 or not, as the run says, kept per snapshot. */
export function tbPanels(s: TbState, smooth: boolean): Panel[] {
  let cached = built.get(s);
  if (!cached) built.set(s, (cached = {}));
  return (cached[smooth ? 'smooth' : 'plain'] ??= buildTbPanels(s, smooth, isSb3(s)));
}

/** Chart panels: SB3's rollout first; every other tag by prefix (train/* is the table, not a chart, for SB3). */
export function buildTbPanels(s: TbState, smooth: boolean, sb3: boolean): Panel[] {
  const panels: Panel[] = [];
  const rollout = ROLLOUT.flatMap((t) => (s.tags.has(t) ? [[t, s.tags.get(t) as ScalarSeries] as [string, ScalarSeries]] : []));
  if (rollout.length) panels.push(facetPanel('rollout', 'Rollout', rollout, smooth));
  const groups = new Map<string, [string, ScalarSeries][]>();
  for (const [tag, x] of s.tags) {
    if (ROLLOUT.includes(tag) || (sb3 && (tag.startsWith('train/') || tag === 'time/fps'))) continue;
    const prefix = tag.includes('/') ? tag.slice(0, tag.indexOf('/')) : '(no prefix)';
    groups.set(prefix, [...(groups.get(prefix) ?? []), [tag, x]]);
  }
  for (const [prefix, tags] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    panels.push(facetPanel(`group:${prefix}`, prefix, tags.sort(([a], [b]) => (a < b ? -1 : 1)), smooth));
  }
  return panels;
}
