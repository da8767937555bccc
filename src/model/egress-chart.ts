// How the staged bytes grew: one cumulative line per category over the wandb step (Ultralytics
// logs its media once per epoch, so the step is the epoch), and a line of what the uploader sent
// on the wire, as a Panel the braille charts and the PNG export draw like any other.
//
// A file without a step (console log, config, a table) is placed where it appeared: at the step
// of the newest file with a step first seen no later than it; one that came before any goes at
// the first step. The y axis is in MB (10^6 bytes), as every size the tool prints.
import type { EgressState, StagedFile } from './egress.js';
import { mixedScales, PALETTE, type Panel, type PanelSeries } from './panels.js';
import { formatExactBytes } from './units.js';

export const EGRESS_PANEL_ID = 'egress';
/** More categories than this and the smallest are drawn together as 'other'. */
const MAX_SERIES = 4;
const MB = 1e6;

/** Each file's x: its own step, else the step current when it was first seen. */
function placed(files: readonly StagedFile[]): { x: number; file: StagedFile }[] {
  const stepped = files.filter((f) => f.step !== null).sort((a, b) => a.firstSeen - b.firstSeen);
  if (!stepped.length) return [];
  const first = Math.min(...stepped.map((f) => f.step as number));
  return files.map((file) => {
    if (file.step !== null) return { x: file.step, file };
    let x = first;
    for (const s of stepped) {
      if (s.firstSeen > file.firstSeen) break;
      x = Math.max(x, s.step as number);
    }
    return { x, file };
  });
}

/** The series' names: every category when they are few, else the biggest and 'other' (drawn last). */
function grouping(totals: Map<string, number>): (category: string) => string {
  const ranked = [...totals].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([c]) => c);
  if (ranked.length <= MAX_SERIES) return (c) => c;
  const own = new Set(ranked.filter((c) => c !== 'other').slice(0, MAX_SERIES - 1));
  return (c) => (own.has(c) ? c : 'other');
}

// Built once per file list and sent line (the store replaces each only when it changed), so the
// TUI asks every frame at no cost and the chart is not drawn again.
const built = new WeakMap<readonly StagedFile[], { sent: EgressState['sentHistory']; panel: Panel | null }>();

export function egressPanel(s: EgressState): Panel | null {
  let b = built.get(s.files);
  if (b?.sent !== s.sentHistory) built.set(s.files, (b = { sent: s.sentHistory, panel: buildEgressPanel(s) }));
  return b.panel;
}

export const SENT_LABEL = 'sent';

/**
 * The bytes sent by each step: the last sample taken before a file of a later step was first
 * seen (a sample before the first step counts at the first, one after the last at the last).
 */
function sentPerStep(s: EgressState, xs: readonly number[], points: readonly { x: number; file: StagedFile }[]): number[] | null {
  if (!s.sentHistory.length) return null;
  // When each step ended: the first sight of a file of a later step.
  const ends = xs.map((x) => Math.min(...points.filter((p) => p.x > x).map((p) => p.file.firstSeen)));
  let k = 0;
  let last = 0;
  return xs.map((_, i) => {
    while (k < s.sentHistory.length && s.sentHistory[k].at < ends[i]) last = s.sentHistory[k++].bytes;
    return last;
  });
}

/** null when there is nothing to draw: no file with a step, or everything at one step. */
export function buildEgressPanel(s: EgressState): Panel | null {
  const points = placed(s.files);
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  if (xs.length < 2) return null;
  const totals = new Map<string, number>();
  for (const { file } of points) totals.set(file.category, (totals.get(file.category) ?? 0) + file.bytes);
  const groupOf = grouping(totals);
  const column = new Map(xs.map((x, i) => [x, i]));
  const byGroup = new Map<string, number[]>();
  for (const { x, file } of points) {
    const g = groupOf(file.category);
    let perX = byGroup.get(g);
    if (!perX) byGroup.set(g, (perX = xs.map(() => 0)));
    perX[column.get(x) ?? 0] += file.bytes;
  }
  const series: PanelSeries[] = [...byGroup]
    .map(([label, perX]) => ({ label, perX, total: perX.reduce((a, b) => a + b, 0) }))
    .filter((g) => g.total > 0)
    .sort((a, b) => Number(a.label === 'other') - Number(b.label === 'other') || b.total - a.total)
    .map((g, i) => {
      let sum = 0;
      const ys = g.perX.map((b) => (sum += b) / MB);
      return { label: g.label, column: g.label, xs, ys, color: PALETTE[i % PALETTE.length], dotted: false, last: ys.at(-1) ?? null };
    });
  const sent = sentPerStep(s, xs, points);
  if (sent) {
    const ys = sent.map((b) => b / MB);
    series.push({ label: SENT_LABEL, column: SENT_LABEL, xs, ys, color: PALETTE[series.length % PALETTE.length], dotted: true, last: ys.at(-1) ?? null });
  }
  const legend = series.map((x) => ({ label: x.label, color: x.color, values: [x.last] }));
  return {
    id: EGRESS_PANEL_ID,
    title: `W&B staged, cumulative MB (${formatExactBytes(s.stagedBytes)})${s.wire.sentBytes !== null ? `; sent ${formatExactBytes(s.wire.sentBytes)}` : ''}`,
    styleNote: sent ? 'dotted: sent on the wire' : '',
    series,
    legend,
    // Megabytes of mosaics beside kilobytes of console log: a chart each, or the small ones are flat.
    facets: mixedScales(series) ? series.map((x, i) => ({ entry: legend[i], series: [x] })) : undefined,
  };
}
