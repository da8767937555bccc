// esbuild plugins both builds share (the scripts of dist/, and the single file of the SEA).
import { readFileSync } from 'node:fs';
import { PATCHES } from './dependency-patches.js';

/** The edits of dependency-patches.js, applied as esbuild loads those files. */
export const patchDependencies = {
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

// Ink connects to the React devtools (a websocket) when DEV=true: this tool opens no socket,
// so that module is replaced by an empty one.
export const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /(^|\/)devtools\.js$/ }, (args) =>
      args.importer.includes('/ink/') ? { path: 'ink-devtools', namespace: 'stub' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** Yoga loads its WebAssembly with a top-level await, which a CommonJS script cannot have: it exports yogaReady instead (run-tui.tsx waits for it; the SEA's entry too). */
export const yogaWithoutTopLevelAwait = {
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

/** Ink's reconciler awaits the devtools and its package.json at the top when DEV=true: not in a CommonJS script. */
export const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of [["await import('./devtools.js');", ''], ['? await loadPackageJson()', '? {}']]) {
        if (!text.includes(from)) throw new Error(`build: ${args.path} changed (no '${from}')`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};
