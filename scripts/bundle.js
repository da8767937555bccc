// ESM chunks for a fast start (an Ink app starts in about half the time bundled): the entry, and
// the parts loaded only when needed (the TUI, the image preview, systeminformation) in chunks of
// their own, so a snapshot does not even parse them.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * Ink 6.8 caches every text it measures or wraps, for ever, in module-level maps. A dashboard's
 * chart lines change every frame, so those caches grew by megabytes a minute (see bench/soak):
 * here they are bounded. (Sharing Ink's per-frame output caches between frames was tried: a
 * tokenized line is ~20 KB of objects, and RSS went up by 130 MB/min. They stay per frame.)
 * The build fails if Ink's code changes.
 */
const boundedInkCaches = {
  name: 'bounded-ink-caches',
  setup(b) {
    const patches = {
      'measure-text.js': ['cache.set(text, dimensions);', 'if (cache.size >= 4096) cache.clear(); cache.set(text, dimensions);'],
      'wrap-text.js': ['cache[cacheKey] = wrappedText;', 'if (Object.keys(cache).length >= 4096) for (const k in cache) delete cache[k]; cache[cacheKey] = wrappedText;'],
    };
    b.onLoad({ filter: /ink[\\/]build[\\/](measure-text|wrap-text)\.js$/ }, (args) => {
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
  // Bundled CommonJS (react, systeminformation, the image decoder) needs require() and __dirname in ESM.
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
