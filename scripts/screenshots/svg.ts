// A grid of cells as an SVG picture of the terminal: monospace text in coloured runs on the
// pane's background. Every run is placed at its cell and stretched to its cells' width
// (textLength), and a run of characters outside ASCII (braille, box drawing) gives each character
// its own x, so columns line up whatever font the viewer has. One line of SVG per terminal row,
// so two pictures can be compared row by row (svgRows).
import type { Cell, Color, Grid, Style } from './cells.js';

/** The pane's colours: GitHub's dark terminal theme (the README is read there). */
export const THEME = {
  background: '#0d1117',
  foreground: '#e6edf3',
  ansi: [
    '#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4',
    '#6e7681', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#ffffff',
  ],
};

export const FONT = {
  family: "'DejaVu Sans Mono', Menlo, Consolas, 'Cascadia Mono', 'DejaVu Sans', 'Segoe UI Symbol', 'Apple Braille', monospace",
  size: 14,
  /** One cell: DejaVu Sans Mono's advance at 14 px is 8.43; rows as tall as its box-drawing glyphs. */
  cell: 8.43,
  row: 17,
  baseline: 13,
  pad: 12,
};

/** xterm's 256 colours past the 16 of the theme: a 6x6x6 cube, then 24 greys. */
function palette(n: number): string {
  if (n < 16) return THEME.ansi[n];
  if (n >= 232) {
    const v = (8 + (n - 232) * 10).toString(16).padStart(2, '0');
    return `#${v}${v}${v}`;
  }
  const k = n - 16;
  const level = (i: number) => (i === 0 ? 0 : 55 + i * 40).toString(16).padStart(2, '0');
  return `#${level(Math.floor(k / 36))}${level(Math.floor(k / 6) % 6)}${level(k % 6)}`;
}

const css = (c: Color, dflt: string): string => (c === 'default' ? dflt : typeof c === 'number' ? palette(c) : c);

/** What a cell looks like: its colours after inverse, and its text attributes. */
function look(s: Style): { fg: string; bg: string | null; attrs: string } {
  let fg = css(s.fg, THEME.foreground);
  let bg = s.bg === 'default' ? null : css(s.bg, THEME.background);
  if (s.inverse) [fg, bg] = [bg ?? THEME.background, fg];
  const attrs = [
    s.bold ? ' font-weight="bold"' : '',
    s.dim ? ' fill-opacity="0.6"' : '',
    s.italic ? ' font-style="italic"' : '',
    s.underline || s.strike ? ` text-decoration="${[s.underline ? 'underline' : '', s.strike ? 'line-through' : ''].filter(Boolean).join(' ')}"` : '',
  ].join('');
  return { fg, bg, attrs };
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const px = (v: number) => String(Math.round(v * 100) / 100);
const x = (col: number) => FONT.pad + col * FONT.cell;

/** Runs of neighbouring cells for which `key` is the same; `key` sees the key of the cell before. */
function runs(row: readonly Cell[], key: (c: Cell, before: string | null) => string): { from: number; to: number; key: string }[] {
  const out: { from: number; to: number; key: string }[] = [];
  row.forEach((c, col) => {
    const last = out[out.length - 1];
    const k = key(c, last?.key ?? null);
    if (last && last.key === k) last.to = col + 1;
    else out.push({ from: col, to: col + 1, key: k });
  });
  return out;
}

const ascii = (ch: string) => /^[\x20-\x7e]$/.test(ch);

function rowSvg(row: readonly Cell[], r: number): string {
  const top = FONT.pad + r * FONT.row;
  const rects = runs(row, (c) => look(c.style).bg ?? '')
    .filter((run) => run.key !== '')
    .map((run) => `<rect x="${px(x(run.from))}" y="${top}" width="${px((run.to - run.from) * FONT.cell)}" height="${FONT.row}" fill="${run.key}"/>`);
  // A blank between two characters of one look joins their run (its colour does not show); a
  // run never ends in blanks.
  const spans = runs(row, (c, before) => {
    const l = look(c.style);
    if (before !== null && (c.ch === '' || (c.ch === ' ' && !/decoration/.test(l.attrs)))) return before;
    return `${l.fg}|${l.attrs}|${ascii(c.ch) ? 'ascii' : 'other'}`;
  }).flatMap((run) => {
    const cells = row.slice(run.from, run.to);
    const text = cells.map((c) => c.ch).join('').trimEnd();
    if (text === '') return [];
    const [fg, attrs, kind] = run.key.split('|');
    const place = kind === 'ascii'
      ? `x="${px(x(run.from))}" textLength="${px(text.length * FONT.cell)}" lengthAdjust="spacing"`
      : `x="${cells.map((c, i) => (c.ch === '' ? '' : px(x(run.from + i)))).filter(Boolean).slice(0, [...text].length).join(' ')}"`;
    // No-break spaces: SVG viewers collapse runs of plain ones.
    return [`<tspan ${place} fill="${fg}"${attrs}>${escape(text).replace(/ /g, '\u00a0')}</tspan>`];
  });
  return `<g>${rects.join('')}<text y="${top + FONT.baseline}">${spans.join('')}</text></g>`;
}

/** The picture; `title` is its accessible name (what the scene shows). */
export function gridSvg(g: Grid, title: string): string {
  const width = px(2 * FONT.pad + g.cols * FONT.cell);
  const height = 2 * FONT.pad + g.rows * FONT.row;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title).replace(/"/g, '&quot;')}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${THEME.background}"/>`,
    `<g font-family="${FONT.family}" font-size="${FONT.size}">`,
    ...g.cells.map((row, r) => rowSvg(row, r)),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/** The rows of a picture gridSvg drew, each as its SVG line and its text (placed by each run's x). */
export function svgRows(svg: string): { line: string; text: string }[] {
  const unescape = (t: string) => t.replace(/\u00a0/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return svg.split('\n').filter((l) => l.startsWith('<g>')).map((line) => {
    const chars: string[] = [];
    for (const m of line.matchAll(/<tspan x="([\d.]+)[^>]*>([^<]*)<\/tspan>/g)) {
      const col = Math.round((Number(m[1]) - FONT.pad) / FONT.cell);
      [...unescape(m[2])].forEach((ch, i) => { chars[col + i] = ch; });
    }
    return { line, text: Array.from(chars, (ch) => ch ?? ' ').join('') };
  });
}
