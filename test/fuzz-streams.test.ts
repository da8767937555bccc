// A short run of the stream fuzzers (npm run fuzz runs 2000 a format): the nvidia-smi stream
// through the GPU sampler, and a fake ssh host mutating the remote program's frames. Fixed seeds,
// so that a failure here is `npm run fuzz -- --seed S --cases 1 --format F` anywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNvidiaSmiStream } from '../fuzz/nvidia-smi-stream.js';
import { checkRemoteHost } from '../fuzz/remote-host.js';
import { tempDir } from './helpers/paths.js';

const CASES = 15;

describe('fuzzing the streams (short run)', () => {
  for (const [format, check, budget] of [['nvidia-smi-stream', checkNvidiaSmiStream, 10_000], ['remote-host', checkRemoteHost, 30_000]] as const) {
    it(`${format}: ${CASES} mutants without a throw, a control character out, a hang or a process left`, { timeout: CASES * (budget + 15_000) }, async (t) => {
      const failures = [];
      for (let seed = 1; seed <= CASES; seed++) {
        const f = await check(seed, tempDir(t), budget);
        if (f) failures.push(`--seed ${f.seed}: ${f.what}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
