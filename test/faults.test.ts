// The fault suite: what a long-running watcher meets. Each case: no crash, a clear warning,
// nothing already read is lost.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdirSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveTargets } from '../src/discover/targets.js';
import { RunSession } from '../src/live/run-session.js';
import { TensorboardReader } from '../src/live/tensorboard-reader.js';
import { UltralyticsReader } from '../src/live/ultralytics-reader.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../fixtures/ultralytics/results-writer.js';
import { tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { waitFor } from './helpers/wait.js';
import { LocalFs } from '../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const style = ERAS['v8.3'];
const line = (e: number) => style.row(e, syntheticRow(DETECT_COLUMNS, e - 1, 10), e * 30);
const epochsOf = (s: RunSession) => {
  const run = s.getSnapshot().run;
  return run.format === 'ultralytics' ? run.epochs.length : -1;
};

function runDir(root: string, rows: number): string {
  const dir = join(root, 'runs', 'detect', 'x');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ epochs: 10 }));
  writeFileSync(join(dir, 'results.csv'), style.header(DETECT_COLUMNS) + Array.from({ length: rows }, (_, i) => line(i + 1)).join(''));
  return dir;
}

describe('faults while watching', () => {
  it('a run folder renamed away and back: rows kept, reading goes on', async (t) => {
    const root = tempDir(t);
    const dir = runDir(root, 2);
    const session = new RunSession((await resolveTargets(LOCAL, dir))[0], { poll: false, pollIntervalMs: 100 });
    t.after(() => session.stop());
    await session.start();
    assert.equal(epochsOf(session), 2);
    renameSync(dir, `${dir}.away`);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(epochsOf(session), 2, 'nothing read is lost while it is away');
    renameSync(`${dir}.away`, dir);
    appendFileSync(join(dir, 'results.csv'), line(3));
    await waitFor(() => epochsOf(session) === 3, 'the row written after it came back');
  });

  it('a symlink loop inside the watched folder is not followed', async (t) => {
    const root = tempDir(t);
    const dir = runDir(root, 2);
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(root, 'runs'), join(root, 'runs', 'detect', 'up'));
    const session = new RunSession((await resolveTargets(LOCAL, join(root, 'runs')))[0], { poll: false, pollIntervalMs: 100 });
    t.after(() => session.stop());
    await session.start();
    await waitFor(() => epochsOf(session) === 2, 'the run');
    appendFileSync(join(dir, 'results.csv'), line(3));
    await waitFor(() => epochsOf(session) === 3, 'a new row');
  });

  it('a 1 GB sparse event file: a clear warning at once, not a read of a gigabyte', async (t) => {
    const dir = tempDir(t);
    const good = join(dir, 'events.out.tfevents.1700000000.a.1.0');
    writeFileSync(good, Buffer.concat([fileVersionRecord(1_700_000_000), ...sb3Dump(0, 100, 1_700_000_000)]));
    const sparse = join(dir, 'events.out.tfevents.1700000001.b.1.0');
    writeFileSync(sparse, '');
    truncateSync(sparse, 1 << 30);
    const r = new TensorboardReader({ fs: LOCAL, runDir: dir, file: null, label: 'x' });
    const t0 = Date.now();
    await r.sync();
    assert.ok(Date.now() - t0 < 20_000);
    const s = r.store.snapshot;
    assert.match(s.warnings.map((w) => w.message).join('\n'), /bad length CRC at byte 0/);
    assert.equal(s.tags.get('time/fps')?.count, 1, 'the good file is read all the same');
    assert.ok((s.files.find((f) => f.name.includes('.b.'))?.bytes ?? 1) === 0);
  });

  it('invalid UTF-8 and escape sequences in names are printed harmlessly', (t) => {
    const root = tempDir(t);
    const dir = join(root, 'runs', 'detect', 'evil\x1b[2Jname');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.csv'), Buffer.concat([Buffer.from('epoch,train/\x1b]0;pwned\x07box_loss,metrics/'), Buffer.from([0xff, 0xfe]), Buffer.from('x\n1,0.5,0.1\n')]));
    const r = runCli(['--once', '--no-gpu', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\x1b|\x07/);
    assert.match(r.stdout, /evil\\x1b\[2Jname/);
    assert.match(r.stdout, /metrics\/\ufffd\ufffdx/);
  });

  it('a file that cannot be read is a warning (skipped when running as root, which may read anything)', { skip: process.getuid?.() === 0 ? 'running as root: permissions do not apply' : false }, async (t) => {
    const root = tempDir(t);
    const dir = runDir(root, 2);
    chmodSync(join(dir, 'results.csv'), 0o000);
    const r = new UltralyticsReader({ fs: LOCAL, runDir: dir, csvPath: join(dir, 'results.csv'), label: 'x' });
    await r.sync(false);
    assert.match(r.store.snapshot.warnings.map((w) => w.message).join(), /unreadable/);
  });
});
