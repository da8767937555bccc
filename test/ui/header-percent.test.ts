import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percent } from '../../src/ui/components/Header.js';

describe('percent', () => {
  it('epoch 29 of 100 is 29 %, not 28 (0.29 * 100 is 28.999…); never over 100', () => {
    assert.equal(percent(29 / 100), 29);
    assert.equal(percent(57 / 100), 57);
    assert.equal(percent(1 / 3), 33);
    assert.equal(percent(999 / 1000), 99);
    assert.equal(percent(1.2), 100);
  });
});
