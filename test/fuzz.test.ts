// A short run of the fuzz harness (npm run fuzz runs many more): fixed seeds, so a failure here
// is the same failure on every machine and `npm run fuzz -- --seed S --cases 1 --format F` shows it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, FORMATS, mutate, random } from '../fuzz/harness.js';
import { tempDir } from './helpers/paths.js';

const CASES = 40;

describe('fuzzing the readers (short run)', () => {
  it('mutations are the same for the same seed', () => {
    const input = Buffer.from('epoch,train/box_loss\n1,0.5\n2,0.4\n');
    assert.deepEqual(mutate(input, random(7)), mutate(input, random(7)));
    assert.notDeepEqual(mutate(input, random(7)), mutate(input, random(8)));
  });

  for (const format of FORMATS) {
    it(`${format}: ${CASES} mutants read without a throw, a control character out, or a hang`, async (t) => {
      const failures = [];
      for (let seed = 1; seed <= CASES; seed++) {
        const f = await check(format, seed, tempDir(t), 20_000);
        if (f) failures.push(`--seed ${f.seed}: ${f.what}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});
