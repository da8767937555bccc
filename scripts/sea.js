// npm run sea: dist/aigp-watch-linux-x64, one file that runs without node installed (Node's single
// executable application: this node binary with the app, as one CommonJS script and its V8 code
// cache, in an ELF note). Node 20 has no --build-sea and postject is not installed here, so the
// note is added by sea-inject.js. PNG export needs @napi-rs/canvas (native), which the executable
// cannot load: it says so.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { noDevtools, patchDependencies } from './build-plugins.js';
import { injectSeaBlob } from './sea-inject.js';

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`sea: builds for linux-x64 only (this is ${process.platform}-${process.arch})`);

/** Yoga loads its WebAssembly with a top-level await, which a CommonJS script cannot have: the SEA's entry waits for it instead. */
const yogaWithoutTopLevelAwait = {
  name: 'yoga-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, () => ({
      contents: [
        "import { loadYoga } from './load.js';",
        "export * from './generated/YGEnums.js';",
        'let Yoga;',
        'export const yogaReady = loadYoga().then((y) => { Yoga = y; });',
        'export { Yoga as default };',
      ].join('\n'),
      loader: 'js',
      resolveDir: new URL('../node_modules/yoga-layout/dist/src/', import.meta.url).pathname,
    }));
  },
};

/** Ink's reconciler awaits the devtools and its package.json at the top when DEV=true: not in the SEA. */
const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of [["await import('./devtools.js');", ''], ['? await loadPackageJson()', '? {}']]) {
        if (!text.includes(from)) throw new Error(`sea: ${args.path} changed (no '${from}')`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

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
