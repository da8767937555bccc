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
    assert.deepEqual([...s.epochs], [1, 2, 3]);
    assert.deepEqual([...s.values[1]], [1, 1, 1]);
    assert.equal(s.label, 'x');
  });

  it('an epoch written again after a resume replaces the rows from there', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1, 5), row(2, 4), row(3, 3), row(2, 9), row(3, 8)], null);
    const s = store.snapshot;
    assert.deepEqual([...s.epochs], [1, 2, 3]);
    assert.deepEqual([...s.values[1]], [5, 9, 8]);
    assert.match(s.warnings[0].message, /epoch 2 written again/);
  });

  it('epochs that restart at the first epoch begin a new training and set the old rows aside', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1), row(2), row(3), row(1, 7)], null);
    const s = store.snapshot;
    assert.deepEqual([...s.epochs], [1]);
    assert.equal(s.setAside, 3);
    assert.match(s.warnings[0].message, /restart at 1/);
  });

  it('a skipped epoch is a gap, not an error', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1), row(2), row(4)], null);
    assert.deepEqual([...store.snapshot.epochs], [1, 2, 4]);
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

  it('keeps its rows as typed columns; a snapshot is not changed by what comes after it', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1, 5), row(2, 4), row(3, 3)], null);
    const before = store.snapshot;
    assert.ok(before.epochs instanceof Float64Array && before.values[1] instanceof Float64Array);
    // Past the first arrays' room, a resume's cut, a restart: the old snapshot still shows its rows.
    store.appendRows(Array.from({ length: 3000 }, (_, i) => row(i + 4, 2)), 1234);
    store.appendRows([row(2, 9)], null);
    assert.deepEqual([...before.epochs], [1, 2, 3]);
    assert.deepEqual([...before.values[1]], [5, 4, 3]);
    assert.deepEqual([...store.snapshot.epochs], [1, 2]);
    assert.deepEqual([...store.snapshot.values[1]], [5, 9]);
    assert.ok(Number.isNaN(store.snapshot.arrivals[0]), 'read at start: no arrival time');
  });

  it('past its cap of cells thins the rows it keeps, while what is shown stays exact over every row', () => {
    // Six columns a row with epochs and arrivals: 600 cells hold 100 rows.
    const store = new RunStore('/r', undefined, 600);
    store.setHeader(COLS, 1);
    const n = 1000;
    const loss = (e: number) => (e === 333 ? 0.01 : e === 777 ? 50 : 10 - e / 200);
    const map = (e: number) => (e === 555 ? 0.9 : 0.3 + e / 10_000);
    store.appendRows(Array.from({ length: n }, (_, i) => ({ epoch: i + 1, values: [i + 1, loss(i + 1), 0.5, map(i + 1)], line: i + 2 })), null);
    const s = store.snapshot;
    assert.equal(s.rows, n, 'every row counted');
    assert.ok(s.epochs.length <= 100, `${s.epochs.length} rows kept`);
    assert.ok(s.thinned > 0);
    assert.equal(s.epochs[s.epochs.length - 1], n, 'the newest row is always kept');
    for (let i = 1; i < s.epochs.length; i++) assert.ok(s.epochs[i] > s.epochs[i - 1], 'kept in order');
    assert.deepEqual(s.stats[1], { min: 0.01, max: 50, minAt: 333, maxAt: 777 }, 'extremes of rows thinned away');
    assert.equal(s.best?.epoch, 555, 'the best row, thinned away or not');
    assert.equal(s.best?.values[3], 0.9);
    assert.match(s.warnings.map((w) => w.message).join('\n'), /over 100 rows: the charts keep fewer/);
  });

  it('after a resume the stats are those of the rows kept', () => {
    const store = new RunStore('/r');
    store.setHeader(COLS, 1);
    store.appendRows([row(1, 5), row(2, 0.1), row(3, 3), row(2, 9)], null);
    assert.deepEqual(store.snapshot.stats[1], { min: 5, max: 9, minAt: 1, maxAt: 2 });
    assert.equal(store.snapshot.rows, 2);
  });
});
