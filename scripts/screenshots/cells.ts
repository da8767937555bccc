// A tmux pane as a grid of cells: `capture-pane -e -p -N` prints each row with the SGR escapes
// that set its colours and attributes; this reads them back into one cell per column, so a
// picture can be drawn from it and two captures compared cell by cell.
import stringWidth from 'string-width';

/** 'default', a palette index (0-255), or '#rrggbb'. */
export type Color = 'default' | number | `#${string}`;

export interface Style {
  fg: Color;
  bg: Color;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
}

export interface Cell {
  /** The character drawn there; '' for the second column of a wide character. */
  ch: string;
  style: Style;
}

export interface Grid {
  cols: number;
  rows: number;
  cells: Cell[][];
}

export const PLAIN: Style = { fg: 'default', bg: 'default', bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false };

const hex = (r: number, g: number, b: number): Color => `#${[r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`;

/** A colour after 38/48: `5;n` or `2;r;g;b` (tmux writes `;`, some terminals `:`); how many parameters it took. */
function extended(params: number[], at: number): { color: Color; used: number } | null {
  if (params[at] === 5 && params.length > at + 1) return { color: params[at + 1], used: 2 };
  if (params[at] === 2 && params.length > at + 3) return { color: hex(params[at + 1], params[at + 2], params[at + 3]), used: 4 };
  return null;
}

/** The style after one SGR sequence's parameters. */
export function applySgr(style: Style, raw: string): Style {
  const params = raw === '' ? [0] : raw.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let s = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) s = { ...PLAIN };
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = p - 30;
    else if (p === 39) s.fg = 'default';
    else if (p >= 40 && p <= 47) s.bg = p - 40;
    else if (p === 49) s.bg = 'default';
    else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
    else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
    else if (p === 38 || p === 48) {
      const c = extended(params, i + 1);
      if (!c) break;
      if (p === 38) s.fg = c.color;
      else s.bg = c.color;
      i += c.used;
    }
  }
  return s;
}

const ESCAPE = /\x1b\[([0-9;:]*)m/y;

/** One captured row into `cols` cells; the style carries over from the row before, as tmux writes it. */
function readRow(line: string, cols: number, start: Style): { cells: Cell[]; style: Style } {
  const cells: Cell[] = [];
  let style = start;
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\x1b') {
      ESCAPE.lastIndex = i;
      const m = ESCAPE.exec(line);
      if (!m) throw new Error(`an escape that is not SGR at column ${cells.length}: ${JSON.stringify(line.slice(i, i + 12))}`);
      style = applySgr(style, m[1]);
      i = ESCAPE.lastIndex;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    i += ch.length;
    const w = stringWidth(ch);
    if (w === 0) {
      // A combining mark belongs to the character before it.
      if (cells.length) cells[cells.length - 1].ch += ch;
      continue;
    }
    cells.push({ ch, style });
    if (w === 2) cells.push({ ch: '', style });
  }
  if (cells.length > cols) throw new Error(`a row of ${cells.length} cells in a ${cols}-column pane: ${JSON.stringify(line)}`);
  while (cells.length < cols) cells.push({ ch: ' ', style: cells.length ? { ...PLAIN, bg: style.bg } : PLAIN });
  return { cells, style };
}

/** `capture-pane -e -p -N` output of a `cols`x`rows` pane. */
export function parseCapture(text: string, cols: number, rows: number): Grid {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length > rows) throw new Error(`${lines.length} rows captured from a ${rows}-row pane`);
  while (lines.length < rows) lines.push('');
  let style = PLAIN;
  const cells = lines.map((line) => {
    const r = readRow(line, cols, style);
    style = r.style;
    return r.cells;
  });
  return { cols, rows, cells };
}

/** The grid's text, a line per row, trailing blanks dropped. */
export function gridText(g: Grid): string {
  return g.cells.map((row) => row.map((c) => c.ch).join('').trimEnd()).join('\n');
}

export const rowText = (g: Grid, r: number): string => g.cells[r].map((c) => c.ch).join('').trimEnd();
