// The plain-text face, for pipes, cron and `ssh host aigp-watch …`: the TUI's content without colour.
import { drawPanel } from '../chart/draw-panel.js';
import { formatNumber } from '../chart/format.js';
import { formatDuration, thousands } from '../model/units.js';
import { buildPanels, type Panel } from '../model/panels.js';
import { headline } from '../model/headline.js';
import { comparePanels, type CompareRun } from '../model/compare.js';
import { formatWhen, runSummary, tookText } from '../model/run-summary.js';
import type { RunState } from '../model/run-store.js';
import type { RunView } from '../model/run-view.js';
import { buildTbPanels, trainRows } from '../model/tb-panels.js';
import type { TbState } from '../model/tb-store.js';
import type { TbView } from '../model/tb-view.js';
import { cleanText } from '../model/text.js';
import { describeWarning, type Warning } from '../model/warnings.js';

const CHART_HEIGHT: Record<string, number> = { losses: 14, metrics: 10, lr: 5, other: 6, rollout: 10 };
const GROUP_HEIGHT = 10;

/** Charts under each other; none started once `out` has `maxLines` (a first frame draws only what fits). */
function panels(out: string[], list: readonly Panel[], width: number, marker: number | null, maxLines = Infinity): void {
  for (const panel of list) {
    if (out.length >= maxLines) return;
    const legend = panel.legend.map((e) => `${e.label} ${e.values.map((v) => formatNumber(v, 7)).join('/')}`);
    out.push('', ...wrap(`${panel.title}${panel.styleNote ? ` (${panel.styleNote})` : ''}:`, legend, width));
    const { lines } = drawPanel(panel, { width, height: CHART_HEIGHT[panel.id] ?? GROUP_HEIGHT, marker: panel.id === 'lr' ? null : marker });
    for (const line of lines) out.push(line.map((s) => s.text).join('').trimEnd());
  }
}

/** Words after a head, two spaces apart, on as many lines as `width` needs (none is cut). */
function wrap(head: string, words: readonly string[], width: number): string[] {
  const lines = [head];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last.length + 2 + w.length <= width) lines[lines.length - 1] = `${last}${lines.length === 1 && last === head ? ' ' : '  '}${w}`;
    else lines.push(`  ${w}`);
  }
  return lines;
}

function warnings(out: string[], list: readonly Warning[]): void {
  if (!list.length) return;
  out.push('', 'warnings:');
  for (const w of list) out.push(`  ${cleanText(describeWarning(w))}`);
}

/** `maxLines`: what a pane of that many lines shows; nothing below it is drawn (the whole report when absent). */
export function ultralyticsText(run: RunState, view: RunView, width: number, maxLines = Infinity): string {
  const out: string[] = [];
  const best = headline(run, view.bestEpoch);
  out.push([
    cleanText(view.name),
    view.task ? cleanText(view.task) : null,
    view.status,
    view.endedNote,
    view.total !== null ? `epoch ${view.done}/${view.total}` : `epoch ${view.done}`,
    // An ended run's pace is the mean, on the "took" line below: one figure, said once.
    view.epochSeconds !== null && view.epochPace === 'recent' ? `${formatDuration(view.epochSeconds)}/epoch` : null,
    view.etaSeconds !== null ? `ETA ${formatDuration(view.etaSeconds)}` : null,
    view.bestDone !== null ? `best epoch ${view.bestDone}${best ? ` · ${best.label} ${formatNumber(best.value, 6)}` : ''}` : null,
  ].filter(Boolean).join(' · '));
  if (view.status === 'finished' || view.status === 'early-stopped') {
    const ended = runSummary(run, view.done);
    const line = [
      tookText(ended),
      // A copied run's file times are the copy's: its note says so, and no end time is made of them.
      ended.finishedAt !== null && !view.endedNote ? `ended ${formatWhen(ended.finishedAt)}` : null,
    ].filter(Boolean).join(' · ');
    if (line) out.push(line);
  }
  out.push(`path: ${cleanText(run.runDir)}`);
  if (run.epochs.length === 0) out.push('', 'no epoch written yet');
  else panels(out, buildPanels(run, false), width, view.bestEpoch, maxLines);
  const names = Object.keys(view.series);
  if (names.length && out.length < maxLines) {
    const nameW = Math.min(32, Math.max(6, ...names.map((n) => cleanText(n).length)));
    out.push('', `${'column'.padEnd(nameW)}  ${'last'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}  best`);
    for (const name of names) {
      const s = view.series[name];
      out.push(`${cleanText(name).slice(0, nameW).padEnd(nameW)}  ${formatNumber(s.last, 9).padStart(9)} ${formatNumber(s.min, 9).padStart(9)} ${formatNumber(s.max, 9).padStart(9)}  ${s.best_epoch ?? ''}`.trimEnd());
    }
  }
  warnings(out, run.warnings);
  return out.join('\n') + '\n';
}

/**
 * Several PATHs: the same metric of every run on one chart, as the TUI compares them, under each
 * run's own first line (`heads`). Plain text has no colours: a chart's title gives the runs' last
 * values in the order of those lines.
 */
export function compareText(runs: readonly CompareRun[], heads: readonly string[], width: number): string {
  const out = [`comparing ${runs.length} runs; each chart has a line per run, its title their last values in this order:`, ...heads];
  panels(out, comparePanels(runs, false), width, null);
  return out.join('\n') + '\n';
}

export function tensorboardText(run: TbState, view: TbView, width: number, maxLines = Infinity): string {
  const out: string[] = [];
  const steps = view.step === null ? '–' : thousands(view.step);
  out.push([
    cleanText(view.name),
    view.sb3 ? 'PPO (SB3)' : 'TensorBoard',
    view.status,
    view.endedNote,
    view.totalTimesteps !== null ? `${view.stepWord} ${steps}/${thousands(view.totalTimesteps)}` : `${view.stepWord} ${steps}`,
    view.fps !== null ? `${Math.round(view.fps)} ${view.rateWord}` : null,
    view.elapsedSeconds !== null ? `elapsed ${formatDuration(view.elapsedSeconds)}` : null,
    view.etaSeconds !== null ? `ETA ${formatDuration(view.etaSeconds)}` : null,
  ].filter(Boolean).join(' · '));
  out.push(`path: ${cleanText(run.runDir)} (${run.files.length} event file${run.files.length === 1 ? '' : 's'}, ${run.records} records)`);
  const w = run.wandb;
  if (w?.caveat) out.push(`wandb run ${w.id} (${w.mode}) names this training (${w.rule}) but is not confirmed: ${cleanText(w.caveat)}`);
  else out.push(w ? `wandb run ${w.id} (${w.mode}) belongs to this training: ${w.rule}` : 'local only — nothing leaves this box (no wandb run belongs to this training)');
  for (const a of view.alerts) out.push(`alert: ${a}`);
  if (run.tags.size === 0) out.push('', 'no scalar written yet');
  panels(out, buildTbPanels(run, false, view.sb3), width, null, maxLines);
  const rows = view.sb3 && out.length < maxLines ? trainRows(run, 24) : [];
  if (rows.length) {
    const nameW = Math.max(...rows.map((r) => r.tag.length));
    out.push('', `${'train/*'.padEnd(nameW)}  ${'last'.padStart(9)} ${'change'.padStart(9)}  trend`);
    for (const r of rows) out.push(`${r.tag.padEnd(nameW)}  ${formatNumber(r.last, 9).padStart(9)} ${(r.delta === null ? '' : formatNumber(r.delta, 9)).padStart(9)}  ${r.spark}`);
  }
  const tags = out.length < maxLines ? Object.keys(view.series).sort() : [];
  if (tags.length) {
    const nameW = Math.min(40, Math.max(...tags.map((t) => cleanText(t).length)));
    out.push('', `${'tag'.padEnd(nameW)}  ${'points'.padStart(7)} ${'last step'.padStart(10)} ${'last'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}`);
    for (const t of tags) {
      const s = view.series[t];
      out.push(`${cleanText(t).slice(0, nameW).padEnd(nameW)}  ${String(s.count).padStart(7)} ${String(s.last_step ?? '–').padStart(10)} ${formatNumber(s.last, 9).padStart(9)} ${formatNumber(s.min, 9).padStart(9)} ${formatNumber(s.max, 9).padStart(9)}`);
    }
  }
  const skipped = Object.entries(run.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  if (skipped.length) out.push('', `not drawn: ${skipped.join(', ')} value(s)`);
  warnings(out, run.warnings);
  return out.join('\n') + '\n';
}
