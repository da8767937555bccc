import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Heartbeat, type Beat } from '../../src/live/heartbeat.js';
import { throttledSource } from '../../src/live/throttled-source.js';
import { Notifier } from '../../src/model/notifier.js';

/** A beat the test fires by hand. */
function manualBeat() {
  const listeners = new Set<(now: number) => void>();
  const beat: Beat & { fire(now?: number): void; size(): number } = {
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    fire: (now = 0) => listeners.forEach((l) => l(now)),
    size: () => listeners.size,
  };
  return beat;
}

/** A store whose snapshot the test replaces. */
function fakeStore<S>(first: S) {
  const n = new Notifier();
  const store = { snapshot: first, subscribe: n.subscribe, set(s: S) { store.snapshot = s; n.changed(); } };
  return store;
}

describe('the heartbeat', () => {
  it('beats on wall-clock multiples of its period, and stops when nobody listens', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_003 });
    const hb = new Heartbeat(100);
    const seen: number[] = [];
    const off = hb.subscribe((now) => seen.push(now));
    t.mock.timers.tick(96);
    assert.deepEqual(seen, []);
    t.mock.timers.tick(1);
    assert.deepEqual(seen, [1_000_100]);
    t.mock.timers.tick(100);
    t.mock.timers.tick(100);
    assert.deepEqual(seen, [1_000_100, 1_000_200, 1_000_300]);
    off();
    t.mock.timers.tick(1000);
    assert.equal(seen.length, 3);
  });

  it('tells every listener in one callback, before any microtask runs (React batches them into one frame)', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
    const hb = new Heartbeat(10);
    const order: string[] = [];
    hb.subscribe(() => {
      order.push('first');
      queueMicrotask(() => order.push('microtask'));
    });
    hb.subscribe(() => order.push('second'));
    t.mock.timers.tick(10);
    assert.deepEqual(order.slice(0, 2), ['first', 'second']);
  });
});

describe('a store seen on the beat', () => {
  it('shows changes only on a beat, urgent ones at once, and nothing new on a quiet beat', () => {
    const beat = manualBeat();
    const store = fakeStore({ status: 'ok', value: 1 });
    const src = throttledSource(store, beat, (a, b) => a.status !== b.status);
    let told = 0;
    src.subscribe(() => { told += 1; });
    store.set({ status: 'ok', value: 2 });
    store.set({ status: 'ok', value: 3 });
    assert.equal(src.getSnapshot().value, 1);
    beat.fire();
    assert.equal(src.getSnapshot().value, 3);
    assert.equal(told, 1);
    beat.fire();
    assert.equal(told, 1, 'a beat with nothing new tells nobody');
    store.set({ status: 'nvidia-smi exited', value: 3 });
    assert.equal(told, 2);
    assert.equal(src.getSnapshot().status, 'nvidia-smi exited');
    src.stop();
    assert.equal(beat.size(), 0);
  });
});
