// A legend in a given width: every entry with its values; else every entry by name; else as many
// as fit and how many did not. Never cut mid-way without saying so.
import type { LegendEntry } from './panels.js';

export interface FittedLegend {
  entries: { entry: LegendEntry; values: string }[];
  /** Entries left out: shown as "+N". */
  hidden: number;
}

export function fitLegend(legend: readonly LegendEntry[], width: number, format: (v: number | null) => string): FittedLegend {
  const withValues = legend.map((entry) => ({ entry, values: entry.values.map(format).join('/') }));
  const cost = (xs: { entry: LegendEntry; values: string }[]) => xs.reduce((n, x) => n + 4 + x.entry.label.length + (x.values ? 1 + x.values.length : 0), 0);
  if (cost(withValues) <= width) return { entries: withValues, hidden: 0 };
  const names = legend.map((entry) => ({ entry, values: '' }));
  if (cost(names) <= width) return { entries: names, hidden: 0 };
  const kept: typeof names = [];
  for (const x of names) {
    if (cost([...kept, x]) + 6 > width) break;
    kept.push(x);
  }
  return { entries: kept, hidden: legend.length - kept.length };
}
