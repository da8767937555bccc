// Preloaded into every test process. Ink (through is-in-ci) holds all output until exit when
// CI is set, which would leave component tests nothing to read; CI=false turns that off.
process.env.CI = 'false';

// The built CLI keeps its compiled code in $XDG_CACHE_HOME (src/launch.ts): the CLIs tests start
// keep theirs in a folder of this test process, gone when it ends, not in the home of whoever runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.AIGP_TEST_CACHE) {
  const cache = mkdtempSync(join(tmpdir(), 'aigp-test-cache-'));
  process.env.XDG_CACHE_HOME = process.env.AIGP_TEST_CACHE = cache;
  process.on('exit', () => rmSync(cache, { recursive: true, force: true }));
}
