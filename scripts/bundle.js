// ESM chunks for a fast start (an Ink app starts in about half the time bundled): the entry, and
// the parts loaded only when needed (the TUI, the image preview, systeminformation) in chunks of
// their own, so a snapshot does not even parse them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  plugins: [{
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
