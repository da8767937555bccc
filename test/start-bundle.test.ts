// The first frame is drawn before Ink is loaded (src/ui/first-frame.ts): the build's entry must
// not load Ink or React by a static import, or every start pays for their compile before that
// frame. Checked on the build's own account of its chunks (npm test builds it first).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers/paths.js';

const META = join(REPO, 'dist', 'build-meta.json');

interface Meta {
  outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
}

describe('the start-up bundle', { skip: existsSync(META) ? false : 'dist/ is not built (npm run build)' }, () => {
  it('loads neither Ink nor React before the first frame (they come with the TUI chunk)', () => {
    const meta = JSON.parse(readFileSync(META, 'utf8')) as Meta;
    const seen = new Set<string>();
    const walk = (out: string) => {
      if (seen.has(out) || !meta.outputs[out]) return;
      seen.add(out);
      for (const i of meta.outputs[out].imports) if (i.kind === 'import-statement') walk(i.path);
    };
    walk('dist/aigp-watch.js');
    assert.ok(seen.size > 1, 'the entry imports its shared chunks');
    const ui = [...seen].flatMap((out) => Object.keys(meta.outputs[out].inputs).filter((m) => /node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler)\//.test(m)));
    assert.deepEqual(ui, [], 'loaded at start');
    const lazy = Object.entries(meta.outputs).filter(([out]) => !seen.has(out)).flatMap(([, o]) => Object.keys(o.inputs));
    assert.ok(lazy.some((m) => m.includes('node_modules/ink/')), 'Ink is in a chunk loaded later');
  });
});
