// The text first frame asks runText for a pane's worth of lines: only what fits is made (no
// chart started past the budget, no tables under it), and the whole report when no budget is given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCard } from '../../src/model/run-card.js';
import { runText } from '../../src/report/run-report.js';
import { FakeSession } from '../helpers/fake-session.js';

describe('runText with a line budget', () => {
  const card = runCard(new FakeSession().grow(500, 1000).getSnapshot(), null);
  const whole = runText(card, 100).split('\n');

  it('stops starting charts once the budget is reached, and leaves the tables out', () => {
    const first = runText(card, 100, 12).split('\n');
    assert.match(first[0], /epoch 500\/1000/);
    assert.ok(first.length < whole.length / 2, `${first.length} lines of ${whole.length}`);
    assert.ok(first.length <= 12 + 20, 'at most the one chart that started within the budget');
    assert.ok(!first.some((l) => /^column +last/.test(l)), 'no column table');
    assert.ok(whole.some((l) => /^column +last/.test(l)), 'the whole report has it');
  });

  it('gives what the whole report gives, line for line, as far as it goes', () => {
    const first = runText(card, 100, 30).split('\n');
    assert.deepEqual(first.slice(0, 25), whole.slice(0, 25));
  });
});
