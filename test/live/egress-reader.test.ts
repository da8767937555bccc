import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EgressReader } from '../../src/live/egress-reader.js';
import { egressState, projectedBytes, type StagedFile } from '../../src/model/egress.js';
import { auditManifest } from '../../src/live/audit-manifest.js';
import { egressAdvice } from '../../src/model/egress-advice.js';
import { argsYaml, DETECT_COLUMNS, resultsCsv } from '../../fixtures/ultralytics/results-writer.js';
import { replayCallback } from '../../fixtures/wandb/replay-callback.js';
import { records, stageImage, WandbLog, wandbRunFolder } from '../../fixtures/wandb/wandb-writer.js';
import { needsShared, SHARED_FIXTURES, tempDir } from '../helpers/paths.js';
import { stagedOnDisk } from '../helpers/staged-bytes.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const pick = (f: StagedFile | undefined) => f && { kind: f.kind, bytes: f.bytes, target: f.target };

async function read(dir: string, kind: 'wandb' | 'training' = 'wandb', wandbDir: string | null = null) {
  const fs = new LocalFs(dir);
  const r = new EgressReader(kind === 'wandb' ? { kind, fs, dir } : { kind, fs, runDir: dir }, { wandbDir });
  await r.sync();
  return r.store.snapshot;
}

/** An Ultralytics run folder with plot files (random bytes: only sizes and hashes matter). */
function ultralyticsRun(root: string, name = 'apex_yolo11n'): string {
  const dir = join(root, 'runs', 'detect', name);
  mkdirSync(join(dir, 'weights'), { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ task: 'detect', name, epochs: 3, closeMosaic: 0, saveDir: `runs/detect/${name}` }));
  writeFileSync(join(dir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 3));
  for (const [f, n] of [['labels.jpg', 90_000], ['train_batch0.jpg', 250_000], ['train_batch1.jpg', 240_000], ['train_batch2.jpg', 230_000], ['val_batch0_labels.jpg', 200_000], ['val_batch0_pred.jpg', 210_000], ['BoxPR_curve.png', 70_000], ['confusion_matrix.png', 80_000], ['results.png', 300_000]] as const) {
    writeFileSync(join(dir, f), randomBytes(n));
  }
  writeFileSync(join(dir, 'weights', 'best.pt'), randomBytes(50_000));
  return dir;
}

describe('EgressReader on real wandb folders', { skip: needsShared }, () => {
  const W = join(SHARED_FIXTURES, 'wandb');
  const cases: [string, string, string][] = [
    ['autogan_pix2pix_z3pktf9j/wandb', 'finished', 'run-20240503_104448-z3pktf9j'],
    ['rl4avs_offline_runs/wandb/offline-run-20250818_133918-fu2alym7', 'offline', 'offline-run-20250818_133918-fu2alym7'],
    ['rl4avs_offline_runs/wandb/offline-run-20250818_154253-01tt2qoy', 'offline', 'offline-run-20250818_154253-01tt2qoy'],
    ['smartflow_sb3_ppo_e9756yo0/examples/channel/wandb', 'finished', 'run-20250310_234447-p6ospjqo'],
  ];
  for (const [path, state, folder] of cases) {
    it(`${path}: staged bytes are what files/ holds, byte for byte; state ${state}`, async () => {
      const s = await read(join(W, path));
      assert.equal(egressState(s, Date.now()), state);
      assert.ok(s.run?.dir.endsWith(folder));
      const want = stagedOnDisk(join(s.run!.dir, 'files'));
      assert.equal(s.stagedBytes, want.bytes);
      assert.equal(s.files.length, want.files);
    });
  }

  it('categories and counts of the pix2pix run', async () => {
    const s = await read(join(W, 'autogan_pix2pix_z3pktf9j/wandb'));
    assert.equal(s.byCategory.tables, 94);
    assert.equal(s.byCategory['console log'], 5242);
    assert.equal(s.byCategory['config and metadata'], 7602);
    assert.equal(s.statsRecords, 5);
    assert.equal(s.historyRows, 2);
    assert.deepEqual(s.files.filter((f) => f.step !== null).map((f) => f.step), [0, 0, 0]);
  });
});

describe('EgressReader states', () => {
  it('lists links with their target and what the uploader reads, special files and names that are not UTF-8; reads none of them', async (t) => {
    const root = tempDir(t);
    const folder = wandbRunFolder(join(root, 'wandb'), 'aaaa1111', 'online');
    const files = join(folder, 'files');
    writeFileSync(join(files, 'output.log'), 'hello\n');
    writeFileSync(join(root, 'best.pt'), randomBytes(5000));
    symlinkSync(join(root, 'best.pt'), join(files, 'best.pt'));
    symlinkSync('/nonexistent', join(files, 'dangling'));
    symlinkSync(files, join(files, 'loop'));
    symlinkSync('/dev/zero', join(files, 'zero'));
    execFileSync('mkfifo', [join(files, 'pipe')]);
    // config.yaml as a FIFO: reading it would block for ever.
    execFileSync('mkfifo', [join(files, 'config.yaml')]);
    writeFileSync(Buffer.concat([Buffer.from(`${files}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'abc');
    new WandbLog(folder, 'aaaa1111').append(records.header());
    const s = await read(join(root, 'wandb'));
    const by = new Map(s.files.map((f) => [f.path, f]));
    // A name that is not UTF-8 keeps its bytes in its path (live/fs/names.ts): shown \xe9, hashed.
    assert.deepEqual([...by.keys()], ['best.pt', 'caf\udce9.txt', 'config.yaml', 'dangling', 'loop', 'output.log', 'pipe', 'zero']);
    assert.deepEqual(pick(by.get('best.pt')), { kind: 'symlink', bytes: 5000, target: join(root, 'best.pt') });
    assert.deepEqual(pick(by.get('dangling')), { kind: 'symlink', bytes: 0, target: '/nonexistent' });
    assert.deepEqual(pick(by.get('loop')), { kind: 'symlink', bytes: 0, target: files });
    assert.deepEqual(pick(by.get('zero')), { kind: 'symlink', bytes: 0, target: '/dev/zero' });
    assert.deepEqual(pick(by.get('pipe')), { kind: 'special', bytes: 0, target: null });
    assert.deepEqual(pick(by.get('caf\udce9.txt')), { kind: 'file', bytes: 3, target: null });
    assert.ok(s.warnings.some((w) => w.message.includes('not UTF-8')), 'the escaped name is said');
    assert.equal(s.stagedBytes, 6 + 5000 + 3);
    assert.deepEqual(stagedOnDisk(files), { files: s.files.length, bytes: s.stagedBytes });
    assert.equal(egressState(s, Date.now()), 'online');
    const manifest = new Map((await auditManifest(LOCAL, s)).map((m) => [m.path, m.sha256]));
    assert.match(manifest.get('output.log') ?? '', /^[0-9a-f]{64}$/);
    assert.equal(manifest.get('caf\udce9.txt'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hashed like any other');
    for (const p of ['best.pt', 'zero', 'pipe', 'config.yaml']) assert.equal(manifest.get(p), null, `${p} is listed, not read`);
  });

  it('a staged image whose run-folder namesake links to /dev/zero is not hashed', async (t) => {
    const root = tempDir(t);
    const run = ultralyticsRun(root, 'zero');
    const folder = wandbRunFolder(join(root, 'wandb'), 'zero0001', 'online');
    writeFileSync(join(folder, 'files', 'config.yaml'), 'save_dir:\n  value: runs/detect/zero\ntask:\n  value: detect\n');
    stageImage(folder, join(run, 'train_batch0.jpg'), 1);
    rmSync(join(run, 'train_batch0.jpg'));
    symlinkSync('/dev/zero', join(run, 'train_batch0.jpg'));
    const s = await read(run, 'training');
    assert.equal(s.files.find((f) => f.path.startsWith('media/'))?.source, null);
  });

  it('synced, killed', async (t) => {
    const root = tempDir(t);
    const off = wandbRunFolder(join(root, 'a', 'wandb'), 'bbbb2222', 'offline');
    new WandbLog(off, 'bbbb2222').append(records.header());
    writeFileSync(join(off, 'run-bbbb2222.wandb.synced'), '');
    assert.equal(egressState(await read(join(root, 'a', 'wandb')), Date.now()), 'synced');
    const on = wandbRunFolder(join(root, 'b', 'wandb'), 'cccc3333', 'online');
    const log = new WandbLog(on, 'cccc3333');
    log.append(records.header(), records.stats({ cpu: 1 }));
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(log.path, old, old);
    assert.equal(egressState(await read(join(root, 'b', 'wandb')), Date.now()), 'killed');
  });
});

describe('EgressReader for an Ultralytics training', () => {
  it('matches its wandb run by save_dir, follows the callback live, and the ledger equals the audit', async (t) => {
    const root = tempDir(t);
    const run = ultralyticsRun(root);
    const other = wandbRunFolder(join(root, 'wandb'), 'zzzz9999', 'online', new Date(Date.now() - 3600_000));
    writeFileSync(join(other, 'files', 'config.yaml'), 'save_dir:\n  desc: null\n  value: runs/detect/someone_else\n');
    const reader = new EgressReader({ kind: 'training', fs: new LocalFs(root), runDir: run }, { wandbDir: null });
    const replay = replayCallback({ ultralyticsRun: run, wandbDir: join(root, 'wandb'), id: 'gates001', epochs: 3, saveDir: 'C:\\Users\\me\\proj\\runs\\detect\\apex_yolo11n', name: 'apex_yolo11n', stepMs: 50 });
    await reader.sync();
    await replay;
    await reader.sync();
    const s = reader.store.snapshot;
    assert.equal(s.run?.id, 'gates001');
    assert.match(s.run?.match ?? '', /^save_dir /);
    assert.equal(egressState(s, Date.now()), 'finished');
    assert.equal(s.historyRows, 3 + 9, 'three epochs of scalars and one row per staged image');
    assert.equal(s.statsRecords, 3);
    const images = s.files.filter((f) => f.path.startsWith('media/'));
    assert.equal(images.length, 9);
    assert.ok(images.every((f) => f.source === f.path.split('/').pop()!.replace(/_\d+_[0-9a-f]{20}(\.\w+)$/, '$1')), 'each image names its source');
    assert.equal(s.byCategory['training mosaics'], 250_000 + 240_000 + 230_000);
    assert.equal(s.byCategory['validation predictions'], 210_000);
    assert.equal(s.byCategory['results plot'], 300_000);
    assert.deepEqual(s.projected, [], 'a finished run ships nothing more');
    const manifest = await auditManifest(LOCAL, s);
    assert.deepEqual(manifest.map((m) => [m.path, m.bytes, m.source]), s.files.map((f) => [f.path, f.bytes, f.source]));
    assert.ok(manifest.filter((m) => m.path.startsWith('media/')).every((m) => m.path.includes(`_${m.sha256!.slice(0, 20)}.`)));
  });

  it('projects what the schedule will still ship while training runs', async (t) => {
    const root = tempDir(t);
    const run = ultralyticsRun(root, 'keypoints');
    const folder = wandbRunFolder(join(root, 'wandb'), 'kpts0001', 'online');
    writeFileSync(join(folder, 'files', 'config.yaml'), 'name:\n  desc: null\n  value: keypoints\n');
    new WandbLog(folder, 'kpts0001').append(records.header());
    stageImage(folder, join(run, 'train_batch0.jpg'), 1);
    const s = await read(run, 'training');
    assert.match(s.run?.match ?? '', /^name keypoints/);
    const what = s.projected.map((p) => p.what);
    assert.ok(what.includes('val_batch0_pred.jpg') && what.includes('results.png') && what.includes('model artifact weights/best.pt'));
    assert.ok(!what.includes('train_batch0.jpg'));
    assert.equal(s.projected.find((p) => p.what === 'val_batch0_pred.jpg')?.bytes, 210_000);
    assert.ok(projectedBytes(s) > 1_000_000);
  });

  it('a run of the same time that nothing ties to the training is a candidate until the user picks it', async (t) => {
    const root = tempDir(t);
    const run = ultralyticsRun(root, 'maybe');
    const folder = wandbRunFolder(join(root, 'wandb'), 'cand0001', 'online');
    writeFileSync(join(folder, 'files', 'config.yaml'), 'lr:\n  desc: null\n  value: 0.01\n');
    writeFileSync(join(folder, 'files', 'output.log'), 'epoch 1\n');
    const reader = new EgressReader({ kind: 'training', fs: new LocalFs(root), runDir: run }, { wandbDir: null });
    await reader.sync();
    let s = reader.store.snapshot;
    assert.equal(s.run, null, 'never shown as the run that uploads');
    assert.equal(egressState(s, Date.now()), 'none');
    assert.deepEqual(s.candidates.map((c) => c.dir), [folder]);
    reader.pick(folder);
    await reader.sync();
    s = reader.store.snapshot;
    // Picked for an Ultralytics training: its advice is the Ultralytics line, whatever the run's config names.
    assert.deepEqual([s.run?.id, s.run?.match, s.run?.trainer], ['cand0001', 'picked by you', 'ultralytics']);
    assert.match(egressAdvice(egressState(s, Date.now()), s.run!.trainer, s.stagedBytes), /plots=False/);
    assert.equal(s.stagedBytes, stagedOnDisk(join(folder, 'files')).bytes);
    reader.pick(null);
    await reader.sync();
    assert.equal(reader.store.snapshot.run, null);
  });

  it('no wandb run: state none, and where it looked', async (t) => {
    const root = tempDir(t);
    const run = ultralyticsRun(root, 'solo');
    const s = await read(run, 'training');
    assert.equal(egressState(s, Date.now()), 'none');
    assert.ok(s.lookedIn.some((p) => p.endsWith('wandb')));
  });
});
