// A run on a host whose clock is hours off: its file times are on its clock, read over the
// connection (`date +%s`) and put on this one's, so its age is measured on the run's own clock.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { hostClockOffset } from '../../src/live/host-clock.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import type { FileInfo, FsPath, RangeRead, RunFs } from '../../src/live/fs/run-fs.js';
import { UltralyticsReader } from '../../src/live/ultralytics-reader.js';
import { runStatus } from '../../src/model/run-view.js';
import { tempDir } from '../helpers/paths.js';

const HOUR = 3_600_000;

/** This machine's files, seen as a host whose clock is `skewMs` off would show them; `date` answers `date()`. */
class SkewedHost extends LocalFs implements RunFs {
  override readonly host = 'box' as unknown as null;
  dates = 0;
  constructor(private readonly skewMs: number, private readonly date: () => string | null = () => `${Math.floor((Date.now() + skewMs) / 1000)}\n`) {
    super();
  }
  private shift<T extends FileInfo | null>(i: T): T {
    return (i && { ...i, mtimeMs: i.mtimeMs + this.skewMs }) as T;
  }
  override async stat(p: FsPath) {
    return this.shift(await super.stat(p));
  }
  override async lstat(p: FsPath) {
    return this.shift(await super.lstat(p));
  }
  override async readRange(...args: Parameters<LocalFs['readRange']>): Promise<RangeRead> {
    const r = await super.readRange(...args);
    return r.ok ? { ...r, info: this.shift(r.info) } : r;
  }
  override readonly runCommand = async (command: string) => {
    if (command !== 'date') return null;
    this.dates += 1;
    return this.date();
  };
}

describe('a host clock read over its connection', () => {
  it('is the host less this machine, read once and kept a while', async () => {
    const fs = new SkewedHost(-5 * HOUR);
    const offset = await hostClockOffset(fs);
    assert.ok(Math.abs(offset + 5 * HOUR) < 1500, `${offset}`);
    await hostClockOffset(fs);
    assert.equal(fs.dates, 1);
    let now = Date.now();
    await hostClockOffset(fs, () => (now += 11 * 60_000));
    assert.equal(fs.dates, 2, 'read again after ten minutes');
  });

  it('within a reading’s error, or unreadable, or no date at all: no offset; this machine: none asked', async () => {
    assert.equal(await hostClockOffset(new SkewedHost(800)), 0);
    assert.equal(await hostClockOffset(new SkewedHost(5 * HOUR, () => null)), 0);
    assert.equal(await hostClockOffset(new SkewedHost(5 * HOUR, () => 'Thu Jan  1 garbage\n')), 0);
    assert.equal(await hostClockOffset(new SkewedHost(5 * HOUR, () => '99999999999999\n')), 0);
    assert.equal(await hostClockOffset(new LocalFs()), 0);
  });
});

describe('a run on a host five hours behind', () => {
  const line = (e: number) => ERAS['v8.3'].row(e, syntheticRow(DETECT_COLUMNS, e - 1, 10), e * 30);

  for (const skew of [-5 * HOUR, 5 * HOUR]) {
    it(`(${skew > 0 ? 'ahead' : 'behind'}) is aged on its own clock: live while written, never ended hours ago`, async (t) => {
      const dir = tempDir(t);
      writeFileSync(join(dir, 'args.yaml'), argsYaml({ epochs: 10 }));
      writeFileSync(join(dir, 'results.csv'), ERAS['v8.3'].header(DETECT_COLUMNS) + line(1) + line(2));
      const reader = new UltralyticsReader({ fs: new SkewedHost(skew), runDir: dir, csvPath: join(dir, 'results.csv'), label: 'x' });
      await reader.sync(true);
      const first = reader.store.snapshot;
      assert.ok(Math.abs((first.lastChangeAt ?? 0) - Date.now()) < 10_000, 'its last write, on this clock, is now');
      assert.equal(runStatus(first, Date.now()).status, 'live');
      appendFileSync(join(dir, 'results.csv'), line(3));
      await reader.sync(true);
      const v = runStatus(reader.store.snapshot, Date.now());
      assert.deepEqual([v.status, v.reason], ['live', 'growing']);
    });
  }
});
