// ESM chunks for a fast start (an Ink app starts in about half the time bundled): the entry, and
// the parts loaded only when needed (the TUI, the image preview, the chart pictures) in chunks of
// their own, so a snapshot does not even parse them.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { PATCHES } from './dependency-patches.js';

/** The edits of dependency-patches.js, applied as esbuild loads those files. */
const patchDependencies = {
  name: 'patch-dependencies',
  setup(b) {
    const applied = new Set();
    b.onEnd(() => {
      const missed = PATCHES.filter((p) => !applied.has(p));
      if (missed.length) throw new Error(`patch-dependencies: no file matched ${missed.map((p) => p.file).join(', ')}`);
    });
    for (const patch of PATCHES) {
      const { file, except, edits } = patch;
      b.onLoad({ filter: file }, (args) => {
        if (except?.test(args.path)) return undefined;
        applied.add(patch);
        let text = readFileSync(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (!text.includes(from)) throw new Error(`patch-dependencies: ${args.path} changed (no '${from.slice(0, 60)}'); check this edit again`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    }
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
  plugins: [patchDependencies, {
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
