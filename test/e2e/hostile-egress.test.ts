// The egress faces against what a stranger or a broken writer can put on disk, through the built
// CLI with a deadline and a peak-RSS ceiling: a .wandb record that never ends, 100,044 staged
// files, and a wandb run planted where others can write.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileVersionRecord } from '../../fixtures/tensorboard/event-writer.js';
import { frameRecords, logChunk, records } from '../../fixtures/wandb/wandb-writer.js';
import { BLOCK, MAX_RECORD_BYTES } from '../../src/sources/wandb/record-log.js';
import { tempDir } from '../helpers/paths.js';
import { runCliMeasured } from '../helpers/run-cli.js';
import { stagedOnDisk } from '../helpers/staged-bytes.js';

const CSV = 'epoch,train/box_loss\n1,0.5\n2,0.4\n';
const ok = (what: string, r: ReturnType<typeof runCliMeasured>, peakMiB: number) => {
  assert.notEqual(r.status, null, `${what}: past its deadline`);
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  assert.ok(r.peakMiB !== null && r.peakMiB < peakMiB, `${what}: peak RSS ${r.peakMiB?.toFixed(0)} MiB, over ${peakMiB}`);
  return r.stdout;
};
const json = (out: string) => JSON.parse(out.split('\n')[0]);
/** Text lines are wrapped to the terminal's width: wide enough that none of those checked is. */
const WIDE = { COLUMNS: '200' };

const chunk = (type: number, len: number) => logChunk(type, Buffer.alloc(len, 0x41));

describe('a .wandb log of one FIRST chunk and 160 MiB of MIDDLE ones', () => {
  it(`skipped as one record over ${MAX_RECORD_BYTES >> 20} MiB, said in --json; --json, --once and audit stay under 130 MiB`, (t) => {
    const wandb = join(tempDir(t), 'wandb');
    const run = join(wandb, 'run-20260101_000000-chain001');
    mkdirSync(join(run, 'files'), { recursive: true });
    const fd = openSync(join(run, 'run-chain001.wandb'), 'w');
    const head = frameRecords([records.header()]);
    writeSync(fd, head);
    writeSync(fd, chunk(2, BLOCK - head.length - 7));
    const blocks = Buffer.concat(Array.from({ length: 256 }, () => chunk(3, BLOCK - 7)));
    for (let i = 0; i < 20; i++) writeSync(fd, blocks);
    // Then whole records again: a stats record and the exit record are read.
    writeSync(fd, frameRecords([records.stats({ cpu: 1 }), records.exit(0)], BLOCK * (1 + 20 * 256)));
    closeSync(fd);
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', wandb], { timeoutMs: 120_000 }), 130));
    assert.deepEqual(j.egress.warnings, [`run-chain001.wandb: oversized-record at byte ${head.length}, skipped`]);
    assert.equal(j.egress.stats_records, 1);
    assert.equal(j.egress.state, 'finished');
    ok('--once', runCliMeasured(['--once', '--no-gpu', wandb], { timeoutMs: 120_000 }), 130);
    ok('audit', runCliMeasured(['audit', wandb], { timeoutMs: 120_000 }), 130);
  });
});

describe('100,044 staged files, past the 100,000-file listing cap', () => {
  // Staged as wandb.save() stages them, links to files of 0 to 52 bytes: each counts with its
  // target's size, and the audit lists links without reading them (hashing 100,000 files would
  // make this test minutes long; test/report covers the audit's hashed rows past the cap).
  it('--once, --json and audit count every file and byte, and say how many are past the cap', (t) => {
    const root = tempDir(t);
    const train = join(root, 'runs', 'detect', 'train');
    mkdirSync(train, { recursive: true });
    writeFileSync(join(train, 'args.yaml'), 'task: detect\nname: train\nsave_dir: runs/detect/train\nepochs: 3\n');
    writeFileSync(join(train, 'results.csv'), CSV);
    const targets = join(root, 'saved');
    mkdirSync(targets);
    for (let size = 0; size < 53; size++) writeFileSync(join(targets, `s${size}`), Buffer.alloc(size, 120));
    const files = join(root, 'wandb', 'run-20260101_000000-abcd1234', 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'config.yaml'), 'save_dir:\n  value: runs/detect/train\ntask:\n  value: detect\n');
    for (let d = 0; d < 101; d++) {
      const dir = join(files, 'saved', `d${String(d).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 1000 && d * 1000 + i < 100_043; i++) symlinkSync(join(targets, `s${((d * 1000 + i) * 7) % 53}`), join(dir, `f${i}.txt`));
    }
    const truth = stagedOnDisk(files);
    assert.equal(truth.files, 100_044);
    const deadline = { cwd: root, timeoutMs: 300_000 };
    const once = ok('--once', runCliMeasured(['--once', '--no-gpu', train], { ...deadline, env: WIDE }), 300);
    assert.match(once, new RegExp(`— ${truth.bytes.toLocaleString('en-US')} B \\([\\d.]+ MB\\) staged for upload in 100044 files;`));
    assert.match(once, /^ {2}44 files, [\d,]+ B \([\d.]+ kB\), past the 100,000-file listing cap: counted in the totals, not listed$/m);
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', train], deadline), 300)).egress;
    assert.deepEqual([j.files, j.staged_bytes, j.unlisted.files, j.unlisted.cap], [100_044, truth.bytes, 44, 100_000]);
    // The audit holds a manifest row per listed file: about 280 MB at the cap, before this change too.
    const audit = ok('audit', runCliMeasured(['audit', train], deadline), 400);
    assert.match(audit, /^ {2}past the cap +44 files .*\(over the 100,000-file listing cap: counted, not listed or hashed\)$/m);
    assert.match(audit, new RegExp(`^ {2}all +100044 files +${truth.bytes.toLocaleString('en-US')} B`, 'm'));
  });
});

describe('a wandb run planted where others can write never confirms a match', () => {
  /** proj/runs/<stage>/train, and a run named like a folder of its path in <base>/wandb, staging 3 MB. */
  function planted(t: Parameters<typeof tempDir>[0], id: string) {
    const base = tempDir(t);
    const train = join(base, 'proj', 'runs', 'detect', 'train');
    mkdirSync(train, { recursive: true });
    writeFileSync(join(train, 'args.yaml'), 'task: detect\nname: train\nepochs: 3\n');
    writeFileSync(join(train, 'results.csv'), CSV);
    const run = join(base, 'wandb', `run-20260101_000000-${id}`);
    mkdirSync(join(run, 'files'), { recursive: true });
    writeFileSync(join(run, 'files', 'stolen.bin'), Buffer.alloc(3_000_000));
    return { base, train, wandb: join(base, 'wandb'), run, cwd: join(base, 'proj') };
  }

  it('a run named `train` in an ancestor wandb/ (the folder\'s own name): no evidence at all', (t) => {
    const p = planted(t, 'train');
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', p.train], { cwd: p.cwd }), 160)).egress;
    assert.deepEqual([j.confirmed, j.staged_bytes, j.candidates.length], [false, 0, 0]);
  });

  it('a run named `detect` (a folder above the training) in a wandb/ anyone may write to: a candidate that says why, in --json, --once and audit', (t) => {
    const p = planted(t, 'detect');
    chmodSync(p.wandb, 0o777);
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', p.train], { cwd: p.cwd }), 160)).egress;
    assert.deepEqual([j.confirmed, j.staged_bytes, j.wandb_run], [false, 0, null]);
    assert.equal(j.candidates[0].caveat, `run id detect in the path, but ${p.wandb} is writable by anyone`);
    const once = ok('--once', runCliMeasured(['--once', '--no-gpu', p.train], { cwd: p.cwd, env: WIDE }), 160);
    assert.match(once, /detect online, started 2026-01-01 00:00 \(not confirmed: run id detect in the path, but \S+ is writable by anyone\)/);
    const audit = ok('audit', runCliMeasured(['audit', p.train], { cwd: p.cwd }), 160);
    assert.match(audit, /\(not confirmed: run id detect in the path, but \S+wandb is writable by anyone\)/);
    // The same folder made safe by its owner: the run confirms.
    chmodSync(p.wandb, 0o755);
    const fixed = json(ok('--json', runCliMeasured(['--json', '--no-gpu', p.train], { cwd: p.cwd }), 160)).egress;
    assert.deepEqual([fixed.confirmed, fixed.staged_bytes, fixed.match], [true, 3_000_000, 'run id detect in the path']);
  });

  it('a stranger\'s wandb/ in a sticky folder like /tmp (chown, as root): a candidate marked with its owner', { skip: process.getuid?.() === 0 ? false : 'not root: chown is not allowed (test/discover/custody.test.ts covers it)' }, (t) => {
    const p = planted(t, 'detect');
    chmodSync(p.base, 0o1777);
    chownSync(p.wandb, 65534, 65534);
    chownSync(p.run, 65534, 65534);
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', p.train], { cwd: p.cwd }), 160)).egress;
    assert.deepEqual([j.confirmed, j.staged_bytes], [false, 0]);
    assert.equal(j.candidates[0].caveat, `run id detect in the path, but ${p.wandb} is owned by uid 65534, the training by uid 0`);
  });

  it('a TensorBoard run under runs/<id>/PPO_1 with that id planted in a wandb/ anyone may write to: named, not confirmed', (t) => {
    const base = tempDir(t);
    const tb = join(base, 'runs', 'k3j2h1g0', 'PPO_1');
    mkdirSync(tb, { recursive: true });
    writeFileSync(join(tb, 'events.out.tfevents.1700000000.box.1.0'), fileVersionRecord(1_700_000_000));
    mkdirSync(join(base, 'wandb', 'run-20260101_000000-k3j2h1g0', 'files'), { recursive: true });
    chmodSync(join(base, 'wandb'), 0o777);
    const once = ok('--once', runCliMeasured(['--once', '--no-gpu', tb], { env: WIDE }), 160);
    assert.match(once, /^wandb run k3j2h1g0 \(online\) names this training \(id in path\) but is not confirmed: \S+wandb is writable by anyone$/m);
    const j = json(ok('--json', runCliMeasured(['--json', '--no-gpu', tb]), 160));
    assert.deepEqual([j.egress.confirmed, j.egress.wandb_run], [false, 'k3j2h1g0']);
  });
});
