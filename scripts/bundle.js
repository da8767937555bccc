// The build: esbuild's ESM chunks (the entry, and the parts loaded only when needed — the TUI,
// the image preview, the chart pictures — in chunks of their own, so a snapshot does not even
// read them), each made a CommonJS script, dist/**/*.cjs, that src/launch.ts (dist/launch.cjs,
// what bin/ runs) loads with V8's code cache. Node 20 has no code cache for ES modules.
import { readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, transform } from 'esbuild';
import { inkWithoutTopLevelAwait, noDevtools, patchDependencies, yogaWithoutTopLevelAwait } from './build-plugins.js';

rmSync('dist', { recursive: true, force: true });
const chunks = await build({
  entryPoints: { 'aigp-watch': 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  write: false,
  // What each chunk holds and imports: test/start-bundle.test.ts reads it.
  metafile: true,
  // A CommonJS script has no top-level await: Yoga's WebAssembly comes as a promise (run-tui.tsx waits for it).
  plugins: [patchDependencies, noDevtools, yogaWithoutTopLevelAwait, inkWithoutTopLevelAwait],
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native (prebuilt per platform): installed as a dependency, never bundled.
  external: ['@napi-rs/canvas'],
  logLevel: 'warning',
});
for (const file of chunks.outputFiles) {
  if (!file.path.endsWith('.js')) continue;
  const { code } = await transform(file.text, {
    format: 'cjs', loader: 'js', platform: 'node', target: 'node20',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  });
  // A chunk's require is the launcher's; its import() of a chunk is the launcher's __import (a
  // read that does not block), of a package (the native canvas) a require.
  const script = code
    .replace(/require\("(\.\.?\/[^"]+)\.js"\)/g, 'require("$1.cjs")')
    .replace(/\bimport\("(\.\.?\/[^"]+)\.js"\)/g, '__import("$1.cjs")')
    .replace(/\bimport\("([^."][^"]*)"\)/g, 'Promise.resolve().then(() => require("$1"))');
  if (/\bimport\(/.test(script.replace(/\/\/.*$/gm, ''))) throw new Error(`build: ${file.path} has an import() the launcher does not answer`);
  const out = file.path.replace(/\.js$/, '.cjs');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, script);
}
writeFileSync('dist/build-meta.json', JSON.stringify(chunks.metafile));
await build({ entryPoints: ['src/launch.ts'], outfile: 'dist/launch.cjs', bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
if (!readdirSync('dist').includes('aigp-watch.cjs')) throw new Error('build: no dist/aigp-watch.cjs');
