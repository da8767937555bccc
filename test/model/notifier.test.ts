import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Notifier } from '../../src/model/notifier.js';

describe('Notifier', () => {
  it('a batch tells once at its end; progress() tells what there is in the middle, and only if something changed', async () => {
    const n = new Notifier();
    let told = 0;
    n.subscribe(() => (told += 1));
    await n.batchAsync(async () => {
      n.progress();
      assert.equal(told, 0, 'nothing changed yet');
      n.changed();
      n.changed();
      assert.equal(told, 0);
      n.progress();
      assert.equal(told, 1, 'what there is so far');
      n.progress();
      assert.equal(told, 1);
      n.changed();
    });
    assert.equal(told, 2);
    n.changed();
    assert.equal(told, 3, 'outside a batch: at once');
  });
});
