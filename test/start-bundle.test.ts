// The first frame is drawn before Ink is loaded (src/ui/first-frame.ts): the build's entry must
// not load Ink or React by a static import, or every start pays for their compile before that
// frame. Checked on the built bundle (npm test builds it first).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers/paths.js';

const ENTRY = join(REPO, 'dist', 'aigp-watch.js');

/** Every file the entry loads before it runs: its static imports, and theirs. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?["'](\.{1,2}\/[^"']+)["']/gm)) staticallyLoaded(join(dirname(file), m[1]), seen);
  return seen;
}

describe('the start-up bundle', { skip: existsSync(ENTRY) ? false : 'dist/ is not built (npm run build)' }, () => {
  it('loads neither Ink nor React before the first frame (they come with the TUI chunk)', () => {
    const files = [...staticallyLoaded(ENTRY)];
    assert.ok(files.length > 1, 'the entry imports its shared chunks');
    for (const f of files) {
      const modules = [...readFileSync(f, 'utf8').matchAll(/^\/\/ (node_modules\/\S+)$/gm)].map((m) => m[1]);
      const ui = modules.filter((m) => /^node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler)\//.test(m));
      assert.deepEqual(ui, [], `${f.slice(REPO.length + 1)} is loaded at start`);
    }
  });
});
