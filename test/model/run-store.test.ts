import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunStore } from '../../src/model/run-store.js';

const COLS = ['epoch', 'train/box_loss', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)'];
const row = (epoch: number, loss = 1, line = epoch + 1) => ({ epoch, values: [epoch, loss, 0.5, 0.3], line });

describe('RunStore', () => {
  it('appends rows as column arrays and notifies once per batch', () => {
    const store = new RunStore('/runs/detect/x');
    let calls = 0;
    store.subscribe(() => calls++);
    store.update(() => {
      store.setHeader(COLS, 1);
      store.appendRows([row(1), row(2), row(3)], null);
    });
    assert.equal(calls, 1);
    const s = store.snapshot;
    assert.deepEqual(s.epochs, [1, 2, 3]);
    assert.deepEqual(s.values[1], [1, 1, 1]);
    assert.equal(s.label, 'x');
  });

  it('an epoch written again after a resume replaces the rows from there', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1, 5), row(2, 4), row(3, 3), row(2, 9), row(3, 8)], null);
    const s = store.snapshot;
    assert.deepEqual(s.epochs, [1, 2, 3]);
    assert.deepEqual(s.values[1], [5, 9, 8]);
    assert.match(s.warnings[0].message, /epoch 2 written again/);
  });

  it('epochs that restart at the first epoch begin a new training and set the old rows aside', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1), row(2), row(3), row(1, 7)], null);
    const s = store.snapshot;
    assert.deepEqual(s.epochs, [1]);
    assert.equal(s.setAside, 3);
    assert.match(s.warnings[0].message, /restart at 1/);
  });

  it('a skipped epoch is a gap, not an error', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1), row(2), row(4)], null);
    assert.deepEqual(store.snapshot.epochs, [1, 2, 4]);
    assert.deepEqual(store.snapshot.warnings, []);
  });

  it('a header change mid-file starts new series and says so', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1)], null);
    store.setHeader(['epoch', 'train/loss'], 3);
    const s = store.snapshot;
    assert.deepEqual(s.columns, ['epoch', 'train/loss']);
    assert.equal(s.epochs.length, 0);
    assert.match(s.warnings[0].message, /header changed at line 3/);
  });

  it('repeated warnings of one cause are counted, not listed', () => {
    const store = new RunStore('/r');
    for (let i = 0; i < 100; i++) store.warn('bad-line', `line ${i} skipped`);
    assert.equal(store.snapshot.warnings.length, 1);
    assert.equal(store.snapshot.warnings[0].count, 100);
  });
});
