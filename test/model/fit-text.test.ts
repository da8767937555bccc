import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitPath, middleEllipsis } from '../../src/model/fit-text.js';

describe('fitting names in columns', () => {
  it('middle ellipsis keeps both ends', () => {
    assert.equal(middleEllipsis('abcdefghij', 10), 'abcdefghij');
    assert.equal(middleEllipsis('abcdefghij', 5), 'ab…ij');
    assert.equal(middleEllipsis('abcdefghij', 1), '…');
    assert.equal(middleEllipsis('abcdefghij', 0), '');
  });

  it('a path gives up its folders first, then the middle of its name (stem and hash end stay)', () => {
    const p = 'media/images/train_batch0_1_0123456789abcdef0123.jpg';
    assert.equal(fitPath(p, 60), p);
    assert.equal(fitPath(p, 47), 'media/…/train_batch0_1_0123456789abcdef0123.jpg');
    assert.equal(fitPath(p, 24), 'train_batch0…def0123.jpg');
    assert.equal(fitPath(p, 24).length, 24);
    assert.equal(fitPath('output.log', 6), 'out…og');
  });
});
