import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { backoff } from '../../src/live/backoff.js';

/** Lets the look's promise settle between timer ticks. */
const settle = () => new Promise<void>((done) => setImmediate(done));

describe('backoff', () => {
  it('waits twice as long after each quiet look, up to the cap; a look that finds something, or wake(), starts over', async (t) => {
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const at: number[] = [];
    let now = 0;
    let found = false;
    const b = backoff(async () => {
      at.push(now);
      return found;
    }, 100, 400);
    const advance = async (ms: number) => {
      for (let i = 0; i < ms; i += 50) {
        now += 50;
        mock.timers.tick(50);
        await settle();
      }
    };
    await advance(1500);
    assert.deepEqual(at, [100, 300, 700, 1100, 1500]);
    found = true;
    await advance(500);
    assert.deepEqual(at.slice(5), [1900, 2000]);
    found = false;
    await advance(700);
    assert.deepEqual(at.slice(7), [2100, 2300, 2700]);
    b.wake();
    await advance(100);
    assert.equal(at.at(-1), 2800);
    b.stop();
    const n = at.length;
    await advance(1000);
    assert.equal(at.length, n);
  });
});
