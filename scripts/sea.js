// npm run sea: dist/aigp-watch-linux-x64, one file that runs without node installed (Node's single
// executable application: this node binary with the app, as one CommonJS script and its V8 code
// cache, in an ELF note). Node 20 has no --build-sea and postject is not installed here, so the
// note is added by sea-inject.js. PNG export needs @napi-rs/canvas (native), which the executable
// cannot load: it says so.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { inkWithoutTopLevelAwait, noDevtools, patchDependencies, yogaWithoutTopLevelAwait } from './build-plugins.js';
import { injectSeaBlob } from './sea-inject.js';

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`sea: builds for linux-x64 only (this is ${process.platform}-${process.arch})`);

/** The native canvas cannot be loaded from inside the executable: what needs it says so. */
const noCanvas = {
  name: 'no-canvas',
  setup(b) {
    b.onResolve({ filter: /^@napi-rs\/canvas$/ }, () => ({ path: 'canvas', namespace: 'no-canvas' }));
    b.onLoad({ filter: /.*/, namespace: 'no-canvas' }, () => ({
      contents: "throw new Error('not in the single executable: PNG export and pictures need @napi-rs/canvas (install aigp-watch with npm)');",
      loader: 'js',
    }));
  },
};

const out = 'dist/sea';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/entry.js`, "import { yogaReady } from 'yoga-layout';\nyogaReady.then(() => import('../../src/main.ts'));\n");
await build({
  entryPoints: [`${out}/entry.js`],
  outfile: `${out}/aigp-watch.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  plugins: [patchDependencies, noDevtools, yogaWithoutTopLevelAwait, inkWithoutTopLevelAwait, noCanvas],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
});
writeFileSync(`${out}/sea-config.json`, JSON.stringify({ main: `${out}/aigp-watch.cjs`, output: `${out}/sea.blob`, disableExperimentalSEAWarning: true, useCodeCache: true }));
execFileSync(process.execPath, ['--experimental-sea-config', `${out}/sea-config.json`], { stdio: 'inherit' });
const exe = 'dist/aigp-watch-linux-x64';
copyFileSync(process.execPath, exe);
injectSeaBlob(exe, `${out}/sea.blob`);
chmodSync(exe, 0o755);
console.log(exe);
