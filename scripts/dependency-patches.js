// Edits to dependencies' code, made while bundling (node_modules is never touched). Each says
// why. The build fails when a file no longer has the text an edit expects: look at it again then.

/**
 * Characters string-width counts as one column (checked one by one in test/string-width.test.ts):
 * ASCII, braille, and ⚠ (a stalled run's header: it alone sent that line down the slow path,
 * whose first use builds an Intl.Segmenter and the RGI_Emoji set, ~25 ms, in Ink's first frame).
 */
export const NARROW = String.raw`\u0020-\u007E\u2800-\u28FF\u26A0`;
/** ... and these too while ambiguous-width characters count as narrow. */
export const AMBIGUOUS_NARROW = String.raw`\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2190-\u2193\u2500-\u25FC`;

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
  // string-width segments every non-ASCII line into graphemes and looks each up: braille chart
  // lines and box-drawn axes are most of this screen's text, and all of them one column a
  // character. Its fast path is widened to them (ambiguous-width ones only when ambiguous counts
  // as narrow, its default). test/string-width.test.ts checks every character of these sets.
  // (wrap-ansi's own older string-width has an edit of its own, below.)
  {
    file: /node_modules[\\/]string-width[\\/]index\.js$/,
    except: /wrap-ansi[\\/]node_modules/,
    edits: [
      [String.raw`if (/^[\u0020-\u007E]*$/.test(string)) {`, 'if (NARROW.test(string) || (ambiguousIsNarrow && NARROW_IF_AMBIGUOUS_NARROW.test(string))) {'],
      // Made when first needed, not when Ink loads: the first Intl.Segmenter and the RGI_Emoji
      // set take ~15 ms each at start, and most screens never leave the fast path.
      ['const segmenter = new Intl.Segmenter();', `let segmenter;
const NARROW = /^[${NARROW}]*$/;
const NARROW_IF_AMBIGUOUS_NARROW = /^[${NARROW}${AMBIGUOUS_NARROW}]*$/;`],
      ['segmenter.segment(string)', '(segmenter ??= new Intl.Segmenter()).segment(string)'],
      [String.raw`const rgiEmojiRegex = /^\p{RGI_Emoji}$/v;`, 'let rgiEmojiRegex;'],
      ['rgiEmojiRegex.test(segment)', String.raw`(rgiEmojiRegex ??= /^\p{RGI_Emoji}$/v).test(segment)`],
    ],
  },
  // wrap-ansi's own string-width (for text wider than its box, rare here): its segmenter too.
  {
    file: /wrap-ansi[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    edits: [
      ['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
      ['segmenter.segment(string)', '(segmenter ??= new Intl.Segmenter()).segment(string)'],
    ],
  },
  // A row appended redraws every chart line, and Ink turns each line into cells and back with
  // ansi-tokenize: a copy of the style list per character, then a style diff (three Sets) between
  // every two neighbours. Characters of one run share one list here (nothing writes into it), and
  // neighbours with the same list need no diff. ~55 -> ~20 ms of the 100x30 frame of an append.
  {
    file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    edits: [
      ['styles: [...codes],', 'styles: codes,'],
      ['ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));', 'if (chars[i - 1].styles !== char.styles) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));'],
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
