// Edits to dependencies' code, made while bundling (node_modules is never touched). Each says
// why. The build fails when a file no longer has the text an edit expects: look at it again then.

const ink = (name) => new RegExp(`ink[\\\\/]build[\\\\/]${name}\\.js$`);

export const PATCHES = [
  // Ink 6.8 caches every text it measures or wraps, for ever, in module-level maps. A
  // dashboard's chart lines change every frame, so those caches grew by megabytes a minute
  // (bench/soak): bounded here.
  {
    file: ink('measure-text'),
    edits: [['cache.set(text, dimensions);', 'if (cache.size >= 4096) cache.clear(); cache.set(text, dimensions);']],
  },
  {
    file: ink('wrap-text'),
    edits: [['cache[cacheKey] = wrappedText;', 'if (Object.keys(cache).length >= 4096) for (const k in cache) delete cache[k]; cache[cacheKey] = wrappedText;']],
  },
  // Every text node's width, every frame: string-width over each chart line. Kept for the lines
  // of the last frames (two generations of at most 1024 texts).
  {
    file: ink('render-node-to-output'),
    edits: [
      ['const currentWidth = widestLine(text);', 'const currentWidth = cachedWidestLine(text);'],
      ["import widestLine from 'widest-line';", `import widestLine from 'widest-line';
let widthsNow = new Map(), widthsBefore = new Map();
function cachedWidestLine(text) {
    let w = widthsNow.get(text) ?? widthsBefore.get(text);
    if (w === undefined) w = widestLine(text);
    if (widthsNow.size >= 1024) { widthsBefore = widthsNow; widthsNow = new Map(); }
    widthsNow.set(text, w);
    return w;
}`],
    ],
  },
  // Ink's output caches (a line split into styled cells, ~20 KB of objects for a chart line)
  // live one frame, so every frame tokenized every line again, changed or not: most of a redraw
  // at idle. Here a frame may take what the frame before it made, and nothing older: two frames'
  // lines at most (one cache for ever was tried: RSS grew by 130 MB/min). And a row made of the
  // same cells as the frame before is the same string: blank cells are one shared object
  // (nothing writes into a cell), so unchanged rows compare equal cell by cell.
  {
    file: ink('output'),
    edits: [
      ['class OutputCaches {', `const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
let lastRows = [];
function rowText(line, y) {
    const last = lastRows[y];
    if (last && last.cells.length === line.length && last.cells.every((c, i) => c === line[i])) return last.text;
    const text = styledCharsToString(line.filter(item => item !== undefined)).trimEnd();
    lastRows[y] = { cells: line, text };
    return text;
}
let lastCaches;
class OutputCaches {
    constructor() { this.previous = lastCaches; if (lastCaches) lastCaches.previous = undefined; lastCaches = this; }`],
      ['cached = styledCharsFromTokens(tokenize(line));', 'cached = this.previous?.styledChars.get(line) ?? styledCharsFromTokens(tokenize(line));'],
      ['cached = stringWidth(text);', 'cached = this.previous?.widths.get(text) ?? stringWidth(text);'],
      [`row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`, 'row.push(BLANK_CELL);'],
      [`const generatedOutput = output
            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })
            .join('\\n');`, `if (lastRows.length > output.length) lastRows.length = output.length;
        const generatedOutput = output.map(rowText).join('\\n');`],
    ],
  },
  // Yoga's WebAssembly is inlined as a data: URL, which Emscripten's loader fetches with fetch()
  // when there is one: that loads Node's whole fetch implementation (undici) at start, 40-60 ms
  // on this machine. Its own base64 path needs none of it.
  {
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    edits: [['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?']],
  },
];
