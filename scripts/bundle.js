// One ESM file for a fast start (an Ink app starts in about half the time bundled).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/aigp-watch.js',
  bundle: true,
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
  // Bundled CommonJS (react) needs require() in ESM.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
