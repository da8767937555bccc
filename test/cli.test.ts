import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, SAMPLES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { wandbProject } from './helpers/wandb-project.js';

describe('aigp-watch command line', () => {
  it('--help and --version', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: aigp-watch \[PATH \.\.\.\]/);
    assert.match(help.stdout, /--poll/);
    // Read in a small pane: nothing wraps at 80 columns.
    assert.deepEqual(help.stdout.split('\n').filter((l) => [...l].length > 79), []);
    const version = runCli(['--version']);
    assert.equal(version.status, 0);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });

  it('a bad option or a path that can never be a run exits 2 with a clear message', () => {
    const bad = runCli(['--frobnicate']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown option '--frobnicate'/);
    const interval = runCli(['--poll-interval', 'soon', SAMPLES]);
    assert.equal(interval.status, 2);
    const file = runCli([join(REPO, 'package.json')]);
    assert.equal(file.status, 2);
    assert.match(file.stderr, /neither a results\.csv nor a TensorBoard event file/);
    assert.equal(runCli(['audit', 'a', 'b']).status, 2, 'audit takes one PATH');
    assert.equal(runCli(['--follow', 'a']).status, 2, '--follow goes with --json');
  });

  it('--once with no run anywhere exits 1 and says where it looked', (t) => {
    const dir = tempDir(t);
    const r = runCli(['--once'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no run at or under .*runs or /);
  });

  it('--json on a run folder prints the documented object', () => {
    const r = runCli(['--json', join(SAMPLES, 'rundir_detect')]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j.run), ['path', 'kind', 'task', 'name', 'status', 'last_data_at', 'ended', 'status_reason', 'host']);
    assert.equal(j.run.host, null, 'this machine');
    assert.equal(j.run.kind, 'ultralytics');
    assert.equal(j.run.task, 'detect');
    assert.equal(j.run.name, 'rundir_detect');
    assert.equal(j.progress.epoch, 4);
    assert.equal(j.progress.epochs, 10);
    const s = j.series['metrics/mAP50-95(B)'];
    assert.deepEqual(Object.keys(s), ['count', 'last', 'min', 'max', 'best_epoch']);
    assert.equal(s.count, 4);
    assert.equal(j.series.epoch, undefined);
    assert.deepEqual(j.warnings, []);
  });

  it('--json keeps non-finite values counted, last null', () => {
    const r = runCli(['--json', join(SAMPLES, 'v8.1_detect_crlf_inf_nan.csv')]);
    const j = JSON.parse(r.stdout);
    assert.equal(j.series['train/box_loss'].count, 3);
    assert.equal(j.series['train/box_loss'].max, 1.5, 'inf is not a maximum');
    assert.equal(j.series['lr/pg0'].last, 1);
  });

  it('a pipe gets the plain snapshot without --once; a folder of runs shows the newest', (t) => {
    const root = tempDir(t);
    const runDir = join(root, 'runs', 'detect', 'train3');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'results.csv'), readFileSync(join(SAMPLES, 'v8.0_detect_padded_epoch0.csv')));
    const r = runCli([], { cwd: root });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^runs\/detect\/train3 · /);
    assert.match(r.stdout, /epoch 6 /);
    assert.match(r.stdout, /Losses \(train ━ val ┅\)/);
    assert.match(r.stdout, /metrics\/mAP50-95\(B\)/);
    assert.doesNotMatch(r.stdout, /\x1b/, 'no escape codes in a pipe');
  });

  it('YOLOv5, classify and pose samples all snapshot', () => {
    for (const f of ['yolov5_detect.csv', 'v8.1_classify_padded_epoch1.csv', 'v8.4_pose_time.csv']) {
      const r = runCli(['--once', join(SAMPLES, f)]);
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
      assert.match(r.stdout, /Metrics/);
    }
  });

  it('--once fits $COLUMNS: charts drawn to it, long lines wrapped, the headline kept', () => {
    for (const [columns, f] of [[80, 'v8.4_pose_time.csv'], [60, 'yolov5_detect.csv'], [120, 'v8.1_classify_padded_epoch1.csv']] as const) {
      const r = runCli(['--once', '--no-gpu', join(SAMPLES, f)], { env: { COLUMNS: String(columns) } });
      assert.equal(r.status, 0, r.stderr);
      for (const line of r.stdout.split('\n')) assert.ok([...line].length <= columns, `${f} at ${columns}: ${line}`);
      assert.match(r.stdout.replace(/\n {2}/g, ' '), /best epoch \d+ (· )?(mAP50-95|top1) [\d.]+/, 'the headline, on a wrapped line or not');
    }
  });
});

describe('aigp-watch on TensorBoard runs', () => {
  it('--json on a PPO_N folder: kind tensorboard, progress, per-tag series', async (t) => {
    const { fileVersionRecord, sb3Dump } = await import('../fixtures/tensorboard/event-writer.js');
    const dir = join(tempDir(t), 'tb_apex', 'PPO_1');
    mkdirSync(dir, { recursive: true });
    const t0 = 1_700_000_000;
    writeFileSync(join(dir, `events.out.tfevents.${t0}.box.1.0`), Buffer.concat([fileVersionRecord(t0), ...sb3Dump(0, 2048, t0), ...sb3Dump(1, 2048, t0)]));
    const r = runCli(['--json', '--total-timesteps', '1_000_000', dir]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.run.kind, 'tensorboard');
    assert.equal(j.run.name, 'PPO_1');
    assert.equal(j.progress.step, 4096);
    assert.equal(j.progress.total_timesteps, 1_000_000);
    assert.deepEqual(Object.keys(j.series['rollout/ep_rew_mean']), ['count', 'last', 'last_step', 'min', 'max']);
    assert.equal(j.series['rollout/ep_rew_mean'].count, 2);
    assert.equal(j.series['train/loss'].count, 1);
    assert.equal(j.series['train/loss'].last_step, 4096);
    assert.deepEqual(j.egress, { state: 'none' });
    const text = runCli(['--once', dir]);
    assert.match(text.stdout, /local only — nothing leaves this box/);
    assert.match(text.stdout, /train\/approx_kl/);
  });

  it('a bad --total-timesteps exits 2', () => {
    assert.equal(runCli(['--total-timesteps', 'lots']).status, 2);
  });
});

describe('aigp-watch GPU readings', () => {
  const fakeDir = join(REPO, 'fixtures', 'nvidia-smi');
  const withFake = (mode: string) => ({ PATH: `${fakeDir}:${process.env.PATH}`, FAKE_NVIDIA_SMI: mode });

  it('--json carries every GPU with the values of the CSV line', () => {
    const r = runCli(['--json', join(SAMPLES, 'rundir_detect')], { env: withFake('eight') });
    const j = JSON.parse(r.stdout);
    assert.equal(j.gpu_status, 'ok');
    assert.equal(j.gpus.length, 8);
    // The fake's first interval: GPU i at 66+i °C, 90-i % busy, 70000+100i MiB, 600+i.5 W.
    for (const g of j.gpus) {
      assert.equal(g.temperature_c, 66 + g.index);
      assert.equal(g.utilization_pct, 90 - g.index);
      assert.equal(g.memory_used_mib, 70000 + 100 * g.index);
      assert.equal(g.memory_total_mib, 81559);
      assert.equal(g.power_w, 600.5 + g.index);
      assert.equal(g.power_limit_w, 700);
      assert.deepEqual(g.throttle, []);
      assert.deepEqual(g.processes.map((p: { pid: number }) => p.pid), [Number(`5${g.index}${g.index}${g.index}`)]);
    }
  });

  it('throttle reasons and [N/A] in JSON; the GPU section in text', () => {
    const hot = JSON.parse(runCli(['--json', join(SAMPLES, 'rundir_detect')], { env: withFake('hot') }).stdout);
    assert.deepEqual(hot.gpus[0].throttle, ['sw_power_cap', 'sw_thermal_slowdown', 'hw_thermal_slowdown']);
    const na = JSON.parse(runCli(['--json', join(SAMPLES, 'rundir_detect')], { env: withFake('na') }).stdout);
    assert.equal(na.gpus[0].utilization_pct, null);
    const text = runCli(['--once', join(SAMPLES, 'rundir_detect')], { env: withFake('hot') }).stdout;
    assert.match(text, /GPU: ok/);
    assert.match(text, /alert: GPU 0 at 88 °C/);
  });

  it('no GPU: a clear status, and --no-gpu turns it off', () => {
    const none = JSON.parse(runCli(['--json', join(SAMPLES, 'rundir_detect')], { env: { PATH: dirname(process.execPath) } }).stdout);
    assert.match(none.gpu_status, /no nvidia-smi on this machine/);
    assert.deepEqual(none.gpus, []);
    const off = JSON.parse(runCli(['--json', '--no-gpu', join(SAMPLES, 'rundir_detect')], { env: withFake('one') }).stdout);
    assert.equal(off.gpu_status, 'off (--no-gpu)');
    const garbage = JSON.parse(runCli(['--json', '--gpu-interval', '100', join(SAMPLES, 'rundir_detect')], { env: withFake('garbage') }).stdout);
    assert.match(garbage.gpu_status, /unexpected|no reading/);
  });
});

describe('aigp-watch egress: JSON and audit', () => {
  it('the JSON snapshot of a run carries its egress object', async (t) => {
    const { root, run } = await wandbProject(t);
    const j = JSON.parse(runCli(['--json', '--no-gpu', run], { cwd: root }).stdout);
    assert.deepEqual(Object.keys(j.egress).slice(0, 3), ['state', 'wandb_run', 'wandb_run_dir']);
    assert.equal(j.egress.state, 'finished');
    assert.equal(j.egress.wandb_run, 'abcd1234');
    assert.match(j.egress.match, /^save_dir/);
    assert.equal(j.egress.confirmed, true);
    assert.deepEqual(j.egress.candidates, []);
    assert.equal(j.egress.files, 6);
    assert.equal(j.egress.by_category['training mosaics'], 1000 + 'train_batch0.jpg'.length);
    assert.equal(j.egress.history_rows, 2 + 4);
    assert.equal(j.egress.stats_records, 2);
  });

  it('audit: a manifest with sha256 and sources, totals; --json the same as data', async (t) => {
    const { root, run } = await wandbProject(t);
    const text = runCli(['audit', run], { cwd: root });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /wandb run abcd1234 \(finished\)/);
    assert.match(text.stdout, /media\/images\/results_3_[0-9a-f]{20}\.png\s+results plot\s+1,011\s+3\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+[0-9a-f]{16}\s+results\.png/);
    assert.match(text.stdout, /all\s+6 files/);
    const j = JSON.parse(runCli(['audit', '--json', run], { cwd: root }).stdout);
    assert.equal(j.files.length, 6);
    assert.equal(j.staged_bytes, j.files.reduce((n: number, f: { bytes: number }) => n + f.bytes, 0));
    assert.ok(j.files.every((f: { sha256: string }) => /^[0-9a-f]{64}$/.test(f.sha256)));
    assert.ok(j.files.every((f: { kind: string; target: string | null }) => f.kind === 'file' && f.target === null));
    assert.ok(j.files.every((f: { staged: string }) => !Number.isNaN(Date.parse(f.staged))), 'when each was staged');
    assert.equal(j.confirmed, true);
    assert.equal(runCli(['audit'], { cwd: root }).status, 2);
  });

  it('PATH may be the wandb folder itself', async (t) => {
    const { root } = await wandbProject(t);
    const j = JSON.parse(runCli(['--json', '--no-gpu', join(root, 'wandb')]).stdout);
    assert.equal(j.run.kind, 'wandb');
    assert.equal(j.egress.wandb_run, 'abcd1234');
    assert.equal(j.egress.match, 'standalone (newest run of the folder)');
  });
});

describe('several PATHs', () => {
  it('JSON: one object per run under "runs"; text: each run’s line, then the runs compared on one chart per metric', () => {
    const args = [join(SAMPLES, 'rundir_detect'), join(SAMPLES, 'yolov5_detect.csv')];
    const j = JSON.parse(runCli(['--json', '--no-gpu', ...args]).stdout);
    assert.deepEqual(j.runs.map((r: { run: { name: string } }) => r.run.name), ['rundir_detect', 'yolov5_detect.csv']);
    const text = runCli(['--once', '--no-gpu', ...args], { env: { COLUMNS: '100' } }).stdout;
    assert.match(text, /^comparing 2 runs/);
    assert.match(text, /^rundir_detect · /m);
    assert.match(text, /^yolov5_detect\.csv · /m);
    assert.match(text, /^ ?box [\d.]+\/[\d.]+/m, 'one box-loss chart, both runs’ last values in its title');
    assert.equal(text.match(/^Losses/gm)?.length, 1, 'the runs share their charts');
  });
});
