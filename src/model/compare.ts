// Several runs on the same charts: one small chart per metric, one colour per run (stable: the
// order of the PATHs), train solid and val dotted for losses.
import { columnRole } from './columns.js';
import { lastFinite, PALETTE, type Panel, type PanelSeries } from './panels.js';
import type { RunState } from './run-store.js';
import { debiasedEma } from './smoothing.js';
import type { TbState } from './tb-store.js';
import { cleanText } from './text.js';

export interface CompareRun {
  label: string;
  run: RunState | TbState;
}

export const runColour = (i: number): string => PALETTE[i % PALETTE.length];

/** The facet a column belongs to: losses by component, metrics by name and suffix, lr by group. */
function facetOf(column: string): { panel: string; facet: string; dotted: boolean } | null {
  const r = columnRole(column);
  if (r.kind === 'loss') return { panel: 'losses', facet: r.component, dotted: r.split === 'val' };
  if (r.kind === 'metric') return { panel: 'metrics', facet: `${r.metric}${r.suffix ? `(${r.suffix})` : ''}`, dotted: false };
  if (r.kind === 'lr' && r.group === 'pg0') return { panel: 'lr', facet: 'lr/pg0', dotted: false };
  return null;
}

export function comparePanels(runs: readonly CompareRun[], smooth: boolean): Panel[] {
  const groups = new Map<string, Map<string, PanelSeries[]>>();
  const add = (panel: string, facet: string, s: PanelSeries) => {
    let g = groups.get(panel);
    if (!g) groups.set(panel, (g = new Map()));
    g.set(facet, [...(g.get(facet) ?? []), s]);
  };
  runs.forEach(({ label, run }, i) => {
    const color = runColour(i);
    if (run.format === 'ultralytics') {
      run.columns.forEach((c, k) => {
        const f = facetOf(c);
        if (!f) return;
        const ys = smooth ? debiasedEma(run.values[k]) : run.values[k];
        add(f.panel, f.facet, { label: `${cleanText(label)} ${cleanText(c)}`, column: c, xs: run.epochs, ys, color, dotted: f.dotted, last: lastFinite(run.values[k]) });
      });
    } else {
      for (const [tag, x] of run.tags) {
        const pts = x.points();
        const prefix = tag.includes('/') ? tag.slice(0, tag.indexOf('/')) : 'scalars';
        add(prefix, tag, { label: `${cleanText(label)} ${cleanText(tag)}`, column: tag, xs: pts.map((p) => p.step), ys: pts.map((p) => (smooth ? p.smooth : p.value)), color, dotted: false, last: x.last && Number.isFinite(x.last.value) ? x.last.value : null });
      }
    }
  });
  const order = ['losses', 'metrics', 'rollout', 'train', 'lr'];
  return [...groups.entries()]
    .sort(([a], [b]) => ((order.indexOf(a) + 99) % 99) - ((order.indexOf(b) + 99) % 99) || (a < b ? -1 : 1))
    .map(([panel, facets]) => {
      const f = [...facets.entries()].map(([name, series]) => ({ entry: { label: cleanText(name), color: 'white', values: series.filter((s) => !s.dotted).map((s) => s.last) }, series }));
      return {
        id: panel, title: panel === 'lr' ? 'Learning rate' : cleanText(panel[0].toUpperCase() + panel.slice(1)), styleNote: panel === 'losses' ? 'train ━ val ┅' : '',
        series: f.flatMap((x) => x.series), legend: f.map((x) => x.entry), facets: f,
      };
    });
}
