// The one place where a picture's text is made to hold still. Scenes are chosen so that nothing
// on screen depends on the clock or the machine (finished runs with fixed file times, a live run
// whose ETA comes from its own time column, TZ=UTC, a fake nvidia-smi with constant readings);
// what still does is listed here, each with why, and replaced by a fixed text in place.
import { PLAIN, type Grid } from './cells.js';

export interface Normalisation {
  pattern: RegExp;
  replacement: string;
  why: string;
}

export const NORMALISATIONS: readonly Normalisation[] = [
  {
    pattern: /(CPU +\d+% · )?RAM [\d.]+\/[\d.]+ GiB/,
    replacement: 'CPU 23% · RAM 61.4/251.5 GiB',
    why: "the GPU panel's host line: this machine's CPU load (none before its second sample) and memory",
  },
  {
    pattern: /└-\d+[sm](?= )/,
    replacement: '└-30s',
    why: "g's time axis starts at the oldest reading: how long the tool has run (the readings themselves are constant)",
  },
];

/**
 * `g` with every match replaced in place: the replacement takes the first matched cell's style,
 * a shorter one leaves blanks, a longer one may only cover blanks after the match.
 */
export function normalise(g: Grid, rules: readonly Normalisation[] = NORMALISATIONS): Grid {
  const cells = g.cells.map((row) => row.map((c) => ({ ...c })));
  for (let r = 0; r < g.rows; r++) {
    for (const rule of rules) {
      const global = new RegExp(rule.pattern.source, 'g');
      // The row's text, and the column where each of its UTF-16 offsets starts.
      const texts = cells[r].map((c) => c.ch);
      const colAt: number[] = [];
      texts.forEach((t, col) => { for (let k = 0; k < t.length; k++) colAt.push(col); });
      for (const m of [...texts.join('').matchAll(global)]) {
        const col = colAt[m.index];
        const len = colAt[m.index + m[0].length - 1] - col + 1;
        const text = [...rule.replacement];
        const span = Math.max(len, text.length);
        for (let k = len; k < span; k++) {
          if (col + k >= g.cols || cells[r][col + k].ch !== ' ') throw new Error(`normalising row ${r + 1}: no room for "${rule.replacement}" (${rule.why})`);
        }
        const style = cells[r][col].style;
        for (let k = 0; k < span; k++) cells[r][col + k] = { ch: text[k] ?? ' ', style: k < text.length ? style : { ...PLAIN, bg: style.bg } };
      }
    }
  }
  return { ...g, cells };
}
