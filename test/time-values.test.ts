// Times no clock could have written (a wall_time of 8.64e12 s or inf, a results.csv `time` of
// 1e308) are skipped and counted, as implausible rows are: no face dies on them ("Invalid time
// value") or prints them (`elapsed 1157387731d`, `5.787e+302d/epoch`).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { record, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { LocalFs } from '../src/live/fs/local-fs.js';
import { TensorboardReader } from '../src/live/tensorboard-reader.js';
import { TbStore } from '../src/model/tb-store.js';
import { formatDuration } from '../src/model/units.js';
import { formatWhen } from '../src/model/run-summary.js';
import { lastDataText } from '../src/model/data-age.js';
import { tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const BAD_WALLS = [8.64e12, 1e14, Infinity, -Infinity, NaN, -5, 1];
const T0 = Math.floor(Date.now() / 1000) - 120;

/** An SB3 file: good dumps, then records with each bad wall time (a scalar each), then a good dump. */
function hostileEvents(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const parts = [...sb3Dump(0, 2048, T0), ...sb3Dump(1, 2048, T0)];
  BAD_WALLS.forEach((wallTime, i) => parts.push(record({ wallTime, step: 5000 + i, values: [{ tag: 'time/fps', simple: 100 }] })));
  parts.push(...sb3Dump(2, 2048, T0));
  const file = join(dir, `events.out.tfevents.${T0}.box.1.0`);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe('wall times no clock could have written', () => {
  it('the store keeps the plausible ones and counts the others in one warning', () => {
    const store = new TbStore('/r');
    store.update(() => {
      store.addEvent({ wallTime: T0, step: 1, fileVersion: null, values: [{ tag: 'a', plugin: null, kind: 'scalar', value: 1 }] });
      for (const wallTime of BAD_WALLS) store.addEvent({ wallTime, step: 2, fileVersion: null, values: [{ tag: 'a', plugin: null, kind: 'scalar', value: 2 }] });
      store.addEvent({ wallTime: 0, step: 3, fileVersion: null, values: null });
      store.addEvent({ wallTime: T0 + 60, step: 4, fileVersion: null, values: null });
    });
    const s = store.snapshot;
    assert.deepEqual([s.firstWallTime, s.lastWallTime], [T0, T0 + 60]);
    assert.equal(s.tags.get('a')?.count, 1 + BAD_WALLS.length, 'the values are kept: only their time is not used');
    const w = s.warnings.find((x) => x.cause === 'wall-time');
    assert.match(w?.message ?? '', new RegExp(`^${BAD_WALLS.length} record\\(s\\) with a wall_time no clock could have written`));
    assert.equal(w?.count, 1);
  });

  it('the batch decoder path does the same (a file read by the reader)', async (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    hostileEvents(dir);
    const told: number[] = [];
    const r = new TensorboardReader({ fs: new LocalFs(), runDir: dir, file: null, label: 'x' }, { scalar: (_r, _t, _s, _v, wall) => void told.push(wall), rows: () => {}, ready: () => {} });
    await r.sync();
    const s = r.store.snapshot;
    assert.equal(s.firstWallTime, T0);
    assert.ok(s.lastWallTime !== null && s.lastWallTime < T0 + 100);
    assert.match(s.warnings.map((w) => w.message).join('\n'), /7 record\(s\) with a wall_time/);
    assert.equal(told.filter((w) => !Number.isFinite(w)).length, BAD_WALLS.length, 'a stream gets no time for them, not a wrong one');
  });

  it('--once and --json print, exit 0, and say what was skipped', (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    hostileEvents(dir);
    const once = runCli(['--once', '--no-gpu', dir]);
    assert.equal(once.status, 0, once.stderr);
    assert.doesNotMatch(once.stdout + once.stderr, /Invalid time value|\d{4,}d|e\+\d/);
    assert.match(once.stdout, /elapsed 20s/);
    assert.match(once.stdout, /7 record\(s\) with a wall_time no clock could have written/);
    const json = runCli(['--json', '--no-gpu', dir]);
    assert.equal(json.status, 0, json.stderr);
    const o = JSON.parse(json.stdout) as { run: { last_data_at: string }; progress: { elapsed_seconds: number }; warnings: string[] };
    assert.ok(Math.abs(new Date(o.run.last_data_at).getTime() - (T0 + 20 + 12e-4) * 1000) < 1, o.run.last_data_at);
    assert.equal(o.progress.elapsed_seconds, 20.001);
    assert.ok(o.warnings.some((w) => w.includes('wall_time')));
  });
});

describe('results.csv times no training takes', () => {
  it('--once and --json skip the rows, count them, and print no absurd duration', (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'results.csv'), 'epoch,time,train/box_loss\n1,60,1.5\n2,1e308,1.4\n3,1.8e308,1.3\n4,8.64e12,1.2\n5,300,1.1\n');
    const once = runCli(['--once', '--no-gpu', dir]);
    assert.equal(once.status, 0, once.stderr);
    assert.doesNotMatch(once.stdout, /e\+\d|\d{4,}d/);
    assert.match(once.stdout, /results\.csv line \d skipped: time .* is implausible \(×3\)/);
    const json = runCli(['--json', '--no-gpu', dir]);
    assert.equal(json.status, 0, json.stderr);
    const o = JSON.parse(json.stdout) as { progress: { done: number; epoch_seconds: number }; series: { time: { max: number } } };
    assert.equal(o.series.time.max, 300);
    assert.equal(o.progress.epoch_seconds, 60);
  });
});

describe('durations and dates never print what no clock shows', () => {
  it('formatDuration, formatWhen and lastDataText', () => {
    for (const v of [1e300, -1e300, Infinity, NaN, 5.787e302 * 86400]) assert.equal(formatDuration(v), '–');
    assert.equal(formatDuration(455.29999999999563), '7m 35s');
    assert.equal(formatWhen(8.64e15 + 1), '–');
    assert.equal(lastDataText(1e20), 'last data at an unknown time');
  });
});
