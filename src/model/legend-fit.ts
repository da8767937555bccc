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

export interface PackedLegend {
  /** Entries by line: the first line follows the panel's title, the others are indented. */
  lines: { entry: LegendEntry; values: string }[][];
  /** Entries left out: shown as "+N" on the last line. */
  hidden: number;
}

/** Characters an entry takes on its line: two spaces, "■ ", its label, a space and its values. */
export const entryWidth = (x: { entry: LegendEntry; values: string }): number => 4 + x.entry.label.length + (x.values ? 1 + x.values.length : 0);
const MORE = 6;

/**
 * A legend with its values on at most `lines` lines (`first` characters on the first, after the
 * title; `width` on the others, after an indent of 2): a panel that has no room for its chart
 * still shows its numbers. Entries are never cut: with fewer digits if that is what fits, else as
 * many as fit and how many did not.
 */
export function packLegend(legend: readonly LegendEntry[], first: number, width: number, lines: number, formats: readonly ((v: number | null) => string)[]): PackedLegend {
  let best: PackedLegend | null = null;
  for (const format of formats) {
    const packed = pack(legend.map((entry) => ({ entry, values: entry.values.map(format).join('/') })), first, width - 2, Math.max(1, lines));
    if (packed.hidden === 0) return packed;
    if (!best || packed.hidden < best.hidden) best = packed;
  }
  return best ?? { lines: [[]], hidden: legend.length };
}

function pack(entries: { entry: LegendEntry; values: string }[], first: number, width: number, lines: number): PackedLegend {
  const out: { entry: LegendEntry; values: string }[][] = [[]];
  let left = first;
  for (let i = 0; i < entries.length; i++) {
    const x = entries[i];
    const cost = entryWidth(x);
    // The last line keeps room to say how many are left out, unless this is the last entry.
    const reserve = out.length === lines && i < entries.length - 1 ? MORE : 0;
    if (cost + reserve <= left) {
      out[out.length - 1].push(x);
      left -= cost;
      continue;
    }
    // A line of its own that is too narrow for it: no later line is wider.
    const alone = out.length > 1 && out[out.length - 1].length === 0;
    if (out.length === lines || alone) return { lines: out, hidden: entries.length - i };
    out.push([]);
    left = width;
    i -= 1;
  }
  return { lines: out, hidden: 0 };
}
