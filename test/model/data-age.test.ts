// Status from the data: a run whose newest data was over an hour old when it was opened is
// finished, with the date; a copied run (file times younger than its `time` column allows) too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';
import { RunStore } from '../../src/model/run-store.js';
import { viewRun } from '../../src/model/run-view.js';
import { TbStore } from '../../src/model/tb-store.js';
import { viewTb } from '../../src/model/tb-view.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 10, 0);

function tb(lastWall: number, openedAt: number) {
  const store = new TbStore('/runs/PPO_1');
  store.update(() => {
    for (let i = 0; i < 5; i++) store.addEvent({ wallTime: lastWall / 1000 - (4 - i) * 60, step: (i + 1) * 2048, fileVersion: null, values: [{ tag: 'time/fps', plugin: null, kind: 'scalar', value: 100 }] });
    store.setExists(true, NOW - 60_000);
    store.setOpenedAt(openedAt);
  });
  return store.snapshot;
}

/** 10 of 100 epochs of 60 s; args.yaml and results.csv with the given times. */
function ultralytics(startedAt: number, lastChangeAt: number, openedAt: number) {
  const store = new RunStore('/runs/detect/apex');
  store.setExists(true);
  store.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs: 100 }, startedAt);
  store.setHeader(['epoch', 'time', 'train/box_loss'], 1);
  store.appendRows(Array.from({ length: 10 }, (_, i) => ({ epoch: i + 1, values: [i + 1, (i + 1) * 60, 1], line: i + 2 })), null);
  store.setFileTimes(lastChangeAt, false);
  store.setOpenedAt(openedAt);
  return store.snapshot;
}

describe('status from the data', () => {
  it('TensorBoard: newest wall_time over an hour before opening is finished, with its date', () => {
    const v = viewTb(tb(Date.UTC(2025, 2, 10, 22, 45), NOW), NOW, 1_000_000);
    assert.equal(v.status, 'finished');
    assert.equal(v.endedNote, 'last data 2025-03-10 22:45 UTC');
    assert.equal(v.etaSeconds, null);
  });

  it('TensorBoard: recent data is live (a replay started now), and a stalled run shows no ETA', () => {
    const live = viewTb(tb(NOW - 30_000, NOW - 60_000), NOW, 1_000_000);
    assert.equal(live.status, 'live');
    assert.equal(live.endedNote, null);
    assert.ok(live.etaSeconds! > 0);
    const later = NOW + 40 * 60_000;
    const stalled = viewTb(tb(NOW - 30_000, NOW - 60_000), later, 1_000_000);
    assert.equal(stalled.status, 'stalled', 'quiet after it was seen writing: stalled, not finished');
    assert.equal(stalled.etaSeconds, null);
  });

  it('results.csv with old file times is finished with the date of its last row', () => {
    const v = viewRun(ultralytics(NOW - 5 * HOUR, NOW - 5 * HOUR + 600_000, NOW), NOW);
    assert.equal(v.status, 'finished');
    assert.equal(v.endedNote, `last data ${new Date(NOW - 5 * HOUR + 600_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    assert.equal(v.etaSeconds, null);
  });

  it('a copied run (fresh file times, a time column of 10 minutes) is finished, not live or stalled', () => {
    const v = viewRun(ultralytics(NOW - 5_000, NOW - 4_000, NOW), NOW);
    assert.equal(v.status, 'finished');
    assert.match(v.endedNote ?? '', /copied/);
    assert.equal(v.lastDataAt, null);
  });

  it('a live run whose rows match its clock is live, and shows no ETA once stalled', () => {
    const start = NOW - 601_000;
    assert.equal(viewRun(ultralytics(start, NOW - 1000, NOW - 2000), NOW).status, 'live');
    const stalled = viewRun(ultralytics(start, NOW - 1000, NOW - 2000), NOW + 10 * 60_000);
    assert.equal(stalled.status, 'stalled');
    assert.equal(stalled.etaSeconds, null);
  });
});
