import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, renameSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UltralyticsReader } from '../../src/live/ultralytics-reader.js';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { tempDir } from '../helpers/paths.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const style = ERAS['v8.3'];
const line = (epoch: number) => style.row(epoch, syntheticRow(DETECT_COLUMNS, epoch - 1, 10), epoch * 30);

function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const csv = join(dir, 'results.csv');
  let now = 1_000_000;
  const reader = new UltralyticsReader({ fs: LOCAL, runDir: dir, csvPath: csv, label: 'run' }, () => now);
  return { dir, csv, reader, advance: (ms: number) => (now += ms) };
}

describe('UltralyticsReader', () => {
  it('reads args.yaml and only the bytes appended since the last sync', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(join(dir, 'args.yaml'), argsYaml({ task: 'pose', epochs: 10, name: 'apex' }));
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    assert.equal(reader.store.snapshot.args.task, 'pose');
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
    appendFileSync(csv, line(2) + line(3));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2, 3]);
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2, 3], 'nothing new, nothing added');
  });

  it('an appended row is one store update (one frame), rows and file times together', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(join(dir, 'args.yaml'), argsYaml({ epochs: 10 }));
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    let updates = 0;
    reader.store.subscribe(() => { updates += 1; });
    appendFileSync(csv, line(2));
    await reader.sync(true);
    assert.equal(updates, 1);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2]);
    assert.ok(reader.store.snapshot.lastChangeAt !== null);
  });

  it('waits for a half-written row, then takes it whole', async (t) => {
    const { csv, reader } = setup(t);
    const l2 = line(2);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + l2.slice(0, 20));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
    appendFileSync(csv, l2.slice(20));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2]);
    assert.equal(reader.store.snapshot.values[2][1], syntheticRow(DETECT_COLUMNS, 1, 10)[0]);
  });

  it('cut at every byte of its last row, reads the complete rows, then the rest when it comes', async (t) => {
    const { dir } = setup(t);
    const full = style.header(DETECT_COLUMNS) + line(1) + line(2);
    const start = full.length - line(2).length;
    for (let cut = start; cut < full.length; cut++) {
      const csv = join(dir, `cut-${cut}.csv`);
      writeFileSync(csv, full.slice(0, cut));
      const r = new UltralyticsReader({ fs: LOCAL, runDir: dir, csvPath: csv, label: 'x' });
      await r.sync(true);
      assert.deepEqual([...(r.store.snapshot.epochs ?? [])], [1], `cut at ${cut}`);
      appendFileSync(csv, full.slice(cut));
      await r.sync(true);
      assert.deepEqual([...(r.store.snapshot.epochs ?? [])], [1, 2], `cut at ${cut}, completed`);
      assert.deepEqual(r.store.snapshot.warnings, []);
    }
  });

  it('truncation and replacement read the file again from the start, with a warning', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + line(2) + line(3));
    await reader.sync(true);
    truncateSync(csv, 0);
    appendFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
    assert.match(reader.store.snapshot.warnings.map((w) => w.message).join(), /truncated/);

    const other = join(dir, 'new.csv');
    writeFileSync(other, style.header(DETECT_COLUMNS) + line(1) + line(2) + line(3) + line(4) + line(5));
    renameSync(other, csv);
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2, 3, 4, 5]);
    assert.match(reader.store.snapshot.warnings.map((w) => w.message).join(), /replaced/);
  });

  it('a deleted results.csv keeps what was read, and a new one is read from its start', async (t) => {
    const { csv, reader } = setup(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + line(2));
    await reader.sync(true);
    rmSync(csv);
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2]);
    assert.match(reader.store.snapshot.warnings.at(-1)?.message ?? '', /disappeared; keeping the 2 rows/);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
  });

  it('an unterminated complete last row is accepted once the file is quiet', async (t) => {
    const { csv, reader, advance } = setup(t);
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1) + line(2).trimEnd());
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
    advance(5000);
    assert.ok(reader.pendingLength > 0 && reader.quietMs >= 2000);
    reader.flush(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1, 2]);
  });

  it('a broken args.yaml is a warning, not a crash', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(join(dir, 'args.yaml'), 'task: [unclosed\n  : :');
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
    assert.equal(reader.store.snapshot.warnings[0].message, 'args.yaml: not read: task (a flow collection)');
    writeFileSync(join(dir, 'args.yaml'), 'task: pose\n\tepochs: 3\n');
    utimesSync(join(dir, 'args.yaml'), new Date(), new Date(Date.now() + 5000));
    await reader.sync(true);
    assert.equal(reader.store.snapshot.warnings.at(-1)?.message, 'args.yaml unreadable: line 2: a tab used as indentation');
  });

  it('reads a YOLOv5 opt.yaml', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(join(dir, 'opt.yaml'), 'weights: yolov5s.pt\nepochs: 150\nname: exp\npatience: 100\n');
    writeFileSync(csv, ERAS.yolov5.header(['train/box_loss']) + ERAS.yolov5.row(0, [0.1], 0));
    await reader.sync(false);
    assert.equal(reader.store.snapshot.args.epochs, 150);
    assert.equal(reader.store.snapshot.args.task, 'detect');
  });

  it('an args.yaml that is a FIFO or a link to /dev/zero is a warning naming it, never a hang', { timeout: 30_000 }, async (t) => {
    for (const make of [(p: string) => execFileSync('mkfifo', [p]), (p: string) => symlinkSync('/dev/zero', p)]) {
      const { dir, csv, reader } = setup(t);
      make(join(dir, 'args.yaml'));
      writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
      await reader.sync(true);
      assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], [1]);
      assert.match(reader.store.snapshot.warnings.map((w) => w.message).join('\n'), /args\.yaml not read: (a FIFO|a character device)/);
    }
  });

  it('an args.yaml over the cap is a warning with its size', async (t) => {
    const { dir, csv, reader } = setup(t);
    writeFileSync(join(dir, 'args.yaml'), 'k: v\n'.repeat(1 << 20));
    writeFileSync(csv, style.header(DETECT_COLUMNS) + line(1));
    await reader.sync(true);
    assert.match(reader.store.snapshot.warnings.map((w) => w.message).join('\n'), /args\.yaml not read: 5242880 bytes, over the 2097152-byte cap/);
  });

  it('a results.csv that is a FIFO is no file yet, never a hang', { timeout: 30_000 }, async (t) => {
    const { csv, reader } = setup(t);
    execFileSync('mkfifo', [csv]);
    await reader.sync(true);
    assert.deepEqual([...(reader.store.snapshot.epochs ?? [])], []);
  });
});
