import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatWhen, runSummary, tookText } from '../../src/model/run-summary.js';
import { FakeSession } from '../helpers/fake-session.js';

describe('a finished run’s summary', () => {
  it('wall time from the time column, per epoch, and when the last row was written', () => {
    const s = new FakeSession().grow(50, 50);
    const summary = runSummary(s.store.snapshot, 50);
    assert.deepEqual(summary, { totalSeconds: 3000, meanEpochSeconds: 60, finishedAt: s.now });
    assert.equal(tookText(summary), 'took 50m 00s (1m 00s/epoch)');
    assert.match(formatWhen(s.now), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });
});
