import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TbStore } from '../../src/model/tb-store.js';

describe('TbStore', () => {
  it('keeps every warning made in one update (they wait unpublished together)', () => {
    const store = new TbStore('/runs/PPO_1');
    let told = 0;
    store.subscribe(() => { told += 1; });
    store.update(() => {
      store.warn('corrupt', 'a.0: corrupt record skipped');
      store.warn('bad-length', 'b.0: bad length CRC');
      store.warn('corrupt', 'a.0: corrupt record skipped');
    });
    assert.equal(told, 1);
    assert.deepEqual(store.snapshot.warnings.map((w) => [w.cause, w.count]), [['corrupt', 2], ['bad-length', 1]]);
  });

  it('tells its listeners once for a whole asynchronous pass', async () => {
    const store = new TbStore('/runs/PPO_1');
    let told = 0;
    store.subscribe(() => { told += 1; });
    await store.updateAsync(async () => {
      store.update(() => store.warn('x', 'one'));
      await new Promise((r) => setImmediate(r));
      store.setFiles([]);
    });
    assert.equal(told, 1);
  });
});
