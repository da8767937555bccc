// esbuild plugins both builds share (the ESM chunks of dist/, and the single file of the SEA).
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
