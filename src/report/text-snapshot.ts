// The plain-text face, for pipes, cron and `ssh host aigp-watch …`: the TUI's content without colour.
import { drawPanel } from '../chart/draw-panel.js';
import { formatDuration, formatNumber } from '../chart/format.js';
import { buildPanels } from '../model/panels.js';
import type { RunState } from '../model/run-store.js';
import type { RunView } from '../model/run-view.js';
import { cleanText } from '../model/text.js';
import { describeWarning } from '../model/warnings.js';

const CHART_HEIGHT: Record<string, number> = { losses: 14, metrics: 10, lr: 5, other: 6 };

export function textSnapshot(run: RunState, view: RunView, width: number): string {
  const out: string[] = [];
  const head = [
    cleanText(view.name),
    view.task ? cleanText(view.task) : null,
    view.status,
    view.total !== null ? `epoch ${view.done}/${view.total}` : `epoch ${view.done}`,
    view.epochSeconds !== null ? `${formatDuration(view.epochSeconds)}/epoch` : null,
    view.etaSeconds !== null ? `ETA ${formatDuration(view.etaSeconds)}` : null,
    view.bestEpoch !== null ? `best epoch ${view.bestEpoch}` : null,
  ].filter(Boolean);
  out.push(head.join(' · '));
  out.push(`path: ${cleanText(run.runDir)}`);
  if (run.epochs.length === 0) {
    out.push('', view.status === 'waiting' ? 'no epoch written yet' : 'no rows');
  }
  for (const panel of run.epochs.length ? buildPanels(run, false) : []) {
    const legend = panel.legend.map((e) => `${e.label} ${e.values.map((v) => formatNumber(v, 7)).join('/')}`).join('  ');
    out.push('', `${panel.title}${panel.styleNote ? ` (${panel.styleNote})` : ''}: ${legend}`);
    const { lines } = drawPanel(panel, { width, height: CHART_HEIGHT[panel.id], marker: panel.id === 'lr' ? null : view.bestEpoch });
    for (const line of lines) out.push(line.map((s) => s.text).join('').trimEnd());
  }
  const names = Object.keys(view.series);
  if (names.length) {
    const nameW = Math.min(32, Math.max(6, ...names.map((n) => cleanText(n).length)));
    out.push('', `${'column'.padEnd(nameW)}  ${'last'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}  best`);
    for (const name of names) {
      const s = view.series[name];
      out.push(`${cleanText(name).slice(0, nameW).padEnd(nameW)}  ${formatNumber(s.last, 9).padStart(9)} ${formatNumber(s.min, 9).padStart(9)} ${formatNumber(s.max, 9).padStart(9)}  ${s.best_epoch ?? ''}`.trimEnd());
    }
  }
  if (run.warnings.length) {
    out.push('', 'warnings:');
    for (const w of run.warnings) out.push(`  ${cleanText(describeWarning(w))}`);
  }
  return out.join('\n') + '\n';
}
