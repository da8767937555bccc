// `export --csv`: the merged series, one row per epoch (Ultralytics) or step (TensorBoard).
import type { RunState } from '../model/run-store.js';
import type { TbState } from '../model/tb-store.js';
import { cleanText } from '../model/text.js';

const cell = (v: number | undefined): string => (v === undefined ? '' : Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));
/** A column name or tag: a file someone will `cat` must not drive their terminal either. */
const name = (raw: string): string => {
  const s = cleanText(raw);
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function ultralyticsCsv(run: RunState): string {
  const lines = [run.columns.map(name).join(',')];
  for (let r = 0; r < run.epochs.length; r++) lines.push(run.values.map((col) => cell(col[r])).join(','));
  return lines.join('\n') + '\n';
}

/** Every kept point of every tag, aligned by step (a tag with no point at a step leaves its cell empty). */
export function tensorboardCsv(run: TbState): string {
  const tags = [...run.tags.keys()].sort();
  const byStep = new Map<number, Map<string, number>>();
  for (const tag of tags) {
    for (const p of run.tags.get(tag)!.points()) {
      let row = byStep.get(p.step);
      if (!row) byStep.set(p.step, (row = new Map()));
      row.set(tag, p.value);
    }
  }
  const lines = [['step', ...tags].map(name).join(',')];
  for (const step of [...byStep.keys()].sort((a, b) => a - b)) {
    const row = byStep.get(step)!;
    lines.push([String(step), ...tags.map((t) => cell(row.get(t)))].join(','));
  }
  return lines.join('\n') + '\n';
}
