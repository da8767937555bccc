// Truncation keeps what was read: the rows before are the earlier segment (drawn dimmed, with the
// warning) and were streamed already; a file overwritten in place with zeros is noticed.
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TensorboardReader } from '../../src/live/tensorboard-reader.js';
import { UltralyticsReader } from '../../src/live/ultralytics-reader.js';
import { buildPanels, EARLIER_COLOR } from '../../src/model/panels.js';
import type { CsvEvent } from '../../src/sources/ultralytics/results-csv.js';
import { fileVersionRecord, sb3Dump } from '../../fixtures/tensorboard/event-writer.js';
import { DETECT_COLUMNS, ERAS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { tempDir } from '../helpers/paths.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const style = ERAS['v8.3'];
const line = (epoch: number) => style.row(epoch, syntheticRow(DETECT_COLUMNS, epoch - 1, 10), epoch * 30);

/** Overwrites a file with zeros, the same size, and moves its time on (as a write would). */
function zeroFill(path: string): void {
  const { size, mtime } = statSync(path);
  writeFileSync(path, Buffer.alloc(size));
  utimesSync(path, mtime, new Date(mtime.getTime() + 5000));
}

function ultralytics(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const csv = join(dir, 'results.csv');
  const streamed: CsvEvent[] = [];
  const reader = new UltralyticsReader({ fs: LOCAL, runDir: dir, csvPath: csv, label: 'run' }, Date.now, { scalar: () => {}, rows: (_, e) => streamed.push(...e), ready: () => {} });
  return { csv, reader, streamed };
}

describe('truncation keeps what was read', () => {
  it('results.csv truncated mid-run: the rows before are the earlier segment, drawn dimmed, and were streamed', async (t) => {
    const { csv, reader, streamed } = ultralytics(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + line(2) + line(3));
    await reader.sync(true);
    truncateSync(csv, 0);
    appendFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    const s = reader.store.snapshot;
    assert.deepEqual([...(s.epochs ?? [])], [1]);
    assert.deepEqual([...(s.earlier?.epochs ?? [])], [1, 2, 3]);
    assert.match(s.warnings.map((w) => w.message).join(), /truncated; read again from the start \(the 3 rows read before are kept, dimmed\)/);
    const losses = buildPanels(s, false).find((p) => p.id === 'losses')!;
    const dim = losses.series.filter((x) => x.color === EARLIER_COLOR);
    assert.ok(dim.length > 0 && dim.every((x) => x.xs.length === 3 && x.last === null), 'each loss has its earlier line');
    assert.deepEqual(streamed.filter((e) => e.type === 'row').map((e) => e.type === 'row' && e.epoch), [1, 2, 3, 1], 'every row read went to the stream');
  });

  it('results.csv overwritten in place with zeros (same size) is noticed; the rows read are kept', async (t) => {
    const { csv, reader } = ultralytics(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + line(2));
    await reader.sync(true);
    zeroFill(csv);
    await reader.sync(true);
    const s = reader.store.snapshot;
    assert.match(s.warnings.map((w) => w.message).join(), /overwritten in place/);
    assert.deepEqual([...(s.earlier?.epochs ?? [])], [1, 2]);
    assert.deepEqual([...(s.epochs ?? [])], []);
  });

  it('an event file overwritten in place with zeros is noticed and read again', async (t) => {
    const dir = tempDir(t);
    const path = join(dir, 'events.out.tfevents.1741596857.h.1.0');
    writeFileSync(path, Buffer.concat([fileVersionRecord(1_741_596_857), ...sb3Dump(0, 100, 1_741_596_857), ...sb3Dump(1, 100, 1_741_596_857)]));
    const r = new TensorboardReader({ fs: LOCAL, runDir: dir, file: null, label: 'PPO_1' });
    await r.sync();
    assert.equal(r.store.snapshot.tags.get('time/fps')?.count, 2);
    zeroFill(path);
    await r.sync();
    const messages = r.store.snapshot.warnings.map((w) => w.message).join('\n');
    assert.match(messages, /was rewritten; read again from the start/);
    assert.match(messages, /bad length CRC at byte 0/);
  });

  it('an event file replaced: every file is read again, but the stream gets only what is new', async (t) => {
    const dir = tempDir(t);
    const t0 = 1_741_596_857;
    const first = join(dir, `events.out.tfevents.${t0}.h.1.0`);
    const second = join(dir, `events.out.tfevents.${t0 + 100}.h.2.0`);
    writeFileSync(first, Buffer.concat([fileVersionRecord(t0), ...sb3Dump(0, 100, t0), ...sb3Dump(1, 100, t0)]));
    writeFileSync(second, Buffer.concat([fileVersionRecord(t0 + 100), ...sb3Dump(2, 100, t0 + 100)]));
    const steps: number[] = [];
    const r = new TensorboardReader({ fs: LOCAL, runDir: dir, file: null, label: 'PPO_1' }, { scalar: (_, tag, step) => tag === 'time/fps' && steps.push(step), rows: () => {}, ready: () => {} });
    await r.sync();
    assert.deepEqual(steps, [100, 200, 300]);
    writeFileSync(join(dir, 'new'), Buffer.concat([fileVersionRecord(t0 + 100), ...sb3Dump(2, 100, t0 + 100), ...sb3Dump(3, 100, t0 + 100)]));
    renameSync(join(dir, 'new'), second);
    await r.sync();
    assert.match(r.store.snapshot.warnings.map((w) => w.message).join(), /was replaced; read again/);
    assert.equal(r.store.snapshot.tags.get('time/fps')?.count, 4, 'the store has every file again');
    assert.deepEqual(steps, [100, 200, 300, 300, 400], 'the first file is not sent again; the replaced one is, whole');
  });

  it('appending is not a rewrite', async (t) => {
    const { csv, reader } = ultralytics(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    appendFileSync(csv, line(2));
    utimesSync(csv, new Date(), new Date(Date.now() + 5000));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2]);
    assert.equal(reader.store.snapshot.warnings.length, 0);
  });
});
