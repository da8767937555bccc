import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';
import { RunStore } from '../../src/model/run-store.js';
import { viewRun } from '../../src/model/run-view.js';

const COLS = ['epoch', 'time', 'train/box_loss', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)', 'val/box_loss', 'lr/pg0'];
const T0 = 1_700_000_000_000;

function run(rows: number, opts: { epochs?: number | null; patience?: number; base?: number; secs?: number; fitness?: (i: number) => number } = {}) {
  const store = new RunStore('/runs/detect/apex');
  store.setExists(true);
  store.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs: opts.epochs === undefined ? 20 : opts.epochs, patience: opts.patience ?? 100 }, T0);
  store.setHeader(COLS, 1);
  const secs = opts.secs ?? 60;
  const base = opts.base ?? 1;
  const fit = opts.fitness ?? ((i: number) => i / 100);
  store.appendRows(
    Array.from({ length: rows }, (_, i) => ({ epoch: i + base, values: [i + base, (i + 1) * secs, 1 / (i + 1), fit(i), fit(i), 2 / (i + 1), 0.01], line: i + 2 })),
    null,
  );
  store.setFileTimes(T0 + rows * secs * 1000, false);
  return store;
}

describe('viewRun', () => {
  it('reports progress, time per epoch from the time column, and the ETA', () => {
    const v = viewRun(run(5).snapshot, T0 + 5 * 60_000 + 1000);
    assert.equal(v.status, 'live');
    assert.equal(v.epoch, 5);
    assert.equal(v.done, 5);
    assert.equal(v.total, 20);
    assert.equal(v.epochSeconds, 60);
    assert.equal(v.etaSeconds, 15 * 60);
    assert.equal(v.name, 'apex');
  });

  it('counts 0-based epochs right', () => {
    const v = viewRun(run(20, { base: 0 }).snapshot, T0 + 20 * 60_000);
    assert.equal(v.epoch, 19);
    assert.equal(v.done, 20);
    assert.equal(v.status, 'finished');
  });

  it('is stalled when no row came for three epochs’ time', () => {
    const v = viewRun(run(5).snapshot, T0 + 5 * 60_000 + 10 * 60_000);
    assert.equal(v.status, 'stalled');
    assert.ok((v.idleSeconds ?? 0) >= 600);
  });

  it('is early-stopped when results.png came before the last epoch', () => {
    const store = run(8);
    store.setFileTimes(T0 + 8 * 60_000, true);
    assert.equal(viewRun(store.snapshot, T0 + 9 * 60_000).status, 'early-stopped');
  });

  it('is early-stopped when patience has run out since the best epoch', () => {
    const store = run(12, { patience: 5, fitness: (i) => (i === 3 ? 0.9 : 0.1) });
    const v = viewRun(store.snapshot, T0 + 12 * 60_000);
    assert.equal(v.bestEpoch, 4);
    assert.equal(v.status, 'early-stopped');
  });

  it('is waiting before the first row', () => {
    const store = new RunStore('/r');
    assert.equal(viewRun(store.snapshot, T0).status, 'waiting');
  });

  it('without a time column, falls back to args.yaml-to-last-row time per epoch', () => {
    const store = new RunStore('/r');
    store.setExists(true);
    store.setArgs({ ...EMPTY_ARGS, epochs: 10 }, T0);
    store.setHeader(['epoch', 'train/box_loss'], 1);
    store.appendRows([1, 2, 3, 4].map((e) => ({ epoch: e, values: [e, 1], line: e + 1 })), null);
    store.setFileTimes(T0 + 4 * 90_000, false);
    const v = viewRun(store.snapshot, T0 + 4 * 90_000);
    assert.equal(v.epochSeconds, 90);
    assert.equal(v.etaSeconds, 6 * 90);
  });

  it('a pace from file times needs a span those times can measure (whole seconds over ssh): none from args.yaml and results.csv written together', () => {
    const store = new RunStore('/r');
    store.setExists(true);
    store.setArgs({ ...EMPTY_ARGS, epochs: 3 }, T0);
    store.setHeader(['epoch', 'train/box_loss'], 1);
    store.appendRows([1, 2].map((e) => ({ epoch: e, values: [e, 1], line: e + 1 })), null);
    store.setFileTimes(T0 + 1000, false);
    const v = viewRun(store.snapshot, T0 + 1000);
    assert.equal(v.epochSeconds, null);
    assert.equal(v.etaSeconds, null);
  });

  it('learns the epoch time from rows arriving while watched', () => {
    const store = new RunStore('/r');
    store.setExists(true);
    store.setHeader(['epoch', 'train/box_loss'], 1);
    store.appendRows([{ epoch: 1, values: [1, 1], line: 2 }], null);
    store.appendRows([{ epoch: 2, values: [2, 1], line: 3 }], T0);
    store.appendRows([{ epoch: 3, values: [3, 1], line: 4 }], T0 + 45_000);
    store.appendRows([{ epoch: 4, values: [4, 1], line: 5 }], T0 + 90_000);
    assert.equal(viewRun(store.snapshot, T0 + 90_000).epochSeconds, 45);
  });

  it('series stats: count includes non-finite values, last is null when not finite, best follows direction', () => {
    const store = new RunStore('/r');
    store.setHeader(['epoch', 'train/box_loss', 'metrics/mAP50(B)', 'lr/pg0'], 1);
    store.appendRows([
      { epoch: 1, values: [1, 2, 0.1, 0.01], line: 2 },
      { epoch: 2, values: [2, 1, 0.5, 0.02], line: 3 },
      { epoch: 3, values: [3, NaN, 0.3, Infinity], line: 4 },
    ], null);
    const v = viewRun(store.snapshot, T0);
    assert.deepEqual(v.series['train/box_loss'], { count: 3, last: null, min: 1, max: 2, best_epoch: 2 });
    assert.deepEqual(v.series['metrics/mAP50(B)'], { count: 3, last: 0.3, min: 0.1, max: 0.5, best_epoch: 2 });
    assert.equal(v.series['lr/pg0'].best_epoch, null);
    assert.equal(v.series['lr/pg0'].max, 0.02);
    assert.equal(v.series.epoch, undefined);
  });
});

describe('the numbers a screen shows beside each other', () => {
  it('0-based files (YOLOv5): the best epoch is counted as the header counts', () => {
    const v = viewRun(run(20, { base: 0, fitness: (i) => (i === 12 ? 1 : i / 100) }).snapshot, T0 + 20 * 60_000);
    assert.equal(v.bestEpoch, 12, 'as written');
    assert.equal(v.done, 20);
    assert.equal(v.bestDone, 13, 'the 13th epoch of the 20 done');
  });
});
