// Status from what the tool sees, not from clocks alone: a run seen growing is live whatever its
// timestamps; quiet is measured on this machine's clock from when the growth was seen; a lone
// results.csv not seen growing is a copy, as a run folder whose time column outruns its files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';
import { activityStatus } from '../../src/model/run-status.js';
import { RunStore } from '../../src/model/run-store.js';
import { runStatus, viewRun } from '../../src/model/run-view.js';
import { TbStore } from '../../src/model/tb-store.js';
import { tbStatus, viewTb } from '../../src/model/tb-view.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 10, 0);
const YEAR_AGO = NOW - 365 * 24 * HOUR;

/** A PPO run whose records carry `wallMs` (the newest) and whose file was last written at `writtenAt`. */
function ppo(wallMs: number, writtenAt: number, opened: number, grewAt: number | null = null) {
  const store = new TbStore('/runs/PPO_1');
  store.update(() => {
    for (let i = 0; i < 5; i++) store.addEvent({ wallTime: wallMs / 1000 - (4 - i) * 10, step: (i + 1) * 2048, fileVersion: null, values: [{ tag: 'time/fps', plugin: null, kind: 'scalar', value: 200 }] });
    store.setExists(true, writtenAt);
    store.setOpenedAt(opened);
    if (grewAt !== null) store.setGrewAt(grewAt);
  });
  return store.snapshot;
}

/** 10 of 100 epochs of 60 s (time column), args.yaml at `startedAt` (null: a lone results.csv). */
function yolo(startedAt: number | null, writtenAt: number, opened: number, grewAt: number | null = null) {
  const store = new RunStore('/runs/detect/apex');
  store.setExists(true);
  if (startedAt !== null) store.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs: 100 }, startedAt);
  store.setHeader(['epoch', 'time', 'train/box_loss'], 1);
  store.appendRows(Array.from({ length: 10 }, (_, i) => ({ epoch: i + 1, values: [i + 1, (i + 1) * 60, 1], line: i + 2 })), null);
  store.setFileTimes(writtenAt, false);
  store.setOpenedAt(opened);
  if (grewAt !== null) store.setGrewAt(grewAt);
  return store.snapshot;
}

describe('activityStatus', () => {
  const base = { grewAt: null, writtenAt: NOW - 10_000, openedAt: NOW - 5000, stallAfterSeconds: 120, copied: null, endedNote: 'last data x' };

  it('seen growing: live, then stalled once quiet past the limit, never finished whatever the file times', () => {
    const grew = { ...base, grewAt: NOW - 30_000, writtenAt: NOW - 10 * HOUR, copied: 'copied' };
    assert.deepEqual(activityStatus(grew, NOW), { status: 'live', reason: 'growing', note: null, idleSeconds: 30 });
    const later = activityStatus(grew, NOW + 10 * 60_000);
    assert.equal(later.status, 'stalled');
    assert.equal(later.reason, 'quiet');
    assert.equal(activityStatus(grew, NOW + 1000 * HOUR).status, 'stalled', 'a day later still stalled, not finished');
  });

  it('not seen growing: by its last write', () => {
    assert.equal(activityStatus(base, NOW).reason, 'recent');
    assert.equal(activityStatus({ ...base, writtenAt: NOW - 10 * 60_000 }, NOW).reason, 'quiet');
    const old = activityStatus({ ...base, writtenAt: NOW - 2 * HOUR }, NOW);
    assert.deepEqual([old.status, old.reason, old.note], ['finished', 'ended-before-open', 'last data x']);
    const copy = activityStatus({ ...base, copied: 'copied (…)' }, NOW);
    assert.deepEqual([copy.status, copy.reason, copy.note], ['finished', 'copied', 'copied (…)']);
  });
});

describe('a TensorBoard run whose records carry a year-old clock', () => {
  it('seen growing is live, its quiet counted from when the growth was seen', () => {
    const s = ppo(YEAR_AGO, NOW - 2000, NOW - 60_000, NOW - 2000);
    const v = viewTb(s, NOW, 1_000_000);
    assert.equal(v.status, 'live');
    assert.equal(v.statusReason, 'growing');
    assert.equal(v.endedNote, null);
    assert.ok(v.etaSeconds !== null && v.etaSeconds > 0);
    assert.equal(tbStatus(s, NOW + 5 * 60_000, null).status, 'stalled', 'quiet past 3 dumps: stalled');
    assert.equal(tbStatus(s, NOW + 24 * HOUR, null).status, 'stalled', 'never finished by a clock');
  });

  it('not seen growing with a fresh file: a copy (or a writer whose clock is off, live once it grows)', () => {
    const v = tbStatus(ppo(YEAR_AGO, NOW - 60_000, NOW), NOW, null);
    assert.deepEqual([v.status, v.reason], ['finished', 'copied']);
    assert.match(v.note ?? '', /^last data 2025-12-02 10:00 UTC$/);
  });

  it('records and file written now, not yet seen growing: live', () => {
    assert.equal(tbStatus(ppo(NOW - 30_000, NOW - 30_000, NOW), NOW, null).reason, 'recent');
  });

  it('a file last written hours before it was opened ended then, whatever its records say', () => {
    const v = tbStatus(ppo(NOW - 3 * HOUR, NOW - 3 * HOUR, NOW), NOW, null);
    assert.deepEqual([v.status, v.reason], ['finished', 'ended-before-open']);
  });

  it('the total timesteps reached is finished, seen growing or not', () => {
    assert.deepEqual(tbStatus(ppo(NOW, NOW, NOW - 1000, NOW), NOW, 10_240), { status: 'finished', reason: 'done', note: null, idleSeconds: 0 });
  });
});

describe('an Ultralytics run', () => {
  it('a lone results.csv (no args.yaml beside it) not seen growing is copied, not live then stalled', () => {
    for (const at of [NOW, NOW + 10 * 60_000, NOW + 50 * 60_000]) {
      const v = runStatus(yolo(null, NOW - 60_000, NOW), at);
      assert.deepEqual([v.status, v.reason], ['finished', 'copied'], `at +${(at - NOW) / 60_000} min`);
      assert.equal(v.note, 'copied (no args.yaml, no growth seen)');
    }
  });

  it('a lone results.csv seen growing is live, then stalled', () => {
    const s = yolo(null, NOW - 1000, NOW - 60_000, NOW - 1000);
    assert.equal(runStatus(s, NOW).status, 'live');
    assert.equal(runStatus(s, NOW + 20 * 60_000).status, 'stalled');
  });

  it('a run folder copied a minute ago (its time column says 10 minutes) is copied; seen growing, live', () => {
    assert.equal(runStatus(yolo(NOW - 5000, NOW - 4000, NOW), NOW).reason, 'copied');
    assert.equal(runStatus(yolo(NOW - 5000, NOW - 4000, NOW - 10_000, NOW - 4000), NOW).reason, 'growing');
  });

  it('a run folder whose rows match its clock is live, and its pace is the recent one', () => {
    const v = viewRun(yolo(NOW - 601_000, NOW - 1000, NOW - 2000), NOW);
    assert.deepEqual([v.status, v.statusReason, v.epochPace, v.epochSeconds], ['live', 'recent', 'recent', 60]);
  });
});

describe('one pace per state, to the millisecond', () => {
  it('an ended run shows the mean, the same figure as its summary; a live one the recent median', () => {
    const store = new RunStore('/r');
    store.setExists(true);
    store.setArgs({ ...EMPTY_ARGS, epochs: 4 }, NOW - 3 * HOUR);
    store.setHeader(['epoch', 'time', 'train/box_loss'], 1);
    // A slow first epoch, then 455.3 s each (float sums make 455.29999999999563 of the differences).
    const times = [1000.1, 1455.4, 1910.7, 2366];
    store.appendRows(times.slice(0, 3).map((t, i) => ({ epoch: i + 1, values: [i + 1, t, 1], line: i + 2 })), null);
    store.setFileTimes(NOW - 1000, false);
    store.setOpenedAt(NOW - 2000);
    const live = viewRun(store.snapshot, NOW);
    assert.deepEqual([live.status, live.epochPace, live.epochSeconds], ['live', 'recent', 455.3]);
    store.appendRows([{ epoch: 4, values: [4, times[3], 1], line: 5 }], null);
    const done = viewRun(store.snapshot, NOW);
    assert.deepEqual([done.status, done.epochPace, done.epochSeconds], ['finished', 'mean', 591.5]);
  });
});
