// ESM chunks for a fast start (an Ink app starts in about half the time bundled): the entry, and
// the parts loaded only when needed (the TUI, the image preview, the chart pictures) in chunks of
// their own, so a snapshot does not even parse them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { noDevtools, patchDependencies } from './build-plugins.js';

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
  plugins: [patchDependencies, noDevtools],
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
