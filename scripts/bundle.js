// ESM chunks for a fast start (an Ink app starts in about half the time bundled): the entry, and
// the parts loaded only when needed (the TUI, the image preview, the chart pictures) in chunks of
// their own, so a snapshot does not even parse them.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Ink 6.8 caches every text it measures or wraps, for ever, in module-level maps. A dashboard's
 * chart lines change every frame, so those caches grew by megabytes a minute (see bench/soak):
 * here they are bounded.
 * Its output caches (a line split into styled cells, ~20 KB of objects for a chart line) live one
 * frame, so every frame tokenized every line again, changed or not: most of a redraw at idle.
 * Here a frame may take what the frame before it made, and nothing older: two frames' lines at
 * most. (Sharing one cache for ever was tried: RSS went up by 130 MB/min.)
 * The build fails if Ink's code changes.
 */
const boundedInkCaches = {
  name: 'bounded-ink-caches',
  setup(b) {
    const patches = {
      'measure-text.js': ['cache.set(text, dimensions);', 'if (cache.size >= 4096) cache.clear(); cache.set(text, dimensions);'],
      'wrap-text.js': ['cache[cacheKey] = wrappedText;', 'if (Object.keys(cache).length >= 4096) for (const k in cache) delete cache[k]; cache[cacheKey] = wrappedText;'],
      // Every text node's width, every frame: string-width over each chart line. Kept for the
      // lines of the last frames (two generations of at most 1024 texts).
      'render-node-to-output.js': [
        ['const currentWidth = widestLine(text);', 'const currentWidth = cachedWidestLine(text);'],
        ["import widestLine from 'widest-line';", "import widestLine from 'widest-line';\nlet widthsNow = new Map(), widthsBefore = new Map();\nfunction cachedWidestLine(text) {\n    let w = widthsNow.get(text) ?? widthsBefore.get(text);\n    if (w === undefined) w = widestLine(text);\n    if (widthsNow.size >= 1024) { widthsBefore = widthsNow; widthsNow = new Map(); }\n    widthsNow.set(text, w);\n    return w;\n}"],
      ],
      'output.js': [
        ['class OutputCaches {', 'let lastCaches;\nclass OutputCaches {\n    constructor() { this.previous = lastCaches; if (lastCaches) lastCaches.previous = undefined; lastCaches = this; }'],
        ['cached = styledCharsFromTokens(tokenize(line));', 'cached = this.previous?.styledChars.get(line) ?? styledCharsFromTokens(tokenize(line));'],
        ['cached = stringWidth(text);', 'cached = this.previous?.widths.get(text) ?? stringWidth(text);'],
        // A row made of the same cells as the frame before is the same string: blank cells are
        // one shared object (nothing writes into a cell), so unchanged rows compare equal.
        ["row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });", 'row.push(BLANK_CELL);'],
        ['class OutputCaches {', "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\nlet lastRows = [];\nfunction rowText(line, y) {\n    const last = lastRows[y];\n    if (last && last.cells.length === line.length && last.cells.every((c, i) => c === line[i])) return last.text;\n    const text = styledCharsToString(line.filter(item => item !== undefined)).trimEnd();\n    lastRows[y] = { cells: line, text };\n    return text;\n}\nclass OutputCaches {"],
        [
          "const generatedOutput = output\n            .map(line => {\n            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742\n            const lineWithoutEmptyItems = line.filter(item => item !== undefined);\n            return styledCharsToString(lineWithoutEmptyItems).trimEnd();\n        })\n            .join('\\n');",
          "if (lastRows.length > output.length) lastRows.length = output.length;\n        const generatedOutput = output.map(rowText).join('\\n');",
        ],
      ],
    };
    b.onLoad({ filter: /ink[\\/]build[\\/](measure-text|wrap-text|output|render-node-to-output)\.js$/ }, (args) => {
      const name = args.path.split(/[\\/]/).pop();
      const list = Array.isArray(patches[name][0]) ? patches[name] : [patches[name]];
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of list) {
        if (!text.includes(from)) throw new Error(`bounded-ink-caches: ${name} changed (no '${from}'); check Ink's caches again`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { 'aigp-watch': 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  // Ink connects to the React devtools (a websocket) when DEV=true: this tool opens no socket,
  // so that module is replaced by an empty one.
  plugins: [boundedInkCaches, {
    name: 'no-devtools',
    setup(b) {
      b.onResolve({ filter: /(^|\/)devtools\.js$/ }, (args) =>
        args.importer.includes('/ink/') ? { path: 'ink-devtools', namespace: 'stub' } : undefined);
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  }],
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native (prebuilt per platform): installed as a dependency, never bundled.
  external: ['@napi-rs/canvas'],
  // Bundled CommonJS (react, the image decoder) needs require() and __dirname in ESM.
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fu } from 'node:url';",
      "import { dirname as __dn } from 'node:path';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fu(import.meta.url);',
      'const __dirname = __dn(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
